"""``scan --workers N``: the same incidents as one process, stops keep what was recorded, and a
worker that dies has its sites retried once, then recorded as errors with the reason.

The world is generated (infected sites among clean ones, with the traps) and served on
127.0.0.1 from a thread; the scans run in spawned worker processes that reach it through the
host overrides of the settings.
"""

from __future__ import annotations

import dataclasses
import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from scanner.api import run_scan
from scanner.demo.world import World, build_world
from scanner.models import ScanResult, SiteStatus
from scanner.store import Store
from scanner.workers import largest_first, scan_with_workers
from scanner.workers.messages import SiteRunnerRef
from tests.pipeline.support import config_for, serve_logged_in_thread, settings_for, sites_of


@pytest.fixture(scope="module")
def world() -> World:
    return build_world(seed=11, n_sites=5, infected_ratio=0.6, pages_per_site=6)


@pytest.fixture
def served(world: World) -> Iterator[int]:
    with serve_logged_in_thread(world) as (port, _log):
        yield port


def _incidents(result: ScanResult) -> dict[str, set[str]]:
    return {s.site.url: {i.id for i in s.incidents} for s in result.sites}


def test_workers_2_finds_the_same_incidents_as_one_process(
    world: World, served: int, tmp_path: Path
) -> None:
    base = settings_for(world, served)
    one = run_scan(
        sites_of(world), dataclasses.replace(base, state=str(tmp_path / "one.db")), workers=1
    ).result
    two = run_scan(
        sites_of(world), dataclasses.replace(base, state=str(tmp_path / "two.db")), workers=2
    ).result
    assert any(_incidents(one).values()), "the world must have infected sites"
    assert _incidents(two) == _incidents(one)
    assert [s.site.url for s in two.sites] == [s.site.url for s in one.sites]  # inventory order
    assert [s.status for s in two.sites] == [s.status for s in one.sites]
    assert two.complete and one.complete
    # Evidence: the workers capture, the parent writes one WARC; the same records are listed.
    kept = {s.site.url: len(s.evidence) for s in one.sites}
    assert any(kept.values())
    assert {s.site.url: len(s.evidence) for s in two.sites} == kept
    assert len(list((tmp_path / "evidence").glob("*.warc.gz"))) == 2  # one per scan
    pages = {s.site.url: sorted(p.url for p in s.pages) for s in one.sites}
    assert {s.site.url: sorted(p.url for p in s.pages) for s in two.sites} == pages
    # The parent keeps no fingerprints; the store has them, and the same report reads back.
    assert all(p.fingerprint is None for s in two.sites for p in s.pages)
    with Store.open(tmp_path / "two.db") as store:
        stored = store.load_scan(two.id)
    assert _incidents(stored) == _incidents(one)
    assert sum(p.fingerprint is not None for s in stored.sites for p in s.pages) > 0


def test_largest_sites_are_handed_out_first(world: World) -> None:
    sites = sites_of(world)
    counts = {sites[2].url: 40, sites[4].url: 90}
    assert largest_first(sites, counts) == [4, 2, 0, 1, 3]


def test_a_killed_worker_s_sites_are_retried_once_then_recorded_as_errors(
    world: World, served: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sites = sites_of(world)
    always, once = sites[1].host, sites[4].host
    attempts = tmp_path / "attempts"
    monkeypatch.setenv("SCANNER_TEST_ATTEMPTS", str(attempts))
    monkeypatch.setenv("SCANNER_TEST_KILL_ALWAYS", always)
    monkeypatch.setenv("SCANNER_TEST_KILL_ONCE", once)
    settings = dataclasses.replace(settings_for(world, served), state=str(tmp_path / "s.db"))
    runner = SiteRunnerRef("tests.workers.faulty", "kill_on_marked_hosts")

    async def scan() -> ScanResult:
        with Store.open(settings.state) as store:
            return await scan_with_workers(
                sites, settings, store=store, workers=2, runner=runner
            )

    import asyncio

    result = asyncio.run(scan())
    by_host = {s.site.host: s for s in result.sites}
    assert attempts.read_text().split().count(always) == 2  # tried, then retried once
    assert attempts.read_text().split().count(once) == 2  # killed once, then it ran
    lost = by_host[always]
    assert lost.status is SiteStatus.ERROR and not lost.complete
    assert "died" in lost.error and "both attempts" in lost.error, lost.error
    assert by_host[once].status is SiteStatus.OK and by_host[once].complete  # the retry worked
    others = {h: (s.status, s.error) for h, s in by_host.items() if h != always}
    assert all(status is SiteStatus.OK for status, _error in others.values()), others
    assert not result.complete
    with Store.open(settings.state) as store:
        stored = {s.site.host: s for s in store.load_scan(result.id).sites}
    assert "both attempts" in stored[always].error


def test_sigterm_to_a_workers_2_scan_keeps_what_was_recorded(
    world: World, tmp_path: Path
) -> None:
    with serve_logged_in_thread(world) as (port, log):
        config = config_for(tmp_path / "scanner.toml", world, port, "per_host = 1\ndelay = 0.2")
        rows = "".join(f"{s.url},{s.name},{s.owner},{s.contact}\n" for s in world.sites)
        (tmp_path / "sites.csv").write_text("url,name,owner,contact\n" + rows, encoding="utf-8")
        args = [sys.executable, "-m", "scanner", "scan", "--workers", "2", "--config"]
        args += [str(config), "--state", str(tmp_path / "s.db"), "--json"]
        args += [str(tmp_path / "out.json"), "--report", str(tmp_path / "r.html")]
        proc = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path
        )
        deadline = time.monotonic() + 60
        # 60 of the ~176 requests of a whole scan: late enough that pages have been analysed
        # (at 20, a stop could land while the first pages still waited for analysis), early
        # enough that the scan is still running.
        while len(log.requests) < 60 and proc.poll() is None:
            assert time.monotonic() < deadline, "the scan never reached the server"
            time.sleep(0.01)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode in (0, 1, 3), (proc.returncode, out, err[-2000:])
    assert "(INCOMPLETE)" in out, (out, err[-2000:])
    doc = json.loads((tmp_path / "out.json").read_text())
    assert doc["scan"]["complete"] is False
    assert len(doc["sites"]) == len(world.sites)
    conn = sqlite3.connect(tmp_path / "s.db")
    stored_pages = conn.execute(
        "SELECT COUNT(*) FROM pages WHERE error_kind IS NULL"
    ).fetchone()[0]
    pending = conn.execute(
        "SELECT COUNT(*) FROM site_results WHERE status = 'pending'"
    ).fetchone()[0]
    complete = conn.execute("SELECT complete FROM scans").fetchone()[0]
    conn.close()
    assert stored_pages > 0, "pages analysed before the stop are kept"
    assert pending == 0, "every site has its result: finished, interrupted or never started"
    assert complete == 0
    assert sum(s["pages_crawled"] for s in doc["sites"]) == stored_pages
