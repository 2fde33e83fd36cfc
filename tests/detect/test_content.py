"""content.detect: promotion in head fields, main text, visible links and comments."""

from __future__ import annotations

from scanner.detect import content
from scanner.models import Category, Severity, Technique
from scanner.signatures import SignatureSet

from .pages_support import context, sigs_fixture, view_of  # noqa: F401 (fixture)

NAV = (
    '<nav><a href="/">Beranda</a> <a href="/profil">Profil</a> <a href="/berita">Berita</a>'
    ' <a href="/layanan">Layanan</a> <a href="/kontak">Kontak</a></nav>'
)
URL = "https://disdik.sukamajukab.go.id/berita/1"


def page(title: str = "Dinas Pendidikan", body: str = "", head: str = "") -> str:
    return (
        f"<html><head><title>{title}</title>{head}</head><body>{NAV}<main>{body}</main>"
        "<footer>&copy; 2024 Pemkab Sukamaju</footer></body></html>"
    )


def detect(html: str, sigs: SignatureSet, url: str = URL, **kw: bool) -> list[content.Finding]:
    return content.detect(view_of(html, url), context(url, **kw), sigs)


def techniques(findings: list[content.Finding]) -> set[Technique]:
    return {f.technique for f in findings}


LANDING = (
    "<h1>Situs Slot Gacor Hari Ini</h1><p>Daftar sekarang di situs slot online terpercaya, "
    "bonus new member 100 dan rtp live tertinggi, gampang maxwin. Deposit pulsa tanpa "
    "potongan, withdraw cepat 24 jam, link alternatif anti rungkad.</p>"
)


def test_injected_title_is_meta_injection_with_original_snippet(sigs: SignatureSet) -> None:
    html = page(title="Ѕlоt Gасоr Gampang Maxwin - Daftar Sekarang", body="<p>Profil dinas.</p>")
    (f,) = detect(html, sigs)
    assert f.technique is Technique.META_INJECTION
    assert f.category is Category.GAMBLING and f.severity is Severity.HIGH
    ev = f.evidence[0]
    assert ev.path == "title"
    assert ev.match and ev.match in ev.snippet  # the Cyrillic original, not the normalised form
    assert ev.match in "Ѕlоt Gасоr Gampang Maxwin - Daftar Sekarang"
    assert f.signature_ids


def test_enforcement_headline_is_discussion(sigs: SignatureSet) -> None:
    html = page(
        title="Satgas blokir 2.000 situs slot gacor dan tangkap bandar togel",
        head='<meta name="description" content="Polisi menangkap tersangka promosi judi online.">',
    )
    assert detect(html, sigs) == []


def test_json_ld_and_og_fields_are_read(sigs: SignatureSet) -> None:
    head = (
        '<meta property="og:description" content="RSUD Sukamaju melayani 24 jam">'
        '<script type="application/ld+json">{"@type":"WebSite","name":"Bandar togel '
        'terpercaya toto macau resmi","url":"https://rsud.sukamajukab.go.id/"}</script>'
    )
    (f,) = detect(page(head=head, body="<p>Jadwal poliklinik.</p>"), sigs)
    assert f.technique is Technique.META_INJECTION
    assert [e.path for e in f.evidence] == ["JSON-LD"]


def test_landing_page_text_is_visible_content(sigs: SignatureSet) -> None:
    url = "https://disdik.sukamajukab.go.id/wp-content/uploads/2024/05/slot-gacor.html"
    found = detect(page(body=LANDING), sigs, url=url)
    body = next(f for f in found if f.technique is Technique.VISIBLE_CONTENT)
    assert body.severity is Severity.HIGH and body.confidence >= 0.7
    assert "upload folder" in body.evidence[0].detail


def test_sitemap_only_landing_page_is_doorway(sigs: SignatureSet) -> None:
    found = detect(page(body=LANDING), sigs, linked=False, in_sitemap=True)
    assert Technique.DOORWAY_PAGE in techniques(found)
    assert Technique.VISIBLE_CONTENT not in techniques(found)


def test_news_quoting_promo_phrases_is_clean(sigs: SignatureSet) -> None:
    body = (
        "<p>Satgas Pemberantasan Judi Online memblokir ribuan situs. Pelaku memakai istilah "
        "'slot gacor' dan 'bonus new member' untuk menjerat korban. Polisi menangkap tiga "
        "tersangka dan menjerat mereka dengan Pasal 303 KUHP. Kominfo mengimbau warga waspada "
        "terhadap bahaya kecanduan judi online.</p>"
    )
    assert detect(page(title="Waspada modus judi online", body=body), sigs) == []


