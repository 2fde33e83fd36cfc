"""An oversized sitemap gives its URLs up to the cap and says it was cut; never 0 URLs silently."""

from __future__ import annotations

import gzip
import logging

import pytest

from scanner.crawl import discover, parse_sitemap, profile
from tests.crawl.loopback import raw, serve

HOST = "www.bpkad.kabcontoh.go.id"
SCOPE = "bpkad.kabcontoh.go.id"
ROOT = f"http://{HOST}/"
DOORWAY = f"http://{HOST}/uploads/slot-gacor-maxwin.html"


def urlset(count: int, first: str = DOORWAY) -> bytes:
    entries = [f"<url><loc>{first}</loc><lastmod>2024-05-01</lastmod></url>"]
    entries += [
        f"<url><loc>http://{HOST}/berita/apbd-2024-{i}</loc><lastmod>2024-05-01</lastmod></url>"
        for i in range(count)
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(entries)
        + "</urlset>"
    ).encode()


ROBOTS = raw(b"User-agent: *\nDisallow: /admin/\n", "text/plain")


async def test_sitemap_over_the_wire_cap_gives_its_first_urls(
    caplog: pytest.LogCaptureFixture,
) -> None:
    big = urlset(5000)  # ~450 KB
    routes = {"/robots.txt": ROBOTS, "/sitemap.xml": raw(big, "application/xml")}
    async with serve(HOST, routes, max_body_bytes=64 * 1024) as site:
        with caplog.at_level(logging.WARNING):
            found = await discover(site.fetcher(), ROOT, SCOPE, profile("browser"), 5000)
    assert found.urls[0] == DOORWAY
    assert 100 < len(found.urls) < 5000
    [cut] = found.truncated
    assert cut.url == f"http://{HOST}/sitemap.xml" and "65536" in cut.reason
    assert "sitemap http://www.bpkad.kabcontoh.go.id/sitemap.xml truncated" in caplog.text


async def test_gzipped_sitemap_over_the_inflate_cap_gives_its_first_urls() -> None:
    bomb = gzip.compress(urlset(20000))  # ~1.8 MB inflated, small on the wire
    routes = {"/robots.txt": ROBOTS, "/sitemap.xml": raw(bomb, "application/x-gzip")}
    async with serve(HOST, routes, max_decompressed_bytes=128 * 1024) as site:
        found = await discover(site.fetcher(), ROOT, SCOPE, profile("browser"), 50000)
    assert found.urls[0] == DOORWAY and len(found.urls) > 100
    [cut] = found.truncated
    assert "inflates beyond 131072" in cut.reason


async def test_content_encoded_sitemap_over_the_inflate_cap_gives_its_first_urls() -> None:
    body = gzip.compress(urlset(20000))
    routes = {
        "/robots.txt": ROBOTS,
        "/sitemap.xml": raw(body, "application/xml", **{"Content-Encoding": "gzip"}),
    }
    async with serve(HOST, routes, max_decompressed_bytes=128 * 1024) as site:
        found = await discover(site.fetcher(), ROOT, SCOPE, profile("browser"), 50000)
    assert found.urls[0] == DOORWAY and len(found.urls) > 100
    [cut] = found.truncated
    assert "131072" in cut.reason


async def test_more_urls_than_the_cap_is_recorded() -> None:
    routes = {"/robots.txt": ROBOTS, "/sitemap.xml": raw(urlset(300), "application/xml")}
    async with serve(HOST, routes) as site:
        found = await discover(site.fetcher(), ROOT, SCOPE, profile("browser"), 50)
    assert len(found.urls) == 50 and found.urls[0] == DOORWAY
    [cut] = found.truncated
    assert "max_sitemap_urls = 50" in cut.reason


async def test_a_sitemap_within_the_caps_is_not_marked() -> None:
    routes = {"/robots.txt": ROBOTS, "/sitemap.xml": raw(urlset(30), "application/xml")}
    async with serve(HOST, routes) as site:
        found = await discover(site.fetcher(), ROOT, SCOPE, profile("browser"), 5000)
    assert len(found.urls) == 31 and found.truncated == ()


def test_a_cut_document_gives_the_locs_before_the_cut() -> None:
    data = urlset(1000)
    doc = parse_sitemap(data[: len(data) // 2], 10_000)
    assert doc.locs[0] == DOORWAY and 400 < len(doc.locs) < 600
    assert parse_sitemap(data, 10).truncated and not parse_sitemap(data, 10_000).truncated
