"""Whole-site crawls against the loopback world: what is crawled, what is not, and why."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

import pytest

from scanner.crawl import Crawler, CrawlProgress, extract_links
from scanner.models import CrawledPage, CrawlResult, FetchResult, Site
from tests.crawl.mockserver import BAPENDA, CONTOH, World

CrawlerFor = Callable[..., Crawler]
SITE = Site(url=f"http://{CONTOH}/", name="Pemerintah Kabupaten Contoh")


def _by_path(result: CrawlResult) -> dict[str, CrawledPage]:
    prefix = f"http://{CONTOH}"
    return {p.fetch.url.removeprefix(prefix): p for p in result.pages}


async def test_full_crawl_of_a_site(crawler_for: CrawlerFor, world: World) -> None:
    result = await crawler_for(max_depth=3).crawl(SITE)
    pages = _by_path(result)
    assert result.complete
    assert pages["/"].via == "seed" and pages["/"].depth == 0 and pages["/"].in_sitemap
    # scope: www and bare are one site; nothing off-site is ever requested
    assert {h.host for h in world.hits} == {CONTOH}
    assert all("contoh.go.id" in p.fetch.url for p in result.pages)
    # dedup: /profil is linked in five spellings and listed in the sitemap, fetched once
    assert world.paths(CONTOH).count("/profil") == 1
    # images and documents are not crawled
    assert not any(p.endswith((".pdf", ".jpg")) for p in world.paths(CONTOH))
    # area links, news about judi online and Bandar Lampung are ordinary pages
    for path in ("/peta/kecamatan", "/berita/waspada-judi-online", "/layanan/jadwal"):
        assert pages[path].linked and pages[path].fetch.ok


async def test_sitemap_only_pages_are_crawled_unlinked(crawler_for: CrawlerFor) -> None:
    result = await crawler_for(max_depth=3).crawl(SITE)
    pages = _by_path(result)
    doorway = pages["/promo/slot-gacor-maxwin"]  # disallowed in robots.txt: crawled anyway
    assert (doorway.via, doorway.in_sitemap, doorway.linked) == ("sitemap", True, False)
    assert "SLOT GACOR" in (doorway.fetch.text or "")
    child = pages["/promo/rtp-live"]  # only the doorway links to it
    assert (child.via, child.linked, child.in_sitemap) == ("link", False, False)
    assert pages["/kontak"].in_sitemap and pages["/kontak"].linked
    assert f"http://{CONTOH}/promo/slot-gacor-maxwin" in result.sitemap_urls
    assert result.robots_txt is not None and "sitemap:" in result.robots_txt
    # sitemap-only pages come after the link crawl
    order = [p.fetch.url for p in result.pages]
    assert order.index(doorway.fetch.url) > order.index(pages["/berita/?page=2"].fetch.url)


async def test_max_pages_keeps_room_for_sitemap_only_pages(crawler_for: CrawlerFor) -> None:
    result = await crawler_for(max_pages=5).crawl(SITE)
    assert len(result.pages) == 5
    assert any(p.via == "sitemap" for p in result.pages)


async def test_site_max_pages_overrides_settings(crawler_for: CrawlerFor) -> None:
    site = Site(url=f"http://{CONTOH}/", max_pages=3)
    result = await crawler_for(max_pages=500).crawl(site)
    assert len(result.pages) == 3


async def test_max_depth(crawler_for: CrawlerFor, world: World) -> None:
    result = await crawler_for(max_depth=2).crawl(SITE)
    arsip = sorted(p.fetch.url for p in result.pages if "/arsip/" in p.fetch.url)
    assert arsip == [f"http://{CONTOH}/arsip/1", f"http://{CONTOH}/arsip/2"]
    assert max(p.depth for p in result.pages) == 2


async def test_endless_calendar_is_capped(crawler_for: CrawlerFor) -> None:
    crawler = crawler_for(max_depth=1000, max_pages=400, query_variants=6)
    result = await asyncio.wait_for(crawler.crawl(SITE), timeout=20)
    agenda = [p for p in result.pages if "/agenda" in p.fetch.url]
    assert len(agenda) == 6
    assert result.complete


async def test_page_handler_supplies_links(crawler_for: CrawlerFor) -> None:
    seen: list[str] = []

    async def on_page(page: CrawledPage) -> Sequence[str]:
        seen.append(page.fetch.url)
        if page.via == "seed":
            return [f"http://{CONTOH}/kontak", "https://slot-gacor.example/"]
        if page.fetch.url.endswith("/kontak"):
            raise RuntimeError("a bug in the page handler")
        return []

    result = await crawler_for().crawl(SITE, on_page=on_page)
    urls = {p.fetch.url for p in result.pages}
    assert f"http://{CONTOH}/kontak" in urls
    assert f"http://{CONTOH}/profil" in urls  # from the sitemap, not from a link
    assert f"http://{CONTOH}/peta/kecamatan" not in urls  # the handler did not return it
    assert set(seen) == urls


async def test_dead_site_refused(crawler_for: CrawlerFor) -> None:
    result = await crawler_for().crawl(Site(url="http://mati.contoh.go.id/"))
    [page] = result.pages
    assert page.fetch.error is not None and page.fetch.error.kind == "refused"
    assert result.complete and result.sitemap_urls == ()


async def test_seed_redirecting_off_site(crawler_for: CrawlerFor, world: World) -> None:
    result = await crawler_for().crawl(Site(url=f"http://{BAPENDA}/keluar"))
    [page] = result.pages
    assert page.fetch.offsite_redirect == "https://slot-gacor.example/daftar?ref=bapenda"
    assert {h.host for h in world.hits} == {BAPENDA}


async def test_seed_redirect_within_site_is_not_fetched_twice(
    crawler_for: CrawlerFor, world: World
) -> None:
    result = await crawler_for().crawl(Site(url=f"http://{BAPENDA}/pindah"))
    assert result.pages[0].fetch.final_url == f"http://{BAPENDA}/pajak"
    assert world.paths(BAPENDA).count("/pajak") == 1


async def test_malformed_html_still_yields_links(crawler_for: CrawlerFor) -> None:
    result = await crawler_for().crawl(Site(url=f"http://{BAPENDA}/rusak"))
    crawled = {p.fetch.url.rsplit("/", 1)[1] for p in result.pages}
    assert {"pbb", "bphtb", "retribusi"} <= crawled


def test_extract_links_honours_base_and_skips_non_html() -> None:
    html = (
        '<html><head><base href="/sub/"></head><body><a href="a">A</a>'
        '<a href="https://x.example/">X</a><a>no href</a></body></html>'
    )
    page = FetchResult(
        url="http://a.go.id/",
        final_url="http://a.go.id/",
        profile="browser",
        status=200,
        content_type="text/html",
        text=html,
    )
    assert extract_links(page) == ["http://a.go.id/sub/a", "https://x.example/"]
    xhtml = '<?xml version="1.0" encoding="utf-8"?><html><body><a href="/b">b</a></body></html>'
    assert extract_links(
        FetchResult(
            url="http://a.go.id/",
            final_url="http://a.go.id/",
            profile="browser",
            status=200,
            content_type="application/xhtml+xml",
            text=xhtml,
        )
    ) == ["http://a.go.id/b"]
    assert extract_links(FetchResult(url="u", final_url="u", profile="browser")) == []


async def test_cancelled_crawl_keeps_what_it_gathered(crawler_for: CrawlerFor) -> None:
    async def slow(page: CrawledPage) -> Sequence[str]:
        await asyncio.sleep(0.05)
        return extract_links(page.fetch)

    progress = CrawlProgress(SITE)
    crawler = crawler_for(max_depth=1000, max_pages=1000, per_host=1)
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(crawler.crawl(SITE, on_page=slow, progress=progress), 0.4)
    partial = progress.snapshot()
    assert not partial.complete
    assert 1 <= len(partial.pages) < 100
    assert partial.pages[0].via == "seed"


def test_snapshot_marks_pages_linked_later() -> None:
    progress = CrawlProgress(SITE)
    fetch = FetchResult(url=f"http://{CONTOH}/x", final_url=f"http://{CONTOH}/x", profile="b")
    progress.pages.append(CrawledPage(fetch, 1, via="sitemap", in_sitemap=True, linked=False))
    assert not progress.snapshot().pages[0].linked
    progress.linked_keys.add(f"http://{CONTOH}/x")
    assert progress.snapshot().pages[0].linked


async def test_page_handler_owns_the_body_and_the_result_keeps_none(
    crawler_for: CrawlerFor,
) -> None:
    """With a handler, bodies are not retained in the crawl result (memory stays flat)."""
    handed: dict[str, int] = {}

    async def on_page(page: CrawledPage) -> Sequence[str]:
        handed[page.fetch.url] = len(page.fetch.text or "")
        return []

    result = await crawler_for().crawl(SITE, on_page=on_page)
    home = f"http://{CONTOH}/"
    assert handed[home] > 100  # the handler saw the homepage body
    page = next(p for p in result.pages if p.fetch.url == home)
    assert page.fetch.text is None
    assert page.fetch.status == 200 and page.fetch.size > 100
    assert page.fetch.body_sha256  # what the state DB keeps is still there
