"""The test world: deterministic, complete (every attack kind), served by Host on loopback,
cloaking as the ground truth says, sitemaps (plain, index, gzip) discoverable."""

from __future__ import annotations

import gzip
import random
import re
from collections.abc import AsyncIterator

import aiohttp
import pytest

from scanner.demo.world import (
    ATTACK_KINDS,
    Label,
    World,
    build_world,
    demo_world,
    profile_for,
    serve_world,
    vocab,
    world_overrides,
)
from scanner.demo.world.catalog import attach, make_site
from scanner.models import Technique

GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
ANDROID = ("Mozilla/5.0 (Linux; Android 13; SM-A536E) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/120.0 Mobile Safari/537.36")
DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"


def small_world(*plans: tuple[str, str, str | None]) -> World:
    """One site per (style, kind, variant); kind '' leaves the site clean."""
    rng = random.Random("t")
    regions = vocab.regions(rng, 8)
    used: set[str] = set()
    sites = []
    for i, (style, kind, variant) in enumerate(plans):
        site = make_site(random.Random(f"s{i}"), 50 + i, style, regions[i], "diskominfo",
                         "Dinas Komunikasi dan Informatika", 6, (4000, 6000), used)
        if kind:
            site = attach(site, random.Random(f"a{i}"), kind, variant)
        sites.append(site)
    return World(1, tuple(sites), tuple(regions))


@pytest.fixture
async def served() -> AsyncIterator[tuple[World, str, aiohttp.ClientSession]]:
    world = small_world(("bootstrap", "cloak_ua", "links"), ("joomla", "cloak_referer", "http_302"),
                        ("laravel", "cloak_mobile", "http_302"), ("wordpress", "", None))
    async with serve_world(world) as (host, port), aiohttp.ClientSession() as session:
        yield world, f"http://{host}:{port}", session


async def get(session: aiohttp.ClientSession, base: str, host: str, path: str = "/",
              ua: str = DESKTOP, referer: str | None = None) -> tuple[int, str, dict[str, str]]:
    headers = {"Host": host, "User-Agent": ua}
    if referer:
        headers["Referer"] = referer
    async with session.get(base + path, headers=headers, allow_redirects=False) as resp:
        return resp.status, await resp.text(), dict(resp.headers)


def test_same_seed_same_world_and_bodies() -> None:
    a, b = build_world(3, 8, 0.5, 6), build_world(3, 8, 0.5, 6)
    assert [s.host for s in a.sites] == [s.host for s in b.sites]
    assert [s.attacks for s in a.sites] == [s.attacks for s in b.sites]
    assert a.expected == b.expected
    for s in a.sites[:4]:
        for p in s.pages[:3]:
            assert a.page(s.host, p.path).body == b.page(s.host, p.path).body
    other = build_world(4, 8, 0.5, 6)
    assert [s.host for s in other.sites] != [s.host for s in a.sites]


def test_default_world_places_every_attack_kind_visibly() -> None:
    world = build_world()
    seen = {x.split(":")[0] for e in world.expected.values() for x in e.attacks}
    assert seen == set(ATTACK_KINDS)
    styles = {s.style for s in world.sites}
    assert styles == {"wordpress", "joomla", "bootstrap", "laravel", "table", "jdih"}
    assert all(s.host.endswith(".go.id") for s in world.sites)
    techniques = {t for e in world.expected.values() for t in e.techniques}
    assert {Technique.HIDDEN_LINKS, Technique.CLOAKING_UA, Technique.DOORWAY_PAGE,
            Technique.DEFACEMENT_PAGE, Technique.MODIFIED_ASSET} <= techniques


def test_traps_are_clean_and_pages_realistically_sized() -> None:
    world = build_world(5, 12, 0.0, 12)
    traps = [e for e in world.expected.values() if "judol_news" in e.traps]
    assert traps and all(e.label is Label.CLEAN for e in world.expected.values())
    sizes = [len(body) for _, body in world.iter_pages()]
    assert min(sizes) > 15_000 and max(sizes) < 80_000
    url = traps[0].url
    site = world.site_for(url.split("/")[2])
    assert site is not None
    body = world.page(site.host, url.split(site.host, 1)[1]).body.decode()
    assert re.search(r"judi online|togel|Judol", body, re.I)


def test_hidden_links_payload_names_gambling_domain_only_where_truth_says() -> None:
    world = small_world(("table", "hidden_links", "css_file_class"), ("jdih", "", None))
    infected, clean = world.sites
    attack = infected.attacks[0]
    for page in infected.pages:
        body = world.page(infected.host, page.path).body.decode()
        truth = world.truth(f"http://{infected.host}{page.path}")
        assert (attack.target in body) == (truth.label is Label.GAMBLING)
    css = world.page(infected.host, infected.assets[0]).body.decode()
    rule = re.search(r"\.([\w-]+)\{[^}]*\}\s*$", css)
    assert rule is not None
    body = world.page(infected.host, attack.paths[0]).body.decode()
    assert f'class="{rule.group(1)}"' in body and "<style>" not in body
    assert all(e.label is Label.CLEAN for u, e in world.expected.items() if clean.host in u)


