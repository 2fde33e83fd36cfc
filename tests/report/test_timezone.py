"""Times in the report and mail follow ``report.timezone`` (WIB, WITA, WIT or a UTC offset)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from scanner.config import EmailSettings, load_settings
from scanner.errors import ConfigError
from scanner.notify import plan_messages
from scanner.report import render_html, render_markdown, render_text, write_report
from scanner.report.clock import DEFAULT_TIMEZONE, fmt_time, zone
from scanner.report.i18n import translator
from tests.report.builders import START, empty_scan, one_incident_scan

# START is 2026-11-20 19:00:05 UTC: 02:00 WIB, 03:00 WITA, 04:00 WIT on the 21st.


@pytest.mark.parametrize(
    ("tz", "shown"),
    [
        ("Asia/Jakarta", "2026-11-21 02:00 WIB"),
        ("Asia/Pontianak", "2026-11-21 02:00 WIB"),
        ("Asia/Makassar", "2026-11-21 03:00 WITA"),
        ("Asia/Jayapura", "2026-11-21 04:00 WIT"),
        ("UTC", "2026-11-20 19:00 UTC"),
        ("Asia/Kolkata", "2026-11-21 00:30 UTC+5:30"),
        ("America/Sao_Paulo", "2026-11-20 16:00 UTC-3"),
    ],
)
def test_fmt_time_names_the_zone(tz: str, shown: str) -> None:
    assert fmt_time(START, translator("id"), zone(tz)) == shown


def test_default_is_jakarta() -> None:
    assert DEFAULT_TIMEZONE == "Asia/Jakarta"
    assert fmt_time(START, translator("en")) == "2026-11-21 02:00 WIB"


@pytest.mark.parametrize("render", [render_html, render_markdown, render_text])
def test_every_format_shows_times_in_the_configured_zone(render: object) -> None:
    out = render(one_incident_scan(), "id", tz="Asia/Makassar")  # type: ignore[operator]
    assert "2026-11-21 03:00 WITA" in out
    assert "WIB" not in out


def test_dated_report_name_follows_the_zone(tmp_path: Path) -> None:
    paths = write_report(empty_scan(), None, tmp_path, "text", "id", tz="Asia/Jayapura")
    assert [p.name for p in paths] == ["latest.txt", "scan-7-20261121-040005.txt"]


def test_mail_times_follow_the_zone() -> None:
    settings = EmailSettings(host="127.0.0.1", to=("csirt@x.go.id",), all_clear=True)
    (msg,) = plan_messages(empty_scan(), settings, "id", tz="Asia/Jayapura")
    assert "04:00 WIT" in msg.text and "04:00 WIT" in msg.html
    (msg,) = plan_messages(one_incident_scan(), settings, "id", tz="Asia/Makassar")
    assert "03:00 WITA" in msg.text and "WIB" not in msg.html


def test_setting_from_file_and_validated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_settings(None, env={}).timezone == "Asia/Jakarta"
    toml = tmp_path / "scanner.toml"
    toml.write_text('[report]\nlang = "id"\ntimezone = "Asia/Makassar"\n')
    assert load_settings(toml, env={}).timezone == "Asia/Makassar"
    toml.write_text('[report]\ntimezone = "Asia/Jakrta"\n')
    with pytest.raises(ConfigError, match=r"report\.timezone.*Asia/Jakrta"):
        load_settings(toml, env={})
    toml.write_text('[report]\ntimezone = "../../etc/passwd"\n')
    with pytest.raises(ConfigError, match=r"report\.timezone"):
        load_settings(toml, env={})


def test_settings_stay_frozen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    s = load_settings(None, env={}, overrides={"timezone": "Asia/Jayapura"})
    assert s.timezone == "Asia/Jayapura"
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.timezone = "UTC"  # type: ignore[misc]


def test_library_api_passes_the_setting_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scanner.api import write_scan_report

    monkeypatch.chdir(tmp_path)
    settings = load_settings(
        None, env={}, overrides={"timezone": "Asia/Makassar", "reports_dir": str(tmp_path)}
    )
    paths = write_scan_report(one_incident_scan(), settings)
    assert "2026-11-21 03:00 WITA" in paths[0].read_text(encoding="utf-8")
    assert paths[1].name == "scan-7-20261121-030005.html"
