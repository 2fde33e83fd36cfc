"""An in-memory ``Transport`` for unit tests, in the spirit of httpx's ``MockTransport``.

No socket is opened: each request is answered by a handler function or from a table of canned
responses, and every request is recorded, so a test states exactly what the server says and
checks exactly what the ``Fetcher`` sent::

    transport = MockTransport.routes({
        "http://dinkes.contoh.go.id/": reply("<h1>Dinas Kesehatan</h1>"),
        "http://dinkes.contoh.go.id/lama": reply(status=301, headers={"Location": "/"}),
        "http://dinkes.contoh.go.id/sibuk": [reply(status=503), reply("pulih")],
        "http://dinkes.contoh.go.id/mati": TimeoutError(),
    })
    fetcher = Fetcher(None, settings, transport=transport)
    ...
    assert [r.url for r in transport.requests] == [...]

The fake applies the same body rules as the real transport (the ``wants_body`` test, the
``max_bytes`` cut-off), so caps and skipped bodies behave as over the network. A handler may
raise: an exception is a failed request (``TransportError`` names the kind directly;
``ResponseBroken`` is a body lost after the head, as a connection reset mid-answer).
Lives in the package, not under tests/, so every engineer's tests can import it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import replace
from types import MappingProxyType

from scanner.crawl.transport import BodyWanted, RawResponse, Request, headers_of

Handler = Callable[[Request], RawResponse | Awaitable[RawResponse]]
"""Answers one request (may be async, may raise)."""

Route = RawResponse | BaseException | Sequence[RawResponse | BaseException]
"""A canned answer: one response or failure, or a list of them served in turn (the last one
repeats), as for a 503 that recovers."""


def reply(
    body: bytes | str = b"",
    *,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
    content_type: str | None = "text/html; charset=utf-8",
    reason: str = "",
) -> RawResponse:
    """A canned response; ``str`` bodies are UTF-8. ``content_type=None`` sends no type.

    ``url`` is filled in with the request's URL when it is served.
    """
    data = body.encode() if isinstance(body, str) else body
    merged = dict(headers or {})
    if content_type is not None:
        merged.setdefault("Content-Type", content_type)
    return RawResponse("", status, reason, headers_of(merged), data, len(data))


class MockTransport:
    """A ``Transport`` that answers from ``handler`` and records every ``Request``."""

    def __init__(self, handler: Handler) -> None:
        """``handler`` gets each ``Request`` and returns (or raises) its answer."""
        self._handler = handler
        self.requests: list[Request] = []
        """Every request in the order it was sent, failed ones included."""

    @classmethod
    def routes(
        cls, table: Mapping[str, Route], *, default: RawResponse | None = None
    ) -> MockTransport:
        """Answer by exact URL from ``table``; other URLs get ``default`` or a 404."""
        served: dict[str, int] = {}
        missing = default or reply("<h1>404 Tidak Ditemukan</h1>", status=404)

        def handler(request: Request) -> RawResponse:
            route = table.get(request.url, missing)
            if isinstance(route, Sequence):
                turn = served.get(request.url, 0)
                served[request.url] = turn + 1
                route = route[min(turn, len(route) - 1)]
            if isinstance(route, BaseException):
                raise route
            return route

        return cls(handler)

    def urls(self) -> list[str]:
        """The URL of every recorded request, in order."""
        return [r.url for r in self.requests]

    def count(self, url: str) -> int:
        """How many times ``url`` was requested."""
        return sum(1 for r in self.requests if r.url == url)

    async def get(
        self,
        url: str,
        headers: Mapping[str, str],
        *,
        verify: bool = True,
        max_bytes: int,
        wants_body: BodyWanted | None = None,
    ) -> RawResponse:
        """Record the request, ask the handler, then apply the body rules."""
        request = Request(url, MappingProxyType(dict(headers)), verify)
        self.requests.append(request)
        answer = self._handler(request)
        full = answer if isinstance(answer, RawResponse) else await answer
        body = full.body or b""
        head = replace(full, url=url, body=None, received=0, oversized=False)
        if wants_body is not None and not wants_body(head.status, head.headers):
            return head
        if len(body) > max_bytes:
            return replace(head, body=body[:max_bytes], received=len(body), oversized=True)
        return replace(head, body=body, received=len(body))
