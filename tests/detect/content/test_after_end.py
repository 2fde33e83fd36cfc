"""Content after the end of the document: link lists appended after ``</html>``/``</body>`` are
their own evidence, even on a page whose article discusses judi online; what hosting panels and
caches legitimately leave there (comments, a stats script) is not."""

from __future__ import annotations

from scanner.extract import analyse
from scanner.extract.parse import after_end
from scanner.judge import page_verdict
from scanner.models import Category, Technique, Verdict

from ..pages_support import Runner, run_fixture, sigs_fixture  # noqa: F401 (fixtures)

URL = "https://diskominfo.kabbrebes.go.id/berita/2024/08/satgas-judi-online-kabupaten"

NEWS = """<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>Pemkab Brebes Bentuk Satgas Pemberantasan Judi Online - Diskominfo Brebes</title></head>
<body><nav><a href="/">Beranda</a> <a href="/profil">Profil</a> <a href="/berita">Berita</a>
<a href="/ppid">PPID</a> <a href="/kontak">Kontak</a></nav>
<article><h1>Pemkab Brebes Bentuk Satgas Pemberantasan Judi Online</h1>
<p>Bupati Brebes melantik Satgas Pemberantasan Judi Online tingkat kabupaten. Satgas bersama
Polres Brebes akan menindak praktik perjudian daring yang marak di kalangan pelajar. Kapolres
menyebut istilah "slot gacor" dan "deposit pulsa" kini akrab di telinga remaja.</p>
<p>Masyarakat diimbau melaporkan situs judi online melalui aduankonten.id. Sepanjang 2024
Polres Brebes menangkap 14 tersangka dengan barang bukti uang Rp 23.500.000.</p></article>
<footer>Dinas Komunikasi dan Informatika Kabupaten Brebes, Jl. Proklamasi No. 77</footer>
</body></html>"""

APPENDED = """
<p><a href="https://bkpsdm.kabcontoh.go.id/wp-content/uploads/slot-gacor/">slot gacor</a>
<a href="https://lppm.univ-contoh.ac.id/public/slot-pulsa/">slot pulsa</a>
<a href="https://dpmptsp.kotacontoh.go.id/files/">slot 5000</a>
<a href="https://olxtoto88.org/">OLXTOTO</a></p>"""


def test_after_end_is_the_markup_past_the_closing_tags() -> None:
    assert after_end(NEWS) == ""
    assert after_end(NEWS + "\n<!-- Dynamic page generated in 0.412 seconds. -->\n") == ""
    assert "slot pulsa" in after_end(NEWS + APPENDED)
    between = NEWS.replace("</body></html>", "</body><div>x</div></html>")
    assert after_end(between) == "<div>x</div>"
    assert analyse(NEWS + APPENDED, URL).after_end.startswith("<p>")


def test_link_list_appended_to_news_about_judol(run: Runner) -> None:
    findings = run(NEWS + APPENDED, URL)
    (f,) = [f for f in findings if f.evidence[0].path == "after </html>"]
    assert (f.category, f.technique) == (Category.GAMBLING, Technique.VISIBLE_CONTENT)
    assert "after the end of the document" in f.summary
    # doorways on other hijacked public hosts count: no CMS writes there
    assert "https://lppm.univ-contoh.ac.id/public/slot-pulsa/" in f.evidence[0].targets
    assert page_verdict(URL, findings).verdict is Verdict.INFECTED


def test_appended_promotion_between_body_and_html(run: Runner) -> None:
    text = "<div>Situs slot gacor hari ini gampang maxwin, bonus new member 100</div>"
    html = NEWS.replace("</body></html>", f"</body>{text}</html>")
    assert any(f.evidence[0].path == "after </html>" for f in run(html, URL))


def test_hosting_leftovers_after_html_are_clean(run: Runner) -> None:
    leftovers = (
        "\n<!-- Cached by WP-Optimize on 2024-08-02 -->\n"
        '<script src="https://www.googletagmanager.com/gtag/js?id=G-AB12"></script>\n'
        '<div style="text-align:right;font-size:10px">Hosted by '
        '<a href="https://www.idcloudhost.com/">IDCloudHost</a></div>'
    )
    findings = run(NEWS + leftovers, URL)
    assert page_verdict(URL, findings).verdict is Verdict.CLEAN, [f.summary for f in findings]


