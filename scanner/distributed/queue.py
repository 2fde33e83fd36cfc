"""The procrastinate side: the app, its schema, the site job, and stalled-job recovery.

Jobs are rows in procrastinate's tables in the state database (``QUEUE``, task ``TASK``, keyword
arguments ``scan_id`` and ``site_url``, the lock ``scan:<id>:<url>`` so two jobs of one site
never run at once). A worker whose heartbeat stops (killed, machine lost) leaves its jobs
``doing``; every worker looks for such stalled jobs each heartbeat and puts them back in the
queue, where ``claim_site`` makes the re-run start clean.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from dataclasses import replace
from typing import Any

from scanner.config import Settings
from scanner.distributed.politeness import ip_slot, server_address
from scanner.errors import ConfigError, NotifyError, StoreError
from scanner.models import Site
from scanner.pipeline import scan_sites
from scanner.pipeline.env import Clock, utc_now
from scanner.store import Claim, Store
from scanner.store.pg import is_postgres_url
from scanner.store.recorder import StoreRecorder

log = logging.getLogger(__name__)

QUEUE = "scanner"
TASK = "scanner.scan_site"
SCHEMA_LOCK_KEY = 0x5CA77E14
"""Advisory lock held while procrastinate's schema is created (once per database)."""

PER_IP = 2
"""Sites of one server address scanned at once across all workers (``worker --per-ip``)."""

HEARTBEAT_S = 10.0
"""Seconds between worker heartbeats; a worker silent for 3 heartbeats is taken as dead."""


def require_postgres(settings: Settings) -> str:
    """The state URL; ConfigError unless the state is PostgreSQL."""
    if not is_postgres_url(settings.state):
        raise ConfigError(
            f"state {settings.state!r}: queued scans and workers need the state in "
            "PostgreSQL (state = 'postgresql://user:password@host/db'); see docs/scale.md"
        )
    return settings.state


def ensure_schema(url: str) -> None:
    """Create procrastinate's tables in the state database unless they exist."""
    import psycopg
    from procrastinate.schema import SchemaManager

    try:
        with psycopg.connect(url, autocommit=True) as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK_KEY,))
            row = conn.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()
            if row is None or row[0] is None:
                conn.execute(SchemaManager.get_schema())
    except psycopg.Error as exc:
        raise StoreError(f"cannot prepare the job queue: {exc}") from exc


def site_jobs(scan_id: int, sites: list[Site]) -> list[Any]:
    """One procrastinate job per site of the scan."""
    from procrastinate import jobs

    return [
        jobs.Job(
            id=None,
            queue=QUEUE,
            lock=f"scan:{scan_id}:{site.url}",
            queueing_lock=None,
            task_name=TASK,
            task_kwargs={"scan_id": scan_id, "site_url": site.url},
        )
        for site in sites
    ]


class JobRecorder(StoreRecorder):
    """Records one site job into a scan begun by ``scan --enqueue`` (never begins or finishes
    the scan itself: the queue does)."""

    def __init__(self, store: Store, scan_id: int) -> None:
        """Record into ``store``, scan ``scan_id``."""
        super().__init__(store)
        self._queued_scan = scan_id

    def begin(self, started: Any, scanner_version: str, sites: Any) -> int:
        """The queued scan's id (its rows exist already)."""
        self._scan_id = self._queued_scan
        return self._queued_scan

    def finish(self, finished: Any, complete: bool) -> None:
        """Write the pages still buffered; the scan stays open for the other jobs."""
        for site_url in list(self._pending):
            self._flush(site_url)


