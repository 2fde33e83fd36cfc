"""A worker process: its own event loop, HTTP session and store connection; K sites in flight.

``worker_main`` is the spawn target. It opens the state DB (SQLite WAL: the parent and every
worker write the same file, one short transaction at a time), makes one session, loads the
signatures, says ``Ready``, then runs each assigned site as one ``SiteJob``: the outcome is
recorded here (incidents synced, baseline saved, the site's result row written) and the result
goes back to the parent without fingerprints. On ``Stop`` (or SIGTERM, or the parent's pipe
closing) the running jobs are cancelled and recorded as interrupted (or as stopped by the scan
deadline, when the ``Stop`` says so), as in a one-process scan.
SIGINT is ignored: Ctrl-C on a terminal reaches the whole process group, and the parent alone
decides how a scan stops.

A worker never outlives its parent: on Linux the kernel sends it SIGTERM when the parent dies
(``prctl(PR_SET_PDEATHSIG)``), and everywhere the parent's pipe reads as closed. Once it stops
without the parent's ``Stop`` (SIGTERM, or the parent gone) it has ``EXIT_GRACE_SECONDS`` to
record its running sites and exit: an ``alarm`` armed then ends the process at the kernel
level (SIGALRM, default action) even when a thread spins in hostile input that cannot be
cancelled, or the interpreter's shutdown waits for such a thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import importlib
import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from multiprocessing.connection import Connection
from typing import cast

from scanner.crawl import AiohttpTransport, Crawler, Fetcher, make_session
from scanner.evidence import CaptureSpool, CapturingTransport
from scanner.integrity import KnownBad
from scanner.models import LimitKind, SiteOutcome, SiteResult
from scanner.pipeline import Phase, ScanEnv, SiteJob, StoreRecorder, profiles_for
from scanner.pipeline.guard import GuardedRecorder
from scanner.signatures import load_signatures
from scanner.store import Store
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

log = logging.getLogger(__name__)

POLL_SECONDS = 0.2
"""How often a worker waiting for the parent looks at its stop flag."""

EXIT_GRACE_SECONDS = 12
"""How long a worker stopping on its own (SIGTERM, the parent gone) may take before the kernel
ends it: the parent's own grace (``workers.GRACE_SECONDS``, 10 s) and a little more."""

_PR_SET_PDEATHSIG = 1
"""``<linux/prctl.h>``: the signal the kernel sends this process when its parent dies."""

SiteRunner = Callable[[SiteJob, Crawler], Awaitable[SiteOutcome]]
"""Runs one site job to its outcome (``run_job``; tests name another to kill a worker)."""


async def run_job(job: SiteJob, crawler: Crawler) -> SiteOutcome:
    """The site job, straight through."""
    return await job.run(crawler)


def load_runner(ref: SiteRunnerRef) -> SiteRunner:
    """The site runner ``ref`` names."""
    return cast(SiteRunner, getattr(importlib.import_module(ref.module), ref.name))


class _PipeHandler(logging.Handler):
    """Sends each log record to the parent, formatted (the parent's handlers place it)."""

    def __init__(self, conn: Connection) -> None:
        super().__init__()
        self._conn = conn

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(OSError, ValueError):
            self._conn.send(LogLine(record.levelno, record.name, record.getMessage()))


def die_with_parent() -> bool:
    """Ask the kernel (Linux) to send this process SIGTERM when its parent dies; True when it
    will. Elsewhere (or if prctl fails) only the pipe's EOF tells the worker."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        done = bool(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False
    parent = multiprocessing.parent_process()
    if done and parent is not None and os.getppid() != parent.pid:
        os.kill(os.getpid(), signal.SIGTERM)  # the parent died before the prctl: too late for it
    return done


def exit_within(seconds: int) -> None:
    """End this process ``seconds`` from now whatever it is doing (SIGALRM, default action:
    the kernel ends it, no Python code has to run). Only the first call arms it."""
    if signal.getitimer(signal.ITIMER_REAL)[0] == 0.0:
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.alarm(max(1, seconds))


def worker_main(spec: WorkerSpec, inbox: Connection, outbox: Connection) -> None:
    """The spawn target: serve sites until told to stop (see the module docstring)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    root = logging.getLogger()
    root.handlers[:] = [_PipeHandler(outbox)]
    root.setLevel(spec.log_level)
    asyncio.run(_serve(spec, inbox, outbox))


