"""The ``--format``/``-o`` output conventions (nuclei, pip-audit): which formats, where they go.

``--format json|jsonl|md|html|sarif`` picks the document, ``-o PATH`` where it is written and
``-o -`` standard output (then the command prints its summary, progress and logs on stderr, so
stdout carries the document alone). docs/output.md describes each format.

The machine formats (json, jsonl, sarif) carry every incident, as the JSON always did; the
human ones (md, html) leave out what ``report.min_severity`` leaves out of the report.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TextIO

from scanner.errors import ConfigError, ReportError
from scanner.models import PageVerdict, ScanResult
from scanner.report.national import SUMMARISE_ABOVE
from scanner.report.render import Zone, render_report, write_file, write_report

STDOUT = "-"
"""The ``-o`` value meaning standard output."""


class OutputFormat(StrEnum):
    """A document ``--format`` can write (its value is also the file extension)."""

    JSON = "json"
    JSONL = "jsonl"
    MD = "md"
    HTML = "html"
    SARIF = "sarif"

    @property
    def every_incident(self) -> bool:
        """True for the machine formats: every incident, whatever ``report.min_severity``."""
        return self in (OutputFormat.JSON, OutputFormat.JSONL, OutputFormat.SARIF)

    @classmethod
    def parse(cls, value: str, allowed: Sequence[OutputFormat] | None = None) -> OutputFormat:
        """The format named ``value``; ``ConfigError`` (exit 2) naming the allowed ones."""
        allowed = tuple(allowed or cls)
        try:
            fmt = cls(value.strip().lower())
        except ValueError:
            fmt = None
        if fmt is None or fmt not in allowed:
            names = ", ".join(f.value for f in allowed)
            raise ConfigError(f"--format {value!r}: not one of {names}")
        return fmt


CHECK_FORMATS = (OutputFormat.JSON, OutputFormat.JSONL, OutputFormat.SARIF)
"""The formats of ``scanner check`` (no report is made of loose pages)."""


def render_scan(
    scan: ScanResult,
    fmt: OutputFormat,
    lang: str = "id",
    *,
    tz: Zone = None,
    summarise_above: int = SUMMARISE_ABOVE,
) -> str:
    """``scan`` as a ``fmt`` document (md/html/sarif in ``lang``, times of md/html in ``tz``;
    md/html summarised per province and owner above ``summarise_above`` sites)."""
    return render_report(scan, fmt.value, lang, tz=tz, summarise_above=summarise_above)


def render_check(
    inputs: Sequence[str], verdicts: Sequence[PageVerdict], fmt: OutputFormat, lang: str = "id"
) -> str:
    """A ``scanner check`` as a ``fmt`` document (one of ``CHECK_FORMATS``)."""
    if fmt is OutputFormat.JSONL:
        from scanner.report.jsonl import check_to_jsonl

        return check_to_jsonl(inputs, verdicts)
    if fmt is OutputFormat.SARIF:
        from scanner.report.sarif import check_to_sarif, dumps

        return dumps(check_to_sarif(inputs, verdicts, lang))
    if fmt is OutputFormat.JSON:
        import json

        from scanner.output import check_to_json

        return json.dumps(check_to_json(inputs, verdicts), ensure_ascii=False, indent=2) + "\n"
    raise ReportError(f"scanner check cannot write {fmt.value} (only json, jsonl or sarif)")


def to_stdout(text: str, stdout: TextIO | None = None) -> None:
    """Write ``text`` to standard output as UTF-8, whatever the locale says.

    A reader that went away (``scanner scan -o - | head``) is not an error of the scan: the rest
    is dropped and the exit code still says what the scan found.
    """
    out = stdout or sys.stdout
    try:
        buffer = getattr(out, "buffer", None)
        if buffer is not None:
            out.flush()
            buffer.write(text.encode("utf-8"))
            buffer.flush()
        else:
            out.write(text)
            out.flush()
    except BrokenPipeError:
        silence(out)


def silence(out: TextIO) -> None:
    """After a broken pipe: point the stream at /dev/null so the interpreter's final flush
    does not fail a second time."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (a test's StringIO)
        pass


def write_scan(
    scan: ScanResult,
    fmt: OutputFormat,
    out: str | None,
    reports_dir: Path,
    lang: str = "id",
    *,
    tz: Zone = None,
    stdout: TextIO | None = None,
    summarise_above: int = SUMMARISE_ABOVE,
) -> list[Path]:
    """Write ``scan`` as ``fmt``: to ``out``, to stdout for ``-``, or without ``out`` to
    ``reports_dir/latest.<ext>`` and a dated copy. Returns the files written (none for stdout);
    ``ReportError`` names the path that could not be written."""
    if out == STDOUT:
        to_stdout(render_scan(scan, fmt, lang, tz=tz, summarise_above=summarise_above), stdout)
        return []
    return write_report(
        scan,
        Path(out) if out else None,
        reports_dir,
        fmt=fmt.value,
        lang=lang,
        tz=tz,
        summarise_above=summarise_above,
    )


def write_text(text: str, out: str, stdout: TextIO | None = None) -> Path | None:
    """``text`` to the file ``out`` (atomically) or to stdout for ``-``; the path, or None."""
    if out == STDOUT:
        to_stdout(text, stdout)
        return None
    path = Path(out)
    write_file(path, text)
    return path