def test_visible_promotional_link_to_gambling_site(sigs: SignatureSet) -> None:
    body = (
        '<p>Laporan kegiatan.</p><p><a href="https://gacor-maxwin88.xyz/">Slot Gacor Maxwin</a></p>'
    )
    (f,) = detect(page(body=body), sigs)
    assert f.technique is Technique.VISIBLE_CONTENT
    assert f.target_domain == "gacor-maxwin88.xyz"
    assert f.evidence[0].targets == ("https://gacor-maxwin88.xyz/",)


def test_links_to_government_sites_never_count(sigs: SignatureSet) -> None:
    body = (
        '<p><a href="https://sscasn.bkn.go.id/">Daftar slot formasi CPNS</a> '
        '<a href="https://aduankonten.id/">Laporkan situs slot gacor</a></p>'
    )
    assert detect(page(body=body), sigs) == []


def test_spam_comment_is_medium_with_target(sigs: SignatureSet) -> None:
    body = (
        "<article><p>Sosialisasi posyandu di desa.</p></article>"
        '<div id="comments"><ol class="comment-list">'
        '<li class="comment"><p>Terima kasih infonya.</p></li>'
        '<li class="comment"><p>Mantap, kunjungi <a href="https://togel-hoki88.net/">bandar togel '
        "terpercaya</a> daftar dapat bonus new member.</p></li></ol></div>"
    )
    (f,) = detect(page(body=body), sigs)
    assert f.technique is Technique.SPAM_COMMENT and f.severity is Severity.MEDIUM
    assert f.target_domain == "togel-hoki88.net"
    assert len(f.evidence) == 1 and "https://togel-hoki88.net/" in f.evidence[0].targets


def test_clean_comments_are_clean(sigs: SignatureSet) -> None:
    body = (
        '<div class="comments"><p class="comment">Kapan slot vaksinasi dibuka lagi?</p>'
        '<p class="comment">Semoga desa kami menang lomba kebersihan.</p></div>'
    )
    assert detect(page(body=body), sigs) == []


def test_evidence_is_bounded_on_huge_pages(sigs: SignatureSet) -> None:
    filler = "<p>" + "Informasi pelayanan publik daerah. " * 4000 + "</p>"
    url = "https://disdik.sukamajukab.go.id/x"
    found = detect(page(body=filler + LANDING), sigs, url=url)
    assert found
    for f in found:
        for ev in f.evidence:
            assert len(ev.snippet) <= 300 and len(ev.detail) <= 500


def test_quoted_promo_phrase_in_title_is_reported_speech(sigs: SignatureSet) -> None:
    html = page(
        title="Ketika situs resmi tiba-tiba berjudul “TOGEL LOGIN”, apa yang terjadi?",
        body="<p>Penjelasan tentang pengelolaan website.</p>",
    )
    assert detect(html, sigs) == []


def test_one_phrase_counts_once_not_as_its_sub_phrases(sigs: SignatureSet) -> None:
    body = "<p>Warga menerima pesan berisi tulisan slot gacor hari ini lalu menghapusnya.</p>"
    assert detect(page(body=body), sigs) == []


def test_hub_of_planted_pages_is_a_doorway(sigs: SignatureSet) -> None:
    html = (
        "<html><head><title>Index</title></head><body><ul>"
        '<li><a href="/uploads/x/pola-gacor-51.html">pola-gacor-51.html</a></li>'
        '<li><a href="/uploads/x/scatter-hitam-9.html">scatter-hitam-9.html</a></li>'
        "</ul></body></html>"
    )
    (f,) = detect(html, sigs, url="https://jdih.sukamajukab.go.id/uploads/x/index.html")
    assert f.technique is Technique.DOORWAY_PAGE
    assert f.target_domain == ""


def test_comment_section_taken_over_is_high(sigs: SignatureSet) -> None:
    spam = "".join(
        f'<li class="comment"><p>Daftar slot gacor hari ini nomor {i}, bonus new member.</p></li>'
        for i in range(5)
    )
    (f,) = detect(page(body=f'<ol class="comment-list">{spam}</ol>'), sigs)
    assert f.technique is Technique.SPAM_COMMENT and f.severity is Severity.HIGH
