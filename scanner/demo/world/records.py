"""The frozen records of the test world: sites, pages, attacks, patches and ground truth.

A ``SiteSpec`` is decided once at build time (cheap: no HTML yet); page bodies are rendered
lazily from it. An ``Attack`` names what was done, where and to whom (which fetch profiles see
it); ``Truth``/``Expected`` are the answers the scanner is measured against.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from scanner.models import Technique

PROFILE_NAMES = ("browser", "googlebot", "mobile", "google-referer")
"""The fetch profiles a world distinguishes (the names of ``scanner.crawl.profiles``)."""


class Label(StrEnum):
    """The expected verdict class of one URL as one profile sees it."""

    CLEAN = "clean"
    GAMBLING = "gambling"
    DEFACEMENT = "defacement"
    MALICIOUS_SCRIPT = "malicious_script"

    @property
    def rank(self) -> int:
        """Which label wins when a page carries several attacks (defacement highest)."""
        return (Label.CLEAN, Label.MALICIOUS_SCRIPT, Label.GAMBLING, Label.DEFACEMENT).index(self)


@dataclass(frozen=True, slots=True)
class Look:
    """Per-site presentation knobs so two sites of the same CMS still differ in markup."""

    theme: str
    accent: str
    prefix: str
    """Class-name prefix of the theme (``sk-``, ``tm-``...)."""
    pretty: bool
    """Indented markup (True) or one long minified line per block (False)."""
    sidebar: str
    """``left``, ``right`` or ``none``."""
    counter: bool
    cookie_banner: bool
    """A cookie banner served to browsers only (not to Googlebot): a legitimate UA difference."""
    mobile_layout: bool
    """The mobile profile gets a different layout with the same content: legitimate."""
    widget_order: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PageSpec:
    """One HTML page of a site, decided at build time; its body is rendered on demand."""

    path: str
    """Path with query string, exactly as linked (``/index.php?option=com_content&id=3``)."""
    kind: str
    """home, list, article, static, faq, links, contact, document."""
    title: str
    category: str = ""
    date: str = ""
    traps: tuple[str, ...] = ()
    """Legitimate look-alikes this page carries (``judol_news``, ``slot_time``, ``sr_only``...)."""
    items: tuple[str, ...] = ()
    """Paths a list page links to."""
    target_bytes: int = 30_000
    linked: bool = True
    in_sitemap: bool = True


@dataclass(frozen=True, slots=True)
class Attack:
    """One compromise of a site: kind and variant, the pages and profiles it touches."""

    kind: str
    variant: str
    label: Label
    technique: Technique
    paths: tuple[str, ...]
    """Pages (or asset paths) that carry it; doorway attacks name the pages they add."""
    profiles: tuple[str, ...] = PROFILE_NAMES
    """The fetch profiles that see it (cloaking shows it only to some)."""
    target: str = ""
    """The off-site domain involved (gambling brand, CDN, redirect target)."""
    seed: int = 0
    extra: tuple[str, ...] = ()
    """Secondary techniques the same change carries (e.g. ``site_verification``)."""


@dataclass(frozen=True, slots=True)
class SiteSpec:
    """A fictitious government website: identity, CMS style, look, pages and attacks."""

    host: str
    name: str
    owner: str
    contact: str
    style: str
    region: str
    agency: str
    look: Look
    pages: tuple[PageSpec, ...]
    assets: tuple[str, ...]
    """Same-site static files: the stylesheet first, then jquery.min.js."""
    sitemap: str
    """``plain``, ``index``, ``gzip`` or ``none``."""
    gzip: bool
    server: str
    attacks: tuple[Attack, ...] = ()
    seed: int = 0
    search: str = ""
    """Path of the site's search page, reached only through a GET form in the footer (no link,
    not in the sitemap); empty when the site has none."""

    @property
    def url(self) -> str:
        """The site's root URL as an inventory would list it."""
        return f"http://{self.host}/"

    @property
    def bare_host(self) -> str:
        """The host without ``www.`` (the scanner's scope key)."""
        return self.host[4:] if self.host.startswith("www.") else self.host

    @property
    def infected(self) -> bool:
        """True when at least one attack applies to the site."""
        return bool(self.attacks)


@dataclass(frozen=True, slots=True)
class Patch:
    """HTML an attack adds to a rendered page, by insertion point; merged across attacks."""

    head: tuple[str, ...] = ()
    title: str | None = None
    body_start: tuple[str, ...] = ()
    content_end: tuple[str, ...] = ()
    footer: tuple[str, ...] = ()
    body_end: tuple[str, ...] = ()
    comments: tuple[tuple[str, str], ...] = ()
    """(author, comment HTML) pairs appended to the comment list."""
    article: tuple[str, tuple[str, ...]] | None = None
    """(headline, paragraph HTML) replacing the article text (SEO backlink article)."""
    after_html: tuple[str, ...] = ()
    """Markup appended after the closing ``</html>`` (injected link lists)."""

    def merge(self, other: Patch) -> Patch:
        """Both patches' insertions, the later title/article winning."""
        return Patch(
            head=self.head + other.head, title=other.title or self.title,
            body_start=self.body_start + other.body_start,
            content_end=self.content_end + other.content_end, footer=self.footer + other.footer,
            body_end=self.body_end + other.body_end, comments=self.comments + other.comments,
            article=other.article or self.article,
            after_html=self.after_html + other.after_html,
        )


@dataclass(frozen=True, slots=True)
class ResponseSpec:
    """What the server answers for one request: status, headers and body bytes."""

    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""


@dataclass(frozen=True, slots=True)
class Truth:
    """Ground truth of one URL as one profile sees it."""

    url: str
    profile: str
    label: Label
    techniques: tuple[Technique, ...] = ()
    attacks: tuple[str, ...] = ()
    """``kind:variant`` of every attack visible in this response."""


@dataclass(frozen=True, slots=True)
class Expected:
    """Ground truth of one URL over all profiles: what a complete scanner should report."""

    url: str
    label: Label
    techniques: tuple[Technique, ...] = ()
    profiles: tuple[str, ...] = ()
    """Profiles that see something bad (empty for clean pages)."""
    attacks: tuple[str, ...] = ()
    traps: tuple[str, ...] = ()
    kind: str = "page"
    """``page``, ``doorway`` or ``asset``."""
    linked: bool = True
    in_sitemap: bool = True
    by_profile: tuple[Truth, ...] = field(default=(), repr=False)
