"""The one aiohttp ClientSession of a scan: connection limits, DNS overrides, proxy settings.

The session is made once per scan and injected into the ``Fetcher`` (tests and the demo world
make their own). Bodies are *not* decompressed by aiohttp (``auto_decompress=False``): the
fetcher inflates them itself, in a stream with a hard cap, so a gzip bomb cannot eat memory.
"""

from __future__ import annotations

import logging
import socket
import urllib.request
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from scanner.config import CrawlSettings
from scanner.crawl.addresses import DEFAULT_PORTS, AddressPolicy
from scanner.errors import ConfigError

log = logging.getLogger(__name__)

DNS_CACHE_SECONDS = 300
"""Government sites sit behind a handful of hosting providers; cache their addresses a while."""


def _parse_target(target: str) -> tuple[str, int]:
    """``"127.0.0.1:8080"`` / ``"[::1]:8080"`` / ``"10.0.0.1"`` -> (ip, port); port 0 = keep."""
    text = target.strip()
    if text.startswith("["):
        ip, _, rest = text[1:].partition("]")
        port_text = rest.lstrip(":")
    elif text.count(":") == 1:
        ip, _, port_text = text.partition(":")
    else:
        ip, port_text = text, ""
    try:
        port = int(port_text) if port_text else 0
        socket.inet_pton(socket.AF_INET6 if ":" in ip else socket.AF_INET, ip)
    except (ValueError, OSError) as exc:
        raise ConfigError(f"crawl.host_overrides: {target!r} is not 'ip:port'") from exc
    if not 0 <= port <= 65535:
        raise ConfigError(f"crawl.host_overrides: port out of range in {target!r}")
    return ip, port


class OverrideResolver(AbstractResolver):
    """Resolves the overridden hosts to a fixed ``ip:port`` and the rest normally.

    A resolver answers with an address *and a port*, and aiohttp connects to that port: so
    ``http://www.contoh.go.id/`` (port 80 in the URL, and in the Host header) can reach a test
    server on 127.0.0.1:43211. ``www.`` and the bare host are overridden together. The port only
    redirects plain connections; for https the TLS server name stays the URL's host.
    """

    def __init__(
        self, overrides: Iterable[tuple[str, str]], fallback: AbstractResolver | None = None
    ) -> None:
        """``overrides`` is ``CrawlSettings.host_overrides``; ``fallback`` answers the rest."""
        self._map: dict[str, tuple[str, int]] = {}
        for host, target in overrides:
            key = host.strip().lower().rstrip(".")
            bare = key[4:] if key.startswith("www.") else key
            parsed = _parse_target(target)
            self._map.setdefault(bare, parsed)
            self._map.setdefault("www." + bare, parsed)
            self._map[key] = parsed  # an exact entry beats the derived www./bare one
        self._fallback = fallback

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        """The override for ``host`` when there is one, else the fallback resolver's answer."""
        hit = self._map.get(host.lower().rstrip("."))
        if hit is None:
            if self._fallback is None:
                self._fallback = DefaultResolver()
            return await self._fallback.resolve(host, port, family)
        ip, target_port = hit
        return [
            ResolveResult(
                hostname=host,
                host=ip,
                port=target_port or port,
                family=socket.AF_INET6 if ":" in ip else socket.AF_INET,
                proto=0,
                flags=socket.AI_NUMERICHOST,
            )
        ]

    async def close(self) -> None:
        """Release the fallback resolver."""
        if self._fallback is not None:
            await self._fallback.close()


