"""What every detector shares: the page's context, and the one way to build a ``Finding``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from scanner.models import Category, Evidence, FetchResult, Finding, Severity, Technique


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
    summary: str,
    evidence: Iterable[Evidence],
    signature_ids: Iterable[str] = (),
    target_domain: str = "",
) -> Finding:
    """A detector's ``Finding``, every field named at the call.

    Evidence and signature ids may come as any iterable; the ids are kept once each, in the
    order given (callers that want them sorted pass them sorted).
    """
    return Finding(
        category=category, technique=technique, severity=severity, confidence=confidence,
        url=url, summary=summary, evidence=tuple(evidence),
        signature_ids=tuple(dict.fromkeys(signature_ids)), target_domain=target_domain,
    )  # fmt: skip
