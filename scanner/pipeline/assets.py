"""Same-site stylesheets and scripts of one site: each fetched once, with the browser profile.

Stylesheets feed hidden-by-class detection (the page is analysed with the CSS it links);
scripts are analysed on their own (``detect_asset``) and their findings belong to the page
that loads them. Both are bounded by ``detect.max_assets`` per site.
"""

from __future__ import annotations

from scanner.detect import PageContext, detect_asset
from scanner.extract import stylesheet_urls
from scanner.models import Finding, PageView
from scanner.pipeline.env import BROWSER, ScanEnv
from scanner.urls import same_site

MAX_CSS_CHARS = 500_000


class SiteAssets:
    """The asset cache of one site job (mutable, owned by that job only)."""

    def __init__(self, host: str, env: ScanEnv) -> None:
        """An empty cache for the site at ``host``."""
        self._host = host
        self._env = env
        self._css: dict[str, str] = {}
        self._scripts_seen: set[str] = set()

    async def stylesheets(self, html: str, url: str) -> str:
        """The same-site CSS the page links, joined (each stylesheet fetched once per site)."""
        limit = self._env.settings.detect.max_assets
        parts: list[str] = []
        for href in stylesheet_urls(html, url):
            if not same_site(href, self._host):
                continue
            if href not in self._css:
                if len(self._css) >= limit:
                    continue
                self._css[href] = ""  # claimed before the await: concurrent pages share it
                result = await self._env.fetcher.fetch(
                    href, self._env.profiles[BROWSER], self._host
                )
                self._css[href] = (result.text or "")[:MAX_CSS_CHARS] if result.ok else ""
            parts.append(self._css[href])
        return "\n".join(parts)

    async def scripts(self, view: PageView, ctx: PageContext) -> list[Finding]:
        """Findings in the same-site JS files the page loads that no page loaded before."""
        if not self._env.settings.detect.fetch_assets:
            return []
        limit = self._env.settings.detect.max_assets
        out: list[Finding] = []
        for script in view.scripts:
            src = script.src
            if not src or not script.internal or src in self._scripts_seen:
                continue
            if len(self._scripts_seen) >= limit:
                break
            self._scripts_seen.add(src)
            result = await self._env.fetcher.fetch(src, self._env.profiles[BROWSER], self._host)
            if result.ok and result.text:
                out.extend(detect_asset(src, result.text, ctx, self._env.sigs))
        return out
