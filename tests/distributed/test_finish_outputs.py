"""What a queued scan sends and writes when it closes, on a real (loopback) PostgreSQL.

``scan --finish --notify`` and ``scanner worker --notify`` send the Apprise chat messages with
the state DB as the ledger of each channel, as the single-process scan does: a channel that is
down keeps its news for the next night and is not told twice. ``scan --finish --format F -o``
writes the closed scan in that format (json streamed, byte for byte ``--json``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
from sarif_kit.validate import validation_errors
from typer.testing import CliRunner

from scanner.cli import app
from scanner.config import Settings, load_settings
from scanner.demo.world import World, build_world
from scanner.distributed import enqueue_scan, scan_status
from scanner.distributed.queue import run_worker
from scanner.models import Site
from scanner.pipeline.env import utc_now
from tests.conftest import ServedWorld, serve_in_thread
from tests.notify.webhook import Webhook, webhook

pytestmark = pytest.mark.postgres

runner = CliRunner()


@pytest.fixture(scope="module")
def world() -> World:
    # rsud (infected), jdih (clean: its job is lost below), dispar (infected)
    return build_world(seed=23, n_sites=3, pages_per_site=8)


@pytest.fixture()
def served(world: World, tmp_path: Path) -> Iterator[ServedWorld]:
    with serve_in_thread(world, tmp_path / "scanner.toml") as s:
        yield s


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Apprise sends with requests, which honours proxy variables: loopback goes direct."""
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture()
def hook() -> Iterator[Webhook]:
    with webhook() as served:
        yield served


def _conf(served: ServedWorld, tmp_path: Path, pg_url: str, env: dict[str, str]) -> Settings:
    return load_settings(
        served.config,
        env=env,
        overrides={"state": pg_url, "reports_dir": str(tmp_path / "reports")},
    )


def _sites(world: World) -> list[Site]:
    return [Site(url=f"http://{s.host}/", name=s.host) for s in world.sites]


def _lose_job(pg_url: str, site: Site) -> None:
    """The job of ``site`` is gone (a queue accident): only ``--finish`` can close the scan."""
    with psycopg.connect(pg_url) as conn:
        conn.execute(
            "DELETE FROM procrastinate_jobs WHERE status = 'todo' AND args->>'site_url' = %s",
            (site.url,),
        )


def _night_with_a_lost_job(
    conf: Settings, pg_url: str, sites: list[Site], days_ago: int
) -> None:
    """Enqueue a night, lose the clean site's job and run the others: the scan stays open."""
    enqueue_scan(sites, conf, clock=lambda: utc_now() - timedelta(days=days_ago))
    _lose_job(pg_url, sites[1])
    run_worker(conf, 2, heartbeat=0.5, wait=False)
    progress = scan_status(conf)
    assert progress is not None and progress.finished is None and progress.pending == 1


def test_finish_and_the_closing_worker_send_the_chat_with_the_ledger_per_channel(
    served: ServedWorld, tmp_path: Path, pg_url: str, hook: Webhook
) -> None:
    sites = _sites(served.world)
    env = {"SCANNER_APPRISE_URLS": hook.url("/csirt-jatim")}
    conf = _conf(served, tmp_path, pg_url, env)
    base = ["--config", str(served.config), "--state", pg_url]

    # Night 1: --finish closes the scan; the chat service is down. Exit 3, news kept.
    _night_with_a_lost_job(conf, pg_url, sites, days_ago=2)
    hook.status = 503
    first = runner.invoke(app, ["scan", "--finish", "--notify", *base], env=env)
    assert first.exit_code == 3, first.output
    assert "team#1 (json)" in first.output and "503" in first.output
    assert "INCOMPLETE" in first.output  # the lost job's site: never a clean night
    assert len(hook.posts) == 1  # tried once

    # Night 2: the last job closes the scan (worker --notify); the incidents are ongoing
    # now, but this channel never heard of them: it gets them.
    hook.status = 200
    enqueue_scan(sites, conf, clock=lambda: utc_now() - timedelta(days=1))
    run_worker(conf, 2, heartbeat=0.5, wait=False, notify=True)
    assert len(hook.posts) == 2
    told = hook.posts[1]
    assert "insiden" in told["title"] and "rsud.kabsukamaju.go.id" in told["message"]

    # Night 3, through --finish again: nothing new, nothing sent (on-new), exit 1 (open).
    _night_with_a_lost_job(conf, pg_url, sites, days_ago=0)
    third = runner.invoke(app, ["scan", "--finish", "--notify", *base], env=env)
    assert third.exit_code == 1, third.output
    assert len(hook.posts) == 2


