"""Stage 4 records: findings, their evidence, and detector prose as catalog messages.

Part of ``scanner.models`` (import from there); see its docstring for the stage map.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from scanner.models.crawl import Limit
from scanner.models.kinds import Category, Severity, Technique, Verdict

MAX_PARAM_CHARS = 300
"""Characters kept of a text parameter of a ``Message`` (page text is hostile, params small)."""

MessageParam: TypeAlias = "str | int | float | bool | Message | tuple[Message, ...]"
"""What a message parameter may be: a JSON scalar, a nested message or a list of them."""


@dataclass(frozen=True, slots=True)
class Message:
    """Detector prose as data: a catalog key plus small parameters, rendered per language.

    The key names a template in ``scanner/report/messages_*.py``; parameters are counts,
    domains, enum values (looked up in the catalog at render time) or nested messages, never
    prose. Kept with findings, evidence and incidents so a report renders them in its own
    language; the English text stays in ``summary``/``detail`` for JSON consumers and for
    catalogs that do not know the key (a newer scanner's data).
    """

    key: str
    params: tuple[tuple[str, MessageParam], ...] = ()

    @classmethod
    def of(cls, key: str, /, **params: MessageParam) -> Message:
        """``Message(key, params)``: parameters sorted by name (one message, one value, however
        it was built or stored) and text parameters bounded (they may come from a page)."""
        return cls(key, tuple((k, _bounded_param(v)) for k, v in sorted(params.items())))

    @property
    def args(self) -> dict[str, MessageParam]:
        """The parameters as a dict (for ``str.format``)."""
        return dict(self.params)


def _bounded_param(value: MessageParam) -> MessageParam:
    if isinstance(value, str) and len(value) > MAX_PARAM_CHARS:
        return value[: MAX_PARAM_CHARS - 1] + "…"
    return value


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a person needs to verify a finding in a minute.

    ``snippet`` is original text (bounded, never normalised) and ``match`` the matched part of it;
    ``path`` the element path; ``profile`` the fetch profile that saw it; ``targets`` the link or
    redirect targets involved; ``detail`` a free-text explanation; ``diff`` a unified
    before/after diff (integrity content changes), kept apart so nobody has to sniff ``detail``.
    """

    url: str
    snippet: str = ""
    match: str = ""
    path: str = ""
    profile: str = "browser"
    targets: tuple[str, ...] = ()
    detail: str = ""
    diff: str = ""
    message: Message | None = None
    """``detail`` as a catalog message (``None`` in data from before the catalogs)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a detector saw on one page."""

    category: Category
    technique: Technique
    severity: Severity
    confidence: float
    url: str
    summary: str
    evidence: tuple[Evidence, ...] = ()
    signature_ids: tuple[str, ...] = ()
    target_domain: str = ""
    """The off-site domain involved (gambling site, redirect target), used to group incidents."""
    new_since_baseline: bool = False
    message: Message | None = None
    """``summary`` as a catalog message (``None`` in data from before the catalogs)."""


@dataclass(frozen=True, slots=True)
class PageVerdict:
    """The judgement on one page: its verdict and the findings that justify it."""

    url: str
    verdict: Verdict
    findings: tuple[Finding, ...] = ()
    error: str = ""
    limits: tuple[Limit, ...] = ()
    """The caps the page was cut at (``scanner check``): what of it was not analysed."""
