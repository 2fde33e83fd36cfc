"""What every detector receives besides the PageView: where the page sits and how it was seen."""

from __future__ import annotations

from dataclasses import dataclass

from scanner.models import FetchResult


@dataclass(frozen=True, slots=True)
class PageContext:
    """The page's place in the site and the fetch that produced it."""

    url: str
    site_host: str
    profile: str = "browser"
    fetch: FetchResult | None = None
    in_sitemap: bool = False
    linked: bool = True
    is_homepage: bool = False