async def test_server_answers_by_host(served: tuple[World, str, aiohttp.ClientSession]) -> None:
    world, base, session = served
    titles = set()
    for site in world.sites:
        status, text, _ = await get(session, base, site.host)
        assert status == 200
        titles.add(re.search(r"<title>(.*?)</title>", text).group(1))  # type: ignore[union-attr]
        bare_status, _, _ = await get(session, base, site.bare_host)
        assert bare_status == 200
    assert len(titles) == len(world.sites)
    status, _, _ = await get(session, base, "www.tidakada.go.id")
    assert status == 421


async def test_ua_cloaking_follows_ground_truth(
        served: tuple[World, str, aiohttp.ClientSession]) -> None:
    world, base, session = served
    site = world.sites[0]
    path = site.attacks[0].paths[0]
    _, browser, _ = await get(session, base, site.host, path)
    _, bot, _ = await get(session, base, site.host, path, ua=GOOGLEBOT)
    url = f"http://{site.host}{path}"
    assert world.truth(url, "browser").label is Label.CLEAN
    assert world.truth(url, "googlebot").techniques == (Technique.CLOAKING_UA,)
    assert site.attacks[0].target in bot and site.attacks[0].target not in browser


async def test_referer_and_mobile_cloaking_redirect(
        served: tuple[World, str, aiohttp.ClientSession]) -> None:
    world, base, session = served
    ref_site, mob_site = world.sites[1], world.sites[2]
    status, _, _ = await get(session, base, ref_site.host)
    assert status == 200
    status, _, headers = await get(session, base, ref_site.host,
                                   referer="https://www.google.com/search?q=dinas")
    assert status == 302 and ref_site.attacks[0].target in headers["Location"]
    assert world.expected[f"http://{mob_site.host}/"].profiles == ("mobile",)
    status, _, headers = await get(session, base, mob_site.host, ua=ANDROID)
    assert status == 302 and mob_site.attacks[0].target in headers["Location"]
    status, _, _ = await get(session, base, mob_site.host, ua=GOOGLEBOT)
    assert status == 200


async def test_cookie_banner_only_for_browsers(
        served: tuple[World, str, aiohttp.ClientSession]) -> None:
    world, base, session = served
    for site in world.sites:
        if site.look.cookie_banner and not site.attacks:
            _, browser, _ = await get(session, base, site.host)
            _, bot, _ = await get(session, base, site.host, ua=GOOGLEBOT)
            assert "cookie-consent" in browser and "cookie-consent" not in bot
            assert world.expected[f"http://{site.host}/"].label is Label.CLEAN


async def test_sitemaps_plain_index_and_gzip() -> None:
    world = build_world(11, 18, 0.5, 8)
    async with serve_world(world) as (host, port), aiohttp.ClientSession() as session:
        base = f"http://{host}:{port}"
        modes = set()
        for site in world.sites:
            _, robots, _ = await get(session, base, site.host, "/robots.txt")
            if site.sitemap == "gzip":
                assert "sitemap.xml.gz" in robots
                async with session.get(base + "/sitemap.xml.gz",
                                       headers={"Host": site.host}) as resp:
                    xml = gzip.decompress(await resp.read()).decode()
                assert f"http://{site.host}/" in xml
                modes.add("gzip")
            elif site.sitemap == "index":
                _, index, _ = await get(session, base, site.host, "/sitemap_index.xml")
                assert "<sitemapindex" in index and "post-sitemap.xml" in index
                modes.add("index")
            elif site.sitemap == "plain":
                _, xml, _ = await get(session, base, site.host, "/sitemap.xml")
                assert "<urlset" in xml
                modes.add("plain")
        assert {"gzip", "index", "plain"} <= modes


def test_demo_world_has_three_labelled_sites() -> None:
    world = demo_world()
    hosts = [s.host for s in world.sites]
    assert hosts == ["www.kabsukamaju.go.id", "diskominfo.kotaharapan.go.id",
                     "dinkes.kabcontoh.go.id"]
    clean, hidden, defaced = world.sites
    clean_pages = [e for u, e in world.expected.items() if clean.host in u]
    assert all(e.label is Label.CLEAN for e in clean_pages)
    assert any("judol_news" in e.traps for e in clean_pages)
    home = world.expected[f"http://{hidden.host}/"]
    assert home.label is Label.GAMBLING and Technique.HIDDEN_LINKS in home.techniques
    doors = [e for u, e in world.expected.items() if hidden.host in u and e.kind == "doorway"]
    assert doors and all(not d.linked and d.in_sitemap for d in doors)
    sitemap = world.page(hidden.host, "/sitemap.xml").body.decode()
    assert doors[0].url in sitemap
    linked_bodies = "".join(b.decode() for u, b in world.iter_pages() if hidden.host in u)
    assert doors[0].url.split(hidden.host, 1)[1] not in linked_bodies
    assert world.expected[f"http://{defaced.host}/"].label is Label.DEFACEMENT
    assert "hacked" in world.page(defaced.host, "/").body.decode().lower()


