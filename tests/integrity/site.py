"""A small fictitious .go.id site whose pages change the way real ones do between two nights.

``SiteState`` says what the site looks like tonight: the day (date, visitor counter, CSRF
token, banner order), the news list, and optional compromises or a redesign. ``render`` writes
the HTML of one path for that state. The two-scan tests serve it over loopback; the unit tests
and measurements render it directly. Everything here is invented (Diskominfo of a fictitious
"Kota Tanjung Sari"); the traps are real-world phrasings: news ABOUT judi online, "slot" as a
time slot, "Bandar Lampung" as a place.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

HOST = "diskominfo.tanjungsari.go.id"

_DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_BANNERS = (
    ("LAPOR!", "https://www.lapor.go.id/"), ("JDIH", "https://jdihn.go.id/"),
    ("SP4N", "https://www.menpan.go.id/"), ("Satu Data", "https://data.go.id/"),
)
NEWS = [
    ("Wali Kota Resmikan Mal Pelayanan Publik di Kecamatan Sukamaju",
     "Mal Pelayanan Publik menghadirkan 42 jenis layanan perizinan dan kependudukan dalam satu "
     "gedung sehingga warga tidak perlu lagi berpindah kantor."),
    ("Diskominfo Gelar Literasi Digital untuk Pelajar SMA",
     "Sebanyak 300 pelajar mengikuti pelatihan literasi digital tentang bahaya hoaks, penipuan "
     "daring dan judi online yang marak di media sosial."),
    ("Satgas Tutup 120 Situs Judi Online yang Catut Nama Pemerintah Daerah",
     "Pemerintah kota bersama kepolisian menindak situs judi online yang memasang iklan pada "
     "laman instansi; warga diminta melapor bila menemukan tautan mencurigakan."),
    ("Jadwal Vaksinasi Lansia: Pilih Slot Waktu Pagi atau Siang",
     "Warga lanjut usia dapat memilih slot waktu pukul 08.00-10.00 atau 13.00-15.00 di "
     "puskesmas terdekat dengan membawa KTP dan kartu keluarga."),
    ("Kunjungan Kerja ke Bandar Lampung Bahas Kota Cerdas",
     "Tim Diskominfo mempelajari penerapan kota cerdas di Bandar Lampung, termasuk pusat "
     "komando dan layanan aduan warga terpadu."),
    ("Pemkot Salurkan Bantuan Sosial Tahap Ketiga",
     "Bantuan sosial tahap ketiga disalurkan kepada 8.500 keluarga penerima manfaat melalui "
     "kantor pos di setiap kelurahan."),
    ("Pelatihan Keamanan Siber bagi Pengelola Website OPD",
     "Pengelola laman perangkat daerah dilatih memperbarui CMS, mengganti kata sandi dan "
     "memantau perubahan halaman secara berkala."),
]
EXTRA_NEWS = (
    "Festival Budaya Tanjung Sari Kembali Digelar Bulan Depan",
    "Panitia menyiapkan 60 stan UMKM, pentas seni tradisional dan lomba perahu hias di tepi "
    "sungai selama tiga hari berturut-turut.",
)
WELCOME = (
    "Selamat Datang di Portal Resmi Dinas Komunikasi dan Informatika Kota Tanjung Sari",
    "Dinas Komunikasi dan Informatika melaksanakan urusan pemerintahan di bidang komunikasi, "
    "informatika, statistik dan persandian. Kami berkomitmen menyediakan informasi publik yang "
    "akurat, cepat dan terbuka bagi seluruh warga.",
    "Melalui portal ini masyarakat dapat mengakses berita kegiatan, pengumuman, dokumen "
    "perencanaan, layanan pengaduan serta data statistik sektoral Kota Tanjung Sari.",
)
PROTEST = (
    "Pejabat Sibuk Pencitraan, Rakyat Dilupakan",
    "Halaman ini kami ambil alih sebagai peringatan. Jalan rusak tidak pernah diperbaiki, "
    "bantuan tidak sampai ke warga yang membutuhkan.",
    "Dengarkan suara rakyat sebelum terlambat. Kami akan kembali.",
)
STATIC = {
    "/profil": ("Profil Dinas", "Dinas Komunikasi dan Informatika dibentuk berdasarkan Peraturan "
                "Daerah Nomor 8 Tahun 2016 tentang Pembentukan dan Susunan Perangkat Daerah. "
                "Kantor kami berada di kompleks perkantoran pemerintah kota."),
    "/layanan": ("Layanan Publik", "Layanan kami meliputi pengelolaan nama domain subdomain "
                 "pemerintah, jaringan intra pemerintah, layanan aduan warga dan penerbitan "
                 "sertifikat elektronik bagi aparatur."),
    "/kontak": ("Kontak Kami", "Jalan Merdeka Nomor 12, Kota Tanjung Sari. Telepon (0721) "
                "555-0134. Surel diskominfo@tanjungsari.go.id. Jam layanan Senin sampai Jumat."),
}
MENU = (("/", "Beranda"), ("/profil", "Profil"), ("/layanan", "Layanan"), ("/berita", "Berita"),
        ("/kontak", "Kontak"))


@dataclass
class SiteState:
    """What the site serves tonight (mutable: a test changes it between the two scans)."""

    day: int = 0
    news: list[tuple[str, str]] = field(default_factory=lambda: list(NEWS))
    headline: tuple[str, ...] = WELCOME
    redesign: bool = False
    extra_script: str = ""
    verification: str = ""
    homepage_override: str = ""
    news_on_home: int = 6
    prefix: str = ""
    """Every page moved under this folder (``/id``); the old URLs answer 301 to the new ones."""
    featured: int | None = None
    """Index of the news item featured (headline and lead) at the top of the homepage."""
    featured_text: tuple[str, str] | None = None
    """What the featured block shows instead, when it is no article of the site."""
    section: tuple[tuple[str, str], ...] = ()
    """A new menu section "Pengumuman" with these (title, text) pages under /pengumuman/."""
    planted: int = 0
    """Pages an attacker planted under /wp-content/uploads/promo/ (linked from nowhere)."""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def slug(title: str) -> str:
    """URL slug of a news title."""
    return "-".join("".join(c for c in w.lower() if c.isalnum()) for w in title.split())[:60]


def _chrome(state: SiteState, title: str, main: str, head_extra: str = "") -> str:
    d = state.day
    date = f"{_DAYS[(5 + d) % 7]}, {21 + d % 7} November 2026"
    token = f"{(0x5F3A9C17E2 * (d + 7)) & 0xFFFFFFFFFFFFFFFF:016x}Q{d}zX"
    order = _BANNERS[d % 4 :] + _BANNERS[: d % 4]
    banners = "".join(f'<a href="{u}"><img src="/img/{_e(n)}.png" alt="{_e(n)}"></a>'
                      for n, u in order)  # fmt: skip
    items = [*MENU, *((("/pengumuman", "Pengumuman"),) if state.section else ())]
    menu = "".join(f'<li><a href="{state.prefix}{p}">{n}</a></li>' for p, n in items)
    script = (f'<script src="https://{state.extra_script}/s.js"></script>'
              if state.extra_script else "")  # fmt: skip
    verify = (f'<meta name="google-site-verification" content="{_e(state.verification)}">'
              if state.verification else "")  # fmt: skip
    counter = (f'<div class="widget statistik"><h3>Statistik Pengunjung</h3><table>'
               f"<tr><td>Hari ini</td><td>{137 + 53 * d}</td></tr>"
               f"<tr><td>Total</td><td>{98231 + 411 * d}</td></tr></table>"
               f"<p>Pengunjung online: {3 + d}</p></div>")
    if state.redesign:
        return (f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{_e(title)} - '
                f"Diskominfo Tanjung Sari</title>{verify}"
                '<link rel="stylesheet" href="/assets/v2/app.css"></head><body>'
                f'<div class="topbar"><span>{date}</span></div>'
                f'<div class="container"><div class="row"><div class="col-3"><ul class="menu-v2">'
                f"{menu}</ul>{counter}</div>"
                f'<div class="col-9"><section class="content-v2">{main}</section></div></div>'
                f'<div class="row"><div class="col-12"><p>Portal baru Diskominfo Tanjung Sari '
                f"&copy; 2026. Hak cipta dilindungi.</p></div></div></div>{script}"
                '<script src="/assets/v2/app.js"></script></body></html>')
    return (f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{_e(title)} | '
            f"Diskominfo Kota Tanjung Sari</title>{verify}"
            '<meta name="description" content="Portal resmi Diskominfo Kota Tanjung Sari">'
            '<link rel="stylesheet" href="/css/style.css">'
            '<script src="/js/jquery.min.js"></script></head><body>'
            f'<header><div class="tanggal">{date}</div><h2>Pemerintah Kota Tanjung Sari</h2>'
            f'<nav id="menu-utama"><ul>{menu}</ul></nav></header>'
            f'<main id="konten">{main}</main>'
            f'<aside id="sidebar">{counter}<div class="widget banner">{banners}</div>'
            f'<form action="/cari" method="post"><input type="hidden" name="_token" '
            f'value="{token}"><input name="q"><button>Cari</button></form></aside>'
            "<footer><p>Dinas Komunikasi dan Informatika Kota Tanjung Sari</p>"
            "<p>Jalan Merdeka Nomor 12, Kota Tanjung Sari</p>"
            '<p><a href="https://www.instagram.com/diskominfo.tanjungsari">Instagram</a></p>'
            f"</footer>{script}</body></html>")


def _news_item(state: SiteState, i: int, title: str, summary: str) -> str:
    views = 120 + 37 * (state.day + i)
    return (f'<article class="berita"><h3><a href="{state.prefix}/berita/{slug(title)}">'
            f"{_e(title)}</a></h3>"
            f'<p class="meta">{i + 1 + state.day} jam yang lalu &middot; dilihat {views} kali</p>'
            f"<p>{_e(summary)}</p></article>")


def homepage(state: SiteState) -> str:
    """The homepage: welcome headline, latest news, widgets."""
    if state.homepage_override:
        return state.homepage_override
    head, *paras = state.headline
    first = 0 if state.featured is None else state.featured + 1  # featured: not listed again
    items = "".join(_news_item(state, i, t, s) for i, (t, s) in
                    enumerate(state.news[first : first + state.news_on_home]))  # fmt: skip
    paragraphs = "".join(f"<p>{_e(p)}</p>" for p in paras)
    top = ""
    if state.featured is not None:
        title, summary = state.featured_text or state.news[state.featured]
        top = (f'<section class="berita-utama"><h1>{_e(title)}</h1><p>{_e(summary)}</p>'
               "</section>")
    planted = "".join(f'<a href="/wp-content/uploads/promo/info-{n}.html">info {n}</a>'
                      for n in range(state.planted))  # fmt: skip
    hidden = f'<div style="display:none">{planted}</div>' if planted else ""
    main = (f'{top}<section class="sambutan"><h1>{_e(head)}</h1>{paragraphs}</section>'
            f'<section class="berita-terbaru"><h2>Berita Terbaru</h2>{items}</section>{hidden}')
    return _chrome(state, "Beranda", main)


def redirect(state: SiteState, path: str) -> str | None:
    """Where an old URL now points (a restructuring's 301), or None."""
    if not state.prefix or path.startswith(state.prefix + "/") or path == state.prefix:
        return None
    return state.prefix + path if _render(state, path) is not None else None


def render(state: SiteState, path: str) -> str | None:
    """HTML of ``path`` tonight, or None for a page the site does not have."""
    if state.prefix:
        if not (path.startswith(state.prefix + "/") or path == state.prefix):
            return None
        path = path[len(state.prefix) :] or "/"
    return _render(state, path)


def _render(state: SiteState, path: str) -> str | None:
    if path == "/":
        return homepage(state)
    if path in STATIC:
        title, text = STATIC[path]
        if state.redesign:
            text = f"{text} Informasi ini diperbarui pada portal versi baru."
        return _chrome(state, title, f"<h1>{_e(title)}</h1><p>{_e(text)}</p>")
    if path == "/berita":
        items = "".join(_news_item(state, i, t, s) for i, (t, s) in enumerate(state.news))
        return _chrome(state, "Berita", f"<h1>Berita</h1>{items}")
    for title, summary in state.news:
        if path == f"/berita/{slug(title)}":
            body = f"<h1>{_e(title)}</h1><p>{_e(summary)}</p>" + f"<p>{_e(summary)}</p>" * 3
            return _chrome(state, title, f"<article>{body}</article>")
    if state.section and path == "/pengumuman":
        links = "".join(f'<li><a href="{state.prefix}/pengumuman/{slug(t)}">{_e(t)}</a></li>'
                        for t, _ in state.section)  # fmt: skip
        return _chrome(state, "Pengumuman", f"<h1>Pengumuman</h1><ul>{links}</ul>")
    for title, text in state.section:
        if path == f"/pengumuman/{slug(title)}":
            body = f"<h1>{_e(title)}</h1><p>{_e(text)}</p>"
            return _chrome(state, title, f"<article>{body}</article>")
    if path.startswith("/wp-content/uploads/promo/") and state.planted:
        n = path.rsplit("-", 1)[-1].removesuffix(".html")
        if n.isdigit() and int(n) < state.planted:
            return (f"<html><head><title>Informasi {n}</title></head><body><p>Halaman informasi "
                    f"nomor {n} tentang layanan terbaru, kunjungi kami setiap hari.</p>"
                    "</body></html>")
    return None


def paths(state: SiteState) -> list[str]:
    """Every path of the site tonight (homepage and menu pages first)."""
    return ["/", *STATIC, "/berita", *(f"/berita/{slug(t)}" for t, _ in state.news)]
