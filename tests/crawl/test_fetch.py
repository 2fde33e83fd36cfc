"""Fetcher against the loopback world: every fault a crawler meets becomes a recorded reason."""

from __future__ import annotations

import socket
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.abc import AbstractResolver, ResolveResult

from scanner.crawl import Fetcher, profile
from tests.crawl.conftest import settings_for
from tests.crawl.mockserver import AMAN, BAPENDA, CONTOH, World, tls_context

B = f"http://{BAPENDA}"
BROWSER = profile("browser")

FetcherFor = Callable[..., Fetcher]


async def test_plain_page_records_everything(fetcher_for: FetcherFor, world: World) -> None:
    result = await fetcher_for().fetch(f"http://{CONTOH}/profil", BROWSER, "contoh.go.id")
    assert result.ok and result.is_html
    assert result.status == 200 and result.error is None
    assert "Kabupaten Contoh terletak" in (result.text or "")
    assert result.encoding == "utf-8"
    assert result.size == len((result.text or "").encode())
    assert len(result.body_sha256) == 64
    assert result.elapsed_ms > 0
    hit = next(h for h in world.hits if h.path == "/profil")
    assert "GoIdIntegrityScanner" in hit.user_agent and "Chrome/" in hit.user_agent


async def test_profile_headers_are_sent(fetcher_for: FetcherFor, world: World) -> None:
    fetcher = fetcher_for()
    await fetcher.fetch(f"http://{CONTOH}/kontak", profile("googlebot"))
    await fetcher.fetch(f"http://{CONTOH}/kontak", profile("google-referer"))
    agents = [h.user_agent for h in world.hits if h.path == "/kontak"]
    assert "Googlebot/2.1" in agents[0]
    assert "Googlebot" not in agents[1] and "GoIdIntegrityScanner" not in agents[1]


async def test_gzip_body_is_inflated(fetcher_for: FetcherFor) -> None:
    result = await fetcher_for().fetch(f"{B}/gzip", BROWSER)
    assert result.ok and "Pajak Daerah" in (result.text or "")


async def test_body_cap_with_content_length(fetcher_for: FetcherFor) -> None:
    result = await fetcher_for(max_body_bytes=64 * 1024).fetch(f"{B}/besar", BROWSER)
    assert result.error is not None and result.error.kind == "too_large"
    assert result.text is None and result.status == 200


async def test_body_cap_while_streaming(fetcher_for: FetcherFor) -> None:
    result = await fetcher_for(max_body_bytes=64 * 1024).fetch(f"{B}/besar-stream", BROWSER)
    assert result.error is not None and result.error.kind == "too_large"
    assert result.text is None


async def test_gzip_bomb_is_stopped_with_bounded_memory(fetcher_for: FetcherFor) -> None:
    fetcher = fetcher_for(max_decompressed_bytes=1024 * 1024)
    tracemalloc.start()
    try:
        result = await fetcher.fetch(f"{B}/bom", BROWSER)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.error is not None and result.error.kind == "decompression"
    assert result.text is None
    assert peak < 8 * 1024 * 1024  # the bomb inflates to 64 MB


async def test_slow_host_times_out(fetcher_for: FetcherFor) -> None:
    fetcher = fetcher_for(read_timeout=0.3, total_timeout=1.0, retries=0)
    start = time.monotonic()
    result = await fetcher.fetch(f"{B}/lambat", BROWSER)
    assert result.error is not None and result.error.kind == "timeout"
    assert result.status is None
    assert time.monotonic() - start < 2.5


async def test_connection_reset_mid_body(fetcher_for: FetcherFor, world: World) -> None:
    result = await fetcher_for(retries=1).fetch(f"{B}/putus", BROWSER)
    assert result.error is not None and result.error.kind == "reset"
    assert result.text is None
    assert world.paths(BAPENDA).count("/putus") == 2  # a reset is transient: retried once


async def test_redirect_loop(fetcher_for: FetcherFor) -> None:
    result = await fetcher_for().fetch(f"{B}/loop-a", BROWSER, BAPENDA)
    assert result.error is not None and result.error.kind == "redirect_loop"
    assert [h.status for h in result.redirects] == [302, 301]
    assert result.redirects[0].location == "/loop-b"


async def test_too_many_redirects(fetcher_for: FetcherFor) -> None:
    result = await fetcher_for(max_redirects=4).fetch(f"{B}/rantai/1", BROWSER)
    assert result.error is not None and result.error.kind == "too_many_redirects"
    assert len(result.redirects) == 5


async def test_offsite_redirect_is_recorded_not_fetched(
    fetcher_for: FetcherFor, world: World
) -> None:
    result = await fetcher_for().fetch(f"{B}/keluar", BROWSER, "bapenda.contohkab.go.id")
    assert result.error is None
    assert result.status == 302
    assert result.offsite_redirect == "https://slot-gacor.example/daftar?ref=bapenda"
    assert result.redirects[0].location == "https://slot-gacor.example/daftar?ref=bapenda"
    assert result.final_url == f"{B}/keluar"
    assert {h.host for h in world.hits} == {BAPENDA}


async def test_in_scope_redirect_is_followed(fetcher_for: FetcherFor) -> None:
    result = await fetcher_for().fetch(f"{B}/pindah", BROWSER, BAPENDA)
    assert result.ok and result.final_url == f"{B}/pajak"
    assert result.redirects[0].status == 301


async def test_cookie_then_redirect_to_self_is_not_a_loop(fetcher_for: FetcherFor) -> None:
    result = await fetcher_for().fetch(f"{B}/cookie", BROWSER, BAPENDA)
    assert result.ok and "Lolos" in (result.text or "")


