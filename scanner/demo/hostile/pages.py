"""The pages of the hostile world: ordinary Indonesian government pages, traps and payloads.

Every page is what a regional office's site really looks like (news, services, schedules),
with the legitimate traps a naive keyword matcher falls into: news *about* judi online, "slot"
as a queue time slot, "Bandar" as in Bandar Udara and Bandar Lampung. The payloads are the
injections of issue 12, hidden behind the evasions the hostile sites add around them.
"""

from __future__ import annotations

GAMBLING_DOMAIN = "slot-gacor-maxwin.example"
"""Where every injected payload links to (never resolved: the address is only text)."""

PAYLOAD = (
    '<div style="display:none"><h2>SLOT GACOR HARI INI</h2><p>Daftar situs judi slot online '
    "gacor maxwin, bandar togel terpercaya, deposit pulsa tanpa potongan. Link alternatif "
    f'slot88 terbaru: <a href="https://{GAMBLING_DOMAIN}/daftar">slot gacor</a> '
    f'<a href="https://{GAMBLING_DOMAIN}/togel">togel online</a> '
    f'<a href="https://{GAMBLING_DOMAIN}/maxwin">slot maxwin</a></p></div>'
)
"""A hidden block of gambling links, as injected into hacked .go.id pages."""

SCRIPT_PAYLOAD = (
    "document.write('<div style=\"position:absolute;left:-9999px\">"
    f'<a href="https://{GAMBLING_DOMAIN}/">slot gacor maxwin</a> '
    f'<a href="https://{GAMBLING_DOMAIN}/togel">bandar togel online</a></div>\');'
)
"""The same injection written by an inline script."""

NEWS_ABOUT_GAMBLING = (
    "<article><h2>Kapolres Imbau Warga Waspadai Penipuan Judi Online</h2><p>Kepolisian Resor "
    "mengimbau masyarakat agar tidak tergiur iklan judi online dan slot yang beredar di media "
    "sosial. Warga yang menemukan situs judi online diminta melapor melalui aduan konten "
    "Kementerian Komunikasi dan Digital. Pemerintah daerah juga memblokir rekening yang "
    "terkait perjudian daring.</p></article>"
)
TIME_SLOT = (
    "<section><h2>Jadwal Pelayanan</h2><p>Pendaftaran antrean daring dibuka setiap hari kerja. "
    "Pilih slot waktu kunjungan: 08.00-10.00, 10.00-12.00 atau 13.00-15.00 WIB. Setiap slot "
    "melayani 40 pemohon; slot yang penuh ditandai merah.</p></section>"
)
BANDAR = (
    "<section><h2>Transportasi</h2><p>Bus DAMRI melayani rute Bandar Udara Radin Inten II - "
    "Terminal Rajabasa - Pelabuhan Bakauheni. Kantor perwakilan di Bandar Lampung buka "
    "pukul 08.00 WIB. Bandar Udara Internasional Juanda dapat dicapai dalam dua jam.</p>"
    "</section>"
)

_NAV = (
    '<nav><a href="/">Beranda</a> <a href="/profil">Profil</a> <a href="/berita">Berita</a> '
    '<a href="/layanan">Layanan Publik</a> <a href="/kontak">Kontak</a>{links}</nav>'
)


def page(title: str, owner: str, body: str = "", links: str = "", head: str = "") -> str:
    """One ordinary page of ``owner``'s site, with ``body`` inside its main column."""
    return (
        '<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8">'
        f"<title>{title} - {owner}</title>{head}</head>\n<body><header><h1>{owner}</h1>"
        f"{_NAV.format(links=links)}</header>\n<main><p>Selamat datang di portal resmi {owner}. "
        "Informasi layanan publik, pengumuman dan berita kegiatan tersedia di laman ini.</p>\n"
        f"{body}\n</main><footer>&copy; 2026 {owner}. Hak cipta dilindungi undang-undang."
        "</footer></body></html>"
    )


def nested(depth: int, inner: str) -> str:
    """``inner`` under ``depth`` nested ``<div>`` elements (libxml2 used to stop at 256)."""
    return '<div class="wrap">' * depth + inner + "</div>" * depth


def filler(chars: int) -> str:
    """Ordinary report paragraphs, at least ``chars`` characters of them."""
    line = "<p>Laporan realisasi anggaran pendapatan dan belanja daerah triwulan III.</p>\n"
    return line * (chars // len(line) + 1)


def long_script(chars: int) -> str:
    """An inline script of at least ``chars`` characters of harmless data, then the payload."""
    data = "var dataStatistik = [" + "12," * (chars // 3 + 1) + "0];\n"
    return f"<script>{data}{SCRIPT_PAYLOAD}</script>"


def sitemap(urls: list[str]) -> str:
    """A sitemap ``urlset`` listing ``urls``."""
    locs = "".join(f"<url><loc>{u}</loc><changefreq>monthly</changefreq></url>\n" for u in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{locs}</urlset>\n'
    )


def doorway(region: str) -> str:
    """A gambling doorway page planted under a site's folders, named only by the sitemap."""
    return (
        '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
        f"<title>SLOT GACOR {region.upper()} - Situs Judi Slot Online Terpercaya</title></head>"
        "<body><h1>Slot Gacor Hari Ini Gampang Maxwin</h1><p>Situs judi slot online terpercaya "
        "dengan RTP live tertinggi, bandar togel resmi, deposit pulsa tanpa potongan. Daftar "
        f'sekarang dan klaim bonus new member 100%.</p><a href="https://{GAMBLING_DOMAIN}/">'
        "DAFTAR SLOT GACOR</a> <a href=\"https://" + GAMBLING_DOMAIN + '/login">LOGIN</a>'
        "</body></html>"
    )
