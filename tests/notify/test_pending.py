"""Alerts that always arrive: news whose email failed stays pending until it is delivered.

Night 1 the SMTP server is down; night 2 the incident is ``ongoing`` and the ``on-new``
policy would send nothing: the ledger in the state DB makes night 2 send night 1's news.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from scanner.api import send_notifications
from scanner.config import EmailSettings, Settings
from scanner.errors import NotifyError
from scanner.models import Change, Incident, ScanResult
from scanner.notify import OutgoingMessage
from scanner.store import TEAM, Store, contact_audience
from tests.report.builders import ok, scan
from tests.store.test_store import DAY, DINKES, T0, gambling_incident, open_store

TEAM_TO = "csirt@diskominfo.jatimprov.go.id"
SETTINGS = Settings(
    email=EmailSettings(
        host="127.0.0.1", sender="scanner@diskominfo.jatimprov.go.id", to=(TEAM_TO,)
    )
)
GAMBLING = gambling_incident()


class FlakyMailer:
    """A Mailer whose server is down until ``up`` is set; keeps what it delivered."""

    def __init__(self, up: bool = True) -> None:
        self.up = up
        self.sent: list[OutgoingMessage] = []

    def send(self, message: OutgoingMessage) -> None:
        if not self.up:
            raise NotifyError("cannot send email via 127.0.0.1:587: ConnectionRefusedError")
        self.sent.append(message)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path) as s:
        yield s


def night(store: Store, n: int, *current: Incident) -> ScanResult:
    """Scan night ``n``: the store's incident sync, as the pipeline records it."""
    now = T0 + n * DAY
    scan_id = store.begin_scan(now, "0.1.0", [DINKES])
    sync = store.sync_incidents(scan_id, DINKES.url, list(current), now)
    store.finish_scan(scan_id, now, complete=True)
    return scan(ok(DINKES, *sync.incidents, resolved=sync.resolved), scan_id=scan_id)


def test_night_two_sends_the_news_night_one_could_not(store: Store) -> None:
    mailer = FlakyMailer(up=False)
    first = night(store, 0, GAMBLING)
    with pytest.raises(NotifyError, match="ConnectionRefused"):
        send_notifications(first, SETTINGS, mailer, ledger=store)
    assert store.pending_news([GAMBLING.id]) == {GAMBLING.id}

    mailer.up = True
    second = night(store, 1, GAMBLING)
    assert second.sites[0].incidents[0].change is Change.ONGOING
    assert send_notifications(second, SETTINGS, mailer, ledger=store) == 1
    (message,) = mailer.sent
    assert message.recipients == (TEAM_TO,) and GAMBLING.id in message.news
    assert store.pending_news([GAMBLING.id]) == frozenset()

    # Delivered once: night 3 is a quiet night under on-new.
    assert send_notifications(night(store, 2, GAMBLING), SETTINGS, mailer, ledger=store) == 0


def test_without_the_ledger_the_failed_news_is_lost(store: Store) -> None:
    """What the ledger fixes: the policy alone sees only ``change=new``."""
    night(store, 0, GAMBLING)
    second = night(store, 1, GAMBLING)
    assert send_notifications(second, SETTINGS, FlakyMailer()) == 0


def test_a_reappearing_incident_is_news_again(store: Store) -> None:
    mailer = FlakyMailer()
    assert send_notifications(night(store, 0, GAMBLING), SETTINGS, mailer, ledger=store) == 1
    night(store, 1)  # cleaned: resolved
    assert send_notifications(night(store, 2, GAMBLING), SETTINGS, mailer, ledger=store) == 1
    assert len(mailer.sent) == 2


def test_a_contact_keeps_its_own_pending_news(store: Store) -> None:
    """The team got the news, the site's contact did not: only the contact's mail is sent."""
    settings = dataclasses.replace(
        SETTINGS, email=dataclasses.replace(SETTINGS.email, notify_contacts=True)
    )
    first = night(store, 0, GAMBLING)
    store.mark_notified([GAMBLING.id], TEAM, first.id)
    mailer = FlakyMailer()
    second = night(store, 1, GAMBLING)
    assert send_notifications(second, settings, mailer, ledger=store) == 1
    (message,) = mailer.sent
    assert message.recipients == ("webmaster@dinkes.jatimprov.go.id",)
    assert message.audience == contact_audience(DINKES.url)
    assert store.pending_news([GAMBLING.id], contact_audience(DINKES.url)) == frozenset()


def test_one_failed_message_does_not_stop_the_others(store: Store) -> None:
    """The team's mail fails, the contact's goes: only the delivered news is recorded."""
    settings = dataclasses.replace(
        SETTINGS, email=dataclasses.replace(SETTINGS.email, notify_contacts=True)
    )

    class TeamDown(FlakyMailer):
        def send(self, message: OutgoingMessage) -> None:
            if message.audience == TEAM:
                raise NotifyError("cannot send email: 451 try again later")
            self.sent.append(message)

    mailer = TeamDown()
    with pytest.raises(NotifyError, match="451"):
        send_notifications(night(store, 0, GAMBLING), settings, mailer, ledger=store)
    assert [m.audience for m in mailer.sent] == [contact_audience(DINKES.url)]
    assert store.pending_news([GAMBLING.id], TEAM) == {GAMBLING.id}
    assert store.pending_news([GAMBLING.id], contact_audience(DINKES.url)) == frozenset()


def test_min_severity_leaves_lesser_incidents_out_of_exit_code_and_mail(store: Store) -> None:
    """A team that only wants high and critical: a medium incident alone is exit 0, no mail;
    the state DB still has it (and it stays pending, should the threshold come down)."""
    from scanner.api import exit_code, shown
    from scanner.models import Severity

    medium = gambling_incident(severity=Severity.MEDIUM)
    settings = dataclasses.replace(SETTINGS, min_severity="high")
    result = night(store, 0, medium)
    assert exit_code(result) == 1
    visible = shown(result, settings)
    assert exit_code(visible) == 0
    assert send_notifications(visible, settings, FlakyMailer(), ledger=store) == 0
    assert store.pending_news([medium.id]) == {medium.id}
    assert store.get_incident(medium.id).severity is Severity.MEDIUM


def test_min_severity_is_validated() -> None:
    from scanner.config import load_settings
    from scanner.errors import ConfigError

    with pytest.raises(ConfigError, match="min_severity"):
        load_settings(env={}, overrides={"min_severity": "urgent"})
