"""The state database (SQLite): scans, pages, findings, incidents and baselines across runs.

The nightly scan writes here as it goes and the CLI reads here (incident triage, report
re-rendering, baselines). One file, ``Settings.state`` (default ``state/scanner.db``), in WAL
mode so readers never block the writer. The schema is migrated on open (``schema.py``).

``Store`` is assembled from its parts, one module each:

* ``scans.py``      scan lifecycle, per-site results, pages, findings; ``load_scan``
* ``incidents.py``  the incident lifecycle (new -> ongoing -> resolved) and manual triage
* ``incident_queries.py``  reading incidents back: lists, one by id prefix, the audit trail
* ``baselines.py``  versioned known-good fingerprints for the integrity stage
* ``notified.py``   what was notified to whom; news stays pending until delivered
* ``queue.py``      scans run as queued site jobs (enqueue, claim, close, progress)
* ``reading.py``    a scan read back for its report without every page (national size)
* ``prune.py``      deleting old scans' clean page rows (``scanner state prune``)
* ``pg.py``         the PostgreSQL backend (``Store.open('postgresql://...')``)
* ``recorder.py``   the ``Recorder`` seam the pipeline writes through; ``StoreRecorder`` over this

Every method is one transaction; sqlite3 errors surface as ``StoreError`` naming the file.
"""

from __future__ import annotations

from scanner.store.baselines import BaselinesMixin, BaselineVersion
from scanner.store.incident_queries import IncidentEvent
from scanner.store.incidents import IncidentsMixin, IncidentSync
from scanner.store.notified import TEAM, NotifiedMixin, contact_audience
from scanner.store.prune import PruneMixin, PruneResult
from scanner.store.queue import Claim, QueueMixin, QueueProgress
from scanner.store.reading import ReadingMixin, ScanCounts
from scanner.store.scans import ScansMixin, ScanSummary
from scanner.store.schema import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "TEAM",
    "BaselineVersion",
    "Claim",
    "IncidentEvent",
    "IncidentSync",
    "PruneResult",
    "QueueProgress",
    "ScanCounts",
    "ScanSummary",
    "Store",
    "contact_audience",
]


class Store(
    QueueMixin,
    ReadingMixin,
    ScansMixin,
    IncidentsMixin,
    BaselinesMixin,
    NotifiedMixin,
    PruneMixin,
):
    """The state DB of the scanner; open with ``Store.open(path)`` and use as a context manager.

    ::

        with Store.open(settings.state) as store:
            scan_id = store.begin_scan(started, __version__, sites)
            ...
            sync = store.sync_incidents(scan_id, site.url, incidents, now, ok)
            store.record_site_result(scan_id, result)
            store.finish_scan(scan_id, finished, complete=True)
    """
