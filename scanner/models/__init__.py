"""The frozen records that flow between pipeline stages.

Every stage takes and returns these small immutable dataclasses; nothing else crosses a stage
boundary. A record is changed only through ``dataclasses.replace``. A failure is data
(``FetchError`` on a ``FetchResult``, ``SiteStatus.UNREACHABLE`` on a ``SiteResult``), not an
exception, so a scan always finishes with what it gathered.

Stage by stage::

    inventory -> Site
    crawl     -> FetchResult (one per URL and profile) inside CrawledPage / CrawlResult
    extract   -> PageView (visible/hidden text, links, scripts, iframes, meta...)
    detect    -> Finding (category, technique, severity, confidence, Evidence...)
    judge     -> PageVerdict per page, Incident per site + technique (+ target domain)
    pipeline  -> SiteOutcome per site (judged once), recorded as SiteResult; ScanResult per scan
"""

from __future__ import annotations

from scanner.models.crawl import (
    CrawledPage,
    CrawlResult,
    FetchError,
    FetchErrorKind,
    FetchResult,
    Hop,
    Limit,
    LimitKind,
    Profile,
    Via,
)
from scanner.models.findings import (
    MAX_PARAM_CHARS,
    Evidence,
    Finding,
    Message,
    MessageParam,
    PageVerdict,
)
from scanner.models.inventory import Site
from scanner.models.kinds import Category, Change, IncidentStatus, Severity, Technique, Verdict
from scanner.models.outcome import (
    EvidenceItem,
    Exchange,
    Fingerprint,
    Incident,
    PageRecord,
    PageTally,
    RecheckGap,
    ScanResult,
    SiteOutcome,
    SiteResult,
    SiteStatus,
    Unchecked,
)
from scanner.models.page import Form, IFrame, Link, MetaRefresh, PageView, Script, TextBlock
from scanner.urls import host_of

__all__ = [
    "MAX_PARAM_CHARS",
    "Category",
    "Change",
    "CrawlResult",
    "CrawledPage",
    "Evidence",
    "EvidenceItem",
    "Exchange",
    "FetchError",
    "FetchErrorKind",
    "FetchResult",
    "Finding",
    "Fingerprint",
    "Form",
    "Hop",
    "IFrame",
    "Incident",
    "IncidentStatus",
    "Limit",
    "LimitKind",
    "Link",
    "Message",
    "MessageParam",
    "MetaRefresh",
    "PageRecord",
    "PageTally",
    "PageVerdict",
    "PageView",
    "Profile",
    "RecheckGap",
    "ScanResult",
    "Script",
    "Severity",
    "Site",
    "SiteOutcome",
    "SiteResult",
    "SiteStatus",
    "Technique",
    "TextBlock",
    "Unchecked",
    "Verdict",
    "Via",
    "host_of",
]
