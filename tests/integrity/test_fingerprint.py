"""Page fingerprints: off-site values, verification tokens, main text without listings."""

from __future__ import annotations

from scanner.extract import analyse
from scanner.integrity import fingerprint
from scanner.models import FetchResult, Fingerprint
from tests.integrity.site import EXTRA_NEWS, HOST, NEWS, SiteState, render

URL = f"https://{HOST}/"


def fp_of(html: str, url: str = URL, ignore: tuple[str, ...] = (), **fetch: str) -> Fingerprint:
    view = analyse(html, url, site_host=HOST)
    result = FetchResult(url=url, final_url=url, profile="browser", status=200,
                         content_type="text/html", text=html, **fetch)  # type: ignore[arg-type]
    return fingerprint(view, result, ignore)


PAGE = """<!DOCTYPE html><html lang="id"><head><title>Beranda | Dinas PUPR</title>
<meta name="google-site-verification" content="tok-PUPR-2026">
<script src="/js/app.js"></script><script src="https://www.googletagmanager.com/gtag/js"></script>
<script src="https://cdn.jsdelivr.net/npm/bootstrap.js"></script></head><body>
<nav><a href="/">Beranda</a><a href="/profil">Profil</a></nav>
<main><h1>Dinas Pekerjaan Umum dan Penataan Ruang</h1>
<p>Perbaikan jalan provinsi ruas Sukamaju - Tanjung Sari ditargetkan selesai akhir tahun.</p>
<iframe src="https://www.youtube.com/embed/abc" width="560" height="315"></iframe>
<form action="https://forms.gle.example.com/kirim" method="post"><input name="n"></form>
<div style="display:none"><a href="https://slot-gacor-88.com/">slot gacor</a></div>
<p>Kunjungi <a href="https://www.pu.go.id/">Kementerian PUPR</a> untuk data nasional.</p>
</main><div id="comments" class="comments"><p>Komentar warga: mantap pak</p></div>
<footer><p>Alamat Jalan Merdeka 12</p></footer></body></html>"""


def test_off_site_values_are_collected_sorted() -> None:
    fp = fp_of(PAGE)
    assert fp.script_domains == ("googletagmanager.com", "jsdelivr.net")
    assert fp.iframe_domains == ("youtube.com",)
    assert fp.form_actions == ("example.com",)
    assert fp.hidden_link_domains == ("slot-gacor-88.com",)
    assert "pu.go.id" in fp.link_domains and "slot-gacor-88.com" not in fp.link_domains
    assert fp.verification_tokens == ("google-site-verification:tok-PUPR-2026",)
    assert fp.title == "Beranda | Dinas PUPR"


def test_main_text_excludes_chrome_and_comments() -> None:
    fp = fp_of(PAGE)
    assert fp.main_text.startswith("dinas pekerjaan umum dan penataan ruang")
    assert "komentar warga" not in fp.main_text
    assert "alamat jalan merdeka" not in fp.main_text
    assert len(fp.text_hash) == 16 and len(fp.dom_hash) == 16
    assert len(fp.content_sha256) == 64 and len(fp.body_sha256) == 64


def test_news_listing_is_not_main_text_but_welcome_is() -> None:
    before = fp_of(render(SiteState(), "/") or "")
    after = fp_of(render(SiteState(day=4, news=[EXTRA_NEWS, *NEWS]), "/") or "")
    assert "selamat datang di portal resmi" in before.main_text
    assert "wali kota resmikan" not in before.main_text
    assert before.main_text == after.main_text
    assert before.text_hash == after.text_hash and before.dom_hash == after.dom_hash
    assert before.content_sha256 == after.content_sha256


def test_verification_file_and_offsite_redirect() -> None:
    page = "<html><body>google-site-verification: google1a2b3c4d5e6f.html</body></html>"
    fp = fp_of(page, URL + "google1a2b3c4d5e6f.html")
    assert fp.verification_tokens == ("file:google1a2b3c4d5e6f.html",)
    refresh = ('<html><head><meta http-equiv="refresh" content="0;url=https://bandar-togel.net/">'
               "</head><body>Mengalihkan...</body></html>")  # fmt: skip
    assert fp_of(refresh).redirect_target == "https://bandar-togel.net/"
    http = fp_of("<html><body>x</body></html>", offsite_redirect="https://judi.example/")
    assert http.redirect_target == "https://judi.example/"


def test_ignore_rules_remove_regions_and_text() -> None:
    page = ("<html><body><main><h1>Profil</h1><p>Dinas melayani warga.</p>"
            "<div class='cuaca'><p>Cuaca cerah berawan</p></div>"
            "<p>Kutipan hari ini: semangat pagi</p></main></body></html>")  # fmt: skip
    plain = fp_of(page)
    assert "cuaca cerah" in plain.main_text
    ignored = fp_of(page, ignore=(".cuaca", "re:kutipan hari ini: .*"))
    assert "cuaca" not in ignored.main_text and "semangat" not in ignored.main_text
    assert "dinas melayani warga" in ignored.main_text


def test_hostile_and_empty_pages_do_not_raise() -> None:
    assert fp_of("").content_sha256 == ""
    huge = "<html><body><main>" + "<p>kata " * 50_000 + "</main></body></html>"
    fp = fp_of(huge)
    assert len(fp.main_text) <= 4096
