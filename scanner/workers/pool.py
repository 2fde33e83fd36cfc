"""The coordinator of ``scan --workers N``: one queue of sites, N worker processes.

It keeps each worker at ``in_flight`` sites, the queue's order (largest site first, see
``run.py``): when one is done the worker gets the next; there is no static split. A site is
handed out only while its server's address has a free per-IP slot (``slots.py``). Workers
record their sites themselves; the coordinator records only what a worker could not: a site
whose job raised, a site lost twice with its worker, and at a stop the sites never handed out.

- Stop (the ``stop`` event: SIGINT/SIGTERM) or the scan deadline (``crawl.scan_deadline``): no
  more sites are handed out, every worker is told to stop (it records its running sites as
  interrupted, or as stopped by the deadline, with what they analysed), the coordinator waits
  ``grace`` seconds, then kills the rest; every page and result already recorded is kept.
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
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess

from scanner.evidence.recorder import EvidenceRecorder
from scanner.models import Limit, LimitKind, Site, SiteOutcome, SiteResult, SiteStatus
from scanner.pipeline import Clock, PhaseProgress, ProgressFn, Recorder
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
    Stop,
    WorkerSpec,
    slim,
)
from scanner.workers.slots import IpSlots

log = logging.getLogger(__name__)

POLL_SECONDS = 0.2
"""How often the parent looks at the stop request while waiting for its workers."""

MAX_ATTEMPTS = 2
"""A site is tried on a second worker after its first one died, and not again."""

INTERRUPTED = "scan interrupted before this site finished"


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


class Coordinator:
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
        slots: IpSlots,
        deadline: float | None = None,
        evidence: EvidenceRecorder | None = None,
        lean: bool = False,
    ) -> None:
        """Coordinate ``sites`` handed out in ``order``; ``deadline``: seconds the scan may
        take from ``run`` on (``crawl.scan_deadline``; None: none); ``lean``: keep each
        site's result as ``SiteResult.lean`` once it is recorded (else without fingerprints)."""
        self._keep = SiteResult.lean if lean else slim
        self._sites = sites
        self._spec = spec
        self._recorder = recorder
        self._evidence = evidence
        self._size = workers
        self._in_flight = in_flight
        self._clock = clock
        self._progress = progress
        self._grace = grace
        self._slots = slots
        self._deadline = deadline
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
        self.deadline_reason = ""
        """Why the scan deadline stopped the scan ('' while it did not)."""
        self.record_error = ""
        """The first state failure a worker reported ('' while they could all write)."""

    # ------------------------------------------------------------------ the loop

    async def run(self, stop: asyncio.Event | None) -> None:
        """Until every site has a result, or a stop has been carried out."""
        ends = None if self._deadline is None else time.monotonic() + self._deadline
        self._slots.start()
        for _ in range(self._size):
            self._spawn()
        try:
            while True:
                if stop is not None and stop.is_set() and not self.interrupted:
                    log.warning("stopping: no more sites handed out; workers finish recording")
                    self.interrupted = True
                    self._close()
                if ends is not None and time.monotonic() >= ends and not self.interrupted:
                    self.deadline_reason = (
                        f"scan deadline reached ({self._deadline:g} s, crawl.scan_deadline) "
                        "before this site finished"
                    )
                    log.warning("scan deadline reached: no more sites handed out")
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
            await self._slots.close()
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
        spec = replace(self._spec, number=number)
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
            self._send(worker, Stop(self.deadline_reason))

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
                self._slots.release(index)
                if closing:
                    self._record_unfinished(index)
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
        """Hand the first site of ``queue`` whose server has a free per-IP slot to the
        emptiest fitting worker; False when no site or no worker fits."""
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
        position = next((n for n, i in enumerate(queue) if self._slots.ready(i)), None)
        if position is None:  # every site left waits for its address or for a slot
            return False
        worker = min(fits, key=lambda w: len(w.in_flight))
        index = queue[position]
        del queue[position]
        attempt = MAX_ATTEMPTS if retry else 1
        if not self._send(worker, Assign(index, self._sites[index], attempt)):
            queue.insert(position, index)
            worker.ready = False  # it is dying: the reaper will see it exit
            return True
        worker.in_flight[index] = attempt
        self._slots.take(index)
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
            if message.phase is not None:
                if isinstance(self._progress, PhaseProgress):
                    self._progress.phase(message.host, message.phase)
            elif self._progress is not None:
                self._progress(message.host, message.pages)
        elif isinstance(message, Done):
            worker.in_flight.pop(message.index, None)
            self._slots.release(message.index)
            self.results[message.index] = self._keep(self._with_evidence(message))
            self.record_error = self.record_error or message.record_error
        elif isinstance(message, Failed):
            worker.in_flight.pop(message.index, None)
            self._slots.release(message.index)
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

    def _record_error(self, index: int, reason: str, *limits: Limit) -> None:
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
            limits=limits,
        )
        self.results[index] = self._keep(self._recorder.record(outcome))

    def _record_unfinished(self, index: int) -> None:
        """A site without a result when the scan stopped: interrupted, or stopped by the scan
        deadline (with it as a limit, as in one process)."""
        reason = self.deadline_reason
        if reason:
            url = self._sites[index].url
            self._record_error(index, reason, Limit(LimitKind.SCAN_DEADLINE, reason, url))
        else:
            self._record_error(index, INTERRUPTED)

    def _settle_unfinished(self) -> None:
        """At the end: sites never handed out, or lost in a stop, are recorded unfinished."""
        for index, result in enumerate(self.results):
            if result is None:
                self._record_unfinished(index)
