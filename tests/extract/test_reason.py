"""Hide kinds: read from the reason text by one helper, never by matching markers in callers."""

from __future__ import annotations

import pytest

from scanner.extract import analyse
from scanner.extract.reason import HideKind, hide_kind, is_benign, unmarked


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
