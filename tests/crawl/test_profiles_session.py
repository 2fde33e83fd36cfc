"""Profiles and the session's resolver override."""

from __future__ import annotations

import socket

import pytest
from aiohttp.abc import AbstractResolver, ResolveResult

from scanner.config import DEFAULT_USER_AGENT, CrawlSettings
from scanner.crawl import PROFILES, SCANNER_TOKEN, OverrideResolver, make_session, profile
from scanner.errors import ConfigError


def test_four_profiles_look_like_their_visitors() -> None:
    assert set(PROFILES) == {"browser", "googlebot", "mobile", "google-referer"}
    assert "Googlebot/2.1" in PROFILES["googlebot"].user_agent
    assert PROFILES["mobile"].mobile and "Android" in PROFILES["mobile"].user_agent
    assert PROFILES["google-referer"].referer == "https://www.google.com/"
    assert PROFILES["browser"].user_agent.endswith(SCANNER_TOKEN)
    for name in ("googlebot", "mobile", "google-referer"):
        assert SCANNER_TOKEN not in PROFILES[name].user_agent


def test_user_agent_override_applies_to_browser_only() -> None:
    assert profile("browser", "Kominfo-Audit/1.0").user_agent == "Kominfo-Audit/1.0"
    assert profile("browser", DEFAULT_USER_AGENT) == PROFILES["browser"]
    assert profile("browser") == PROFILES["browser"]
    assert profile("googlebot", "Kominfo-Audit/1.0") == PROFILES["googlebot"]


def test_unknown_profile_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="browser, google-referer, googlebot, mobile"):
        profile("bingbot")


class _Fallback(AbstractResolver):
    """Records what it was asked; knows no address."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        self.asked.append(host)
        return []

    async def close(self) -> None:
        return None


async def test_override_resolver_maps_www_and_bare_and_defers_the_rest() -> None:
    fallback = _Fallback()
    resolver = OverrideResolver((("www.contoh.go.id", "127.0.0.1:8081"),), fallback)
    for host in ("www.contoh.go.id", "contoh.go.id", "WWW.Contoh.go.id."):
        [answer] = await resolver.resolve(host, 80)
        assert (answer["host"], answer["port"]) == ("127.0.0.1", 8081)
        assert answer["hostname"] == host
    [keep] = await OverrideResolver((("a.go.id", "127.0.0.2"),)).resolve("a.go.id", 443)
    assert keep["port"] == 443  # no port given: the URL's port stays
    assert await resolver.resolve("kemendagri.go.id", 443) == []
    assert fallback.asked == ["kemendagri.go.id"]


def test_bad_override_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="host_overrides"):
        OverrideResolver((("contoh.go.id", "localhost:80"),))


async def test_session_settings() -> None:
    settings = CrawlSettings(concurrency=7, per_host=3, trust_env=False)
    session = make_session(settings)
    try:
        assert session.connector is not None
        assert session.connector.limit == 7 and session.connector.limit_per_host == 3
        assert session.auto_decompress is False
        assert session.trust_env is False
    finally:
        await session.close()
