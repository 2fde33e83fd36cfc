"""The crawl stage: fetch profiles, the shared HTTP session, one-URL fetching and site crawls.

Public API::

    make_session(settings) -> aiohttp.ClientSession
    Fetcher(session, settings); await fetcher.fetch(url, profile, scope_host=None) -> FetchResult
    Crawler(fetcher, settings); await crawler.crawl(site, on_page=None, profile=None,
                                                    progress=None) -> CrawlResult
    PROFILES, profile(name, user_agent=None) -> Profile

See docs/crawler.md for limits, defaults and failure kinds.
"""

from scanner.crawl.crawler import Crawler, CrawlProgress, PageHandler, extract_links
from scanner.crawl.fetch import Fetcher, RawFetch, classify
from scanner.crawl.frontier import Frontier, QueuedUrl
from scanner.crawl.profiles import PROFILES, SCANNER_TOKEN, profile
from scanner.crawl.session import OverrideResolver, make_session
from scanner.crawl.sitemaps import (
    SitemapCut,
    SitemapDiscovery,
    SitemapDoc,
    discover,
    parse_sitemap,
)

__all__ = [
    "PROFILES",
    "SCANNER_TOKEN",
    "CrawlProgress",
    "Crawler",
    "Fetcher",
    "Frontier",
    "OverrideResolver",
    "PageHandler",
    "QueuedUrl",
    "RawFetch",
    "SitemapCut",
    "SitemapDiscovery",
    "SitemapDoc",
    "classify",
    "discover",
    "extract_links",
    "make_session",
    "parse_sitemap",
    "profile",
]
