"""The hostile site set: one site per item of issue 12, and clean neighbours with traps.

Each ``HostileSite`` carries the routes its server answers and the ``Expect``ed outcome of a
scan through the real CLI (status, reason, limits, what must be found, what must never be
requested). ``build_sites(size)`` makes them; ``Size.QUICK`` keeps ``make test`` fast (the real
caps are still crossed: they are constants of the scanner), ``Size.FULL`` is ``make hostile``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

from scanner.demo.hostile import handlers as h
from scanner.demo.hostile import pages as p
from scanner.demo.hostile.handlers import Handler

DOMAIN = "kabtirta.go.id"
"""The fictitious regency every hostile site belongs to (Pemerintah Kabupaten Tirta)."""

HTML_CAP = 5_000_000
"""The extractor's page-text cap (``scanner.extract.MAX_HTML_CHARS``), crossed for real."""
SCRIPT_CAP = 200_000
"""The extractor's inline-script cap (``scanner.extract.MAX_SCRIPT_CHARS``)."""
WIRE_CAP = 5 * 1024 * 1024
"""``crawl.max_body_bytes`` at its default: the too-large homepage and the sitemap exceed it."""


class Size(StrEnum):
    """How big the costly sites are: ``quick`` for the test, ``full`` for ``make hostile``."""

    QUICK = "quick"
    FULL = "full"


@dataclass(frozen=True, slots=True)
class Expect:
    """What the scan must say about one site (empty fields: not checked)."""

    status: str = "ok"
    complete: bool | None = True
    error: str = ""
    """A substring of the site's ``error`` (its reason), e.g. ``too_large``."""
    fetch_errors: tuple[str, ...] = ()
    """Fetch error kinds that must be listed (``timeout``, ``blocked_address`` ...)."""
    limits: tuple[str, ...] = ()
    """Limit kinds that must be listed; with ``no_limits``, none may be."""
    no_limits: bool = False
    found: tuple[str, ...] = ()
    """Techniques that must be among the site's incidents."""
    found_at: tuple[str, ...] = ()
    """Paths whose page must be named by an incident (each payload reachable is found)."""
    clean: bool = False
    """No incident at all (a neighbour with traps)."""
    tls_unverified: bool = False
    budget: float = 0.0
    """Seconds the site may take at most (0: not checked): a neighbour must not be slowed."""
    never_requested: tuple[str, ...] = ()
    """Substrings that no request to this site's server may contain (``Host`` + path)."""


@dataclass(frozen=True, slots=True)
class HostileSite:
    """One site of the hostile world."""

    key: str
    """A short name (``nesting``, ``brotli`` ...), used in test ids and the summary table."""
    host: str
    name: str
    item: str
    """Which item of issue 12 the site plays."""
    routes: dict[str, Handler] = field(default_factory=dict, hash=False, compare=False)
    expect: Expect = Expect()
    scheme: str = "http"
    dns: str = ""
    """When set, the name resolves to this address through the fake DNS (no host override):
    the address policy must refuse it before any connection."""
    listed: tuple[str, ...] = ()
    """Extra inventory spellings of the same site (the site listed twice)."""
    tls: bool = False
    """Served by the TLS server (self-signed certificate)."""

    @property
    def url(self) -> str:
        """The site's URL as the inventory lists it."""
        return f"{self.scheme}://{self.host}/"


def _owner(unit: str) -> str:
    return f"{unit} Kabupaten Tirta"


def _site(key: str, sub: str, unit: str, item: str, routes: dict[str, Handler],
          expect: Expect, **kw: object) -> HostileSite:
    return HostileSite(key, f"{sub}.{DOMAIN}", _owner(unit), item, routes, expect,
                       **kw)  # type: ignore[arg-type]


