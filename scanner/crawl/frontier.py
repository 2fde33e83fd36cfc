"""What to crawl next: scope, dedup, depth, the page budget and the crawler-trap guard.

The frontier is the crawler's bookkeeping for one site and is owned by one crawl (it is
mutable, and not shared between tasks of different sites). Every URL offered to it is
normalised first; it is refused when it is off-site (another host, or another port of the
site's host: see ``in_scope``), already seen, deeper than ``max_depth``,
an obvious non-page file, a trap (too many query-string variants of one path, a path that
repeats itself), or unreasonably long. The budget (``max_pages``) is applied by ``pop``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from scanner.models import Via
from scanner.urls import host_of, normalize_url

_SKIPPED = (
    "jpg jpeg png gif webp svg ico bmp tif tiff avif heic psd "
    "pdf zip rar 7z gz tgz tar bz2 xz iso dmg exe msi apk bin "
    "doc docx xls xlsx ppt pptx odt ods odp rtf csv "
    "mp3 mp4 m4a m4v avi mov wmv mkv webm ogg ogv wav flac flv 3gp "
    "woff woff2 ttf eot otf css js map"
)
SKIP_EXTENSIONS = frozenset(_SKIPPED.split())
"""Not pages: media, documents, archives, fonts. JS/CSS are fetched as assets by the pipeline."""

WEB_PORTS = frozenset({80, 443})
"""The default ports of http and https: a site's pages on either are the site's."""
MAX_URL_LENGTH = 2048
FRONTIER_FACTOR = 50
"""At most ``max_pages * 50`` distinct URLs are remembered: a hostile site cannot eat memory."""
MAX_SEGMENT_REPEATS = 3
"""``/a/b/a/b/a/b/...``: relative links that nest forever on a misconfigured server."""


def site_ports(site_url: str, allowed: Iterable[int] = ()) -> frozenset[int]:
    """The ports of the site's host that are the site: 80 and 443, the port of its URL in the
    inventory (``https://sipd.kabcontoh.go.id:8443/``) and ``crawl.allowed_ports``."""
    ports = set(WEB_PORTS) | set(allowed)
    try:
        port = urlsplit(site_url if "://" in site_url else "https://" + site_url).port
    except ValueError:
        port = None
    if port is not None:
        ports.add(port)
    return frozenset(ports)


def on_site(url: str, site_host: str, ports: frozenset[int]) -> bool:
    """True when ``url`` is on the site's host (``www.`` and the bare host are one) and on one
    of its ``ports`` (``site_ports``): the scope of the crawl and of the site's own assets.

    Another port of the site's host is not the site: a link to ``http://site:6379/`` is kept on
    the page as evidence but never fetched, and is no fetch failure of the site.
    """
    if host_of(url) != site_host:
        return False
    try:
        port = urlsplit(url).port
    except ValueError:
        return False
    return port is None or port in ports


@dataclass(frozen=True, slots=True)
class QueuedUrl:
    """A URL waiting to be fetched and how it was found.

    ``linked`` tells whether it is reachable by links from the seed; a page only the sitemap
    names, and pages only such pages link to, are not.
    """

    url: str
    depth: int
    via: Via
    linked: bool


class Frontier:
    """Scope, dedup and limits for the crawl of one site (see the module docstring)."""

    def __init__(
        self,
        site_host: str,
        *,
        max_pages: int,
        max_depth: int,
        query_variants: int,
        ports: frozenset[int] = WEB_PORTS,
    ) -> None:
        """``site_host`` is the scope key (``models.host_of`` of the seed: no ``www.``);
        ``ports`` the ports of that host that are the site (see ``site_ports``)."""
        self.site_host = site_host
        self.ports = ports
        self.max_pages = max_pages
        self.max_depth = max_depth
        self.query_variants = query_variants
        self.issued = 0
        self._seen: set[str] = set()
        self._variants: dict[str, int] = {}
        self._queues: dict[str, deque[QueuedUrl]] = {
            "revisit": deque(),
            "sitemap": deque(),
            "linked": deque(),
            "unlinked": deque(),
        }
        self.refused: dict[str, int] = {}
        """How many URLs were refused and why (for the log and tests)."""

    def key(self, url: str) -> str:
        """The dedup key: ``www.``/bare host and http/https spellings of one page are one."""
        parts = urlsplit(url)
        port = f":{parts.port}" if parts.port not in (None, 80, 443) else ""
        return f"{host_of(url)}{port}{parts.path}?{parts.query}"

    def in_scope(self, url: str) -> bool:
        """True when ``url`` is on the site: its host and one of its ports (``on_site``)."""
        return on_site(url, self.site_host, self.ports)

    def seen(self, url: str) -> bool:
        """True when this URL (in any spelling) was already accepted."""
        normal = normalize_url(url)
        return normal is not None and self.key(normal) in self._seen

    def has_key(self, key: str) -> bool:
        """True when the dedup ``key`` (see ``key``) was already accepted."""
        return key in self._seen

    def mark_seen(self, url: str) -> None:
        """Record ``url`` as taken without queueing it (the seed fetched by the crawler)."""
        normal = normalize_url(url)
        if normal is not None:
            self._seen.add(self.key(normal))

    def _refuse(self, reason: str) -> None:
        self.refused[reason] = self.refused.get(reason, 0) + 1

    def add(
        self,
        url: str,
        depth: int,
        via: Via = Via.LINK,
        linked: bool = True,
        *,
        normalized: bool = False,
    ) -> str | None:
        """Queue ``url`` if it passes every check; returns the normalised URL or None.

        ``normalized=True`` says ``url`` already went through ``urls.normalize_url``.
        """
        normal = url if normalized else normalize_url(url)
        if normal is None:
            self._refuse("not_http")
            return None
        if not self.in_scope(normal):
            self._refuse("offsite")
            return None
        key = self.key(normal)
        if key in self._seen:
            return None
        if len(self._seen) >= self.max_pages * FRONTIER_FACTOR:
            self._refuse("frontier_full")
            return None
        reason = self._check(normal, depth)
        if reason:
            self._refuse(reason)
            return None
        parts = urlsplit(normal)
        if parts.query:
            path_key = f"{host_of(normal)}{parts.path}"
            count = self._variants.get(path_key, 0)
            if count >= self.query_variants:
                self._refuse("query_variants")
                return None
            self._variants[path_key] = count + 1
        self._seen.add(key)
        queue = "sitemap" if via == Via.SITEMAP else ("linked" if linked else "unlinked")
        if via == Via.REVISIT:
            queue = "revisit"
        self._queues[queue].append(QueuedUrl(normal, depth, via, linked))
        return normal

    def _check(self, url: str, depth: int) -> str:
        """The reason to refuse ``url`` at ``depth`` ('' when it may be crawled)."""
        if depth > self.max_depth:
            return "depth"
        if len(url) > MAX_URL_LENGTH:
            return "long_url"
        path = urlsplit(url).path
        last = path.rpartition("/")[2]
        if "." in last and last.rpartition(".")[2].lower() in SKIP_EXTENSIONS:
            return "not_a_page"
        segments = [s for s in path.split("/") if s]
        if len(segments) > MAX_SEGMENT_REPEATS:
            counts: dict[str, int] = {}
            for segment in segments:
                counts[segment] = counts.get(segment, 0) + 1
                if counts[segment] > MAX_SEGMENT_REPEATS:
                    return "repeating_path"
        return ""

    def pending(self, *queues: str) -> bool:
        """True when one of the named queues (default: all) has URLs waiting."""
        names = queues or tuple(self._queues)
        return any(self._queues[name] for name in names)

    def pop(self, *queues: str, budget: int | None = None) -> QueuedUrl | None:
        """The next URL from the first non-empty named queue, within the page budget.

        ``budget`` (default ``max_pages``) caps how many URLs are handed out in total.
        """
        limit = self.max_pages if budget is None else min(budget, self.max_pages)
        if self.issued >= limit:
            return None
        for name in queues or tuple(self._queues):
            queue = self._queues[name]
            if queue:
                self.issued += 1
                return queue.popleft()
        return None