class GuardedConnector(aiohttp.TCPConnector):
    """A TCPConnector that applies the ``AddressPolicy`` to every host it resolves.

    The check sits on the connector's resolve step, after the resolver (overrides and DNS)
    answered and also for IP-literal hosts, which aiohttp never passes to a resolver: so pages,
    redirects, sitemaps and assets are all covered, and a refused host is never connected to.
    (``_resolve_host`` is aiohttp's internal step; tests pin its behaviour.)
    """

    def __init__(
        self, policy: AddressPolicy, *, owns: AbstractResolver | None = None, **kwargs: Any
    ) -> None:
        """``kwargs`` go to ``aiohttp.TCPConnector``; ``owns``: a resolver made for this
        connector alone, closed with it (aiohttp closes only the resolvers it makes)."""
        super().__init__(**kwargs)
        self._policy = policy
        self._owned_resolver = owns

    async def close(self, *, abort_ssl: bool = False) -> None:
        """Close the connections, then the resolver this connector owns."""
        await super().close(abort_ssl=abort_ssl)
        if self._owned_resolver is not None:
            resolver, self._owned_resolver = self._owned_resolver, None
            await resolver.close()

    async def _resolve_host(
        self, host: str, port: int, traces: Sequence[Any] | None = None
    ) -> list[ResolveResult]:
        answers = await super()._resolve_host(host, port, traces=traces)  # type: ignore[arg-type]
        kept = set(self._policy.check(host, port, [a["host"] for a in answers]))
        return [a for a in answers if a["host"] in kept]


def address_policy(settings: CrawlSettings) -> AddressPolicy:
    """The scan's AddressPolicy: settings, host overrides and the proxies in use."""
    overridden: set[str] = set()
    for host, _target in settings.host_overrides:
        key = host.strip().lower().rstrip(".")
        bare = key[4:] if key.startswith("www.") else key
        overridden |= {key, bare, "www." + bare}
    proxy_urls = [settings.proxy] if settings.proxy else []
    if settings.trust_env:
        # What aiohttp itself reads with trust_env (HTTP_PROXY, HTTPS_PROXY...).
        proxy_urls += list(urllib.request.getproxies().values())
    proxies = {(urlsplit(u).hostname or "").lower() for u in proxy_urls if "://" in u}
    return AddressPolicy(
        allow_private=settings.allow_private,
        ports=DEFAULT_PORTS | frozenset(settings.allowed_ports),
        overridden=frozenset(overridden),
        proxies=frozenset(proxies - {""}),
    )


def system_resolver() -> AbstractResolver:
    """The resolver for hosts that are not overridden: c-ares through aiodns when it is
    installed (asynchronous: a dead name's timeout blocks nothing), else the thread-pool
    resolver. The connector caches answers ``DNS_CACHE_SECONDS`` either way."""
    try:
        from aiohttp.resolver import AsyncResolver

        return AsyncResolver()
    except (ImportError, RuntimeError, OSError) as exc:  # no aiodns, or c-ares cannot start
        log.debug("asynchronous DNS unavailable (%s); using the thread-pool resolver", exc)
        return DefaultResolver()


def make_session(
    settings: CrawlSettings, *, fallback_resolver: AbstractResolver | None = None
) -> aiohttp.ClientSession:
    """A ClientSession with the scan's connection limits, DNS overrides, address and proxy policy.

    Must be called inside a running event loop; the caller closes it. ``fallback_resolver``
    replaces the system resolver for hosts that are not overridden (tests use it to simulate
    DNS failures without sending a query anywhere). The explicit proxy (``settings.proxy``) is
    passed per request by the fetcher; ``trust_env`` lets HTTP(S)_PROXY / NO_PROXY apply.
    """
    resolver: AbstractResolver = fallback_resolver or system_resolver()
    if settings.host_overrides:
        resolver = OverrideResolver(settings.host_overrides, resolver)
    owned = resolver if fallback_resolver is None else None  # a caller's stays the caller's
    connector = GuardedConnector(
        address_policy(settings),
        limit=settings.concurrency,
        limit_per_host=settings.per_host,
        ttl_dns_cache=DNS_CACHE_SECONDS,
        resolver=resolver,
        owns=owned,
        # Hostile servers keep connections open forever; let aiohttp close idle ones quickly.
        keepalive_timeout=15,
    )
    return aiohttp.ClientSession(
        connector=connector,
        auto_decompress=False,
        trust_env=settings.trust_env,
        # No cookie jar: pages must look as they do to a first-time visitor, and a hostile site
        # must not be able to grow our memory with cookies.
        cookie_jar=aiohttp.DummyCookieJar(),
        raise_for_status=False,
        # Some CMSs send long CSP or cookie headers; still bounded against hostile servers.
        max_line_size=16 * 1024,
        max_field_size=32 * 1024,
    )
