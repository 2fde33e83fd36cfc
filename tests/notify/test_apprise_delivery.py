"""Apprise for real, against a JSON webhook on 127.0.0.1: bodies, the ledger, failures, secrets.

Night 1 the chat service is down (503): the news stays pending for that channel and the exit
code says so; night 2 the incident is ``ongoing`` and the channel still gets it. A channel that
received the news is not told twice, whatever happens to the others or to the email.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scanner.api import notify_all, send_chat_notifications
from scanner.cli import app
from scanner.config import Settings
from scanner.config_apprise import AppriseSettings
from scanner.errors import ConfigError, NotifyError
from scanner.models import Message
from scanner.notify.apprise import AppriseSender, require_apprise
from scanner.store import Store
from tests.conftest import ServedWorld
from tests.notify.test_pending import SETTINGS, FlakyMailer, night
from tests.notify.webhook import Webhook, webhook
from tests.store.test_store import gambling_incident, open_store

SECRET = "t0k3n-9f8e7d6c5b4a"
"""A token in the webhook's path: it must reach no log line, error or stored row."""
GAMBLING = dataclasses.replace(
    gambling_incident(),
    message=Message.of("finding.visible_content_to", target="slotgacor-maxwin.com"),
)
runner = CliRunner()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """requests honours proxy variables: loopback must be reached directly."""
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
def hook() -> Iterator[Webhook]:
    with webhook() as served:
        yield served


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path) as s:
        yield s


def chat_settings(*urls: str, **kw: object) -> Settings:
    return dataclasses.replace(
        SETTINGS,
        base_url="https://scanner.jatimprov.go.id/laporan",
        apprise=AppriseSettings(urls=urls, **kw),  # type: ignore[arg-type]
    )


def test_the_message_arrives_once_and_links_the_report(hook: Webhook, store: Store) -> None:
    settings = chat_settings(hook.url(f"/{SECRET}"))
    first = night(store, 0, GAMBLING)
    assert send_chat_notifications(first, settings, AppriseSender(), ledger=store) == 1
    (post,) = hook.posts
    assert hook.paths == [f"/{SECRET}"]
    assert post["title"] == "[scanner] 1 insiden baru di 1 situs"
    body = post["message"]
    assert "Tinggi: 1" in body
    assert "Dinas Kesehatan Provinsi Jawa Timur: Konten terlihat yang mempromosikan judi" in body
    assert "slotgacor-maxwin[.]com" in body  # defanged, as in the mail
    last = body.rstrip().splitlines()[-1]
    assert re.fullmatch(
        r"Laporan lengkap: https://scanner\.jatimprov\.go\.id/laporan/scan-1-\d{8}-\d{6}\.html",
        last,
    )
    assert post["type"] == "failure"  # a high-severity incident: the service's alarm colour
    # night 2: ongoing, already told: on-new sends nothing
    second = night(store, 1, GAMBLING)
    assert send_chat_notifications(second, settings, AppriseSender(), ledger=store) == 0
    assert len(hook.posts) == 1


