"""A scan that checked nothing, or did not finish, never reads as "all clear"."""

from __future__ import annotations

import dataclasses

import lxml.html
import pytest

from scanner.config import EmailSettings
from scanner.models import FetchError, PageRecord, ScanResult, Site, SiteResult
from scanner.notify import plan_messages
from scanner.report import render_html, render_markdown, render_text
from tests.report.builders import empty_scan, incident, ok, scan, site

ALL_CLEAR_ID = "Semua situs yang dapat diakses terlihat bersih"
ALL_CLEAR_EN = "No open incidents"
TEAM = ("csirt@diskominfo.contohkab.go.id",)


def unreachable(host: str, status: str = "unreachable") -> SiteResult:
    """A site whose homepage could not be fetched (DNS failure)."""
    s = Site(url=f"https://{host}/", name=host)
    page = PageRecord(
        url=s.url, final_url=s.url, status=None, error=FetchError("dns", "Name not known")
    )
    return SiteResult(site=s, status=status, error="dns: Name not known", pages=(page,))


def nothing_checked() -> ScanResult:
    return scan(unreachable("dinkes.contohkab.go.id"), unreachable("bpbd.contohkab.go.id", "error"))


def interrupted() -> ScanResult:
    return dataclasses.replace(empty_scan(), complete=False, finished=None)


def first_warning(html: str) -> lxml.html.HtmlElement:
    """The first element of the body that carries a warning or an all-clear."""
    doc = lxml.html.document_fromstring(html)
    classes = "concat(' ', normalize-space(@class), ' ')"
    found = doc.xpath(
        f"//body//*[contains({classes}, ' alert ') or contains({classes}, ' ok ')]"
    )
    assert found, "no banner at all"
    return found[0]


@pytest.mark.parametrize("build", [nothing_checked, interrupted])
def test_html_says_so_first_in_red_and_never_all_clear(build: object) -> None:
    s = build()  # type: ignore[operator]
    for lang, clear in (("id", ALL_CLEAR_ID), ("en", ALL_CLEAR_EN)):
        html = render_html(s, lang)
        assert clear not in html
        banner = first_warning(html)
        assert "alert" in banner.get("class", "").split()
        # the banner is in the header, before the counters
        assert banner.xpath("ancestor::header[contains(@class, 'top')]")
        doc = lxml.html.document_fromstring(html)
        assert doc.xpath("//div[contains(@class, 'stat-ok')]") == []  # no green counter


def test_nothing_checked_says_no_site_was_reached() -> None:
    html = render_html(nothing_checked())
    assert "Tidak ada situs yang berhasil diperiksa" in first_warning(html).text_content()
    en = render_html(nothing_checked(), "en")
    assert "No site could be checked" in first_warning(en).text_content()


def test_interrupted_says_it_did_not_finish() -> None:
    assert "tidak selesai" in first_warning(render_html(interrupted())).text_content()
    assert "did not finish" in first_warning(render_html(interrupted(), "en")).text_content()


@pytest.mark.parametrize("render", [render_markdown, render_text])
@pytest.mark.parametrize("build", [nothing_checked, interrupted])
def test_markdown_and_text_put_the_warning_first(render: object, build: object) -> None:
    out = render(build(), "id")  # type: ignore[operator]
    assert ALL_CLEAR_ID not in out
    lines = [line for line in out.splitlines() if line.strip()]
    # title line, then (possibly the scan line, then) the warning: before any counter
    head = "\n".join(lines[:3])
    assert "tidak selesai" in head or "Tidak ada situs yang berhasil diperiksa" in head


def test_a_real_all_clear_is_still_green() -> None:
    html = render_html(empty_scan())
    banner = first_warning(html)
    assert "ok" in banner.get("class", "").split() and ALL_CLEAR_ID in banner.text_content()


def test_partly_reachable_finished_scan_is_clear_for_what_was_reached() -> None:
    s = scan(ok(site("dinkes.contohkab.go.id")), unreachable("bpbd.contohkab.go.id"))
    assert ALL_CLEAR_ID in render_html(s)


def test_mail_subject_and_body_for_a_scan_that_checked_nothing() -> None:
    settings = EmailSettings(host="127.0.0.1", to=TEAM)  # on-new, no all-clear asked for
    (msg,) = plan_messages(nothing_checked(), settings, "id")
    assert msg.kind == "not_checked"
    assert "Semua aman" not in msg.subject and "tidak ada situs" in msg.subject.lower()
    assert msg.text.splitlines()[0].startswith("PERINGATAN")
    assert ALL_CLEAR_ID not in msg.html and ALL_CLEAR_ID not in msg.text
    (en,) = plan_messages(nothing_checked(), settings, "en")
    assert "All clear" not in en.subject and "no site" in en.subject.lower()


def test_mail_for_an_interrupted_scan_never_says_all_clear() -> None:
    settings = EmailSettings(host="127.0.0.1", to=TEAM, all_clear=True)
    (msg,) = plan_messages(interrupted(), settings, "en")
    assert "All clear" not in msg.subject and "did not finish" in msg.subject
    assert msg.text.splitlines()[0].startswith("WARNING")
    assert ALL_CLEAR_EN not in msg.text
    # with new incidents the subject still says the scan is incomplete
    s = dataclasses.replace(
        scan(ok(site("dinkes.contohkab.go.id"), incident("dinkes.contohkab.go.id"))),
        complete=False,
    )
    (report,) = plan_messages(s, settings, "id")
    assert report.kind == "report" and "tidak selesai" in report.subject


def test_the_unseen_warning_gives_the_reason_in_the_readers_language() -> None:
    # One site of two unreachable: the warning names it with the reason from the catalog;
    # the resolver's English text stays in the sites table, not in the warning.
    seen = scan(ok(site("dinkes.contohkab.go.id")), unreachable("sipd.contohkab.go.id"))
    for lang, reason in (("id", "Nama domain tidak ditemukan (DNS)"), ("en", "DNS")):
        warning = first_warning(render_html(seen, lang)).text_content()
        assert "sipd.contohkab.go.id" in warning and reason in warning
        assert "Name not known" not in warning
    # an exception's text has no label: it is shown as it is rather than dropped
    odd = dataclasses.replace(unreachable("bpbd.contohkab.go.id"), error="worker lost twice")
    html = render_html(scan(ok(site("dinkes.contohkab.go.id")), odd))
    assert "worker lost twice" in first_warning(html).text_content()
