"""Analysis of one crawled page: extract, detect, fingerprint; a failure is data, not a loss.

``analyse_page`` turns a ``CrawledPage`` (the crawl's browser fetch, body included) into a
``PageAnalysis``: the page record without a verdict yet (the site job judges once, at the end),
the page's own findings, its fingerprint, the internal links for the crawler, and the parsed
view for the cloaking plan to summarise. Everything from the page is hostile: an exception
while analysing it becomes a record with an ``analysis`` error and its reason, the page's
verdict is ``error`` and its site is incomplete; the scan goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import traceback
import weakref
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace

from scanner.crawl import Discovered, form_target
from scanner.detect import PageContext, detect_page
from scanner.extract import MAX_HTML_CHARS, MAX_INLINE_SCRIPT_CHARS, MAX_SCRIPTS, analyse
from scanner.integrity import fingerprint
from scanner.models import (
    CrawledPage,
    FetchError,
    FetchErrorKind,
    Finding,
    Fingerprint,
    Limit,
    LimitKind,
    PageRecord,
    PageView,
    Site,
    Verdict,
    Via,
)
from scanner.pipeline.assets import SiteAssets
from scanner.pipeline.env import ScanEnv

log = logging.getLogger(__name__)

ANALYSIS_ERROR = FetchErrorKind.ANALYSIS
"""``FetchError.kind`` of a page that was fetched but whose analysis raised."""
MAX_REASON = 500


@dataclass(frozen=True, slots=True)
class PageAnalysis:
    """One page analysed. ``view`` is transient: the site job drops it once the cloaking plan
    has summarised what it needs (records keep no bodies and no views)."""

    record: PageRecord
    findings: tuple[Finding, ...] = ()
    links: tuple[str | Discovered, ...] = ()
    """Internal links, then the same-site GET form actions (``Via.FORM``) for the crawler."""
    view: PageView | None = None
    shown_links: tuple[str, ...] = ()
    """Internal links a key page (depth <= 1) shows visibly: new pages there are the site's
    own, not doorways (the integrity stage's drift reads them)."""
    suspicious: bool = False
    """Worth comparing across profiles: a finding, or off-site links in hidden content."""
    analysed: bool = False
    """True for HTML pages (and off-site redirects) that went through the detectors."""

    @property
    def failed(self) -> bool:
        """The analysis raised (the record carries the reason)."""
        error = self.record.error
        return error is not None and error.kind == ANALYSIS_ERROR


def form_actions(view: PageView) -> tuple[Discovered, ...]:
    """Same-site GET form actions, without parameters: pages only a form leads to (a search
    page a site-wide injection is on too). POST forms are never submitted."""
    out: dict[str, None] = {}
    for form in view.forms:
        if not form.internal:
            continue
        target = form_target(form.action, form.method)
        if target is not None and target != view.url:
            out[target] = None
    return tuple(Discovered(u, Via.FORM) for u in out)


def page_record(page: CrawledPage) -> PageRecord:
    """What the state keeps of a crawled page (no body); the verdict comes at the end."""
    f = page.fetch
    return PageRecord(
        url=f.url,
        final_url=f.final_url,
        status=f.status,
        redirects=f.redirects,
        content_type=f.content_type,
        size=f.size,
        elapsed_ms=f.elapsed_ms,
        error=f.error,
        body_sha256=f.body_sha256,
        via=page.via,
        tls_verified=f.tls_verified,
    )


def analysis_limits(text: str, view: PageView, url: str) -> tuple[Limit, ...]:
    """What of this page the extractor's caps left unread: each cut is recorded, so a payload
    placed past a cap makes the page "not fully analysed" instead of silently clean."""
    limits = []
    if len(text) > MAX_HTML_CHARS:
        detail = f"{len(text):,} characters; only the first {MAX_HTML_CHARS:,} were analysed"
        limits.append(Limit(LimitKind.HTML_CHARS, detail, url))
    # The extractor keeps an inline script's first MAX_INLINE_SCRIPT_CHARS characters: one that long
    # was (or may have been) cut.
    cut = sum(1 for s in view.scripts if s.src is None and len(s.code) >= MAX_INLINE_SCRIPT_CHARS)
    if cut:
        over = f"{MAX_INLINE_SCRIPT_CHARS:,}"
        detail = f"{cut} inline script(s) over {over} characters; the rest unread"
        limits.append(Limit(LimitKind.SCRIPT_CHARS, detail, url))
    if len(view.scripts) >= MAX_SCRIPTS:
        limits.append(Limit(LimitKind.SCRIPTS, f"only the first {MAX_SCRIPTS} scripts read", url))
    return tuple(limits)


async def analyse_page(
    page: CrawledPage, site: Site, env: ScanEnv, assets: SiteAssets
) -> PageAnalysis:
    """Analyse one page; never raises for what the page contains (see the module docstring)."""
    record = page_record(page)
    try:
        return await _analyse(page, site, env, assets, record)
    except Exception as exc:  # hostile input met a bug: record it, lose nothing else
        reason = f"{type(exc).__name__}: {exc}"[:MAX_REASON]
        log.error("%s: analysis failed: %s", page.fetch.url, reason)
        log.debug("%s", traceback.format_exc())
        error = FetchError(kind=ANALYSIS_ERROR, message=reason)
        return PageAnalysis(record=replace(record, error=error, verdict=Verdict.ERROR))


ANALYSIS_THREADS = 2
"""Pages parsed and matched at once per event loop (threads): the loop stays free to fetch."""
SITE_ANALYSIS_THREADS = 1
"""Of those, pages of one site at once. A site of heavy pages (a gzip bomb: dozens of 5 MB
pages) then takes its turns and leaves the other thread to every other site, instead of
queueing all its pages ahead of theirs and pushing them past their deadlines (issue 12)."""


class _Turns:
    """The bounds of one event loop: all analyses, and those of each site."""

    def __init__(self) -> None:
        self.all = asyncio.Semaphore(ANALYSIS_THREADS)
        self.sites: dict[str, asyncio.Semaphore] = {}


_turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Turns] = (
    weakref.WeakKeyDictionary()
)


