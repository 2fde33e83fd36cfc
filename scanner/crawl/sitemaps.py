"""Discovery beyond links: robots.txt ``Sitemap:`` lines, ``/sitemap.xml``, indexes, gzip.

Judi-online doorway pages are often reachable *only* through the sitemap the attacker added
(so Google indexes them while the site's menus never show them): the sitemap is therefore read
on every crawl and the URLs it names are crawled even when no page links to them.

Every input is hostile: XML is parsed without entity expansion, DTDs or network access (no
XXE), ``huge_tree`` stays off, gzip is inflated with the same cap as page bodies, and the
number of sitemap files, their nesting and the URLs kept are all bounded.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree

from scanner.crawl.body import DecompressionError, gunzip_capped
from scanner.crawl.fetch import Fetcher
from scanner.models import FetchResult, Profile
from scanner.urls import host_of, normalize_url

log = logging.getLogger(__name__)

MAX_SITEMAP_FILES = 50
"""Sitemap files fetched per site (the index itself included)."""
MAX_INDEX_DEPTH = 3
"""Index -> index -> index -> urlset: deeper nesting is ignored."""
MAX_ROBOTS_SITEMAPS = 20
MAX_ROBOTS_CHARS = 100_000
"""robots.txt text kept on the CrawlResult (attackers sometimes write spam into it)."""

_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    huge_tree=False,
    load_dtd=False,
    dtd_validation=False,
    recover=True,
    remove_comments=True,
    remove_pis=True,
)


@dataclass(frozen=True, slots=True)
class SitemapDoc:
    """One parsed sitemap file: an index (``locs`` are sitemaps) or a urlset (pages)."""

    is_index: bool
    locs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SitemapDiscovery:
    """What robots.txt and the sitemaps of a site told us.

    ``urls`` are normalised, in-scope page URLs in document order (bounded); ``files`` the
    sitemap files fetched; ``fetches`` their FetchResults (failures included, for the log).
    """

    urls: tuple[str, ...]
    files: tuple[str, ...] = ()
    robots_txt: str | None = None
    fetches: tuple[FetchResult, ...] = ()


def robots_sitemaps(text: str, base: str) -> tuple[str, ...]:
    """Absolute URLs of the ``Sitemap:`` lines of a robots.txt (any case, bounded)."""
    found: list[str] = []
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if not sep or key.strip().lower() != "sitemap":
            continue
        value = value.split("#", 1)[0].strip()
        absolute = normalize_url(value, base) if value else None
        if absolute and absolute not in found:
            found.append(absolute)
            if len(found) >= MAX_ROBOTS_SITEMAPS:
                break
    return tuple(found)


def _local(tag: object) -> str:
    return tag.rpartition("}")[2].lower() if isinstance(tag, str) else ""


def parse_sitemap(data: bytes, limit: int) -> SitemapDoc:
    """Parse sitemap XML (or a plain-text list of URLs); at most ``limit`` locs are returned.

    Namespaces are ignored (many generators get them wrong); only ``<loc>`` directly under
    ``<url>`` or ``<sitemap>`` counts, so image and video extensions are not taken as pages.
    """
    head = data[:512].lstrip()
    if not head.startswith(b"<"):
        lines = data.decode("utf-8", "replace").splitlines()
        urls = [
            ln.strip() for ln in lines if ln.strip().lower().startswith(("http://", "https://"))
        ]
        return SitemapDoc(False, tuple(urls[:limit]))
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        return SitemapDoc(False, ())
    if root is None:
        return SitemapDoc(False, ())
    is_index = _local(root.tag) == "sitemapindex"
    locs: list[str] = []
    for element in root.iter():
        if _local(element.tag) != "loc":
            continue
        parent = element.getparent()
        if parent is None or _local(parent.tag) not in ("url", "sitemap"):
            continue
        text = (element.text or "").strip()
        if text:
            locs.append(text)
            if len(locs) >= limit:
                break
    return SitemapDoc(is_index, tuple(locs))


async def discover(
    fetcher: Fetcher, root: str, scope_host: str, profile: Profile, max_urls: int
) -> SitemapDiscovery:
    """Read robots.txt and every reachable sitemap of the site whose root URL is ``root``.

    ``/sitemap.xml`` is always tried, plus each robots.txt ``Sitemap:`` line on the site.
    Failures are logged and skipped: a site without sitemaps is normal.
    """
    robots = await fetcher.fetch(urljoin(root, "/robots.txt"), profile, scope_host)
    fetches: list[FetchResult] = [robots]
    robots_text: str | None = None
    listed: tuple[str, ...] = ()
    if robots.ok and robots.text is not None and not robots.is_html:
        robots_text = robots.text[:MAX_ROBOTS_CHARS]
        listed = robots_sitemaps(robots.text, robots.final_url)
    queue: deque[tuple[str, int]] = deque()
    queued: set[str] = set()
    for candidate in (normalize_url("/sitemap.xml", root), *listed):
        if candidate and candidate not in queued and host_of(candidate) == scope_host:
            queued.add(candidate)
            queue.append((candidate, 0))
    urls: dict[str, None] = {}  # ordered set
    files: list[str] = []
    while queue and len(files) < MAX_SITEMAP_FILES and len(urls) < max_urls:
        url, depth = queue.popleft()
        raw = await fetcher.fetch_raw(url, profile, scope_host, binary=True)
        fetches.append(raw.result)
        if not raw.result.ok or raw.body is None:
            continue
        files.append(url)
        data = raw.body
        if data[:2] == b"\x1f\x8b":
            try:
                data = gunzip_capped(data, fetcher.settings.max_decompressed_bytes)
            except DecompressionError as exc:
                log.info("sitemap %s: %s", url, exc)
                continue
        doc = parse_sitemap(data, max_urls)
        for loc in doc.locs:
            absolute = normalize_url(loc, raw.result.final_url)
            if absolute is None or host_of(absolute) != scope_host:
                continue
            if doc.is_index:
                if depth + 1 <= MAX_INDEX_DEPTH and absolute not in queued:
                    queued.add(absolute)
                    queue.append((absolute, depth + 1))
            elif len(urls) < max_urls:
                urls[absolute] = None
    return SitemapDiscovery(tuple(urls), tuple(files), robots_text, tuple(fetches))
