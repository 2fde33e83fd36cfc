"""Fault sites of the world: inventory entries whose server is down, failing or silent.

A real inventory always has some: a regency's server switched off (nothing listens), a site
answering 503 for every page during maintenance, a host that accepts the connection and never
answers. The scanner must say each could not be checked, with the reason, and never call it
clean. Fault sites carry no pages and no ground truth of their own (``World.expected`` is
unchanged); each states what a scan must report about it (``FaultSite.status`` and ``reason``).
They exist only when asked for (``build_world(..., faults=True)``), so every existing world,
golden file and benchmark stays as it was.
"""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass
from enum import StrEnum

from aiohttp import web


class Fault(StrEnum):
    """What is wrong with a fault site's server."""

    REFUSED = "refused"
    """Nothing listens: the resolver override points at a closed loopback port."""
    SERVER_ERROR = "server_error"
    """Every page answers ``503 Service Unavailable`` (an Indonesian maintenance page)."""
    TIMEOUT = "timeout"
    """The connection is accepted and no answer ever comes."""


@dataclass(frozen=True, slots=True)
class FaultSite:
    """One fault site and what a scan must say about it."""

    host: str
    name: str
    fault: Fault
    status: str
    """The site's JSON ``status``: ``unreachable`` when no answer came, ``error`` when only
    error pages did (the site answered, but no page of its own could be analysed)."""
    reason: str
    """The fetch error kind the site's ``error`` must name (``refused``, ``http_status``...)."""

    @property
    def url(self) -> str:
        """The site's root URL as an inventory lists it."""
        return f"http://{self.host}/"

    @property
    def bare_host(self) -> str:
        """The host without ``www.``."""
        return self.host.removeprefix("www.")


FAULT_SITES = (
    FaultSite("www.kabtelukmati.go.id", "Pemerintah Kabupaten Teluk Mati", Fault.REFUSED,
              "unreachable", "refused"),
    FaultSite("bpbd.kotapemeliharaan.go.id", "BPBD Kota Pemeliharaan", Fault.SERVER_ERROR,
              "error", "http_status"),
    FaultSite("disperkim.kabsunyi.go.id", "Dinas Perumahan Kabupaten Sunyi", Fault.TIMEOUT,
              "unreachable", "timeout"),
)
"""The world's fault sites, one per ``Fault``."""

MAINTENANCE = (
    '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Sedang Dalam '
    "Pemeliharaan</title></head><body><h1>Situs Sedang Dalam Pemeliharaan</h1><p>Mohon maaf, "
    "layanan sedang dalam pemeliharaan sistem. Silakan kembali beberapa saat lagi.</p></body>"
    "</html>"
)

SILENCE_SECONDS = 3600.0
"""How long a ``TIMEOUT`` site keeps a request waiting (the scanner's timeouts end it first)."""


async def respond(fault: Fault, request: web.Request) -> web.StreamResponse:
    """The answer of a fault site's server (``REFUSED`` sites are never reached)."""
    if fault is Fault.TIMEOUT:
        # aiohttp keeps a handler running after its client left: watch the connection, so
        # that the server can shut down once the scanner has given up.
        for _ in range(int(SILENCE_SECONDS * 10)):
            if request.transport is None or request.transport.is_closing():
                break
            await asyncio.sleep(0.1)
    return web.Response(status=503, text=MAINTENANCE, content_type="text/html",
                        headers={"Retry-After": "3600"})


def closed_port(address: str = "127.0.0.1") -> int:
    """A loopback port nothing listens on (bound, then released): a dead server."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((address, 0))
        return int(sock.getsockname()[1])
