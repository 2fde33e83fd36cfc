"""``--email`` without the settings it needs is a configuration error (exit 2), before a scan."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from scanner.cli import app
from scanner.config import EmailSettings
from scanner.notify import missing_email_settings, valid_address
from scanner.store import Store

runner = CliRunner()

_EMAIL_ENV = (
    "SCANNER_SMTP_HOST",
    "SCANNER_SMTP_USER",
    "SCANNER_SMTP_PASSWORD",
    "SCANNER_EMAIL_FROM",
    "SCANNER_EMAIL_TO",
)


@pytest.fixture
def bare(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty directory, no scanner.toml, no email variables."""
    monkeypatch.chdir(tmp_path)
    for var in _EMAIL_ENV:
        monkeypatch.delenv(var, raising=False)
    return tmp_path


def test_scan_email_without_configuration_exits_2_naming_the_settings(bare: Path) -> None:
    # The site does not exist: if the scan ran first this would take a while and exit 3.
    result = runner.invoke(
        app, ["scan", "--email", "--site", "https://dinkes.contohkab.go.id/", "-q"]
    )
    assert result.exit_code == 2, result.output
    for name in ("email.host", "SCANNER_SMTP_HOST", "email.sender", "email.to"):
        assert name in result.output
    assert not (bare / "state").exists()  # nothing was scanned


def test_report_email_without_configuration_exits_2(bare: Path) -> None:
    (bare / "scanner.toml").write_text(
        '[email]\nhost = "smtp.jatimprov.go.id"\nsender = "scanner@jatimprov.go.id"\n'
    )
    Store.open(bare / "state.db").close()
    result = runner.invoke(app, ["report", "--email", "--state", str(bare / "state.db")])
    assert result.exit_code == 2, result.output
    assert "email.to" in result.output and "email.host" not in result.output


def test_the_default_sender_is_no_silent_invalid_address() -> None:
    """The shipped default either passes the project's own address check or is reported."""
    default = EmailSettings(host="smtp.jatimprov.go.id", to=("csirt@jatimprov.go.id",))
    problems = missing_email_settings(default)
    assert valid_address(default.sender) or any("email.sender" in p for p in problems)
    fixed = EmailSettings(
        host="smtp.jatimprov.go.id", to=("csirt@jatimprov.go.id",), sender="Scanner <s@x.go.id>"
    )
    assert missing_email_settings(fixed) == []


def test_scan_tag_selects_the_sites_of_a_tag(bare: Path) -> None:
    """``--tag`` picks the inventory rows with that tag; an unknown tag is exit 2, not 0."""
    from scanner.api import select_targets
    from scanner.config import load_settings

    inventory = bare / "sites.csv"
    inventory.write_text(
        "url,name,owner,contact,tags\n"
        "https://jatimprov.go.id,Portal Provinsi,Diskominfo,csirt@jatimprov.go.id,provinsi\n"
        "https://dinkes.jatimprov.go.id,Dinas Kesehatan,Dinkes,web@dinkes.jatimprov.go.id,"
        "opd;Kesehatan\n"
        "https://bandarudara.go.id,Bandar Udara,Kemenhub,it@bandarudara.go.id,\n"
    )
    settings = load_settings(env={}, overrides={"sites": str(inventory)})
    assert [s.host for s in select_targets(settings, tags=["kesehatan"])] == [
        "dinkes.jatimprov.go.id"
    ]
    assert len(select_targets(settings, tags=["provinsi", "OPD"])) == 2
    assert len(select_targets(settings)) == 3
    result = runner.invoke(app, ["scan", "--sites", str(inventory), "--tag", "kabupaten"])
    assert result.exit_code == 2, result.output
