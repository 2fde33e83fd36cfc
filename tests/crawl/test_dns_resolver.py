"""DNS for hosts that are not overridden: asynchronous (aiodns / c-ares) where installed, the
thread-pool resolver otherwise; the session closes the resolver it made. Only ``localhost``
is looked up (from /etc/hosts): no test sends a DNS query anywhere."""

from __future__ import annotations

import dataclasses

import pytest
from aiohttp.resolver import AsyncResolver, DefaultResolver

from scanner.config import load_settings
from scanner.crawl.session import OverrideResolver, make_session, system_resolver


async def test_the_system_resolver_is_asynchronous_when_aiodns_is_installed() -> None:
    resolver = system_resolver()
    try:
        assert isinstance(resolver, AsyncResolver)
        answers = await resolver.resolve("localhost", 80)
        assert "127.0.0.1" in {a["host"] for a in answers}
    finally:
        await resolver.close()


async def test_without_aiodns_the_thread_pool_resolver_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import aiohttp.resolver

    # What aiohttp's AsyncResolver does when aiodns is not installed.
    monkeypatch.setattr(aiohttp.resolver, "AsyncResolver", _Unavailable)
    assert isinstance(system_resolver(), DefaultResolver)


class _Unavailable:
    def __init__(self) -> None:
        raise RuntimeError("Resolver requires aiodns library")


async def test_the_session_uses_and_closes_its_own_resolver() -> None:
    crawl = dataclasses.replace(
        load_settings(env={}).crawl, host_overrides=(("dinkes.go.id", "127.0.0.1:1"),)
    )
    session = make_session(crawl)
    resolver = session.connector._resolver  # type: ignore[union-attr]
    assert isinstance(resolver, OverrideResolver)
    assert isinstance(resolver._fallback, AsyncResolver)
    closed: list[bool] = []
    real_close = resolver._fallback.close

    async def close() -> None:
        closed.append(True)
        await real_close()

    resolver._fallback.close = close  # type: ignore[method-assign]
    await session.close()
    assert closed == [True]
