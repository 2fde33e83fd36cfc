"""The parent of ``scan --workers N``: one queue of sites, N worker processes, one scan.

The parent begins the scan (every site a pending row), orders the queue largest site first (by
the page count of its last recorded scan, so the longest job is not the last one started) and
keeps each worker at ``in_flight`` sites: when one is done the worker gets the next. There is no
static split. Workers record their sites themselves; the parent only records what a worker
could not: a site whose job raised, a site lost twice with its worker, and at a stop the sites
never handed out. It shows one progress display, finishes the scan and returns the result;
rendering and mail are the caller's, once.

- Stop (the ``stop`` event: SIGINT/SIGTERM): no more sites are handed out, every worker is
  told to stop (it records its running sites as interrupted, with what they analysed), the
  parent waits ``grace`` seconds, then kills the rest; the scan is incomplete and keeps every
  page and result already recorded.
- A worker that dies (killed, out of memory, a crash in C code): its in-flight sites go back
  to the queue once, each to run alone on a worker (a new one is started in its place); a
  site lost a second time is recorded as an error saying so.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import time
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING

from scanner import __version__
from scanner.config import Settings
from scanner.evidence import evidence_dir
from scanner.models import ScanResult, Site, SiteOutcome, SiteResult, SiteStatus
from scanner.pipeline import Clock, ProgressFn, Recorder, StoreRecorder, utc_now
from scanner.pipeline.guard import GuardedRecorder
from scanner.store import Store
from scanner.workers.child import worker_main
from scanner.workers.messages import (
    Assign,
    Bye,
    Done,
    Failed,
    FromWorker,
    LogLine,
    Progress,
    Ready,
    SiteRunnerRef,
    Stop,
    WorkerSpec,
    slim,
)

if TYPE_CHECKING:  # imported where used: evidence.recorder imports the pipeline package
    from scanner.evidence.recorder import EvidenceRecorder

log = logging.getLogger(__name__)

GRACE_SECONDS = 10.0
"""After a stop, how long workers get to record their running sites before they are killed."""

POLL_SECONDS = 0.2
"""How often the parent looks at the stop request while waiting for its workers."""

MAX_ATTEMPTS = 2
"""A site is tried on a second worker after its first one died, and not again."""

INTERRUPTED = "scan interrupted before this site finished"


def largest_first(sites: Sequence[Site], counts: Mapping[str, int]) -> list[int]:
    """Indexes of ``sites``, most pages at their last scan first (unknown sites after the
    known ones, then in inventory order)."""
    return sorted(range(len(sites)), key=lambda i: -counts.get(sites[i].url, 0))


def sites_in_flight(settings: Settings) -> int:
    """Sites one worker runs at once: enough to fill its connection pool at the per-host cap."""
    return max(2, settings.crawl.concurrency // max(1, settings.crawl.per_host))


@dataclass
class _Worker:
    """The parent's view of one worker process (mutable, never leaves the coordinator)."""

    number: int
    process: BaseProcess
    inbox: Connection
    outbox: Connection
    in_flight: dict[int, int] = field(default_factory=dict)
    """Site index -> attempt, for every site handed to it and not yet reported."""
    ready: bool = False
    gone: bool = False


