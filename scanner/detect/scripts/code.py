"""What the script rules share: the unit of code analysed, where it came from, and evidence text.

A script is analysed as units: its own code (folded by ``jsdecode``) and every payload decoded
from it. A unit's findings are reported on its source: the page (inline code) or a same-site JS
file, where any finding is a modified asset.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from scanner.models import Finding, Severity, Technique


@dataclass(frozen=True, slots=True)
class Unit:
    """A piece of code or text to analyse: the page's own (folded) code or a decoded payload."""

    text: str
    depth: int
    method: str = ""
    expression: str = ""


@dataclass(frozen=True, slots=True)
class Source:
    """Where the analysed code came from, for evidence and technique choice."""

    url: str
    path: str
    profile: str
    asset: bool
    offsite: bool = False
    """A third-party script (another site's file): its findings are the pages' that load it."""


class PageState:
    """Per-page counters that bound the expensive work (HTML payload parses)."""

    __slots__ = ("analyses",)

    def __init__(self) -> None:
        self.analyses = 0


def in_source(source: Source, found: Finding) -> Finding:
    """The finding as its source makes it: in a same-site JS file, a modified asset; in a
    third-party file, an external script (both at least high, the file named in the summary)."""
    if not source.asset:
        return found
    severity = found.severity
    if severity.rank < Severity.HIGH.rank:
        severity = Severity.HIGH
    technique = Technique.EXTERNAL_SCRIPT if source.offsite else Technique.MODIFIED_ASSET
    where = "third-party script " if source.offsite else ""
    return replace(
        found,
        technique=technique,
        severity=severity,
        summary=f"{found.summary} (in {where}{source.url[:200]})",
    )


def via(unit: Unit) -> str:
    """How a decoded unit was reached, for summaries ('' for the script's own code)."""
    return f" (decoded {unit.method}, depth {unit.depth})" if unit.depth > 0 else ""


def code_detail(unit: Unit, conditions: list[str], obfuscated: bool) -> str:
    """The evidence detail: the visitor tests guarding the code and how it was decoded."""
    parts: list[str] = []
    if conditions:
        parts.append("only when: " + ", ".join(dict.fromkeys(conditions)))
    if unit.depth > 0:
        parts.append(f"decoded from {unit.method} at depth {unit.depth}: {unit.expression[:160]}")
    elif obfuscated:
        parts.append("target built by obfuscated code")
    return "; ".join(parts)[:500]


def around(text: str, start: int, end: int, width: int = 240) -> str:
    """Bounded one-line snippet of ``text`` around [start, end)."""
    pad = max(0, (width - (end - start)) // 2)
    lo, hi = max(0, start - pad), min(len(text), end + pad)
    return " ".join(text[lo:hi].split())[: width * 2]
