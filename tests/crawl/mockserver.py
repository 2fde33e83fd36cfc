"""A loopback aiohttp server that plays fictitious .go.id sites, chosen by the Host header.

The crawler reaches it through ``CrawlSettings.host_overrides`` (a resolver override), so the
URLs under test look like ``http://www.contoh.go.id/profil`` while every byte goes to
127.0.0.1. Besides ordinary pages it serves the faults a crawler meets in the wild (in the
spirit of scrapy's mockserver): huge bodies, gzip bombs, slow answers, dropped connections,
redirect loops, off-site redirects, endless calendars, server errors, wrong charsets and broken
HTML. Every request is logged in ``World.hits`` so tests can prove what was *not* fetched.

Sites:

* ``www.contoh.go.id`` - Pemerintah Kabupaten Contoh: news, services, an agenda calendar that
  never ends, an archive chain for depth limits, a sitemap index listing a gzipped sitemap
  with a gambling doorway page that no menu links to.
* ``bapenda.contohkab.go.id`` - Badan Pendapatan Daerah: the fault endpoints.
* ``aman.contoh.go.id`` - served over TLS with a self-signed certificate (see ``tls_context``).
"""

from __future__ import annotations

import asyncio
import functools
import gzip
import socket
import ssl
import subprocess
import zlib
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

CONTOH = "www.contoh.go.id"
BAPENDA = "bapenda.contohkab.go.id"
AMAN = "aman.contoh.go.id"
MATI = "mati.contoh.go.id"
"""Overridden to a loopback port where nothing listens."""


@dataclass(frozen=True, slots=True)
class Hit:
    """One request the world received."""

    host: str
    path: str
    user_agent: str
    proxied: bool = False


def _page(title: str, body: str, charset: str | None = "utf-8") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return (
        '<!DOCTYPE html>\n<html lang="id"><head>'
        f"{meta}<title>{title}</title></head>\n"
        f"<body><header><h1>{title}</h1></header>\n{body}\n"
        "<footer>&copy; 2024 Pemerintah Kabupaten Contoh. Hak cipta dilindungi.</footer>"
        "</body></html>"
    )


HOME = _page(
    "Beranda - Pemerintah Kabupaten Contoh",
    """
<nav>
  <a href="/">Beranda</a> <a href="/profil">Profil Daerah</a> <a href="/berita/">Berita</a>
  <a href="/layanan">Layanan Publik</a> <a href="/agenda?bulan=1">Agenda</a>
  <a href="/arsip/1">Arsip</a> <a href="/kontak">Kontak</a>
</nav>
<main>
  <p>Selamat datang di portal resmi Pemerintah Kabupaten Contoh.</p>
  <!-- the same page spelled many ways: must be fetched once -->
  <a href="http://CONTOH.go.id/profil">Profil (tanpa www)</a>
  <a href="http://www.contoh.go.id:80/profil#visi">Visi dan misi</a>
  <a href="/./berita/../profil">Profil lagi</a>
  <a href="https://www.contoh.go.id/profil">Profil (https)</a>
  <a href="/berita/waspada-judi-online">Waspada penipuan judi online, warga diimbau melapor</a>
  <a href="/berita/banjir-bandar-lampung">Bantuan untuk korban banjir di Bandar Lampung</a>
  <a href="/dokumen/laporan-kinerja-2023.pdf">Laporan Kinerja 2023 (PDF)</a>
  <a href="/foto/bupati.jpg">Foto Bupati</a>
  <a href="https://www.kemendagri.go.id/">Kemendagri</a>
  <a href="https://slot-gacor.example/daftar">link luar</a>
  <a href="mailto:humas@contoh.go.id">Email humas</a>
  <a href="javascript:void(0)">Cetak</a>
  <map name="peta"><area href="/peta/kecamatan" alt="Peta kecamatan"></map>
</main>
""",
)

ROBOTS = (
    "# robots.txt Kabupaten Contoh\n"
    "User-agent: *\n"
    "Disallow: /promo/\n"
    "Disallow: /admin/\n"
    "sitemap: http://www.contoh.go.id/sitemap_index.xml\n"
)

SITEMAP_XML = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>http://www.contoh.go.id/</loc></url>
  <url><loc>http://www.contoh.go.id/profil</loc></url>
  <url><loc>http://www.contoh.go.id/layanan</loc></url>
