"""``scan --workers N`` as one call: begin the scan, run the coordinator, finish the scan.

The parent begins the scan (every site a pending row), orders the queue largest site first (by
the page count of its last recorded scan, so the longest job is not the last one started),
lets the coordinator (``pool.py``) run the worker processes, finishes the scan and returns the
result; rendering and mail are the caller's, once. The scan deadline (``crawl.scan_deadline``)
holds as in one process: past it the sites still running are stopped with what they analysed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence

from scanner import __version__
from scanner.config import Settings
from scanner.evidence import evidence_dir
from scanner.evidence.recorder import EvidenceRecorder
from scanner.models import ScanResult, Site
from scanner.pipeline import Clock, ProgressFn, Recorder, StoreRecorder, end_scan, utc_now
from scanner.pipeline.guard import GuardedRecorder
from scanner.store import Store
from scanner.workers.messages import SiteRunnerRef, WorkerSpec
from scanner.workers.pool import Coordinator
from scanner.workers.slots import IpSlots

log = logging.getLogger(__name__)

GRACE_SECONDS = 10.0
"""After a stop, how long workers get to record their running sites before they are killed."""


def largest_first(sites: Sequence[Site], counts: Mapping[str, int]) -> list[int]:
    """Indexes of ``sites``, most pages at their last scan first (unknown sites after the
    known ones, then in inventory order)."""
    return sorted(range(len(sites)), key=lambda i: -counts.get(sites[i].url, 0))


def sites_in_flight(settings: Settings) -> int:
    """Sites one worker runs at once: enough to fill its connection pool at the per-host cap."""
    return max(2, settings.crawl.concurrency // max(1, settings.crawl.per_host))



async def scan_with_workers(
    sites: Sequence[Site],
    settings: Settings,
    *,
    store: Store,
    workers: int,
    progress: ProgressFn | None = None,
    clock: Clock = utc_now,
    stop: asyncio.Event | None = None,
    in_flight: int | None = None,
    grace: float = GRACE_SECONDS,
    runner: SiteRunnerRef | None = None,
    lean: bool = False,
) -> ScanResult:
    """Scan ``sites`` with ``workers`` processes writing into ``store``'s file; the result.

    ``clock`` must be picklable (a module-level function): the workers stamp with it too.
    ``runner`` names the function that runs one site job in a worker (tests use it to kill
    a worker on a given site). The result's pages carry no fingerprints (they are stored);
    ``lean`` keeps each site as ``SiteResult.lean`` once recorded (what ``scanner scan`` does,
    as ``scan_sites``: the parent's memory does not grow with the pages of a national scan).
    """
    guarded = GuardedRecorder(StoreRecorder(store))  # a full disk costs the state, not the scan
    recorder: Recorder = guarded
    evidence = settings.evidence.enabled and (
        bool(settings.evidence.dir) or store.path != ":memory:"
    )
    writer: EvidenceRecorder | None = None
    if evidence:  # the workers capture; the parent writes the scan's WARC beside the state
        where = evidence_dir(settings, store.path)
        recorder = writer = EvidenceRecorder(guarded, where, settings.evidence)
    order = largest_first(sites, store.last_page_counts())
    started = clock()
    scan_id = recorder.begin(started, __version__, sites)
    spec = WorkerSpec(
        number=-1,
        settings=settings,
        scan_id=scan_id,
        clock=clock,
        log_level=logging.getLogger().getEffectiveLevel(),
        runner=runner or SiteRunnerRef(),
        evidence=evidence,
    )
    coordinator = Coordinator(
        sites,
        order,
        spec,
        recorder,
        workers=max(1, min(workers, len(sites))),
        in_flight=in_flight or sites_in_flight(settings),
        clock=clock,
        progress=progress,
        grace=grace,
        slots=IpSlots(sites, settings.crawl, order),
        deadline=settings.crawl.scan_deadline or None,
        evidence=writer,
        lean=lean,
    )
    await coordinator.run(stop)
    final = tuple(r for r in coordinator.results if r is not None)
    if coordinator.deadline_reason:
        log.warning("scan %s: scan deadline reached; keeping what was gathered", scan_id)
    elif coordinator.interrupted:
        log.warning("scan %s interrupted; keeping what was gathered", scan_id)
    return end_scan(  # the one rule for a complete scan, as in one process
        recorder,
        clock,
        scan_id,
        started,
        final,
        interrupted=coordinator.interrupted,
        record_error=guarded.failure or coordinator.record_error,
    )
