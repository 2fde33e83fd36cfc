"""The ``--format``/``-o`` options that ``scan``, ``check`` and ``report`` share.

``--format json|jsonl|md|html|sarif`` and ``-o PATH`` (``-`` for stdout) as in nuclei and
pip-audit; the formats themselves live in ``scanner.report.formats`` (docs/output.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scanner.cli.base import errors

if TYPE_CHECKING:
    from scanner.config import Settings
    from scanner.models import ScanResult
    from scanner.report.formats import OutputFormat

FORMAT_METAVAR = "json|jsonl|md|html|sarif"

FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar=FORMAT_METAVAR,
        help="Also write the scan in this format: to -o, else reports/latest.<ext> + dated copy.",
    ),
]
OutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="PATH",
        help="Where the --format document goes ('-': stdout alone; the summary goes to stderr).",
    ),
]


@dataclass(frozen=True, slots=True)
class Document:
    """The document a command was asked for: its format and where it goes (None: default)."""

    fmt: OutputFormat
    out: str | None = None

    @property
    def to_stdout(self) -> bool:
        """True for ``-o -``: stdout then carries this document and nothing else."""
        from scanner.report.formats import STDOUT

        return self.out == STDOUT

    def write(self, full: ScanResult, conf: Settings) -> list[Path]:
        """Write the scan ``full`` (every incident: json, jsonl and sarif keep them all; md and
        html leave out what ``report.min_severity`` does). json is streamed a site at a time,
        byte for byte the ``--json`` file. Returns the files written."""
        from scanner.finish import write_document

        return write_document(full, self.fmt, self.out, conf)


def document(
    fmt: str | None, out: str | None, default: str, allowed: Sequence[str] | None = None
) -> Document | None:
    """The ``Document`` of ``--format``/``-o`` (format ``default`` when only ``-o`` is given);
    None when neither is. A format not in ``allowed`` (names) exits 2 naming those."""
    if fmt is None and out is None:
        return None
    from scanner.report.formats import OutputFormat

    with errors():
        only = [OutputFormat(a) for a in allowed] if allowed else None
        chosen = OutputFormat.parse(fmt if fmt is not None else default, only)
    return Document(chosen, out)
