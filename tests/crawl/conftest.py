"""Fixtures for the crawl tests: the loopback world, settings pointing at it, fetchers."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest

from scanner.config import CrawlSettings
from scanner.crawl import Crawler, Fetcher, make_session
from tests.crawl.mockserver import World

FAST: dict[str, Any] = {
    "connect_timeout": 2.0,
    "read_timeout": 2.0,
    "total_timeout": 5.0,
    "retries": 1,
    "backoff": 0.01,
    "trust_env": False,
}
"""Small limits so fault tests finish quickly; no environment proxies on the test box."""


@pytest.fixture
async def world() -> AsyncIterator[World]:
    """The fictitious .go.id sites on a random loopback port."""
    w = World()
    await w.start()
    yield w
    await w.stop()


def settings_for(world: World, **changes: Any) -> CrawlSettings:
    """CrawlSettings reaching ``world`` through the resolver override, with fast limits."""
    return dataclasses.replace(
        CrawlSettings(), host_overrides=world.overrides, **{**FAST, **changes}
    )


@pytest.fixture
async def sessions() -> AsyncIterator[Callable[[CrawlSettings], aiohttp.ClientSession]]:
    """make_session, with every session closed at teardown."""
    made: list[aiohttp.ClientSession] = []

    def make(settings: CrawlSettings, **kwargs: Any) -> aiohttp.ClientSession:
        session = make_session(settings, **kwargs)
        made.append(session)
        return session

    yield make
    for session in made:
        await session.close()


@pytest.fixture
def fetcher_for(
    world: World, sessions: Callable[..., aiohttp.ClientSession]
) -> Callable[..., Fetcher]:
    """``fetcher_for(**settings_changes)`` -> a Fetcher wired to the world."""

    def make(**changes: Any) -> Fetcher:
        settings = settings_for(world, **changes)
        return Fetcher(sessions(settings), settings)

    return make


@pytest.fixture
def crawler_for(
    world: World, sessions: Callable[..., aiohttp.ClientSession]
) -> Callable[..., Crawler]:
    """``crawler_for(**settings_changes)`` -> a Crawler wired to the world."""

    def make(**changes: Any) -> Crawler:
        settings = settings_for(world, **changes)
        return Crawler(Fetcher(sessions(settings), settings), settings)

    return make
