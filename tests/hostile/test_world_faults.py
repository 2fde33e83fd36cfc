"""The demo world's fault sites (down, 503 everywhere, silent) come out with the right reason.

``build_world(..., faults=True)`` adds them beside ordinary sites; a ``scanner scan --cron`` of
that world (the real CLI, the world served on loopback) must name each as not checked, with
its reason in the JSON and the Indonesian report, make none of them a baseline, and exit
non-zero: 3 when nothing else is open.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from typer.testing import CliRunner

from scanner.cli import app
from scanner.demo.hostile.check import UNSEEN_ALERT
from scanner.demo.world import FAULT_SITES, build_world
from scanner.store import Store
from tests.conftest import serve_in_thread

SHORT = "connect_timeout = 2.0\nread_timeout = 2.0\ntotal_timeout = 3.0\nsite_deadline = 30.0\n"


def test_fault_sites_are_not_checked_never_clean_and_exit_3(tmp_path: Path) -> None:
    world = build_world(seed=5, n_sites=3, infected_ratio=0.0, pages_per_site=4,
                        page_kb=(8, 12), faults=True)
    assert {f.fault for f in world.faults} == {f.fault for f in FAULT_SITES}
    with serve_in_thread(world, tmp_path / "scanner.toml") as served:
        text = served.config.read_text("utf-8").replace("[crawl]\n", "[crawl]\n" + SHORT, 1)
        served.config.write_text(text, "utf-8")
        args = ["scan", "--config", str(served.config), "--state", str(tmp_path / "s.db"),
                "--json", str(tmp_path / "o.json"), "--report", str(tmp_path / "r.html"),
                "--cron", "--workers", "1"]
        for url in [s.url for s in world.sites] + [f.url for f in world.faults]:
            args += ["--site", url]
        result = CliRunner().invoke(app, args)
    assert result.exit_code == 3, result.output  # nothing open, three sites not seen
    doc = {s["url"]: s for s in json.loads((tmp_path / "o.json").read_text("utf-8"))["sites"]}
    report = html.unescape((tmp_path / "r.html").read_text("utf-8"))
    with Store.open(tmp_path / "s.db") as store:
        for fault in world.faults:
            site = doc[fault.url]
            assert site["status"] == fault.status, (fault.fault, site["error"])
            assert f"{fault.reason}: " in site["error"], (fault.fault, site["error"])
            assert site["complete"] is False and site["incidents"] == []
            said = f"not checked: {fault.bare_host}:"
            line = next(x for x in result.output.splitlines() if said in x)
            assert f"{fault.reason}: " in line, result.output
            assert fault.host in report
            assert not store.has_baseline(fault.url)
        for spec in world.sites:  # the ordinary sites beside them: seen, clean, a baseline
            assert doc[spec.url]["status"] == "ok" and doc[spec.url]["complete"] is True
            assert store.has_baseline(spec.url)
    assert UNSEEN_ALERT in report
