"""The notification policy: who gets which email when (no mail server needed)."""

from __future__ import annotations

import pytest

from scanner.config import EmailSettings
from scanner.errors import NotifyError
from scanner.models import (
    Change,
    IncidentStatus,
    ScanResult,
    Severity,
    Site,
    SiteResult,
    Technique,
)
from scanner.notify import (
    OutgoingMessage,
    clean_header,
    contact_addresses,
    parse_recipients,
    plan_messages,
    valid_address,
)
from tests.report.builders import empty_scan, incident, ok, scan, site

TEAM = ("csirt@diskominfo.contohkab.go.id",)
DINKES = site("dinkes.contohkab.go.id", "Dinas Kesehatan", "Budi <budi@dinkes.contohkab.go.id>")
DISDIK = site("disdik.contohprov.go.id", "Dinas Pendidikan", "admin@disdik.contohprov.go.id")


def settings(**kw: object) -> EmailSettings:
    base: dict[str, object] = {"host": "127.0.0.1", "to": TEAM}
    base.update(kw)
    return EmailSettings(**base)  # type: ignore[arg-type]


def new_scan() -> ScanResult:
    """3 new incidents (1 critical) on 2 sites, plus one ongoing."""
    return scan(
        ok(
            DINKES,
            incident(DINKES.host, Technique.HIDDEN_LINKS, Severity.HIGH),
            incident(DINKES.host, Technique.CLOAKING_UA, Severity.MEDIUM),
            incident(DINKES.host, Technique.SPAM_COMMENT, Severity.LOW, Change.ONGOING),
        ),
        ok(DISDIK, incident(DISDIK.host, Technique.DEFACEMENT_PAGE, Severity.CRITICAL)),
    )


def ongoing_scan() -> ScanResult:
    return scan(ok(DINKES, incident(DINKES.host, change=Change.ONGOING)), ok(DISDIK))


def test_on_new_sends_one_report_with_a_subject_that_counts() -> None:
    (msg,) = plan_messages(new_scan(), settings(), "id")
    assert msg.recipients == TEAM and msg.kind == "report"
    assert msg.subject == "[scanner] 3 insiden baru di 2 situs (1 kritis)"
    assert "<!DOCTYPE html>" in msg.html and "Dinas Pendidikan" in msg.text


def test_subject_in_english_and_without_critical() -> None:
    s = scan(ok(DINKES, incident(DINKES.host)))
    (msg,) = plan_messages(s, settings(), "en")
    assert msg.subject == "[scanner] 1 new incident on 1 site"
    (msg,) = plan_messages(new_scan(), settings(), "en")
    assert msg.subject == "[scanner] 3 new incidents on 2 sites (1 critical)"


def test_on_new_stays_quiet_when_nothing_is_new() -> None:
    assert plan_messages(ongoing_scan(), settings(), "id") == []
    assert plan_messages(empty_scan(), settings(), "id") == []


def test_all_clear_only_when_nothing_is_open() -> None:
    (msg,) = plan_messages(empty_scan(), settings(all_clear=True), "en")
    assert msg.kind == "all_clear"
    assert msg.subject == "[scanner] All clear: 2 sites scanned, no open incidents"
    assert "Scan #7" in msg.text and "no open incidents" in msg.text
    # something open but not new: no all-clear (that would be a lie), no report (on-new)
    assert plan_messages(ongoing_scan(), settings(all_clear=True), "en") == []


def test_always_sends_every_time() -> None:
    (msg,) = plan_messages(ongoing_scan(), settings(policy="always"), "id")
    assert msg.kind == "report"
    assert msg.subject == "[scanner] 1 insiden terbuka di 1 situs (tidak ada yang baru)"
    (clear,) = plan_messages(empty_scan(), settings(policy="always"), "id")
    assert clear.kind == "all_clear"


def test_never_sends_nothing_unless_forced() -> None:
    assert plan_messages(new_scan(), settings(policy="never"), "id") == []
    (msg,) = plan_messages(ongoing_scan(), settings(policy="never"), "id", force=True)
    assert msg.kind == "report"


