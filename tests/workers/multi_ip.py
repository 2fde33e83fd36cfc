"""A loopback server on several addresses that counts concurrent requests per address.

Four provincial servers, 127.0.0.2 .. 127.0.0.5 (all loopback on Linux), each hosting three
agency sites (``dinkes``, ``bappeda``, ``disdik`` of one province) as .go.id subdomains do: the
sites reach their address through resolver overrides (``crawl.host_overrides``). Every
response closes its connection, so a request in flight is a connection open: the server
records, per address, the most requests it ever had in flight at once, and the most
addresses busy at the same moment (several servers scanned in parallel).

The pages are ordinary regional government pages with the usual traps: news about the police
closing judi online sites, a vaccination "slot", Bandar Lampung and the Bandar Udara.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from aiohttp import web

ADDRESSES = ("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5")
PROVINCES = ("lampungprov", "jatengprov", "kaltimprov", "sulselprov")
AGENCIES = ("dinkes", "bappeda", "disdik")
PAGES = 5
"""Inner pages per site besides the homepage."""
LATENCY_S = 0.06
"""Each answer takes this long, so the requests of concurrent sites overlap."""

_BODY = """<!doctype html><html lang="id"><head><meta charset="utf-8">
<title>{title}</title></head><body>
<header><h1>{agency_name} {province}</h1><nav>{nav}</nav></header>
<main><article><h2>{heading}</h2>
<p>{text}</p></article></main>
<footer>Jl. Pemuda No. 12 &middot; Pemerintah {province} &middot; 2026</footer>
</body></html>"""

_TEXTS = (
    "Polda menutup 120 situs judi online yang menumpang di subdomain pemerintah; "
    "masyarakat diminta melapor bila menemukan tautan mencurigakan.",
    "Pendaftaran vaksinasi dibuka: pilih slot waktu pagi atau siang di puskesmas terdekat.",
    "Rapat koordinasi pembangunan di Bandar Lampung membahas akses jalan ke Bandar Udara "
    "Radin Inten II.",
    "Jadwal pelayanan perizinan terpadu satu pintu selama libur akhir tahun.",
    "Laporan realisasi anggaran triwulan III telah diunggah ke portal PPID.",
)


@dataclass
class Counts:
    """What the server saw (mutated by its thread; read after the scan)."""

    in_flight: Counter[str] = field(default_factory=Counter)
    peak: Counter[str] = field(default_factory=Counter)
    """Per address: the most requests in flight at once."""
    served: Counter[str] = field(default_factory=Counter)
    busy_addresses_peak: int = 0
    """The most addresses with a request in flight at the same moment."""


@dataclass(frozen=True, slots=True)
class MultiIpWorld:
    """The running server: the sites and their resolver overrides."""

    sites: tuple[tuple[str, str], ...]
    """(host, address) of every site."""
    overrides: tuple[tuple[str, str], ...]
    """(host, "ip:port") for ``crawl.host_overrides``."""
    counts: Counts


def site_hosts() -> list[tuple[str, str]]:
    """(host, address): three agencies of one province per address."""
    return [
        (f"{agency}.{province}.go.id", address)
        for address, province in zip(ADDRESSES, PROVINCES, strict=True)
        for agency in AGENCIES
    ]


def _page(host: str, path: str) -> str:
    agency, province = host.split(".")[:2]
    number = int(path.rsplit("/", 1)[-1]) if path.startswith("/berita/") else 0
    nav = " ".join(f'<a href="/berita/{n}">Berita {n}</a>' for n in range(1, PAGES + 1))
    return _BODY.format(
        title=f"{agency.upper()} {province}",
        agency_name=agency.upper(),
        province=province.removesuffix("prov").title(),
        nav=nav,
        heading=f"Berita {number}" if number else "Selamat datang",
        text=_TEXTS[number % len(_TEXTS)],
    )


def _app(counts: Counts, latency: float) -> web.Application:
    @web.middleware
    async def count(request: web.Request, handler: web.Handler) -> web.StreamResponse:
        sockname = request.transport.get_extra_info("sockname") if request.transport else None
        address = str(sockname[0]) if sockname else "?"
        counts.in_flight[address] += 1
        counts.served[address] += 1
        counts.peak[address] = max(counts.peak[address], counts.in_flight[address])
        busy = sum(1 for n in counts.in_flight.values() if n > 0)
        counts.busy_addresses_peak = max(counts.busy_addresses_peak, busy)
        try:
            await asyncio.sleep(latency)
            response = await handler(request)
            response.force_close()  # one request per connection: in flight = connection open
            return response
        finally:
            counts.in_flight[address] -= 1

    async def page(request: web.Request) -> web.Response:
        path = request.path
        if path != "/" and not path.startswith("/berita/"):
            raise web.HTTPNotFound()
        return web.Response(text=_page(request.host.split(":")[0], path), content_type="text/html")

    app = web.Application(middlewares=[count])
    app.router.add_get("/{tail:.*}", page)
    return app


@contextmanager
def serve_multi_ip(latency: float = LATENCY_S) -> Iterator[MultiIpWorld]:
    """Serve the sites on 127.0.0.2..5 from a background thread (one port per address);
    every answer takes ``latency`` seconds."""
    counts = Counts()
    ready = threading.Event()
    ports: dict[str, int] = {}
    loop = asyncio.new_event_loop()
    stop: dict[str, asyncio.Event] = {}

    async def serve() -> None:
        stop["event"] = asyncio.Event()
        runner = web.AppRunner(_app(counts, latency), access_log=None)
        await runner.setup()
        try:
            for address in ADDRESSES:
                site = web.TCPSite(runner, address, 0)
                await site.start()
                server = site._server  # the bound socket tells the port chosen
                assert server is not None
                ports[address] = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
            ready.set()
            await stop["event"].wait()
        finally:
            await runner.cleanup()

    thread = threading.Thread(target=lambda: loop.run_until_complete(serve()), daemon=True)
    thread.start()
    assert ready.wait(10), "the multi-address server did not start"
    hosts = site_hosts()
    overrides = tuple((host, f"{address}:{ports[address]}") for host, address in hosts)
    try:
        yield MultiIpWorld(tuple(hosts), overrides, counts)
    finally:
        loop.call_soon_threadsafe(stop["event"].set)
        thread.join(10)
        loop.close()
