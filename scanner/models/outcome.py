"""Stages 5-6 records: incidents, page records, fingerprints, kept evidence, site and scan
results, and the frozen ``SiteOutcome`` of one site job.

Part of ``scanner.models`` (import from there); see its docstring for the stage map.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from scanner.models.crawl import FetchError, Hop, Limit, Via
from scanner.models.findings import Evidence, Message, PageVerdict
from scanner.models.inventory import Site
from scanner.models.kinds import Category, Change, IncidentStatus, Severity, Technique, Verdict


class RecheckGap(StrEnum):
    """Why a page of an active incident was not re-checked by tonight's scan (JSON contract:
    these string values)."""

    FAILED = "failed"
    """Fetched, but it failed: timeout, 5xx, blocked, reset, an analysis error..."""
    CUT = "cut"
    """Fetched, but a limit cut its analysis (the page was not analysed in full)."""
    NOT_VISITED = "not_visited"
    """The crawl did not reach it (a removed link, the page budget)."""
    INCOMPLETE = "incomplete"
    """Seen, but the site's scan was not complete (unreachable, stopped, interrupted): an
    incomplete scan resolves nothing."""


@dataclass(frozen=True, slots=True)
class Unchecked:
    """One page of an active incident that tonight's scan could not re-check, and why.

    ``detail`` is the fetch error or limit ("timeout: ...", "http_status: HTTP 503 ...").
    """

    url: str
    gap: RecheckGap
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Incident:
    """Findings of one site grouped by technique (+ target domain), with every affected URL.

    ``id`` is stable across scans (a hash of site, category, technique and target domain) so the
    state DB can de-duplicate and track the lifecycle.
    """

    id: str
    site: str
    category: Category
    technique: Technique
    severity: Severity
    confidence: float
    url: str
    urls: tuple[str, ...]
    summary: str
    evidence: tuple[Evidence, ...] = ()
    target_domain: str = ""
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    times_seen: int = 1
    status: IncidentStatus = IncidentStatus.OPEN
    change: Change = Change.NEW
    snoozed_until: datetime | None = None
    signature_ids: tuple[str, ...] = ()
    message: Message | None = None
    """``summary`` as a catalog message (``None`` in data from before the catalogs)."""
    unchecked: tuple[Unchecked, ...] = ()
    """Not empty: an active incident tonight's scan did not find but could not re-check either
    (its pages failed, were cut or not visited): it stays active, ``change`` ongoing, shown as
    "not re-checked" (issue 12). Empty for an incident found (or resolved) tonight."""


@dataclass(frozen=True, slots=True)
class PageRecord:
    """What the state DB keeps of one fetched page (no body)."""

    url: str
    final_url: str
    status: int | None
    redirects: tuple[Hop, ...] = ()
    content_type: str = ""
    size: int = 0
    elapsed_ms: float = 0.0
    error: FetchError | None = None
    body_sha256: str = ""
    verdict: Verdict = Verdict.CLEAN
    """The page's final verdict (after cloaking, integrity and scripts), or ``error``."""
    via: Via = Via.LINK
    fingerprint: Fingerprint | None = None
    tls_verified: bool = True
    """False when the page was fetched through the insecure TLS fallback (certificate unchecked)."""
    limits: tuple[Limit, ...] = ()
    """What of this page was not analysed because of a cap: the page is not fully analysed."""


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """Integrity fingerprint of a page (filled by the integrity stage)."""

    body_sha256: str = ""
    content_sha256: str = ""
    text_hash: str = ""
    dom_hash: str = ""
    title: str = ""
    script_domains: tuple[str, ...] = ()
    iframe_domains: tuple[str, ...] = ()
    link_domains: tuple[str, ...] = ()
    hidden_link_domains: tuple[str, ...] = ()
    form_actions: tuple[str, ...] = ()
    verification_tokens: tuple[str, ...] = ()
    redirect_target: str = ""
    main_text: str = ""
    """Normalised main text, bounded, kept for before/after diffs."""




@dataclass(frozen=True, slots=True)
class Exchange:
    """One HTTP exchange exactly as it went over the wire, kept as evidence (issue 14).

    ``request_headers`` are the headers sent (the profile's User-Agent and Referer among them);
    ``body`` the response body bytes as received (still content-encoded), cut at the per-record
    cap when ``truncated`` (``received`` is how many bytes had arrived). ``page`` is the URL of
    the page with findings this exchange was kept for (a redirect hop leads to it); ``profile``
    the fetch profile that sent it.
    """

    url: str
    request_headers: tuple[tuple[str, str], ...]
    status: int
    reason: str = ""
    response_headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    received: int = 0
    truncated: bool = False
    captured: datetime | None = None
    page: str = ""
    profile: str = ""


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """One response record written to the scan's WARC file: what a report shows of it.

    ``record_id`` is the WARC-Record-ID (``<urn:uuid:...>``), ``payload_sha256`` the SHA-256 of
    the body bytes as received (hex). ``incidents`` are the ids of the incidents it documents.
    """

    record_id: str
    url: str
    profile: str
    payload_sha256: str
    warc_file: str
    status: int = 0
    truncated: bool = False
    incidents: tuple[str, ...] = ()


class SiteStatus(StrEnum):
    """How the scan of one site ended (JSON contract: these three values)."""

    OK = "ok"
    """The site answered; its pages were analysed (see ``SiteResult.complete`` for "all")."""
    UNREACHABLE = "unreachable"
    """No page of the site could be fetched at all (DNS, refused, timeout, TLS...)."""
    ERROR = "error"
    """The scan of the site failed (a bug) or was interrupted before it finished."""