</urlset>
"""

SITEMAP_INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>http://www.contoh.go.id/sitemaps/halaman.xml</loc></sitemap>
  <sitemap><loc>http://www.contoh.go.id/sitemaps/promo.xml.gz</loc></sitemap>
  <sitemap><loc>https://sitemap-luar.example/evil.xml</loc></sitemap>
</sitemapindex>
"""

SITEMAP_HALAMAN = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url><loc>http://www.contoh.go.id/berita/</loc>
    <image:image><image:loc>http://www.contoh.go.id/foto/kantor.jpg</image:loc></image:image>
  </url>
  <url><loc>http://contoh.go.id/kontak</loc></url>
</urlset>
"""

SITEMAP_PROMO = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>http://www.contoh.go.id/promo/slot-gacor-maxwin</loc></url>
  <url><loc>https://slot-gacor.example/promo</loc></url>
</urlset>
"""

DOORWAY = _page(
    "SLOT GACOR MAXWIN - Situs Judi Online Terpercaya",
    """<p>Daftar situs slot gacor hari ini, RTP live tertinggi, deposit pulsa tanpa potongan.</p>
<a href="/promo/rtp-live">RTP live hari ini</a>
<a href="https://slot-gacor.example/daftar">DAFTAR SEKARANG</a>""",
)

PAGES: dict[str, str] = {
    "/profil": _page(
        "Profil Daerah",
        '<p>Kabupaten Contoh terletak di pesisir selatan.</p><a href="/">Beranda</a>',
    ),
    "/berita/": _page(
        "Berita",
        """<ul><li><a href="/berita/waspada-judi-online">Waspada judi online</a></li>
<li><a href="/berita/banjir-bandar-lampung">Banjir Bandar Lampung</a></li>
<li><a href="/berita/?page=2">Halaman berikutnya</a></li></ul>""",
    ),
    "/berita/?page=2": _page("Berita - halaman 2", '<a href="/berita/">Kembali</a>'),
    "/berita/waspada-judi-online": _page(
        "Waspada Judi Online",
        "<p>Dinas Kominfo mengimbau masyarakat agar tidak tergiur iklan judi online dan slot "
        "yang beredar di media sosial. Laporkan situs judi melalui aduankonten.id.</p>",
    ),
    "/berita/banjir-bandar-lampung": _page(
        "Bantuan Banjir Bandar Lampung",
        "<p>Pemerintah kabupaten mengirim bantuan logistik ke Bandar Lampung.</p>",
    ),
    "/layanan": _page(
        "Layanan Publik",
        '<p>Pilih slot waktu antrean pelayanan KTP.</p><a href="/layanan/jadwal">Jadwal</a>',
    ),
    "/layanan/jadwal": _page("Jadwal Pelayanan", "<p>Slot pagi 08.00-12.00 WIB.</p>"),
    "/kontak": _page("Kontak", "<p>Jl. Merdeka No. 1, Kabupaten Contoh.</p>"),
    "/peta/kecamatan": _page("Peta Kecamatan", "<p>17 kecamatan.</p>"),
    "/promo/slot-gacor-maxwin": DOORWAY,
    "/promo/rtp-live": _page("RTP LIVE", "<p>bocoran pola gacor</p>"),
}


def _agenda(month: int) -> str:
    return _page(
        f"Agenda Bulan {month}",
        f'<a href="/agenda?bulan={month - 1}">Sebelumnya</a> '
        f'<a href="/agenda?bulan={month + 1}">Berikutnya</a>',
    )


def _arsip(n: int) -> str:
    return _page(f"Arsip {n}", f'<a href="/arsip/{n + 1}">Arsip berikutnya</a>')


