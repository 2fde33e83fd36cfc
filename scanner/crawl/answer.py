"""Reading one raw response into an ``Answer``: status, type, cookies, a capped, inflated body.

The ``Fetcher`` sends requests, retries and follows redirects; this module only interprets one
``RawResponse``: which bodies are worth reading (``wants_body``, asked before the body is read),
the ``too_large`` and ``decompression`` cases, and inflating gzip/deflate/brotli under
``max_decompressed_bytes``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scanner.config import CrawlSettings
from scanner.crawl.body import (
    CODINGS,
    DecompressionError,
    Inflater,
    header_charset,
    is_kept,
    media_type,
    sniff_type,
)
from scanner.crawl.transport import Headers, RawResponse
from scanner.models import FetchError, FetchErrorKind

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_COOKIES = 20
"""Cookies kept within one redirect chain (some WAFs set one and redirect to the same URL)."""


@dataclass(slots=True)
class Answer:
    """One HTTP exchange as the fetcher reads it (mutable while it is being filled)."""

    url: str
    status: int | None = None
    location: str | None = None
    content_type: str = ""
    charset: str | None = None
    body: bytes | None = None
    size: int = 0
    error: FetchError | None = None
    cookies: dict[str, str] = field(default_factory=dict)
    final: bool = False
    """A failure that asking again would only repeat (a server under the minimum rate)."""


def read_answer(raw: RawResponse, answer: Answer, binary: bool, settings: CrawlSettings) -> None:
    """Fill ``answer`` from one raw response: status, type, and the body when we keep it.

    Raises ``DecompressionError`` for a body that cannot be inflated (unless ``binary``).
    """
    limit = settings.max_body_bytes
    answer.status = raw.status
    header = raw.headers.get("Content-Type", "")
    answer.content_type = media_type(header)
    answer.charset = header_charset(header)
    for raw_cookie in raw.headers.getall("Set-Cookie", [])[:MAX_COOKIES]:
        pair = raw_cookie.partition(";")[0]
        name, eq, value = pair.partition("=")
        if eq and name.strip() and len(pair) <= 4096:
            answer.cookies[name.strip()] = value.strip()
    if is_redirect(raw.status, raw.headers):
        answer.location = raw.headers["Location"]
        return
    if raw.status >= 400:
        answer.error = FetchError(
            FetchErrorKind.HTTP_STATUS, f"HTTP {raw.status} {raw.reason or ''}"
        )
    length = _content_length(raw.headers)
    # binary (sitemaps) reads up to the cap and keeps that prefix: a huge sitemap's first
    # URLs are still crawled (hardening, issue 12)
    if length is not None and length > limit and not binary:
        answer.size = length
        answer.error = FetchError(
            FetchErrorKind.TOO_LARGE, f"Content-Length {length} > {limit}"
        )
        return
    if answer.content_type and not (binary or is_kept(answer.content_type)):
        answer.size = length or 0
        return  # images, PDFs...: not read, not an error
    coding = _coding(raw.headers)
    if coding not in _CODINGS:
        raise DecompressionError(f"unsupported Content-Encoding {coding!r}")
    if raw.body is None:
        return  # the head of a broken answer (``ResponseBroken``)
    if raw.oversized:
        answer.size = raw.received
        answer.error = FetchError(FetchErrorKind.TOO_LARGE, f"body exceeds {limit} bytes")
        if not binary:
            return
    body = raw.body
    if coding in CODINGS:
        try:
            body = _inflate(body, coding, settings.max_decompressed_bytes, raw.oversized)
        except DecompressionError as exc:
            if not binary:
                raise
            answer.error = FetchError(FetchErrorKind.DECOMPRESSION, str(exc))
            answer.body = exc.partial
            return
    if raw.oversized:
        answer.body = body  # binary: the prefix read before the cap, beside ``too_large``
        return
    if not answer.content_type:
        answer.content_type = sniff_type(body[:2048])
    answer.body = body
    answer.size = len(body)


_CODINGS = frozenset(CODINGS) | {"", "identity"}
"""Every Content-Encoding the fetcher can read: inflated (``body.CODINGS``) or none."""


def _inflate(body: bytes, coding: str, limit: int, cut: bool) -> bytes:
    """Inflate ``body`` under the cap; ``cut``: a prefix, whose stream is not finished.

    A ``DecompressionError`` carries everything inflated before it failed (``partial``).
    """
    inflater = Inflater(coding, limit)
    out = b""
    try:
        out = inflater.feed(body)
        if not cut:
            out += inflater.finish()
    except DecompressionError as exc:
        raise DecompressionError(str(exc), out + exc.partial) from exc
    return out


def _coding(headers: Headers) -> str:
    return headers.get("Content-Encoding", "").strip().lower()


def is_redirect(status: int, headers: Headers) -> bool:
    return status in REDIRECT_STATUSES and "Location" in headers


def _content_length(headers: Headers) -> int | None:
    try:
        return int(headers.get("Content-Length", ""))
    except ValueError:
        return None


def wants_body(status: int, headers: Headers, *, binary: bool, limit: int) -> bool:
    """Whether ``read_answer`` will use the body: the transport skips reading it if not."""
    if is_redirect(status, headers) or _coding(headers) not in _CODINGS:
        return False
    length = _content_length(headers)
    if length is not None and length > limit and not binary:
        return False  # binary (sitemaps) reads the prefix up to the cap instead
    content_type = media_type(headers.get("Content-Type", ""))
    return binary or not content_type or is_kept(content_type)
