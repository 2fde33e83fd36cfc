"""One HTTP request, nothing more: the seam between the ``Fetcher`` and the network.

A ``Transport`` sends one GET and hands back a ``RawResponse``: status, headers and (when the
caller wants it) the body bytes exactly as they came off the wire, still compressed, cut off
at ``max_bytes``. It follows no redirect, keeps no cookie, retries nothing and decodes nothing:
limits, retries, redirects, inflating and charsets are the ``Fetcher``'s, so they behave the
same whatever carries the bytes.

Failures are exceptions, and the ``Fetcher`` turns them into ``FetchError`` data with ``classify``::

    any exception before the head arrived     -> classify(exc)  (dns, refused, tls, timeout...)
    ResponseBroken(head, cause)               -> the head arrived, the body did not: status
                                                 and headers are kept, classify(cause) says why
    TransportError(kind, message)             -> a failure already named (fakes use it)

``AiohttpTransport`` is the real one (built from the scan's ``ClientSession``);
``scanner.crawl.testing.MockTransport`` is an in-memory fake for unit tests.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Protocol

import aiohttp
from multidict import CIMultiDict, CIMultiDictProxy

from scanner.config import CrawlSettings
from scanner.crawl.addresses import AddressRefused
from scanner.errors import CrawlError
from scanner.models import FetchError, FetchErrorKind

CHUNK = 64 * 1024
"""Bytes read from the socket at a time while a body streams in."""

Headers = CIMultiDictProxy[str]
"""Response headers: case-insensitive, repeated names kept (``getall("Set-Cookie")``)."""

BodyWanted = Callable[[int, Headers], bool]
"""Told the status and headers, says whether the body is worth reading at all."""


def headers_of(pairs: Mapping[str, str] | None = None) -> Headers:
    """A read-only ``Headers`` built from a plain mapping (for fakes and tests)."""
    return CIMultiDictProxy(CIMultiDict(pairs or {}))


@dataclass(frozen=True, slots=True)
class Request:
    """One GET as the transport was asked to send it (what fakes record)."""

    url: str
    headers: Mapping[str, str]
    verify: bool = True


@dataclass(frozen=True, slots=True)
class RawResponse:
    """The answer to one request, before any interpretation.

    ``body`` is ``None`` when it was not read (the ``wants_body`` test said no). ``oversized``
    says reading stopped because the body passed ``max_bytes``: ``body`` is then the prefix
    read before that (at most ``max_bytes``) and ``received`` how many bytes had arrived
    (otherwise the whole body's size).
    """

    url: str
    status: int
    reason: str = ""
    headers: Headers = field(default_factory=headers_of)
    body: bytes | None = None
    received: int = 0
    oversized: bool = False


class TransportError(CrawlError):
    """A request failed for a reason the transport already knows the kind of."""

    def __init__(self, kind: FetchErrorKind, message: str) -> None:
        """``kind`` becomes the ``FetchError.kind`` of the fetch."""
        super().__init__(message)
        self.kind = kind
        self.message = message


class TooSlow(TransportError):
    """A body arriving slower than ``crawl.min_transfer_rate``: a ``timeout`` never retried.

    A slow-loris server trickles every answer; asking again costs another full grace period
    per retry and profile, so the fetcher gives up at once (connect errors and 5xx are still
    retried).
    """


class ResponseBroken(CrawlError):
    """The status line and headers arrived, then reading the body failed (``cause``)."""

    def __init__(self, head: RawResponse, cause: BaseException) -> None:
        """``head`` (no body) is still recorded; ``cause`` is classified into the kind."""
        super().__init__(f"body of an HTTP {head.status} answer lost: {cause!r}")
        self.head = head
        self.cause = cause


def classify(exc: BaseException) -> FetchError:
    """Map a transport, aiohttp or socket exception to a ``FetchError`` (never raises)."""
    if isinstance(exc, TransportError):
        return FetchError(exc.kind, exc.message[:500])
    if isinstance(exc, ResponseBroken):
        return classify(exc.cause)
    message = f"{type(exc).__name__}: {exc}"[:500]
    kind = FetchErrorKind.OTHER
    cause = getattr(exc, "os_error", None) or exc.__cause__
    if isinstance(cause, AddressRefused):
        return FetchError(FetchErrorKind.BLOCKED_ADDRESS, str(cause)[:500])
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        kind = FetchErrorKind.DNS
    elif isinstance(exc, aiohttp.ClientSSLError | ssl.SSLError):
        kind = FetchErrorKind.TLS
    elif isinstance(exc, asyncio.TimeoutError | TimeoutError | aiohttp.ServerTimeoutError):
        kind = FetchErrorKind.TIMEOUT
    elif isinstance(exc, aiohttp.ClientProxyConnectionError):
        kind = FetchErrorKind.CONNECTION
    elif isinstance(exc, aiohttp.ClientConnectorError):
        refused = isinstance(exc.os_error, ConnectionRefusedError)
        kind = FetchErrorKind.REFUSED if refused else FetchErrorKind.CONNECTION
    elif isinstance(
        exc,
        aiohttp.ServerDisconnectedError
        | aiohttp.ClientPayloadError
        | aiohttp.ClientConnectionResetError
        | ConnectionResetError,
    ):
        kind = FetchErrorKind.RESET
    elif isinstance(exc, aiohttp.ClientConnectionError | OSError):
        kind = FetchErrorKind.CONNECTION
    return FetchError(kind, message)


class Transport(Protocol):
    """Sends one GET; see the module docstring for what it does and does not do."""

    async def get(
        self,
        url: str,
        headers: Mapping[str, str],
        *,
        verify: bool = True,
        max_bytes: int,
        wants_body: BodyWanted | None = None,
    ) -> RawResponse:
        """GET ``url`` without following redirects; read at most ``max_bytes`` of the body.

        ``verify=False`` accepts any certificate (the TLS fallback). ``wants_body`` ``None``
        reads every body.
        """
        ...


class AiohttpTransport:
    """The real transport: one ``aiohttp.ClientSession`` shared by the whole scan.

    The session must not decompress (``make_session`` sets ``auto_decompress=False``) so the
    ``Fetcher`` can inflate under its own cap. Timeouts and the explicit proxy come from the
    settings; the session is not closed here.
    """

    def __init__(self, session: aiohttp.ClientSession, settings: CrawlSettings) -> None:
        """``session`` from ``crawl.make_session`` (or a test)."""
        self._session = session
        self._proxy = settings.proxy
        self._timeout = aiohttp.ClientTimeout(
            total=settings.total_timeout,
            sock_connect=settings.connect_timeout,
            sock_read=settings.read_timeout,
        )
        self._pace = Pace(settings.min_transfer_rate, min(settings.read_timeout, MAX_GRACE))

    async def get(
        self,
        url: str,
        headers: Mapping[str, str],
        *,
        verify: bool = True,
        max_bytes: int,
        wants_body: BodyWanted | None = None,
    ) -> RawResponse:
        """One GET through the session (see ``Transport.get``)."""
        async with self._session.get(
            url,
            headers=dict(headers),
            allow_redirects=False,
            timeout=self._timeout,
            ssl=verify,
            proxy=self._proxy,
        ) as resp:
            head = RawResponse(url, resp.status, resp.reason or "", resp.headers)
            if wants_body is not None and not wants_body(resp.status, resp.headers):
                return head
            try:
                return await _read(resp, head, max_bytes, self._pace)
            except Exception as exc:
                raise ResponseBroken(head, exc) from exc


MAX_GRACE = 10.0
"""Seconds a body may take before its average rate is held to ``min_transfer_rate``."""


@dataclass(frozen=True, slots=True)
class Pace:
    """The slowest body accepted: ``min_rate`` bytes/s on average once ``grace`` seconds have
    passed (0: any pace; then only ``total_timeout`` bounds a trickling server).

    Elapsed time is the loop's wall clock: a loop busy in our own code makes a fast server look
    slow (the bytes wait unread in the kernel's buffer, inside the wait). Documented in
    docs/crawler.md as a known limitation; a fix needs the loop's lag measured per request."""

    min_rate: int = 0
    grace: float = MAX_GRACE

    def check(self, received: int, elapsed: float) -> None:
        """Raise ``TooSlow`` (a ``timeout``) for a body arriving slower than allowed."""
        if self.min_rate and elapsed > self.grace and received < self.min_rate * elapsed:
            raise TooSlow(
                FetchErrorKind.TIMEOUT,
                f"transfer slower than crawl.min_transfer_rate ({self.min_rate} B/s): "
                f"{received} bytes in {elapsed:.1f} s",
            )


async def _read(
    resp: aiohttp.ClientResponse, head: RawResponse, max_bytes: int, pace: Pace = Pace()
) -> RawResponse:
    """Stream the body in, stopping one chunk after ``max_bytes``, or with a ``timeout`` when
    it trickles in slower than ``pace`` allows (a slow-loris server)."""
    parts: list[bytes] = []
    received = 0
    loop = asyncio.get_running_loop()
    start = loop.time()
    content = resp.content
    while True:
        remaining = pace.grace - (loop.time() - start)
        try:
            if pace.min_rate and remaining > 0:
                chunk = await asyncio.wait_for(content.read(CHUNK), remaining)
            else:
                chunk = await content.read(CHUNK)
        except TimeoutError:
            chunk = None  # the grace period is over: judge the pace now
        if chunk is not None:
            if not chunk:
                break
            received += len(chunk)
            if received > max_bytes:
                return replace(head, body=b"".join(parts), received=received, oversized=True)
            parts.append(chunk)
        pace.check(received, loop.time() - start)
    return replace(head, body=b"".join(parts), received=received)
