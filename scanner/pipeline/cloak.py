"""The cloaking plan of one site: which pages to compare across profiles, and the comparison.

The sample is the homepage, every sitemap-only page and every suspicious page (up to
``MAX_SAMPLE`` of each) and the first ``detect.cloak_sample`` other pages. The next
``detect.mobile_sample`` other pages are compared with the mobile profile only: a server that
redirects phones on one inner article shows it to no other profile and in no code, and one
request per page is cheap. A site caught cloaking on the sample is compared on the rest of its
pages too (up to ``MAX_ESCALATION``), so the incident lists every affected URL, not just the
sample; pages the mobile profile already saw are not fetched by it again.

The browser side of every comparison is the crawl's own fetch of the page, so no page is
fetched twice as a browser; only the other profiles (Googlebot, mobile, Google referer) fetch
the chosen pages, once each. A page certain to be sampled is summarised as it is analysed
(``BrowserSide``: no body, no text). A page that would only be compared if the site turns out
to cloak keeps what the summary reads (title, visible and hidden text compressed, meta,
off-site links, scripts), and is summarised only then: summarising costs about a third of a page's
analysis, and most sites never escalate. Nothing is kept for pages that cannot be chosen.
"""

from __future__ import annotations

import asyncio
import logging
import zlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from scanner.crawl import Fetcher
from scanner.detect import Observation, compare_profiles
from scanner.detect.cloaking import BrowserSide, browser_side
from scanner.extract import analyse
from scanner.models import (
    CrawledPage,
    FetchResult,
    Finding,
    Link,
    MetaRefresh,
    PageView,
    Profile,
    Script,
    TextBlock,
)
from scanner.pipeline.env import BROWSER, ScanEnv
from scanner.pipeline.page import analysis_turn

MOBILE = "mobile"
"""The profile that alone compares the pages after the sample (``detect.mobile_sample``)."""

log = logging.getLogger(__name__)

MAX_SAMPLE = 50
MAX_ESCALATION = 300
"""At most this many sitemap-only and this many suspicious pages are sampled; at most
``MAX_ESCALATION`` further pages are compared once a site is caught cloaking."""


class CloakPlan:
    """Candidates of one site in crawl order, with their browser sides (owned by one job)."""

    def __init__(self, site_url: str, host: str, env: ScanEnv) -> None:
        """An empty plan for the site at ``site_url``."""
        self._site_url = site_url
        self._host = host
        self._env = env
        self._limit = env.settings.detect.cloak_sample
        self._mobile_limit = env.settings.detect.mobile_sample
        self._homepage: str | None = None
        self._sitemap_only: list[str] = []
        self._suspicious: list[str] = []
        self._others: list[str] = []
        self._sides: dict[str, BrowserSide] = {}
        self._deferred: dict[str, _Deferred] = {}

    def offer(
        self, page: CrawledPage, view: PageView | None, suspicious: bool, analysed: bool
    ) -> None:
        """Consider one analysed page; keep its browser side only if it may be compared."""
        url = page.fetch.url
        sampled = escalation = False
        if page.via == "seed" and self._homepage is None:
            self._homepage = url
            sampled = True
        if analysed:
            if suspicious:
                sampled |= _append(self._suspicious, url, MAX_SAMPLE)
            elif page.via != "seed":
                # Others beyond the sample may still be compared if the site is caught: keep
                # enough for the escalation (others already sampled another way are skipped).
                bound = self._limit + self._mobile_limit + MAX_ESCALATION + 2 * MAX_SAMPLE + 1
                if _append(self._others, url, bound):
                    sampled |= len(self._others) <= self._limit
                    escalation = not sampled
        if not page.linked and page.in_sitemap:
            sampled |= _append(self._sitemap_only, url, MAX_SAMPLE)
        if url in self._sides:
            return
        if sampled:
            self._deferred.pop(url, None)
            observed = Observation(profile=BROWSER, fetch=page.fetch, view=view)
            self._sides[url] = browser_side(url, observed, self._env.sigs, self._host)
        elif escalation:
            self._deferred[url] = _Deferred.of(page.fetch, view)

    def _side(self, url: str) -> BrowserSide | None:
        """The browser side of ``url``: summarised already, or now from what was kept."""
        side = self._sides.get(url)
        if side is None and url in self._deferred:
            kept = self._deferred.pop(url)
            observed = Observation(profile=BROWSER, fetch=kept.fetch, view=kept.view())
            side = self._sides[url] = browser_side(url, observed, self._env.sigs, self._host)
        return side

    def sample(self) -> list[str]:
        """Homepage, sitemap-only pages, suspicious pages and the first few others."""
        chosen = [self._homepage or self._site_url]
        chosen += self._sitemap_only + self._suspicious + self._others[: self._limit]
        return list(dict.fromkeys(u for u in chosen if u))

    def escalation(self, sampled: Sequence[str]) -> list[str]:
        """The other pages to compare once the sample showed cloaking."""
        seen = set(sampled)
        return [u for u in self._others if u not in seen][:MAX_ESCALATION]

    def mobile_only(self, sampled: Sequence[str]) -> list[str]:
        """The pages after the sample that the mobile profile alone compares."""
        if MOBILE not in self._env.profiles:
            return []
        seen = set(sampled)
        extra = self._others[self._limit : self._limit + self._mobile_limit]
        return [u for u in extra if u not in seen]

    async def compare(
        self, urls: Sequence[str], names: Collection[str] | None = None
    ) -> list[Finding]:
        """Fetch ``urls`` with every non-browser profile (or those ``names``) and compare with
        the crawl's view."""
        others = {
            n: p
            for n, p in self._env.profiles.items()
            if n != BROWSER and (names is None or n in names)
        }
        if not others or not urls:
            return []

        async def one(url: str) -> list[Finding]:
            # Summarising, parsing and matching a page costs up to seconds of CPU (a 5 MB
            # page, three profiles): in a thread, as the crawl's own analysis is, so the other
            # sites of this process keep their event loop (issue 12, item 8).
            async with analysis_turn(self._host):
                side = await asyncio.to_thread(self._side, url)
            if side is None:  # never crawled (e.g. the seed failed): nothing to compare with
                log.debug("%s: no browser observation of %s; not compared", self._host, url)
                return []
            seen = await observe_profiles(self._env.fetcher, others, url, self._host)
            async with analysis_turn(self._host):
                return await asyncio.to_thread(
                    compare_profiles, url, seen, self._env.sigs, self._host, browser_seen=side
                )

        out: list[Finding] = []
        for found in await asyncio.gather(*(one(u) for u in urls)):
            out.extend(found)
        return out

    async def run(self) -> list[Finding]:
        """Compare the sample, and more pages as a phone; on cloaking, the rest (see the
        module docstring)."""
        sample = self.sample()
        phone = self.mobile_only(sample)
        found = await self.compare(sample)
        found += await self.compare(phone, (MOBILE,))
        if found:
            others = [n for n in self._env.profiles if n not in (BROWSER, MOBILE)]
            found += await self.compare(phone, others)
            found += await self.compare(self.escalation([*sample, *phone]))
        return found


