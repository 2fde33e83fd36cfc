"""The transport seam: the Fetcher over an in-memory MockTransport, and the real one over loopback.

The fake states exactly what the server answers and records exactly what was asked, so the
Fetcher's own rules (redirects by hand, retries, caps, inflating, charsets, TLS fallback) are
checked without a socket. The last tests run ``AiohttpTransport`` against the loopback world
to prove the real transport keeps the same contract (one request, no redirect, capped body).
"""

from __future__ import annotations

import ast
import asyncio
import dataclasses
import gzip
import json
import ssl
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from scanner.config import CrawlSettings
from scanner.crawl import Fetcher, profile
from scanner.crawl.body import ACCEPT_ENCODING
from scanner.crawl.testing import MockTransport, reply
from scanner.crawl.transport import (
    AiohttpTransport,
    RawResponse,
    Request,
    ResponseBroken,
    TransportError,
    headers_of,
)
from scanner.models import CrawledPage, FetchErrorKind, FetchResult, Via
from tests.crawl.conftest import settings_for
from tests.crawl.mockserver import BAPENDA, World, gzip_bomb

DINKES = "http://dinkes.contohkab.go.id"
SETTINGS = CrawlSettings(retries=2, backoff=0.001, trust_env=False)
BROWSER = profile("browser")

PROFIL = (
    "<html><head><title>Profil Dinas Kesehatan</title></head><body>"
    "<h1>Dinas Kesehatan Kabupaten Contoh</h1>"
    "<p>Jadwal vaksinasi: slot pagi 08.00-10.00 di Puskesmas Bandar Udara.</p>"
    "</body></html>"
)


def fetcher(transport: MockTransport, **changes: Any) -> Fetcher:
    return Fetcher(None, dataclasses.replace(SETTINGS, **changes), transport=transport)


# --------------------------------------------------------------------------- the fake itself


async def test_routes_answer_by_url_record_requests_and_404_the_rest() -> None:
    transport = MockTransport.routes({f"{DINKES}/": reply(PROFIL)})
    ok = await fetcher(transport).fetch(f"{DINKES}/", BROWSER)
    missing = await fetcher(transport).fetch(f"{DINKES}/tidak-ada", BROWSER)
    assert ok.ok and "Bandar Udara" in (ok.text or "")
    assert missing.status == 404 and missing.error is not None
    assert missing.error.kind == FetchErrorKind.HTTP_STATUS
    assert transport.urls() == [f"{DINKES}/", f"{DINKES}/tidak-ada"]


async def test_async_handler_sees_each_request() -> None:
    seen: list[Request] = []

    async def handler(request: Request) -> RawResponse:
        seen.append(request)
        await asyncio.sleep(0)
        return reply(f"<p>{request.headers['User-Agent']}</p>")

    result = await fetcher(MockTransport(handler)).fetch(f"{DINKES}/", profile("googlebot"))
    assert "Googlebot/2.1" in (result.text or "")
    assert len(seen) == 1 and seen[0].verify is True


def test_fetcher_needs_a_session_or_a_transport() -> None:
    with pytest.raises(ValueError, match="session or a transport"):
        Fetcher(None, SETTINGS)


# --------------------------------------------------------------------------- headers, retries


async def test_profile_headers_are_sent_as_the_visitor_would() -> None:
    transport = MockTransport.routes({f"{DINKES}/": reply(PROFIL)})
    await fetcher(transport).fetch(f"{DINKES}/", profile("google-referer"))
    await fetcher(transport).fetch(f"{DINKES}/", profile("mobile"))
    referer, mobile = (r.headers for r in transport.requests)
    assert referer["Referer"] == "https://www.google.com/"
    assert "GoIdIntegrityScanner" not in referer["User-Agent"]
    assert referer["Accept-Encoding"] == ACCEPT_ENCODING  # only what we inflate ourselves
    assert referer["Accept-Language"].startswith("id-ID")
    assert "Referer" not in mobile and "Android" in mobile["User-Agent"]


async def test_dns_failure_is_not_retried() -> None:
    dns = TransportError(FetchErrorKind.DNS, "Name or service not known")
    transport = MockTransport.routes({f"{DINKES}/": dns})
    result = await fetcher(transport).fetch(f"{DINKES}/", profile("mobile"))
    assert result.error is not None and result.error.kind == FetchErrorKind.DNS
    assert result.profile == "mobile" and result.status is None
    assert transport.count(f"{DINKES}/") == 1


