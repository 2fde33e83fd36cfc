"""Fetching one URL as one profile: limits, retries, redirects by hand, capped bodies.

``Fetcher.fetch`` never raises for a network or HTTP problem: every failure comes back as
``FetchResult.error`` (a ``FetchError`` whose ``kind``, a ``models.FetchErrorKind``, says
which). The kinds:

==================== ==============================================================
``dns``              the host name does not resolve
``refused``          nothing listens on the port (connection refused)
``timeout``          connect, read or total time limit reached
``tls``              certificate or TLS handshake failure
``http_status``      the server answered 4xx/5xx (``status`` is set, body kept if text)
``too_large``        the body is larger than ``max_body_bytes`` (no text kept)
``decompression``    gzip/deflate body invalid or inflating past ``max_decompressed_bytes``
``reset``            the connection dropped mid-answer
``redirect_loop``    a redirect chain came back to a URL it had visited
``too_many_redirects`` more than ``max_redirects`` hops
``blocked_address``  the address policy refused the host's address or port (addresses.py)
``connection``       any other socket or proxy failure
``other``            anything else (unusable URL or Location, malformed answer)
==================== ==============================================================

(``unsupported_type`` and ``decode`` are never produced: a non-text body is not a failure, only
``text=None``, and decoding falls back to replacement characters rather than failing.
``analysis`` is the pipeline's, for a fetched page whose analysis raised.)

The request itself goes through a ``crawl.transport.Transport`` (one GET, no redirects, body
bytes capped, nothing decoded): ``AiohttpTransport`` over the scan's session by default, an
in-memory ``crawl.testing.MockTransport`` in unit tests. Everything above the single request
(slots, pacing, retries, redirects, cookies within a chain, inflating, charsets, the TLS
fallback) lives here and in ``crawl.answer`` (reading one response), so it behaves the same over
either.

Redirects are followed by hand so every hop is recorded; a hop that leaves the site's scope is
recorded as ``offsite_redirect`` and never fetched, since an injected redirect to a gambling site
is evidence, not a page of the site.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from functools import partial

import aiohttp

from scanner.config import CrawlSettings
from scanner.crawl.answer import (
    MAX_COOKIES,
    REDIRECT_STATUSES,
    Answer,
    read_answer,
    wants_body,
)
from scanner.crawl.body import (
    ACCEPT_ENCODING,
    DecompressionError,
    decode_body,
    is_kept,
)
from scanner.crawl.transport import (
    AiohttpTransport,
    ResponseBroken,
    TooSlow,
    Transport,
    classify,
)
from scanner.models import FetchError, FetchErrorKind, FetchResult, Hop, Profile
from scanner.urls import host_of, normalize_url

log = logging.getLogger(__name__)

ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ACCEPT_LANGUAGE = "id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7"

RETRY_STATUSES = frozenset({502, 503, 504})
TRANSIENT_KINDS = frozenset(
    {FetchErrorKind.TIMEOUT, FetchErrorKind.RESET, FetchErrorKind.CONNECTION}
)
"""Retried with backoff. DNS and refused are not: a dead host stays dead for a few seconds;
nor a body under ``crawl.min_transfer_rate`` (``transport.TooSlow``): a slow-loris server would
cost a grace period per retry."""

MAX_BACKOFF = 10.0


@dataclass(frozen=True, slots=True)
class RawFetch:
    """A ``FetchResult`` plus the decompressed body bytes (``None`` when not read)."""

    result: FetchResult
    body: bytes | None = None


class Fetcher:
    """Fetches URLs through one shared session within the scan's limits (see module doc)."""

    def __init__(
        self,
        session: aiohttp.ClientSession | None,
        settings: CrawlSettings,
        *,
        transport: Transport | None = None,
    ) -> None:
        """Requests go through ``transport``, or else an ``AiohttpTransport`` over ``session``.

        ``session`` comes from ``make_session`` (or a test) and is not closed here; it may be
        ``None`` when a ``transport`` is given (unit tests pass a ``MockTransport``).
        """
        if transport is None:
            if session is None:
                raise ValueError("Fetcher needs a session or a transport")
            transport = AiohttpTransport(session, settings)
        self._transport = transport
        self._settings = settings
        self._global = asyncio.Semaphore(settings.concurrency)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._pace_locks: dict[str, asyncio.Lock] = {}
        self._last: dict[str, float] = {}

    @property
    def settings(self) -> CrawlSettings:
        """The crawl settings this fetcher applies."""
        return self._settings

    async def fetch(self, url: str, profile: Profile, scope_host: str | None = None) -> FetchResult:
        """Fetch ``url`` as ``profile``; redirects leaving ``scope_host`` are recorded only."""
        return (await self.fetch_raw(url, profile, scope_host)).result

    async def fetch_raw(
        self, url: str, profile: Profile, scope_host: str | None = None, *, binary: bool = False
    ) -> RawFetch:
        """Like ``fetch`` but also returns the body bytes; ``binary`` keeps any content type.

        The sitemaps module uses ``binary=True`` for ``.xml.gz`` files served as
        ``application/octet-stream``. Bodies are still capped by ``max_body_bytes`` (and
        ``max_decompressed_bytes``); with ``binary`` a body cut at a cap is kept as the prefix
        read, beside the ``too_large`` / ``decompression`` error.
        """
        start = time.monotonic()
        verify = self._settings.verify_tls
        raw = await self._follow(url, profile, scope_host, verify, binary, start)
        error = raw.result.error
        fallback = verify and self._settings.insecure_fallback
        if fallback and error is not None and error.kind == FetchErrorKind.TLS:
            # A broken certificate is common on .go.id sites; look at the content anyway and
            # record that it was not verified.
            retry = await self._follow(url, profile, scope_host, False, binary, start)
            if retry.result.status is not None:
                return retry
            lost = retry.result.error
            detail = error.message
            if lost is not None:
                detail += f"; unverified retry: {lost.kind}: {lost.message}"
            failed = replace(raw.result, error=FetchError(FetchErrorKind.TLS, detail))
            return RawFetch(replace(failed, elapsed_ms=_ms(start)))
        return raw

    async def _follow(
        self,
        url: str,
        profile: Profile,
        scope_host: str | None,
        verify: bool,
        binary: bool,
        start: float,
    ) -> RawFetch:
        """Walk the redirect chain from ``url`` by hand, recording each hop."""
        hops: list[Hop] = []
        cookies: dict[str, str] = {}
        current = url
        seen = {_loop_key(url, cookies)}

        def done(
            answer: Answer,
            *,
            text: str | None = None,
            encoding: str | None = None,
            sha: str = "",
            offsite: str | None = None,
            keep_body: bool = False,
        ) -> RawFetch:
            result = FetchResult(
                url=url,
                final_url=current,
                profile=profile.name,
                status=answer.status,
                redirects=tuple(hops),
                content_type=answer.content_type,
                text=text,
                encoding=encoding,
                size=answer.size,
                elapsed_ms=_ms(start),
                error=answer.error,
                tls_verified=verify,
                offsite_redirect=offsite,
                body_sha256=sha,
            )
            return RawFetch(result, answer.body if keep_body else None)

        while True:
            answer = await self._with_retries(current, profile, verify, binary, cookies)
            cookies.update(answer.cookies)
            del_extra = len(cookies) - MAX_COOKIES
            for name in list(cookies)[: max(del_extra, 0)]:
                del cookies[name]
            if answer.status in REDIRECT_STATUSES and answer.location is not None:
                hops.append(Hop(current, answer.status, answer.location))
                target = normalize_url(answer.location, current)
                if target is None:
                    answer.error = FetchError(
                        FetchErrorKind.OTHER, f"unusable Location {answer.location!r}"
                    )
                    return done(answer)
                if scope_host is not None and host_of(target) != scope_host:
                    return done(answer, offsite=target)
                key = _loop_key(target, cookies)
                if key in seen:
                    answer.error = FetchError(
                        FetchErrorKind.REDIRECT_LOOP, f"{target} was already visited"
                    )
                    return done(answer)
                if len(hops) > self._settings.max_redirects:
                    hops_max = self._settings.max_redirects
                    answer.error = FetchError(
                        FetchErrorKind.TOO_MANY_REDIRECTS, f"more than {hops_max} hops"
                    )
                    return done(answer)
                seen.add(key)
                current = target
                continue
            if answer.body is None:
                return done(answer)
            sha = hashlib.sha256(answer.body).hexdigest()
            if not is_kept(answer.content_type):
                return done(answer, sha=sha, keep_body=binary)
            decoded = decode_body(answer.body, answer.charset)
            return done(
                answer, text=decoded.text, encoding=decoded.encoding, sha=sha, keep_body=True
            )

    async def _with_retries(
        self, url: str, profile: Profile, verify: bool, binary: bool, cookies: dict[str, str]
    ) -> Answer:
        """One exchange, repeated with exponential backoff on transient failures only."""
        attempt = 0
        while True:
            answer = await self._exchange(url, profile, verify, binary, cookies)
            transient = not answer.final and (
                (answer.error is not None and answer.error.kind in TRANSIENT_KINDS)
                or answer.status in RETRY_STATUSES
            )
            if not transient or attempt >= self._settings.retries:
                return answer
            delay = min(self._settings.backoff * (2**attempt), MAX_BACKOFF)
            log.debug("retrying %s in %.2fs (%s)", url, delay, answer.error or answer.status)
            attempt += 1
            await asyncio.sleep(delay)

    async def _exchange(
        self, url: str, profile: Profile, verify: bool, binary: bool, cookies: dict[str, str]
    ) -> Answer:
        """One request within the global and per-host limits; failures become ``error``."""
        headers = {
            "User-Agent": profile.user_agent,
            "Accept": ACCEPT,
            "Accept-Language": ACCEPT_LANGUAGE,
            "Accept-Encoding": ACCEPT_ENCODING,
        }
        if profile.referer:
            headers["Referer"] = profile.referer
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        answer = Answer(url)
        limit = self._settings.max_body_bytes
        try:
            async with self._slot(host_of(url)):
                raw = await self._transport.get(
                    url,
                    headers,
                    verify=verify,
                    max_bytes=limit,
                    wants_body=partial(wants_body, binary=binary, limit=limit),
                )
            read_answer(raw, answer, binary, self._settings)
        except DecompressionError as exc:
            answer.error = FetchError(FetchErrorKind.DECOMPRESSION, str(exc))
            answer.body = None
        except ResponseBroken as exc:  # the head came, the body did not: keep what came
            with contextlib.suppress(DecompressionError):
                read_answer(exc.head, answer, binary, self._settings)
            answer.error = classify(exc.cause)
            answer.body = None
            answer.final = isinstance(exc.cause, TooSlow)
        except Exception as exc:  # every network failure must become data
            answer.error = classify(exc)
            answer.body = None
            answer.final = isinstance(exc, TooSlow)
            if answer.error.kind == FetchErrorKind.OTHER:
                log.debug("fetch of %s failed unexpectedly", url, exc_info=True)
        return answer

    @contextlib.asynccontextmanager
    async def _slot(self, host: str) -> AsyncIterator[None]:
        """Hold the global and per-host semaphores; space requests to a host by ``delay``."""
        sem = self._hosts.get(host)
        if sem is None:
            sem = self._hosts[host] = asyncio.Semaphore(self._settings.per_host)
        async with self._global, sem:
            delay = self._settings.delay
            if delay > 0:
                lock = self._pace_locks.setdefault(host, asyncio.Lock())
                async with lock:
                    wait = self._last.get(host, 0.0) + delay - time.monotonic()
                    if wait > 0:
                        await asyncio.sleep(wait)
                    self._last[host] = time.monotonic()
            yield


def _loop_key(url: str, cookies: dict[str, str]) -> str:
    """A redirect target plus the cookie state: the same URL with a new cookie is progress."""
    return (normalize_url(url) or url) + "\x00" + "; ".join(sorted(cookies.items()).__repr__())


def _ms(start: float) -> float:
    return round((time.monotonic() - start) * 1000.0, 1)
