"""The finish step of a scan: its JSON, HTML report and metrics, rendered from the state DB.

The end of ``scanner scan``, ``scanner scan --finish`` (the queued scan) and ``scanner report``
all render what was recorded, read through ``Store.read_scan`` (``scanner.store.reading``):
every site, without the clean pages' rows, fingerprints or findings, so a national night
(40k-450k sites) is rendered in a memory flat in the number of pages. The JSON is written a site
at a time (``write_scan_json``), byte for byte the document ``scan_to_json`` describes.

- ``shown``: the incidents at or above ``report.min_severity`` (report, mail, exit code).
- ``read_for_report``: the scan as the outputs need it, with its WARC evidence records.
- ``write_outputs``: JSON (when asked), metrics and the HTML report of a read scan.
- ``render_stored_report``: ``scanner report`` (a stored scan in any ``--format``).
"""

from __future__ import annotations

import dataclasses
import io
import json
import logging
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from scanner.config import Settings
from scanner.errors import ReportError, StoreError
from scanner.files import copy_into_place, replacing
from scanner.models import ScanResult, Severity, SiteResult
from scanner.output import SCHEMA_VERSION, site_to_json
from scanner.store import Store

if TYPE_CHECKING:
    from scanner.report.formats import OutputFormat

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WrittenOutputs:
    """The files the finish step wrote for a scan."""

    json_path: Path | None = None
    report_paths: tuple[Path, ...] = ()


def shown(result: ScanResult, settings: Settings) -> ScanResult:
    """``result`` with the incidents below ``report.min_severity`` left out: what the report,
    the mail and the exit code consider (the state DB and the JSON keep everything)."""
    floor = Severity(settings.min_severity).rank
    if floor == 0:
        return result
    return dataclasses.replace(
        result,
        sites=tuple(
            dataclasses.replace(
                s,
                incidents=tuple(i for i in s.incidents if i.severity.rank >= floor),
                resolved=tuple(i for i in s.resolved if i.severity.rank >= floor),
            )
            for s in result.sites
        ),
    )


def read_for_report(
    store: Store, scan_id: int | None, settings: Settings, ran: ScanResult | None = None
) -> ScanResult:
    """The scan (``None``: the latest) as the outputs need it: lean sites from the store, with
    their evidence records: those of ``ran`` (the scan this process just ran: its recorder
    listed what it wrote), else those of the WARC index files kept beside the state."""
    result = store.read_scan(scan_id)
    if ran is not None:
        kept = {s.site.url: s.evidence for s in ran.sites if s.evidence}
        return dataclasses.replace(
            result,
            sites=tuple(
                dataclasses.replace(s, evidence=kept[s.site.url]) if s.site.url in kept else s
                for s in result.sites
            ),
        )
    if store.path == ":memory:" and not settings.evidence.dir:
        return result  # no evidence is kept for an in-memory state
    from scanner.evidence import evidence_dir
    from scanner.evidence.attach import attach_evidence

    return attach_evidence(result, evidence_dir(settings))


def write_outputs(result: ScanResult, settings: Settings) -> WrittenOutputs:
    """The JSON at ``settings.json`` (when set), the metrics file and the HTML report of
    ``result`` (the report with ``shown``); ReportError when a file cannot be written."""
    json_path = write_scan_json(result, settings.json) if settings.json else None
    write_scan_metrics(result, settings)
    reports = write_scan_report(shown(result, settings), settings)
    return WrittenOutputs(json_path=json_path, report_paths=reports)


def write_scan_json(scan: ScanResult, path: str | Path) -> Path:
    """The scan document (``scan_to_json``) written a site at a time; ReportError on failure."""
    return stream_json(scan, scan.sites, path)


def stream_json(scan: ScanResult, sites: Iterable[SiteResult], path: str | Path) -> Path:
    """Write the scan document of ``scan`` with ``sites`` (any iterable: read from the store
    as it is written) to ``path``, through a temporary file renamed into place.

    The text is exactly ``json.dumps(scan_to_json(...), ensure_ascii=False, indent=2)`` and a
    newline: each site is dumped on its own and indented to its depth.
    """
    target = Path(path)
    try:
        with replacing(target) as out:
            _write_document(out, scan, sites)
    except OSError as exc:
        raise ReportError(f"{target}: cannot write JSON ({exc.strerror or exc})") from exc
    return target


def _write_document(out: TextIO, scan: ScanResult, sites: Iterable[SiteResult]) -> None:
    from scanner.output import scan_to_json

    write = out.write
    head = scan_to_json(dataclasses.replace(scan, sites=()))["scan"]
    assert head["schema_version"] == SCHEMA_VERSION
    write('{\n  "scan": ' + _nested(head, 2) + ',\n  "sites": ')
    first = True
    for site in sites:
        write("[\n    " if first else ",\n    ")
        write(_nested(site_to_json(site), 4))
        first = False
    write("[]\n}\n" if first else "\n  ]\n}\n")


