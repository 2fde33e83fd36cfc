"""Deep nesting cannot hide what follows it: no parser depth cut, no recursion limit."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from scanner.api import check_inputs
from scanner.config import Settings
from scanner.extract import analyse
from scanner.extract.parse import flatten_nesting
from scanner.models import Verdict

URL = "https://www.disdukcapil.kabcontoh.go.id/"
HEAD = (
    '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
    "<title>Disdukcapil Kabupaten Contoh</title></head><body>"
    "<header><h1>Dinas Kependudukan dan Pencatatan Sipil</h1></header>"
    "<p>Jadwal layanan: slot antrean pagi 08.00-12.00 di Bandar Lampung.</p>"
)
INJECTED = (
    '<div style="display:none"><a href="https://slot-gacor-maxwin.example/">SLOT GACOR'
    " hari ini, situs judi online terpercaya, bandar togel resmi</a></div>"
    "<p>Pelayanan KTP elektronik dibuka setiap hari kerja.</p>"
)


def page(depth: int) -> str:
    return HEAD + "<div>" * depth + "berita" + "</div>" * depth + INJECTED + "</body></html>"


@pytest.mark.parametrize("depth", [300, 1500, 3000, 20000])
def test_content_after_deep_nesting_is_walked(depth: int) -> None:
    view = analyse(page(depth), URL)
    hidden = " ".join(b.text for b in view.hidden)
    assert "SLOT GACOR" in hidden
    assert any(link.url == "https://slot-gacor-maxwin.example/" for link in view.links)
    assert any("KTP elektronik" in b.text for b in view.blocks)


@pytest.mark.parametrize("opener", ["<div><span>", "<font><b><i>", "<section><em>"])
def test_unclosed_deep_nesting_keeps_the_tail(opener: str) -> None:
    html = HEAD + opener * 3000 + INJECTED + "</body></html>"
    view = analyse(html, URL)
    # Beyond the parser's reach the injected block's own style is lost: its text is judged
    # as visible text then, which is stricter, never dropped.
    everything = " ".join(b.text for b in (*view.hidden, *view.blocks))
    assert "SLOT GACOR" in everything and "KTP elektronik" in everything
    assert any(link.url == "https://slot-gacor-maxwin.example/" for link in view.links)


def test_hidden_reason_holds_over_a_deep_subtree() -> None:
    deep = "<div>" * 2500 + "Daftar slot gacor maxwin" + "</div>" * 2500
    html = HEAD + f'<div style="display:none">{deep}</div></body></html>'
    view = analyse(html, URL)
    [block] = [b for b in view.hidden if "maxwin" in b.text]
    assert block.hidden is not None and "display:none" in block.hidden


def test_walk_needs_no_recursion_headroom() -> None:
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)
    try:
        view = analyse(page(1000), URL)
    finally:
        sys.setrecursionlimit(limit)
    assert "SLOT GACOR" in " ".join(b.text for b in view.hidden)


def test_flatten_keeps_order_and_raw_text() -> None:
    html = "<div><div><div><script>if(a<b){x='<div>'}</script><p>x</p></div></div></div><i>t</i>"
    flat = flatten_nesting(html, limit=2)
    assert flat == "<div><div><script>if(a<b){x='<div>'}</script>x</div></div><i>t</i>"


def test_check_judges_the_tail_of_a_deeply_nested_page(tmp_path: Path) -> None:
    saved = tmp_path / "beranda.html"
    saved.write_text(page(300), encoding="utf-8")
    [verdict] = check_inputs([str(saved)], Settings())
    assert verdict.verdict is not Verdict.CLEAN, verdict


def test_ignore_rules_see_the_tree_analyse_walks() -> None:
    from scanner.integrity.volatile import IgnoreRules

    html = page(300).replace("</body>", '<div class="jam-digital">10:42:07 WIB</div></body>')
    [path] = IgnoreRules.compile([".jam-digital"]).ignored_paths(html)
    view = analyse(html, URL)
    assert any(b.path == path and "WIB" in b.text for b in view.blocks)
