"""Stage 2 records: fetch profiles, one fetch and its failure, crawled pages, limits hit.

Part of ``scanner.models`` (import from there); see its docstring for the stage map.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from scanner.models.inventory import Site


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
    REVISIT = "revisit"
    """A page of an active incident, fetched again explicitly (whether still linked or not) so
    that the incident is re-checked (issue 12)."""


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
    ASSETS = "assets"
    """Same-site scripts/stylesheets past ``detect.max_assets`` were not fetched nor analysed."""
    OFFSITE_SCRIPTS = "offsite_scripts"
    """Third-party scripts past ``detect.max_offsite_scripts`` were not fetched nor analysed."""


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
