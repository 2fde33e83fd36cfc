"""Monitoring the monitor: a Prometheus textfile for node_exporter's textfile collector.

After each scan ``write_metrics`` writes ``metrics_file`` (``[scan] metrics_file``), e.g.
``/var/lib/node_exporter/textfile_collector/scanner.prom``. An alert rule on
``time() - scanner_last_success_timestamp_seconds`` catches a cron job that stopped running or
keeps failing; the others say what the last scan saw. Every metric is a gauge::

    scanner_last_run_timestamp_seconds      when the last scan started
    scanner_last_success_timestamp_seconds  when the last *successful* scan started
    scanner_last_run_success                1 when the last scan succeeded, else 0
    scanner_last_run_duration_seconds       how long it took
    scanner_last_run_complete               1 when it finished (not stopped, every page analysed)
    scanner_sites{status="ok|unreachable|error"}  sites of the last scan by outcome
    scanner_sites_unreachable               sites the last scan could not see
    scanner_pages_crawled                   pages fetched with an answer
    scanner_open_incidents{severity=...}    open incidents by severity (every severity listed)
    scanner_new_incidents                   incidents new in the last scan

A scan *succeeds* when it finished, saw at least one site and its state was recorded; a failed
scan keeps the previous ``scanner_last_success_timestamp_seconds`` (read back from the file).
The file is written atomically (a temporary file in the same directory, then a rename), so the
collector never reads half of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from scanner.errors import ReportError
from scanner.files import write_text
from scanner.models import Change, ScanResult, Severity, SiteStatus

_LAST_SUCCESS = "scanner_last_success_timestamp_seconds"
_VALUE = re.compile(rf"^{_LAST_SUCCESS}\s+([0-9.eE+-]+)\s*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Metric:
    """One gauge sample: name, labels, value, and the HELP line of its family."""

    name: str
    value: float
    help: str
    labels: tuple[tuple[str, str], ...] = ()


def succeeded(result: ScanResult) -> bool:
    """Finished, saw at least one site, and recorded: the monitor did its job."""
    saw = any(s.status == SiteStatus.OK for s in result.sites)
    return result.complete and saw and not result.record_error


def scan_metrics(result: ScanResult, last_success: float | None = None) -> list[Metric]:
    """The metrics of ``result``; ``last_success`` is kept when this scan did not succeed."""
    started = result.started.timestamp()
    ok = succeeded(result)
    if ok:
        last_success = started
    duration = (result.finished - result.started).total_seconds() if result.finished else 0.0
    metrics = [
        Metric("scanner_last_run_timestamp_seconds", started, "Start of the last scan."),
        Metric("scanner_last_run_success", float(ok), "1 when the last scan succeeded."),
        Metric("scanner_last_run_duration_seconds", duration, "Duration of the last scan."),
        Metric(
            "scanner_last_run_complete", float(result.complete), "1 when the last scan finished."
        ),
    ]
    if last_success is not None:
        metrics.append(Metric(_LAST_SUCCESS, last_success, "Start of the last successful scan."))
    for status in SiteStatus:
        count = sum(1 for s in result.sites if s.status == status)
        label = (("status", status.value),)
        metrics.append(Metric("scanner_sites", count, "Sites of the last scan by outcome.", label))
    unreachable = sum(1 for s in result.sites if s.status != SiteStatus.OK)
    metrics.append(
        Metric("scanner_sites_unreachable", unreachable, "Sites the last scan could not see.")
    )
    pages = sum(s.pages_crawled for s in result.sites)
    metrics.append(Metric("scanner_pages_crawled", pages, "Pages fetched in the last scan."))
    open_ = result.open_incidents
    for severity in Severity:
        count = sum(1 for i in open_ if i.severity is severity)
        metrics.append(
            Metric(
                "scanner_open_incidents",
                count,
                "Open incidents by severity.",
                (("severity", severity.value),),
            )
        )
    new = sum(1 for i in open_ if i.change is Change.NEW)
    metrics.append(Metric("scanner_new_incidents", new, "Incidents new in the last scan."))
    return metrics


def render(metrics: list[Metric]) -> str:
    """The Prometheus text exposition format (HELP and TYPE once per family)."""
    lines: list[str] = []
    seen: set[str] = set()
    for m in metrics:
        if m.name not in seen:
            seen.add(m.name)
            lines += [f"# HELP {m.name} {m.help}", f"# TYPE {m.name} gauge"]
        labels = ",".join(f'{k}="{_escape(v)}"' for k, v in m.labels)
        value = _number(m.value)
        lines.append(f"{m.name}{{{labels}}} {value}" if labels else f"{m.name} {value}")
    return "\n".join(lines) + "\n"


def _number(value: float) -> str:
    """Integers without a fraction; timestamps keep every digit (``:g`` would round them)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def previous_success(path: Path) -> float | None:
    """``scanner_last_success_timestamp_seconds`` from an earlier file (None if none)."""
    try:
        match = _VALUE.search(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    return float(match.group(1)) if match else None


def write_metrics(result: ScanResult, path: str | Path) -> Path:
    """Write the textfile for ``result`` at ``path`` atomically; ReportError if it cannot."""
    target = Path(path)
    text = render(scan_metrics(result, previous_success(target)))
    try:
        write_text(target, text, mode=0o644, sync=True)  # node_exporter runs as another user
    except OSError as exc:
        raise ReportError(f"{target}: cannot write the metrics file: {exc}") from exc
    return target
