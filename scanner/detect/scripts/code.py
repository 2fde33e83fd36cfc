"""What the script rules share: the unit of code analysed, where it came from, and evidence text.

A script is analysed as units: its own code (folded by ``jsdecode``) and every payload decoded
from it. A unit's findings are reported on its source: the page (inline code) or a same-site JS
file, where any finding is a modified asset.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from scanner.models import Finding, Message, MessageParam, Severity, Technique
from scanner.report.i18n import english


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
    key = "finding.in_third_party_script" if source.offsite else "finding.in_asset"
    inner: MessageParam = found.message if found.message is not None else found.summary
    message = Message.of(key, finding=inner, url=source.url[:200])
    return replace(
        found,
        technique=technique,
        severity=severity,
        summary=english(message),
        message=message,
    )


def via(unit: Unit) -> MessageParam:
    """How a decoded unit was reached, for summaries ('' for the script's own code)."""
    if unit.depth > 0:
        return Message.of("via.decoded", method=unit.method, depth=unit.depth)
    return ""


def code_detail(unit: Unit, conditions: list[str], obfuscated: bool) -> Message:
    """The evidence detail: the visitor tests guarding the code and how it was decoded."""
    parts: list[Message] = []
    if conditions:
        tests = tuple(Message.of(f"condition.{c}") for c in dict.fromkeys(conditions))
        parts.append(Message.of("code.only_when", conditions=tests))
    if unit.depth > 0:
        parts.append(
            Message.of(
                "code.decoded",
                method=unit.method,
                depth=unit.depth,
                expression=unit.expression[:160],
            )
        )
    elif obfuscated:
        parts.append(Message.of("code.obfuscated"))
    return Message.of("prose.reasons", items=tuple(parts))


def around(text: str, start: int, end: int, width: int = 240) -> str:
    """Bounded one-line snippet of ``text`` around [start, end)."""
    pad = max(0, (width - (end - start)) // 2)
    lo, hi = max(0, start - pad), min(len(text), end + pad)
    return " ".join(text[lo:hi].split())[: width * 2]
