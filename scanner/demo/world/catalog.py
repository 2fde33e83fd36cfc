"""Building worlds: ``build_world(seed, ...)`` for tests and benchmarks, ``demo_world()``.

A world is a pure function of its arguments: the same seed gives the same sites, pages, attacks
and bodies. Every attack kind is placed at least once when there are enough infected sites, and
the CMS styles are dealt round-robin so each appears.
"""

from __future__ import annotations

import dataclasses
import random

from scanner.demo.world import attacks, pages, vocab
from scanner.demo.world.assets import ASSET_PATHS
from scanner.demo.world.faults import FAULT_SITES
from scanner.demo.world.records import Look, PageSpec, SiteSpec
from scanner.demo.world.vocab import Region
from scanner.demo.world.world import World

DEFAULT_SITES = 40
DEFAULT_INFECTED = 0.5
DEFAULT_PAGES = 20
EXCLUSIVE = ("deface_home", "deface_subpage")
"""Kinds that own their site: nothing else is planted beside them (clear ground truth)."""

_THEMES = {"wordpress": ("twentytwenty", "astra", "generatepress", "newsmag", "pemda-theme"),
           "joomla": ("protostar", "cassiopeia", "ja_purity", "beez3"),
           "bootstrap": ("portal",), "laravel": ("app",), "table": ("",), "jdih": ("jdih",)}
_SERVERS = ("Apache/2.4.41 (Ubuntu)", "nginx/1.18.0 (Ubuntu)", "nginx", "Apache", "LiteSpeed",
            "Apache/2.4.6 (CentOS) OpenSSL/1.0.2k-fips PHP/7.4.33")
_WIDGETS = ("search", "recent", "counter", "pengumuman", "banner")


def _host(rng: random.Random, region: Region, code: str, used: set[str]) -> str:
    full = {"kab": "kabupaten", "kota": "kota", "prov": "provinsi"}[region.kind]
    options = [f"{code}.{region.kind}{region.slug}.go.id",
               f"{code}.{region.slug}{region.kind}.go.id",
               f"www.{full}{region.slug}.go.id", f"{code}.{region.slug}.go.id",
               f"www.{region.kind}{region.slug}.go.id"]
    for host in options[:1] + rng.sample(options, len(options)):
        bare = host.removeprefix("www.")
        if bare not in used:
            used.add(bare)
            return host
    host = f"{code}{len(used)}.{region.kind}{region.slug}.go.id"
    used.add(host)
    return host


def make_site(rng: random.Random, seed: int, style: str, region: Region, code: str,
              agency: str, n_pages: int, size: tuple[int, int], used: set[str],
              host: str | None = None) -> SiteSpec:
    """One uninfected site of ``style`` for ``agency`` of ``region``."""
    host = host or _host(rng, region, code, used)
    used.add(host.removeprefix("www."))
    short = {"diskominfo": "Diskominfo", "dinkes": "Dinkes", "bappeda": "Bappeda"}.get(code)
    owner = f"{agency} {region.title}"
    name = f"{short} {region.title}" if short and rng.random() < 0.5 else owner
    if host.startswith("www.") and not short:
        name = f"Portal Resmi Pemerintah {region.title}"
    widgets = list(_WIDGETS)
    rng.shuffle(widgets)
    look = Look(theme=rng.choice(_THEMES[style]) or "default",
                accent=rng.choice(("#0d6efd", "#1e7e34", "#8b0000", "#004080", "#c47f00",
                                   "#2c3e50")),
                prefix=rng.choice(("", "sk-", "tm-", "pd-", "gov-", "x")),
                pretty=rng.random() < 0.6, sidebar=rng.choice(("left", "right", "right", "none")),
                counter=rng.random() < 0.6, cookie_banner=rng.random() < 0.4,
                mobile_layout=rng.random() < 0.3, widget_order=tuple(widgets))
    plan = pages.plan_pages(rng, style, region, agency, n_pages, size)
    search = search_page(seed, size)
    if search is not None:
        plan = (*plan, search)
    css, js = ASSET_PATHS[style]
    return SiteSpec(
        host=host, name=name, owner=owner, contact=f"{code}@{host.removeprefix('www.')}",
        style=style, region=region.slug, agency=code, look=look, pages=plan,
        assets=(css.format(theme=look.theme), js),
        sitemap=rng.choice(("plain", "plain", "index", "gzip", "none")) if style != "wordpress"
        else rng.choice(("index", "plain")),
        gzip=rng.random() < 0.5, server=rng.choice(_SERVERS), seed=seed,
        search=search.path if search is not None else "")


_SEARCH_PATHS = ("/cari", "/pencarian", "/search", "/hasil-pencarian")


def search_page(seed: int, size: tuple[int, int]) -> PageSpec | None:
    """The search page about half the sites have: only the footer's GET form leads to it (no
    link, not in the sitemap), so a crawler that follows links alone never sees it. Its own
    random stream: the rest of the site is as it would be without it."""
    rng = random.Random(f"search:{seed}")
    if rng.random() >= 0.5:
        return None
    return PageSpec(rng.choice(_SEARCH_PATHS), "search", "Hasil Pencarian",
                    target_bytes=rng.randint(*size), linked=False, in_sitemap=False)


def attach(site: SiteSpec, rng: random.Random, kind: str, variant: str | None = None) -> SiteSpec:
    """The site with one more attack of ``kind`` planted (records rewritten to match)."""
    seed = rng.randrange(2**31)
    planned = attacks.plan(kind, rng, site.pages, site.style, seed, variant)
    planned = tuple(dataclasses.replace(a, paths=tuple(site.assets[1] if p == "<jquery>" else p
                                                       for p in a.paths)) for a in planned)
    changes: dict[str, object] = {"attacks": site.attacks + planned}
    if kind == "doorway_sitemap" and site.sitemap == "none":
        changes["sitemap"] = "plain"
    return dataclasses.replace(site, **changes)  # type: ignore[arg-type]


