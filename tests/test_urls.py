"""URLs are resolved as browsers resolve them (WHATWG), so a backslash cannot hide a redirect."""

from __future__ import annotations

import pytest

from scanner.crawl import profile
from scanner.extract import analyse
from scanner.urls import normalize_url, resolve_url
from tests.crawl.loopback import html, redirect, serve

PAGE = "http://www.dinkes.contoh.go.id/berita/vaksinasi"

BROWSER_READS = [
    ("/\\evil.example/", "http://evil.example/"),
    ("\\\\evil.example", "http://evil.example/"),
    ("\\/evil.example/x", "http://evil.example/x"),
    ("/\t/evil.example/", "http://evil.example/"),
    ("/\n/evil.example/\r", "http://evil.example/"),
    ("  \x01//evil.example/ \x00", "http://evil.example/"),
    ("///evil.example/", "http://evil.example/"),
    ("https:evil.example/daftar", "https://evil.example/daftar"),
    ("https:\\\\evil.example", "https://evil.example/"),
    ("http:/\\evil.example", "http://evil.example/"),
    (
        "http://evil.example\\@www.dinkes.contoh.go.id/",
        "http://evil.example/@www.dinkes.contoh.go.id/",
    ),
    # same-site spellings stay on the site
    ("/profil\\visi", "http://www.dinkes.contoh.go.id/profil/visi"),
    ("http:/profil", "http://www.dinkes.contoh.go.id/profil"),
    ("jadwal?slot=pagi\\sore", "http://www.dinkes.contoh.go.id/berita/jadwal?slot=pagi%5Csore"),
    ("/layanan", "http://www.dinkes.contoh.go.id/layanan"),
    ("../agenda/", "http://www.dinkes.contoh.go.id/agenda/"),
]


@pytest.mark.parametrize(("href", "expected"), BROWSER_READS)
def test_normalize_reads_urls_as_a_browser(href: str, expected: str) -> None:
    assert normalize_url(href, PAGE) == expected


def test_other_schemes_are_left_alone() -> None:
    assert resolve_url("mailto:humas@contoh.go.id", PAGE) == "mailto:humas@contoh.go.id"
    assert resolve_url("javascript:void(0)", PAGE) == "javascript:void(0)"
    assert normalize_url("javascript:void(0)", PAGE) is None


def test_meta_refresh_with_backslash_leaves_the_site() -> None:
    page = (
        '<html><head><meta http-equiv="refresh" content="0; url=/\\slot-gacor.example/">'
        "</head><body><p>Dinas Kesehatan</p></body></html>"
    )
    view = analyse(page, PAGE)
    assert view.meta_refresh is not None
    assert view.meta_refresh.url == "http://slot-gacor.example/"
    assert not view.meta_refresh.internal


def test_links_with_backslash_leave_the_site() -> None:
    page = '<html><body><a href="/\\slot-gacor.example/">Info</a></body></html>'
    [link] = analyse(page, PAGE).links
    assert link.url == "http://slot-gacor.example/"
    assert not link.internal


@pytest.mark.parametrize("location", ["/\\slot-gacor.example/", "\\\\slot-gacor.example/"])
async def test_backslash_location_is_an_offsite_redirect(location: str) -> None:
    host = "www.dinkes.contoh.go.id"
    routes = {"/": redirect(location), "/\\slot-gacor.example/": html("<p>Beranda</p>")}
    async with serve(host, routes) as site:
        result = await site.fetcher().fetch(
            f"http://{host}/", profile("browser"), "dinkes.contoh.go.id"
        )
    assert result.offsite_redirect == "http://slot-gacor.example/"
    assert site.hits == ["/"]  # the site was not asked for "/%5Cslot-gacor.example/"
