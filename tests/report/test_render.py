"""The rendered reports: content, ordering, bounds, escaping of hostile input, files written."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import lxml.html
import pytest

from scanner.demo.sample import sample_scan
from scanner.errors import ReportError
from scanner.models import Change, Evidence, IncidentStatus, ScanResult, Severity, Technique
from scanner.report import render_html, render_markdown, render_text, write_report
from scanner.report.render import md_escape
from scanner.report.view import contact_links, safe_href, split_snippet
from tests.report.builders import (
    START,
    empty_scan,
    hostile_scan,
    incident,
    many_incidents_scan,
    ok,
    one_incident_scan,
    scan,
    site,
)

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def parse(html: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html)


def assert_inert(html: str) -> lxml.html.HtmlElement:
    """No script, no event handler, one intact style element, links only http(s)/mailto."""
    doc = parse(html)
    assert doc.xpath("//script") == []
    assert doc.xpath("//img | //iframe | //textarea | //object | //embed | //link") == []
    assert doc.xpath("//@*[starts-with(name(), 'on')]") == []
    styles = doc.xpath("//style")
    assert len(styles) == 1 and styles[0].getparent().tag == "head"
    css = styles[0].text_content()
    assert "@media print" in css and "url(" not in css and "@import" not in css
    for href in doc.xpath("//a/@href"):
        assert href.startswith(("https://", "http://", "mailto:")), href
    return doc


# --------------------------------------------------------------------------- scans of any size


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("build", [empty_scan, one_incident_scan, many_incidents_scan, sample_scan])
def test_every_format_renders_for_0_1_and_many_incidents(
    build: Callable[[], ScanResult], lang: str
) -> None:
    s = build()
    html = render_html(s, lang)
    doc = assert_inert(html)
    assert doc.get("lang") == lang
    assert doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content") == [CSP]
    articles = doc.xpath("//article[contains(@class, 'incident')]")
    assert len(articles) == len(s.open_incidents)
    assert render_markdown(s, lang).startswith("# ")
    assert str(s.id) in render_text(s, lang)


def test_empty_scan_says_all_clear_in_both_languages() -> None:
    assert "Tidak ada insiden terbuka" in render_html(empty_scan())
    assert "No open incidents" in render_html(empty_scan(), "en")
    assert "No open incidents" in render_text(empty_scan(), "en")


def test_sites_table_sorted_by_severity_with_contact_links() -> None:
    low = site("bappeda.contohkab.go.id", "Bappeda", "sekretariat@bappeda.contohkab.go.id")
    crit = site("disdik.contohprov.go.id", "Disdik", "Admin <admin@disdik.contohprov.go.id>")
    s = scan(
        ok(low, incident(low.host, severity=Severity.LOW)),
        ok(crit, incident(crit.host, Technique.DEFACEMENT_PAGE, Severity.CRITICAL)),
    )
    doc = parse(render_html(s))
    rows = doc.xpath("//section[@id='sites']//tbody/tr")
    assert [r.xpath("string(td[2]/b)") for r in rows] == ["Disdik", "Bappeda"]
    assert rows[0].xpath(".//a[starts-with(@href, 'mailto:')]/@href") == [
        "mailto:admin@disdik.contohprov.go.id"
    ]
    # incidents too: critical first
    first = doc.xpath("//article[contains(@class, 'incident')]")[0]
    assert "sev-critical" in first.get("class")


def test_evidence_match_is_highlighted_and_profile_in_plain_words() -> None:
    html = render_html(one_incident_scan())
    doc = parse(html)
    pre = doc.xpath("//pre[@class='snippet']")[0]
    assert pre.xpath("string(mark)") == "SLOT GACOR"
    assert pre.text_content().startswith("Jadwal posyandu")
    assert "hanya Googlebot" in html
    assert "only Googlebot" in render_html(one_incident_scan(), "en")
    assert "situs-slot88.example/daftar" in html


def test_header_counts_new_ongoing_resolved() -> None:
    s = sample_scan()
    doc = parse(render_html(s, "en"))
    totals = doc.xpath("//table[@class='summary']//tr[@class='totals']/td/text()")
    cells = [c.strip() for c in doc.xpath("//tr[@class='totals']//td//text()") if c.strip()]
    assert totals[0] == "Total"
    assert cells[1:] == ["4", "1", "1", "5"]  # new, ongoing, resolved, open
    stats = doc.xpath("string(//div[@class='stats'])")
    assert "Sites unreachable" in stats and "7 min 42 s" in stats


def test_affected_urls_are_bounded() -> None:
    s = site("dinkes.contohkab.go.id")
    html = render_html(scan(ok(s, incident(s.host, n_urls=57))))
    doc = parse(html)
    assert len(doc.xpath("//ul[@class='urls']/li/a")) == 20
    assert "dan 37 halaman lainnya" in html


def test_diff_lines_coloured_and_escaped() -> None:
    diff = "--- lama\n+++ baru\n@@ -1 +1 @@\n-Kepala Dinas: Budi\n+Kepala Dinas: <b>Agus</b>\n"
    s = site("bappeda.contohkab.go.id")
    ev = Evidence(url=f"{s.url}profil", diff=diff)
    html = render_html(scan(ok(s, incident(s.host, Technique.CONTENT_CHANGE, evidence=(ev,)))))
    doc = parse(html)
    assert doc.xpath("string(//pre[@class='diff']/span[@class='d-del'])") == "-Kepala Dinas: Budi"
    assert doc.xpath("string(//span[@class='d-add'])") == "+Kepala Dinas: <b>Agus</b>"
    assert "&lt;b&gt;Agus" in html


def test_remediation_hints_per_technique_and_general_steps() -> None:
    s = site("dinkes.contohkab.go.id")
    html = render_html(scan(ok(s, incident(s.host, Technique.CLOAKING_UA))), "en")
    todo = parse(html).xpath("string(//article//div[@class='todo'])")
    assert ".htaccess" in todo and "HTTP_USER_AGENT" in todo
    general = parse(html).xpath("string(//section[@id='general'])")
    assert "BSSN" in general and "Search Console" in general


def test_previous_scan_decides_new_ongoing_and_resolved() -> None:
    s = site("dinkes.contohkab.go.id")
    kept = incident(s.host, Technique.HIDDEN_LINKS, ident="a", change=Change.NEW)
    gone = incident(s.host, Technique.JS_REDIRECT, ident="b")
    fresh = incident(s.host, Technique.DOORWAY_PAGE, ident="c")
    previous = scan(ok(s, kept, gone), scan_id=6)
    current = scan(ok(s, kept, fresh))
    doc = parse(render_html(current, "en", previous=previous))
    cells = [c.strip() for c in doc.xpath("//tr[@class='totals']//td//text()") if c.strip()]
    assert cells[1:] == ["1", "1", "1", "2"]
    assert "JavaScript redirect" in doc.xpath("string(//section[@id='resolved'])")
    assert "scan #6" in doc.xpath("string(//header)")


def test_appendix_lists_unreachable_sites_and_failed_pages() -> None:
    html = render_html(sample_scan(), "en")
    appendix = parse(html).xpath("string(//section[@id='appendix'])")
    assert "SIPD Kabupaten Contoh" in appendix and "Unreachable" in appendix
    assert "berkas.pdf" in appendix and "Timed out" in appendix
    assert "HTTP 500" in appendix


def test_resolved_listed_briefly() -> None:
    resolved = parse(render_html(sample_scan())).xpath("//section[@id='resolved']//li")
    assert len(resolved) == 1 and "Kecamatan Sukamaju" in resolved[0].text_content()


# --------------------------------------------------------------------------- hostile input


@pytest.mark.parametrize("lang", ["id", "en"])
def test_hostile_input_never_breaks_out_of_the_html(lang: str) -> None:
    html = render_html(hostile_scan(), lang)
    doc = assert_inert(html)
    text = doc.text_content()
    assert "<script>alert(1)</script>" in text  # shown, as text
    assert '"><img src=x onerror=alert(1)>' in text
    assert "{{7*7}}" in text and "</textarea>" in text
    assert "javascript:" not in " ".join(doc.xpath("//a/@href"))
    assert "\r" not in html
    # the site name is one line: the CRLF did not start a new "Bcc:" line anywhere
    assert not re.search(r"^\s*Bcc:", html, re.MULTILINE)


def test_hostile_input_in_markdown_and_text() -> None:
    md = render_markdown(hostile_scan())
    # Code blocks and spans are literal (inert) in Markdown; everything else must be escaped.
    outside = re.sub(r"^(`{3,})diff\n.*?\n\1$", "", md, flags=re.MULTILINE | re.DOTALL)
    assert "<script" in md  # the diff line, inside the fence
    outside = re.sub(r"(`+) .*? \1", "", outside)
    assert "<script" not in outside and "<img" not in outside and "</style>" not in outside
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in outside
    assert "](javascript:" not in md and "{{7*7}}" in md
    text = render_text(hostile_scan(), "en")
    assert "\r" not in text and not re.search(r"^\s*Bcc:", text, re.MULTILINE)
    assert "<script>alert(1)</script>" in text  # plain text: shown verbatim, inert


def test_markdown_escape_and_code_spans() -> None:
    assert md_escape("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))"
    assert md_escape("# judul") == "\\# judul"
    md = render_markdown(one_incident_scan(), "en")
    assert "` https://dinkes.contohkab.go.id/berita/0 `" in md
    assert "**SLOT GACOR**" in md


def test_safe_href_and_contacts() -> None:
    assert safe_href("https://a.go.id/x?y=1") == "https://a.go.id/x?y=1"
    for bad in (
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,x",
        "//a.go.id",
        "https://a.go.id/\nx",
        "http://",
    ):
        assert safe_href(bad) is None, bad
    parts = contact_links('Budi <budi@contohkab.go.id>, 0812-3456 "><b>')
    assert [p.href for p in parts if p.href] == ["mailto:budi@contohkab.go.id"]
    assert "".join(p.text for p in parts) == 'Budi <budi@contohkab.go.id>, 0812-3456 "><b>'


def test_split_snippet_bounds_and_case() -> None:
    sn = split_snippet("x" * 2000 + " Slot Gacor " + "y" * 2000, "slot gacor")
    assert sn is not None and sn.match == "Slot Gacor"
    assert len(sn.before) + len(sn.match) + len(sn.after) < 700
    assert sn.before.startswith("…") and sn.after.endswith("…")
    none = split_snippet("tidak ada yang cocok", "judi")
    assert none is not None and none.match == "" and none.before == "tidak ada yang cocok"


def test_unknown_language_is_a_report_error() -> None:
    with pytest.raises(ReportError, match="fr"):
        render_html(empty_scan(), "fr")


# --------------------------------------------------------------------------- files


def test_write_report_latest_and_dated_copy(tmp_path: Path) -> None:
    paths = write_report(sample_scan(), None, tmp_path / "reports")
    assert [p.name for p in paths] == ["latest.html", "scan-42-20261121-020005.html"]
    assert paths[0].read_text(encoding="utf-8") == paths[1].read_text(encoding="utf-8")
    assert not list((tmp_path / "reports").glob(".*.tmp"))


@pytest.mark.parametrize(("fmt", "ext"), [("md", "md"), ("text", "txt"), ("html", "html")])
def test_write_report_to_explicit_path(tmp_path: Path, fmt: str, ext: str) -> None:
    out = tmp_path / "nested" / f"r.{ext}"
    assert write_report(one_incident_scan(), out, tmp_path, fmt=fmt, lang="en") == [out]
    assert "dinkes.contohkab.go.id" in out.read_text(encoding="utf-8")


def test_write_report_failure_names_the_path(tmp_path: Path) -> None:
    blocker = tmp_path / "reports"
    blocker.write_text("not a directory")
    with pytest.raises(ReportError, match=re.escape(str(blocker))):
        write_report(empty_scan(), None, blocker)
    with pytest.raises(ReportError, match="pdf"):
        write_report(empty_scan(), None, tmp_path, fmt="pdf")


def test_acknowledged_and_snoozed_shown_with_status() -> None:
    s = site("dinkes.contohkab.go.id")
    ack = incident(s.host, status=IncidentStatus.ACKNOWLEDGED)
    snoozed = dataclasses.replace(
        incident(s.host, Technique.IFRAME, status=IncidentStatus.SNOOZED),
        snoozed_until=START + timedelta(days=7),
    )
    doc = parse(render_html(scan(ok(s, ack, snoozed)), "en"))
    statuses = " ".join(a.text_content() for a in doc.xpath("//article"))
    assert "Acknowledged" in statuses
    assert "snoozed until 2026-11-28 02:00 WIB" in statuses