def test_acknowledged_and_snoozed_incidents_never_trigger() -> None:
    s = scan(
        ok(
            DINKES,
            incident(DINKES.host, status=IncidentStatus.ACKNOWLEDGED),
            incident(DINKES.host, Technique.IFRAME, status=IncidentStatus.SNOOZED),
        )
    )
    assert plan_messages(s, settings(), "id") == []


def test_contacts_get_their_own_site_only() -> None:
    msgs = plan_messages(new_scan(), settings(notify_contacts=True), "id")
    by_kind = {m.recipients: m for m in msgs}
    assert set(by_kind) == {
        TEAM,
        ("budi@dinkes.contohkab.go.id",),
        ("admin@disdik.contohprov.go.id",),
    }
    dinkes = by_kind[("budi@dinkes.contohkab.go.id",)]
    assert dinkes.kind == "contact"
    assert dinkes.subject == "[scanner] 2 insiden baru di Dinas Kesehatan"
    assert "Dinas Kesehatan" in dinkes.text and "Dinas Pendidikan" not in dinkes.text
    assert "disdik.contohprov.go.id" not in dinkes.html
    assert "kontak situs Dinas Kesehatan" in dinkes.html


def test_contacts_only_without_team_and_no_all_clear_for_them() -> None:
    msgs = plan_messages(new_scan(), settings(to=(), notify_contacts=True), "en")
    assert len(msgs) == 2 and all(m.kind == "contact" for m in msgs)
    cleared = plan_messages(empty_scan(), settings(notify_contacts=True, all_clear=True), "en")
    assert [m.kind for m in cleared] == ["all_clear"]


def test_hostile_site_name_cannot_inject_headers() -> None:
    evil = Site(
        url="https://evil.contohkab.go.id/",
        name="Dinas\r\nBcc: victim@example.com\r\n\r\n<script>alert(1)</script>",
        contact="ops@contohkab.go.id",
    )
    s = scan(SiteResult(site=evil, status="ok", incidents=(incident(evil.host),)))
    msgs = plan_messages(s, settings(notify_contacts=True), "id")
    assert len(msgs) == 2
    for msg in msgs:
        assert "\r" not in msg.subject and "\n" not in msg.subject
    assert "<script>alert(1)</script>" not in msgs[1].html


def test_invalid_configured_recipient_is_rejected() -> None:
    with pytest.raises(NotifyError, match=r"email\.to"):
        plan_messages(new_scan(), settings(to=("csirt@x.go.id\r\nBcc: a@b.c",)), "id")
    with pytest.raises(NotifyError, match="not-an-address"):
        plan_messages(new_scan(), settings(to=("not-an-address",)), "id")


def test_recipient_helpers() -> None:
    assert parse_recipients(["CSIRT <csirt@x.go.id>", "csirt@X.go.id", "b@y.go.id"]) == (
        "csirt@x.go.id",
        "b@y.go.id",
    )
    assert contact_addresses("Budi <budi@x.go.id>, 0812-3456; ani@y.go.id.") == (
        "budi@x.go.id",
        "ani@y.go.id",
    )
    assert contact_addresses("0812-3456-7890 (WA)") == ()
    assert valid_address("a.b+c@sub.contoh.go.id")
    for bad in ("a@b", "a b@c.go.id", "a@b.go.id\r\n", "<a@b.go.id>", "a@b.go.id,c@d.go.id"):
        assert not valid_address(bad), bad


def test_clean_header_bounds_and_flattens() -> None:
    assert clean_header("a\r\nb\tc\x00d") == "a b c d"
    assert len(clean_header("x" * 1000)) == 200


def test_outgoing_message_is_frozen() -> None:
    msg = OutgoingMessage(("a@b.go.id",), "s", "t", "<p>h</p>")
    with pytest.raises(AttributeError):
        msg.subject = "x"  # type: ignore[misc]
