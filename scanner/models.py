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

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TypeAlias

from scanner.urls import host_of


class Severity(StrEnum):
    """How bad a finding or incident is; ordered by ``rank``."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """0 for info up to 4 for critical, for sorting and thresholds."""
        return _SEVERITY_ORDER.index(self)


_SEVERITY_ORDER = (Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL)


class Category(StrEnum):
    """What kind of compromise a finding points at (JSON contract: these four values)."""

    GAMBLING = "gambling"
    DEFACEMENT = "defacement"
    MALICIOUS_SCRIPT = "malicious_script"
    INTEGRITY = "integrity"


class IncidentStatus(StrEnum):
    """Lifecycle state of an incident (JSON contract)."""

    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    SNOOZED = "snoozed"
    RESOLVED = "resolved"


class Change(StrEnum):
    """How an incident relates to the previous scan of the same site."""

    NEW = "new"
    ONGOING = "ongoing"
    RESOLVED = "resolved"


class Technique(StrEnum):
    """How the attacker did it. Detectors pick one; incidents are grouped by it."""

    HIDDEN_LINKS = "hidden_links"
    HIDDEN_CONTENT = "hidden_content"
    VISIBLE_CONTENT = "visible_content"
    CLOAKING_UA = "cloaking_ua"
    CLOAKING_REFERER = "cloaking_referer"
    CLOAKING_MOBILE = "cloaking_mobile"
    JS_INJECTION = "js_injection"
    JS_REDIRECT = "js_redirect"
    META_INJECTION = "meta_injection"
    DOORWAY_PAGE = "doorway_page"
    REDIRECT = "redirect"
    META_REFRESH = "meta_refresh"
    IFRAME = "iframe"
    EXTERNAL_SCRIPT = "external_script"
    MODIFIED_ASSET = "modified_asset"
    SPAM_COMMENT = "spam_comment"
    DEFACEMENT_PAGE = "defacement_page"
    DEFACEMENT_OVERLAY = "defacement_overlay"
    CONTENT_CHANGE = "content_change"
    KNOWN_BAD_HASH = "known_bad_hash"
    SITE_VERIFICATION = "site_verification"


class Verdict(StrEnum):
    """The judgement on one page (``scanner check`` prints it)."""

    CLEAN = "clean"
    SUSPICIOUS = "suspicious"
    INFECTED = "infected"
    DEFACED = "defaced"
    ERROR = "error"


# --------------------------------------------------------------------------- inventory


@dataclass(frozen=True, slots=True)
class Site:
    """One website of the inventory (a row of sites.csv, or a ``--site`` on the command line)."""

    url: str
    name: str = ""
    owner: str = ""
    contact: str = ""
    tags: tuple[str, ...] = ()
    max_pages: int | None = None
    notes: str = ""
    ignore: tuple[str, ...] = ()
    """Per-site ignore rules for known dynamic regions: CSS selectors or ``re:`` regexes."""

    @property
    def host(self) -> str:
        """Scope key: the host without ``www.``."""
        return host_of(self.url)


# --------------------------------------------------------------------------- crawl


@dataclass(frozen=True, slots=True)
class Profile:
    """A named way of fetching: the User-Agent and Referer a kind of visitor sends."""

    name: str
    user_agent: str
    referer: str | None = None
    mobile: bool = False


@dataclass(frozen=True, slots=True)
class Hop:
    """One redirect in a chain: the URL answered ``status`` and pointed to ``location``."""

    url: str
    status: int
    location: str


class FetchErrorKind(StrEnum):
    """Why a page has no usable result (JSON contract and stored rows: these string values).

    ``crawl/fetch.py`` documents when each network kind is produced. ``UNSUPPORTED_TYPE`` and
    ``DECODE`` are kept for stored data but never produced any more; ``ANALYSIS`` marks a page
    that was fetched but whose analysis raised (the page is recorded, not lost).
    """

    DNS = "dns"
    REFUSED = "refused"
    TIMEOUT = "timeout"
    TLS = "tls"
    HTTP_STATUS = "http_status"
    TOO_LARGE = "too_large"
    DECOMPRESSION = "decompression"
    RESET = "reset"
    REDIRECT_LOOP = "redirect_loop"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    BLOCKED_ADDRESS = "blocked_address"
    """The address policy (``crawl/addresses.py``) refused the host's address or port."""
    UNSUPPORTED_TYPE = "unsupported_type"
    DECODE = "decode"
    CONNECTION = "connection"
    OTHER = "other"
    ANALYSIS = "analysis"


