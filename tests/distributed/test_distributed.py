"""Queued scans on a real (loopback, throwaway) PostgreSQL: enqueue, workers, finish, status.

The world is the generated one served on loopback; the reference is the same sites scanned by
one process into SQLite: the queued scan must give the same incident ids.
"""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from typer.testing import CliRunner

from scanner.api import run_scan
from scanner.cli import app
from scanner.config import Settings, load_settings
from scanner.demo.world import World, build_world
from scanner.distributed import enqueue_scan, finish_scan, scan_status
from scanner.distributed.queue import run_worker
from scanner.errors import StoreError
from scanner.models import ScanResult, Site
from scanner.store import Claim, Store
from tests.conftest import ServedWorld, serve_in_thread
from tests.distributed.machines import two_workers

pytestmark = pytest.mark.postgres

runner = CliRunner()


@pytest.fixture(scope="module")
def world() -> World:
    return build_world(seed=23, n_sites=6, pages_per_site=12)


@pytest.fixture()
def served(world: World, tmp_path: Path) -> Iterator[ServedWorld]:
    with serve_in_thread(world, tmp_path / "scanner.toml") as s:
        yield s


def _settings(served: ServedWorld, tmp_path: Path, state: str, tag: str) -> Settings:
    return load_settings(
        served.config,
        overrides={
            "state": state,
            "reports_dir": str(tmp_path / f"reports-{tag}"),
            "json": str(tmp_path / f"{tag}.json"),
        },
    )


def _sites(world: World) -> list[Site]:
    return [Site(url=f"http://{s.host}/", name=s.host) for s in world.sites]


def _incident_ids(result: ScanResult) -> set[str]:
    return {i.id for s in result.sites for i in s.incidents}


def _reference(served: ServedWorld, tmp_path: Path) -> ScanResult:
    conf = _settings(served, tmp_path, str(tmp_path / "one.db"), "one")
    return run_scan(_sites(served.world), conf).result


def test_enqueue_workers_finish_same_incidents_as_one_process(
    served: ServedWorld, tmp_path: Path, pg_url: str
) -> None:
    conf = _settings(served, tmp_path, pg_url, "queued")
    sites = _sites(served.world)
    queued = enqueue_scan(sites, conf)
    assert queued.jobs == len(sites)
    with pytest.raises(StoreError, match="enqueued already"):
        enqueue_scan(sites, conf)  # the same night, again
    with psycopg.connect(pg_url) as conn:
        todo = conn.execute(
            "SELECT COUNT(*) FROM procrastinate_jobs WHERE status = 'todo'"
        ).fetchone()
    assert todo == (len(sites),)
    before = scan_status(conf)
    assert before is not None and (before.pending, before.finished) == (len(sites), None)

    run_worker(conf, 3, heartbeat=0.5, wait=False)  # returns once the queue is empty

    after = scan_status(conf)
    assert after is not None and after.pending == 0 and after.finished is not None
    assert finish_scan(conf) is None  # the last job closed it: no second report or mail
    with Store.open(pg_url) as store:
        queued_result = store.load_scan(queued.scan_id)
    assert [s.site.url for s in queued_result.sites] == [s.url for s in sites]
    reference = _reference(served, tmp_path)
    assert _incident_ids(reference)  # the world has infected sites
    assert _incident_ids(queued_result) == _incident_ids(reference)
    assert [s.status for s in queued_result.sites] == [s.status for s in reference.sites]
    # The closing job wrote the JSON and the report once.
    doc = json.loads((tmp_path / "queued.json").read_text(encoding="utf-8"))
    assert doc["scan"]["id"] == queued.scan_id and doc["scan"]["finished"]
    assert list((tmp_path / "reports-queued").glob("*.html"))


def test_claim_reruns_a_dead_attempt_clean_and_skips_a_recorded_site(
    served: ServedWorld, tmp_path: Path, pg_url: str
) -> None:
    conf = _settings(served, tmp_path, pg_url, "claim")
    site = _sites(served.world)[0]
    queued = enqueue_scan([site], conf)
    with Store.open(pg_url) as store:
        assert store.claim_site(queued.scan_id, site.url)[0] is Claim.RUN
        from tests.store.test_store import page

        store.record_pages(queued.scan_id, site.url, [page(site.url + "setengah-jalan")])
        # The worker died here. The retried job starts clean:
        claim, claimed = store.claim_site(queued.scan_id, site.url)
        assert (claim, claimed.url) == (Claim.RERUN, site.url)
        assert store.load_scan(queued.scan_id).sites[0].pages == ()
    run_worker(conf, 1, heartbeat=0.5, wait=False)
    with Store.open(pg_url) as store:
        assert store.claim_site(queued.scan_id, site.url)[0] is Claim.DONE
        result = store.load_scan(queued.scan_id)
    assert result.finished is not None
    assert all("setengah-jalan" not in p.url for p in result.sites[0].pages)