@dataclass(frozen=True, slots=True)
class _Deferred:
    """The crawl's browser observation of a page that may be compared later, kept small: the
    fetch without its body, and the parts of the view the summary reads, the texts (the bulk)
    compressed. Scripts, meta and the off-site links are the view's own objects, shared."""

    fetch: FetchResult
    view_parts: tuple[str, str, tuple[tuple[str, str], ...]] | None
    """(url, title, meta) of the view; None when the page had no view."""
    texts: bytes = b""
    """zlib of the visible text followed by the hidden text."""
    visible_chars: int = 0
    links: tuple[Link, ...] = ()
    scripts: tuple[Script, ...] = ()
    meta_refresh: MetaRefresh | None = None

    @classmethod
    def of(cls, fetch: FetchResult, view: PageView | None) -> _Deferred:
        """Keep what ``browser_side`` needs of this observation."""
        small_fetch = replace(fetch, text=None)
        if view is None:
            return cls(fetch=small_fetch, view_parts=None)
        texts = (view.visible_text + view.hidden_text).encode("utf-8", "surrogatepass")
        return cls(
            fetch=small_fetch,
            view_parts=(view.url, view.title, view.meta),
            texts=zlib.compress(texts, 1),
            visible_chars=len(view.visible_text),
            links=tuple(link for link in view.links if not link.internal),
            scripts=view.scripts,
            meta_refresh=view.meta_refresh,
        )

    def view(self) -> PageView | None:
        """The kept parts of the view, as a view (None when the page had none)."""
        if self.view_parts is None:
            return None
        url, title, meta = self.view_parts
        text = zlib.decompress(self.texts).decode("utf-8", "surrogatepass")
        visible, hidden = text[: self.visible_chars], text[self.visible_chars :]
        return PageView(
            url=url,
            title=title,
            visible_text=visible,
            hidden=(TextBlock(hidden, "", "kept"),) if hidden else (),
            links=self.links,
            scripts=self.scripts,
            meta=meta,
            meta_refresh=self.meta_refresh,
        )


def _append(items: list[str], url: str, bound: int) -> bool:
    """Append ``url`` if the list is under ``bound``; True when it was appended."""
    if len(items) >= bound:
        return False
    items.append(url)
    return True


async def observe_profiles(
    fetcher: Fetcher, profiles: Mapping[str, Profile], url: str, host: str
) -> dict[str, Observation]:
    """Fetch ``url`` once with every profile given (concurrently) and analyse each HTML answer.

    The observations are what the cloaking comparison needs; ``scanner check URL`` uses them
    too. Non-HTML answers (a redirect, an error) carry no view.
    """
    fetches = await asyncio.gather(*(fetcher.fetch(url, p, host) for p in profiles.values()))
    observations: dict[str, Observation] = {}
    for name, fetch in zip(profiles, fetches, strict=True):
        final = fetch.final_url or fetch.url
        view = None
        if fetch.is_html and fetch.text:  # a parse of up to seconds: off the event loop
            async with analysis_turn(host):
                view = await asyncio.to_thread(analyse, fetch.text, final, site_host=host)
        observations[name] = Observation(profile=name, fetch=fetch, view=view)
    return observations
