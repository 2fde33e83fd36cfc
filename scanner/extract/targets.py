"""Link targets of a page: resolved URLs with the parts every record needs, and stylesheets.

Resolution is memoised: the menu and footer links every page of a site repeats resolve once.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from scanner.extract.parse import MAX_HTML_CHARS
from scanner.urls import host_of, normalize_url, registered_domain

_STYLESHEET_LINK = re.compile(r"<link\b[^>]*>", re.I)
_ATTR = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


@dataclass(frozen=True, slots=True)
class Target:
    """A resolved URL with the parts every record needs (cached: sites repeat their links)."""

    url: str
    host: str
    domain: str
    path: str
    scope: str
    """The host without ``www.``, compared with the site host for ``internal``."""


def resolve(href: str, base: str) -> Target | None:
    """``href`` resolved against ``base``, memoised under the part of ``base`` it depends on.

    An absolute URL does not depend on the base and a root-relative one only on its origin,
    so the menu and footer links that every page of a site repeats hit the cache.
    """
    if href.startswith(("https://", "http://")):
        if href.partition("://")[2][:1] not in ("", "/", "?", "#"):  # has a host
            return _resolve_cached(href, "")
    elif href.startswith("/") and not href.startswith("//"):
        slash = base.find("/", base.find("//") + 2)
        return _resolve_cached(href, base if slash < 0 else base[:slash])
    return _resolve_cached(href, base)


@functools.lru_cache(maxsize=16384)
def _resolve_cached(href: str, base: str) -> Target | None:
    url = normalize_url(href, base)
    if url is None:
        return None
    parts = urlsplit(url)
    host = parts.hostname or ""
    return Target(url, host, registered_domain(host), parts.path, host_of(url))



def stylesheet_urls(html: str, url: str) -> tuple[str, ...]:
    """Absolute URLs of ``<link rel=stylesheet>`` on the page's registered domain (cheap scan).

    The pipeline fetches these before ``analyse`` so class-based hiding defined in the site's
    own CSS is seen; third-party CSS (CDNs, fonts) is not fetched.
    """
    domain = registered_domain(host_of(url))
    base = url
    found: list[str] = []
    for m in _STYLESHEET_LINK.finditer(html[:MAX_HTML_CHARS]):
        attrs = {a.group(1).lower(): a.group(2) or a.group(3) or a.group(4) or "" for a in
                 _ATTR.finditer(m.group(0))}  # fmt: skip
        if "stylesheet" not in attrs.get("rel", "").lower().split():
            continue
        target = resolve(attrs.get("href", "").strip(), base) if attrs.get("href") else None
        if target is not None and target.domain == domain and target.url not in found:
            found.append(target.url)
        if len(found) >= 100:
            break
    return tuple(found)
