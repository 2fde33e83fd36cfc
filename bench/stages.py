"""The scanner's own benchmarks, registered in ``bench.__main__.BENCHES``.

- ``crawl``: the real crawler over every site, each page parsed once by ``extract.analyse``
  (the "crawl + parse" figure, comparable with the bare aiohttp fetch of the same URLs);
- ``scanner``: the whole pipeline per site (crawl, extract, every detector, fingerprints,
  cloaking sample, judge) without a state DB;
- ``analysis``: the analysis stage alone over generated 50 KB pages, in one process (per core):
  extract + normalise + all matchers + detectors, and the share taken by fingerprinting; on
  pages with CMS chrome (text ~29% of the bytes, as real pages) and on text-heavy pages (87%).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence

from bench.pages import DEFAULT_TEXT_SHARE, generated_pages
from scanner.config import MAX_PER_IP, Settings, load_settings
from scanner.crawl import Crawler, Fetcher, make_session
from scanner.demo.world import World
from scanner.detect import PageContext, detect_page
from scanner.extract import analyse
from scanner.integrity import fingerprint
from scanner.models import CrawledPage, FetchResult, Site
from scanner.pipeline import scan_sites
from scanner.signatures import load_signatures


@dataclasses.dataclass(frozen=True, slots=True)
class StageFigures:
    """Per-page costs of the analysis stage (milliseconds) and the derived throughput."""

    pages: int
    megabytes: float
    analyse_ms: float
    detect_ms: float
    fingerprint_ms: float

    @property
    def total_ms(self) -> float:
        """Extract + detect + fingerprint per page."""
        return self.analyse_ms + self.detect_ms + self.fingerprint_ms

    @property
    def pages_per_second(self) -> float:
        """Pages per second on one core."""
        return 1000.0 / self.total_ms if self.total_ms else 0.0


def bench_settings(overrides: tuple[tuple[str, str], ...], pages: int) -> Settings:
    """Settings reaching the served world; crawl limits large enough to fetch every page."""
    base = load_settings(env={})
    crawl = dataclasses.replace(
        base.crawl,
        host_overrides=overrides,
        trust_env=False,
        retries=0,
        max_pages=pages + 10,
        max_depth=50,
        # Every world site is served from one loopback address: the per-IP cap (politeness
        # towards one real server) would measure the cap, not the scanner.
        per_ip=MAX_PER_IP,
    )
    return dataclasses.replace(base, crawl=crawl)


def sites_of(world: World) -> list[Site]:
    """Inventory records for the world's sites."""
    return [Site(url=s.url, name=s.name, owner=s.owner, contact=s.contact) for s in world.sites]


async def crawl_and_parse(world: World, overrides: tuple[tuple[str, str], ...], pages: int) -> int:
    """Crawl every site with the real crawler, parsing each HTML page once; returns pages."""
    import asyncio

    settings = bench_settings(overrides, pages)
    count = 0

    async def handler(page: CrawledPage) -> Sequence[str]:
        nonlocal count
        count += 1
        fetch = page.fetch
        if not (fetch.is_html and fetch.text):
            return []
        view = analyse(fetch.text, fetch.final_url or fetch.url)
        return [link.url for link in view.links if link.internal]

    async with make_session(settings.crawl) as session:
        crawler = Crawler(Fetcher(session, settings.crawl), settings.crawl)
        await asyncio.gather(*(crawler.crawl(site, handler) for site in sites_of(world)))
    return count


async def full_scan(world: World, overrides: tuple[tuple[str, str], ...], pages: int) -> int:
    """The whole pipeline over every site (no state DB); returns pages fetched."""
    settings = bench_settings(overrides, pages)
    result = await scan_sites(sites_of(world), settings)
    return sum(len(s.pages) for s in result.sites)


def analysis_stage(
    n: int = 300, size_kb: int = 50, text_share: float = DEFAULT_TEXT_SHARE
) -> StageFigures:
    """Time each analysis step over ``n`` generated pages of about ``size_kb`` KB.

    Pages go through the steps one at a time, as in a scan (extract, detect, fingerprint), so
    no more than one page's view is alive at once; each step is timed on its own.
    """
    sigs = load_signatures()
    pages = generated_pages(n, size_kb=size_kb, text_share=text_share)
    t_analyse = t_detect = t_fp = 0.0
    for page in pages:
        started = time.perf_counter()
        view = analyse(page.html, page.url)
        analysed = time.perf_counter()
        ctx = PageContext(url=page.url, site_host=view.url.split("/")[2])
        detect_page(view, ctx, sigs)
        detected = time.perf_counter()
        fetch = FetchResult(
            url=page.url, final_url=page.url, profile="browser", status=200,
            content_type="text/html", text=page.html,
        )  # fmt: skip
        fingerprint(view, fetch)
        t_fp += time.perf_counter() - detected
        t_detect += detected - analysed
        t_analyse += analysed - started
    megabytes = sum(len(p.html.encode()) for p in pages) / 1e6
    return StageFigures(
        pages=n,
        megabytes=megabytes,
        analyse_ms=1000 * t_analyse / n,
        detect_ms=1000 * t_detect / n,
        fingerprint_ms=1000 * t_fp / n,
    )
