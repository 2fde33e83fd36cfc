"""``World``: the built sites, their ground truth, and what each request gets back.

Bodies are rendered lazily and memoised per (host, path, variant); the variant is what actually
differs between profiles (mobile layout, cookie banner, the attacks visible to that profile), so
the four profiles of an uninfected page mostly share one body. ``prerender()`` fills the cache
up front for benchmarks.
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from scanner.demo.world import (
    assets,
    attacks,
    pages,
    sitemaps,
    themes,
    thirdparty,
    vocab,
    widgets,
)
from scanner.demo.world.faults import FaultSite
from scanner.demo.world.records import (
    PROFILE_NAMES,
    Attack,
    Expected,
    Label,
    PageSpec,
    Patch,
    ResponseSpec,
    SiteSpec,
    Truth,
)
from scanner.demo.world.vocab import Region
from scanner.models import Technique

_GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00"
        b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
_IMAGE_EXT = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".ico", ".svg")


@dataclass(frozen=True, slots=True)
class Resolution:
    """How one (site, path, profile) is answered and which attacks that answer shows."""

    mode: str
    """``redirect``, ``replace`` or ``render``."""
    visible: tuple[Attack, ...]


def google_referer(referer: str | None) -> bool:
    """True when the Referer is a Google search page."""
    host = (urlsplit(referer).hostname or "") if referer else ""
    return host == "google.com" or ".google." in f".{host}"


class World:
    """A set of fictitious sites with lazily rendered pages and per-URL ground truth."""

    def __init__(self, seed: int, sites: tuple[SiteSpec, ...], regions: tuple[Region, ...],
                 faults: tuple[FaultSite, ...] = ()):
        self.seed = seed
        self.sites = sites
        self.faults = faults
        """Sites whose server is down, failing or silent (``faults.py``): no pages, no truth."""
        self._faults = {f.bare_host: f for f in faults}
        self._regions = regions
        self._hosts: dict[str, SiteSpec] = {}
        for s in sites:
            self._hosts[s.bare_host] = s
            self._hosts["www." + s.bare_host] = s
        self._pages = {s.host: {p.path: p for p in s.pages} for s in sites}
        self._paths = {id(a): frozenset(a.paths) for s in sites for a in s.attacks}
        self._cache: dict[tuple[str, str, tuple[str, ...]], bytes] = {}
        self._pools: dict[str, list[str]] = {}
        self._requests = itertools.count(1)
        self._third_party: dict[str, str] = {}
        for s in sites:
            for a in s.attacks:
                code = attacks.third_party_script(a)
                if code is not None and a.target:
                    self._third_party[a.target] = code
        self.expected: dict[str, Expected] = self._expectations()

    # ----------------------------------------------------------------- lookup

    def site_for(self, host: str) -> SiteSpec | None:
        """The site answering for ``host`` (port ignored, www./bare both accepted)."""
        return self._hosts.get(host.split(":")[0].lower().rstrip("."))

    def fault_for(self, host: str) -> FaultSite | None:
        """The fault site answering for ``host`` (port ignored, www./bare both accepted)."""
        return self._faults.get(host.split(":")[0].lower().rstrip(".").removeprefix("www."))

    def third_party_hosts(self) -> tuple[str, ...]:
        """Every other host the world's pages load scripts from (widgets and attackers'),
        all served by the world: a scan of it never leaves loopback."""
        hosts = {*thirdparty.WIDGETS, *self._third_party}
        hosts.update(a.target for s in self.sites for a in s.attacks
                     if a.kind in ("external_script", "script_widget") and a.target)
        return tuple(sorted(hosts))

    def urls(self, *, doorways: bool = False) -> list[str]:
        """Every HTML page URL of the world (doorway pages too when asked)."""
        out = [f"http://{s.host}{p.path}" for s in self.sites for p in s.pages]
        if doorways:
            out += [u for u, e in self.expected.items() if e.kind == "doorway"]
        return out

    def _doorways(self, site: SiteSpec) -> dict[str, Attack]:
        return {p: a for a in site.attacks if a.technique is Technique.DOORWAY_PAGE
                for p in a.paths}

    # ----------------------------------------------------------------- truth

    def resolve(self, site: SiteSpec, path: str, profile: str) -> Resolution:
        """Which attacks a profile meets on a path, and whether they redirect or replace it."""
        hits = [a for a in site.attacks if path in self._paths[id(a)] and profile in a.profiles]
        for a in hits:
            if attacks.redirect(a):
                return Resolution("redirect", (a,))
        for a in hits:
            if attacks.replaces(a):
                return Resolution("replace", (a,))
        return Resolution("render", tuple(hits))

    def truth(self, url: str, profile: str = "browser") -> Truth:
        """Ground truth of ``url`` as ``profile`` sees it (clean for unknown URLs)."""
        parts = urlsplit(url)
        site = self.site_for(parts.hostname or "")
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if site is None:
            return Truth(url, profile, Label.CLEAN)
        visible = self.resolve(site, path, profile).visible
        if not visible:
            return Truth(url, profile, Label.CLEAN)
        label = max((a.label for a in visible), key=lambda lab: lab.rank)
        techs: list[Technique] = []
        for a in visible:
            for t in (a.technique, *(Technique(x) for x in a.extra)):
                if t not in techs:
                    techs.append(t)
        return Truth(url, profile, label, tuple(techs),
                     tuple(f"{a.kind}:{a.variant}" for a in visible))

    def _expectations(self) -> dict[str, Expected]:
        out: dict[str, Expected] = {}
        for s in self.sites:
            entries = [(p.path, "page", p.traps, p.linked, p.in_sitemap) for p in s.pages]
            for path, a in self._doorways(s).items():
                entries.append((path, "doorway", (), a.kind == "doorway_folder",
                                a.kind == "doorway_sitemap"))
            entries += [(path, "asset", (), True, False) for path in s.assets]
            for path, kind, traps, linked, in_sitemap in entries:
                url = f"http://{s.host}{path}"
                truths = tuple(self.truth(url, prof) for prof in PROFILE_NAMES)
                bad = [t for t in truths if t.label is not Label.CLEAN]
                label = truths[0].label if truths[0].label is not Label.CLEAN else max(
                    (t.label for t in truths), key=lambda lab: lab.rank)
                techs = tuple(dict.fromkeys(x for t in bad for x in t.techniques))
                out[url] = Expected(url, label, techs, tuple(t.profile for t in bad),
                                    tuple(dict.fromkeys(x for t in bad for x in t.attacks)),
                                    traps, kind, linked, in_sitemap, truths)
        return out

    # ----------------------------------------------------------------- responses

    def page(self, host: str, path: str, profile: str = "browser",
             referer: str | None = None) -> ResponseSpec:
        """The response to a GET of ``path`` on ``host`` by ``profile`` (with ``referer``)."""
        site = self.site_for(host)
        if site is None:
            bare = host.split(":")[0].lower().rstrip(".")
            code = self._third_party.get(bare) or thirdparty.widget_code(bare)
            if code is not None:
                return ResponseSpec(200, (("Content-Type", "application/javascript"),),
                                    code.encode())
            return ResponseSpec(421, (("Content-Type", "text/plain"),), b"Misdirected Request")
        if profile == "browser" and google_referer(referer):
            profile = "google-referer"
        base = [("Server", site.server)]
        spec = self._pages[site.host].get(path) or self._pages[site.host].get(unquote(path))
        doorway = self._doorways(site).get(path)
        if spec is None and doorway is None:
            return self._static(site, path, base)
        res = self.resolve(site, path, profile)
        if res.mode == "redirect":
            location = attacks.redirect(res.visible[0]) or "/"
            return ResponseSpec(302, (*base, ("Location", location)), b"")
        key_parts = tuple(f"{a.kind}:{a.variant}:{a.seed}" for a in res.visible)
        mobile = profile == "mobile" and site.look.mobile_layout
        cookie = profile != "googlebot"
        key = (site.host, path, (res.mode, str(mobile), str(cookie), *key_parts))
        body = self._cache.get(key)
        if body is None:
            body = self._render(site, path, spec, res, mobile, cookie).encode("utf-8")
            self._cache[key] = body
        return ResponseSpec(200, (*base, *self._html_headers(site)), self._dynamic(body))

    def _render(self, site: SiteSpec, path: str, spec: PageSpec | None, res: Resolution,
                mobile: bool, cookie: bool) -> str:
        if res.mode == "replace":
            return attacks.replacement(res.visible[0], f"http://{site.host}{path}") or ""
        assert spec is not None
        patch = Patch()
        for a in res.visible:
            patch = patch.merge(attacks.patch(a))
        return self.render_page(site, spec, patch, mobile=mobile, cookie=cookie)

    def render_page(self, site: SiteSpec, spec: PageSpec, patch: Patch, *, mobile: bool = False,
                    cookie: bool = True) -> str:
        """Render one page with a patch, sized to the page's target (two passes at most)."""
        count = max(3, (spec.target_bytes - 9000) // 520)
        html = self._render_once(site, spec, patch, mobile, cookie, count)
        if len(html) < spec.target_bytes * 0.9:
            count += (spec.target_bytes - len(html)) // 400 + 1
            html = self._render_once(site, spec, patch, mobile, cookie, count)
        return html

    def _render_once(self, site: SiteSpec, spec: PageSpec, patch: Patch, mobile: bool,
                     cookie: bool, count: int) -> str:
        text_rng = random.Random(f"text:{site.seed}:{spec.path}")
        region = next(r for r in self._regions if r.slug == site.region)
        paras = pages.article_paragraphs(text_rng, spec, region, site.owner, self._pool(site),
                                         count)
        linked = [p for p in site.pages if p.linked]
        kit = widgets.Kit(
            site=site, page=spec, region=region, titles={p.path: p.title for p in linked},
            articles=tuple(p.path for p in linked if p.kind in ("article", "document")),
            statics=tuple(p.path for p in linked if p.kind in ("static", "faq", "links",
                                                                   "contact")),
            lists=tuple(p.path for p in linked if p.kind == "list"), paragraphs=tuple(paras),
            neighbours=tuple(r for r in self._regions if r.slug != site.region)[:6],
            patch=patch, mobile=mobile, cookie=cookie,
            rng=random.Random(f"layout:{site.seed}:{spec.path}"))
        return themes.render(kit)

    def _pool(self, site: SiteSpec) -> list[str]:
        pool = self._pools.get(site.host)
        if pool is None:
            rng = random.Random(f"pool:{site.seed}")
            region = next(r for r in self._regions if r.slug == site.region)
            pool = vocab.paragraphs(rng, region, site.owner, 80)
            self._pools[site.host] = pool
        return pool

    def _html_headers(self, site: SiteSpec) -> tuple[tuple[str, str], ...]:
        ctype = ("text/html; charset=UTF-8", "text/html; charset=utf-8", "text/html")[site.seed % 3]
        headers = [("Content-Type", ctype)]
        if site.style in ("wordpress", "joomla", "laravel", "table"):
            headers.append(("X-Powered-By", f"PHP/{('7.4.33', '8.1.2', '5.6.40')[site.seed % 3]}"))
        if site.style == "laravel":
            headers.append(("Set-Cookie", f"XSRF-TOKEN={widgets.TOKEN}; path=/"))
        return tuple(headers)

    def _dynamic(self, body: bytes) -> bytes:
        """Per-request values (CSRF token, visitor count): legitimately dynamic content."""
        if b"__WORLD_" not in body:
            return body
        n = next(self._requests)
        token = hashlib.sha1(f"{self.seed}:{n}".encode()).hexdigest()[:40].encode()
        return body.replace(widgets.TOKEN.encode(), token).replace(
            widgets.VISITS.encode(), f"{1_234_567 + n * 3:,}".replace(",", ".").encode())

    def _static(self, site: SiteSpec, path: str, base: list[tuple[str, str]]) -> ResponseSpec:
        bare = path.split("?")[0]
        if bare == site.assets[0]:
            rules = tuple(r for a in site.attacks for r in attacks.css_rules(a))
            return ResponseSpec(200, (*base, ("Content-Type", "text/css")),
                                assets.stylesheet(site, rules).encode())
        if bare == site.assets[1]:
            code = assets.jquery(("3.6.0", "3.7.1", "1.12.4")[site.seed % 3])
            for a in site.attacks:
                if a.kind == "modified_asset":
                    code += attacks.asset_append(a)
            return ResponseSpec(200, (*base, ("Content-Type", "application/javascript")),
                                code.encode())
        found = sitemaps.respond(self, site, bare)
        if found is not None:
            return ResponseSpec(200, (*base, ("Content-Type", found[0])), found[1])
        if bare.lower().endswith(_IMAGE_EXT):
            return ResponseSpec(200, (*base, ("Content-Type", "image/gif")), _GIF)
        if bare.lower().endswith(".pdf"):
            return ResponseSpec(200, (*base, ("Content-Type", "application/pdf")),
                                b"%PDF-1.4\n% dokumen\n%%EOF\n")
        alt = bare[:-1] if bare.endswith("/") and len(bare) > 1 else bare + "/"
        if alt in self._pages[site.host]:
            return ResponseSpec(301, (*base, ("Location", f"http://{site.host}{alt}")), b"")
        body = (f"<!DOCTYPE html><html lang=\"id\"><head><title>404 Halaman Tidak Ditemukan - "
                f"{site.name}</title></head><body><h1>404</h1><p>Halaman yang Anda cari tidak "
                f'ditemukan. <a href="/">Kembali ke beranda</a></p></body></html>')
        return ResponseSpec(404, (*base, ("Content-Type", "text/html; charset=utf-8")),
                            body.encode())

    def prerender(self, profiles: tuple[str, ...] = PROFILE_NAMES) -> int:
        """Render every page for these profiles now (benchmarks); returns the bodies cached."""
        for site in self.sites:
            for p in site.pages:
                for prof in profiles:
                    self.page(site.host, p.path, prof)
        return len(self._cache)

    def iter_pages(self, profile: str = "browser") -> Iterator[tuple[str, bytes]]:
        """(url, body) of every HTML page as ``profile`` gets it (redirects skipped)."""
        for site in self.sites:
            for p in site.pages:
                r = self.page(site.host, p.path, profile)
                if r.status == 200:
                    yield f"http://{site.host}{p.path}", r.body


def gunzip(data: bytes) -> bytes:
    """Decompress a gzip body (helper for tests reading ``sitemap.xml.gz``)."""
    return gzip.decompress(data)
