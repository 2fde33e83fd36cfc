"""``python -m bench.wordpress [WORKDIR]``: scan a real WordPress with traps and infections.

Two installs of Debian's WordPress on loopback (see ``server.py``), with content written here:

* ``diskominfo.kabcontoh.go.id`` is clean but full of traps: a police press release titled
  "...Ungkap Jaringan Promosi Situs Slot Gacor" with comments open (WordPress's hidden
  "cancel reply" link carries its slug), news about the Satgas, a research abstract naming
  betting brands, "slot" as a time slot, Bandar Lampung, pagination, feeds, wp-json, ``?p=``.
* ``bappeda.kabcontoh.go.id`` is infected the way the issue's real case was, each technique
  by a must-use plugin: a hidden footer link block on every page, a Googlebot-only doorway on
  the homepage, a 302 to a gambling site for visitors from Google on one post, and a link list
  printed after ``</html>``.

The score: every planted technique must be an incident of the infected site, and the clean site
must have no incident at all. Prints what was found, what was missed and any false alarm.
"""

from __future__ import annotations

import asyncio
import dataclasses
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.wordpress.server import PACKAGES, Post, SetupError, WordPressSite, serve
from scanner.config import load_settings
from scanner.models import ScanResult, Site, Technique
from scanner.pipeline import scan_sites

CLEAN = "diskominfo.kabcontoh.go.id"
INFECTED = "bappeda.kabcontoh.go.id"
GAMBLING = "gacormaxwin88.com"
REFERER_TARGET = "https://olxtoto88.org/?ref=bappeda"
CLOAKED_POST = "musrenbang-rkpd-2025-kabupaten-contoh"

_FILLER = (
    "Kegiatan dihadiri perwakilan perangkat daerah, camat dan tokoh masyarakat. Pemerintah "
    "Kabupaten Contoh berkomitmen meningkatkan kualitas pelayanan publik yang cepat, mudah dan "
    "transparan bagi seluruh warga."
)


def _p(*paras: str) -> str:
    return "".join(f"<!-- wp:paragraph --><p>{p}</p><!-- /wp:paragraph -->" for p in paras)


def _news(i: int) -> Post:
    topics = ("Rapat Koordinasi Penurunan Stunting", "Pelatihan Literasi Digital bagi ASN",
              "Penyaluran Bantuan Sosial Tahap III", "Peresmian Mal Pelayanan Publik",
              "Sosialisasi Keterbukaan Informasi Publik", "Festival Budaya Kabupaten Contoh")
    title = f"{topics[i % len(topics)]} Tahun 2024"
    return Post(title, _p(f"{title} berlangsung di aula kantor bupati.", _FILLER, _FILLER),
                f"berita-{i}-{topics[i % len(topics)].lower().replace(' ', '-')}",
                date=f"2024-0{1 + i % 6}-1{i % 9} 08:00:00",
                comments=(("Warga Sukamaju", "Terima kasih informasinya, min."),))  # fmt: skip


