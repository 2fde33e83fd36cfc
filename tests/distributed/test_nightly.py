"""The nightly run across machines: cron runs ``scan --enqueue`` and the store refuses a second
enqueue of the same night, even when several machines fire at the same moment.

Chosen over a procrastinate periodic task (docs/scale.md, "The nightly run"): the enqueue
needs the inventory and the settings of one place, and the refusal is the ``scan_queue.night``
UNIQUE row written in the enqueue's own transaction, with the jobs: exactly one enqueue of a
night queues anything, whoever fires.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from scanner.config import Settings, load_settings
from scanner.distributed import EnqueuedScan, enqueue_scan
from scanner.errors import StoreError
from scanner.models import Site

pytestmark = pytest.mark.postgres

SITES = [
    Site(url="https://dinkes.lampungprov.go.id/", name="Dinas Kesehatan Provinsi Lampung"),
    Site(url="https://bapenda.bandarlampungkota.go.id/", name="Bapenda Kota Bandar Lampung"),
    Site(url="https://angkasapura2.go.id/", name="Bandar Udara Radin Inten II"),
]
EVENING = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)  # 19:00 WIB
LATE = datetime(2026, 12, 1, 16, 30, tzinfo=UTC)  # 23:30 WIB, the same night
NEXT = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)  # 19:00 WIB the next day


def _conf(pg_url: str, tmp_path: Path) -> Settings:
    return load_settings(env={}, overrides={"state": pg_url, "reports_dir": str(tmp_path)})


def _counts(pg_url: str) -> tuple[int, int]:
    with psycopg.connect(pg_url) as conn:
        queued = conn.execute("SELECT COUNT(*) FROM scan_queue").fetchone()
        jobs = conn.execute("SELECT COUNT(*) FROM procrastinate_jobs").fetchone()
    assert queued is not None and jobs is not None
    return int(queued[0]), int(jobs[0])


def test_machines_firing_at_once_queue_the_night_once(pg_url: str, tmp_path: Path) -> None:
    conf = _conf(pg_url, tmp_path)
    enqueue_scan(SITES[:1], conf, clock=lambda: datetime(2026, 11, 30, 12, tzinfo=UTC))
    machines = 4
    start = threading.Barrier(machines)
    won: list[EnqueuedScan] = []
    refused: list[str] = []
    other: list[BaseException] = []

    def cron() -> None:
        start.wait()
        try:
            won.append(enqueue_scan(SITES, conf, clock=lambda: EVENING))
        except StoreError as exc:
            refused.append(str(exc))
        except BaseException as exc:  # pragma: no cover - reported below
            other.append(exc)

    threads = [threading.Thread(target=cron) for _ in range(machines)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert other == []
    assert len(won) == 1 and len(refused) == machines - 1, (won, refused)
    assert all("2026-12-01" in r and "enqueued already" in r for r in refused)
    assert won[0].night == "2026-12-01" and won[0].jobs == len(SITES)
    assert _counts(pg_url) == (2, 1 + len(SITES))  # last night's 1 job + tonight's, once


def test_a_late_rerun_is_refused_and_the_next_night_is_queued(
    pg_url: str, tmp_path: Path
) -> None:
    conf = _conf(pg_url, tmp_path)
    first = enqueue_scan(SITES, conf, clock=lambda: EVENING)
    with pytest.raises(StoreError, match="enqueued already"):
        enqueue_scan(SITES, conf, clock=lambda: LATE)  # cron retried at 23:30 WIB
    assert _counts(pg_url) == (1, len(SITES))
    second = enqueue_scan(SITES, conf, clock=lambda: NEXT)
    assert (first.night, second.night) == ("2026-12-01", "2026-12-02")
    assert second.scan_id > first.scan_id
    assert _counts(pg_url) == (2, 2 * len(SITES))
