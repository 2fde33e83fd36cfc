"""``scanner status``: the queued scan's progress and, from SQL, its pages and open incidents by
severity; without a queued scan, the last scan the same way (issue 10, national size)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from typer.testing import CliRunner

from scanner.cli import app
from scanner.demo.sample import sample_scan
from scanner.models import ScanResult
from scanner.store import Store

runner = CliRunner()
NIGHT = datetime(2026, 12, 1, 19, 0, tzinfo=UTC)


def _record(store: Store, scan: ScanResult, *, queued: bool) -> int:
    sites = [s.site for s in scan.sites]
    if queued:
        scan_id = store.begin_queued_scan(NIGHT, "t", sites, "2026-12-01", lambda _id: len(sites))
    else:
        scan_id = store.begin_scan(NIGHT, "t", sites)
    for result in scan.sites[:-1]:  # the last site is still pending
        store.record_site_result(scan_id, result)
    return scan_id


def _expected(scan: ScanResult) -> tuple[int, dict[str, int]]:
    recorded = replace(scan, sites=scan.sites[:-1])
    by: dict[str, int] = {}
    for incident in recorded.open_incidents:
        by[incident.severity.value] = by.get(incident.severity.value, 0) + 1
    return sum(s.pages_crawled for s in recorded.sites), by


def test_status_of_a_queued_scan_adds_pages_and_open_incidents_by_severity(
    tmp_path: Path,
) -> None:
    scan = sample_scan()
    state = str(tmp_path / "s.db")
    with Store.open(state) as store:
        scan_id = _record(store, scan, queued=True)
    out = runner.invoke(app, ["status", "--state", state])
    assert out.exit_code == 0, out.output
    first, second = out.output.splitlines()
    n = len(scan.sites)
    assert first.startswith(f"scan {scan_id} (night 2026-12-01, open): {n - 1}/{n} site(s) done")
    crawled, by = _expected(scan)
    assert by, "the sample has open incidents"
    assert f"pages: {crawled} crawled" in second
    detail = ", ".join(f"{k} {v}" for k, v in by.items())
    assert f"open incidents: {sum(by.values())} (" in second
    for severity, count in by.items():
        assert f"{severity} {count}" in second, (detail, second)
    # worst first: critical before anything else
    if "critical" in by and "low" in by:
        assert second.index("critical") < second.index("low")


def test_status_without_a_queued_scan_shows_the_last_scan(tmp_path: Path) -> None:
    state = str(tmp_path / "s.db")
    empty = runner.invoke(app, ["status", "--state", state])
    assert empty.exit_code == 0 and empty.output.strip() == "no queued scan"
    scan = sample_scan()
    with Store.open(state) as store:
        scan_id = _record(store, scan, queued=False)
        store.finish_scan(scan_id, NIGHT, False)
    out = runner.invoke(app, ["status", "--state", state])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[0] == "no queued scan"
    assert lines[1].startswith(f"last scan {scan_id} (INCOMPLETE): {len(scan.sites)} site(s): ")
    assert "1 pending" in lines[1]
    crawled, by = _expected(scan)
    assert f"pages: {crawled} crawled" in lines[2]
    assert f"open incidents: {sum(by.values())} (" in lines[2]
    missing = runner.invoke(app, ["status", "999", "--state", state])
    assert missing.exit_code != 0 and "no scan 999" in missing.output