def test_finish_notify_without_a_channel_is_exit_2_before_closing(
    served: ServedWorld, tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SCANNER_APPRISE_URLS", raising=False)
    conf = _conf(served, tmp_path, pg_url, {})
    enqueue_scan(_sites(served.world)[:1], conf)
    out = runner.invoke(
        app, ["scan", "--finish", "--notify", "--config", str(served.config), "--state", pg_url]
    )
    assert out.exit_code == 2 and "apprise.urls" in out.output
    progress = scan_status(conf)
    assert progress is not None and progress.finished is None  # still open: nothing lost
    refused = runner.invoke(
        app, ["scan", "--enqueue", "--notify", "--config", str(served.config), "--state", pg_url],
        env={"SCANNER_APPRISE_URLS": "json://127.0.0.1:9/x"},
    )
    assert refused.exit_code == 2 and "--finish" in refused.output


def test_finish_writes_the_format_document_and_a_closed_scan_renders_from_the_read_side(
    served: ServedWorld, tmp_path: Path, pg_url: str
) -> None:
    sites = _sites(served.world)
    conf = _conf(served, tmp_path, pg_url, {})
    _night_with_a_lost_job(conf, pg_url, sites, days_ago=0)
    base = ["--config", str(served.config), "--state", pg_url]
    json_path = tmp_path / "nightly.json"
    done = runner.invoke(
        app, ["scan", "--finish", *base, "--json", str(json_path), "-f", "json", "-o", "-"]
    )
    assert done.exit_code == 1, done.output  # open incidents
    assert done.stdout_bytes == json_path.read_bytes()  # stdout: the document alone
    doc = json.loads(done.stdout_bytes)
    assert doc["scan"]["complete"] is False
    statuses = {s["url"]: s["status"] for s in doc["sites"]}
    assert statuses[sites[1].url] == "error"  # the lost job: said, never clean
    assert "scan " in done.stderr and "INCOMPLETE" in done.stderr

    # Closed already: the document still comes, rendered from the stored scan.
    sarif = tmp_path / "out" / "nightly.sarif"
    again = runner.invoke(app, ["scan", "--finish", *base, "-f", "sarif", "-o", str(sarif)])
    assert again.exit_code == 0, again.output
    assert "closed already" in again.output and f"sarif: {sarif}" in again.output
    log = json.loads(sarif.read_text(encoding="utf-8"))
    assert not validation_errors(log)
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is False
    assert log["runs"][0]["results"]  # the incidents of the infected sites


def test_finish_exit_code_and_summary_follow_min_severity(
    served: ServedWorld, tmp_path: Path, pg_url: str
) -> None:
    # As in the single-process scan, --min-severity leaves lesser incidents out of the exit
    # code and the summary line (the JSON keeps every incident).
    sites = _sites(served.world)
    conf = _conf(served, tmp_path, pg_url, {})
    _night_with_a_lost_job(conf, pg_url, sites, days_ago=0)
    json_path = tmp_path / "nightly.json"
    base = ["--config", str(served.config), "--state", pg_url, "--json", str(json_path)]
    done = runner.invoke(app, ["scan", "--finish", *base, "--min-severity", "critical"])
    doc = json.loads(json_path.read_text(encoding="utf-8"))
    open_ = [i for s in doc["sites"] for i in s["incidents"] if i["status"] != "resolved"]
    lesser = [i for i in open_ if i["severity"] != "critical"]
    assert lesser, "the world must have an open incident below critical for this test"
    critical = len(open_) - len(lesser)
    assert done.exit_code == (1 if critical else 3), done.output  # incomplete: never 0
    assert f"{critical} open incident(s)" in done.output
