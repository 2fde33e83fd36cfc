"""Disguised landings and word-free defacements: a page whose only gambling sign is its
DAFTAR/LOGIN buttons to a free object-storage host, and an ASCII-art defacement without a single
defacement word. Traps: real sign-up buttons to a campus app or a form, figlet banners, code."""

from __future__ import annotations

import pytest

from scanner.judge import page_verdict
from scanner.models import Category, Technique, Verdict

from .pages_support import Runner, run_fixture, sigs_fixture  # noqa: F401 (fixtures)

URL = "https://ppid.kabsukamaju.go.id/store/p/program-bersama"


def shop_page(buttons: str, head: str = "", blurb: str = "") -> str:
    return f"""<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>Program Bersama Rakyat</title>{head}</head><body>
<header><a href="/">Beranda</a> <a href="/about">Tentang</a> <a href="/journal">Jurnal</a>
<a href="/contact">Kontak</a> <a href="/cart">Keranjang</a></header>
<section class="ProductItem-details"><h1>⚡️ MARI MEMBANGUN NEGERI BERSAMA KAMI</h1>
<div class="price">IDR 0.00</div><div class="SLOT1131">{buttons}</div>
<div class="excerpt">{blurb or "Bergabunglah bersama ribuan anggota lain, mulai dari modal receh."}
</div></section><footer>© 2024</footer></body></html>"""


R2 = "https://pub-7ac1e0d2b5f94e6fa1c3.r2.dev/landing.html"


@pytest.mark.parametrize(
    ("buttons", "head"),
    [
        (f'<a class="register" href="{R2}">DAFTAR</a><a class="login" href="{R2}">LOGIN</a>', ""),
        (
            '<a href="https://vip-play.pages.dev/">LOGIN</a>',
            '<link rel="amphtml" href="https://vip-play.pages.dev/amp/">',
        ),
        (
            '<a href="https://storage.googleapis.com/amp-x9/index.html">Daftar Sekarang</a>'
            '<a href="https://storage.googleapis.com/amp-x9/index.html#login">Login</a>',
            "",
        ),
    ],
)
def test_signup_buttons_to_a_free_static_host(run: Runner, buttons: str, head: str) -> None:
    findings = run(shop_page(buttons, head), URL)
    assert page_verdict(URL, findings).verdict is Verdict.INFECTED, [f.summary for f in findings]
    (f,) = findings
    assert f.category is Category.GAMBLING
    assert "free static host" in f.evidence[-1].detail


@pytest.mark.parametrize(
    "buttons",
    [
        # a campus admission app: separate login and sign-up pages, no gambling vocabulary
        '<a href="https://pmb-unsukamaju.vercel.app/login">Login</a>'
        '<a href="https://pmb-unsukamaju.vercel.app/register">Daftar</a>',
        # one registration button to an event page on a static host
        '<a href="https://festival-budaya-sukamaju.netlify.app/">Daftar</a>',
        # the usual registration form
        '<a href="https://docs.google.com/forms/d/e/1FAIpQLSf/viewform">DAFTAR</a>'
        '<a href="https://docs.google.com/forms/d/e/1FAIpQLSf/viewform">LOGIN</a>',
    ],
)
def test_real_signup_buttons_stay_clean(run: Runner, buttons: str) -> None:
    html = shop_page(buttons, blurb="Pendaftaran pelatihan UMKM gratis bagi warga.")
    findings = run(html, URL)
    assert page_verdict(URL, findings).verdict is Verdict.CLEAN, [f.summary for f in findings]