async def _serve(spec: WorkerSpec, inbox: Connection, outbox: Connection) -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    on_own = False  # stopping without the parent's Stop (the parent gone): bounded in time

    def terminated(_signum: int, _frame: object) -> None:
        # A plain handler, not loop.add_signal_handler: it runs (and arms the bound) even while
        # the loop is busy or the interpreter waits for a thread at its shutdown.
        exit_within(EXIT_GRACE_SECONDS)
        with contextlib.suppress(RuntimeError):  # the loop is already closed
            loop.call_soon_threadsafe(stop.set)

    signal.signal(signal.SIGTERM, terminated)
    settings = spec.settings

    def send(message: FromWorker) -> None:
        nonlocal on_own
        try:
            outbox.send(message)
        except (OSError, ValueError):  # the parent is gone: nobody to tell; stop
            on_own = True
            stop.set()

    class Reporter:
        """The job's progress, piped to the parent's display (page counts and phases)."""

        def __call__(self, host: str, pages: int, /) -> None:
            send(Progress(spec.number, host, pages))

        def phase(self, host: str, phase: Phase, /) -> None:
            send(Progress(spec.number, host, 0, phase))

    progress = Reporter()

    runner = load_runner(spec.runner)
    capture = CaptureSpool(settings.evidence) if spec.evidence else None
    with Store.open(settings.state, clock=spec.clock) as store:
        # A full disk costs the state, not the scan (as in one process); the parent is told.
        recorder = GuardedRecorder(StoreRecorder(store, scan_id=spec.scan_id))
        async with make_session(settings.crawl) as session:
            transport = AiohttpTransport(session, settings.crawl)
            fetcher = Fetcher(
                session,
                settings.crawl,
                transport=CapturingTransport(transport, capture) if capture else transport,
            )
            env = ScanEnv(
                settings=settings,
                fetcher=fetcher,
                sigs=load_signatures(settings.detect.signatures_dir),
                profiles=profiles_for(settings),
                known_bad=KnownBad.for_signatures_dir(settings.detect.signatures_dir),
                clock=spec.clock,
                progress=progress,
                capture=capture,
            )
            crawler = Crawler(fetcher, settings.crawl)
            running: dict[int, tuple[SiteJob, asyncio.Task[None]]] = {}

            async def one(index: int, job: SiteJob) -> None:
                try:
                    outcome = await runner(job, crawler)
                    result = recorder.record(outcome)  # synchronous: a cancel cannot split it
                except Exception as exc:  # a bug or the store: the site is an error, not lost
                    log.exception("%s: site job failed", job.site.url)
                    running.pop(index, None)
                    send(Failed(spec.number, index, f"{type(exc).__name__}: {exc}"))
                    return
                running.pop(index, None)
                send(_done(spec.number, index, outcome, result, recorder))

            send(Ready(spec.number))
            deadline = ""
            while not stop.is_set():
                message = await _next(inbox, stop)
                if isinstance(message, Assign):
                    job = SiteJob(message.site, env, recorder)
                    running[message.index] = (job, asyncio.ensure_future(one(message.index, job)))
                elif isinstance(message, Stop):
                    on_own = on_own or message is _PARENT_GONE
                    deadline = message.deadline
                    stop.set()
            if on_own:
                exit_within(EXIT_GRACE_SECONDS)
            await _interrupt(running, recorder, spec.number, send, deadline)
    send(Bye(spec.number))


_PARENT_GONE = Stop()
"""What ``_next`` returns for a closed pipe: the parent died (told apart by identity)."""


async def _next(inbox: Connection, stop: asyncio.Event) -> Assign | Stop | None:
    """The parent's next message; None after ``POLL_SECONDS`` without one. A closed pipe (the
    parent died) is ``_PARENT_GONE``."""
    try:
        ready = await asyncio.to_thread(inbox.poll, POLL_SECONDS)
        if not ready:
            return None
        message = inbox.recv()
    except (EOFError, OSError):
        return _PARENT_GONE
    return message if isinstance(message, Assign | Stop) else None


async def _interrupt(
    running: dict[int, tuple[SiteJob, asyncio.Task[None]]],
    recorder: GuardedRecorder,
    number: int,
    send: Callable[[FromWorker], None],
    deadline: str = "",
) -> None:
    """Cancel the running jobs; record each unfinished one with what it analysed: stopped by
    the scan deadline when ``deadline`` says why, else interrupted."""
    tasks = [task for _job, task in running.values()]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    for index, (job, _task) in list(running.items()):
        outcome = job.stopped(LimitKind.SCAN_DEADLINE, deadline) if deadline else job.interrupted()
        send(_done(number, index, outcome, recorder.record(outcome), recorder))
    running.clear()


def _done(
    number: int, index: int, outcome: SiteOutcome, result: SiteResult, recorder: GuardedRecorder
) -> Done:
    """The message for a recorded site: its result without fingerprints, its evidence."""
    return Done(number, index, slim(result), outcome.exchanges, recorder.failure)
