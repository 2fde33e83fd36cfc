"""``state prune --keep N``: old scans lose their clean page rows, never what is still read.

Run on both backends (the ``store`` fixture). Two sites over five nights: the health office
(DINKES) is scanned fine every night, with a gambling injection on one page the first night;
the Bandar Lampung revenue office (BAPENDA) answered only the first night, so that night holds
its last good fingerprints. The health office's baseline was taken from night 1; night 2 is a
queued scan whose jobs are still running.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scanner.cli import app
from scanner.errors import StoreError
from scanner.models import (
    Category,
    FetchError,
    Finding,
    Fingerprint,
    PageVerdict,
    Severity,
    SiteResult,
    SiteStatus,
    Technique,
    Verdict,
)
from scanner.store import Store
from tests.store.test_store import BAPENDA, DAY, DINKES, T0, gambling_incident, page

NEWS = DINKES.url + "berita/2024/04/vaksinasi-polio"
SLOT = DINKES.url + "layanan/jadwal-slot-vaksinasi"  # "slot" = a time slot, not gambling
PAJAK = BAPENDA.url + "layanan/pajak-kendaraan"


def _print(text: str) -> Fingerprint:
    return Fingerprint(body_sha256=text[:1].encode().hex() * 32, title=text)


def _dinkes(store: Store, scan_id: int, night: int, infected: bool = False) -> None:
    pages = [
        page(DINKES.url, fingerprint=_print(f"Beranda {night}")),
        page(SLOT, fingerprint=_print(f"Jadwal slot {night}")),
    ]
    verdicts = [PageVerdict(DINKES.url, Verdict.CLEAN), PageVerdict(SLOT, Verdict.CLEAN)]
    incidents: tuple[object, ...] = ()
    if infected:
        finding = Finding(
            category=Category.GAMBLING,
            technique=Technique.HIDDEN_LINKS,
            severity=Severity.HIGH,
            confidence=0.92,
            url=NEWS,
            summary="Tautan judi online tersembunyi",
            evidence=gambling_incident().evidence,
        )
        pages.append(page(NEWS, verdict=Verdict.INFECTED, fingerprint=_print("Vaksinasi")))
        verdicts.append(PageVerdict(NEWS, Verdict.INFECTED, findings=(finding,)))
        incidents = store.sync_incidents(scan_id, DINKES.url, [gambling_incident()], T0).incidents
    store.record_site_result(
        scan_id,
        SiteResult(
            site=DINKES,
            status=SiteStatus.OK,
            pages=tuple(pages),
            verdicts=tuple(verdicts),
            incidents=incidents,  # type: ignore[arg-type]
        ),
    )


def _bapenda(store: Store, scan_id: int, answered: bool) -> None:
    if answered:
        result = SiteResult(
            site=BAPENDA,
            status=SiteStatus.OK,
            pages=(
                page(BAPENDA.url, fingerprint=_print("Bapenda Bandar Lampung")),
                page(PAJAK, fingerprint=_print("Pajak kendaraan")),
            ),
            verdicts=(PageVerdict(BAPENDA.url, Verdict.CLEAN), PageVerdict(PAJAK, Verdict.CLEAN)),
        )
    else:
        down = page(BAPENDA.url, status=None, error=FetchError("timeout", "timed out"))
        result = SiteResult(
            site=BAPENDA,
            status=SiteStatus.UNREACHABLE,
            complete=False,
            error="timeout: timed out",
            pages=(replace(down, verdict=Verdict.ERROR),),
        )
    store.record_site_result(scan_id, result)


def _nights(store: Store) -> list[int]:
    """Five scans: ids of nights 0..4 (night 2 queued and still open)."""
    ids = []
    for night in range(5):
        when = T0 + night * DAY
        if night == 2:
            scan_id = store.begin_queued_scan(
                when, "0.1.0", [DINKES, BAPENDA], "2024-05-03", lambda _id: 2
            )
        else:
            scan_id = store.begin_scan(when, "0.1.0", [DINKES, BAPENDA])
        _dinkes(store, scan_id, night, infected=night == 0)
        _bapenda(store, scan_id, answered=night == 0)
        if night != 2:
            store.finish_scan(scan_id, when, complete=True)
        if night == 1:
            store.save_baseline(DINKES.url, {DINKES.url: _print("Beranda 1")}, scan_id, "auto")
        ids.append(scan_id)
    return ids


def _pages(store: Store, scan_id: int) -> dict[str, list[str]]:
    return {s.site.url: [p.url for p in s.pages] for s in store.load_scan(scan_id).sites}


def test_prune_keeps_what_is_still_read(store: Store) -> None:
    ids = _nights(store)
    before = {i: store.load_scan(i) for i in ids}
    prints = {s.url: store.last_fingerprints(s.url) for s in (DINKES, BAPENDA)}

    done = store.prune_pages(1, chunk=1)  # one site per transaction

    assert done.scans_kept == (ids[2], ids[4])  # open queued, last
    assert done.scans_pruned == 3
    # Night 1: the health office's baseline came from it; the revenue office was down.
    assert _pages(store, ids[1]) == {DINKES.url: [DINKES.url, SLOT], BAPENDA.url: [BAPENDA.url]}
    assert store.load_scan(ids[1]) == before[ids[1]]
    # Night 0: the health office keeps only its infected page and that page's verdict with
    # its finding; the revenue office's pages stay whole (its last good fingerprints).
    night0 = store.load_scan(ids[0])
    dinkes0 = next(s for s in night0.sites if s.site.url == DINKES.url)
    assert [p.url for p in dinkes0.pages] == [NEWS]
    assert [(v.url, len(v.findings)) for v in dinkes0.verdicts] == [(NEWS, 1)]
    assert dinkes0.incidents == before[ids[0]].sites[0].incidents  # the snapshot stays
    assert _pages(store, ids[0])[BAPENDA.url] == [BAPENDA.url, PAJAK]
    # Night 3: the health office's clean pages went; the revenue office's failed page stays.
    assert _pages(store, ids[3]) == {DINKES.url: [], BAPENDA.url: [BAPENDA.url]}
    assert done.pages_deleted == 2 + 2 and done.verdicts_deleted == 2 + 2
    # The kept scans read back exactly as before; so do the fingerprints the scanner reads.
    for kept in done.scans_kept:
        assert store.load_scan(kept) == before[kept]
    assert {s.url: store.last_fingerprints(s.url) for s in (DINKES, BAPENDA)} == prints
    # Site results (and their page counts) are never touched.
    assert [(s.site.url, s.status) for s in store.load_scan(ids[3]).sites] == [
        (s.site.url, s.status) for s in before[ids[3]].sites
    ]
    again = store.prune_pages(1)
    assert (again.pages_deleted, again.verdicts_deleted) == (0, 0)


def test_prune_keeps_at_least_the_last_scan(store: Store) -> None:
    with pytest.raises(StoreError, match="at least the last scan"):
        store.prune_pages(0)


def test_keep_more_than_there_are_scans_deletes_nothing(store: Store) -> None:
    ids = _nights(store)
    done = store.prune_pages(10)
    assert done.scans_kept == tuple(ids) and done.pages_deleted == 0


def test_cli_state_prune(tmp_path: Path) -> None:
    state = tmp_path / "state" / "scanner.db"
    with Store.open(state) as store:
        _nights(store)
    out = CliRunner().invoke(app, ["state", "prune", "--keep", "1", "--state", str(state)])
    assert out.exit_code == 0, out.output
    assert "4 page row(s) and 4 verdict row(s) deleted from 3 older scan(s)" in out.output
    assert "2 scan(s) kept whole" in out.output
    missing = CliRunner().invoke(
        app, ["state", "prune", "--keep", "1", "--state", str(state.with_name("typo.db"))]
    )
    assert missing.exit_code == 3 and not state.with_name("typo.db").exists()