def clean_site() -> WordPressSite:
    """The trap site: every page is legitimate."""
    posts = [
        Post("Polres Kabupaten Contoh Ungkap Jaringan Promosi Situs Slot Gacor",
             _p("Satreskrim Polres Kabupaten Contoh mengungkap jaringan promosi situs judi "
                "online yang memasang iklan slot gacor dan bonus new member di media sosial.",
                "Tiga tersangka ditangkap. Kapolres menjelaskan para tersangka dibayar Rp 3 juta "
                "per bulan; barang bukti lima ponsel diamankan dan tersangka dijerat UU ITE.",
                "Masyarakat diimbau melaporkan konten judi online melalui aduankonten.id."),
             "polres-ungkap-jaringan-promosi-situs-slot-gacor", "2024-07-12 10:00:00",
             comments=(("Budi", "Mantap pak polisi, berantas terus judol!"),)),
        Post("Satgas Pemberantasan Judi Online Kabupaten Contoh Gelar Rapat Koordinasi",
             _p("Satgas Pemberantasan Judi Online menggelar rapat koordinasi bersama Kominfo "
                "dan Polres. Sepanjang 2024 sebanyak 1.204 situs slot dan togel diblokir.",
                "Bahaya judi online bagi keluarga menjadi fokus sosialisasi di sekolah."),
             "satgas-judi-online-rapat-koordinasi", "2024-06-03 09:00:00"),
        Post("Kajian Balitbangda: Pengaruh Iklan Slot Gacor terhadap Perilaku Remaja",
             _p("Penelitian ini bertujuan untuk menganalisis pengaruh iklan situs slot gacor "
                "seperti Slot88, Olxtoto dan Gacor77 yang menawarkan bonus new member 100 dan "
                "deposit pulsa tanpa potongan terhadap perilaku berjudi remaja.",
                "Metode penelitian kuantitatif dengan kuesioner kepada 400 responden. Hasil "
                "penelitian menunjukkan paparan iklan RTP live berpengaruh signifikan; kajian ini "
                "juga membahas dampak negatif bagi keuangan keluarga."),
             "kajian-pengaruh-iklan-slot-gacor-remaja", "2024-05-20 09:00:00"),
        Post("Jadwal Vaksinasi Lansia: Pilih Slot Waktu Pagi atau Siang",
             _p("Warga lanjut usia dapat memilih slot waktu pukul 08.00-10.00 atau 13.00-15.00 "
                "di puskesmas terdekat. Kuota slot antrean terbatas setiap hari.", _FILLER),
             "jadwal-vaksinasi-lansia-slot-waktu", "2024-04-02 09:00:00"),
        Post("Studi Banding Kota Cerdas ke Bandar Lampung",
             _p("Tim Diskominfo mempelajari pusat komando kota cerdas di Bandar Lampung dan "
                "layanan Bandar Udara Radin Inten II.", _FILLER),
             "studi-banding-kota-cerdas-bandar-lampung", "2024-03-14 09:00:00"),
        *(_news(i) for i in range(7)),
        Post("Profil", _p("Dinas Komunikasi dan Informatika Kabupaten Contoh.", _FILLER),
             "profil", kind="page"),
        Post("Kontak", _p("Jalan Merdeka No. 1, Kabupaten Contoh. Telepon (0721) 555-0101."),
             "kontak", kind="page"),
    ]  # fmt: skip
    return WordPressSite(CLEAN, "Diskominfo Kabupaten Contoh", tuple(posts))


_FOOTER = (
    '<div style="position:absolute;left:-9999px;top:-9999px">'
    f'<a href="https://{GAMBLING}/">slot gacor hari ini</a> '
    f'<a href="https://{GAMBLING}/daftar">situs slot gacor maxwin</a> '
    '<a href="https://olxtoto88.org/">toto togel terpercaya</a></div>'
)
_DOORWAY = (
    "<!DOCTYPE html><html><head><title>SLOT GACOR 88 - Situs Slot Gacor Hari Ini Gampang "
    "Maxwin</title></head><body><h1>Situs Slot Gacor Hari Ini</h1><p>Daftar slot gacor dengan "
    "bonus new member 100, RTP live tertinggi dan deposit pulsa tanpa potongan.</p>"
    '<a href="https://slotgacor-vip88.net/daftar">DAFTAR SEKARANG</a></body></html>'
)
_AFTER = (
    '<p><a href="https://dinsos.kabtetangga.go.id/wp-content/uploads/slot-gacor/">slot gacor</a>'
    ' | <a href="https://lppm.univ-tetangga.ac.id/slot-pulsa/">slot pulsa</a>'
    f' | <a href="https://{GAMBLING}/5000">slot 5000</a></p>'
)