def test_news_about_appended_links_is_not_itself_appended(run: Runner) -> None:
    quoted = NEWS.replace(
        "</article>",
        "<p>Pelaku menambahkan daftar tautan 'slot gacor' setelah tag penutup halaman.</p>"
        "</article>",
    )
    assert page_verdict(URL, run(quoted, URL)).verdict is Verdict.CLEAN


def test_promotional_paragraph_injected_inside_news_about_judol(run: Runner) -> None:
    # Not after </html> this time: inside the article, which itself discusses judi online.
    injected = NEWS.replace(
        "</article>",
        "<p>Ｓｌｏｔ ｇａｃｏｒ hari ini gampang maxwin, bonus new member 100 di "
        '<a href="https://daftarwd777.me/">WD777</a></p></article>',
    )
    findings = run(injected, URL)
    assert page_verdict(URL, findings).verdict is Verdict.INFECTED, [f.summary for f in findings]
    assert any(f.target_domain == "daftarwd777.me" for f in findings)


def test_news_naming_a_blocked_site_with_a_link_stays_clean(run: Runner) -> None:
    quoting = NEWS.replace(
        "</article>",
        '<p>Situs <a href="https://daftarwd777.me/">daftarwd777.me</a> yang menawarkan slot '
        "gacor dan bonus new member kini diblokir Komdigi atas laporan Satgas.</p></article>",
    )
    findings = run(quoting, URL)
    assert page_verdict(URL, findings).verdict is Verdict.CLEAN, [f.summary for f in findings]


def test_obfuscated_paragraph_injected_into_news_about_judol(run: Runner) -> None:
    dotted = (
        "S.i.t.u.s J.p.j.p m.e.n.y.e.d.i.a.k.a.n j.a.c.k.p.o.t t.e.r.b.e.s.a.r, l.i.n.k "
        "s.l.o.t t.e.r.b.a.r.u dan a.k.u.n p.r.o, s.l.o.t g.a.c.o.r h.a.r.i i.n.i s.e.t.i.a.p "
        'h.a.r.i. <a href="https://jpjp.example/">J*p*j*p</a>'
    )
    findings = run(NEWS.replace("</article>", f"<p>{dotted}</p></article>"), URL)
    assert page_verdict(URL, findings).verdict is Verdict.INFECTED, [f.summary for f in findings]


def test_arrest_news_spelling_out_the_modus_stays_clean(run: Runner) -> None:
    modus = (
        "Para tersangka mempromosikan situs Dewa303 dan Gunung388 dengan iming-iming slot gacor "
        "hari ini, bonus new member 100, akun pro dan deposit pulsa tanpa potongan."
    )
    findings = run(NEWS.replace("</article>", f"<p>{modus}</p></article>"), URL)
    assert page_verdict(URL, findings).verdict is Verdict.CLEAN, [f.summary for f in findings]


def test_json_ld_injection_on_news_about_a_hacked_website(run: Runner) -> None:
    # The article is about hacking, not gambling: its "waspada", "sosialisasi", "mengimbau"
    # must not excuse gambling promotion injected into the page's JSON-LD.
    story = (
        "<p>Waspada peretasan website pemerintah. Diskominfo mengimbau pengelola situs "
        "memperbarui CMS; sosialisasi keamanan digelar bagi seluruh OPD.</p>"
    )
    ld = (
        '<script type="application/ld+json">{"@type":"Product","name":"NaganagaJP | Jackpot '
        'Terbesar Pola Gacor","description":"Main di NaganagaJP dijamin login alternatif, '
        'cukup deposit pulsa tanpa potongan."}</script>'
    )
    html = (
        f'<html><head><title>Waspada Peretasan Website</title>{ld}</head><body><nav>'
        '<a href="/">Beranda</a> <a href="/berita">Berita</a></nav>'
        f"<article>{story}</article></body></html>"
    )
    findings = run(html, URL)
    assert Technique.META_INJECTION in {f.technique for f in findings}