async def test_http_500_keeps_body(fetcher_for: FetcherFor, world: World) -> None:
    result = await fetcher_for(retries=2).fetch(f"{B}/error500", BROWSER)
    assert result.status == 500
    assert result.error is not None and result.error.kind == "http_status"
    assert "Database error" in (result.text or "")
    assert world.paths(BAPENDA).count("/error500") == 1  # 500 is not retried


async def test_503_is_retried_until_success(fetcher_for: FetcherFor, world: World) -> None:
    result = await fetcher_for(retries=2).fetch(f"{B}/sibuk", BROWSER)
    assert result.ok and "Sudah pulih" in (result.text or "")
    assert world.paths(BAPENDA).count("/sibuk") == 3


async def test_502_once_then_success(fetcher_for: FetcherFor) -> None:
    result = await fetcher_for(retries=1).fetch(f"{B}/gerbang", BROWSER)
    assert result.ok and "Gerbang Pajak" in (result.text or "")


async def test_unusable_location_is_recorded(fetcher_for: FetcherFor) -> None:
    result = await fetcher_for().fetch(f"{B}/ke-js", BROWSER, BAPENDA)
    assert result.error is not None and result.error.kind == "other"
    assert result.redirects[0].location == "javascript:alert(1)"


async def test_unsupported_content_encoding(fetcher_for: FetcherFor) -> None:
    result = await fetcher_for().fetch(f"{B}/brotli", BROWSER)
    assert result.error is not None and result.error.kind == "decompression"
    assert result.text is None


async def test_404_is_not_retried(fetcher_for: FetcherFor, world: World) -> None:
    result = await fetcher_for(retries=3).fetch(f"{B}/tidak-ada", BROWSER)
    assert result.error is not None and result.error.kind == "http_status"
    assert result.status == 404
    assert world.paths(BAPENDA).count("/tidak-ada") == 1


@pytest.mark.parametrize("path", ["/charset-salah", "/tanpa-charset", "/meta-charset"])
async def test_windows_1252_is_decoded_sanely(fetcher_for: FetcherFor, path: str) -> None:
    result = await fetcher_for().fetch(f"{B}{path}", BROWSER)
    assert result.ok
    assert "Kafé" in (result.text or "")
    assert "\ufffd" not in (result.text or "")
    assert result.encoding == "cp1252"


async def test_garbage_bytes_do_not_crash(fetcher_for: FetcherFor) -> None:
    result = await fetcher_for().fetch(f"{B}/rusak", BROWSER)
    assert result.ok and result.text is not None and "PBB" in result.text


async def test_images_are_not_kept(fetcher_for: FetcherFor) -> None:
    result = await fetcher_for().fetch(f"{B}/gambar.png", BROWSER)
    assert result.ok and result.text is None
    assert result.content_type == "image/png"


async def test_refused_port(fetcher_for: FetcherFor) -> None:
    start = time.monotonic()
    result = await fetcher_for(retries=3, backoff=1.0).fetch("http://mati.contoh.go.id/", BROWSER)
    assert result.error is not None and result.error.kind == "refused"
    assert time.monotonic() - start < 1.0  # refused is not retried


class _NoSuchHost(AbstractResolver):
    """A resolver for which every name is unknown (no DNS query leaves the machine)."""

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    async def close(self) -> None:
        return None


async def test_unresolvable_name(world: World, sessions: Callable[..., Any]) -> None:
    settings = settings_for(world)
    fetcher = Fetcher(sessions(settings, fallback_resolver=_NoSuchHost()), settings)
    result = await fetcher.fetch("http://tidak-ada.contoh-salah.go.id/", BROWSER)
    assert result.error is not None and result.error.kind == "dns"
    # overridden hosts still resolve through the same session
    assert (await fetcher.fetch(f"http://{CONTOH}/kontak", BROWSER)).ok


async def test_resolver_override_maps_port_and_bare_host(
    fetcher_for: FetcherFor, world: World
) -> None:
    result = await fetcher_for().fetch("http://contoh.go.id/kontak", BROWSER)
    assert result.ok  # URL says port 80, the override sent it to the world's random port
    assert world.hits[-1].host == "contoh.go.id"  # the Host header keeps the URL's host


async def test_proxy_setting_is_used(fetcher_for: FetcherFor, world: World) -> None:
    proxy = f"http://127.0.0.1:{world.port}"
    result = await fetcher_for(proxy=proxy).fetch("http://situs-lain.go.id/halaman", BROWSER)
    assert result.ok and "diteruskan" in (result.text or "")
    assert world.hits[-1].proxied


@pytest.fixture
async def tls_world(tmp_path: Path) -> Any:
    context = tls_context(tmp_path)
    if context is None:
        pytest.skip("openssl not available to make a self-signed certificate")
    w = World()
    await w.start(tls=context)
    yield w
    await w.stop()


async def test_tls_failure_without_fallback(
    tls_world: World, sessions: Callable[..., aiohttp.ClientSession]
) -> None:
    settings = settings_for(tls_world, insecure_fallback=False)
    fetcher = Fetcher(sessions(settings), settings)
    result = await fetcher.fetch(f"https://{AMAN}/profil", BROWSER)
    assert result.error is not None and result.error.kind == "tls"
    assert "certificate" in result.error.message.lower()
    assert tls_world.hits == []


async def test_tls_failure_with_insecure_fallback(
    tls_world: World, sessions: Callable[..., aiohttp.ClientSession]
) -> None:
    settings = settings_for(tls_world, insecure_fallback=True)
    fetcher = Fetcher(sessions(settings), settings)
    result = await fetcher.fetch(f"https://{AMAN}/profil", BROWSER)
    assert result.ok and "Profil Daerah" in (result.text or "")
    assert result.tls_verified is False