def _php(text: str) -> str:
    """A PHP single-quoted string literal of ``text``."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


INFECTION = f"""<?php
/* Plugin Name: Cache Helper */
add_action('wp_footer', function () {{ echo {_php(_FOOTER)}; }});
add_action('template_redirect', function () {{
    $ua = isset($_SERVER['HTTP_USER_AGENT']) ? $_SERVER['HTTP_USER_AGENT'] : '';
    $ref = isset($_SERVER['HTTP_REFERER']) ? $_SERVER['HTTP_REFERER'] : '';
    if (stripos($ua, 'googlebot') !== false && (is_front_page() || is_home())) {{
        header('Content-Type: text/html; charset=UTF-8');
        echo {_php(_DOORWAY)};
        exit;
    }}
    if (is_single('{CLOAKED_POST}') && preg_match('/google\\./i', $ref)) {{
        wp_redirect('{REFERER_TARGET}', 302);
        exit;
    }}
}}, 1);
add_action('shutdown', function () {{
    foreach (headers_list() as $h) {{
        if (stripos($h, 'content-type: text/html') === 0 && !is_feed() && !is_admin()) {{
            echo {_php(chr(10) + _AFTER + chr(10))};
            return;
        }}
    }}
}}, 0);
"""


def infected_site() -> WordPressSite:
    """The infected site: ordinary content, four techniques planted by a must-use plugin."""
    posts = [
        Post("Musrenbang RKPD 2025 Kabupaten Contoh", _p("Musyawarah perencanaan pembangunan "
             "menetapkan 412 usulan prioritas.", _FILLER), CLOAKED_POST, "2024-02-10 09:00:00"),
        *(_news(i) for i in range(6)),
        Post("Profil", _p("Badan Perencanaan Pembangunan Daerah Kabupaten Contoh.", _FILLER),
             "profil", kind="page"),
    ]  # fmt: skip
    return WordPressSite(INFECTED, "Bappeda Kabupaten Contoh", tuple(posts),
                         {"cache-helper.php": INFECTION})  # fmt: skip


EXPECTED = {
    INFECTED: {Technique.HIDDEN_LINKS, Technique.CLOAKING_UA, Technique.CLOAKING_REFERER,
               Technique.VISIBLE_CONTENT},
    CLEAN: set(),
}  # fmt: skip
"""Techniques each site must show as incidents (the clean site: none at all)."""


async def _scan(overrides: tuple[tuple[str, str], ...]) -> ScanResult:
    base = load_settings(env={})
    crawl = dataclasses.replace(base.crawl, host_overrides=overrides, trust_env=False,
                                retries=0, max_pages=200)  # fmt: skip
    sites = [Site(url=f"http://{h}/") for h in (CLEAN, INFECTED)]
    return await scan_sites(sites, dataclasses.replace(base, crawl=crawl))


def score(result: ScanResult) -> tuple[list[str], list[str]]:
    """(misses, false alarms) of a scan of the two sites against ``EXPECTED``."""
    misses: list[str] = []
    alarms: list[str] = []
    for site in result.sites:
        host = site.site.host
        found = {i.technique for i in site.incidents}
        for tech in sorted(EXPECTED.get(host, set()) - found):
            misses.append(f"{host}: {tech.value} not reported")
        if not EXPECTED.get(host):
            alarms += [f"{host}: {i.technique.value} {i.severity.value} {i.summary}"
                       for i in site.incidents]  # fmt: skip
    return misses, alarms


def main(argv: list[str] | None = None) -> int:
    """Set up, scan, print the score; exit 1 when a technique is missed or a trap flagged."""
    args = sys.argv[1:] if argv is None else argv
    temporary = not args
    workdir = Path(args[0]) if args else Path(tempfile.mkdtemp(prefix="scanner-wp-"))
    started = time.perf_counter()
    try:
        with serve((clean_site(), infected_site()), workdir) as served:
            ready = time.perf_counter()
            result = asyncio.run(_scan(served.overrides))
    except SetupError as exc:
        print(f"wordpress target: {exc} (apt-get install {' '.join(PACKAGES)})", file=sys.stderr)
        return 2
    finally:
        if temporary:  # two WordPress copies and a database: ~200 MB
            shutil.rmtree(workdir, ignore_errors=True)
    for site in result.sites:
        print(f"{site.site.host}: {site.status}, {len(site.pages)} pages, "
              f"{len(site.incidents)} incident(s)")  # fmt: skip
        for inc in site.incidents:
            print(f"  {inc.severity.value:<8} {inc.technique.value:<18} {len(inc.urls)} url(s) "
                  f"{inc.summary[:110]}")  # fmt: skip
    misses, alarms = score(result)
    for line in misses:
        print("MISS", line)
    for line in alarms:
        print("FALSE ALARM", line)
    print(f"wordpress: {len(misses)} missed technique(s), {len(alarms)} false alarm(s); set up "
          f"in {ready - started:.0f}s, scanned in {time.perf_counter() - ready:.0f}s")
    return 1 if misses or alarms else 0


if __name__ == "__main__":
    raise SystemExit(main())
