"""aiohttp handlers for the hostile world's answers: plain, compressed, slow, broken.

Each function returns a handler; bodies are built once, when the world is built, so serving
costs nothing but the bytes (a 6 MiB body or a 5 MB gzip bomb is prepared up front).
"""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import Awaitable, Callable

import brotli
from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

HTML = "text/html; charset=utf-8"


def html(text: str, status: int = 200) -> Handler:
    """An HTML page, uncompressed."""
    body = text.encode("utf-8")

    async def handle(_: web.Request) -> web.StreamResponse:
        return web.Response(status=status, body=body, headers={"Content-Type": HTML})

    return handle


def encoded(body: bytes, coding: str, content_type: str = HTML) -> Handler:
    """``body`` as sent with ``Content-Encoding: coding`` (already compressed, or garbage)."""

    async def handle(_: web.Request) -> web.StreamResponse:
        headers = {"Content-Type": content_type, "Content-Encoding": coding}
        return web.Response(body=body, headers=headers)

    return handle


def gzipped(text: str, content_type: str = HTML) -> Handler:
    """A page gzipped once, here (level 9: a bomb is small on the wire)."""
    return encoded(gzip.compress(text.encode("utf-8"), 9, mtime=0), "gzip", content_type)


def brotli_page(text: str) -> Handler:
    """A page sent with ``Content-Encoding: br`` whatever the client asked for (servers do)."""
    return encoded(brotli.compress(text.encode("utf-8")), "br")


def raw(body: bytes, content_type: str) -> Handler:
    """Bytes as they are, with a Content-Type."""

    async def handle(_: web.Request) -> web.StreamResponse:
        return web.Response(body=body, headers={"Content-Type": content_type})

    return handle


def redirect(location: str, status: int = 302) -> Handler:
    """A redirect whose ``Location`` is sent byte for byte (backslashes included)."""

    async def handle(_: web.Request) -> web.StreamResponse:
        return web.Response(status=status, headers={"Location": location})

    return handle


def stalled(seconds: float) -> Handler:
    """Accepts the request and answers nothing for ``seconds`` (a hung upstream)."""

    async def handle(request: web.Request) -> web.StreamResponse:
        for _ in range(int(seconds * 10)):  # until the client gives up (aiohttp would not)
            if request.transport is None or request.transport.is_closing():
                break
            await asyncio.sleep(0.1)
        return web.Response(text="terlambat", content_type="text/html")

    return handle


def trickle(text: str, bytes_per_second: int = 1, limit_seconds: float = 300.0) -> Handler:
    """The page sent ``bytes_per_second`` bytes at a time, one write a second (slow loris)."""
    body = text.encode("utf-8")

    async def handle(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": HTML})
        response.content_length = len(body)
        await response.prepare(request)
        sent, waited = 0, 0.0
        try:
            while sent < len(body) and waited < limit_seconds:
                await response.write(body[sent : sent + bytes_per_second])
                sent += bytes_per_second
                await asyncio.sleep(1.0)
                waited += 1.0
        except ConnectionError:
            return response  # the client gave up, as it should
        return response

    return handle
