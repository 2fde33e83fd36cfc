"""Content-Encoding: br is decoded, and capped like gzip (a brotli bomb stops at the cap)."""

from __future__ import annotations

import tracemalloc

import brotli
import pytest

from scanner.crawl import profile
from scanner.crawl.body import DecompressionError, Inflater
from tests.crawl.loopback import raw, serve

HOST = "www.bapenda.kabcontoh.go.id"
PAGE = (
    "<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'><title>Bapenda</title></head>"
    "<body><h1>Badan Pendapatan Daerah</h1><p>Pembayaran pajak kendaraan bermotor.</p>"
    "<div style='display:none'><a href='https://slot-gacor.example/'>Slot gacor maxwin</a></div>"
    "</body></html>"
)


async def test_a_brotli_page_is_decoded() -> None:
    routes = {"/": raw(brotli.compress(PAGE.encode()), **{"Content-Encoding": "br"})}
    async with serve(HOST, routes) as site:
        result = await site.fetcher().fetch(f"http://{HOST}/", profile("browser"))
    assert result.ok, result.error
    assert "Slot gacor maxwin" in (result.text or "")


async def test_the_fetcher_asks_for_brotli() -> None:
    seen: list[str] = []

    async def handler(request):  # type: ignore[no-untyped-def]
        seen.append(request.headers.get("Accept-Encoding", ""))
        return await raw(PAGE.encode())(request)

    async with serve(HOST, {"/": handler}) as site:
        await site.fetcher().fetch(f"http://{HOST}/", profile("browser"))
    assert "br" in seen[0].split(", ")


async def test_a_brotli_bomb_is_capped_with_bounded_memory() -> None:
    bomb = brotli.compress(b"\0" * (200 * 1024 * 1024), quality=5)
    assert len(bomb) < 1024 * 1024
    routes = {"/": raw(bomb, **{"Content-Encoding": "br"})}
    async with serve(HOST, routes, max_decompressed_bytes=2 * 1024 * 1024) as site:
        tracemalloc.start()
        try:
            result = await site.fetcher().fetch(f"http://{HOST}/", profile("browser"))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert result.error is not None and result.error.kind == "decompression"
    assert "2097152" in result.error.message
    assert peak < 40 * 1024 * 1024


def test_inflater_brotli_in_small_chunks_and_invalid_streams() -> None:
    data = brotli.compress(PAGE.encode() * 50)
    inflater = Inflater("br", 1024 * 1024)
    out = b"".join(inflater.feed(data[i : i + 7]) for i in range(0, len(data), 7))
    assert out + inflater.finish() == PAGE.encode() * 50
    with pytest.raises(DecompressionError, match="ends before"):
        cut = Inflater("br", 1024 * 1024)
        cut.feed(data[: len(data) // 2])
        cut.finish()
    with pytest.raises(DecompressionError, match="invalid brotli"):
        Inflater("br", 1024).feed(b"\xff" * 64)
