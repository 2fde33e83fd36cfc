"""``[scan] workers`` in scanner.toml, ``--workers`` over it, and ``scanner worker -c`` as
``--config`` (it used to be ``--concurrency`` there alone)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scanner.api import ScanOutputs
from scanner.cli import app
from scanner.config import load_settings
from scanner.demo.sample import sample_scan
from scanner.errors import ConfigError

runner = CliRunner()


def _toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scanner.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_workers_setting_loads_and_is_checked(tmp_path: Path) -> None:
    assert load_settings(env={}).workers == 0  # 0: one per core
    config = _toml(tmp_path, "[scan]\nworkers = 3\n")
    assert load_settings(config, env={}).workers == 3
    assert load_settings(config, env={}, overrides={"workers": 1}).workers == 1
    with pytest.raises(ConfigError, match="workers"):
        load_settings(_toml(tmp_path, "[scan]\nworkers = -1\n"), env={})


@pytest.mark.parametrize(("flag", "expected"), [([], 3), (["--workers", "1"], 1)])
def test_scan_takes_workers_from_the_toml_unless_the_flag_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flag: list[str], expected: int
) -> None:
    seen: list[int] = []

    def fake_run_scan(sites: Any, settings: Any, **kw: Any) -> ScanOutputs:
        seen.append(kw["workers"])
        return ScanOutputs(result=sample_scan())

    monkeypatch.setattr("scanner.api.run_scan", fake_run_scan)
    config = _toml(tmp_path, f'[scan]\nworkers = 3\nstate = "{tmp_path / "s.db"}"\n')
    out = runner.invoke(
        app, ["scan", "--site", "dinkes.lampungprov.go.id", "-q", "-c", str(config), *flag]
    )
    assert seen == [expected], out.output


def test_worker_dash_c_is_the_config_file(tmp_path: Path) -> None:
    missing = tmp_path / "tidak-ada.toml"
    out = runner.invoke(app, ["worker", "--once", "-c", str(missing)])
    assert out.exit_code == 2
    assert "tidak-ada.toml: file not found" in out.output  # read as a file, not a number
    sqlite = _toml(tmp_path, f'[scan]\nstate = "{tmp_path / "s.db"}"\n')
    out = runner.invoke(app, ["worker", "--once", "--concurrency", "2", "-c", str(sqlite)])
    assert out.exit_code == 2 and "PostgreSQL" in out.output
