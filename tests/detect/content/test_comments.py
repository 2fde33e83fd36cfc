"""detect.content.comments: user comments that promote gambling (SPAM_COMMENT)."""

from __future__ import annotations

from scanner.detect.content.comments import post_title
from scanner.models import Severity, Technique
from scanner.signatures import SignatureSet

from ..pages_support import sigs_fixture  # noqa: F401 (fixture)
from .support import detect, page


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


def test_comment_section_taken_over_is_high(sigs: SignatureSet) -> None:
    spam = "".join(
        f'<li class="comment"><p>Daftar slot gacor hari ini nomor {i}, bonus new member.</p></li>'
        for i in range(5)
    )
    (f,) = detect(page(body=f'<ol class="comment-list">{spam}</ol>'), sigs)
    assert f.technique is Technique.SPAM_COMMENT and f.severity is Severity.HIGH


def test_comment_heading_quoting_the_post_title_is_no_spam(sigs: SignatureSet) -> None:
    title = "Ungkap Jaringan Promosi Situs Slot Gacor Maxwin"
    body = (
        f"<article><h1>{title}</h1><p>Polres Sukamaju menangkap tiga tersangka promosi judi "
        "online dan memblokir situsnya. Warga diimbau waspada dan melapor.</p></article>"
        '<div id="comments"><ol class="comment-list">'
        f'<li class="comment"><p>Satu tanggapan untuk “{title}”</p></li></ol></div>'
    )
    assert detect(page(title=f"{title} – Polres Sukamaju", body=body), sigs) == []


def test_post_title_is_the_longest_segment_of_the_title() -> None:
    assert post_title("Rapat Koordinasi Stunting – Dinkes Sukamaju") == "Rapat Koordinasi Stunting"
    assert post_title("Beranda | Portal Resmi Pemerintah Kabupaten Sukamaju") == (
        "Portal Resmi Pemerintah Kabupaten Sukamaju"
    )
    assert post_title("Berita") == ""  # too short to strip from anything safely
    assert post_title("Ruas jalan Sukamaju-Sukasari diperbaiki") == (
        "Ruas jalan Sukamaju-Sukasari diperbaiki"
    )  # a hyphen inside a word is no separator
