"""The crawl of one site: seed, robots.txt and sitemaps, then a bounded breadth-first crawl.

``robots.txt`` ``Disallow`` rules are deliberately *not* honoured. The scanner works on behalf
of the sites' owner (the government body responsible for the .go.id domains), and attackers
who plant gambling pages routinely add ``Disallow`` lines so that other crawlers and casual
checks skip them while Google still finds the doorways through the sitemap. robots.txt is read
only for its ``Sitemap:`` lines and kept as evidence (spam gets written into it too). The load
we put on a site stays polite through ``per_host`` concurrency, ``delay`` and ``max_pages``.

Order of work, and why:

1. The seed (``site.url``) and the sitemaps are fetched concurrently; a seed that gets no HTTP
   answer at all (DNS, refused, timeout, TLS) ends the crawl with that one failed page.
2. The pages of the site's active incidents (``revisit``, at most ``MAX_REVISIT``) are queued
   first (``via=Via.REVISIT``), so an injected page whose link was removed is still re-checked;
   they count in the page budget like any page. Then links are crawled breadth-first from the
   seed. Up to a quarter of the page budget is held back when the sitemap names pages, so that
   sitemap-only pages always get a turn.
3. Sitemap URLs that no link reached are crawled next (``via=Via.SITEMAP``, ``linked=False``):
   these are the doorway candidates. Pages only they link to are ``linked=False`` too.
4. Whatever budget is left goes to links still queued.

Partial results: ``crawl`` re-raises ``asyncio.CancelledError`` (so timeouts and Ctrl-C work as
asyncio expects) after cancelling its fetches. A caller that wants what was gathered passes a
``CrawlProgress`` and calls ``progress.snapshot()`` afterwards; it is filled as pages arrive.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from lxml import etree

from scanner.config import CrawlSettings
from scanner.crawl.fetch import Fetcher
from scanner.crawl.frontier import Frontier, QueuedUrl, site_ports
from scanner.crawl.profiles import profile as get_profile
from scanner.crawl.sitemaps import SitemapDiscovery, discover
from scanner.models import (
    CrawledPage,
    CrawlResult,
    FetchResult,
    Limit,
    LimitKind,
    Profile,
    Site,
    Via,
)
from scanner.urls import normalize_url, resolve_url

log = logging.getLogger(__name__)



@dataclass(frozen=True, slots=True)
class Discovered:
    """A URL a page leads to by something other than a link (``via``: e.g. a GET form)."""

    url: str
    via: Via = Via.LINK


PageHandler = Callable[[CrawledPage], Awaitable[Sequence[str | Discovered]]]
"""``await on_page(page)`` -> the absolute URLs found on it (the pipeline's extract pass):
plain strings for links, ``Discovered`` for form actions (crawled as ``Via.FORM``)."""

MAX_REVISIT = 50
"""Pages of active incidents fetched again per site, at most (they count in the page budget)."""
SITEMAP_SHARE = 4
"""At most 1/4 of the page budget is held back for sitemap-only pages."""
MAX_LINKS_PER_PAGE = 5000
NORMALIZE_CACHE = 50_000
"""Menus repeat on every page: normalising each distinct href once saves most of the work."""

_HTML_PARSER = etree.HTMLParser(encoding="utf-8", no_network=True, huge_tree=False)


class CrawlProgress:
    """What one crawl gathered so far; mutable, owned by that crawl, readable at any time.

    Pass one to ``Crawler.crawl`` to keep the pages of a crawl that is cancelled or timed out;
    ``snapshot()`` turns it into a ``CrawlResult``.
    """

    def __init__(self, site: Site) -> None:
        """An empty progress record for ``site``."""
        self.site = site
        self.pages: list[CrawledPage] = []
        self.sitemap_urls: tuple[str, ...] = ()
        self.robots_txt: str | None = None
        self.limits: tuple[Limit, ...] = ()
        self.linked_keys: set[str] = set()
        self.key: Callable[[str], str] = lambda url: url

    def snapshot(self, complete: bool = False) -> CrawlResult:
        """The pages so far as a ``CrawlResult``; ``linked`` reflects every link seen so far."""
        pages = tuple(
            replace(p, linked=True)
            if not p.linked and self.key(p.fetch.url) in self.linked_keys
            else p
            for p in self.pages
        )
        return CrawlResult(
            self.site, pages, self.sitemap_urls, self.robots_txt, complete, self.limits
        )


def form_target(action: str, method: str) -> str | None:
    """The URL a GET form leads to, visited without parameters; None for other forms.

    A browser submitting a GET form replaces the action's query string with the form's
    fields, so the page behind it is the action without its query (``/cari?s=x`` -> ``/cari``).
    Only ``http(s)`` actions count; POST forms are never submitted (they change things).
    """
    if (method or "get").strip().lower() != "get":
        return None
    url = action.strip().split("#", 1)[0].split("?", 1)[0]
    return url if url.startswith(("http://", "https://")) else None


def extract_links(
    result: FetchResult, limit: int = MAX_LINKS_PER_PAGE
) -> list[str | Discovered]:
    """Absolute http(s) ``<a href>`` / ``<area href>`` targets of an HTML page (light lxml pass),
    and the actions of GET forms as ``Discovered(url, Via.FORM)``.

    Used when the crawl runs without a page handler. Honours ``<base href>``; malformed HTML
    is parsed leniently (lxml's recovering parser), garbage yields what it can. The URLs are
    absolute but not normalised (the crawler normalises each distinct URL once).
    """
    if not result.is_html or not result.text:
        return []
    try:
        root = etree.fromstring(result.text.encode("utf-8", "replace"), _HTML_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return []
    if root is None:
        return []
    base = result.final_url
    hrefs: list[str] = []
    forms: list[str] = []
    for element in root.iter("a", "area", "base", "form"):
        if element.tag == "form":
            if len(forms) < limit and (element.get("method") or "get").strip().lower() == "get":
                forms.append((element.get("action") or "").strip())
            continue
        href = element.get("href")
        if not href:
            continue
        if element.tag == "base":
            base = normalize_url(href, result.final_url) or base
            continue
        hrefs.append(href.strip())
        if len(hrefs) >= limit:
            break
    parts = urlsplit(base)
    origin = f"{parts.scheme}://{parts.netloc}"
    out: list[str | Discovered] = []
    for href in hrefs:
        # Cheap paths for the two common shapes; urljoin only for relative paths.
        if href.startswith(("http://", "https://", "HTTP://", "HTTPS://")):
            out.append(href)
        elif href.startswith("/") and not href.startswith(("//", "/\\")) and href.isprintable():
            out.append(origin + href)
        else:
            try:
                absolute = resolve_url(href, base)  # as a browser: "/\\evil" is another host
            except ValueError:
                continue
            if absolute.startswith(("http://", "https://")):
                out.append(absolute)
    for action in forms:
        try:
            absolute = resolve_url(action, base) if action else ""
        except ValueError:
            continue
        target = form_target(absolute, "get")
        if target is not None and target != result.final_url:
            out.append(Discovered(target, Via.FORM))
    return out


@dataclass(frozen=True, slots=True)
class _Norm:
    url: str
    key: str
    in_scope: bool


class Crawler:
    """Crawls one site at a time within the scan's limits (see the module docstring)."""

    def __init__(self, fetcher: Fetcher, settings: CrawlSettings) -> None:
        """``fetcher`` is shared by every crawl of the scan (it holds the per-host limits)."""
        self._fetcher = fetcher
        self._settings = settings

    async def crawl(
        self,
        site: Site,
        on_page: PageHandler | None = None,
        profile: Profile | None = None,
        *,
        progress: CrawlProgress | None = None,
        revisit: Sequence[str] = (),
    ) -> CrawlResult:
        """Crawl ``site`` and return every page record, failures included; never raises for
        network problems (a dead site is a result with its one failed seed page).

        ``on_page`` is awaited for each fetched page and returns the absolute URLs found on it;
        without it ``<a>``/``<area>`` links are extracted here. ``profile`` defaults to the
        ``browser`` profile with ``crawl.user_agent``. ``revisit``: pages to fetch whether
        linked or not, right after the seed (the pages of the site's active incidents; the
        first ``MAX_REVISIT`` in scope are taken).
        """
        state = progress if progress is not None else CrawlProgress(site)
        run = _Run(self._fetcher, self._settings, site, on_page, profile, state)
        run.revisit = tuple(revisit)
        await run.go()
        return state.snapshot(complete=True)


class _Run:
    """The state of one ``Crawler.crawl`` call."""

    def __init__(
        self,
        fetcher: Fetcher,
        settings: CrawlSettings,
        site: Site,
        on_page: PageHandler | None,
        profile: Profile | None,
        progress: CrawlProgress,
    ) -> None:
        self.fetcher = fetcher
        self.site = site
        self.scope = site.host
        self.on_page = on_page
        self.profile = profile or get_profile("browser", settings.user_agent)
        self.progress = progress
        self.workers = max(2, settings.per_host * 2)
        self.max_urls = settings.max_sitemap_urls
        self.frontier = Frontier(
            self.scope,
            max_pages=site.max_pages or settings.max_pages,
            max_depth=settings.max_depth,
            query_variants=settings.query_variants,
            ports=site_ports(site.url, settings.allowed_ports),
        )
        progress.key = self.frontier.key
        self.sitemap_keys: set[str] = set()
        self.cache: dict[str, _Norm | None] = {}
        self.tasks: set[asyncio.Task[None]] = set()
        self.revisit: tuple[str, ...] = ()

    def norm(self, url: str) -> _Norm | None:
        """Normalised URL and dedup key of ``url`` (cached per crawl, bounded)."""
        if url in self.cache:
            return self.cache[url]
        normal = normalize_url(url)
        value = None
        if normal is not None:
            value = _Norm(normal, self.frontier.key(normal), self.frontier.in_scope(normal))
        if len(self.cache) < NORMALIZE_CACHE:
            self.cache[url] = value
        return value

    async def go(self) -> None:
        """Seed and sitemaps, then the phases of the module docstring."""
        seed_url = normalize_url(self.site.url) or self.site.url
        seed = self.frontier.add(seed_url, 0, via=Via.SEED)
        item = self.frontier.pop() if seed else None
        if item is None:  # an odd seed URL (e.g. ends in .pdf): fetch it anyway
            self.frontier.issued += 1
            item = QueuedUrl(seed_url, 0, Via.SEED, True)
        discovery = asyncio.create_task(
            discover(self.fetcher, seed_url, self.scope, self.profile, self.max_urls)
        )
        try:
            seed_result = await self.fetcher.fetch(item.url, self.profile, self.scope)
            if seed_result.status is None:
                discovery.cancel()
                self.progress.pages.append(self._page(item, seed_result))
                return
            found = await discovery
            self._use_discovery(found, seed_result)
            await self._after_fetch(item, seed_result)
            self._queue_revisits()
            budget = self.frontier.max_pages
            reserve = min(len(found.urls), budget // SITEMAP_SHARE)
            await self._pool(("revisit", "linked"), budget - reserve)
            for url in found.urls:
                self.frontier.add(url, 1, via=Via.SITEMAP, linked=False)
            await self._pool(("revisit", "sitemap", "linked", "unlinked"), budget)
        finally:
            discovery.cancel()
            for task in self.tasks:
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.gather(discovery, *self.tasks, return_exceptions=True)
        log.info(
            "crawled %s: %d pages, %d sitemap URLs, refused %s",
            self.scope,
            len(self.progress.pages),
            len(found.urls),
            self.frontier.refused,
        )

    def _queue_revisits(self) -> None:
        """Queue the pages to re-check (the seed's links already queued keep their place); the
        depth limit does not refuse them (``max_depth`` 0 still re-checks, following nothing)."""
        depth = min(1, self.frontier.max_depth)
        taken = 0
        for url in self.revisit:
            if taken >= MAX_REVISIT:
                break
            norm = self.norm(url)
            if norm is None or not norm.in_scope:
                continue
            taken += 1
            if not self.frontier.has_key(norm.key):
                self.frontier.add(norm.url, depth, via=Via.REVISIT, linked=False, normalized=True)

    def _use_discovery(self, found: SitemapDiscovery, seed: FetchResult) -> None:
        self.progress.sitemap_urls = found.urls
        self.progress.robots_txt = found.robots_txt
        self.progress.limits = tuple(
            Limit(LimitKind.SITEMAP_TRUNCATED, cut.reason, cut.url) for cut in found.truncated
        )
        self.sitemap_keys = {self.frontier.key(u) for u in found.urls}
        if seed.final_url != seed.url:
            self.frontier.mark_seen(seed.final_url)

    async def _pool(self, queues: tuple[str, ...], budget: int) -> None:
        """Fetch from ``queues`` with ``workers`` concurrent tasks until empty or over budget."""
        while True:
            while len(self.tasks) < self.workers:
                item = self.frontier.pop(*queues, budget=budget)
                if item is None:
                    break
                self.tasks.add(asyncio.create_task(self._visit(item)))
            if not self.tasks:
                return
            done, self.tasks = await asyncio.wait(self.tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                task.result()  # a bug in the crawler itself must surface

    async def _visit(self, item: QueuedUrl) -> None:
        result = await self.fetcher.fetch(item.url, self.profile, self.scope)
        if result.final_url != item.url:
            self.frontier.mark_seen(result.final_url)
        await self._after_fetch(item, result)

    def _page(self, item: QueuedUrl, result: FetchResult) -> CrawledPage:
        return CrawledPage(
            fetch=result,
            depth=item.depth,
            via=item.via,
            in_sitemap=self.frontier.key(item.url) in self.sitemap_keys,
            linked=item.linked,
        )

    async def _after_fetch(self, item: QueuedUrl, result: FetchResult) -> None:
        """Record the page, then queue the in-scope links it yields.

        With a page handler the body is the handler's: the recorded page keeps everything but
        ``text``, so a crawl holds no page bodies (memory stays flat however many pages a
        site has, and every site of a scan crawls at once).
        """
        page = self._page(item, result)
        links: Iterable[str | Discovered]
        if self.on_page is not None:
            kept = replace(page, fetch=replace(result, text=None)) if result.text else page
            self.progress.pages.append(kept)
            try:
                links = await self.on_page(page)
            except Exception:
                # The pipeline's handler records its own analysis failures as page records;
                # this is the last guard for other handlers: log it and keep crawling.
                log.exception("page handler failed on %s", item.url)
                links = ()
        else:
            self.progress.pages.append(page)
            links = extract_links(result)
        depth = item.depth + 1
        for found in links:
            link, via = (found, Via.LINK) if isinstance(found, str) else (found.url, found.via)
            norm = self.norm(link)
            if norm is None or not norm.in_scope:
                continue
            if item.linked:
                self.progress.linked_keys.add(norm.key)
            if depth <= self.frontier.max_depth and not self.frontier.has_key(norm.key):
                self.frontier.add(norm.url, depth, via=via, linked=item.linked, normalized=True)
