"""The CLI never says "all clean" by mistake (issue 12): exit codes and what ``--cron`` prints."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scanner.cli import app
from tests.conftest import ServedWorld

runner = CliRunner()

CLEAN = "www.kabsukamaju.go.id"
DEAD = "mati.kabcontoh.go.id"


def test_one_dead_site_beside_a_clean_one_is_said_under_cron(
    served_demo: ServedWorld, tmp_path: Path
) -> None:
    config = tmp_path / "with-dead.toml"
    text = served_demo.config.read_text() + f'"{DEAD}" = "127.0.0.1:9"\n'
    config.write_text(text)
    args = ["scan", "--config", str(config), "--state", str(tmp_path / "s.db")]
    args += ["--json", str(tmp_path / "o.json"), "--report", str(tmp_path / "r.html"), "--cron"]
    args += ["--site", f"http://{CLEAN}/", "--site", f"http://{DEAD}/"]
    result = runner.invoke(app, args)
    assert result.exit_code == 3, result.output
    assert f"not checked: {DEAD}: refused" in result.output
    sites = {s["url"]: s for s in json.loads((tmp_path / "o.json").read_text())["sites"]}
    assert sites[f"http://{CLEAN}/"]["status"] == "ok"
    assert sites[f"http://{DEAD}/"]["status"] == "unreachable"


# ----------------------------------------------------------------------------- item 9


@pytest.fixture()
def keep_signals() -> Iterator[None]:
    """main() ignores SIGINT/SIGTERM once a scan is over (the process is exiting): restore."""
    import signal

    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.mark.usefixtures("keep_signals")
def test_an_unexpected_exception_exits_3_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import scanner.cli.scan as scan_cli
    from scanner.cli import main

    def boom(*_a: object, **_k: object) -> int:
        raise UnicodeEncodeError("ascii", "sandi rahasia \u00e9", 14, 15, "ordinal not in range")

    monkeypatch.setattr(scan_cli, "_scan", boom)
    monkeypatch.chdir(tmp_path)
    args = ["scan", "--site", "http://a.go.id/", "--state", str(tmp_path / "s.db"), "-q"]
    monkeypatch.setattr("sys.argv", ["scanner", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [err[0]] and err[0].startswith("error: unexpected UnicodeEncodeError")
    assert "Traceback" not in err[0] and "-v" in err[0]
    monkeypatch.setattr("sys.argv", ["scanner", *args, "-v"])
    with pytest.raises(SystemExit) as again:
        main()
    assert again.value.code == 3
    assert "Traceback (most recent call last)" in capsys.readouterr().err


# ----------------------------------------------------------------------------- item 11

BERITA = """<!doctype html><html lang="id"><head><title>Berita Kabupaten</title></head><body>
<p>Polres menangkap bandar judi online di Bandar Lampung; Diskominfo mengimbau warga.</p>
</body></html>"""


def test_check_exits_3_when_an_input_cannot_be_checked(tmp_path: Path) -> None:
    page = tmp_path / "berita.html"
    page.write_text(BERITA, encoding="utf-8")
    ok = runner.invoke(app, ["check", str(page)])
    assert ok.exit_code == 0, ok.output
    for bad in (str(tmp_path / "tidak-ada.html"), str(tmp_path)):
        result = runner.invoke(app, ["check", str(page), bad])
        assert result.exit_code == 3, (bad, result.output)
        assert "could not be checked" in result.output


def test_check_exits_3_for_a_dead_url(tmp_path: Path) -> None:
    config = tmp_path / "dead.toml"
    config.write_text(
        "[crawl]\nretries = 0\nconnect_timeout = 2\ntrust_env = false\n[crawl.host_overrides]\n"
        f'"{DEAD}" = "127.0.0.1:9"\n'
    )
    result = runner.invoke(app, ["check", "--config", str(config), f"http://{DEAD}/"])
    assert result.exit_code == 3, result.output
    assert "refused" in result.output


@pytest.mark.parametrize(
    "command",
    [
        ["incidents", "list"],
        ["report", "--out", "r.html"],
        ["baseline", "show", "--site", "dinkes.kabcontoh.go.id"],
        ["incidents", "ack", "abc123"],
    ],
)
def test_read_commands_refuse_a_missing_state(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    typo = tmp_path / "stat" / "scaner.db"
    result = runner.invoke(app, [*command, "--state", str(typo)])
    assert result.exit_code == 3, result.output
    assert "no state database" in result.output and "0 incident" not in result.output
    assert not typo.exists() and not typo.parent.exists()


# ----------------------------------------------------------------------------- item 14

DEFACED = "dinkes.kabcontoh.go.id"


def test_disk_full_mid_scan_is_one_error_and_the_report_is_still_written(
    served_demo: ServedWorld,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import errno

    from scanner.store.recorder import StoreRecorder

    calls: list[int] = []

    def full(self: StoreRecorder, site_url: str, record: object) -> None:
        calls.append(1)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(StoreRecorder, "page", full)
    monkeypatch.setattr(StoreRecorder, "record", full)
    args = ["scan", "--config", str(served_demo.config), "--state", str(tmp_path / "s.db")]
    args += ["--json", str(tmp_path / "o.json"), "--report", str(tmp_path / "r.html"), "-q"]
    args += ["--site", f"http://{DEFACED}/", "--site", f"http://{CLEAN}/"]
    args += ["--workers", "1"]  # the patched recorder lives in this process
    result = runner.invoke(app, args)
    assert result.exit_code == 3, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "No space left on device" in errors[0]
    assert str(tmp_path / "r.html") in errors[0]
    assert len(calls) == 1  # the first failure stops the writing: no failure per page
    assert "Traceback" not in result.output
    doc = json.loads((tmp_path / "o.json").read_text())
    by_url = {s["url"]: s for s in doc["sites"]}
    assert by_url[f"http://{DEFACED}/"]["incidents"]  # what was gathered is reported
    assert (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")


def test_a_full_disk_under_the_log_file_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    import logging
    import os

    from scanner.cli.base import setup_logging

    if not os.path.exists("/dev/full"):
        pytest.skip("/dev/full (a device that is always full) is Linux-only")
    setup_logging(0, True, "/dev/full")
    try:
        for i in range(200):
            logging.getLogger("scanner.test").info("halaman %d dianalisis", i)
    finally:
        logging.basicConfig(handlers=[logging.NullHandler()], force=True)
    err = capsys.readouterr().err.splitlines()
    assert len([line for line in err if "/dev/full" in line]) == 1
    assert not any("Traceback" in line or "Logging error" in line for line in err)
