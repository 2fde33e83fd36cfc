"""What every detector shares: the page's context, and the one way to build a ``Finding``.

Detector prose is a ``Message`` (catalog key + parameters, ``scanner/report/messages_*.py``):
the finding keeps it so a report renders it in its own language, and ``summary`` is its
English rendering, as JSON consumers have always read it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from scanner.models import (
    Category,
    Evidence,
    FetchResult,
    Finding,
    Message,
    Severity,
    Technique,
)
from scanner.report.i18n import english


@dataclass(frozen=True, slots=True)
class PageContext:
    """The page's place in the site and the fetch that produced it."""

    url: str
    site_host: str
    profile: str = "browser"
    fetch: FetchResult | None = None
    in_sitemap: bool = False
    linked: bool = True
    is_homepage: bool = False


def finding(
    *,
    category: Category,
    technique: Technique,
    severity: Severity,
    confidence: float,
    url: str,
    message: Message,
    evidence: Iterable[Evidence],
    signature_ids: Iterable[str] = (),
    target_domain: str = "",
) -> Finding:
    """A detector's ``Finding``, every field named at the call.

    ``message`` is the summary as a catalog message; ``summary`` is rendered from it in
    English. Evidence and signature ids may come as any iterable; the ids are kept once each,
    in the order given (callers that want them sorted pass them sorted).
    """
    return Finding(
        category=category, technique=technique, severity=severity, confidence=confidence,
        url=url, summary=english(message), evidence=tuple(evidence),
        signature_ids=tuple(dict.fromkeys(signature_ids)), target_domain=target_domain,
        message=message,
    )  # fmt: skip
