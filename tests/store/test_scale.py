"""The store at national size: bulk begin, the seq index, and the largest-first ordering input."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from scanner.models import PageRecord, Site, SiteResult, SiteStatus
from scanner.store import Store

T0 = datetime(2026, 12, 1, 19, 0, tzinfo=UTC)

BANDARA = Site(url="https://bandara.dephub.go.id/", name="Bandar Udara", owner="Kemenhub")
LAMPUNG = Site(url="https://bandarlampungkota.go.id/", name="Pemkot Bandar Lampung")
DESA = Site(url="https://desa-sukamaju.kab-garut.go.id/", name="Desa Sukamaju")


def _page(url: str) -> PageRecord:
    return PageRecord(url=url, final_url=url, status=200, size=1000)


def test_begin_scan_keeps_the_order_given_and_a_repeated_site_once(state: str) -> None:
    with Store.open(state, clock=lambda: T0) as store:
        scan_id = store.begin_scan(T0, "t", [LAMPUNG, BANDARA, LAMPUNG, DESA])
        store.finish_scan(scan_id, T0, False)
        loaded = store.load_scan(scan_id)
    assert [s.site.url for s in loaded.sites] == [LAMPUNG.url, BANDARA.url, DESA.url]
    assert all(s.status is SiteStatus.ERROR and not s.complete for s in loaded.sites)


def test_the_next_seq_of_a_scan_is_an_index_probe(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        plan = store._conn.execute(  # the query _ensure_site_result runs for every page flush
            "EXPLAIN QUERY PLAN SELECT COALESCE(MAX(seq) + 1, 0) FROM site_results"
            " WHERE scan_id = 1"
        ).fetchall()
    assert any("site_results_scan_seq" in str(tuple(row)) for row in plan), plan


def test_record_pages_for_a_site_not_in_begin_appends_it_last(state: str) -> None:
    with Store.open(state, clock=lambda: T0) as store:
        scan_id = store.begin_scan(T0, "t", [BANDARA, LAMPUNG])
        store.record_pages(scan_id, DESA.url, [_page(DESA.url)])
        loaded = store.load_scan(scan_id)
    assert [s.site.url for s in loaded.sites] == [BANDARA.url, LAMPUNG.url, DESA.url]


def test_last_page_counts_come_from_each_sites_latest_recorded_result(state: str) -> None:
    with Store.open(state, clock=lambda: T0) as store:
        first = store.begin_scan(T0, "t", [BANDARA, LAMPUNG])
        pages = tuple(_page(f"{BANDARA.url}berita/{i}") for i in range(3))
        store.record_site_result(first, SiteResult(BANDARA, SiteStatus.OK, pages=pages))
        store.record_site_result(
            first, SiteResult(LAMPUNG, SiteStatus.OK, pages=(_page(LAMPUNG.url),))
        )
        store.finish_scan(first, T0, True)
        second = store.begin_scan(T0, "t", [BANDARA, LAMPUNG, DESA])
        store.record_site_result(
            second, SiteResult(LAMPUNG, SiteStatus.OK, pages=(_page(LAMPUNG.url),))
        )
        # BANDARA is still pending in the second scan: its count is the first scan's.
        counts = store.last_page_counts()
    assert counts == {BANDARA.url: 3, LAMPUNG.url: 1}