SKULL = r"""
          _,.-------.,_
      ,;~'             '~;,
    ,;                     ;,
   ;                         ;
  ,'                         ',
 ,;                           ;,
 ; ;      .           .      ; ;
 | ;   ______       ______   ; |
 |  `/~"     ~" . "~     "~\'  |
 |  ~  ,-~~~^~, | ,~^~~~-,  ~  |
  |   |        }:{        |   |
  |   l       / | \       !   |
  .~  (__,.--" .^. "--.,__)  ~.
  |     ---;' / | \ `;---     |
   \__.       \/^\/       .__/
    V| \                 / |V
     | |T~\___!___!___/~T| |
     | |`IIII_I_I_I_IIII'| |
     |  \,III I I I III,/  |
      \   `~~~~~~~~~~'    /
        \   .       .   /
          \.    ^    ./
            ^~~~^~~~^
"""
BANNER = r"""
 /$$$$$$$  /$$$$$$$$ /$$$$$$  /$$$$$$$$ /$$$$$$$$ /$$   /$$ /$$$$$$$
| $$__  $$| $$_____//$$__  $$| $$_____/| $$_____/| $$$ | $$| $$__  $$
| $$  \ $$| $$     | $$  \ $$| $$      | $$      | $$$$| $$| $$  \ $$
| $$  | $$| $$$$$  | $$$$$$$$| $$$$$   | $$$$$   | $$ $$ $$| $$  | $$
| $$  | $$| $$__/  | $$__  $$| $$__/   | $$__/   | $$  $$$$| $$  | $$
| $$  | $$| $$     | $$  | $$| $$      | $$      | $$\  $$$| $$  | $$
| $$$$$$$/| $$     | $$  | $$| $$$$$$$$| $$$$$$$$| $$ \  $$| $$$$$$$/
|_______/ |__/     |__/  |__/|________/|________/|__/  \__/|_______/
"""


def test_word_free_ascii_art_defacement(run: Runner) -> None:
    html = f"""<html oncontextmenu="return false" onkeydown="return false"><head></head>
<body bgcolor="black" text="lime"><pre>{SKULL}</pre><pre>{BANNER}</pre>
<marquee>~ ~ ~ ~ ~ ~ ~ ~ ~ ~</marquee><audio autoplay src="x.mp3"></audio></body></html>"""
    url = "https://dpmptsp.kabsukamaju.go.id/"
    findings = run(html, url, is_homepage=True)
    assert page_verdict(url, findings).verdict is Verdict.DEFACED
    assert findings[0].technique is Technique.DEFACEMENT_PAGE
    assert "ASCII-art banner" in findings[0].evidence[-1].detail


def test_figlet_maintenance_page_is_clean(run: Runner) -> None:
    html = f"""<html><head><title>Sedang Pemeliharaan</title></head><body><pre>{BANNER}</pre>
<p>Situs Dinas Penanaman Modal sedang dalam pemeliharaan. Silakan kembali beberapa saat lagi.</p>
</body></html>"""
    url = "https://dpmptsp.kabsukamaju.go.id/"
    assert page_verdict(url, run(html, url, is_homepage=True)).verdict is Verdict.CLEAN


def test_code_listing_on_a_documentation_page_is_clean(run: Runner) -> None:
    code = "\n".join(["$ ./run.sh --port=8080 | tee -a /var/log/app.log && echo ok ;"] * 40)
    nav = "".join(f'<a href="/docs/{i}">Bab {i}</a> ' for i in range(8))
    html = f"""<html oncontextmenu="return false" onkeydown="return false"><head>
<title>Panduan API Satu Data</title></head><body><nav>{nav}</nav><pre>{code} {SKULL}</pre>
<marquee>Pengumuman: layanan API diperbarui</marquee></body></html>"""
    url = "https://satudata.kabsukamaju.go.id/docs/api"
    assert page_verdict(url, run(html, url)).verdict is Verdict.CLEAN


def test_planted_folder_index_of_doorway_slugs(run: Runner) -> None:
    # The index an attacker leaves beside the doorways: file names only, one of them neutral.
    html = """<html><head><title>Cuan365</title></head><body><ul>
<li><a href="/data/akun-pro-19.htm">akun-pro-19.htm</a></li>
<li><a href="/data/jackpot-terbesar-40.htm">jackpot-terbesar-40.htm</a></li>
<li><a href="/data/link-alternatif-64.htm">link-alternatif-64.htm</a></li></ul></body></html>"""
    url = "https://dpmptsp.kabsukamaju.go.id/data/index.html"
    findings = run(html, url)
    assert page_verdict(url, findings).verdict is Verdict.INFECTED, [f.summary for f in findings]