async def test_timeouts_are_retried_then_reported() -> None:
    transport = MockTransport.routes({f"{DINKES}/": TimeoutError()})
    result = await fetcher(transport).fetch(f"{DINKES}/", BROWSER)
    assert result.error is not None and result.error.kind == FetchErrorKind.TIMEOUT
    assert transport.count(f"{DINKES}/") == 3  # one try + two retries


async def test_503_recovers_within_the_retries() -> None:
    transport = MockTransport.routes(
        {f"{DINKES}/": [reply("sibuk", status=503), reply("sibuk", status=503), reply(PROFIL)]}
    )
    result = await fetcher(transport).fetch(f"{DINKES}/", BROWSER)
    assert result.ok and transport.count(f"{DINKES}/") == 3


async def test_body_lost_after_the_head_keeps_the_status_and_is_retried() -> None:
    head = reply(status=200, content_type="text/html")
    lost = ResponseBroken(head, aiohttp.ClientPayloadError("connection closed mid-body"))
    transport = MockTransport.routes({f"{DINKES}/": lost})
    result = await fetcher(transport, retries=1).fetch(f"{DINKES}/", BROWSER)
    assert result.error is not None and result.error.kind == FetchErrorKind.RESET
    assert result.status == 200 and result.text is None
    assert result.content_type == "text/html"
    assert transport.count(f"{DINKES}/") == 2


# --------------------------------------------------------------------------- redirects by hand


async def test_redirects_are_followed_by_hand_and_recorded() -> None:
    transport = MockTransport.routes(
        {
            f"{DINKES}/": reply(status=301, headers={"Location": "/beranda"}),
            f"{DINKES}/beranda": reply(PROFIL),
        }
    )
    result = await fetcher(transport).fetch(f"{DINKES}/", BROWSER, "dinkes.contohkab.go.id")
    assert result.ok and result.final_url == f"{DINKES}/beranda"
    assert [(h.status, h.location) for h in result.redirects] == [(301, "/beranda")]
    assert transport.urls() == [f"{DINKES}/", f"{DINKES}/beranda"]


async def test_offsite_redirect_is_evidence_and_never_requested() -> None:
    spam = "https://slot-gacor.example/daftar?ref=dinkes"
    transport = MockTransport.routes({f"{DINKES}/": reply(status=302, headers={"Location": spam})})
    result = await fetcher(transport).fetch(f"{DINKES}/", BROWSER, "dinkes.contohkab.go.id")
    assert result.offsite_redirect == spam and result.error is None
    assert transport.urls() == [f"{DINKES}/"]


async def test_cookie_set_on_a_redirect_is_sent_on_the_next_hop_only() -> None:
    def handler(request: Request) -> RawResponse:
        if request.headers.get("Cookie") == "waf=ok":
            return reply(PROFIL)
        return reply(status=302, headers={"Location": "/", "Set-Cookie": "waf=ok; Path=/"})

    transport = MockTransport(handler)
    result = await fetcher(transport).fetch(f"{DINKES}/", BROWSER, "dinkes.contohkab.go.id")
    assert result.ok and len(result.redirects) == 1
    assert "Cookie" not in transport.requests[0].headers
    again = await fetcher(transport).fetch(f"{DINKES}/", BROWSER, "dinkes.contohkab.go.id")
    assert again.ok and len(again.redirects) == 1
    # no cookie jar: a new fetch starts as a first-time visitor again
    assert "Cookie" not in transport.requests[2].headers


# --------------------------------------------------------------------------- bodies


async def test_announced_oversize_body_is_not_read() -> None:
    big = reply("<html>" + "a" * 5000, headers={"Content-Length": "5006"})
    transport = MockTransport.routes({f"{DINKES}/unduh": big})
    result = await fetcher(transport, max_body_bytes=1024).fetch(f"{DINKES}/unduh", BROWSER)
    assert result.error is not None and result.error.kind == FetchErrorKind.TOO_LARGE
    assert result.error.message.startswith("Content-Length 5006")
    assert result.status == 200 and result.size == 5006 and result.text is None


