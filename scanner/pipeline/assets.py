"""The scripts and stylesheets pages load: same-site ones per site, third-party ones per scan.

Same-site stylesheets feed hidden-by-class detection (the page is analysed with the CSS it
links); same-site scripts are analysed on their own (``detect_asset``) and their findings belong
to the file (a modified asset). Both are bounded by ``detect.max_assets`` per site.

Third-party scripts (``<script src>`` on another host) are how one compromised widget or
"CDN" writes gambling links into every page of every site that embeds it. Each such URL is
fetched and analysed once per scan (``OffsiteScripts``, shared by every site job of the scan),
bounded by ``detect.max_offsite_scripts`` per site, ``MAX_OFFSITE_SCRIPT_CHARS`` per file and
``offsite.MAX_OFFSITE_CACHE`` URLs per scan; its findings are tied to EVERY page that loads it (the
finding's URL is the page, the evidence names the file). Trusted CDNs (``cdn-allow``) are not
fetched, nor gambling/known-bad hosts (the page is flagged for loading them already).

Scope is the crawler's (``crawl.frontier.site_ports``): a stylesheet or script on another port
of the site's own host (``http://site:6379/x.js``) is not the site and is never fetched (the
address policy would refuse it before connecting anyway); the page keeps it as evidence.

What a cap skips is recorded, never silently dropped: ``limits()`` gives one ``assets`` limit for
the same-site files past ``detect.max_assets`` and one ``offsite_scripts`` limit for the
third-party scripts past ``detect.max_offsite_scripts`` (how many, and the first one skipped).
"""

from __future__ import annotations

import asyncio
import logging

from scanner.crawl.frontier import on_site, site_ports
from scanner.detect import PageContext, detect_asset
from scanner.detect.embeds import classify_domain
from scanner.extract import stylesheet_urls
from scanner.models import Finding, Limit, LimitKind, PageView
from scanner.pipeline.env import BROWSER, ScanEnv
from scanner.pipeline.offsite import OffsiteScripts
from scanner.urls import host_of

log = logging.getLogger(__name__)

MAX_CSS_CHARS = 500_000
MAX_OFFSITE_SCRIPT_CHARS = 1_000_000
"""Characters of one third-party script file analysed (the fetch itself is capped by the crawl;
not ``extract.MAX_INLINE_SCRIPT_CHARS``, the cap on one inline script of a page)."""


class SiteAssets:
    """The asset cache of one site job (mutable, owned by that job only)."""

    def __init__(self, host: str, env: ScanEnv, site_url: str = "") -> None:
        """An empty cache for the site at ``host`` (``site_url``: its inventory URL, whose
        port is the site's too; see ``crawl.frontier.site_ports``)."""
        self._host = host
        self._env = env
        self._ports = site_ports(site_url or host, env.settings.crawl.allowed_ports)
        self._css: dict[str, str] = {}
        self._scripts_seen: set[str] = set()
        self._offsite: set[str] = set()
        self._skipped: dict[LimitKind, dict[str, None]] = {}
        """The asset URLs a cap skipped, by the cap (each URL once)."""

    def limits(self) -> tuple[Limit, ...]:
        """The asset caps this site hit: one limit per cap, saying how many files it skipped
        (its ``url`` is the first one)."""
        settings = self._env.settings.detect
        caps = {
            LimitKind.ASSETS: f"detect.max_assets {settings.max_assets}",
            LimitKind.OFFSITE_SCRIPTS: f"detect.max_offsite_scripts {settings.max_offsite_scripts}",
        }
        return tuple(
            Limit(kind, f"{len(urls)} file(s) past {caps[kind]} not analysed", next(iter(urls)))
            for kind, urls in self._skipped.items()
        )

    def _skip(self, kind: LimitKind, url: str) -> None:
        skipped = self._skipped.setdefault(kind, {})
        if not skipped:
            log.warning("%s: %s cap reached; %s and later ones not analysed", self._host, kind, url)
        skipped[url] = None

    async def stylesheets(self, html: str, url: str) -> str:
        """The same-site CSS the page links, joined (each stylesheet fetched once per site)."""
        limit = self._env.settings.detect.max_assets
        parts: list[str] = []
        for href in stylesheet_urls(html, url):
            if not self._on_site(href):
                continue
            if href not in self._css:
                if len(self._css) >= limit:
                    self._skip(LimitKind.ASSETS, href)
                    continue
                self._css[href] = ""  # claimed before the await: concurrent pages share it
                result = await self._env.fetcher.fetch(
                    href, self._env.profiles[BROWSER], self._host
                )
                self._css[href] = (result.text or "")[:MAX_CSS_CHARS] if result.ok else ""
            parts.append(self._css[href])
        return "\n".join(parts)

    async def scripts(self, view: PageView, ctx: PageContext) -> list[Finding]:
        """Findings in the same-site JS files the page loads that no page loaded before, and
        in the third-party scripts it loads (every page that loads one gets its findings)."""
        if not self._env.settings.detect.fetch_assets:
            return []
        limit = self._env.settings.detect.max_assets
        out: list[Finding] = []
        for script in view.scripts:
            src = script.src
            if not src:
                continue
            if not script.internal:
                out.extend(await self._third_party(src, ctx))
                continue
            if src in self._scripts_seen or not self._on_site(src):
                continue
            if len(self._scripts_seen) >= limit:
                self._skip(LimitKind.ASSETS, src)
                continue
            self._scripts_seen.add(src)
            result = await self._env.fetcher.fetch(src, self._env.profiles[BROWSER], self._host)
            if result.ok and result.text:
                out.extend(detect_asset(src, result.text, ctx, self._env.sigs))
        return out

    def _on_site(self, url: str) -> bool:
        """True when ``url`` is on the site's host and one of its ports (the crawl's scope)."""
        return on_site(url, self._host, self._ports)

    async def _third_party(self, src: str, ctx: PageContext) -> list[Finding]:
        """The findings of one third-party script, as this page's (see the module docstring)."""
        if src not in self._offsite:
            if not src.startswith(("http://", "https://")):
                return []
            kind, _ids = classify_domain(self._env.sigs, src)
            if kind in ("allowed", "gambling", "bad"):
                return []  # a trusted CDN; or a host the page is flagged for loading already
            if len(self._offsite) >= self._env.settings.detect.max_offsite_scripts:
                self._skip(LimitKind.OFFSITE_SCRIPTS, src)
                return []
            self._offsite.add(src)
        found = await self._env.offsite_scripts.findings(src, lambda: self._analyse(src))
        return OffsiteScripts.for_page(found or (), ctx.url)

    async def _analyse(self, src: str) -> tuple[Finding, ...]:
        """Fetch and analyse one third-party script once (its own host is the scope)."""
        host = host_of(src)
        result = await self._env.fetcher.fetch(src, self._env.profiles[BROWSER], host)
        if not (result.ok and result.text):
            return ()
        ctx = PageContext(url=src, site_host=host)
        code = result.text[:MAX_OFFSITE_SCRIPT_CHARS]
        # CPU work on up to a megabyte of hostile code: off the event loop, as page analysis.
        return await asyncio.to_thread(detect_asset, src, code, ctx, self._env.sigs, offsite=True)