def test_short_download_page_with_a_slot_schedule_is_clean(run: Runner) -> None:
    html = """<html><head><title>Unduhan</title></head><body><nav><a href="/">Beranda</a></nav>
<ul><li><a href="/files/jadwal-slot-vaksinasi-tahap-2.pdf">Jadwal slot vaksinasi tahap 2</a></li>
<li><a href="/files/bandar-lampung-rekap-2024.pdf">Rekap Bandar Lampung 2024</a></li>
<li><a href="/files/sop-pelayanan.pdf">SOP Pelayanan</a></li></ul></body></html>"""
    url = "https://dinkes.kabsukamaju.go.id/unduhan/index.html"
    assert page_verdict(url, run(html, url)).verdict is Verdict.CLEAN


PORTAL = """<html><head><title>Dinas Perhubungan</title></head><body>
<nav><a href="/">Beranda</a> <a href="/profil">Profil</a> <a href="/berita">Berita</a></nav>
<p>Jadwal uji KIR kendaraan angkutan umum dibuka setiap hari kerja.</p>{extra}</body></html>"""


def test_hidden_brand_link_to_a_page_planted_in_an_asset_folder(run: Runner) -> None:
    extra = '<div style="font-size:0px"><a href="/public/vendor/index.html">x500</a></div>'
    url = "https://dishub.kabsukamaju.go.id/"
    findings = run(PORTAL.format(extra=extra), url, is_homepage=True)
    assert [f.technique for f in findings] == [Technique.HIDDEN_LINKS]
    assert findings[0].evidence[0].targets == ("https://dishub.kabsukamaju.go.id/public/vendor/index.html",)


@pytest.mark.parametrize(
    "extra",
    [
        '<div style="display:none"><a href="/files/laporan-kinerja-2024.pdf">Laporan</a></div>',
        '<ul class="sr-only"><li><a href="/images/galeri/index.html">Galeri foto</a></li></ul>',
        '<div class="modal" style="display:none"><a href="/uploads/">Unggahan</a></div>',
    ],
)
def test_ordinary_hidden_links_into_site_folders_are_clean(run: Runner, extra: str) -> None:
    url = "https://dishub.kabsukamaju.go.id/"
    findings = run(PORTAL.format(extra=extra), url, is_homepage=True)
    assert page_verdict(url, findings).verdict is Verdict.CLEAN, [f.summary for f in findings]


def test_link_index_served_from_a_static_folder(run: Runner) -> None:
    html = """<html><head><title>Gacorku</title></head><body><ul>
<li><a href="/static/daftar-sekarang-79.html">daftar-sekarang-79.html</a></li>
<li><a href="/static/link-alternatif-94.html">link-alternatif-94.html</a></li>
<li><a href="/static/wd-cepat-77.html">wd-cepat-77.html</a></li></ul></body></html>"""
    url = "https://jdih.kabsukamaju.go.id/static/index.html"
    findings = run(html, url)
    assert page_verdict(url, findings).verdict is Verdict.INFECTED, [f.summary for f in findings]


def test_uploads_page_listing_php_files_named_with_calls_to_action(run: Runner) -> None:
    html = """<html><head><title>Wdjp</title></head><body><ul>
<li><a href="/wp-content/uploads/2024/daftar-sekarang-82.php">daftar-sekarang-82.php</a></li>
<li><a href="/wp-content/uploads/2024/link-alternatif-87.php">link-alternatif-87.php</a></li>
</ul></body></html>"""
    url = "https://dinkes.kabsukamaju.go.id/wp-content/uploads/2024/index.html"
    findings = run(html, url)
    assert page_verdict(url, findings).verdict is Verdict.INFECTED, [f.summary for f in findings]
