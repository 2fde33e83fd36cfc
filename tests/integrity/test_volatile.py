"""Volatile tokens and ignore rules: what changes every visit goes, what a page says stays."""

from __future__ import annotations

import pytest

from scanner.integrity.volatile import IgnoreRules, clean, under


@pytest.mark.parametrize(
    ("monday", "tuesday"),
    [
        ("Sabtu, 21 November 2026", "Minggu, 22 November 2026"),
        ("Sabtu, 21/11/2026 08:15 WIB", "Minggu, 22/11/2026 09:02 WIB"),
        ("Diperbarui 2026-11-21T08:15:00+07:00", "Diperbarui 2026-11-22T07:59:41+07:00"),
        ("Pengunjung: 12.345", "Pengunjung: 12.401"),
        ("dilihat 120 kali", "dilihat 157 kali"),
        ("2 jam yang lalu oleh Admin", "1 hari yang lalu oleh Admin"),
        ("Posted 3 hours ago", "Posted 2 days ago"),
        ("Kode sesi 5f3a9c17e2d4b6a8Q1zX", "Kode sesi 9b1c0e77a2f4d6c8Z3kP"),
        ("token eyJhbGciOiJIUzI1NiJ9abcDEF", "token eyJhbGciOiJIUzI1NiJ9xyzQRS"),
    ],
)
def test_volatile_tokens_do_not_change_the_cleaned_text(monday: str, tuesday: str) -> None:
    assert clean(monday) == clean(tuesday)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Kunjungan kerja ke Bandar Lampung", "bandar lampung"),
        ("Pilih slot waktu pagi untuk vaksinasi", "slot waktu pagi"),
        ("Satgas tutup situs judi online", "judi online"),
        ("Jam layanan Senin sampai Jumat", "senin sampai jumat"),
        ("Pengumuman ketidakberdayaan", "ketidakberdayaan"),
    ],
)
def test_words_of_the_page_are_kept(text: str, kept: str) -> None:
    assert kept in clean(text)


def test_obfuscation_is_folded_like_the_signature_matcher() -> None:
    assert clean("Ｈａｃｋｅｄ\u200b by") == clean("hacked by")


def test_regex_rules_remove_their_matches() -> None:
    rules = IgnoreRules.compile(["re:cuaca hari ini: \\w+", "re:("])
    assert rules.apply_text("Cuaca hari ini: cerah. Berita utama") == ". Berita utama"
    assert rules.unusable == ("re:(",)


def test_selector_rules_find_the_paths_extract_uses() -> None:
    html = (
        "<html><body><div id='visitor-counter'><p>Online 5</p></div>"
        "<div class='widget_counter x'><span>12</span></div><div class='isi'><p>Teks</p></div>"
        "<aside><div class='jam'>08:00</div></aside></body></html>"
    )
    rules = IgnoreRules.compile(["#visitor-counter", ".widget_counter", "aside .jam", "a[href]"])
    assert rules.unusable == ("a[href]",)
    paths = rules.ignored_paths(html)
    assert paths == ("/html/body/div[1]", "/html/body/div[2]", "/html/body/aside/div")
    assert under("/html/body/div[1]/p", paths)
    assert not under("/html/body/div[3]/p", paths)
    assert not under("/html/body/div[10]/p", paths)
