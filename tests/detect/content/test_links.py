"""detect.content.links: which visible links of a page count as gambling links, and where to."""

from __future__ import annotations

from scanner.detect.content.links import (
    BUTTON_REASON,
    INJECTED_PATH,
    landing_buttons,
    planted_siblings,
    visible_gambling_links,
)
from scanner.detect.evidence import scan_parts
from scanner.signatures import SignatureSet

from ..pages_support import sigs_fixture, view_of  # noqa: F401 (fixture)
from .support import URL, page

BUCKET = "https://pub-7ac1e0d2b5f94e6fa1c3.r2.dev/landing.html"


def test_visible_links_split_offsite_from_internal_and_skip_hidden(sigs: SignatureSet) -> None:
    body = (
        '<p><a href="https://gacor-maxwin88.xyz/">Slot Gacor Maxwin</a></p>'
        '<p><a href="/uploads/pola-gacor-51.html">pola gacor 51</a></p>'
        '<div style="display:none"><a href="https://togel-hoki88.net/">bandar togel</a></div>'
        '<p><a href="https://bandarlampungkota.go.id/">Pemkot Bandar Lampung</a></p>'
    )
    found = visible_gambling_links(view_of(page(body=body), URL), sigs, "")
    assert [g.domain for g in found.offsite] == ["gacor-maxwin88.xyz"]
    assert [g.path for g in found.internal] == ["/uploads/pola-gacor-51.html"]


def test_links_shown_in_comments_are_left_to_the_comment_judge(sigs: SignatureSet) -> None:
    body = '<p>Mantap <a href="https://gacor-maxwin88.xyz/">Slot Gacor Maxwin</a></p>'
    view = view_of(page(body=body), URL)
    found = visible_gambling_links(view, sigs, "Mantap Slot Gacor Maxwin")
    assert found.offsite == () and found.internal == ()


def test_two_buttons_to_one_bucket_url_are_a_landing(sigs: SignatureSet) -> None:
    body = f'<a href="{BUCKET}">DAFTAR</a> <a href="{BUCKET}">LOGIN</a>'
    view = view_of(page(body=body), URL)
    found = landing_buttons(view, sigs, scan_parts(sigs, {"visible_text": view.visible_text}))
    assert len(found) == 2 and {g.reason for g in found} == {BUTTON_REASON}


def test_one_button_to_a_bucket_is_not_a_landing(sigs: SignatureSet) -> None:
    # A campus app hosted on object storage: one sign-up button is what any web app has.
    body = f'<p>Pendaftaran beasiswa daerah</p><a href="{BUCKET}">DAFTAR</a>'
    view = view_of(page(body=body), URL)
    assert landing_buttons(view, sigs, scan_parts(sigs, {"visible_text": view.visible_text})) == []


def test_planted_siblings_need_two_promotional_file_names(sigs: SignatureSet) -> None:
    two = (
        '<a href="/wp-content/uploads/daftar-sekarang-82.php">a</a>'
        '<a href="/wp-content/uploads/slot-gacor-7.html">b</a>'
        '<a href="/wp-content/uploads/laporan-keuangan-2023.html">c</a>'
    )
    one = '<a href="/wp-content/uploads/slot-gacor-7.html">b</a>'
    url = "https://bappeda.sukamajukab.go.id/wp-content/uploads/index.html"
    found = planted_siblings(view_of(f"<html><body>{two}</body></html>", url), sigs)
    assert sorted(g.path.rsplit("/", 1)[-1] for g in found) == [
        "daftar-sekarang-82.php",
        "slot-gacor-7.html",
    ]
    assert planted_siblings(view_of(f"<html><body>{one}</body></html>", url), sigs) == []


def test_injected_path_is_a_page_in_an_asset_folder() -> None:
    assert INJECTED_PATH.search("/wp-content/uploads/2024/05/slot-gacor.html")
    assert INJECTED_PATH.search("/images/x.PHP")
    assert not INJECTED_PATH.search("/berita/2024/05/slot-vaksinasi")
    assert not INJECTED_PATH.search("/uploads/laporan.pdf")
