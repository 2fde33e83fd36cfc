"""Discovery beyond links: robots.txt ``Sitemap:`` lines, ``/sitemap.xml``, indexes, gzip.

Judi-online doorway pages are often reachable *only* through the sitemap the attacker added
(so Google indexes them while the site's menus never show them): the sitemap is therefore read
on every crawl and the URLs it names are crawled even when no page links to them.

Every input is hostile: XML is parsed without entity expansion, DTDs or network access (no
XXE), ``huge_tree`` stays off, gzip is inflated with the same cap as page bodies, and the
number of sitemap files, their nesting and the URLs kept are all bounded.

A cap never turns a sitemap into nothing: XML is parsed as a stream, so a sitemap larger than
``max_body_bytes`` on the wire or ``max_decompressed_bytes`` inflated, or naming more than
``max_sitemap_urls`` URLs, still gives its URLs up to the cap. Every such cut is logged (WARNING,
with the sitemap URL) and recorded in ``SitemapDiscovery.truncated`` for the crawl to report.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from scanner.crawl.body import DecompressionError, gunzip_prefix
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


def _stream_parser() -> etree.XMLPullParser:
    """An incremental XML parser: no entities, DTDs or network (no XXE), recovering."""
    return etree.XMLPullParser(
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        recover=True,
        remove_comments=True,
        remove_pis=True,
    )


FEED_BYTES = 64 * 1024
"""The stream parser is fed this much at a time; parsed ``<url>`` elements are freed."""


@dataclass(frozen=True, slots=True)
class SitemapDoc:
    """One parsed sitemap file: an index (``locs`` are sitemaps) or a urlset (pages).

    ``truncated``: the file names more than the ``limit`` locs it was parsed with.
    """

    is_index: bool
    locs: tuple[str, ...]
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class SitemapCut:
    """A sitemap that was not read in full, and why (what the crawl reports)."""

    url: str
    reason: str


@dataclass(frozen=True, slots=True)
class SitemapDiscovery:
    """What robots.txt and the sitemaps of a site told us.

    ``urls`` are normalised, in-scope page URLs in document order (bounded); ``files`` the
    sitemap files fetched; ``fetches`` their FetchResults (failures included, for the log);
    ``truncated`` the sitemaps read only in part (or not at all) because of a cap.
    """

    urls: tuple[str, ...]
    files: tuple[str, ...] = ()
    robots_txt: str | None = None
    fetches: tuple[FetchResult, ...] = ()
    truncated: tuple[SitemapCut, ...] = ()


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
    The XML is parsed as a stream, in bounded memory, and a document cut short (the prefix of
    a sitemap over a size cap) gives the locs before the cut.
    """
    head = data[:512].lstrip()
    if not head.startswith(b"<"):
        lines = data.decode("utf-8", "replace").splitlines()
        urls = [
            ln.strip() for ln in lines if ln.strip().lower().startswith(("http://", "https://"))
        ]
        return SitemapDoc(False, tuple(urls[:limit]), len(urls) > limit)
    parser = _stream_parser()
    is_index: bool | None = None
    locs: list[str] = []

    def take(events: Iterable[tuple[str, Any]]) -> bool:
        """Collect the locs of parsed events; False once more than ``limit`` were found."""
        nonlocal is_index
        for event, element in events:
            if not isinstance(element, etree._Element):
                continue
            if is_index is None:
                is_index = _local(element.tag) == "sitemapindex"
            if event != "end":
                continue
            name = _local(element.tag)
            if name == "loc":
                parent = element.getparent()
                text = (element.text or "").strip()
                if text and parent is not None and _local(parent.tag) in ("url", "sitemap"):
                    if len(locs) >= limit:
                        return False
                    locs.append(text)
            elif name in ("url", "sitemap"):
                element.clear()  # bounded memory: drop the parsed entries as we go
                while element.getprevious() is not None:
                    del element.getparent()[0]  # type: ignore[union-attr]
        return True

    try:
        for offset in range(0, len(data), FEED_BYTES):
            parser.feed(data[offset : offset + FEED_BYTES])
            if not take(parser.read_events()):
                return SitemapDoc(bool(is_index), tuple(locs), True)
        with contextlib.suppress(etree.XMLSyntaxError):
            parser.close()  # a document cut short (a capped prefix) ends here
        if not take(parser.read_events()):
            return SitemapDoc(bool(is_index), tuple(locs), True)
    except etree.XMLSyntaxError:
        pass  # recover=True: only hopeless input lands here; keep what was read
    return SitemapDoc(bool(is_index), tuple(locs))


