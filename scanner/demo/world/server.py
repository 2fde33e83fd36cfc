"""Serving a World over loopback: one aiohttp app answers for every site by Host header.

The scanner reaches the fictitious hosts through ``CrawlSettings.host_overrides`` (see
``world_overrides``); the app reads User-Agent and Referer to pick the profile, which is what
lets cloaking attacks show one thing to Googlebot, mobiles or Google visitors and another to
browsers.
"""

from __future__ import annotations

import contextlib
import gzip
from collections.abc import AsyncIterator

from aiohttp import web

from scanner.demo.world import faults
from scanner.demo.world.world import World

WORLD_KEY = web.AppKey("world", World)
_MOBILE_MARKERS = ("mobile", "android", "iphone", "ipad", "opera mini")


def profile_for(user_agent: str, referer: str | None = None) -> str:
    """The world profile a request belongs to: googlebot, mobile, google-referer or browser."""
    ua = user_agent.lower()
    if "googlebot" in ua or "google-inspectiontool" in ua:
        return "googlebot"
    if any(m in ua for m in _MOBILE_MARKERS):
        return "mobile"
    if referer and ("://www.google." in referer or "://google." in referer):
        return "google-referer"
    return "browser"


async def _handle(request: web.Request) -> web.StreamResponse:
    world = request.app[WORLD_KEY]
    fault = world.fault_for(request.host)
    if fault is not None:
        return await faults.respond(fault.fault, request)
    referer = request.headers.get("Referer")
    profile = profile_for(request.headers.get("User-Agent", ""), referer)
    spec = world.page(request.host, request.raw_path, profile, referer)
    headers = dict(spec.headers)
    body = spec.body
    site = world.site_for(request.host)
    compressible = headers.get("Content-Type", "").startswith(("text/", "application/java"))
    if (site is not None and site.gzip and compressible and len(body) > 1024
            and "gzip" in request.headers.get("Accept-Encoding", "")):
        body = gzip.compress(body, compresslevel=5, mtime=0)
        headers["Content-Encoding"] = "gzip"
        headers["Vary"] = "Accept-Encoding"
    if request.method == "HEAD":
        return web.Response(status=spec.status, headers=headers)
    return web.Response(status=spec.status, headers=headers, body=body)


def make_app(world: World) -> web.Application:
    """The aiohttp application serving ``world`` (every method, every path)."""
    app = web.Application()
    app[WORLD_KEY] = world
    app.router.add_route("GET", "/{tail:.*}", _handle)
    app.router.add_route("POST", "/{tail:.*}", _handle)
    return app


@contextlib.asynccontextmanager
async def serve_world(world: World, host: str = "127.0.0.1",
                      port: int = 0) -> AsyncIterator[tuple[str, int]]:
    """Serve ``world`` on loopback for the duration of the block; yields (host, port)."""
    runner = web.AppRunner(make_app(world), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    try:
        bound = runner.addresses[0]
        yield host, int(bound[1])
    finally:
        await runner.cleanup()


def world_overrides(world: World, port: int,
                    address: str = "127.0.0.1") -> tuple[tuple[str, str], ...]:
    """``CrawlSettings.host_overrides`` for every site host, bare and ``www.`` alike, and for
    the third-party hosts the pages load scripts from (served by the world too). A fault site
    that refuses connections points at a closed loopback port."""
    out: list[tuple[str, str]] = []
    for site in world.sites:
        for host in (site.bare_host, "www." + site.bare_host):
            out.append((host, f"{address}:{port}"))
    dead = faults.closed_port(address) if world.faults else port
    for fault in world.faults:
        target = dead if fault.fault is faults.Fault.REFUSED else port
        for host in (fault.bare_host, "www." + fault.bare_host):
            out.append((host, f"{address}:{target}"))
    out.extend((host, f"{address}:{port}") for host in world.third_party_hosts())
    return tuple(out)
