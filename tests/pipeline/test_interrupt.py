"""Ctrl-C (SIGINT) and SIGTERM at different moments of a real ``scanner scan`` process.

Every time, the process must exit with a scan exit code (not 130), print its summary line and
write the JSON and the report, both saying the scan is incomplete.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scanner.demo.world import World
from tests.pipeline.support import config_for, serve_logged_in_thread


def _scan(tmp: Path, config: Path) -> subprocess.Popen[str]:
    args = [sys.executable, "-m", "scanner", "scan", "--config", str(config)]
    args += ["--state", str(tmp / "s.db"), "--json", str(tmp / "out.json")]
    args += ["--report", str(tmp / "r.html")]
    return subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp
    )


@pytest.mark.parametrize(
    ("sig", "after", "twice"),
    [
        (signal.SIGINT, 1, False),
        (signal.SIGINT, 12, False),
        (signal.SIGINT, 12, True),
        (signal.SIGTERM, 6, False),
    ],
    ids=["sigint-first-request", "sigint-mid-crawl", "sigint-twice", "sigterm"],
)
def test_interrupted_scan_writes_json_report_and_summary(
    demo: World, tmp_path: Path, sig: signal.Signals, after: int, twice: bool
) -> None:
    with serve_logged_in_thread(demo) as (port, log):
        config = config_for(tmp_path / "scanner.toml", demo, port, "per_host = 1\ndelay = 0.1")
        rows = "".join(f"{s.url},{s.name},{s.owner},{s.contact}\n" for s in demo.sites)
        # The default inventory, in the scanner's working directory.
        (tmp_path / "sites.csv").write_text("url,name,owner,contact\n" + rows, encoding="utf-8")
        proc = _scan(tmp_path, config)
        deadline = time.monotonic() + 60
        while len(log.requests) < after and proc.poll() is None:
            assert time.monotonic() < deadline, "the scan never reached the server"
            time.sleep(0.01)
        proc.send_signal(sig)
        if twice:
            time.sleep(0.05)
            proc.send_signal(sig)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode in (0, 1, 3), (proc.returncode, out, err[-2000:])
    assert "(INCOMPLETE)" in out, (out, err[-2000:])
    doc = json.loads((tmp_path / "out.json").read_text())
    assert doc["scan"]["complete"] is False
    assert (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")