def _ordinary(unit: str, extra: str = "", links: str = "") -> dict[str, Handler]:
    """Homepage, profile, news and services of an ordinary office, with the traps."""
    owner = _owner(unit)
    return {
        "/": h.html(p.page("Beranda", owner, extra + p.TIME_SLOT, links)),
        "/profil": h.html(p.page("Profil", owner, p.BANDAR)),
        "/berita": h.html(p.page("Berita", owner, p.NEWS_ABOUT_GAMBLING)),
        "/layanan": h.html(p.page("Layanan Publik", owner, p.TIME_SLOT)),
        "/kontak": h.html(p.page("Kontak", owner, "<p>Jl. Merdeka No. 1, Tirta.</p>")),
    }


def _with(routes: dict[str, Handler], **more: Handler) -> dict[str, Handler]:
    out = dict(routes)
    out.update(more)
    return out


NEIGHBOUR_BUDGET = 12.0
"""Seconds a clean neighbour may take in the quick world (its pages take well under one)."""


def neighbours() -> list[HostileSite]:
    """Clean sites beside the hostile ones: traps only, never an incident, never slowed."""
    clean = Expect(clean=True, no_limits=True, budget=NEIGHBOUR_BUDGET)
    return [
        _site("news", "diskominfo", "Dinas Komunikasi dan Informatika", "neighbour: news "
              "about judi online", _ordinary("Dinas Komunikasi dan Informatika",
                                             p.NEWS_ABOUT_GAMBLING), clean),
        _site("timeslot", "dukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "neighbour: "
              "slot as a time slot", _ordinary("Dinas Kependudukan dan Pencatatan Sipil"),
              clean),
        _site("bandar", "dishub", "Dinas Perhubungan", "neighbour: Bandar Udara",
              _ordinary("Dinas Perhubungan", p.BANDAR), clean),
    ]


