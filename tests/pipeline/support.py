"""Loopback worlds with a request log, and settings that reach them (shared by these tests)."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

from scanner.config import Settings, load_settings
from scanner.demo.world import World, world_overrides
from scanner.demo.world.server import make_app
from scanner.models import Site


@dataclass(frozen=True, slots=True)
class Request:
    """One request as the loopback server saw it."""

    host: str
    path: str
    user_agent: str
    referer: str


@dataclass
class RequestLog:
    """Every request the server answered, in arrival order (appended from the server's loop)."""

    requests: list[Request] = field(default_factory=list)

    def repeated(self) -> list[tuple[Request, int]]:
        """Requests made more than once with the same URL, User-Agent and Referer."""
        counts: dict[Request, int] = {}
        for r in self.requests:
            counts[r] = counts.get(r, 0) + 1
        return [(r, n) for r, n in counts.items() if n > 1]


def logged_app(world: World, log: RequestLog) -> web.Application:
    """The world's app with a middleware that logs every request."""
    app = make_app(world)

    @web.middleware
    async def record(request: web.Request, handler: web.RequestHandler) -> web.StreamResponse:
        log.requests.append(
            Request(
                host=request.host.split(":")[0].removeprefix("www."),
                path=request.path_qs,
                user_agent=request.headers.get("User-Agent", ""),
                referer=request.headers.get("Referer", ""),
            )
        )
        return await handler(request)

    app.middlewares.append(record)
    return app


@contextlib.asynccontextmanager
async def serve_logged(world: World) -> AsyncIterator[tuple[int, RequestLog]]:
    """Serve ``world`` on 127.0.0.1 with a request log; yields (port, log)."""
    log = RequestLog()
    runner = web.AppRunner(logged_app(world, log), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield int(runner.addresses[0][1]), log
    finally:
        await runner.cleanup()


@contextlib.contextmanager
def serve_logged_in_thread(world: World) -> Iterator[tuple[int, RequestLog]]:
    """``serve_logged`` from a background thread, for a scanner running in a subprocess."""
    ready = threading.Event()
    box: dict[str, object] = {}
    loop = asyncio.new_event_loop()

    async def serve() -> None:
        stop = asyncio.Event()
        box["stop"] = stop
        async with serve_logged(world) as (port, log):
            box["port"], box["log"] = port, log
            ready.set()
            await stop.wait()

    thread = threading.Thread(target=lambda: loop.run_until_complete(serve()), daemon=True)
    thread.start()
    assert ready.wait(10), "world did not start"
    try:
        port, log = box["port"], box["log"]
        assert isinstance(port, int) and isinstance(log, RequestLog)
        yield port, log
    finally:
        stop = box["stop"]
        assert isinstance(stop, asyncio.Event)
        loop.call_soon_threadsafe(stop.set)
        thread.join(10)
        loop.close()


def settings_for(world: World, port: int, **crawl: object) -> Settings:
    """Default settings whose resolver sends every world host to the loopback server."""
    base = load_settings(env={})
    changes: dict[str, object] = {
        "host_overrides": world_overrides(world, port),
        "retries": 0,
        "trust_env": False,
    }
    changes.update(crawl)
    return dataclasses.replace(base, crawl=dataclasses.replace(base.crawl, **changes))


def sites_of(world: World) -> list[Site]:
    """The world's sites as inventory rows."""
    return [Site(url=s.url, name=s.name, owner=s.owner, contact=s.contact) for s in world.sites]


def config_for(path: Path, world: World, port: int, crawl: str = "") -> Path:
    """A scanner.toml reaching ``world`` on ``port`` (``crawl``: extra [crawl] lines)."""
    lines = ["[crawl]", "retries = 0", "trust_env = false", crawl, "[crawl.host_overrides]"]
    lines += [f'"{host}" = "{addr}"' for host, addr in world_overrides(world, port)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
