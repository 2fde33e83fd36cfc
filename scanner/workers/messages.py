"""What the parent and its worker processes say to each other (one pipe each way per worker).

Parent -> worker: ``Assign`` a site, or ``Stop``. Worker -> parent: ``Ready`` once set up,
``Progress`` as pages are analysed, ``Done`` with each recorded site's result, ``LogLine`` for
its log records (the parent's logging decides where they go), ``Bye`` before a clean exit.
Every message is a small frozen record; a site's result travels without the page fingerprints
(they are in the store; the report does not need them), so the parent stays small.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from scanner.config import Settings
from scanner.models import Exchange, Site, SiteResult
from scanner.pipeline import Clock, Phase


@dataclass(frozen=True, slots=True)
class WorkerSpec:
    """Everything a worker process is started with (pickled once, at spawn)."""

    number: int
    settings: Settings
    scan_id: int
    clock: Clock
    """Module-level (picklable): the workers stamp times with the parent's clock."""
    log_level: int
    runner: SiteRunnerRef
    """Which function runs a site job (the seam tests use to kill a worker mid-site)."""
    evidence: bool = False
    """Capture the exchanges of pages with findings (``evidence.enabled`` for a stored scan)."""


@dataclass(frozen=True, slots=True)
class SiteRunnerRef:
    """A site runner named by module and function, imported in the worker."""

    module: str = "scanner.workers.child"
    name: str = "run_job"


@dataclass(frozen=True, slots=True)
class Assign:
    """Scan this site: ``index`` is its place in the parent's list, ``attempt`` 1 or 2."""

    index: int
    site: Site
    attempt: int = 1


@dataclass(frozen=True, slots=True)
class Stop:
    """Take no more sites; record the running ones as interrupted, then exit."""

    deadline: str = ""
    """Set when the scan deadline stopped the scan: the running sites are recorded as stopped
    by it (a ``scan_deadline`` limit), with this reason, instead of as interrupted."""


@dataclass(frozen=True, slots=True)
class Ready:
    """The worker has its store, session and signatures: it can take sites."""

    worker: int


@dataclass(frozen=True, slots=True)
class Progress:
    """A site's page count so far, or the post-crawl check it entered (``phase``), for the
    parent's one progress display."""

    worker: int
    host: str
    pages: int
    phase: Phase | None = None


@dataclass(frozen=True, slots=True)
class Done:
    """A site's outcome is recorded in the store; its result, without fingerprints."""

    worker: int
    index: int
    result: SiteResult
    exchanges: tuple[Exchange, ...] = ()
    """The exchanges kept as evidence (pages with findings): the parent writes the WARC."""
    record_error: str = ""
    """Why this worker could no longer write the state ('' while it could)."""


@dataclass(frozen=True, slots=True)
class Failed:
    """A site job raised (a bug) or its outcome could not be recorded: the parent records
    the site as an error with ``reason``."""

    worker: int
    index: int
    reason: str


@dataclass(frozen=True, slots=True)
class LogLine:
    """One log record of a worker, already formatted."""

    level: int
    logger: str
    message: str


@dataclass(frozen=True, slots=True)
class Bye:
    """The worker is exiting cleanly; nothing of its sites is left in flight."""

    worker: int


ToWorker = Assign | Stop
FromWorker = Ready | Progress | Done | Failed | LogLine | Bye


def slim(result: SiteResult) -> SiteResult:
    """The result as the parent keeps it: pages without fingerprints (stored already)."""
    if all(p.fingerprint is None for p in result.pages):
        return result
    return replace(result, pages=tuple(replace(p, fingerprint=None) for p in result.pages))

