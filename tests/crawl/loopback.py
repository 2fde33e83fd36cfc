"""A tiny loopback site for the hardening tests: canned routes, every request logged.

``tests/crawl/mockserver.py`` plays a whole world; the evasion tests need one host with a few
hostile answers, written next to the test that uses them. The crawler reaches the site through
``CrawlSettings.host_overrides`` (a resolver override): no byte leaves 127.0.0.1.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
from aiohttp import web

from scanner.config import CrawlSettings
from scanner.crawl import Fetcher, make_session

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

FAST: dict[str, Any] = {
    "connect_timeout": 2.0,
    "read_timeout": 2.0,
    "total_timeout": 5.0,
    "retries": 0,
    "backoff": 0.01,
    "trust_env": False,
}


@dataclasses.dataclass
class Site:
    """One served host: its port, the requests it received, and a fetcher wired to it."""

    host: str
    port: int
    hits: list[str]
    settings: CrawlSettings
    session: aiohttp.ClientSession

    def fetcher(self) -> Fetcher:
        """A Fetcher on this site's session and settings."""
        return Fetcher(self.session, self.settings)


@asynccontextmanager
async def serve(host: str, routes: dict[str, Handler], **settings: Any) -> AsyncIterator[Site]:
    """Serve ``routes`` (path -> handler) as ``host`` on a random loopback port."""
    hits: list[str] = []

    async def dispatch(request: web.Request) -> web.StreamResponse:
        hits.append(request.path_qs)
        handler = routes.get(request.path)
        if handler is None:
            return web.Response(status=404, text="Halaman tidak ditemukan")
        return await handler(request)

    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", dispatch)
    runner = web.AppRunner(app)
    await runner.setup()
    tcp = web.TCPSite(runner, "127.0.0.1", 0)
    await tcp.start()
    port = tcp._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    crawl = dataclasses.replace(
        CrawlSettings(), host_overrides=((host, f"127.0.0.1:{port}"),), **{**FAST, **settings}
    )
    session = make_session(crawl)
    try:
        yield Site(host, port, hits, crawl, session)
    finally:
        await session.close()
        await runner.cleanup()


def html(body: str, status: int = 200, **headers: str) -> Handler:
    """A handler answering an HTML page."""

    async def handle(_: web.Request) -> web.StreamResponse:
        return web.Response(
            status=status, body=body.encode(), content_type="text/html", headers=headers
        )

    return handle


def raw(body: bytes, content_type: str = "text/html", **headers: str) -> Handler:
    """A handler answering ``body`` as it is (headers such as Content-Encoding kept)."""

    async def handle(_: web.Request) -> web.StreamResponse:
        return web.Response(body=body, headers={"Content-Type": content_type, **headers})

    return handle


def redirect(location: str, status: int = 302) -> Handler:
    """A handler answering a redirect to ``location`` exactly as written."""

    async def handle(_: web.Request) -> web.StreamResponse:
        return web.Response(status=status, headers={"Location": location})

    return handle
