"""Many machines: site jobs in a procrastinate queue that lives in the state's PostgreSQL.

::

    scanner scan --enqueue      begin the scan; one job per site; one transaction
    scanner worker -c N         (many, on many machines) run site jobs, N at a time each
    scanner scan --finish       close the scan (or the last job does), report and mail once
    scanner status              progress from SQL

* ``queue.py``   the procrastinate app, its schema, the job of one site, stalled-job recovery
* ``run.py``     enqueue, finish (report + mail once), status: what the CLI calls

Exactly one job owns each (scan, site): the job's first step is ``Store.claim_site``, which
skips a site already recorded and clears a dead attempt's pages before a re-run. A site job is
the same ``SiteJob`` a single-process scan runs, so incident ids are the same. See
docs/scale.md.
"""

from __future__ import annotations

from scanner.distributed.run import (
    EnqueuedScan,
    FinishedScan,
    enqueue_scan,
    finish_scan,
    night_of,
    scan_status,
)

__all__ = [
    "EnqueuedScan",
    "FinishedScan",
    "enqueue_scan",
    "finish_scan",
    "night_of",
    "scan_status",
]