@contextlib.asynccontextmanager
async def analysis_turn(site: str) -> AsyncIterator[None]:
    """Wait for a turn to analyse one page of ``site`` (its host) in a thread: at most
    ``ANALYSIS_THREADS`` pages at once on this loop, ``SITE_ANALYSIS_THREADS`` of one site."""
    loop = asyncio.get_running_loop()
    turns = _turns.get(loop)
    if turns is None:
        turns = _turns[loop] = _Turns()
    mine = turns.sites.get(site)
    if mine is None:
        mine = turns.sites[site] = asyncio.Semaphore(SITE_ANALYSIS_THREADS)
    async with mine, turns.all:
        yield


def _inspect(
    text: str | None,
    url: str,
    ctx: PageContext,
    css: str,
    env: ScanEnv,
    ignore: tuple[str, ...],
) -> tuple[PageView, list[Finding], Fingerprint, tuple[Limit, ...]]:
    """The CPU part of a page's analysis (run in a worker thread): parse, detect, fingerprint."""
    if text is not None:
        view = analyse(text, url, site_host=ctx.site_host, css=css)
        limits = analysis_limits(text, view, url)
    else:
        view, limits = analyse("", url, site_host=ctx.site_host), ()
    findings = list(detect_page(view, ctx, env.sigs))
    assert ctx.fetch is not None
    return view, findings, fingerprint(view, ctx.fetch, ignore), limits


async def _analyse(
    page: CrawledPage, site: Site, env: ScanEnv, assets: SiteAssets, record: PageRecord
) -> PageAnalysis:
    fetch = page.fetch
    html = fetch.is_html and bool(fetch.text)
    if not (fetch.offsite_redirect or html):
        return PageAnalysis(record=record)
    url = fetch.final_url or fetch.url
    host = site.host
    ctx = PageContext(
        url=url,
        site_host=host,
        fetch=fetch,
        in_sitemap=page.in_sitemap,
        linked=page.linked,
        is_homepage=page.via == "seed",
    )
    text = fetch.text if html else None
    css = await assets.stylesheets(text, url) if text is not None else ""
    # Parsing and detection are CPU work (seconds for a 5 MB page): off the event loop, so a
    # site of heavy pages cannot stall the fetches and deadlines of every other site.
    async with analysis_turn(host):
        inspected = await asyncio.to_thread(_inspect, text, url, ctx, css, env, site.ignore)
    view, findings, fp, limits = inspected
    links: tuple[str | Discovered, ...] = ()
    if html:
        links = (*(link.url for link in view.links if link.internal), *form_actions(view))
    if limits:
        log.warning("%s: not fully analysed: %s", url, "; ".join(x.detail for x in limits))
        record = replace(record, limits=limits)
    if view.scripts:
        findings.extend(await assets.scripts(view, ctx))
    # Hidden UI (mobile menus, modals) alone is on nearly every page: not suspicious by itself.
    suspicious = bool(findings) or any(link.hidden and not link.internal for link in view.links)
    shown: tuple[str, ...] = ()
    if page.depth <= 1:
        shown = tuple(lk.url for lk in view.links if lk.internal and not lk.hidden)
    return PageAnalysis(
        record=replace(record, fingerprint=fp),
        findings=tuple(findings),
        links=links,
        shown_links=shown,
        view=view,
        suspicious=suspicious,
        analysed=True,
    )