@functools.cache
def gzip_bomb(expanded: int = 64 * 1024 * 1024) -> bytes:
    """``expanded`` zero bytes, gzipped in a stream (never held uncompressed)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1024 * 1024)
    parts = [comp.compress(b"<html><body>")]
    for _ in range(expanded // len(block)):
        parts.append(comp.compress(block))
    parts.append(comp.flush())
    return b"".join(parts)


WINDOWS_1252_PAGE = _page(
    "Kafé Literasi Desa",
    "<p>Kegiatan di kafé literasi desa – pelatihan menulis résumé dan naïve art.</p>"
    '<a href="/pajak">Pajak</a>',
    charset=None,
)
"""Indonesian page with é, –, ï: written by an old CMS in windows-1252."""


class World:
    """The fictitious sites on one loopback port (plus a TLS port when asked)."""

    def __init__(self) -> None:
        """Nothing runs until ``start``."""
        self.hits: list[Hit] = []
        self.counters: dict[str, int] = defaultdict(int)
        self.port = 0
        self.tls_port = 0
        self.dead_port = 0
        self._runners: list[web.AppRunner] = []

    @property
    def overrides(self) -> tuple[tuple[str, str], ...]:
        """``CrawlSettings.host_overrides`` pointing the fictitious hosts here."""
        plain = f"127.0.0.1:{self.port}"
        result = [(CONTOH, plain), (BAPENDA, plain), (MATI, f"127.0.0.1:{self.dead_port}")]
        if self.tls_port:
            result.append((AMAN, f"127.0.0.1:{self.tls_port}"))
        return tuple(result)

    def paths(self, host: str) -> list[str]:
        """Paths (with query) requested on ``host``, in order."""
        return [h.path for h in self.hits if h.host == host]

    async def start(self, tls: ssl.SSLContext | None = None) -> None:
        """Listen on random loopback ports; ``tls`` also serves ``aman`` over HTTPS."""
        app = web.Application(middlewares=[self._log])
        app.router.add_route("GET", "/{tail:.*}", self._dispatch)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._runners.append(runner)
        self.port = _bound_port(runner)
        if tls is not None:
            tls_runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
            await tls_runner.setup()
            await web.TCPSite(tls_runner, "127.0.0.1", 0, ssl_context=tls).start()
            self._runners.append(tls_runner)
            self.tls_port = _bound_port(tls_runner)
        with socket.socket() as probe:  # a port that was free a moment ago: nothing listens
            probe.bind(("127.0.0.1", 0))
            self.dead_port = probe.getsockname()[1]

    async def stop(self) -> None:
        """Close every listener."""
        for runner in self._runners:
            await runner.cleanup()

    @web.middleware
    async def _log(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        host = (request.host or "").split(":")[0].lower()
        proxied = request.url.is_absolute() and request.raw_path.startswith("http")
        self.hits.append(Hit(host, request.path_qs, request.headers.get("User-Agent", ""), proxied))
        return await handler(request)

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        host = (request.host or "").split(":")[0].lower()
        if request.raw_path.startswith("http://"):
            return web.Response(
                text=_page("Lewat proxy", "<p>diteruskan</p>"), content_type="text/html"
            )
        if host in (CONTOH, "contoh.go.id", AMAN):
            return await self._contoh(request)
        if host == BAPENDA:
            return await self._faults(request)
        return web.Response(status=421, text="unknown host")

    async def _contoh(self, request: web.Request) -> web.StreamResponse:
        path = request.path_qs
        if request.path == "/":
            return web.Response(text=HOME, content_type="text/html")
        if path == "/robots.txt":
            return web.Response(text=ROBOTS, content_type="text/plain")
        if path == "/sitemap.xml":
            return web.Response(text=SITEMAP_XML, content_type="application/xml")
        if path == "/sitemap_index.xml":
            return web.Response(text=SITEMAP_INDEX, content_type="application/xml")
        if path == "/sitemaps/halaman.xml":
            return web.Response(text=SITEMAP_HALAMAN, content_type="text/xml")
        if path == "/sitemaps/promo.xml.gz":
            return web.Response(
                body=gzip.compress(SITEMAP_PROMO.encode()), content_type="application/x-gzip"
            )
        if request.path == "/agenda":
            month = int(request.query.get("bulan", "1") or 1)
            return web.Response(text=_agenda(month), content_type="text/html")
        if request.path.startswith("/arsip/"):
            n = int(request.path.rsplit("/", 1)[1] or 0)
            return web.Response(text=_arsip(n), content_type="text/html")
        if path in PAGES:
            return web.Response(text=PAGES[path], content_type="text/html")
        return web.Response(status=404, text=_page("Tidak ditemukan", ""), content_type="text/html")

    async def _faults(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        key = f"{path}|{request.headers.get('User-Agent', '')}"
        self.counters[key] += 1
        if path == "/besar":
            return web.Response(text="<html>" + "a" * 200_000, content_type="text/html")
        if path == "/besar-stream":
            resp = web.StreamResponse(headers={"Content-Type": "text/html"})
            resp.enable_chunked_encoding()
            await resp.prepare(request)
            for _ in range(50):
                await resp.write(b"<p>" + b"x" * 8192 + b"</p>")
            await resp.write_eof()
            return resp
        if path == "/bom":
            return web.Response(
                body=gzip_bomb(),
                headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
            )
        if path == "/gzip":
            html = _page("Pajak Daerah", '<a href="/pbb">PBB</a>').encode()
            return web.Response(
                body=gzip.compress(html),
                headers={"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
            )
        if path == "/lambat":
            await asyncio.sleep(1.5)
            return web.Response(text="terlambat", content_type="text/html")
        if path == "/putus":
            resp = web.StreamResponse(
                headers={"Content-Type": "text/html", "Content-Length": "100000"}
            )
            await resp.prepare(request)
            await resp.write(b"<html><body>" + b"Pajak kendaraan " * 100)
            await asyncio.sleep(0.05)
            assert request.transport is not None
            request.transport.close()
            return resp
        if path == "/loop-a":
            raise web.HTTPFound("/loop-b")
        if path == "/loop-b":
            raise web.HTTPMovedPermanently("http://bapenda.contohkab.go.id/loop-a")
        if path.startswith("/rantai/"):
            n = int(path.rsplit("/", 1)[1])
            raise web.HTTPFound(f"/rantai/{n + 1}")
        if path == "/keluar":
            raise web.HTTPFound("https://slot-gacor.example/daftar?ref=bapenda")
        if path == "/pindah":
            raise web.HTTPMovedPermanently("/pajak")
        if path == "/pajak":
            return web.Response(text=_page("Pajak", "<p>PBB-P2</p>"), content_type="text/html")
        if path == "/cookie":
            if request.cookies.get("lolos") == "1":
                return web.Response(text=_page("Lolos", ""), content_type="text/html")
            resp = web.HTTPFound("/cookie")
            resp.set_cookie("lolos", "1")
            raise resp
        if path == "/error500":
            return web.Response(
                status=500,
                text=_page("Kesalahan Server", "<p>Database error</p>"),
                content_type="text/html",
            )
        if path == "/sibuk":
            if self.counters[key] <= 2:
                return web.Response(status=503, text="Service Unavailable")
            return web.Response(text=_page("Sudah pulih", ""), content_type="text/html")
        if path == "/charset-salah":
            return web.Response(
                body=WINDOWS_1252_PAGE.encode("cp1252"),
                headers={"Content-Type": "text/html; charset=utf-8"},
            )
        if path == "/tanpa-charset":
            return web.Response(
                body=WINDOWS_1252_PAGE.encode("cp1252"), headers={"Content-Type": "text/html"}
            )
        if path == "/meta-charset":
            page = _page("Kafé", "<p>kafé</p>", charset="windows-1252")
            return web.Response(body=page.encode("cp1252"), headers={"Content-Type": "text/html"})
        if path == "/rusak":
            body = (
                b"<html><head><title>Dinas \xff\xfe rusak</title><body><div><p>Berita <b>penting"
                b'<a href="/pbb">PBB<a href=/bphtb>BPHTB</a>\x00\x01\x02 \xc3\x28'
                b"<table><tr><td><a href='/retribusi'>Retribusi</td></div></span>"
                b'<a href="/pajak-hotel" <a href=/garbage\xe2\x82>x'
            )
            return web.Response(body=body, headers={"Content-Type": "text/html; charset=utf-8"})
        if path == "/brotli":
            return web.Response(
                body=b"\x1b\x00\x00",
                headers={"Content-Type": "text/html", "Content-Encoding": "br"},
            )
        if path == "/ke-js":
            return web.Response(status=302, headers={"Location": "javascript:alert(1)"})
        if path == "/gerbang":
            if self.counters[key] == 1:
                return web.Response(status=502, text="Bad Gateway")
            return web.Response(text=_page("Gerbang Pajak", ""), content_type="text/html")
        if path == "/gambar.png":
            return web.Response(body=b"\x89PNG\r\n\x1a\n" + bytes(100), content_type="image/png")
        if path == "/tanpa-tipe":
            return web.Response(body=b"<!DOCTYPE html><html><body><a href='/x'>x</a></body></html>")
        return web.Response(status=404, text="tidak ada", content_type="text/plain")


def _bound_port(runner: web.AppRunner) -> int:
    server = runner.addresses[0]
    return int(server[1])


def tls_context(workdir: Path, host: str = AMAN) -> ssl.SSLContext | None:
    """A server SSL context with a fresh self-signed certificate, or None without openssl."""
    key, cert = workdir / "key.pem", workdir / "cert.pem"
    try:
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                f"/CN={host}",
                "-addext",
                f"subjectAltName=DNS:{host}",
                "-keyout",
                str(key),
                "-out",
                str(cert),
            ],
            check=True,
            capture_output=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context
