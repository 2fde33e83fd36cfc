"""The pages of a site's active incidents are fetched again, linked or not (issue 12)."""

from __future__ import annotations

from collections.abc import Callable

from scanner.crawl import Crawler
from scanner.crawl.crawler import MAX_REVISIT
from scanner.models import Site, Via
from tests.crawl.mockserver import CONTOH, World

CrawlerFor = Callable[..., Crawler]
SITE = Site(url=f"http://{CONTOH}/", name="Pemerintah Kabupaten Contoh")
BASE = f"http://{CONTOH}"
# an injected page the attacker unlinked (the world answers 404 for it: fetched all the same)
ORPHAN = BASE + "/pengumuman/2024/slot-gacor-hari-ini"


async def test_revisit_pages_come_right_after_the_seed(
    crawler_for: CrawlerFor, world: World
) -> None:
    revisit = [ORPHAN, "https://judi.example/x"]
    result = await crawler_for(max_depth=3).crawl(SITE, revisit=revisit)
    urls = [p.fetch.url for p in result.pages]
    assert urls[0] == BASE + "/" and ORPHAN in urls[1:4]
    [orphan] = [p for p in result.pages if p.fetch.url == ORPHAN]
    assert (orphan.via, orphan.linked, orphan.depth) == (Via.REVISIT, False, 1)
    assert "/pengumuman/2024/slot-gacor-hari-ini" in world.paths(CONTOH)
    assert {h.host for h in world.hits} == {CONTOH}  # an off-site revisit URL is never fetched


async def test_a_linked_revisit_page_is_fetched_once(crawler_for: CrawlerFor, world: World) -> None:
    result = await crawler_for(max_depth=3).crawl(SITE, revisit=[BASE + "/profil"])
    assert world.paths(CONTOH).count("/profil") == 1
    assert [p.via for p in result.pages if p.fetch.url == BASE + "/profil"] == [Via.LINK]


async def test_revisits_are_bounded_and_count_in_the_page_budget(
    crawler_for: CrawlerFor,
) -> None:
    many = [f"{BASE}/arsip/{n}" for n in range(MAX_REVISIT + 20)]
    small = await crawler_for(max_pages=5).crawl(SITE, revisit=many)
    assert len(small.pages) == 5  # the seed and four revisits: the budget holds
    assert [p.via for p in small.pages[1:]] == [Via.REVISIT] * 4
    big = await crawler_for(max_pages=500, max_depth=0).crawl(SITE, revisit=many)
    assert sum(p.via is Via.REVISIT for p in big.pages) == MAX_REVISIT