class _Coordinator:
    """Hands out sites, reads the workers' messages, reaps dead workers (see the module doc)."""

    def __init__(
        self,
        sites: Sequence[Site],
        order: Sequence[int],
        spec: WorkerSpec,
        recorder: Recorder,
        *,
        workers: int,
        in_flight: int,
        clock: Clock,
        progress: ProgressFn | None,
        grace: float,
        evidence: EvidenceRecorder | None = None,
    ) -> None:
        self._sites = sites
        self._spec = spec
        self._recorder = recorder
        self._evidence = evidence
        self._size = workers
        self._in_flight = in_flight
        self._clock = clock
        self._progress = progress
        self._grace = grace
        self._queue: deque[int] = deque(order)
        self.results: list[SiteResult | None] = [None] * len(sites)
        self._workers: list[_Worker] = []
        self._spawned = 0
        self._idle_exits = 0
        self._retries: deque[int] = deque()
        """Sites whose worker died, waiting for a worker with nothing in flight."""
        self._context = multiprocessing.get_context("spawn")
        self._closing_since: float | None = None
        self.interrupted = False
        self.record_error = ""
        """The first state failure a worker reported ('' while they could all write)."""

    # ------------------------------------------------------------------ the loop

    async def run(self, stop: asyncio.Event | None) -> None:
        """Until every site has a result, or a stop has been carried out."""
        for _ in range(self._size):
            self._spawn()
        try:
            while True:
                if stop is not None and stop.is_set() and not self.interrupted:
                    log.warning("stopping: no more sites handed out; workers finish recording")
                    self.interrupted = True
                    self._close()
                if self._closing_since is None and all(r is not None for r in self.results):
                    self._close()
                if self._closing_since is not None:
                    if not self._live():
                        break
                    if time.monotonic() - self._closing_since > self._grace:
                        self._kill_all("did not stop within the grace period")
                        break
                await asyncio.to_thread(self._wait)
                self._receive_all()
                self._reap()
                self._assign()
        except asyncio.CancelledError:
            self.interrupted = True
            self._kill_all("the scan was cancelled")
        finally:
            for worker in self._workers:
                if not worker.gone:
                    self._kill(worker, "the parent is ending")
        self._settle_unfinished()

    def _live(self) -> list[_Worker]:
        return [w for w in self._workers if not w.gone]

    def _wait(self) -> None:
        """Block until a worker says something or exits (at most ``POLL_SECONDS``)."""
        live = self._live()
        objects: list[object] = [w.outbox for w in live] + [w.process.sentinel for w in live]
        if objects:
            wait(objects, POLL_SECONDS)  # type: ignore[arg-type]
        else:
            time.sleep(POLL_SECONDS)

    # ------------------------------------------------------------------ workers

    def _spawn(self) -> None:
        number = self._spawned
        self._spawned += 1
        to_worker_r, to_worker_w = self._context.Pipe(duplex=False)
        from_worker_r, from_worker_w = self._context.Pipe(duplex=False)
        spec = WorkerSpec(
            number=number,
            settings=self._spec.settings,
            scan_id=self._spec.scan_id,
            clock=self._spec.clock,
            log_level=self._spec.log_level,
            runner=self._spec.runner,
            evidence=self._spec.evidence,
        )
        process = self._context.Process(
            target=worker_main,
            args=(spec, to_worker_r, from_worker_w),
            name=f"scanner-worker-{number}",
            daemon=True,
        )
        process.start()
        to_worker_r.close()  # the child's ends: closed here, so a dead child reads as EOF
        from_worker_w.close()
        self._workers.append(_Worker(number, process, to_worker_w, from_worker_r))
        log.debug("worker %d started (pid %s)", number, process.pid)

    def _close(self) -> None:
        """Tell every worker to stop (once); from now on the loop only waits for them."""
        if self._closing_since is not None:
            return
        self._closing_since = time.monotonic()
        for worker in self._live():
            self._send(worker, Stop())

    def _kill_all(self, why: str) -> None:
        for worker in self._live():
            self._kill(worker, why)

    def _kill(self, worker: _Worker, why: str) -> None:
        log.warning("worker %d (pid %s) killed: %s", worker.number, worker.process.pid, why)
        worker.process.kill()
        worker.process.join(5)
        self._receive(worker)
        self._bury(worker)

    def _reap(self) -> None:
        """Workers that exited: their lost sites are retried once or recorded as errors, and
        a new worker takes the place of one that died while sites are left."""
        for worker in self._live():
            if worker.process.exitcode is None:
                continue
            self._receive(worker)  # whatever it said before it exited is still in the pipe
            code = worker.process.exitcode
            lost = self._bury(worker)
            closing = self._closing_since is not None
            if lost:
                reason = f"worker process {worker.process.pid} died (exit code {code})"
                log.error("%s with %d site(s) in flight", reason, len(lost))
            for index, attempt in lost.items():
                if closing:
                    self._record_error(index, INTERRUPTED)
                elif attempt < MAX_ATTEMPTS:
                    self._retries.append(index)
                else:
                    self._record_error(
                        index, f"{reason} while scanning this site, on both attempts"
                    )
            if closing or not (self._queue or self._retries):
                continue
            if not lost:  # failed to start, or stopped by a signal of its own: bounded
                self._idle_exits += 1
                if self._idle_exits >= 2 * self._size:
                    continue
            self._spawn()  # a death with sites is bounded by their attempts
        if self._closing_since is None and not self._live():
            for queue in (self._retries, self._queue):
                while queue:  # workers keep exiting as they start: nothing can run the rest
                    self._record_error(queue.popleft(), "no worker process left to scan it")

    def _bury(self, worker: _Worker) -> dict[int, int]:
        """Forget an exited worker; returns its sites still in flight."""
        worker.gone = True
        worker.process.join(1)
        for conn in (worker.inbox, worker.outbox):
            conn.close()
        lost, worker.in_flight = worker.in_flight, {}
        return lost

    # ------------------------------------------------------------------ messages

    def _send(self, worker: _Worker, message: Assign | Stop) -> bool:
        try:
            worker.inbox.send(message)
        except (OSError, ValueError):
            return False  # it is dying: the reaper will see it exit
        return True

    def _assign(self) -> None:
        """Keep each ready worker at ``in_flight`` sites, the emptiest first. A retried site
        runs alone on its worker, and while one waits no new site is handed out (the workers
        drain): so a site that kills every worker it runs on cannot take another down twice."""
        if self._closing_since is None:
            while self._retries and self._give(self._retries, retry=True):
                pass
            while not self._retries and self._queue and self._give(self._queue, retry=False):
                pass

    def _give(self, queue: deque[int], *, retry: bool) -> bool:
        """Hand the head of ``queue`` to the emptiest fitting worker; False when none fits."""
        live = self._live()
        unfinished = len(self._queue) + len(self._retries) + sum(len(w.in_flight) for w in live)
        # A worker ready before the others does not take a small scan's every site.
        cap = min(self._in_flight, -(-unfinished // max(1, len(live))))
        fits = [
            w
            for w in live
            if w.ready
            and len(w.in_flight) < cap
            and (not w.in_flight if retry else all(a == 1 for a in w.in_flight.values()))
        ]
        if not fits:
            return False
        worker = min(fits, key=lambda w: len(w.in_flight))
        index = queue.popleft()
        attempt = MAX_ATTEMPTS if retry else 1
        if not self._send(worker, Assign(index, self._sites[index], attempt)):
            queue.appendleft(index)
            worker.ready = False  # it is dying: the reaper will see it exit
            return True
        worker.in_flight[index] = attempt
        return True

    def _receive_all(self) -> None:
        for worker in self._live():
            self._receive(worker)

    def _receive(self, worker: _Worker) -> None:
        """Every message waiting from ``worker``; a torn pipe (killed mid-send) ends it."""
        try:
            while worker.outbox.poll(0):
                self._handle(worker, worker.outbox.recv())
        except EOFError:
            pass  # it exited: the reaper sees it
        except Exception as exc:  # OSError, or a message torn by a kill that does not unpickle
            log.debug("worker %d: unreadable pipe: %s", worker.number, exc)

    def _handle(self, worker: _Worker, message: FromWorker) -> None:
        if isinstance(message, Progress):
            if self._progress is not None:
                self._progress(message.host, message.pages)
        elif isinstance(message, Done):
            worker.in_flight.pop(message.index, None)
            self.results[message.index] = self._with_evidence(message)
            self.record_error = self.record_error or message.record_error
        elif isinstance(message, Failed):
            worker.in_flight.pop(message.index, None)
            self._record_error(message.index, message.reason)
        elif isinstance(message, LogLine):
            logging.getLogger(message.logger).log(
                message.level, "[worker %d] %s", worker.number, message.message
            )
        elif isinstance(message, Ready):
            worker.ready = True
        elif isinstance(message, Bye):
            worker.ready = False

    # ------------------------------------------------------------------ what workers cannot record

    def _with_evidence(self, done: Done) -> SiteResult:
        """Write the site's kept exchanges to the scan's one WARC file (the parent alone
        writes it, as in one process); the result lists the records."""
        warc = self._evidence.warc if self._evidence is not None else None
        if not done.exchanges or warc is None:
            return done.result
        site = done.result.site
        try:
            items = warc.write(site, done.exchanges, done.result.incidents)
        except OSError as exc:
            log.error("%s: evidence could not be written: %s", site.host, exc)
            return done.result
        return replace(done.result, evidence=items)

    def _record_error(self, index: int, reason: str) -> None:
        """Record the site as an error with ``reason`` (pages it streamed stay recorded)."""
        if self.results[index] is not None:
            return
        now = self._clock()
        outcome = SiteOutcome(
            site=self._sites[index],
            status=SiteStatus.ERROR,
            error=reason,
            complete=False,
            started=now,
            finished=now,
        )
        self.results[index] = slim(self._recorder.record(outcome))

    def _settle_unfinished(self) -> None:
        """At the end: sites never handed out, or lost in a stop, are interrupted."""
        for index, result in enumerate(self.results):
            if result is None:
                self._record_error(index, INTERRUPTED)


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
) -> ScanResult:
    """Scan ``sites`` with ``workers`` processes writing into ``store``'s file; the result.

    ``clock`` must be picklable (a module-level function): the workers stamp with it too.
    ``runner`` names the function that runs one site job in a worker (tests use it to kill
    a worker on a given site). The result's pages carry no fingerprints (they are stored).
    """
    guarded = GuardedRecorder(StoreRecorder(store))  # a full disk costs the state, not the scan
    recorder: Recorder = guarded
    evidence = settings.evidence.enabled and (
        bool(settings.evidence.dir) or store.path != ":memory:"
    )
    writer: EvidenceRecorder | None = None
    if evidence:  # the workers capture; the parent writes the scan's WARC beside the state
        from scanner.evidence.recorder import EvidenceRecorder

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
    coordinator = _Coordinator(
        sites,
        order,
        spec,
        recorder,
        workers=max(1, min(workers, len(sites))),
        in_flight=in_flight or sites_in_flight(settings),
        clock=clock,
        progress=progress,
        grace=grace,
        evidence=writer,
    )
    await coordinator.run(stop)
    final = tuple(r for r in coordinator.results if r is not None)
    complete = not coordinator.interrupted and all(
        r.complete or r.status is SiteStatus.UNREACHABLE for r in final
    )
    finished = clock()
    recorder.finish(finished, complete)
    if coordinator.interrupted:
        log.warning("scan %s interrupted; keeping what was gathered", scan_id)
    return ScanResult(
        id=scan_id,
        started=started,
        finished=finished,
        complete=complete,
        scanner_version=__version__,
        sites=final,
        record_error=guarded.failure or coordinator.record_error,
    )