def _nested(value: object, depth: int) -> str:
    """``value`` as ``json.dumps(indent=2)`` prints it ``depth`` spaces deep (JSON text has no
    raw line breaks inside strings, so every newline is the layout's)."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + " " * depth)


def write_scan_metrics(result: ScanResult, settings: Settings) -> Path | None:
    """The Prometheus textfile at ``settings.metrics_file`` (when set).

    A failure is logged, not raised: the scan's JSON and report still get written, and the
    stale timestamps in the old file are what the monitoring alerts on.
    """
    if not settings.metrics_file:
        return None
    from scanner.metrics import write_metrics

    try:
        return write_metrics(result, settings.metrics_file)
    except ReportError as exc:
        log.error("%s", exc)
        return None


def write_scan_report(result: ScanResult, settings: Settings) -> tuple[Path, ...]:
    """The HTML report: at ``settings.report`` when set, else reports/latest.html + dated copy."""
    from scanner.report import write_report

    out = Path(settings.report) if settings.report else None
    paths = write_report(
        result,
        out,
        Path(settings.reports_dir),
        fmt="html",
        lang=settings.lang,
        tz=settings.timezone,
        summarise_above=settings.summarise_above,
    )
    return tuple(paths)


def outputs_without_state(result: ScanResult, settings: Settings) -> StoreError:
    """The state could not be written mid-scan (disk full): write the JSON and the report of
    what was gathered if the disk still allows; returns ONE ``StoreError`` (exit 3) for the
    caller to raise, saying what happened and where those files are."""
    written: list[str] = []
    failed: list[str] = []
    try:
        if settings.json:
            written.append(str(write_scan_json(result, settings.json)))
    except ReportError as exc:
        failed.append(str(exc))
    try:
        written.extend(str(p) for p in write_scan_report(result, settings))
    except ReportError as exc:
        failed.append(str(exc))
    saved = f"what was gathered is in {', '.join(written)}" if written else ""
    lost = f"not written either: {'; '.join(failed)}" if failed else ""
    return StoreError(
        f"scan {result.id}: the state could not be written ({result.record_error}); "
        + "; ".join(x for x in (saved, lost) if x)
    )


def write_document(
    result: ScanResult,
    fmt: OutputFormat,
    out: str | None,
    settings: Settings,
    *,
    dated: bool = True,
    stdout: TextIO | None = None,
) -> list[Path]:
    """Write ``result`` as a ``--format`` document: to ``out``, to stdout for ``-``, else to
    ``reports_dir/latest.<ext>`` and (``dated``) a dated copy. Returns the files written.

    json, jsonl and sarif carry every incident; md and html what ``shown`` leaves. json is
    streamed a site at a time (``stream_json``), byte for byte the ``--json`` file, so a
    national scan's document is never held whole in memory. ReportError names what failed.
    """
    from scanner.report.formats import STDOUT, OutputFormat, write_scan
    from scanner.report.render import dated_name

    if fmt is OutputFormat.JSON:
        if out == STDOUT:
            stream_json_to_stdout(result, stdout)
            return []
        if out:
            return [write_scan_json(result, out)]
        reports = Path(settings.reports_dir)
        latest = write_scan_json(result, reports / "latest.json")
        if not dated:
            return [latest]
        return [latest, copy_file(latest, reports / dated_name(result, "json", settings.timezone))]
    return write_scan(
        result if fmt.every_incident else shown(result, settings),
        fmt,
        out,
        Path(settings.reports_dir),
        settings.lang,
        tz=settings.timezone,
        stdout=stdout,
        summarise_above=settings.summarise_above,
    )


def stream_json_to_stdout(scan: ScanResult, stdout: TextIO | None = None) -> None:
    """The scan document streamed to standard output as UTF-8 (``-o -``); a reader that went
    away (``| head``) drops the rest without an error, as ``report.formats.to_stdout`` does."""
    from scanner.report.formats import silence

    out = stdout or sys.stdout
    buffer = getattr(out, "buffer", None)
    try:
        out.flush()
        if buffer is None:  # a test's StringIO
            _write_document(out, scan, scan.sites)
            return
        text = io.TextIOWrapper(buffer, encoding="utf-8", newline="\n")
        try:
            _write_document(text, scan, scan.sites)
            text.flush()
        finally:
            text.detach()  # stdout stays open for the summary on stderr's side
    except BrokenPipeError:
        silence(out)


def copy_file(source: Path, target: Path) -> Path:
    """``source`` copied to ``target`` through a temporary file renamed into place."""
    try:
        copy_into_place(source, target)
    except OSError as exc:
        raise ReportError(f"{target}: cannot write JSON ({exc.strerror or exc})") from exc
    return target


def render_stored_report(
    settings: Settings, scan_id: int | None, fmt: str, out: str | None = None
) -> tuple[ScanResult, list[Path]]:
    """Re-render a stored scan (``None``: the latest) as ``html``, ``md``, ``json``, ``jsonl``
    or ``sarif`` (docs/output.md); ``out`` ``-`` is standard output.

    Without ``out`` the files go to ``settings.reports_dir`` (``latest.<ext>``, and a dated
    copy except for json). Returns the scan (lean: see ``Store.read_scan``) and the paths
    written (none for stdout).
    """
    from scanner.report.formats import OutputFormat

    chosen = OutputFormat.parse(fmt)
    with Store.open(settings.state) as store:
        result = read_for_report(store, scan_id, settings)
    return result, write_document(result, chosen, out, settings, dated=False)
