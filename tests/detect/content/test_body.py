"""detect.content.body: main text and visible links (VISIBLE_CONTENT, DOORWAY_PAGE)."""

from __future__ import annotations

from scanner.models import Severity, Technique
from scanner.signatures import SignatureSet

from ..pages_support import sigs_fixture  # noqa: F401 (fixture)
from .support import LANDING, detect, page, techniques


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


def test_evidence_is_bounded_on_huge_pages(sigs: SignatureSet) -> None:
    filler = "<p>" + "Informasi pelayanan publik daerah. " * 4000 + "</p>"
    url = "https://disdik.sukamajukab.go.id/x"
    found = detect(page(body=filler + LANDING), sigs, url=url)
    assert found
    for f in found:
        for ev in f.evidence:
            assert len(ev.snippet) <= 300 and len(ev.detail) <= 500


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


def test_time_slots_and_bandar_lampung_are_clean(sigs: SignatureSet) -> None:
    body = (
        "<p>Pendaftaran slot vaksinasi booster di Puskesmas Kedaton, Bandar Lampung, dibuka "
        "setiap Senin. Slot antrean online terbatas 50 orang per hari; daftar sekarang melalui "
        "aplikasi. Warga Bandar Udara Radin Inten II juga dilayani.</p>"
    )
    assert detect(page(title="Jadwal Vaksinasi", body=body), sigs) == []


def test_promotion_injected_into_a_news_page_is_found(sigs: SignatureSet) -> None:
    # An article ABOUT judi online (discussion) with a paragraph injected around a link: the
    # article excuses its own words, not the paragraph that promotes a gambling site.
    body = (
        "<article><p>Satgas Pemberantasan Judi Online Kabupaten Sukamaju bersama Polres "
        "menangkap tiga tersangka dan memblokir ratusan situs. Warga diimbau waspada.</p>"
        '<p>Situs slot gacor maxwin terpercaya: <a href="https://gacor-maxwin88.xyz/">'
        "daftar slot gacor</a> bonus new member.</p></article>"
    )
    found = detect(page(title="Satgas Judi Online Tangkap Tiga Tersangka", body=body), sigs)
    assert [f.target_domain for f in found] == ["gacor-maxwin88.xyz"]
