"""Mail clients: under Gmail's clipping, hostile URLs defanged, tables that fit a phone."""

from __future__ import annotations

import json
import re

import lxml.html
import pytest

from scanner.config import EmailSettings
from scanner.demo.sample import sample_scan
from scanner.models import ScanResult
from scanner.notify import OutgoingMessage, plan_messages
from scanner.notify.smtp import SmtpTransport, inline_css
from scanner.report.defang import defang_text, defang_url
from tests.report.builders import many_incidents_scan, one_incident_scan

TEAM = ("csirt@diskominfo.contohkab.go.id",)
GMAIL_CLIP = 102 * 1024


def team_mail(s: ScanResult, lang: str = "id") -> OutgoingMessage:
    (msg,) = plan_messages(s, EmailSettings(host="127.0.0.1", to=TEAM, policy="always"), lang)
    return msg


def test_small_report_is_sent_whole_without_attachment() -> None:
    msg = team_mail(one_incident_scan())
    assert msg.attachments == ()
    assert len(inline_css(msg.html).encode()) < GMAIL_CLIP
    assert "SLOT GACOR" in msg.html  # the evidence itself is in the mail


@pytest.mark.parametrize("lang", ["id", "en"])
def test_big_report_sends_the_summary_first_and_attaches_the_json(lang: str) -> None:
    big = many_incidents_scan(40)
    msg = team_mail(big, lang)
    assert len(inline_css(msg.html).encode()) < GMAIL_CLIP
    doc = lxml.html.document_fromstring(msg.html)
    assert doc.xpath("//table[@class='summary']")  # the counts are there
    names = [a.filename for a in msg.attachments]
    assert names == ["scan-7.json", "scan-7.html"]
    data = json.loads(msg.attachments[0].content)
    assert data["scan"]["id"] == 7
    note = "lampiran" if lang == "id" else "attach"
    assert note in doc.xpath("string(//*[contains(@class, 'attached')])").lower()
    assert note in msg.text.lower()
    # every site with an incident is still named in the summary
    for n in range(40):
        assert f"OPD {n} Kabupaten Contoh" in msg.html


def test_a_huge_scan_still_fits_by_cutting_the_sites_table() -> None:
    msg = team_mail(many_incidents_scan(150))
    assert len(inline_css(msg.html).encode()) < GMAIL_CLIP
    assert "situs lainnya (lihat lampiran)" in msg.html
    assert [a.filename for a in msg.attachments] == ["scan-7.json", "scan-7.html"]


def test_attachments_reach_the_mime_message() -> None:
    msg = team_mail(many_incidents_scan(40))
    mime = SmtpTransport(
        EmailSettings(host="127.0.0.1", sender="scanner@diskominfo.contohkab.go.id")
    ).build(msg)
    parts = {p.get_filename(): p.get_content_type() for p in mime.iter_attachments()}
    assert parts == {"scan-7.json": "application/json", "scan-7.html": "text/html"}
    html_part = mime.get_body(preferencelist=("html",))
    assert html_part is not None and len(html_part.get_content().encode()) < GMAIL_CLIP


def test_defang_helpers() -> None:
    assert defang_url("https://situs-slot88.example/daftar") == "hxxps://situs-slot88[.]example/daftar"
    assert defang_url("http://1.2.3.4/x") == "hxxp://1[.]2[.]3[.]4/x"
    assert defang_text("kunjungi slot88.example atau https://a.example/b sekarang") == (
        "kunjungi slot88[.]example atau hxxps://a[.]example/b sekarang"
    )
    assert defang_text("Rp 1.500 pukul 08.00 WIB") == "Rp 1.500 pukul 08.00 WIB"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_hostile_urls_are_defanged_in_mail_but_the_inventory_url_stays(lang: str) -> None:
    msg = team_mail(one_incident_scan(), lang)
    for body in (msg.html, msg.text):
        assert "situs-slot88.example" not in body
        assert "hxxps://situs-slot88[.]example/daftar" in body
        assert "https://dinkes.contohkab.go.id/berita/0" not in body
    doc = lxml.html.document_fromstring(msg.html)
    hrefs = set(doc.xpath("//a/@href"))
    assert hrefs <= {"https://dinkes.contohkab.go.id/", "mailto:budi@contohkab.go.id"}, hrefs
    assert "https://dinkes.contohkab.go.id/" in hrefs


def test_sample_mail_defangs_every_evidence_url() -> None:
    msg = team_mail(sample_scan())
    doc = lxml.html.document_fromstring(msg.html)
    inventory = {s.site.url for s in sample_scan().sites}
    for href in doc.xpath("//a/@href"):
        assert href in inventory or href.startswith("mailto:"), href
    assert not re.search(r"https?://[^\s<\"]*\.example", msg.html + msg.text)


def _without_style(html: str) -> lxml.html.HtmlElement:
    """The mail as a client that inlines nothing more and drops every <style> element sees it."""
    doc = lxml.html.document_fromstring(inline_css(html))
    for style in doc.xpath("//style"):
        style.getparent().remove(style)
    return doc


def _style(el: lxml.html.HtmlElement) -> str:
    return re.sub(r"\s+", "", el.get("style", "")).lower()


def test_sites_table_fits_390px_without_style_elements() -> None:
    doc = _without_style(team_mail(sample_scan()).html)
    (table,) = doc.xpath("//section[@id='sites']//table")
    assert "table-layout:fixed" in _style(table) and "width:100%" in _style(table)
    for cell in table.xpath(".//td | .//th"):
        style = _style(cell)
        assert re.search(r"overflow-wrap:(?:anywhere|break-word)", style), style
    # nothing in the mail asks for more than a phone's width
    for el in doc.xpath("//*[@style]"):
        for px in re.findall(r"(?:^|;)(?:min-)?width:(\d+)px", _style(el)):
            assert int(px) <= 390, (el.tag, _style(el))
    for el in doc.xpath("//*[@width]"):
        assert not el.get("width").isdigit() or int(el.get("width")) <= 390


def test_hostile_scan_mail_is_inert_and_defanged() -> None:
    from tests.report.builders import hostile_scan
    from tests.report.test_render import assert_inert

    msg = team_mail(hostile_scan(), "en")
    doc = assert_inert(msg.html)
    # only the unreachable site's inventory URL and the contact stay links
    assert set(doc.xpath("//a/@href")) == {
        "https://sipd.contohkab.go.id/",
        "mailto:budi@contohkab.go.id",
    }
    assert "<script>alert" not in msg.html
    assert msg.text.splitlines()[0].startswith("WARNING")  # the scan did not finish
