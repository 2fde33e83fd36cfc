"""Identical evidence on many pages of one incident is shown once, with "and N more pages"."""

from __future__ import annotations

import lxml.html

from scanner.models import Evidence, ScanResult
from scanner.report import render_html, render_markdown, render_text
from tests.report.builders import incident, ok, scan, site

HOST = "dinkes.contohkab.go.id"
SNIPPET = "Jadwal posyandu bulan ini. SLOT GACOR maxwin hari ini, daftar sekarang."
TARGETS = tuple(f"https://slot{n}.example/daftar" for n in range(11))


def repeated(pages: int = 5) -> ScanResult:
    """One hidden-links incident: the same footer block (snippet + 11 targets) on 5 pages."""
    same = [
        Evidence(
            url=f"https://{HOST}/berita/{n}",
            snippet=SNIPPET,
            match="slot gacor",
            path="html > body > footer > div.hidden",
            targets=TARGETS,
        )
        for n in range(pages)
    ]
    other = Evidence(url=f"https://{HOST}/profil", snippet="Bandar togel resmi", match="togel")
    evidence = (*same, other)
    s = site(HOST, "Dinas Kesehatan")
    return scan(ok(s, incident(HOST, n_urls=pages + 1, evidence=evidence)))


def test_html_shows_identical_evidence_once() -> None:
    html = render_html(repeated())
    doc = lxml.html.document_fromstring(html)
    blocks = doc.xpath("//div[@class='ev']")
    assert len(blocks) == 2  # the repeated block once, the different one once
    assert html.count("slot0.example/daftar") == 1
    assert len(doc.xpath("//pre[@class='snippet']/mark[.='SLOT GACOR']")) == 1
    assert "dan 4 halaman lainnya" in blocks[0].text_content()
    assert "halaman lainnya" not in blocks[1].text_content()


def test_english_plural_and_singular() -> None:
    assert "and 4 more pages" in render_html(repeated(), "en")
    assert "and 1 more page" in render_html(repeated(2), "en")
    assert "and 1 more pages" not in render_html(repeated(2), "en")


def test_markdown_and_text_show_it_once_too() -> None:
    md = render_markdown(repeated())
    assert md.count("SLOT GACOR") == 1 and "dan 4 halaman lainnya" in md
    text = render_text(repeated(), "en")
    assert text.count("SLOT GACOR") == 1 and "and 4 more pages" in text


def test_distinct_evidence_is_not_merged() -> None:
    s = site(HOST)
    evidence = tuple(
        Evidence(url=f"https://{HOST}/b/{n}", snippet=f"slot gacor {n}", match="slot gacor")
        for n in range(3)
    )
    html = render_html(scan(ok(s, incident(HOST, evidence=evidence))))
    assert len(lxml.html.document_fromstring(html).xpath("//div[@class='ev']")) == 3
    assert "halaman lainnya" not in html