@dataclass(frozen=True, slots=True)
class PageTally:
    """How many of a site's pages answered and how many went through the insecure TLS fallback:
    what a report counts, kept when a result holds only some of its pages (``SiteResult.lean``).
    """

    crawled: int = 0
    tls_unverified: int = 0


@dataclass(frozen=True, slots=True)
class SiteResult:
    """The outcome for one site: status, pages, verdicts and incidents."""

    site: Site
    status: SiteStatus
    """``ok``, ``unreachable`` or ``error`` (JSON contract)."""
    error: str = ""
    pages: tuple[PageRecord, ...] = ()
    verdicts: tuple[PageVerdict, ...] = ()
    incidents: tuple[Incident, ...] = ()
    resolved: tuple[Incident, ...] = ()
    started: datetime | None = None
    finished: datetime | None = None
    complete: bool = True
    """False when the site was not scanned in full: unreachable, interrupted, or a page whose
    analysis failed. Its incidents then come from an incomplete scan and resolve nothing."""
    limits: tuple[Limit, ...] = ()
    """Every limit hit on this site: its own (sitemap, deadlines) and its pages' (cut pages)."""
    evidence: tuple[EvidenceItem, ...] = ()
    """WARC records kept for this site's pages with findings (issue 14; empty when none)."""
    tally: PageTally | None = None
    """Set when ``pages`` holds only some of the pages (a result read for a report, or kept by
    the parent of a scan): the counts of all of them. None: ``pages`` is every page."""

    @property
    def tls_unverified(self) -> int:
        """Pages fetched without a checked certificate (the insecure TLS fallback)."""
        if self.tally is not None:
            return self.tally.tls_unverified
        return sum(1 for p in self.pages if not p.tls_verified)

    @property
    def pages_crawled(self) -> int:
        """Pages fetched with an answer (errors excluded)."""
        if self.tally is not None:
            return self.tally.crawled
        return sum(1 for p in self.pages if p.error is None)

    def lean(self) -> SiteResult:
        """This result with what a report, the JSON and the mail use, and no more: the pages
        that failed (every page when the site has incidents: its CMS is read from their URLs)
        without fingerprints, the verdicts without findings, and the counts in ``tally``.

        What a scan's parent keeps once the site is recorded, so its memory does not grow
        with the pages of a national scan (the state DB has the rest).
        """
        if self.tally is not None:
            return self
        keep_all = bool(self.incidents or self.resolved)
        pages = tuple(
            replace(p, fingerprint=None) if p.fingerprint is not None else p
            for p in self.pages
            if keep_all or p.error is not None
        )
        return replace(
            self,
            pages=pages,
            verdicts=tuple(replace(v, findings=()) if v.findings else v for v in self.verdicts),
            tally=PageTally(self.pages_crawled, self.tls_unverified),
        )


@dataclass(frozen=True, slots=True)
class SiteOutcome:
    """What one site job found, judged once: everything needed to record it, and no more.

    A site job computes it (possibly in a worker process) and a ``Recorder`` records it: the
    recorder adds the incident history (first seen, ongoing, resolved) and returns the
    ``SiteResult``. Every page carries its final verdict; ``incidents`` are as judged tonight.
    """

    site: Site
    status: SiteStatus
    error: str = ""
    complete: bool = True
    pages: tuple[PageRecord, ...] = ()
    verdicts: tuple[PageVerdict, ...] = ()
    incidents: tuple[Incident, ...] = ()
    new_baseline: bool = False
    """Tonight's fingerprints become the site's first baseline (a complete, clean first scan)."""
    started: datetime | None = None
    finished: datetime | None = None
    limits: tuple[Limit, ...] = ()
    """Every limit hit on this site (see ``SiteResult.limits``)."""
    exchanges: tuple[Exchange, ...] = ()
    """The captured exchanges of the pages with findings, for the recorder to write as WARC
    evidence (empty when evidence is off or nothing was found)."""

    @property
    def fingerprints(self) -> dict[str, Fingerprint]:
        """Page URL -> fingerprint of every analysed page (what a baseline is made of)."""
        return {p.url: p.fingerprint for p in self.pages if p.fingerprint is not None}

    def result(
        self, incidents: tuple[Incident, ...] | None = None, resolved: tuple[Incident, ...] = ()
    ) -> SiteResult:
        """The ``SiteResult`` of this outcome, with the incidents as a recorder synced them."""
        return SiteResult(
            site=self.site,
            status=self.status,
            error=self.error,
            pages=self.pages,
            verdicts=self.verdicts,
            incidents=self.incidents if incidents is None else incidents,
            resolved=resolved,
            started=self.started,
            finished=self.finished,
            complete=self.complete,
            limits=self.limits,
        )


@dataclass(frozen=True, slots=True)
class ScanResult:
    """One scan of one or more sites."""

    id: int
    started: datetime
    finished: datetime | None
    complete: bool
    scanner_version: str
    sites: tuple[SiteResult, ...] = field(default_factory=tuple)
    record_error: str = ""
    """Why the state could not be written during this scan (disk full ...): '' when it was.
    The result is then what was gathered in memory; the caller writes it out and exits 3."""

    @property
    def open_incidents(self) -> tuple[Incident, ...]:
        """Incidents still needing attention (open; acknowledged/snoozed are excluded)."""
        return tuple(i for s in self.sites for i in s.incidents if i.status is IncidentStatus.OPEN)
