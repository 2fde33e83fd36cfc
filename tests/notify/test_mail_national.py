"""The mail of a national scan: summarised at ``report.summarise_above`` like the report, and
without the scan's JSON attached (tens of MB at 40k sites): it says where the JSON is instead.
"""

from __future__ import annotations

import dataclasses

import lxml.html
import pytest

from scanner.api import send_notifications
from scanner.config import EmailSettings, Settings
from scanner.notify import MailScale, plan_messages
from scanner.notify.smtp import SmtpTransport, inline_css
from scanner.report.national import SUMMARISE_ABOVE
from tests.notify.test_pending import FlakyMailer
from tests.report.builders import many_incidents_scan

TEAM = ("csirt@diskominfo.contohkab.go.id",)
GMAIL_CLIP = 102 * 1024
EMAIL = EmailSettings(
    host="127.0.0.1", sender="scanner@diskominfo.contohkab.go.id", to=TEAM, policy="always"
)


def test_the_configured_threshold_summarises_the_mail_and_leaves_the_json_out() -> None:
    scan = many_incidents_scan(40)  # 40 sites: national under summarise_above = 30
    settings = Settings(
        email=EMAIL, summarise_above=30, json="/var/lib/scanner/nightly.json"
    )
    mailer = FlakyMailer()
    assert send_notifications(scan, settings, mailer) == 1
    (msg,) = mailer.sent
    assert [a.filename for a in msg.attachments] == ["scan-7.html"]  # no JSON
    doc = lxml.html.document_fromstring(msg.html)
    assert doc.xpath("//section[@id='national']")  # the per-province summary, as the report
    note = doc.xpath("string(//*[contains(@class, 'attached')])")
    assert "/var/lib/scanner/nightly.json" in note
    assert "scanner report --scan 7 --format json -o scan-7.json" in note
    assert "JSON" in msg.text and "scanner report --scan 7" in msg.text
    assert len(inline_css(msg.html).encode()) < GMAIL_CLIP
    mime = SmtpTransport(EMAIL).build(msg)
    assert {p.get_filename() for p in mime.iter_attachments()} == {"scan-7.html"}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_under_the_threshold_the_json_is_still_attached(lang: str) -> None:
    scan = many_incidents_scan(40)
    (msg,) = plan_messages(scan, EMAIL, lang, scale=MailScale(summarise_above=40))
    assert [a.filename for a in msg.attachments] == ["scan-7.json", "scan-7.html"]
    assert "scanner report --scan" not in msg.html
    assert not lxml.html.document_fromstring(msg.html).xpath("//section[@id='national']")


def test_without_a_json_path_the_mail_names_the_command_alone() -> None:
    scan = many_incidents_scan(40)
    (msg,) = plan_messages(scan, EMAIL, "en", scale=MailScale(summarise_above=10))
    assert [a.filename for a in msg.attachments] == ["scan-7.html"]
    assert "too large to attach; it is here: scanner report --scan 7" in msg.text
    assert "; scanner report" not in msg.text  # no empty path before the command


def test_the_default_scale_is_the_report_default() -> None:
    assert MailScale().summarise_above == SUMMARISE_ABOVE == Settings().summarise_above


def test_a_national_mail_cuts_the_owners_table_to_stay_under_gmails_clip() -> None:
    scan = many_incidents_scan(160)
    owned = dataclasses.replace(  # 160 owners: the national table lists the worst 100
        scan,
        sites=tuple(
            dataclasses.replace(
                s, site=dataclasses.replace(s.site, owner=f"Pemerintah Kabupaten Contoh {k}")
            )
            for k, s in enumerate(scan.sites)
        ),
    )
    (msg,) = plan_messages(owned, EMAIL, "id", scale=MailScale(summarise_above=100))
    assert len(inline_css(msg.html).encode()) < GMAIL_CLIP
    doc = lxml.html.document_fromstring(msg.html)
    assert doc.xpath("//section[@id='national']")
    more = doc.xpath("string(//section[@id='national'])")
    assert "pemilik lainnya" in more  # the cut owners are counted, not silently gone
    assert [a.filename for a in msg.attachments] == ["scan-7.html"]