def test_a_failed_channel_keeps_its_news_and_names_no_secret(
    hook: Webhook, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    down, up = hook.url(f"/down/{SECRET}"), hook.url("/up")
    settings = chat_settings(down, up)
    hook.status = 503
    caplog.set_level(logging.DEBUG)  # -v: Apprise's and urllib3's debug lines print URLs
    with pytest.raises(NotifyError) as failed:
        send_chat_notifications(night(store, 0, GAMBLING), settings, AppriseSender(), ledger=store)
    assert "team#1 (json)" in str(failed.value) and "team#2 (json)" in str(failed.value)
    assert "503" in str(failed.value)
    assert SECRET not in str(failed.value) and SECRET not in caplog.text
    assert "/down/***" in caplog.text  # the line was logged, scrubbed
    assert len(hook.posts) == 2  # both were tried

    hook.status = 200
    second = night(store, 1, GAMBLING)  # ongoing now; both channels still have it pending
    assert send_chat_notifications(second, settings, AppriseSender(), ledger=store) == 2
    third = night(store, 2, GAMBLING)
    assert send_chat_notifications(third, settings, AppriseSender(), ledger=store) == 0
    assert len(hook.posts) == 4
    rows = store._tx(write=False).__enter__().execute("SELECT audience FROM notified").fetchall()
    assert rows and all(SECRET not in r[0] and r[0].startswith("apprise:team:") for r in rows)


def test_one_channel_down_does_not_resend_to_the_one_that_got_it(
    hook: Webhook, store: Store
) -> None:
    settings = chat_settings(hook.url("/telegram"), hook.url("/slack"))
    sender = AppriseSender()

    class HalfDown:
        """The Slack-like path fails on the first night only."""

        night = 0

        def send(self, channel, message):  # type: ignore[no-untyped-def]
            if channel.index == 2 and self.night == 0:
                raise NotifyError(f"cannot notify {channel.label}: 503")
            sender.send(channel, message)

    half = HalfDown()
    with pytest.raises(NotifyError, match=r"team#2 \(json\)"):
        send_chat_notifications(night(store, 0, GAMBLING), settings, half, ledger=store)
    half.night = 1
    assert send_chat_notifications(night(store, 1, GAMBLING), settings, half, ledger=store) == 1
    assert hook.paths == ["/telegram", "/slack"]


def test_a_failed_email_never_blocks_the_chat(hook: Webhook, tmp_path: Path) -> None:
    state = tmp_path / "state" / "scanner.db"
    settings = dataclasses.replace(chat_settings(hook.url("/csirt")), state=str(state))
    with Store.open(state) as s:
        result = night(s, 0, GAMBLING)
    with pytest.raises(NotifyError, match="ConnectionRefused"):
        notify_all(result, settings, mailer=FlakyMailer(up=False), email=True, chat=True)
    assert len(hook.posts) == 1
    with Store.open(state) as s:  # the mail's news is still pending, the channel's is not
        assert s.pending_news([GAMBLING.id]) == {GAMBLING.id}
        audience = s._tx(write=False).__enter__().execute(
            "SELECT audience FROM notified"
        ).fetchone()[0]
        assert s.pending_news([GAMBLING.id], audience) == frozenset()


def stored_night(tmp_path: Path, toml: str) -> Path:
    """A state DB holding one scan with a new gambling incident, and a scanner.toml."""
    state = tmp_path / "state.db"
    with Store.open(state) as s:
        night(s, 0, GAMBLING)
    config = tmp_path / "scanner.toml"
    config.write_text(
        f'[scan]\nstate = "{state}"\nreports_dir = "{tmp_path / "reports"}"\n' + toml,
        encoding="utf-8",
    )
    return config


def test_report_notify_sends_now_and_a_down_service_exits_3(hook: Webhook, tmp_path: Path) -> None:
    config = stored_night(
        tmp_path,
        '[report]\nlang = "en"\nbase_url = "https://scanner.jatimprov.go.id/r"\n'
        '[apprise]\nurls = ["${SCANNER_TEST_HOOK}"]\nformat = "markdown"\n',
    )
    env = {"SCANNER_TEST_HOOK": hook.url(f"/{SECRET}")}
    result = runner.invoke(app, ["report", "--notify", "-c", str(config)], env=env)
    assert result.exit_code == 0, result.output
    assert "1 chat message(s) sent" in result.output
    (post,) = hook.posts
    assert post["title"] == "[scanner] 1 new incident on 1 site"
    assert "/r/scan-1-" in post["message"] and "slotgacor-maxwin\\[.\\]com" in post["message"]

    hook.status = 500
    failed = runner.invoke(app, ["report", "--notify", "-c", str(config)], env=env)
    assert failed.exit_code == 3, failed.output
    assert "team#1 (json)" in failed.output and SECRET not in failed.output


def test_notify_without_a_channel_or_without_apprise_is_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = stored_night(tmp_path, "")
    monkeypatch.delenv("SCANNER_APPRISE_URLS", raising=False)
    result = runner.invoke(app, ["report", "--notify", "-c", str(config)])
    assert result.exit_code == 2 and "apprise.urls" in result.output
    # --notify on a scan is checked before anything is crawled
    scanned = runner.invoke(
        app, ["scan", "--notify", "-q", "-c", str(config), "--site", "dinkes.contohkab.go.id"]
    )
    assert scanned.exit_code == 2 and "SCANNER_APPRISE_URLS" in scanned.output
    monkeypatch.setitem(sys.modules, "apprise", None)  # as if the extra were not installed
    with pytest.raises(ConfigError, match=r"scanner\[apprise\]"):
        require_apprise()
    missing = runner.invoke(
        app, ["report", "--notify", "-c", str(config)], env={"SCANNER_APPRISE_URLS": "json://x/y"}
    )
    assert missing.exit_code == 2 and "pip install 'scanner[apprise]'" in missing.output


def test_an_unusable_url_is_a_failed_channel_not_a_crash(store: Store) -> None:
    settings = chat_settings(f"nosuchservice://{SECRET}/x")
    with pytest.raises(NotifyError) as failed:
        send_chat_notifications(night(store, 0, GAMBLING), settings, AppriseSender(), ledger=store)
    assert "team#1 (nosuchservice)" in str(failed.value) and SECRET not in str(failed.value)
    assert store.pending_news([GAMBLING.id], "apprise:team:x") == {GAMBLING.id}


def test_scan_notify_tells_the_channel_of_a_defaced_site_once(
    served_demo: ServedWorld, hook: Webhook, tmp_path: Path
) -> None:
    """The whole path: a loopback scan finds the defacement, --notify posts it, the next scan
    (same news) posts nothing, and the link names the report this scan wrote."""
    with served_demo.config.open("a", encoding="utf-8") as config:
        config.write(
            '[report]\nbase_url = "https://scanner.kabcontoh.go.id/laporan"\n'
            f'[apprise]\nurls = ["{hook.url("/csirt")}"]\n'
        )
    args = ["scan", "--notify", "-q", "--config", str(served_demo.config)]
    args += ["--state", str(tmp_path / "state.db"), "--report", str(tmp_path / "harian.html")]
    args += ["--site", "http://dinkes.kabcontoh.go.id/"]
    assert runner.invoke(app, args).exit_code == 1
    (post,) = hook.posts
    assert "Kritis" in post["message"] and "dinkes.kabcontoh.go.id" in post["message"]
    assert post["message"].rstrip().endswith("/laporan/harian.html")
    assert runner.invoke(app, args).exit_code == 1
    assert len(hook.posts) == 1


def test_a_crashing_plugin_fails_its_channel_only(
    hook: Webhook, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import apprise

    url = f"json://127.0.0.1:{hook.port}/{SECRET}"
    original = apprise.Apprise.notify

    def crash(self: apprise.Apprise, *args: object, **kw: object) -> object:
        if any(SECRET in s.url() for s in self):
            raise RuntimeError(f"plugin bug while posting to {url}")
        return original(self, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(apprise.Apprise, "notify", crash)
    settings = chat_settings(url, hook.url("/ok"))
    with pytest.raises(NotifyError) as failed:
        send_chat_notifications(night(store, 0, GAMBLING), settings, AppriseSender(), ledger=store)
    assert "team#1 (json): RuntimeError: plugin bug" in str(failed.value)
    assert SECRET not in str(failed.value)
    assert hook.paths == ["/ok"]
