"""robots.txt and sitemaps of a world site: plain, index + children, gzipped, or none.

Doorway pages an attacker planted are listed here (and nowhere else for ``doorway_sitemap``):
that is how a crawler that reads sitemaps finds pages no link leads to.
"""

from __future__ import annotations

import gzip
from typing import TYPE_CHECKING

from scanner.demo.world.records import SiteSpec
from scanner.models import Technique

if TYPE_CHECKING:
    from scanner.demo.world.world import World

_XML = "application/xml; charset=utf-8"
_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def _urlset(site: SiteSpec, paths: list[str]) -> bytes:
    rows = []
    for i, p in enumerate(paths):
        loc = f"http://{site.host}{p}".replace("&", "&amp;")
        rows.append(f"<url><loc>{loc}</loc><lastmod>2025-0{1 + i % 9}-1{i % 9}</lastmod>"
                    f"<changefreq>{('weekly', 'monthly', 'daily')[i % 3]}</changefreq></url>")
    return (_HEAD + f"<urlset {_NS}>\n" + "\n".join(rows) + "\n</urlset>\n").encode()


def listed(site: SiteSpec) -> tuple[list[str], list[str]]:
    """(ordinary page paths, doorway paths) that the site's sitemap lists."""
    normal = [p.path for p in site.pages if p.in_sitemap]
    doors = [p for a in site.attacks if a.kind == "doorway_sitemap"
             and a.technique is Technique.DOORWAY_PAGE for p in a.paths]
    return normal, doors


def robots(site: SiteSpec) -> str | None:
    """The robots.txt text (None: the site has none and answers 404)."""
    if site.sitemap == "none" and site.seed % 4 == 0:
        return None
    lines = ["User-agent: *"]
    lines += {"wordpress": ["Disallow: /wp-admin/", "Allow: /wp-admin/admin-ajax.php"],
              "joomla": ["Disallow: /administrator/", "Disallow: /cache/", "Disallow: /tmp/"],
              "laravel": ["Disallow: /admin", "Disallow: /login"]}.get(site.style, ["Disallow:"])
    entry = {"plain": "/sitemap.xml", "index": "/sitemap_index.xml",
             "gzip": "/sitemap.xml.gz"}.get(site.sitemap)
    # A plain sitemap is announced only on some sites: crawlers must try /sitemap.xml anyway.
    if entry and (site.sitemap != "plain" or site.seed % 2 == 0):
        lines += ["", f"Sitemap: http://{site.host}{entry}"]
    return "\n".join(lines) + "\n"


def respond(world: World, site: SiteSpec, path: str) -> tuple[str, bytes] | None:
    """(content type, body) for robots.txt and sitemap paths of ``site``; None otherwise."""
    if path == "/robots.txt":
        text = robots(site)
        return None if text is None else ("text/plain; charset=utf-8", text.encode())
    normal, doors = listed(site)
    if site.sitemap == "plain" and path == "/sitemap.xml":
        return _XML, _urlset(site, normal + doors)
    if site.sitemap == "gzip" and path == "/sitemap.xml.gz":
        return "application/x-gzip", gzip.compress(_urlset(site, normal + doors), mtime=0)
    if site.sitemap == "index":
        articles = [p.path for p in site.pages if p.in_sitemap and p.kind in ("article",
                                                                               "document")]
        others = [p for p in normal if p not in articles]
        if path == "/sitemap_index.xml":
            children = "\n".join(
                f"<sitemap><loc>http://{site.host}/{name}</loc></sitemap>"
                for name in ("post-sitemap.xml", "page-sitemap.xml.gz"))
            return _XML, (_HEAD + f"<sitemapindex {_NS}>\n{children}\n</sitemapindex>\n").encode()
        if path == "/post-sitemap.xml":
            return _XML, _urlset(site, articles)
        if path == "/page-sitemap.xml.gz":
            return "application/x-gzip", gzip.compress(_urlset(site, others + doors), mtime=0)
    return None
