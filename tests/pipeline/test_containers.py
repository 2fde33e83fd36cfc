"""Containers that hide the rest of a page from the walk, and links inside links (issue 12).

Each evasion is scanned end to end on a loopback site (``tests/crawl/loopback.py``): the
injected gambling block after or inside the container must come out as an incident, never as a
clean site. The trap page carries the same containers used honestly (a map in ``<object>``, an
embed code in a ``<textarea>``, iframe fallback text) beside news ABOUT judi online, a time slot
and Bandar Udara: it must stay clean.
"""

from __future__ import annotations

import base64
import dataclasses
from pathlib import Path
from urllib.parse import quote

import pytest

from scanner.api import EXIT_INCIDENTS, EXIT_OK, exit_code
from scanner.config import Settings, load_settings
from scanner.extract import analyse
from scanner.models import Category, ScanResult, Site
from scanner.pipeline import scan_sites
from tests.crawl.loopback import html, serve

HOST = "dpmptsp.kabcontoh.go.id"
URL = f"http://{HOST}/"
GAMBLING = "https://slot-gacor-maxwin.example/daftar"

HEAD = """<!doctype html><html lang="id"><head><meta charset="utf-8">
<title>DPMPTSP Kabupaten Contoh</title></head><body>
<nav><a href="/perizinan">Perizinan</a> <a href="/berita">Berita</a></nav>
<main><h1>Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu</h1>
<p>Pengajuan izin usaha melalui OSS RBA. Jadwal slot konsultasi: Senin-Kamis 08.00-12.00 WIB.
Kantor kami dekat Bandar Udara Radin Inten II, Bandar Lampung.</p>"""

PAYLOAD = f"""<div><h2>SLOT GACOR HARI INI</h2><p>Daftar situs judi slot online gacor maxwin,
bandar togel terpercaya, deposit pulsa tanpa potongan. Link alternatif slot88 terbaru:
<a href="{GAMBLING}">DAFTAR SEKARANG slot gacor</a></p></div>"""

PROMO = """<div><h2>SLOT GACOR HARI INI</h2><p>Daftar situs judi slot online gacor maxwin,
bandar togel terpercaya, deposit pulsa tanpa potongan, RTP live tertinggi.</p></div>"""
"""Text alone, no link: only the text can give it away."""

TAIL = "</main></body></html>"

EVASIONS = {
    # browsers render an object's content when the object cannot be shown (no Flash anywhere)
    "unclosed object": f'<object data="/peta.swf" type="application/x-shockwave-flash">{PROMO}',
    "closed object": f'<object data="/peta.swf" width="400">{PROMO}</object>',
    "object with a link": f'<object data="/peta.swf">{PAYLOAD}</object>',
    # raw-text containers left open swallow the rest of the page as text
    "unclosed textarea": f"<form><textarea name=pesan>{PAYLOAD}{TAIL}",
    "unclosed title": f"<title>Layanan{PAYLOAD}{TAIL}",
    "unclosed style": f"<style>.menu{{color:#036}}{PAYLOAD}{TAIL}",
    "unclosed xmp": f"<xmp>{PAYLOAD}{TAIL}",
    "plaintext": f"<plaintext>{PAYLOAD}",
    "unclosed iframe": f'<iframe src="/peta-investasi">{PAYLOAD}{TAIL}',
    "noembed": f"<noembed>{PAYLOAD}</noembed>",
    # a frame's own document, kept in an attribute
    "iframe srcdoc": f'<iframe srcdoc="{PAYLOAD.replace(chr(34), "&quot;")}"></iframe>',
    "iframe data url": f'<iframe src="data:text/html,{quote(PAYLOAD)}"></iframe>',
    "object data base64": (
        f'<object data="data:text/html;base64,{base64.b64encode(PAYLOAD.encode()).decode()}">'
        "</object>"
    ),
    # a link inside a link: the inner one is the injection
    "link in link": (
        f'<p><a href="/berita/investasi-2026"><span>Realisasi investasi 2026 '
        f'<a href="{GAMBLING}">slot gacor maxwin daftar</a> situs judi slot online'
        " bandar togel terpercaya</span></a></p>"
    ),
}

