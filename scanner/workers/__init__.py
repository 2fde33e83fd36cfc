"""Running many site jobs on every core of one machine: ``scanner scan --workers N``.

::

    parent (pool.py)                               worker processes (child.py), spawn
    begin scan ─► queue, largest site first ─Assign─► SiteJob(site).run ─► SiteOutcome
        ▲            one progress display               │ recorded here (SQLite WAL)
        └──────────── Done(result, no fingerprints) ◄───┘
    finish scan ─► ScanResult (report and mail: the caller, once)

- ``run.py``       ``scan_with_workers``: begin the scan, largest site first, finish it
- ``pool.py``      the coordinator: the queue, stop, deadline and grace, dead workers' sites
- ``slots.py``     per-IP slots: at most ``crawl.per_ip`` sites of one server address at once
- ``child.py``     ``worker_main``: one event loop, session and store connection per process
- ``messages.py``  the records on the pipes between them

A site job is a plain function of small arguments keyed by (scan, site) whose frozen outcome
is recorded once: the same shape a distributed queue runs.
"""

from __future__ import annotations

import os

from scanner.workers.run import GRACE_SECONDS, largest_first, scan_with_workers, sites_in_flight


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


__all__ = [
    "GRACE_SECONDS",
    "default_workers",
    "largest_first",
    "scan_with_workers",
    "sites_in_flight",
]
