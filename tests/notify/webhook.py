"""A chat service on loopback: an aiohttp server that records what Apprise's ``json://``
target posts, served from a background thread (Apprise sends synchronously, with requests).

``status`` is what it answers (set 503 to play a service that is down). No byte leaves
127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Webhook:
    """What the loopback service received, and what it answers."""

    port: int = 0
    status: int = 200
    posts: list[dict[str, Any]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)

    def url(self, path: str = "/hook", scheme: str = "json") -> str:
        """The Apprise URL of this service (``json://127.0.0.1:port/path``)."""
        return f"{scheme}://127.0.0.1:{self.port}{path}"


@contextmanager
def webhook() -> Iterator[Webhook]:
    """Serve a ``Webhook`` on 127.0.0.1 (a free port) until the block ends."""
    hook = Webhook()
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    runner: web.AppRunner | None = None

    async def receive(request: web.Request) -> web.Response:
        hook.paths.append(request.path)
        raw = await request.read()
        try:
            hook.posts.append(json.loads(raw))
        except ValueError:
            hook.posts.append({"raw": raw.decode("utf-8", "replace")})
        return web.Response(status=hook.status, text="ok")

    async def start() -> None:
        nonlocal runner
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", receive)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        hook.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        ready.set()

    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(start(), loop).result(10)
    ready.wait(10)
    try:
        yield hook
    finally:
        if runner is not None:
            asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()
