"""A big report through the library API to a real SMTP server on 127.0.0.1: what arrives."""

from __future__ import annotations

import json

from scanner.api import send_notifications
from scanner.config import Settings
from scanner.notify.smtp import SmtpTransport
from tests.notify.test_smtp import Handler, settings, smtpd
from tests.report.builders import many_incidents_scan

__all__ = ["smtpd"]  # the fixture, imported for pytest

GMAIL_CLIP = 102 * 1024


def test_big_report_arrives_as_summary_with_attachments_in_the_configured_zone(
    smtpd: tuple[Handler, int],
) -> None:
    handler, port = smtpd
    config = Settings(email=settings(port, policy="always"), timezone="Asia/Jayapura")
    mailer = SmtpTransport(config.email)  # the CLI builds the Mailer; the API only uses it
    assert send_notifications(many_incidents_scan(40), config, mailer) == 1
    (_from, _rcpts, msg) = handler.received[0]
    assert msg.get_content_type() == "multipart/mixed"
    html = msg.get_body(("html",))
    text = msg.get_body(("plain",))
    assert html is not None and text is not None
    body = html.get_content()
    assert len(body.encode()) < GMAIL_CLIP
    assert "2026-11-21 04:00 WIT" in body and "WIB" not in body
    assert "lampiran" in text.get_content()
    files = {p.get_filename(): p for p in msg.iter_attachments()}
    assert set(files) == {"scan-7.json", "scan-7.html"}
    data = json.loads(files["scan-7.json"].get_content())
    assert len(data["sites"]) == 40
    assert "hxxps://opd0[.]contohkab[.]go[.]id/berita/0" in files["scan-7.html"].get_content()
