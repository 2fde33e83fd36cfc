"""The read side (``store/reading.py``): a scan read without every page renders the same report
and JSON as the full ``load_scan``, on both backends, and holds only what a report needs."""

from __future__ import annotations

import json
from dataclasses import replace

from scanner.demo.sample import sample_scan
from scanner.models import (
    FetchError,
    FetchErrorKind,
    Fingerprint,
    PageRecord,
    ScanResult,
    Site,
    SiteStatus,
    Verdict,
)
from scanner.output import scan_to_json
from scanner.report import render_html, render_markdown
from scanner.store import Store

PENDING = Site(
    url="https://ppid.kabcontoh.go.id/",
    name="PPID Kabupaten Contoh",
    owner="Diskominfo Kabupaten Contoh",
)


def _record(store: Store, scan: ScanResult) -> int:
    """Record ``scan`` as the pipeline would, plus a site whose result never came (its pages
    were recorded as fetched, then the scan stopped)."""
    sites = [s.site for s in scan.sites]
    scan_id = store.begin_scan(scan.started, scan.scanner_version, [*sites, PENDING])
    fp = Fingerprint(body_sha256="ab" * 32, main_text="Selamat datang di portal resmi " * 40)
    for result in scan.sites:
        pages = tuple(  # as the pipeline records them: a failed page's verdict is error
            replace(p, fingerprint=fp) if p.error is None else replace(p, verdict=Verdict.ERROR)
            for p in result.pages
        )
        store.record_site_result(scan_id, replace(result, pages=pages))
    store.record_pages(
        scan_id,
        PENDING.url,
        [
            PageRecord(url=PENDING.url, final_url=PENDING.url, status=200, tls_verified=False),
            PageRecord(
                url=f"{PENDING.url}unduh/",
                final_url=f"{PENDING.url}unduh/",
                status=None,
                error=FetchError(FetchErrorKind.CONNECTION, "connection reset by peer"),
            ),
        ],
    )
    assert scan.finished is not None
    store.finish_scan(scan_id, scan.finished, complete=False)
    return scan_id


def test_read_scan_is_load_scan_made_lean(store: Store) -> None:
    scan_id = _record(store, sample_scan())
    full = store.load_scan(scan_id)
    lean = store.read_scan(scan_id)
    assert lean.sites == tuple(s.lean() for s in full.sites)
    assert [s.pages_crawled for s in lean.sites] == [s.pages_crawled for s in full.sites]
    assert [s.tls_unverified for s in lean.sites] == [s.tls_unverified for s in full.sites]
    pending = lean.sites[-1]
    assert pending.status is SiteStatus.ERROR and not pending.complete
    assert pending.tls_unverified == 1 and pending.pages_crawled == 1
    # Only what a report lists: the clean pages of a site without incidents are counted, not held.
    dpm = next(s for s in lean.sites if s.site.host == "dpmptsp.contohkab.go.id")
    assert dpm.pages_crawled == 120 and len(dpm.pages) == 2
    assert all(p.fingerprint is None for s in lean.sites for p in s.pages)
    # A site with incidents keeps its page URLs: the remediation steps name its CMS from them.
    dinkes = next(s for s in lean.sites if s.site.host == "dinkes.contohkab.go.id")
    assert len(dinkes.pages) == 180


def test_the_report_and_json_of_the_read_side_equal_the_full_ones(store: Store) -> None:
    scan_id = _record(store, sample_scan())
    full = store.load_scan(scan_id)
    lean = store.read_scan(scan_id)
    assert json.dumps(scan_to_json(lean)) == json.dumps(scan_to_json(full))
    for lang in ("id", "en"):
        assert render_html(lean, lang) == render_html(full, lang)
        assert render_markdown(lean, lang) == render_markdown(full, lang)


def test_batches_keep_the_order_and_every_site(store: Store) -> None:
    scan_id = _record(store, sample_scan())
    one_by_one = list(store.iter_site_results(scan_id, batch=1))
    assert tuple(one_by_one) == store.read_scan(scan_id).sites
    assert [s.site.url for s in one_by_one][-1] == PENDING.url


def test_scan_counts_come_from_sql(store: Store) -> None:
    scan_id = _record(store, sample_scan())
    counts = store.scan_counts(scan_id)
    full = store.load_scan(scan_id)
    assert counts.sites == 7
    assert counts.by_status == {"ok": 5, "unreachable": 1, "pending": 1}
    assert counts.pages == sum(len(s.pages) for s in full.sites)
    assert counts.pages_crawled == sum(s.pages_crawled for s in full.sites)
    assert sum(counts.open_by_severity.values()) == len(full.open_incidents)


def test_a_pruned_scan_reads_back_with_its_recorded_page_counts(store: Store) -> None:
    first = _record(store, sample_scan())
    before = store.read_scan(first)
    _record(store, sample_scan())
    assert store.prune_pages(keep=1).pages_deleted > 0
    after = store.read_scan(first)
    # Every recorded site renders as before; a site whose result never came has only its
    # page rows to count, and prune took the clean one.
    recorded = slice(0, -1)
    assert [s.pages_crawled for s in after.sites[recorded]] == [
        s.pages_crawled for s in before.sites[recorded]
    ]
    assert json.dumps(scan_to_json(replace(after, sites=after.sites[recorded]))) == json.dumps(
        scan_to_json(replace(before, sites=before.sites[recorded]))
    )
