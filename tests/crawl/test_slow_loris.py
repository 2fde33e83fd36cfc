"""A server that trickles its body (slow loris) is cut off at the minimum transfer rate."""

from __future__ import annotations

import asyncio
import time

from aiohttp import web

from scanner.crawl.profiles import profile
from scanner.models import FetchErrorKind
from tests.crawl.loopback import Handler, html, serve

HOST = "lpse.kabcontoh.go.id"


def trickle(delay: float, count: int) -> Handler:
    """An HTML answer sent one byte every ``delay`` seconds."""

    async def handle(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "text/html"})
        await resp.prepare(request)
        try:
            for _ in range(count):
                await resp.write(b"<")
                await asyncio.sleep(delay)
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        return resp

    return handle


async def test_a_trickling_body_is_a_timeout_within_the_grace_period() -> None:
    routes = {"/": trickle(0.1, 200)}
    async with serve(HOST, routes, read_timeout=1.0, total_timeout=30.0) as site:
        started = time.monotonic()
        result = await site.fetcher().fetch(f"http://{HOST}/", profile("browser"))
        elapsed = time.monotonic() - started
    assert result.error is not None and result.error.kind is FetchErrorKind.TIMEOUT
    assert "min_transfer_rate" in result.error.message
    assert elapsed < 3, f"a trickling server held the fetch {elapsed:.1f} s"


async def test_a_trickling_body_is_not_fetched_again() -> None:
    """Retries are for a flaky network: a server under the minimum rate would trickle again,
    and each retry would cost another grace period (times four profiles)."""
    routes = {"/": trickle(0.1, 200), "/sibuk": html("busy", status=503)}
    async with serve(HOST, routes, read_timeout=1.0, total_timeout=30.0, retries=2) as site:
        started = time.monotonic()
        result = await site.fetcher().fetch(f"http://{HOST}/", profile("browser"))
        elapsed = time.monotonic() - started
        busy = await site.fetcher().fetch(f"http://{HOST}/sibuk", profile("browser"))
    assert result.error is not None and result.error.kind is FetchErrorKind.TIMEOUT
    assert site.hits.count("/") == 1, site.hits
    assert elapsed < 3, f"a trickling server held the fetch {elapsed:.1f} s"
    assert busy.status == 503 and site.hits.count("/sibuk") == 3  # 5xx: retried as before


async def test_a_fast_body_is_untouched_by_the_minimum_rate() -> None:
    async def page(_: web.Request) -> web.StreamResponse:
        return web.Response(text="<html><body>Pengumuman CPNS 2026</body></html>" * 500,
                            content_type="text/html")  # fmt: skip

    async with serve(HOST, {"/": page}, read_timeout=1.0) as site:
        result = await site.fetcher().fetch(f"http://{HOST}/", profile("browser"))
    assert result.ok and "CPNS" in (result.text or "")


async def test_no_minimum_rate_when_it_is_zero() -> None:
    routes = {"/": trickle(0.05, 30)}  # 1.5 s, past the 1 s grace
    async with serve(HOST, routes, read_timeout=1.0, min_transfer_rate=0) as site:
        result = await site.fetcher().fetch(f"http://{HOST}/", profile("browser"))
    assert result.ok, result.error