@dataclass(frozen=True, slots=True)
class FetchError:
    """Why a fetch (or the analysis of a fetched page) failed, as data.

    ``kind`` is a ``FetchErrorKind``; since it is a ``StrEnum`` it compares equal to its string
    value, so code and stored rows that hold the plain string keep working.
    """

    kind: FetchErrorKind
    message: str


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What one request (with redirects followed by hand) produced.

    ``text`` is the decoded body for kept content types (HTML/XHTML, JavaScript, CSS, XML) and
    ``None`` otherwise. ``offsite_redirect`` is the first redirect target outside the site's scope
    (recorded as evidence, never fetched).
    """

    url: str
    final_url: str
    profile: str
    status: int | None = None
    redirects: tuple[Hop, ...] = ()
    content_type: str = ""
    text: str | None = None
    encoding: str | None = None
    size: int = 0
    elapsed_ms: float = 0.0
    error: FetchError | None = None
    tls_verified: bool = True
    offsite_redirect: str | None = None
    body_sha256: str = ""

    @property
    def ok(self) -> bool:
        """True when a 2xx answer with a body we kept came back."""
        return self.error is None and self.status is not None and 200 <= self.status < 300

    @property
    def is_html(self) -> bool:
        """True for HTML and XHTML bodies."""
        return "html" in self.content_type and self.text is not None


class Via(StrEnum):
    """How the crawl reached a page (stored and shown as these string values)."""

    SEED = "seed"
    """The site's start URL."""
    LINK = "link"
    """A link from a page already crawled."""
    SITEMAP = "sitemap"
    """Named by the sitemap and not (yet) reached by a link."""
    ASSET = "asset"
    """A stylesheet or script the pages load (kept for stored data and callers)."""
    FORM = "form"
    """The action of a same-site GET form (a search page), visited once without parameters."""


@dataclass(frozen=True, slots=True)
class CrawledPage:
    """A page of a site as the crawl met it: the browser-profile fetch and how it was found."""

    fetch: FetchResult
    depth: int
    via: Via = Via.LINK
    """How the crawl found the page (``Via``)."""
    in_sitemap: bool = False
    linked: bool = True
    """False for pages only the sitemap names (doorway candidates)."""


class LimitKind(StrEnum):
    """A limit the scan hit, so that part of a page or site was not looked at (JSON values).

    Whatever a cap cuts is recorded as one of these, never silently treated as clean.
    """

    HTML_CHARS = "html_chars"
    """The page text is longer than the extractor reads; the rest was not analysed."""
    SCRIPT_CHARS = "script_chars"
    """An inline script is longer than the extractor keeps; its tail was not analysed."""
    SCRIPTS = "scripts"
    """The page has more scripts than the extractor keeps; the rest were not analysed."""
    NOTHING_ANALYSED = "nothing_analysed"
    """The site answered, but not one page could be analysed (too large, undecodable ...)."""
    SITEMAP_TRUNCATED = "sitemap_truncated"
    """A sitemap was read only in part (or not at all) because of a cap."""
    SITE_DEADLINE = "site_deadline"
    """The site's time budget (``crawl.site_deadline``) ran out; the crawl stopped there."""
    SCAN_DEADLINE = "scan_deadline"
    """The scan's time budget (``crawl.scan_deadline``) ran out; the site was stopped there."""


@dataclass(frozen=True, slots=True)
class Limit:
    """One limit hit: what kind, where (``url``, or '' for the whole site) and the detail."""

    kind: LimitKind
    detail: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True)
class CrawlResult:
    """Everything the crawl of one site gathered, failures included."""

    site: Site
    pages: tuple[CrawledPage, ...]
    sitemap_urls: tuple[str, ...] = ()
    robots_txt: str | None = None
    complete: bool = True
    limits: tuple[Limit, ...] = ()
    """Limits the crawl hit (a sitemap cut at a cap)."""