TRAPS = f"""{HEAD}
<p>Berita: Satgas menutup 120 situs judi online; warga diimbau melapor ke aduankonten.id.</p>
<object data="/peta-wilayah.svg" type="image/svg+xml">Peta wilayah Kabupaten Contoh</object>
<p>Pasang widget layanan di situs Anda:</p>
<textarea readonly><a href="{URL}layanan">Layanan DPMPTSP</a></textarea>
<iframe src="/jadwal">Browser Anda tidak mendukung iframe.
Buka <a href="/jadwal">jadwal</a>.</iframe>
<p><a href="/perizinan"><b>Perizinan</b> <a href="/perizinan/oss">OSS</a></a></p>
{TAIL}"""


async def scan(page: str, tmp_path: Path) -> ScanResult:
    """Scan the loopback site whose home page is ``page`` (no other page)."""
    async with serve(HOST, {"/": html(page)}) as site:
        base = load_settings(env={})
        settings: Settings = dataclasses.replace(base, crawl=site.settings, state=tmp_path / "s.db")
        return await scan_sites([Site(url=URL, name="DPMPTSP")], settings)


@pytest.mark.parametrize("name", sorted(EVASIONS))
async def test_content_in_a_container_is_seen(name: str, tmp_path: Path) -> None:
    result = await scan(HEAD + EVASIONS[name] + TAIL, tmp_path)
    site = result.sites[0]
    gambling = [i for i in site.incidents if i.category is Category.GAMBLING]
    assert gambling, f"{name}: {[(i.category, i.technique) for i in site.incidents]}"
    assert exit_code(result) == EXIT_INCIDENTS


async def test_honest_containers_and_news_stay_clean(tmp_path: Path) -> None:
    result = await scan(TRAPS, tmp_path)
    site = result.sites[0]
    assert site.incidents == (), [(i.category, i.technique, i.summary) for i in site.incidents]
    assert exit_code(result) == EXIT_OK


def test_a_link_inside_a_link_is_recorded_with_its_text() -> None:
    view = analyse(HEAD + EVASIONS["link in link"] + TAIL, URL)
    texts = {link.url: link.text for link in view.links}
    assert texts[GAMBLING] == "slot gacor maxwin daftar"
    assert texts[f"{URL}berita/investasi-2026"].startswith("Realisasi investasi 2026")
    urls = [link.url for link in view.links]
    assert urls.index(f"{URL}berita/investasi-2026") < urls.index(GAMBLING)  # document order


def test_swallowed_links_are_hidden_evidence_with_the_reason() -> None:
    view = analyse(HEAD + EVASIONS["unclosed textarea"], URL)
    (link,) = [x for x in view.links if x.url == GAMBLING]
    assert link.hidden == "unclosed textarea" and "slot gacor" in link.text
    # what a visitor sees stays what it was: the markup as literal text in the box
    assert "<h2>SLOT GACOR HARI INI</h2>" in view.visible_text


def test_a_closed_textarea_at_the_end_is_no_evasion() -> None:
    embed = f'<textarea><a href="{URL}layanan">Layanan</a></textarea>'
    view = analyse(HEAD + embed + TAIL, URL)
    assert [x.url for x in view.links if "layanan" in x.url] == []
    assert view.hidden == ()


def test_object_fallback_text_is_page_text() -> None:
    view = analyse(HEAD + EVASIONS["object with a link"] + TAIL, URL)
    assert "SLOT GACOR HARI INI" in view.visible_text
    (link,) = [x for x in view.links if x.url == GAMBLING]
    assert link.hidden is None and link.text == "DAFTAR SEKARANG slot gacor"


def test_a_refresh_in_a_frame_document_does_not_move_the_page() -> None:
    srcdoc = '<meta http-equiv="refresh" content="0;url=https://slot-gacor.example/">'
    page = HEAD + f'<iframe srcdoc="{srcdoc.replace(chr(34), "&quot;")}"></iframe>' + TAIL
    assert analyse(page, URL).meta_refresh is None


def test_raw_text_parsed_again_is_bounded() -> None:
    nested = "<textarea>" * 2000 + PAYLOAD
    view = analyse(HEAD + nested, URL)  # each level parsed again would be quadratic
    assert view.url == URL


def test_a_payload_far_down_swallowed_text_is_still_seen() -> None:
    padding = "<p>Pengumuman hasil seleksi administrasi CPNS.</p>" * 25_000  # ~1.2 MB
    view = analyse(HEAD + "<title>Layanan" + padding + PAYLOAD + TAIL, URL)
    assert [x.hidden for x in view.links if x.url == GAMBLING] == ["unclosed title"]
