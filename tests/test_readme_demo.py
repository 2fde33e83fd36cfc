"""What the README promises after ``make demo``: the demo says where its state is, and the
state commands work on it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from scanner.cli import app

runner = CliRunner()
README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_report_and_incidents_work_on_the_demo_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no scanner.toml of the checkout
    demo = runner.invoke(app, ["demo", "--out-dir", str(tmp_path / "reports")])
    assert demo.exit_code == 0, demo.output
    state = tmp_path / "reports" / "demo-state.db"
    assert f"state: {state}" in demo.output
    report = runner.invoke(
        app, ["report", "--state", str(state), "--out", str(tmp_path / "again.html")]
    )
    assert report.exit_code == 0, report.output
    assert (tmp_path / "again.html").read_text().startswith("<!DOCTYPE html>")
    listed = runner.invoke(app, ["incidents", "list", "--state", str(state)])
    assert listed.exit_code == 0 and "diskominfo.kotaharapan.go.id" in listed.output


def test_readme_warns_about_the_real_sites_and_names_the_demo_state() -> None:
    assert "reports/demo-state.db" in README
    assert "scanner report --state reports/demo-state.db" in README
    assert "real" in README and "sites.csv" in README
