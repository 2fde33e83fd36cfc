"""Scans run as queued site jobs (``scanner scan --enqueue`` + ``scanner worker``).

The queue itself is procrastinate's, in the same PostgreSQL; the store keeps what the jobs
must agree on:

* ``begin_queued_scan``: the scan, its pending site rows and (through ``defer``) one job per
  site, in one transaction; a second queued scan of the same night is refused.
* ``claim_site``: a job's first step. A site already recorded in this scan is not scanned
  again (exactly one result per (scan, site)); a site still pending after an earlier attempt
  (a worker died mid-site) has that attempt's pages, verdicts and snapshot removed first.
* ``close_scan``: marks the scan finished exactly once (whoever calls it first: the last job
  or ``scan --finish``); sites never recorded become errors saying so.
* ``queue_progress``: the counts ``scanner status`` shows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from scanner.errors import StoreError
from scanner.models import Site
from scanner.store import codec
from scanner.store.scans import ScansMixin

NOT_RUN = "not scanned: the scan was finished before this site's job recorded a result"


class Claim(StrEnum):
    """What a site job should do, as decided by ``claim_site``."""

    RUN = "run"
    """First attempt: scan the site."""
    RERUN = "rerun"
    """An earlier attempt died: its partial records were removed; scan the site again."""
    DONE = "done"
    """The site already has its result in this scan (or the scan is closed): do nothing."""


@dataclass(frozen=True, slots=True)
class QueueProgress:
    """Where a queued scan stands (``scanner status``)."""

    scan_id: int
    night: str
    started: datetime | None
    finished: datetime | None
    complete: bool
    sites: int
    pending: int
    ok: int
    unreachable: int
    error: int
    pages: int


class QueueMixin(ScansMixin):
    """The store side of queued scans (see the module docstring)."""

    def begin_queued_scan(
        self,
        started: datetime,
        scanner_version: str,
        sites: Sequence[Site],
        night: str,
        defer: Callable[[int], int],
    ) -> int:
        """Begin a scan of ``sites`` for ``night`` and call ``defer(scan_id)`` (which queues the
        jobs and returns how many) inside the same transaction; returns the scan id.

        Raises StoreError when a queued scan of that night exists already.
        """
        with self._tx() as conn:
            row = conn.execute(
                "SELECT scan_id FROM scan_queue WHERE night = ?", (night,)
            ).fetchone()
            if row is not None:
                raise StoreError(
                    f"{self.path}: the scan of night {night} was enqueued already "
                    f"(scan {int(row[0])}); see `scanner status`"
                )
            scan_id = self.begin_scan(started, scanner_version, sites)
            try:
                conn.execute(
                    "INSERT INTO scan_queue (scan_id, night, enqueued) VALUES (?, ?, ?)",
                    (scan_id, night, codec.encode_dt(started)),
                )
            except sqlite3.IntegrityError as exc:  # another machine won the race
                raise StoreError(
                    f"{self.path}: the scan of night {night} was enqueued already"
                ) from exc
            jobs = defer(scan_id)
            conn.execute("UPDATE scan_queue SET jobs = ? WHERE scan_id = ?", (jobs, scan_id))
            return scan_id

    def claim_site(self, scan_id: int, site_url: str) -> tuple[Claim, Site]:
        """Decide whether a site job runs (see ``Claim``) and return the site as enqueued."""
        with self._tx() as conn:
            row = conn.execute(
                """SELECT r.site_id, r.status, r.attempts, r.site, c.finished
                   FROM site_results r JOIN sites s ON s.id = r.site_id
                   JOIN scans c ON c.id = r.scan_id
                   WHERE r.scan_id = ? AND s.url = ?""",
                (scan_id, site_url),
            ).fetchone()
            if row is None:
                raise StoreError(f"{self.path}: scan {scan_id} has no site {site_url}")
            site = codec.decode_site(codec.loads(row["site"]) or {"url": site_url})
            if row["status"] != "pending" or row["finished"] is not None:
                return Claim.DONE, site
            site_id = int(row["site_id"])
            rerun = int(row["attempts"]) > 0
            if rerun:
                for table in ("scan_incidents", "findings", "verdicts", "pages"):
                    conn.execute(
                        f"DELETE FROM {table} WHERE scan_id = ? AND site_id = ?",
                        (scan_id, site_id),
                    )
            conn.execute(
                """UPDATE site_results SET attempts = attempts + 1
                   WHERE scan_id = ? AND site_id = ?""",
                (scan_id, site_id),
            )
            return (Claim.RERUN if rerun else Claim.RUN), site

    def pending_sites(self, scan_id: int) -> int:
        """How many sites of the scan have no result yet."""
        with self._tx(write=False) as conn:
            row = conn.execute(
                "SELECT COUNT(*) FROM site_results WHERE scan_id = ? AND status = 'pending'",
                (scan_id,),
            ).fetchone()
            return int(row[0])

    def close_scan(self, scan_id: int, finished: datetime) -> bool:
        """Finish the scan once: True for the caller that closed it, False if it was closed.

        Sites still pending are recorded as errors (``NOT_RUN``); the scan is complete only
        when every site was recorded complete (or unreachable) by its job.
        """
        with self._tx() as conn:
            row = conn.execute("SELECT finished FROM scans WHERE id = ?", (scan_id,)).fetchone()
            if row is None:
                raise StoreError(f"{self.path}: no scan {scan_id}")
            if row["finished"] is not None:
                return False
            conn.execute(
                """UPDATE site_results SET status = 'error', error = ?, complete = 0
                   WHERE scan_id = ? AND status = 'pending'""",
                (NOT_RUN, scan_id),
            )
            bad = conn.execute(
                """SELECT COUNT(*) FROM site_results WHERE scan_id = ?
                   AND NOT (status = 'unreachable' OR (status = 'ok' AND complete = 1))""",
                (scan_id,),
            ).fetchone()
            conn.execute(
                "UPDATE scans SET finished = ?, complete = ? WHERE id = ?",
                (codec.encode_dt(finished), int(int(bad[0]) == 0), scan_id),
            )
            return True

    def queued_scan_id(self, night: str | None = None) -> int | None:
        """The queued scan of ``night`` (None: the latest queued scan), if any."""
        with self._tx(write=False) as conn:
            if night is None:
                row = conn.execute("SELECT MAX(scan_id) FROM scan_queue").fetchone()
            else:
                row = conn.execute(
                    "SELECT scan_id FROM scan_queue WHERE night = ?", (night,)
                ).fetchone()
        return None if row is None or row[0] is None else int(row[0])

    def queue_progress(self, scan_id: int) -> QueueProgress:
        """Counts of a queued scan's sites by status, and its pages, from SQL."""
        with self._tx(write=False) as conn:
            scan = conn.execute(
                """SELECT c.started, c.finished, c.complete, q.night FROM scans c
                   JOIN scan_queue q ON q.scan_id = c.id WHERE c.id = ?""",
                (scan_id,),
            ).fetchone()
            if scan is None:
                raise StoreError(f"{self.path}: scan {scan_id} was not enqueued")
            counts = {
                r["status"]: int(r["n"])
                for r in conn.execute(
                    """SELECT status, COUNT(*) AS n FROM site_results WHERE scan_id = ?
                       GROUP BY status""",
                    (scan_id,),
                ).fetchall()
            }
            pages = conn.execute(
                "SELECT COUNT(*) FROM pages WHERE scan_id = ?", (scan_id,)
            ).fetchone()
        return QueueProgress(
            scan_id=scan_id,
            night=str(scan["night"]),
            started=codec.decode_dt(scan["started"]),
            finished=codec.decode_dt(scan["finished"]),
            complete=bool(scan["complete"]),
            sites=sum(counts.values()),
            pending=counts.get("pending", 0),
            ok=counts.get("ok", 0),
            unreachable=counts.get("unreachable", 0),
            error=counts.get("error", 0),
            pages=int(pages[0]),
        )