def _assign(rng: random.Random, sites: list[SiteSpec], infected: list[int]) -> dict[int, list[str]]:
    """Deal every attack kind to the infected sites (each kind at least once)."""
    kinds = list(attacks.KINDS)
    rng.shuffle(kinds)
    plan: dict[int, list[str]] = {i: [] for i in infected}

    def fits(i: int, kind: str) -> bool:
        styles = attacks.STYLE_ONLY.get(kind)
        if styles and sites[i].style not in styles:
            return False
        if kind in plan[i] or any(k in EXCLUSIVE for k in plan[i]):
            return False
        return not (kind in EXCLUSIVE and plan[i])

    for j, kind in enumerate(kinds):
        order = infected[j % len(infected):] + infected[: j % len(infected)]
        choice = next((i for i in order if fits(i, kind) and not plan[i]), None)
        choice = choice if choice is not None else next((i for i in order if fits(i, kind)), None)
        if choice is not None:
            plan[choice].append(kind)
    spare = [k for k in kinds if k not in EXCLUSIVE and k not in attacks.STYLE_ONLY]
    for i in infected:
        if not plan[i] or (plan[i][0] not in EXCLUSIVE and rng.random() < 0.3):
            plan[i].append(rng.choice([k for k in spare if k not in plan[i]]))
    return plan


def build_world(seed: int = 7, n_sites: int = DEFAULT_SITES,
                infected_ratio: float = DEFAULT_INFECTED, pages_per_site: int = DEFAULT_PAGES,
                *, page_kb: tuple[int, int] = (20, 60), faults: bool = False) -> World:
    """A deterministic world of ``n_sites`` sites, ``infected_ratio`` of them compromised;
    with ``faults``, plus the fault sites (``faults.FAULT_SITES``: down, 503, silent)."""
    rng = random.Random(f"world:{seed}")
    regions = vocab.regions(rng, max(8, n_sites // 3 + 4))
    styles = list(pages.STYLES)
    rng.shuffle(styles)
    used: set[str] = set()
    sites: list[SiteSpec] = []
    size = (page_kb[0] * 1024, page_kb[1] * 1024)
    for i in range(n_sites):
        style = styles[i % len(styles)]
        region = regions[i % len(regions)]
        code, agency = rng.choice(vocab.AGENCIES[-2:] if style == "jdih" else vocab.AGENCIES[:-2])
        site_rng = random.Random(f"site:{seed}:{i}")
        sites.append(make_site(site_rng, seed * 100_003 + i, style, region, code, agency,
                               pages_per_site, size, used))
    n_infected = min(n_sites, max(1 if infected_ratio > 0 else 0, round(n_sites * infected_ratio)))
    infected = sorted(rng.sample(range(n_sites), n_infected))
    if infected and not any(sites[i].style == "wordpress" for i in infected):
        wp = next((i for i, s in enumerate(sites) if s.style == "wordpress"), None)
        if wp is not None:
            infected[-1] = wp
            infected = sorted(set(infected))
    if infected:
        for i, kinds in _assign(rng, sites, infected).items():
            attack_rng = random.Random(f"attack:{seed}:{i}")
            for kind in kinds:
                sites[i] = attach(sites[i], attack_rng, kind)
    return World(seed, tuple(sites), tuple(regions), FAULT_SITES if faults else ())


def demo_world() -> World:
    """Three small sites: clean (with a judi-online news trap), hidden links + doorway, defaced."""
    rng = random.Random("demo")
    regions = vocab.regions(rng, 8)
    sukamaju, harapan, contoh = regions[0], regions[1], regions[2]
    used: set[str] = set()
    size = (20 * 1024, 32 * 1024)
    clean = make_site(random.Random("demo:1"), 1, "wordpress", sukamaju, "setda",
                      "Sekretariat Daerah", 8, size, used, host="www.kabsukamaju.go.id")
    clean = _with_trap(clean, random.Random("demo:trap"), sukamaju)
    hidden = make_site(random.Random("demo:2"), 2, "bootstrap", harapan, "diskominfo",
                       "Dinas Komunikasi dan Informatika", 8, size, used,
                       host="diskominfo.kotaharapan.go.id")
    hidden = attach(hidden, random.Random("demo:a1"), "hidden_links", "display_none")
    hidden = attach(hidden, random.Random("demo:a2"), "doorway_sitemap", "one")
    defaced = make_site(random.Random("demo:3"), 3, "laravel", contoh, "dinkes", "Dinas Kesehatan",
                        8, size, used, host="dinkes.kabcontoh.go.id")
    defaced = attach(defaced, random.Random("demo:a3"), "deface_home", "wall_of_text")
    return World(0, (clean, hidden, defaced), tuple(regions))


def _with_trap(site: SiteSpec, rng: random.Random, region: Region) -> SiteSpec:
    """Make the first article a news item about the judi-online task force (a clean trap)."""
    out: list[PageSpec] = []
    done = False
    for p in site.pages:
        if p.kind == "article" and not done:
            title = vocab.fill(vocab.JUDOL_NEWS[0], rng, region, site.owner)
            p = dataclasses.replace(p, title=title, traps=("judol_news", *p.traps))
            done = True
        out.append(p)
    return dataclasses.replace(site, pages=tuple(out))
