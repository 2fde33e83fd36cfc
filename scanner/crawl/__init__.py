"""The crawl stage: fetch profiles, the shared HTTP session, one-URL fetching and site crawls.

Public API::

    make_session(settings) -> aiohttp.ClientSession
    Fetcher(session, settings, *, transport=None)
    await fetcher.fetch(url, profile, scope_host=None) -> FetchResult
    Transport (one GET -> RawResponse): AiohttpTransport by default;
    crawl.testing.MockTransport for unit tests
    Crawler(fetcher, settings); await crawler.crawl(site, on_page=None, profile=None,
                                                    progress=None) -> CrawlResult
    PROFILES, profile(name, user_agent=None) -> Profile

See docs/crawler.md for limits, defaults and failure kinds.
"""

from scanner.crawl.crawler import (
    Crawler,
    CrawlProgress,
    Discovered,
    PageHandler,
    extract_links,
    form_target,
)
from scanner.crawl.fetch import Fetcher, RawFetch
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
from scanner.crawl.transport import (
    AiohttpTransport,
    RawResponse,
    Request,
    ResponseBroken,
    Transport,
    TransportError,
    classify,
)

__all__ = [
    "PROFILES",
    "SCANNER_TOKEN",
    "AiohttpTransport",
    "CrawlProgress",
    "Crawler",
    "Discovered",
    "Fetcher",
    "Frontier",
    "OverrideResolver",
    "PageHandler",
    "QueuedUrl",
    "RawFetch",
    "RawResponse",
    "Request",
    "ResponseBroken",
    "SitemapCut",
    "SitemapDiscovery",
    "SitemapDoc",
    "Transport",
    "TransportError",
    "classify",
    "discover",
    "extract_links",
    "form_target",
    "make_session",
    "parse_sitemap",
    "profile",
]
