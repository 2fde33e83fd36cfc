"""Serving the hostile world on loopback: one aiohttp app, every site chosen by Host header.

The scanner reaches the sites through ``crawl.host_overrides`` (``overrides()``), plain ones on
one port and the TLS site (a fresh self-signed certificate) on another. Every request is logged
in ``Served.hits`` with its ``Host`` header, so a check can prove what was *never* requested
(another port of a site's host, a backslash path, a doorway past a sitemap cap).
"""

from __future__ import annotations

import contextlib
import ssl
import subprocess
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

from scanner.demo.hostile.sites import HostileSite


@dataclass(frozen=True, slots=True)
class Hit:
    """One request the world received: the ``Host`` header as sent, and the path."""

    host: str
    path: str


@dataclass(slots=True)
class Served:
    """The world being served: its ports and the requests received so far."""

    sites: tuple[HostileSite, ...]
    port: int
    tls_port: int | None
    hits: list[Hit] = field(default_factory=list)

    def overrides(self) -> list[tuple[str, str]]:
        """``crawl.host_overrides`` for every site reached by override (not the fake-DNS ones)."""
        out = []
        for site in self.sites:
            if site.dns:
                continue
            port = self.tls_port if site.tls else self.port
            if port is None:
                continue
            out.append((site.host, f"127.0.0.1:{port}"))
        return out


def self_signed(workdir: Path, hosts: list[str]) -> ssl.SSLContext | None:
    """A server context with a fresh self-signed certificate for ``hosts``; None without
    openssl (the TLS site is then left out, and the run says so)."""
    key, cert = workdir / "hostile-key.pem", workdir / "hostile-cert.pem"
    names = ",".join(f"DNS:{h}" for h in hosts)
    try:
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
             "-subj", f"/CN={hosts[0]}", "-addext", f"subjectAltName={names}",
             "-keyout", str(key), "-out", str(cert)],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def make_app(sites: tuple[HostileSite, ...], hits: list[Hit]) -> web.Application:
    """The app answering every site by Host header (404 for unknown paths, 421 unknown hosts)."""
    by_host: dict[str, HostileSite] = {}
    for site in sites:
        bare = site.host.removeprefix("www.")
        by_host[bare] = by_host["www." + bare] = site

    async def dispatch(request: web.Request) -> web.StreamResponse:
        hits.append(Hit(request.host, request.raw_path))
        site = by_host.get(request.host.split(":")[0].lower().rstrip("."))
        if site is None:
            return web.Response(status=421, text="Misdirected Request")
        handler = site.routes.get(request.path)
        if handler is None:
            return web.Response(status=404, content_type="text/html",
                                text="<h1>404</h1><p>Halaman tidak ditemukan.</p>")
        return await handler(request)

    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", dispatch)
    return app


@contextlib.asynccontextmanager
async def serve_hostile(sites: list[HostileSite], workdir: Path) -> AsyncIterator[Served]:
    """Serve ``sites`` on 127.0.0.1 (random ports) for the duration of the block."""
    hits: list[Hit] = []
    runner = web.AppRunner(make_app(tuple(sites), hits), access_log=None,
                           shutdown_timeout=1.0)
    await runner.setup()
    plain = web.TCPSite(runner, "127.0.0.1", 0)
    await plain.start()
    tls_hosts = [s.host for s in sites if s.tls]
    context = self_signed(workdir, tls_hosts) if tls_hosts else None
    tls_port = None
    if context is not None:
        secure = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=context)
        await secure.start()
    ports = [int(a[1]) for a in runner.addresses]
    if context is not None:
        tls_port = ports[1]
    served = Served(tuple(sites), ports[0], tls_port, hits)
    try:
        yield served
    finally:
        await runner.cleanup()
