"""Two small Indonesian government sites on loopback, one infected and one cloaking, with traps.

``dispar.kabtest.go.id`` (Dinas Pariwisata): the homepage links a news item ABOUT judi online
(a trap: not an infection), an agenda with "slot" as a time slot and "Bandar Udara" (traps), a
service page with hidden links to gambling domains (infected), and an announcement served clean
to browsers but full of gambling promotion to Googlebot (cloaking).
``bappeda.kabtest.go.id``: one page with a hidden gambling link of its own (a second site and a
second incident, so an export can be checked to hold only its own records).
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import AsyncIterator

from aiohttp import web

from scanner.config import Settings, load_settings
from scanner.models import Site

DISPAR = "dispar.kabtest.go.id"
BAPPEDA = "bappeda.kabtest.go.id"
GAMBLING = "slotgacor-maxwin88.com"
OTHER_GAMBLING = "togel-hoki99.net"

_HEAD = '<html lang="id"><head><meta charset="utf-8"><title>{title}</title></head><body>'
_NAV = (
    '<nav><a href="/">Beranda</a> <a href="/berita/satgas-judi-online">Berita</a> '
    '<a href="/agenda">Agenda</a> <a href="/layanan">Layanan</a> '
    '<a href="/pengumuman">Pengumuman</a></nav>'
)
_FOOT = "<footer>Pemerintah Kabupaten Test &copy; 2026</footer></body></html>"

HIDDEN_LINKS = (
    '<div style="display:none">'
    + "".join(
        f'<a href="https://{GAMBLING}/?ref={i}">slot gacor maxwin hari ini {i}</a> '
        f'<a href="https://www.{GAMBLING}/daftar">daftar situs slot gacor gampang menang</a> '
        for i in range(4)
    )
    + "judi online slot gacor situs togel terpercaya bandar slot online maxwin</div>"
)

CLOAKED = (
    "<h1>SLOT GACOR HARI INI</h1><p>Situs judi online slot gacor gampang menang maxwin, "
    "daftar slot online terpercaya, bandar togel resmi, RTP live slot gacor tertinggi. "
    f'Login <a href="https://{GAMBLING}/login">slot gacor</a> sekarang.</p>' * 3
)


def page(title: str, body: str) -> str:
    """A page of the site with its navigation."""
    return _HEAD.format(title=title) + _NAV + f"<main>{body}</main>" + _FOOT


def dispar(path: str, user_agent: str) -> str | None:
    """The Dinas Pariwisata site; ``None`` for a path it does not have."""
    if path == "/":
        return page(
            "Dinas Pariwisata Kabupaten Test",
            "<h1>Selamat datang</h1><p>Informasi wisata dan layanan perizinan usaha "
            "pariwisata Kabupaten Test.</p>",
        )
    if path == "/berita/satgas-judi-online":
        return page(
            "Satgas berantas judi online",
            "<p>Pemerintah daerah membentuk satgas pemberantasan judi online. Masyarakat "
            "diminta melapor bila menemukan situs judi online atau promosi slot.</p>",
        )
    if path == "/agenda":
        return page(
            "Agenda",
            "<p>Slot waktu konsultasi: 09.00-11.00. Rapat koordinasi di Bandar Udara "
            "Radin Inten dan kunjungan ke Bandar Lampung.</p>",
        )
    if path == "/layanan":
        return page("Layanan perizinan", "<p>Perizinan usaha pariwisata.</p>" + HIDDEN_LINKS)
    if path == "/pengumuman":
        if "Googlebot" in user_agent:
            return page("Pengumuman", CLOAKED)
        return page("Pengumuman", "<p>Pengumuman seleksi pemandu wisata tahun 2026.</p>")
    return None


def bappeda(path: str, user_agent: str) -> str | None:
    """The Bappeda site: one infected page."""
    if path == "/":
        return page(
            "Bappeda Kabupaten Test",
            '<p>Perencanaan pembangunan daerah.</p><a href="/rkpd">RKPD</a>',
        )
    if path == "/rkpd":
        hidden = HIDDEN_LINKS.replace(GAMBLING, OTHER_GAMBLING)
        return page("RKPD 2026", "<p>Rencana kerja pemerintah daerah.</p>" + hidden)
    return None


SITES = {DISPAR: dispar, BAPPEDA: bappeda}


def make_app() -> web.Application:
    """Both sites, chosen by the Host header."""

    async def handle(request: web.Request) -> web.Response:
        host = request.host.split(":")[0].removeprefix("www.")
        site = SITES.get(host)
        if request.path in ("/robots.txt", "/sitemap.xml") or site is None:
            return web.Response(status=404, text="not found")
        html = site(request.path, request.headers.get("User-Agent", ""))
        if html is None:
            return web.Response(status=404, text="tidak ditemukan")
        return web.Response(text=html, content_type="text/html", charset="utf-8")

    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", handle)
    return app


@contextlib.asynccontextmanager
async def serve() -> AsyncIterator[int]:
    """Serve both sites on 127.0.0.1; yields the port."""
    runner = web.AppRunner(make_app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield int(runner.addresses[0][1])
    finally:
        await runner.cleanup()


def settings_for(port: int, **evidence: object) -> Settings:
    """Settings that reach both sites on loopback, evidence settings overridden by keyword."""
    base = load_settings(env={})
    overrides = tuple((h, f"127.0.0.1:{port}") for h in (DISPAR, BAPPEDA))
    crawl = dataclasses.replace(
        base.crawl, host_overrides=overrides, retries=0, trust_env=False, max_pages=20
    )
    ev = dataclasses.replace(base.evidence, **evidence)  # type: ignore[arg-type]
    return dataclasses.replace(base, crawl=crawl, evidence=ev)


def sites() -> list[Site]:
    """The two sites as the inventory gives them."""
    return [
        Site(url=f"http://{DISPAR}/", name="Dinas Pariwisata", owner="Pemkab Test"),
        Site(url=f"http://{BAPPEDA}/", name="Bappeda", owner="Pemkab Test"),
    ]
