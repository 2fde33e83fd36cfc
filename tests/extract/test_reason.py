"""Hide kinds: read from the reason text by one helper, never by matching markers in callers."""

from __future__ import annotations

import pytest

from scanner.extract import analyse
from scanner.extract.reason import HideKind, hide_kind, is_benign, reason_message, unmarked
from scanner.report.i18n import english, translator


@pytest.mark.parametrize(
    ("reason", "kind"),
    [
        ("a11y: css .screen-reader-text{clip:rect(1px,1px,1px,1px)}", HideKind.A11Y),
        ("ui: css .dropdown-menu{display:none}", HideKind.UI),
        ("style: display:none", HideKind.HIDE),
        ("css .tersembunyi{position:absolute;left:-9999px}", HideKind.HIDE),
        # a marker anywhere but at the start is page text, not a kind
        ("style: clip-path:inset(50%) a11y: x", HideKind.HIDE),
        ("aria-hidden=true with off-site links", HideKind.HIDE),
    ],
)
def test_kind_is_read_from_the_start_of_the_reason(reason: str, kind: HideKind) -> None:
    assert hide_kind(reason) is kind
    assert is_benign(reason) is kind.benign


def test_mark_and_unmark_keep_the_shown_text() -> None:
    assert HideKind.A11Y.mark("aria-hidden=true") == "a11y: aria-hidden=true"
    assert HideKind.UI.mark("attr: hidden") == "ui: attr: hidden"
    assert HideKind.HIDE.mark("attr: hidden") == "attr: hidden"
    assert unmarked("ui: attr: hidden") == "attr: hidden"
    assert unmarked("style: font-size:0") == "style: font-size:0"
    assert not is_benign(None)


PAGE = """<!doctype html><html lang="id"><head><title>Dinas Perhubungan Kota Bandar Lampung</title>
<style>.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)}</style>
</head><body>
<a class="sr-only" href="#isi">Langsung ke konten</a>
<ul class="dropdown-menu" style="display:none">
<li><a href="/jadwal">Jadwal slot uji KIR</a></li></ul>
<div style="clip-path: inset(50%) a11y: menu">Info Bandar Udara Radin Inten II</div>
<div style="position:absolute;left:-9999px">
<a href="https://gacor88.xyz/">slot gacor hari ini</a></div>
</body></html>"""


def test_extract_marks_benign_hides_and_only_those() -> None:
    v = analyse(PAGE, "https://dishub.bandarlampungkota.go.id/")
    kinds = {b.text: hide_kind(b.hidden or "") for b in v.hidden}
    assert kinds["Langsung ke konten"] is HideKind.A11Y
    assert kinds["Jadwal slot uji KIR"] is HideKind.UI
    # hostile style text cannot buy itself the benign kind by carrying the marker mid-reason
    assert kinds["Info Bandar Udara Radin Inten II"] is HideKind.HIDE
    assert kinds["slot gacor hari ini"] is HideKind.HIDE
    assert [link.hidden for link in v.links if link.domain == "gacor88.xyz"] == [
        "style: position:absolute;left:-9999px"
    ]


@pytest.mark.parametrize(
    ("reason", "key", "indonesian"),
    [
        ("style: display:none", "hide.style", "CSS inline display:none"),
        ("css .hdn{display:none}", "hide.css", "aturan CSS .hdn{display:none}"),
        ("style: color:#fff on background #fff", "hide.style",
         "CSS inline warna teks #fff sama dengan warna latar #fff"),
        ("attr: hidden", "hide.attribute", "atribut hidden"),
        ("noscript", "hide.tag", "elemen <noscript>"),
        ("noframes", "hide.tag", "elemen <noframes>"),
        ("marquee 0x0", "hide.marquee", "marquee berukuran 0x0"),
        ("size 1x?", "hide.size", "ukuran 1x?"),
        ("iframe content", "hide.frame_content", "isi elemen <iframe>"),
        ("unclosed textarea", "hide.unclosed", "elemen <textarea> yang tidak ditutup"),
        ("aria-hidden=true with off-site links", "hide.aria_offsite",
         "atribut aria-hidden=true pada elemen berisi tautan ke luar situs"),
        ("a11y: aria-hidden=true", "hide.a11y", "aksesibilitas: atribut aria-hidden=true"),
        ("ui: css .dropdown-menu{display:none}", "hide.ui",
         "widget UI: aturan CSS .dropdown-menu{display:none}"),
        ("css .x{display:no…", "hide.css", "aturan CSS .x{display:no…}"),  # cut at the cap
    ],
)  # fmt: skip
def test_every_reason_the_walk_writes_has_a_catalog_message(
    reason: str, key: str, indonesian: str
) -> None:
    message = reason_message(reason)
    assert message.key == key
    assert translator("id").render(message).startswith(indonesian)
    if hide_kind(reason) is HideKind.HIDE and not reason.endswith("…"):
        assert english(message) == reason  # the English text in the JSON reads as before


def test_an_unknown_reason_is_kept_whole_not_guessed() -> None:
    message = reason_message("iframe shown later by a script")
    assert message.key == "hide.other" and english(message) == "iframe shown later by a script"