async def test_streamed_oversize_body_is_cut_off() -> None:
    transport = MockTransport.routes({f"{DINKES}/": reply("<p>" + "x" * 5000)})
    result = await fetcher(transport, max_body_bytes=1024).fetch(f"{DINKES}/", BROWSER)
    assert result.error is not None and result.error.kind == FetchErrorKind.TOO_LARGE
    assert result.error.message == "body exceeds 1024 bytes"
    assert result.text is None


async def test_binary_fetch_keeps_the_prefix_of_an_oversized_body() -> None:
    urls = "".join(f"<url><loc>{DINKES}/berita/{n}</loc></url>" for n in range(200))
    xml = gzip.compress(f"<urlset>{urls}</urlset>".encode())
    transport = MockTransport.routes(
        {
            # a .xml.gz file: the prefix is kept as it came (sitemaps inflate it themselves)
            f"{DINKES}/sitemap.xml.gz": reply(xml, content_type="application/octet-stream"),
            # a gzip-encoded answer: the prefix read is inflated
            f"{DINKES}/sitemap.xml": reply(
                xml, content_type="application/xml", headers={"Content-Encoding": "gzip"}
            ),
        }
    )
    fetch = fetcher(transport, max_body_bytes=len(xml) // 2)
    starts = {f"{DINKES}/sitemap.xml.gz": b"\x1f\x8b", f"{DINKES}/sitemap.xml": b"<urlset>"}
    for url, start in starts.items():
        raw = await fetch.fetch_raw(url, BROWSER, binary=True)
        error = raw.result.error
        assert error is not None and error.kind == FetchErrorKind.TOO_LARGE
        assert raw.body is not None and raw.body.startswith(start)
        page = await fetch.fetch(url, BROWSER)  # not binary: nothing kept
        assert page.text is None


async def test_gzip_is_inflated_and_a_bomb_is_stopped() -> None:
    zipped = {"Content-Encoding": "gzip"}
    transport = MockTransport.routes(
        {
            f"{DINKES}/": reply(gzip.compress(PROFIL.encode()), headers=zipped),
            f"{DINKES}/bom": reply(gzip_bomb(8 * 1024 * 1024), headers=zipped),
        }
    )
    fetch = fetcher(transport, max_decompressed_bytes=1024 * 1024)
    page = await fetch.fetch(f"{DINKES}/", BROWSER)
    bomb = await fetch.fetch(f"{DINKES}/bom", BROWSER)
    assert page.ok and "Puskesmas" in (page.text or "")
    assert bomb.error is not None and bomb.error.kind == FetchErrorKind.DECOMPRESSION


async def test_unsupported_encoding_is_a_decompression_failure() -> None:
    brotli = reply(b"\x1b\x00\x00", headers={"Content-Encoding": "br"})
    result = await fetcher(MockTransport.routes({f"{DINKES}/": brotli})).fetch(
        f"{DINKES}/", BROWSER
    )
    assert result.error is not None and result.error.kind == FetchErrorKind.DECOMPRESSION


async def test_images_are_neither_read_nor_failures() -> None:
    png = reply(b"\x89PNG\r\n\x1a\n" + bytes(100), content_type="image/png")
    transport = MockTransport.routes({f"{DINKES}/logo.png": png})
    result = await fetcher(transport).fetch(f"{DINKES}/logo.png", BROWSER)
    assert result.ok and result.text is None and result.body_sha256 == ""


async def test_a_header_that_lies_about_utf8_falls_back_to_windows_1252() -> None:
    page = "<html><body><p>Kafé Bandar Lampung</p></body></html>".encode("cp1252")
    transport = MockTransport.routes({f"{DINKES}/": reply(page)})  # says charset=utf-8
    result = await fetcher(transport).fetch(f"{DINKES}/", BROWSER)
    assert result.encoding == "cp1252" and "Kafé" in (result.text or "")


# --------------------------------------------------------------------------- TLS fallback


async def test_tls_failure_retries_unverified_and_says_so() -> None:
    def handler(request: Request) -> RawResponse:
        if request.verify:
            raise ssl.SSLCertVerificationError("certificate has expired")
        return reply(PROFIL)

    transport = MockTransport(handler)
    result = await fetcher(transport, insecure_fallback=True).fetch(f"{DINKES}/", BROWSER)
    assert result.ok and result.tls_verified is False
    assert [r.verify for r in transport.requests] == [True, False]


async def test_tls_failure_without_fallback_is_recorded() -> None:
    cert = TransportError(FetchErrorKind.TLS, "certificate has expired")
    transport = MockTransport.routes({f"{DINKES}/": cert})
    result = await fetcher(transport, insecure_fallback=False).fetch(f"{DINKES}/", BROWSER)
    assert result.error is not None and result.error.kind == FetchErrorKind.TLS
    assert [r.verify for r in transport.requests] == [True]


# --------------------------------------------------------------------------- the enums


def test_kinds_and_via_keep_their_stored_string_values() -> None:
    assert FetchErrorKind.TOO_MANY_REDIRECTS == "too_many_redirects"
    assert FetchErrorKind("analysis") is FetchErrorKind.ANALYSIS
    assert f"{FetchErrorKind.DNS}: no such host" == "dns: no such host"
    assert [v.value for v in Via] == ["seed", "link", "sitemap", "asset", "form", "revisit"]
    page = CrawledPage(FetchResult(url="u", final_url="u", profile="browser"), 0)
    assert page.via is Via.LINK
    assert json.dumps({"kind": FetchErrorKind.TIMEOUT, "via": Via.SEED}) == (
        '{"kind": "timeout", "via": "seed"}'
    )


# --------------------------------------------------------------------------- the real one

AiohttpFor = Callable[[CrawlSettings], aiohttp.ClientSession]


async def test_aiohttp_transport_sends_one_request_and_follows_nothing(
    world: World, sessions: AiohttpFor
) -> None:
    settings = settings_for(world)
    transport = AiohttpTransport(sessions(settings), settings)
    raw = await transport.get(f"http://{BAPENDA}/pindah", {"User-Agent": "t"}, max_bytes=1024)
    assert raw.status == 301 and raw.headers["Location"] == "/pajak"
    assert world.paths(BAPENDA) == ["/pindah"]


async def test_aiohttp_transport_caps_and_skips_bodies(world: World, sessions: AiohttpFor) -> None:
    settings = settings_for(world)
    transport = AiohttpTransport(sessions(settings), settings)
    url = f"http://{BAPENDA}/besar-stream"
    capped = await transport.get(url, {}, max_bytes=16 * 1024)
    assert capped.oversized and capped.received > 16 * 1024
    assert capped.body is not None and len(capped.body) <= 16 * 1024  # the prefix read
    skipped = await transport.get(url, {}, max_bytes=16, wants_body=lambda status, h: False)
    assert skipped.status == 200 and skipped.body is None and not skipped.oversized
    zipped = await transport.get(f"http://{BAPENDA}/gzip", {}, max_bytes=1024 * 1024)
    assert zipped.body is not None and gzip.decompress(zipped.body).startswith(b"<!DOCTYPE")


async def test_aiohttp_transport_reports_a_body_lost_after_the_head(
    world: World, sessions: AiohttpFor
) -> None:
    settings = settings_for(world)
    transport = AiohttpTransport(sessions(settings), settings)
    with pytest.raises(ResponseBroken) as lost:
        await transport.get(f"http://{BAPENDA}/putus", {}, max_bytes=1024 * 1024)
    assert lost.value.head.status == 200
    assert lost.value.head.headers["Content-Length"] == "100000"


def test_headers_of_is_case_insensitive() -> None:
    headers = headers_of({"content-type": "text/html"})
    assert headers["Content-Type"] == "text/html"


def test_no_fetch_error_kind_or_via_is_spelt_as_a_string_literal() -> None:
    scanner = Path(__file__).resolve().parents[2] / "scanner"
    found = []
    for path in sorted(scanner.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            args = [a for a in node.args[:1] if name == "FetchError"]
            args += [k.value for k in node.keywords if k.arg in ("via", "kind")]
            if name not in ("FetchError", "CrawledPage", "QueuedUrl", "add"):
                continue
            if name == "QueuedUrl":
                args += node.args[2:3]
            found += [
                f"{path.relative_to(scanner)}:{node.lineno}"
                for arg in args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            ]
    assert found == []