# --------------------------------------------------------------------------- extract


@dataclass(frozen=True, slots=True)
class TextBlock:
    """A run of text from one element: the original text and where it sits.

    ``hidden`` names why it is hidden (``display:none``, ``class .x{display:none}``, ...) or is
    ``None`` for visible text.
    """

    text: str
    path: str
    hidden: str | None = None


@dataclass(frozen=True, slots=True)
class Link:
    """An ``<a href>`` (or ``<area>``) with its absolute target and anchor text."""

    url: str
    text: str
    host: str
    domain: str
    """Registered domain (tldextract), e.g. ``slot-gacor.com`` or ``jatimprov.go.id``."""
    path: str
    hidden: str | None = None
    rel: str = ""
    internal: bool = True


@dataclass(frozen=True, slots=True)
class Script:
    """A ``<script>``: external (``src`` set) or inline (``code`` set, bounded)."""

    path: str
    src: str | None = None
    domain: str | None = None
    internal: bool = True
    code: str = ""
    type: str = ""


@dataclass(frozen=True, slots=True)
class IFrame:
    """An ``<iframe>``/``<frame>`` with its declared size and hiding, if any."""

    path: str
    src: str
    domain: str
    width: str = ""
    height: str = ""
    hidden: str | None = None
    internal: bool = True


@dataclass(frozen=True, slots=True)
class Form:
    """A ``<form>``: where it posts to."""

    path: str
    action: str
    method: str = "get"
    domain: str = ""
    internal: bool = True


@dataclass(frozen=True, slots=True)
class MetaRefresh:
    """A ``<meta http-equiv=refresh>`` redirect."""

    url: str
    delay: float
    domain: str = ""
    internal: bool = True


@dataclass(frozen=True, slots=True)
class PageView:
    """One HTML document as the detectors see it (original text; normalise before matching).

    ``meta`` holds (name-or-property, content) pairs for description, keywords, og:*,
    twitter:* and google-site-verification; ``json_ld`` the raw JSON-LD texts (bounded).
    ``media`` counts the media elements (img, video, audio, embed, object, marquee) that make a
    mostly-image defacement recognisable.
    """

    url: str
    title: str = ""
    lang: str = ""
    visible_text: str = ""
    blocks: tuple[TextBlock, ...] = ()
    hidden: tuple[TextBlock, ...] = ()
    links: tuple[Link, ...] = ()
    scripts: tuple[Script, ...] = ()
    iframes: tuple[IFrame, ...] = ()
    forms: tuple[Form, ...] = ()
    meta: tuple[tuple[str, str], ...] = ()
    json_ld: tuple[str, ...] = ()
    meta_refresh: MetaRefresh | None = None
    canonical: str | None = None
    amphtml: str | None = None
    stylesheets: tuple[str, ...] = ()
    media: tuple[tuple[str, int], ...] = ()
    comments: tuple[TextBlock, ...] = ()
    """Blocks inside user-comment areas (``.comment``, ``#comments``, ...): spam candidates."""
    after_end: str = ""
    """Markup found after the document's closing ``</html>`` (or ``</body>``), bounded: browsers
    still show it, so injected link lists are appended there; a CMS never writes anything."""

    def meta_content(self, name: str) -> str:
        """The content of the first meta tag with this name/property ('' when absent)."""
        key = name.lower()
        for k, v in self.meta:
            if k == key:
                return v
        return ""

    @property
    def hidden_text(self) -> str:
        """All hidden text joined, for matchers with ``part: hidden_text``."""
        return "\n".join(b.text for b in self.hidden)


# --------------------------------------------------------------------------- detect


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


# --------------------------------------------------------------------------- judge / store


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


# --------------------------------------------------------------------------- evidence (WARC)


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

    @property
    def tls_unverified(self) -> int:
        """Pages fetched without a checked certificate (the insecure TLS fallback)."""
        return sum(1 for p in self.pages if not p.tls_verified)

    @property
    def pages_crawled(self) -> int:
        """Pages fetched with an answer (errors excluded)."""
        return sum(1 for p in self.pages if p.error is None)


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