def test_finish_before_the_jobs_closes_incomplete_and_says_why(
    served: ServedWorld, tmp_path: Path, pg_url: str
) -> None:
    conf = _settings(served, tmp_path, pg_url, "early")
    enqueue_scan(_sites(served.world)[:2], conf)
    done = finish_scan(conf)
    assert done is not None and done.result.complete is False
    assert all("not scanned" in s.error for s in done.result.sites)
    assert finish_scan(conf) is None  # once
    run_worker(conf, 1, heartbeat=0.5, wait=False)  # late jobs find the scan closed
    with Store.open(pg_url) as store:
        assert all(s.status == "error" for s in store.load_scan(done.result.id).sites)


def test_cli_enqueue_status_and_sqlite_refused(
    served: ServedWorld, tmp_path: Path, pg_url: str
) -> None:
    site = f"http://{served.world.sites[0].host}/"
    base = ["--config", str(served.config), "--state", pg_url]
    out = runner.invoke(app, ["scan", "--enqueue", "--site", site, *base])
    assert out.exit_code == 0, out.output
    assert "1 site job(s) queued" in out.output
    again = runner.invoke(app, ["scan", "--enqueue", "--site", site, *base])
    assert again.exit_code != 0 and "enqueued already" in again.output
    status = runner.invoke(app, ["status", "--state", pg_url])
    assert status.exit_code == 0 and "0/1 site(s) done" in status.output
    sqlite = runner.invoke(
        app, ["worker", "--once", "--state", str(tmp_path / "s.db"), "--config", str(served.config)]
    )
    assert sqlite.exit_code == 2 and "PostgreSQL" in sqlite.output


def _worker(served: ServedWorld, pg_url: str, tmp_path: Path, name: str) -> subprocess.Popen[str]:
    log = (tmp_path / f"{name}.log").open("w")
    return subprocess.Popen(
        [sys.executable, "-m", "scanner", "worker", "--concurrency", "1", "--heartbeat", "0.5",
         "--state", pg_url, "--config", str(served.config)],
        cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )  # fmt: skip


def _wait(predicate: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def test_two_workers_one_killed_mid_scan_exactly_one_result_per_site(
    served: ServedWorld, tmp_path: Path, pg_url: str
) -> None:
    conf = _settings(served, tmp_path, pg_url, "killed")
    sites = _sites(served.world)
    queued = enqueue_scan(sites, conf)

    def in_progress() -> int:
        """Sites claimed by a job (attempt begun) and not recorded yet."""
        with psycopg.connect(pg_url) as conn:
            row = conn.execute(
                "SELECT COUNT(*) FROM site_results WHERE status = 'pending' AND attempts > 0"
            ).fetchone()
        return int(row[0]) if row else 0

    first = _worker(served, pg_url, tmp_path, "a")
    second: subprocess.Popen[str] | None = None
    try:
        _wait(lambda: in_progress() > 0, 60, "worker a to be inside a site job")
        first.send_signal(signal.SIGKILL)  # mid-site: no cleanup, its job stays 'doing'
        first.wait(10)
        second = _worker(served, pg_url, tmp_path, "b")
        _wait(lambda: (s := scan_status(conf)) is not None and s.finished is not None, 120,
              "the scan to be closed by the last job")  # fmt: skip
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                proc.wait(20)
    with psycopg.connect(pg_url) as conn:
        rows = conn.execute(
            "SELECT site_id, status, attempts FROM site_results WHERE scan_id = %s",
            (queued.scan_id,),
        ).fetchall()
    assert len(rows) == len(sites) and len({r[0] for r in rows}) == len(sites)
    assert all(status != "pending" for _, status, _ in rows)
    assert max(attempts for *_, attempts in rows) == 2  # the killed site ran again, once
    with Store.open(pg_url) as store:
        result = store.load_scan(queued.scan_id)
    reference = _reference(served, tmp_path)
    assert _incident_ids(result) == _incident_ids(reference)
    assert result.complete is True


def test_per_ip_cap_holds_across_two_workers(
    served: ServedWorld, tmp_path: Path, pg_url: str
) -> None:
    # Every world host resolves to one loopback address (host_overrides): one server.
    conf = _settings(served, tmp_path, pg_url, "per-ip")
    sites = _sites(served.world)
    queued = enqueue_scan(sites, conf)
    assert two_workers(conf, per_ip=1) == []
    with Store.open(pg_url) as store:
        result = store.load_scan(queued.scan_id)
    spans = sorted((s.started, s.finished) for s in result.sites)
    assert len(spans) == len(sites) and all(a and b for a, b in spans)
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert start is not None and end is not None and start >= end  # one site at a time


def test_slots_differ_per_address_and_are_stable() -> None:
    from scanner.distributed.politeness import slot_keys

    one, two = slot_keys("10.20.30.40", 3), slot_keys("10.20.30.41", 3)
    assert len(one) == 3 and set(one).isdisjoint(two)
    assert slot_keys("10.20.30.40", 3) == one
