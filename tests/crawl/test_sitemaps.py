"""robots.txt Sitemap lines, sitemap parsing (XXE-safe) and discovery against the world."""

from __future__ import annotations

from collections.abc import Callable

from scanner.crawl import Fetcher, discover, parse_sitemap, profile
from scanner.crawl.sitemaps import robots_sitemaps
from tests.crawl.mockserver import CONTOH, World

ROOT = f"http://{CONTOH}/"


def test_robots_sitemap_lines_any_case_relative_and_deduplicated() -> None:
    text = (
        "User-agent: *\nDisallow: /wp-admin/\n"
        "SITEMAP: https://www.bkd.contoh.go.id/sitemap_index.xml # utama\n"
        "sitemap:/post-sitemap.xml\n"
        "Sitemap: https://www.bkd.contoh.go.id/sitemap_index.xml\n"
        "Sitemap-Note: not a sitemap\n"
    )
    assert robots_sitemaps(text, "https://www.bkd.contoh.go.id/robots.txt") == (
        "https://www.bkd.contoh.go.id/sitemap_index.xml",
        "https://www.bkd.contoh.go.id/post-sitemap.xml",
    )


def test_parse_urlset_ignores_image_locs_and_namespaces() -> None:
    data = b"""<?xml version="1.0"?>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
            xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
      <url><loc> https://dinsos.contoh.go.id/bansos </loc>
        <image:image><image:loc>https://dinsos.contoh.go.id/a.jpg</image:loc></image:image></url>
      <url><loc>https://dinsos.contoh.go.id/pkh</loc></url>
    </urlset>"""
    doc = parse_sitemap(data, 100)
    assert not doc.is_index
    assert doc.locs == ("https://dinsos.contoh.go.id/bansos", "https://dinsos.contoh.go.id/pkh")
    assert parse_sitemap(data, 1).locs == ("https://dinsos.contoh.go.id/bansos",)


def test_parse_index_and_text_and_garbage() -> None:
    index = b"<sitemapindex><sitemap><loc>https://a.go.id/s1.xml</loc></sitemap></sitemapindex>"
    assert parse_sitemap(index, 10).is_index
    text = b"https://a.go.id/satu\n\nhttps://a.go.id/dua\nbukan url\n"
    assert parse_sitemap(text, 10).locs == ("https://a.go.id/satu", "https://a.go.id/dua")
    assert parse_sitemap(b"<html><body>404 Tidak ditemukan", 10).locs == ()
    assert parse_sitemap(b"\x00\xff<<<", 10).locs == ()


def test_xxe_and_entity_expansion_are_not_resolved() -> None:
    xxe = b"""<?xml version="1.0"?>
    <!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/hostname">
      <!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
    <urlset><url><loc>https://a.go.id/&xxe;</loc></url><url><loc>&b;</loc></url></urlset>"""
    locs = parse_sitemap(xxe, 10).locs
    assert all("aaaa" not in loc for loc in locs)
    assert all(loc.startswith("https://a.go.id/") for loc in locs)


async def test_discovery_reads_robots_index_and_gzipped_sitemap(
    fetcher_for: Callable[..., Fetcher], world: World
) -> None:
    found = await discover(fetcher_for(), ROOT, "contoh.go.id", profile("browser"), 1000)
    assert found.robots_txt is not None and "Disallow: /promo/" in found.robots_txt
    assert set(found.urls) == {
        f"http://{CONTOH}/",
        f"http://{CONTOH}/profil",
        f"http://{CONTOH}/layanan",
        f"http://{CONTOH}/berita/",
        "http://contoh.go.id/kontak",
        f"http://{CONTOH}/promo/slot-gacor-maxwin",  # from the .xml.gz listed in the index
    }
    assert f"http://{CONTOH}/sitemaps/promo.xml.gz" in found.files
    # the off-site sitemap in the index and off-site URLs in a sitemap are never fetched
    assert {h.host for h in world.hits} == {CONTOH}
    assert not any("foto" in u for u in found.urls)


async def test_discovery_is_bounded(fetcher_for: Callable[..., Fetcher]) -> None:
    found = await discover(fetcher_for(), ROOT, "contoh.go.id", profile("browser"), 2)
    assert len(found.urls) == 2


async def test_site_without_sitemaps(fetcher_for: Callable[..., Fetcher]) -> None:
    found = await discover(
        fetcher_for(),
        "http://bapenda.contohkab.go.id/",
        "bapenda.contohkab.go.id",
        profile("browser"),
        100,
    )
    assert found.urls == () and found.robots_txt is None
    assert all(f.error is not None for f in found.fetches)
