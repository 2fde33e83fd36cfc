"""end_scan: the one rule for when a scan is complete, shared by every way of running one."""

from __future__ import annotations

from datetime import UTC, datetime

from scanner.models import Site, SiteResult, SiteStatus
from scanner.pipeline import NullRecorder, end_scan

T0 = datetime(2026, 12, 1, 19, 0, tzinfo=UTC)
T1 = datetime(2026, 12, 1, 19, 42, tzinfo=UTC)


class Finishes(NullRecorder):
    """Remembers how the scan was finished."""

    def __init__(self) -> None:
        self.finished: list[tuple[datetime, bool]] = []

    def finish(self, finished: datetime, complete: bool) -> None:
        self.finished.append((finished, complete))


def result(host: str, status: SiteStatus = SiteStatus.OK, complete: bool = True) -> SiteResult:
    return SiteResult(site=Site(url=f"https://{host}/"), status=status, complete=complete)


def close(sites: tuple[SiteResult, ...], interrupted: bool = False) -> tuple[bool, Finishes]:
    recorder = Finishes()
    scan = end_scan(recorder, lambda: T1, 7, T0, sites, interrupted=interrupted)
    assert (scan.id, scan.started, scan.finished, scan.sites) == (7, T0, T1, sites)
    assert recorder.finished == [(T1, scan.complete)]
    return scan.complete, recorder


def test_every_site_in_full_is_a_complete_scan() -> None:
    assert close((result("dinkes.sukamajukab.go.id"), result("disdik.sukamajukab.go.id")))[0]


def test_an_unreachable_site_is_no_gap_in_the_scan() -> None:
    down = result("bandarlampungkota.go.id", SiteStatus.UNREACHABLE, complete=False)
    assert close((result("dinkes.sukamajukab.go.id"), down))[0]


def test_a_site_cut_short_or_an_interruption_makes_it_incomplete() -> None:
    cut = result("bappeda.sukamajukab.go.id", complete=False)
    assert not close((result("dinkes.sukamajukab.go.id"), cut))[0]
    assert not close((result("dinkes.sukamajukab.go.id"),), interrupted=True)[0]
    failed = result("jdih.sukamajukab.go.id", SiteStatus.ERROR, complete=False)
    assert not close((failed,))[0]


def test_the_record_error_is_carried() -> None:
    scan = end_scan(
        NullRecorder(), lambda: T1, 1, T0, (), interrupted=False, record_error="OSError: full"
    )
    assert scan.record_error == "OSError: full" and scan.complete
