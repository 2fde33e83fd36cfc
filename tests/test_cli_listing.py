"""``scanner incidents list`` and ``scanner baseline show`` speak the report's language and show
times in ``report.timezone`` (issue 13, items 1-2); nothing from a page reaches the terminal raw."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from typer.testing import CliRunner

from scanner.cli import app
from scanner.cli.listing import terminal_safe
from scanner.models import Fingerprint
from scanner.store import Store
from tests.store.test_incident_queries import SPOKEN
from tests.store.test_incidents import DEFACE, nightly
from tests.store.test_store import DINKES, T0

runner = CliRunner()


def _state(tmp_path: Path) -> Path:
    """A state with the gambling incident (a catalog message) and an old-style defacement
    (English text only), and a baseline of the health office's homepage."""
    path = tmp_path / "state" / "scanner.db"
    with Store.open(path, clock=lambda: T0) as store:
        nightly(store, 0, [SPOKEN, DEFACE])
        store.save_baseline(DINKES.url, {DINKES.url: Fingerprint(title="Beranda Dinkes")}, 1,
                            "auto")  # fmt: skip
    return path


def test_incidents_list_in_indonesian_and_the_configured_zone(tmp_path: Path) -> None:
    state = _state(tmp_path)
    config = tmp_path / "scanner.toml"
    config.write_text('[report]\nlang = "id"\ntimezone = "Asia/Makassar"\n')
    result = runner.invoke(app, ["incidents", "list", "--state", str(state), "--config",
                                 str(config)])  # fmt: skip
    assert result.exit_code == 0, result.output
    out = result.output
    assert "2024-05-02 03:00 WITA" in out and "+00:00" not in out and "UTC" not in out
    assert "Terbuka" in out and "Kritis" in out and "terakhir terlihat" in out
    assert "Judi online: tautan tersembunyi di 2 halaman" in out
    assert "Halaman utama diganti (deface)" in out  # an old row's stored text, as it was
    assert "hidden links" not in out and out.rstrip().endswith("2 insiden")
    assert out.index(DEFACE.id[:12]) < out.index(SPOKEN.id[:12])  # critical first


def test_incidents_list_lang_option_and_default_zone(tmp_path: Path) -> None:
    state = _state(tmp_path)
    result = runner.invoke(app, ["incidents", "list", "--lang", "en", "--state", str(state)])
    assert result.exit_code == 0, result.output
    assert "last seen 2024-05-02 02:00 WIB" in result.output and "Open" in result.output
    assert "Online gambling (judi online): hidden links on 2 pages" in result.output
    assert result.output.rstrip().endswith("2 incidents")
    bad = runner.invoke(app, ["incidents", "list", "--lang", "fr", "--state", str(state)])
    assert bad.exit_code == 2, bad.output


def test_baseline_show_in_the_configured_language_and_zone(tmp_path: Path) -> None:
    state = _state(tmp_path)
    config = tmp_path / "scanner.toml"
    config.write_text('[report]\ntimezone = "Asia/Jayapura"\n')
    result = runner.invoke(app, ["baseline", "show", "--site", DINKES.host, "--state", str(state),
                                 "--config", str(config)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "v1  2024-05-02 04:00 WIT  otomatis" in result.output
    assert "pemindaian #1" in result.output and "1 halaman" in result.output
    assert "judul: Beranda Dinkes" in result.output
    none = runner.invoke(app, ["baseline", "show", "--site", "bapenda.bandarlampungkota.go.id",
                               "--state", str(state), "--lang", "en"])  # fmt: skip
    assert "no baseline yet" in none.output and none.exit_code == 0


def test_hostile_text_cannot_drive_the_terminal(tmp_path: Path) -> None:
    assert terminal_safe("slot\x1b[2J\x1b]0;owned\x07gacor\r\u202eevil\nx") == (
        "slot [2J ]0;owned gacor evil x"
    )
    assert terminal_safe("a" * 400, 10) == "a" * 9 + "…"
    path = tmp_path / "state.db"
    hostile = replace(SPOKEN, summary="judi\x1b[31m merah", message=None,
                      site="https://x.go.id/\x1b[2J")  # fmt: skip
    with Store.open(path) as store:
        nightly(store, 0, [hostile], site_url=DINKES.url)
    result = runner.invoke(app, ["incidents", "list", "--state", str(path)])
    assert result.exit_code == 0 and "\x1b" not in result.output
    assert "judi [31m merah" in result.output


def test_a_snooze_date_is_midnight_in_the_operators_zone(tmp_path: Path) -> None:
    state = _state(tmp_path)
    config = tmp_path / "scanner.toml"
    config.write_text('[report]\ntimezone = "Asia/Jayapura"\n')
    result = runner.invoke(app, ["incidents", "snooze", DEFACE.id[:8], "--until", "2099-01-05",
                                 "--state", str(state), "--config", str(config)])  # fmt: skip
    assert result.exit_code == 0, result.output
    with Store.open(state) as store:
        until = store.get_incident(DEFACE.id).snoozed_until
    assert until == datetime(2099, 1, 4, 15, 0, tzinfo=UTC)  # 00:00 WIT is 15:00 UTC before