async def run_site(
    settings: Settings,
    scan_id: int,
    site_url: str,
    clock: Clock = utc_now,
    *,
    email: bool = False,
    notify: bool = False,
    per_ip: int = PER_IP,
) -> Claim:
    """One site job: claim it, take a slot of its server's address (``per_ip`` sites of one
    address at once, across every worker), scan it with the single-process pipeline, record
    it, and close the scan (report, mail) when it was the last site. Returns the claim."""
    from scanner.distributed.run import finish_scan

    # Evidence needs a directory every worker shares: only when evidence.dir says where.
    if not settings.evidence.dir:
        settings = replace(settings, evidence=replace(settings.evidence, enabled=False))
    with Store.open(settings.state, clock=clock) as store:
        claim, site = store.claim_site(scan_id, site_url)
        if claim is Claim.DONE:
            log.info("scan %s: %s already recorded; nothing to do", scan_id, site_url)
            return claim
        if claim is Claim.RERUN:
            log.warning("scan %s: %s re-run after a failed attempt", scan_id, site.host)
        address = await server_address(site, settings.crawl)
        async with ip_slot(settings.state, address, per_ip):
            result = await scan_sites(
                [site], settings, recorder=JobRecorder(store, scan_id), clock=clock
            )
        if result.record_error:  # the pipeline kept scanning; the job must not count as done
            raise StoreError(f"scan {scan_id}: {site_url} not recorded: {result.record_error}")
        last = store.pending_sites(scan_id) == 0
    if last:
        done = await asyncio.to_thread(
            finish_scan, settings, scan_id, email=email, notify=notify, clock=clock
        )
        if done is not None and done.notify_error:  # the job fails saying so; news stays pending
            raise NotifyError(done.notify_error)
    return claim


def make_app(
    settings: Settings,
    clock: Clock = utc_now,
    *,
    email: bool = False,
    notify: bool = False,
    per_ip: int = PER_IP,
) -> Any:
    """The worker's procrastinate app, with the site task bound to these settings (``email``,
    ``notify``: the worker that closes a scan mails its report, and sends the chat messages,
    per their policy)."""
    import procrastinate

    url = require_postgres(settings)
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=url))

    @app.task(name=TASK, queue=QUEUE)
    async def scan_site(scan_id: int, site_url: str) -> None:
        await run_site(
            settings, scan_id, site_url, clock, email=email, notify=notify, per_ip=per_ip
        )

    return app


async def _recover_stalled(app: Any, heartbeat: float) -> None:
    """Each heartbeat, put the jobs of workers silent for 3 heartbeats back in the queue."""
    while True:
        await asyncio.sleep(heartbeat)
        try:
            stalled = await app.job_manager.get_stalled_jobs(
                queue=QUEUE, seconds_since_heartbeat=3 * heartbeat
            )
            for job in stalled:
                with contextlib.suppress(Exception):  # another worker retried it first
                    await app.job_manager.retry_job(job)
                    log.warning("job %s (%s) of a dead worker queued again", job.id,
                                job.task_kwargs.get("site_url"))
        except Exception as exc:  # the database is away: try again next heartbeat
            log.warning("stalled-job check failed: %s", exc)


def run_worker(
    settings: Settings,
    concurrency: int,
    *,
    heartbeat: float = HEARTBEAT_S,
    wait: bool = True,
    email: bool = False,
    notify: bool = False,
    per_ip: int = PER_IP,
) -> None:
    """Run site jobs until stopped (SIGINT/SIGTERM: the running jobs finish first);
    ``wait=False`` returns once the queue is empty."""
    ensure_schema(require_postgres(settings))
    app = make_app(settings, email=email, notify=notify, per_ip=per_ip)

    async def main() -> None:
        async with app.open_async():
            recover = asyncio.create_task(_recover_stalled(app, heartbeat))
            try:
                await app.run_worker_async(
                    queues=[QUEUE],
                    concurrency=concurrency,
                    wait=wait,
                    update_heartbeat_interval=heartbeat,
                    stalled_worker_timeout=3 * heartbeat,
                    fetch_job_polling_interval=min(5.0, heartbeat),
                    delete_jobs="successful",
                    # signal handlers can only be set from the main thread (tests run two)
                    install_signal_handlers=threading.current_thread() is threading.main_thread(),
                )
            finally:
                recover.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await recover

    asyncio.run(main())
