"""Monitoring the monitor: the Prometheus textfile node_exporter's textfile collector reads."""

from __future__ import annotations

import dataclasses
import stat
from pathlib import Path

from scanner.api import run_scan_async
from scanner.demo.world import World
from scanner.metrics import write_metrics
from scanner.models import Change, ScanResult, Severity, SiteResult, SiteStatus
from tests.pipeline.support import serve_logged, settings_for, sites_of
from tests.report.builders import START, incident, ok, scan, site

DINKES = site("dinkes.contohkab.go.id", "Dinas Kesehatan")
BAPENDA = site("bapenda.contohkab.go.id", "Badan Pendapatan Daerah")
MATI = site("mati.contohkab.go.id", "Situs yang mati")


def samples(path: Path) -> dict[str, float]:
    """``name{labels}`` -> value, the way a scraper reads the file (comments skipped)."""
    out: dict[str, float] = {}
    for line in path.read_text().splitlines():
        if line and not line.startswith("#"):
            name, _sep, value = line.rpartition(" ")
            out[name] = float(value)
    return out


def nightly() -> ScanResult:
    down = SiteResult(site=MATI, status=SiteStatus.UNREACHABLE, error="dns: NXDOMAIN")
    return scan(
        ok(DINKES, incident(DINKES.host, severity=Severity.CRITICAL)),
        ok(BAPENDA, incident(BAPENDA.host, severity=Severity.HIGH, change=Change.ONGOING)),
        down,
    )


def test_the_textfile_says_what_the_last_scan_saw(tmp_path: Path) -> None:
    path = write_metrics(nightly(), tmp_path / "textfile" / "scanner.prom")
    got = samples(path)
    assert got["scanner_last_run_success"] == 1
    assert got["scanner_last_success_timestamp_seconds"] == START.timestamp()
    assert got["scanner_last_run_timestamp_seconds"] == START.timestamp()
    assert got["scanner_last_run_duration_seconds"] == 200
    assert got['scanner_open_incidents{severity="critical"}'] == 1
    assert got['scanner_open_incidents{severity="high"}'] == 1
    assert got['scanner_open_incidents{severity="low"}'] == 0  # every severity is listed
    assert got["scanner_new_incidents"] == 1
    assert got["scanner_sites_unreachable"] == 1
    assert got['scanner_sites{status="ok"}'] == 2
    assert got["scanner_pages_crawled"] == 6
    text = path.read_text()
    assert text.count("# TYPE scanner_open_incidents gauge") == 1
    # Readable by node_exporter's user; nothing left behind by the atomic write.
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [p.name for p in path.parent.iterdir()] == ["scanner.prom"]


def test_a_failed_scan_keeps_the_last_success_time(tmp_path: Path) -> None:
    path = tmp_path / "scanner.prom"
    write_metrics(nightly(), path)
    later = START.replace(day=START.day + 1)
    blind = dataclasses.replace(
        scan(SiteResult(site=MATI, status=SiteStatus.UNREACHABLE, error="dns: NXDOMAIN")),
        started=later,
        finished=later,
    )
    got = samples(write_metrics(blind, path))
    assert got["scanner_last_run_success"] == 0
    assert got["scanner_last_run_timestamp_seconds"] == later.timestamp()
    assert got["scanner_last_success_timestamp_seconds"] == START.timestamp()
    interrupted = dataclasses.replace(nightly(), complete=False, started=later)
    assert samples(write_metrics(interrupted, path))["scanner_last_run_success"] == 0


async def test_a_scan_writes_the_configured_textfile(demo: World, tmp_path: Path) -> None:
    async with serve_logged(demo) as (port, _log):
        settings = dataclasses.replace(
            settings_for(demo, port),
            state=str(tmp_path / "s.db"),
            reports_dir=str(tmp_path / "reports"),
            metrics_file=str(tmp_path / "scanner.prom"),
        )
        clean = next(s for s in sites_of(demo) if "kabsukamaju" in s.url)
        outputs = await run_scan_async([clean], settings)
    got = samples(tmp_path / "scanner.prom")
    assert got["scanner_last_run_success"] == 1
    assert got["scanner_pages_crawled"] == outputs.result.sites[0].pages_crawled > 0
