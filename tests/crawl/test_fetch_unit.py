"""Unit-level fetch cases: exception mapping, and the proxy passed per request (aioresponses).

Retries and failure kinds over a fake network are in test_transport.py (MockTransport).
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp.client_reqrep import ConnectionKey
from aioresponses import aioresponses
from yarl import URL

from scanner.config import CrawlSettings
from scanner.crawl import Fetcher, classify, profile
from scanner.models import FetchError

URL_ = "http://diskominfo.contoh.go.id/"
_KEY = ConnectionKey("diskominfo.contoh.go.id", 80, False, True, None, None, None)


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as s:
        yield s


def _kind(exc: BaseException) -> str:
    return classify(exc).kind


def test_classify_maps_library_errors() -> None:
    refused = aiohttp.ClientConnectorError(_KEY, ConnectionRefusedError(111, "refused"))
    dns = aiohttp.ClientConnectorDNSError(_KEY, socket.gaierror(-2, "Name or service not known"))
    assert _kind(dns) == "dns"
    assert _kind(refused) == "refused"
    assert _kind(aiohttp.ClientConnectorError(_KEY, OSError(113, "no route"))) == "connection"
    assert _kind(TimeoutError()) == "timeout"
    assert _kind(aiohttp.ServerTimeoutError("read")) == "timeout"
    assert _kind(aiohttp.ServerDisconnectedError()) == "reset"
    assert _kind(aiohttp.ClientPayloadError("short")) == "reset"
    assert _kind(ConnectionResetError()) == "reset"
    assert _kind(aiohttp.ClientOSError(32, "broken pipe")) == "connection"
    assert _kind(ValueError("bad url")) == "other"
    assert isinstance(classify(ValueError("x" * 2000)), FetchError)
    assert len(classify(ValueError("x" * 2000)).message) <= 500


async def test_proxy_is_passed_per_request(session: aiohttp.ClientSession) -> None:
    # aioresponses 0.7.9 cannot build responses for aiohttp 3.14 (ClientResponse gained a
    # required argument), so only the request side is checked here; test_fetch.py proves a
    # real proxy round trip against the loopback world.
    settings = CrawlSettings(
        proxy="http://proxy.diskominfo.go.id:3128", trust_env=False, backoff=0.001
    )
    with aioresponses() as mocked:
        mocked.get(URL_, exception=aiohttp.ServerDisconnectedError())
        await Fetcher(session, settings).fetch(URL_, profile("google-referer"))
        calls = mocked.requests[("GET", URL(URL_))]
    assert len(calls) == 3  # a reset is transient: default two retries
    call = calls[0]
    assert call.kwargs["proxy"] == "http://proxy.diskominfo.go.id:3128"
    assert call.kwargs["allow_redirects"] is False
    headers = call.kwargs["headers"]
    assert headers["Accept-Language"].startswith("id")
    assert headers["Accept-Encoding"] == "gzip, deflate, br"
    assert headers["Referer"] == "https://www.google.com/"