def _port(url: str) -> int | None:
    """The URL's explicit port; None for the default port of http or https."""
    try:
        port = urlsplit(url).port
    except ValueError:
        return -1  # unusable: never equal to a site's port
    return None if port in (80, 443) else port


def _on_site(url: str, scope_host: str, root: str) -> bool:
    """On the site's host *and port*: a sitemap naming ``:6379`` of the host is off-site."""
    return host_of(url) == scope_host and _port(url) == _port(root)


@dataclass(frozen=True, slots=True)
class _Read:
    """One sitemap file read off the event loop: its on-site URLs, absolute, in order."""

    locs: tuple[str, ...] = ()
    is_index: bool = False
    truncated: bool = False
    incomplete: bool = False
    error: str = ""


def _read_sitemap(
    data: bytes, inflate_cap: int, max_urls: int, final_url: str, scope_host: str, root: str
) -> _Read:
    """Inflate (a ``.gz`` body), parse and normalise one sitemap file (runs in a thread)."""
    incomplete = False
    if data[:2] == b"\x1f\x8b":
        try:
            data, incomplete = gunzip_prefix(data, inflate_cap)
        except DecompressionError as exc:
            return _Read(error=str(exc))
    doc = parse_sitemap(data, max_urls)
    locs = []
    for loc in doc.locs:
        absolute = normalize_url(loc, final_url)
        if absolute is not None and _on_site(absolute, scope_host, root):
            locs.append(absolute)
    return _Read(tuple(locs), doc.is_index, doc.truncated, incomplete)


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
        if candidate and candidate not in queued and _on_site(candidate, scope_host, root):
            queued.add(candidate)
            queue.append((candidate, 0))
    urls: dict[str, None] = {}  # ordered set
    files: list[str] = []
    cuts: list[SitemapCut] = []

    def cut(url: str, reason: str) -> None:
        log.warning("sitemap %s truncated: %s", url, reason)
        cuts.append(SitemapCut(url, reason))

    inflate_cap = fetcher.settings.max_decompressed_bytes
    while queue and len(files) < MAX_SITEMAP_FILES and len(urls) < max_urls:
        url, depth = queue.popleft()
        raw = await fetcher.fetch_raw(url, profile, scope_host, binary=True)
        fetches.append(raw.result)
        error = raw.result.error
        capped = error is not None and error.kind in ("too_large", "decompression")
        if raw.body is None or not (raw.result.ok or capped):
            if capped and error is not None:
                cut(url, f"{error.message}; no URL read")
            continue
        reason = f"{error.message}; URLs read up to the cap" if capped and error else ""
        files.append(url)
        # Inflating, stream-parsing and normalising up to max_urls entries of a 5 MiB sitemap
        # costs seconds of CPU: off the event loop, or every other site of this process
        # stalls meanwhile (their requests then time out: issue 12, item 8).
        read = await asyncio.to_thread(
            _read_sitemap, raw.body, inflate_cap, max_urls, raw.result.final_url, scope_host, root
        )
        if read.error:
            cut(url, f"{read.error}; no URL read")
            continue
        if read.incomplete and not reason:
            reason = f"inflates beyond {inflate_cap} bytes (or ends early); URLs read up to it"
        dropped = read.truncated
        for absolute in read.locs:
            if read.is_index:
                if absolute in queued:
                    continue
                queued.add(absolute)
                if depth + 1 <= MAX_INDEX_DEPTH:
                    queue.append((absolute, depth + 1))
                else:  # never dropped in silence: a doorway may hide one level deeper
                    cut(absolute, f"not read: sitemap indexes nested deeper than {MAX_INDEX_DEPTH}")
            elif len(urls) < max_urls:
                urls[absolute] = None
            else:
                dropped = True
        if dropped and not reason:
            reason = f"more than max_sitemap_urls = {max_urls} URLs; the first ones kept"
        if reason:
            cut(url, reason)
    for url, _depth in queue:
        cut(url, "not read: the sitemap file or URL cap was reached first")
    return SitemapDiscovery(
        tuple(urls), tuple(files), robots_text, tuple(fetches), tuple(cuts)
    )
