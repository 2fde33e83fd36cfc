"""A scan: every site job of one run, concurrently, recorded as each finishes.

``scan_sites`` begins the scan with the recorder, runs one ``SiteJob`` per site (they share the
fetcher, so the per-host limits hold across sites), records each site's outcome as soon as it
is ready, and finishes the scan. A stop request (the ``stop`` event, set by a signal handler)
or a cancellation of the scan's task ends it early: the jobs still running are cancelled and
each is recorded with what it analysed, marked incomplete, and the scan is incomplete.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import aiohttp

from scanner import __version__
from scanner.config import Settings
from scanner.crawl import AiohttpTransport, Crawler, Fetcher, make_session
from scanner.evidence import CaptureSpool, CapturingTransport, evidence_dir
from scanner.evidence.recorder import EvidenceRecorder
from scanner.integrity import KnownBad
from scanner.models import LimitKind, ScanResult, Site, SiteResult, SiteStatus
from scanner.pipeline.env import Clock, ProgressFn, ScanEnv, profiles_for, utc_now
from scanner.pipeline.guard import GuardedRecorder
from scanner.pipeline.site import SiteJob
from scanner.signatures import SignatureSet, load_signatures
from scanner.store import Store
from scanner.store.recorder import NullRecorder, Recorder, StoreRecorder

log = logging.getLogger(__name__)


async def scan_sites(
    sites: Sequence[Site],
    settings: Settings,
    *,
    store: Store | None = None,
    recorder: Recorder | None = None,
    session: aiohttp.ClientSession | None = None,
    sigs: SignatureSet | None = None,
    progress: ProgressFn | None = None,
    clock: Clock = utc_now,
    stop: asyncio.Event | None = None,
    lean: bool = False,
) -> ScanResult:
    """Scan every site concurrently and return the frozen ScanResult.

    The state is reached through ``recorder`` (or a ``StoreRecorder`` over ``store``; neither:
    nothing is recorded). ``session`` is injected by tests; otherwise one is made for this scan
    and closed after it. On ``stop`` or cancellation what was gathered is kept, recorded and
    returned, and the result says the scan is incomplete.
    """
    if recorder is None:
        recorder = StoreRecorder(store) if store is not None else NullRecorder()
    capture: CaptureSpool | None = None
    state = store.path if store is not None else None
    # Decided on the unguarded recorder (a NullRecorder keeps none), then guarded with it.
    if _keeps_evidence(settings, recorder, state):
        # Evidence only where the scan is recorded: its WARC sits beside the state (issue 14).
        capture = CaptureSpool(settings.evidence)
        where = evidence_dir(settings, state)
        recorder = EvidenceRecorder(recorder, where, settings.evidence)
    recorder = guarded = GuardedRecorder(recorder)  # a full disk costs the state, not the scan
    sigs = sigs or load_signatures(settings.detect.signatures_dir)
    started = clock()
    scan_id = recorder.begin(started, __version__, sites)
    own_session = session is None
    session = session or make_session(settings.crawl)
    transport = AiohttpTransport(session, settings.crawl)
    fetcher = Fetcher(
        session,
        settings.crawl,
        transport=CapturingTransport(transport, capture) if capture is not None else transport,
    )
    env = ScanEnv(
        settings=settings,
        fetcher=fetcher,
        sigs=sigs,
        profiles=profiles_for(settings),
        known_bad=KnownBad.for_signatures_dir(settings.detect.signatures_dir),
        clock=clock,
        progress=progress,
        capture=capture,
    )
    crawler = Crawler(fetcher, settings.crawl)
    jobs: list[SiteJob | None] = [SiteJob(site, env, recorder) for site in sites]
    results: list[SiteResult | None] = [None] * len(jobs)

    admitted = asyncio.Semaphore(sites_at_once(settings))

    async def one(index: int) -> None:
        job = jobs[index]
        assert job is not None
        async with admitted:
            outcome = await job.run(crawler)  # within crawl.site_deadline
        recorded = recorder.record(outcome)  # synchronous: a cancel cannot split it
        results[index] = recorded.lean() if lean else recorded
        # A finished job's pages, fingerprints, findings and cloaking samples are recorded:
        # the scan no longer holds them (they were kept to the end of a national scan).
        jobs[index] = None

    children = [asyncio.ensure_future(one(i)) for i in range(len(jobs))]
    work = asyncio.gather(*children)
    interrupted = False
    scan_deadline = settings.crawl.scan_deadline or None
    cancelled = False
    try:
        interrupted = not await _until_done_or_stopped(work, stop, scan_deadline)
    except asyncio.CancelledError:
        interrupted = cancelled = True
    finally:
        # Stopped, cancelled, or a recorder failure: no job may outlive the scan.
        for child in children:
            child.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.shield(asyncio.gather(*children, return_exceptions=True))
        if work.done() and not work.cancelled():
            work.exception()  # retrieved: the jobs' cancellation is not an error to log
        if own_session:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.shield(session.close())
    timed_out = interrupted and not cancelled and not (stop is not None and stop.is_set())
    if timed_out:
        log.warning("scan %s: scan deadline reached; keeping what was gathered", scan_id)
    elif interrupted:
        log.warning("scan %s interrupted; keeping what was gathered", scan_id)
    for index, job in enumerate(jobs):
        if results[index] is None and job is not None:
            if timed_out:
                reason = (
                    f"scan deadline reached ({settings.crawl.scan_deadline:g} s, "
                    "crawl.scan_deadline) before this site finished"
                )
                kept = recorder.record(job.stopped(LimitKind.SCAN_DEADLINE, reason))
            else:
                kept = recorder.record(job.interrupted())
            results[index] = kept.lean() if lean else kept
    final = tuple(r for r in results if r is not None)
    return end_scan(
        recorder,
        clock,
        scan_id,
        started,
        final,
        interrupted=interrupted,
        record_error=guarded.failure,
    )


def end_scan(
    recorder: Recorder,
    clock: Clock,
    scan_id: int,
    started: datetime,
    sites: tuple[SiteResult, ...],
    *,
    interrupted: bool,
    record_error: str = "",
) -> ScanResult:
    """Finish the scan in ``recorder`` and return its result: one rule for every runner.

    A scan is complete when it was not interrupted and every site was scanned in full or did
    not answer at all (an unreachable site is a finding about the site, not a gap in the
    scan); anything less is recorded as incomplete, never as a clean night.
    """
    complete = not interrupted and all(
        r.complete or r.status is SiteStatus.UNREACHABLE for r in sites
    )
    finished = clock()
    recorder.finish(finished, complete)
    return ScanResult(
        id=scan_id,
        started=started,
        finished=finished,
        complete=complete,
        scanner_version=__version__,
        sites=sites,
        record_error=record_error,
    )


def sites_at_once(settings: Settings) -> int:
    """Sites crawled at once in one process: enough to fill the connection pool at the
    per-host cap (as a ``--workers`` worker keeps), twice over so a site waiting on its
    ``crawl.delay`` leaves the pool busy. All sites at once held every site's pages,
    fingerprints and cloaking samples together (the peak memory of a big scan)."""
    return max(2, 2 * settings.crawl.concurrency // max(1, settings.crawl.per_host))


def _keeps_evidence(settings: Settings, recorder: Recorder, state: str | None) -> bool:
    """Evidence is written for recorded scans only (not ``NullRecorder``, not ``:memory:``)."""
    if not settings.evidence.enabled or isinstance(recorder, NullRecorder):
        return False
    return bool(settings.evidence.dir) or state != ":memory:"


async def _until_done_or_stopped(
    work: asyncio.Future[Any], stop: asyncio.Event | None, timeout: float | None = None
) -> bool:
    """Wait for ``work``; True when it finished, False when ``stop`` was set or ``timeout``
    seconds (the scan deadline) passed first."""
    if stop is None and timeout is None:
        await work
        return True
    if stop is not None and stop.is_set():
        return False
    waits: set[asyncio.Future[Any]] = {work}
    stopped: asyncio.Future[Any] | None = None
    if stop is not None:
        stopped = asyncio.ensure_future(stop.wait())
        waits.add(stopped)
    try:
        await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        if stopped is not None:
            stopped.cancel()
    if work.done():
        work.result()  # a bug in the coordination itself must surface
        return True
    return False
