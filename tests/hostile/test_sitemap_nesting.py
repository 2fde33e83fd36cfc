"""A sitemap index nested deeper than MAX_INDEX_DEPTH is recorded as a cut, never dropped silently.

Found while checking the limits table (issue 12): the files past the nesting cap were skipped
with no log line and no ``sitemap_truncated`` limit, so a doorway listed one level deeper was
invisible, as the oversized sitemaps of item 4 used to be.
"""

from __future__ import annotations

import itertools

from scanner.crawl import discover, profile
from scanner.crawl.sitemaps import MAX_INDEX_DEPTH
from scanner.demo.hostile import pages
from tests.crawl.loopback import raw, serve

HOST = "jdih.kabtirta.go.id"
ROOT = f"http://{HOST}/"


def index(child: str) -> bytes:
    return (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{ROOT}{child}</loc></sitemap></sitemapindex>"
    ).encode()


async def test_an_index_nested_past_the_cap_is_a_cut() -> None:
    names = ["sitemap.xml", *(f"sitemap-{n}.xml" for n in range(1, MAX_INDEX_DEPTH + 2))]
    routes = {f"/{name}": raw(index(child), "application/xml")
              for name, child in itertools.pairwise(names)}
    doorway = f"{ROOT}wp-content/uploads/slot-gacor.html"
    routes[f"/{names[-1]}"] = raw(pages.sitemap([doorway]).encode(), "application/xml")
    async with serve(HOST, routes) as site:
        found = await discover(site.fetcher(), ROOT, HOST, profile("browser"), 5000)
    assert doorway not in found.urls  # past the cap: not read ...
    assert [c.url for c in found.truncated] == [f"{ROOT}{names[-1]}"]  # ... and said so
    assert "nested deeper" in found.truncated[0].reason
