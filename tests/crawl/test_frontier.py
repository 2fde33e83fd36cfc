"""Frontier rules: scope, dedup across spellings, depth, budget, traps."""

from __future__ import annotations

from scanner.crawl import Frontier


def _frontier(**kw: int) -> Frontier:
    limits = {"max_pages": 100, "max_depth": 5, "query_variants": 3, **kw}
    return Frontier("dinkes.contoh.go.id", **limits)


def test_www_and_bare_host_are_one_site_and_offsite_is_refused() -> None:
    f = _frontier()
    assert f.add("https://www.dinkes.contoh.go.id/a", 1)
    assert f.add("https://dinkes.contoh.go.id/b", 1)
    assert f.add("https://slot-gacor.example/a", 1) is None
    assert f.add("https://contoh.go.id/", 1) is None  # the parent domain is another site
    assert f.refused["offsite"] == 2


def test_one_page_many_spellings() -> None:
    f = _frontier()
    spellings = [
        "http://www.dinkes.contoh.go.id/layanan/",
        "http://DINKES.contoh.go.id/layanan/",
        "http://www.dinkes.contoh.go.id:80/layanan/#jadwal",
        "https://dinkes.contoh.go.id/berita/../layanan/",
        "http://dinkes.contoh.go.id/./layanan/",
        "http://dinkes.contoh.go.id/%6Cayanan/",
    ]
    accepted = [u for u in spellings if f.add(u, 1)]
    assert accepted == spellings[:1]
    assert f.seen("https://DINKES.contoh.go.id/layanan/")


def test_depth_and_non_pages() -> None:
    f = _frontier(max_depth=2)
    assert f.add("http://dinkes.contoh.go.id/a", 2)
    assert f.add("http://dinkes.contoh.go.id/b", 3) is None
    assert f.add("http://dinkes.contoh.go.id/laporan.PDF", 1) is None
    assert f.add("http://dinkes.contoh.go.id/foto/vaksin.jpg?w=200", 1) is None
    assert f.add("http://dinkes.contoh.go.id/assets/app.js", 1) is None
    assert f.add("http://dinkes.contoh.go.id/index.php?hal=profil", 1)
    assert f.add("mailto:dinkes@contoh.go.id", 1) is None
    assert f.refused == {"depth": 1, "not_a_page": 3, "not_http": 1}


def test_query_variant_trap_guard() -> None:
    f = _frontier(query_variants=3)
    added = [f.add(f"http://dinkes.contoh.go.id/agenda?bulan={n}", 1) for n in range(50)]
    assert sum(1 for a in added if a) == 3
    assert f.add("http://dinkes.contoh.go.id/agenda", 1)  # the bare path is its own page
    assert f.refused["query_variants"] == 47


def test_repeating_path_and_long_urls() -> None:
    f = _frontier(max_depth=50)
    assert f.add("http://dinkes.contoh.go.id/a/b/a/b/a/b/a/b/", 1) is None
    assert f.add("http://dinkes.contoh.go.id/" + "x" * 3000, 1) is None
    assert f.refused == {"repeating_path": 1, "long_url": 1}


def test_budget_and_queue_priority() -> None:
    f = _frontier(max_pages=3)
    f.add("http://dinkes.contoh.go.id/link", 1)
    f.add("http://dinkes.contoh.go.id/doorway", 1, via="sitemap", linked=False)
    f.add("http://dinkes.contoh.go.id/child", 2, linked=False)
    f.add("http://dinkes.contoh.go.id/extra", 1)
    first = f.pop("linked", budget=1)
    assert first is not None and first.url.endswith("/link")
    assert f.pop("linked", budget=1) is None  # phase budget reached
    second = f.pop()
    assert second is not None and second.via == "sitemap" and not second.linked
    third = f.pop()
    assert third is not None and third.url.endswith("/extra")
    assert f.pop() is None  # max_pages reached
    assert f.pending()


def test_frontier_memory_is_bounded() -> None:
    f = _frontier(max_pages=2)
    for n in range(500):
        f.add(f"http://dinkes.contoh.go.id/p{n}", 1)
    assert f.refused["frontier_full"] == 400
