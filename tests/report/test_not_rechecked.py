"""An active incident the scan could not re-check is shown as such, not as new or resolved."""

from __future__ import annotations

import dataclasses

import lxml.html
import pytest

from scanner.models import Change, Incident, RecheckGap, ScanResult, Unchecked
from scanner.output import incident_to_json
from scanner.report import render_html, render_markdown, render_text
from tests.report.builders import incident, ok, scan, site

HOST = "dishub.kabtirta.go.id"
PAGE = f"https://{HOST}/berita/0"


def _scan_with_unchecked() -> tuple[ScanResult, Incident]:
    kept = dataclasses.replace(
        incident(HOST, change=Change.ONGOING),
        unchecked=(Unchecked(PAGE, RecheckGap.FAILED, "timeout: total timeout 30 s"),),
    )
    found = incident("disdik.kabtirta.go.id", change=Change.ONGOING)
    return (scan(ok(site(HOST), kept), ok(site("disdik.kabtirta.go.id"), found)), kept)


@pytest.mark.parametrize(
    ("lang", "label"), [("id", "Belum diperiksa ulang"), ("en", "Not re-checked")]
)
def test_the_report_says_not_re_checked_and_why(lang: str, label: str) -> None:
    result, _ = _scan_with_unchecked()
    for text in (render_text(result, lang), render_markdown(result, lang)):
        # the change label and the line saying why; the incident found tonight has neither
        assert text.count(label) == 2
        assert "timeout: total timeout 30 s" in text
    doc = lxml.html.fromstring(render_html(result, lang))
    chips = [c.text_content() for c in doc.xpath("//article//span[contains(@class,'chg')]")]
    assert label in chips
    assert "timeout" in doc.xpath("string(//p[@class='unchecked'])")


def test_the_json_lists_the_pages_not_re_checked() -> None:
    _, kept = _scan_with_unchecked()
    data = incident_to_json(kept)
    assert data["change"] == "ongoing"
    assert data["unchecked"] == [
        {"url": PAGE, "gap": "failed", "detail": "timeout: total timeout 30 s"}
    ]
    assert incident_to_json(incident(HOST))["unchecked"] == []
