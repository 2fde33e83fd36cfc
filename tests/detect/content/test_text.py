"""detect.content.text: the page's own text (comments and own news headlines taken out)."""

from __future__ import annotations

from scanner.detect.content.text import genre, main_text, without_news_headlines
from scanner.detect.evidence import scan_parts
from scanner.signatures import SignatureSet

from ..pages_support import sigs_fixture, view_of  # noqa: F401 (fixture)
from .support import URL, page


def test_main_text_leaves_comments_out() -> None:
    body = (
        "<article><p>Jadwal pelayanan KTP elektronik.</p></article>"
        '<ol class="comment-list"><li class="comment"><p>Daftar slot gacor di sini.</p></li></ol>'
    )
    text = main_text(view_of(page(body=body), URL))
    assert "KTP elektronik" in text and "slot gacor" not in text


def test_news_headlines_of_the_site_are_taken_out_and_named(sigs: SignatureSet) -> None:
    body = (
        "<p>Pelayanan perizinan dibuka setiap hari kerja.</p><aside><h3>Berita Terbaru</h3>"
        '<a href="/berita/12">Polres Ungkap Jaringan Promosi Situs Slot Gacor</a>'
        '<a href="/berita/13">Pelatihan Literasi Digital bagi ASN Tahun 2024</a></aside>'
    )
    view = view_of(page(body=body), URL)
    kept = without_news_headlines(view, sigs, main_text(view))
    assert "Promosi Situs Slot Gacor" not in kept.text
    assert "Literasi Digital" in kept.text and "perizinan" in kept.text
    assert kept.named  # the promotional term that headline named


def test_short_anchors_are_no_headlines(sigs: SignatureSet) -> None:
    body = '<p>Menu</p><a href="/slot">Slot Gacor</a>'  # a planted link, not a news headline
    view = view_of(page(body=body), URL)
    kept = without_news_headlines(view, sigs, main_text(view))
    assert "Slot Gacor" in kept.text and not kept.named


def test_genre_needs_a_discussion_signature_tagged_genre(sigs: SignatureSet) -> None:
    tagged = [s for s in sigs.signatures if "genre" in s.tags]
    assert tagged, "the packaged signatures mark research/court/regulator writing"
    thesis = (
        "Penelitian ini bertujuan mengetahui pengaruh iklan slot gacor terhadap mahasiswa. "
        "Metode penelitian kuantitatif dengan kuesioner kepada 120 responden."
    )
    news = "Satgas memblokir situs slot gacor dan menangkap tiga tersangka."
    assert genre(scan_parts(sigs, {"visible_text": thesis}), sigs)
    assert not genre(scan_parts(sigs, {"visible_text": news}), sigs)