def test_mobile_layout_keeps_the_content() -> None:
    world = build_world(2, 24, 0.0, 6)
    site = next(s for s in world.sites if s.look.mobile_layout)
    page = next(p for p in site.pages if p.kind == "article")
    desktop = world.page(site.host, page.path, "browser").body.decode()
    mobile = world.page(site.host, page.path, "mobile").body.decode()
    assert desktop != mobile and 'class="m-header"' in mobile
    para = re.findall(r"<p>([^<]{80,})</p>", desktop)[0]
    assert para in mobile


def test_overrides_and_profiles_stay_on_loopback() -> None:
    world = demo_world()
    overrides = dict(world_overrides(world, 8123))
    for site in world.sites:
        assert overrides[site.bare_host] == overrides["www." + site.bare_host] == "127.0.0.1:8123"
    assert profile_for(GOOGLEBOT) == "googlebot"
    assert profile_for(ANDROID) == "mobile"
    assert profile_for(DESKTOP, "https://www.google.co.id/") == "google-referer"
    assert profile_for(DESKTOP) == "browser"


async def test_gzip_transfer_and_dynamic_tokens() -> None:
    world = build_world(9, 12, 0.0, 5)
    site = next(s for s in world.sites if s.gzip and s.style == "laravel")
    async with serve_world(world) as (host, port), aiohttp.ClientSession() as session:
        async with session.get(f"http://{host}:{port}/", headers={"Host": site.host}) as r1:
            assert r1.headers.get("Content-Encoding") == "gzip"
            first = await r1.text()
        async with session.get(f"http://{host}:{port}/", headers={"Host": site.host}) as r2:
            second = await r2.text()
    token = re.compile(r'name="csrf-token" content="([0-9a-f]{40})"')
    t1, t2 = token.search(first), token.search(second)
    assert t1 and t2 and t1.group(1) != t2.group(1)
    assert "__WORLD_" not in first


def test_issue_11_techniques_and_traps_are_in_the_world() -> None:
    from scanner.demo.world.attacks import patch as attack_patch
    from scanner.demo.world.records import Attack

    # Variants are drawn at random: the world of seed 7 (and others) has both.
    world = build_world(7, 24, 0.5, 12)
    kinds = {(a.kind, a.variant) for s in world.sites for a in s.attacks}
    assert ("seo_article", "win_story") in kinds and ("after_html", "brands") in kinds
    # a visibly infected site that also cloaks, each technique planted as itself
    seven = build_world(7, 24, pages_per_site=12, page_kb=(8, 20))
    for site in (s for s in seven.sites if any(a.kind == "cloak_infected" for a in s.attacks)):
        techniques = {a.technique for a in site.attacks}
        assert {Technique.HIDDEN_LINKS, Technique.CLOAKING_UA, Technique.CLOAKING_REFERER} \
            <= techniques
    # links appended after </html>
    site = next(s for s in seven.sites if any(a.kind == "after_html" for a in s.attacks))
    attack = next(a for a in site.attacks if a.kind == "after_html")
    body = world_body(seven, site.host, attack.paths[0])
    assert "slot" in body.rsplit("</html>", 1)[1]
    # WordPress posts carry the hidden cancel-reply link to their own permalink
    wp = next(s for s in seven.sites if s.style == "wordpress")
    post = next(p for p in wp.pages if p.kind == "article")
    assert f'href="{post.path}#respond" style="display:none;"' in world_body(seven, wp.host,
                                                                             post.path)
    # a planted win story names no slang
    story = attack_patch(Attack("seo_article", "win_story", Label.GAMBLING,
                                Technique.VISIBLE_CONTENT, ("/",), seed=5))  # fmt: skip
    assert story.article is not None
    text = " ".join(story.article[1]).lower()
    assert "scatter" in text and "rp" in text and "gacor" not in text and "maxwin" not in text
    # thesis abstracts about judol are clean traps
    thesis = [e for w in (world, seven) for e in w.expected.values() if "thesis" in e.traps]
    untouched = [e for e in thesis if not e.attacks]
    assert untouched and all(e.label is Label.CLEAN for e in untouched)


def world_body(world: World, host: str, path: str) -> str:
    return world.page(host, path).body.decode("utf-8", "replace")