def evasions(size: Size) -> list[HostileSite]:
    """Items 1-4: the injection is there, behind an evasion; what is reachable is found."""
    ownr = _owner
    deep_links = '<a href="/arsip/sangat-dalam">Arsip</a>'
    nesting = _with(
        _ordinary("Dinas Sosial"),
        **{"/": h.html(p.page("Beranda", ownr("Dinas Sosial"),
                              p.nested(300, p.PAYLOAD) + p.TIME_SLOT, deep_links)),
           "/arsip/sangat-dalam": h.html(p.page("Arsip", ownr("Dinas Sosial"),
                                                p.nested(2500, p.PAYLOAD)))})
    backslash = _with(
        _ordinary("Dinas Pendidikan", links='<a href="/pengumuman">Pengumuman</a> '
                  '<a href="/agenda">Agenda</a>'),
        **{"/pengumuman": h.redirect(f"/\\{p.GAMBLING_DOMAIN}/daftar"),
           "/agenda": h.html(p.page("Agenda", ownr("Dinas Pendidikan"), "<p>Agenda</p>",
                                    head='<meta http-equiv="refresh" content="0;url=/\\'
                                    f'{p.GAMBLING_DOMAIN}/">'))})
    big_text = _with(
        _ordinary("Badan Perencanaan Pembangunan Daerah",
                  links='<a href="/arsip/lampiran-apbd">Lampiran APBD</a>'),
        **{"/arsip/lampiran-apbd": h.gzipped(p.page(
            "Lampiran APBD", ownr("Bappeda"), p.filler(HTML_CAP + 50_000) + p.PAYLOAD))})
    long_script = _with(
        _ordinary("Dinas Penanaman Modal dan PTSP"),
        **{"/": h.html(p.page("Beranda", ownr("Dinas Penanaman Modal dan PTSP"),
                              p.TIME_SLOT + p.long_script(SCRIPT_CAP + 10_000)))})
    host = f"kominfo.{DOMAIN}"
    # Old archive entries the site no longer serves (404): cheap to crawl, and enough of them
    # to carry the sitemap past max_body_bytes on the wire.
    filler_urls = [f"http://{host}/arsip/berkas-{i:06d}.html" for i in range(WIRE_CAP // 80)]
    sitemap = p.sitemap([f"http://{host}/wp-content/uploads/slot-gacor-hari-ini.html",
                         *filler_urls, f"http://{host}/wp-content/uploads/togel-akhir.html"])
    big_sitemap = _with(
        _ordinary("Bagian Protokol dan Komunikasi Pimpinan"),
        **{"/robots.txt": h.raw(f"User-agent: *\nSitemap: http://{host}/sitemap.xml\n".encode(),
                                "text/plain"),
           "/sitemap.xml": h.raw(sitemap.encode(), "application/xml"),
           "/wp-content/uploads/slot-gacor-hari-ini.html": h.html(p.doorway("Tirta")),
           "/wp-content/uploads/togel-akhir.html": h.html(p.doorway("Tirta Akhir"))})
    brotli = _with(
        _ordinary("Badan Pendapatan Daerah"),
        **{"/": h.brotli_page(p.page("Beranda", ownr("Badan Pendapatan Daerah"),
                                     p.TIME_SLOT + p.PAYLOAD))})
    return [
        _site("nesting", "dinsos", "Dinas Sosial", "1: 300 and 2,500 nested divs before an "
              "injection", nesting,
              Expect(found=("hidden_links",), found_at=("/", "/arsip/sangat-dalam"))),
        _site("backslash", "disdik", "Dinas Pendidikan", "2: Location and meta refresh to "
              "/\\evil", backslash, Expect(found=("redirect", "meta_refresh"),
                                          found_at=("/pengumuman", "/agenda"),
                                          never_requested=("%5C", "\\"))),
        _site("html-cap", "bappeda", "Badan Perencanaan Pembangunan Daerah", "3: payload "
              "after 5M characters of a gzipped page", big_text,
              Expect(complete=False, limits=("html_chars",))),
        _site("script-cap", "dpmptsp", "Dinas Penanaman Modal dan PTSP", "3: payload after "
              "200k characters of inline script", long_script,
              Expect(complete=False, limits=("script_chars",))),
        _site("sitemap-cap", "kominfo", "Bagian Protokol dan Komunikasi Pimpinan", "4: sitemap "
              "over 5 MiB, a doorway before and one past the cap", big_sitemap,
              Expect(limits=("sitemap_truncated",), found=("doorway_page",),
                     found_at=("/wp-content/uploads/slot-gacor-hari-ini.html",),
                     never_requested=("togel-akhir",))),
        _site("brotli", "bapenda", "Badan Pendapatan Daerah", "5: brotli homepage with an "
              "injection", brotli, Expect(found=("hidden_links",), found_at=("/",))),
    ]


def unseen(size: Size) -> list[HostileSite]:
    """Item 5 and 7: sites the scan cannot see; each must say why and never look clean."""
    owner = _owner("Inspektorat")
    too_large = {"/": h.html(p.page("Beranda", owner, p.filler(WIRE_CAP + 1024 * 1024)))}
    broken = {"/": h.encoded(b"\x1f\x8b\x08\x00bukan-gzip" * 50, "gzip")}
    not_seen = Expect(status="error", complete=False, limits=("nothing_analysed",))
    return [
        _site("too-large", "inspektorat", "Inspektorat", "5: homepage over max_body_bytes",
              too_large, replace(not_seen, error="too_large")),
        _site("undecodable", "bkpsdm", "Badan Kepegawaian dan Pengembangan SDM", "5: homepage "
              "with a broken gzip body", broken,
              replace(not_seen, error="decompression")),
        _site("timeout", "satpolpp", "Satuan Polisi Pamong Praja", "5: homepage that never "
              "answers", {"/": h.stalled(60.0)},
              Expect(status="unreachable", complete=False, error="timeout")),
        _site("metadata", "cloud", "Pusat Data Daerah", "7: a name resolving to "
              "169.254.169.254", {}, Expect(status="unreachable", complete=False,
                                            error="blocked_address"), dns="169.254.169.254"),
        _site("intranet", "simpeg", "Sistem Informasi Kepegawaian", "7: a name resolving to "
              "10.20.30.40", {}, Expect(status="unreachable", complete=False,
                                        error="blocked_address"), dns="10.20.30.40"),
    ]


def budgets(size: Size) -> list[HostileSite]:
    """Items 6-8 and 15: other ports of the own host, slow and CPU-costly servers, TLS, a
    site listed twice."""
    ports_host = f"pelabuhan.{DOMAIN}"
    owner = _owner("Kantor Unit Penyelenggara Pelabuhan")
    steering = (f'<a href="http://{ports_host}:6379/">Status</a> <a href="/ke-elastic">Cari</a>'
                f' <a href="http://{ports_host}:8500/v1/agent/self">Agen</a>')
    ports = _with(
        _ordinary("Kantor Unit Penyelenggara Pelabuhan", links=steering),
        **{"/ke-elastic": h.redirect(f"http://{ports_host}:9200/_cat/indices"),
           "/robots.txt": h.raw(f"Sitemap: http://{ports_host}/sitemap.xml\n".encode(),
                                "text/plain"),
           "/sitemap.xml": h.raw(p.sitemap([f"http://{ports_host}:5984/_all_dbs",
                                            f"http://{ports_host}/profil"]).encode(),
                                 "application/xml"),
           "/layanan": h.html(p.page("Layanan", owner, p.TIME_SLOT, head=(
               f'<link rel="stylesheet" href="http://{ports_host}:2375/containers/json">'
               f'<script src="http://{ports_host}:11211/stats.js"></script>')))})
    slow_pages = '<a href="/unduhan/1">Unduhan 1</a> <a href="/unduhan/2">Unduhan 2</a>'
    owner = _owner("Dinas Pekerjaan Umum")
    slow = _with(_ordinary("Dinas Pekerjaan Umum", links=slow_pages),
                 **{f"/unduhan/{i}": h.trickle(p.page(f"Unduhan {i}", owner, p.TIME_SLOT))
                    for i in (1, 2)})
    count = 8 if size is Size.QUICK else 60
    owner = _owner("Dinas Lingkungan Hidup")
    bomb_body = p.page("Dokumen", owner, p.filler(4_900_000))
    bomb_links = " ".join(f'<a href="/dokumen/{i}">Dokumen {i}</a>' for i in range(count))
    bomb = _with(_ordinary("Dinas Lingkungan Hidup", links=bomb_links),
                 **{f"/dokumen/{i}": h.gzipped(bomb_body.replace("Dokumen", f"Dokumen {i}", 1))
                    for i in range(count)})
    twice_host = f"dinkes.{DOMAIN}"
    return [
        _site("ports", "pelabuhan", "Kantor Unit Penyelenggara Pelabuhan", "7: links, a "
              "redirect, a sitemap, CSS and JS to other ports of the own host", ports,
              Expect(fetch_errors=("blocked_address",), no_limits=True, clean=True,
                     never_requested=(":6379", ":9200", ":8500", ":5984", ":2375", ":11211"))),
        _site("trickle", "dpu", "Dinas Pekerjaan Umum", "8: pages sent one byte per second",
              slow, Expect(complete=None, fetch_errors=("timeout",), clean=True,
                           budget=NEIGHBOUR_BUDGET + 4)),
        _site("gzip-bomb", "dlh", "Dinas Lingkungan Hidup", f"8: {count} gzip pages inflating "
              "to 4.9 MB each (CPU)", bomb, Expect(complete=None, clean=True)),
        _site("tls", "aman", "Dinas Kesehatan Hewan", "6: self-signed certificate, the "
              "insecure TLS fallback", _ordinary("Dinas Kesehatan Hewan"),
              Expect(tls_unverified=True, clean=True, no_limits=True), scheme="https",
              tls=True),
        _site("twice", "dinkes", "Dinas Kesehatan", "15: the same site listed twice (www. "
              "and bare)", _ordinary("Dinas Kesehatan"), Expect(clean=True, no_limits=True),
              listed=(f"http://www.{twice_host}/",)),
    ]


def build_sites(size: Size = Size.QUICK) -> list[HostileSite]:
    """Every site of the hostile world, neighbours first."""
    return [*neighbours(), *evasions(size), *unseen(size), *budgets(size)]
