"""``scan --format json -o PATH`` streams the finish step's writer: byte for byte ``--json``,
and never the whole document in memory (no ``scan_to_json`` of a scan with its sites)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import scanner.output
from scanner.cli import app
from scanner.models import ScanResult
from tests.conftest import ServedWorld

runner = CliRunner()
INFECTED = "diskominfo.kotaharapan.go.id"
CLEAN = "www.kabsukamaju.go.id"


@pytest.fixture
def no_whole_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any serialisation of a scan together with its sites (the in-memory path)."""
    whole = scanner.output.scan_to_json

    def head_only(scan: ScanResult) -> dict[str, object]:
        assert not scan.sites, "the whole scan document was built in memory"
        return whole(scan)

    monkeypatch.setattr(scanner.output, "scan_to_json", head_only)


@pytest.mark.usefixtures("no_whole_document")
def test_format_json_file_is_streamed_and_byte_identical_to_json(
    served_demo: ServedWorld, tmp_path: Path
) -> None:
    args = ["scan", "-q", "--config", str(served_demo.config), "--state", str(tmp_path / "s.db")]
    for host in (INFECTED, CLEAN):
        args += ["--site", f"http://{host}/"]
    json_args = ["--json", str(tmp_path / "a.json")]
    out = runner.invoke(
        app, [*args, *json_args, "--format", "json", "-o", str(tmp_path / "sub" / "b.json")]
    )
    assert out.exit_code == 1, out.output  # the infected site: same exit as without -o
    streamed = (tmp_path / "sub" / "b.json").read_bytes()
    assert streamed == (tmp_path / "a.json").read_bytes()
    doc = json.loads(streamed)
    assert {s["url"] for s in doc["sites"]} == {f"http://{INFECTED}/", f"http://{CLEAN}/"}


@pytest.mark.usefixtures("no_whole_document")
def test_format_json_to_stdout_and_report_json_are_streamed_too(
    served_demo: ServedWorld, tmp_path: Path
) -> None:
    state = str(tmp_path / "s.db")
    args = ["scan", "-q", "--config", str(served_demo.config), "--state", state]
    site = ["--site", f"http://{INFECTED}/", "--json", str(tmp_path / "a.json")]
    out = runner.invoke(app, [*args, *site, "-f", "json", "-o", "-"])
    assert out.exit_code == 1
    assert out.stdout_bytes == (tmp_path / "a.json").read_bytes()
    stored = ["report", "--config", str(served_demo.config), "--state", state]
    again = runner.invoke(app, [*stored, "-f", "json", "-o", "-"])
    assert again.exit_code == 0, again.output
    assert again.stdout_bytes == (tmp_path / "a.json").read_bytes()
