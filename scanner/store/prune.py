"""Pruning page rows: the one table that grows with every scan (``scanner state prune``).

A night's scan writes one ``pages`` row (with its fingerprint) and one ``verdicts`` row per
page: about 20 GB a night at national size (docs/scale.md). ``prune_pages(keep=N)`` deletes
the clean page rows of every scan but the last ``N``, and keeps what anything still reads:

* every row of the last ``N`` scans and of a queued scan still open (its jobs write there);
* per site, its latest scan that was ``ok`` and complete (the integrity stage and ``baseline
  accept`` read those fingerprints: ``last_fingerprints``) and the scan its active baseline
  was taken from (what the site looked like when it was trusted);
* in every scan, the pages that were not clean (suspicious, infected, defaced, failed) and
  every verdict with findings or an error: the evidence behind incidents and blind spots.

Scans, site results (with ``pages_crawled``), findings, incidents, their history and snapshots
and baselines are never touched; WARC evidence files have their own retention
(``evidence.retention_days``). A pruned scan still reads back and renders, with only the pages
that were not clean. Each chunk of sites is one short write transaction, so workers writing a
scan wait for milliseconds, not for the whole prune; an interrupted prune leaves consistent
rows and can simply be run again. The same SQL runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass

from scanner.errors import StoreError
from scanner.store.db import StoreBase

log = logging.getLogger(__name__)

SITES_PER_TRANSACTION = 500
"""Sites of one scan whose rows are deleted in one write transaction."""

_KEPT_SCANS = """
SELECT id FROM scans WHERE id IN (SELECT id FROM scans ORDER BY id DESC LIMIT ?)
UNION SELECT q.scan_id FROM scan_queue q JOIN scans s ON s.id = q.scan_id
      WHERE s.finished IS NULL
"""

# The sites of scan ? whose pages there are still read: the site's latest ok and complete
# result (``last_fingerprints``), or the scan its active baseline was taken from.
_KEPT_SITES = """
SELECT r.site_id FROM site_results r
 WHERE r.scan_id = ? AND r.status = 'ok' AND r.complete = 1
   AND NOT EXISTS (SELECT 1 FROM site_results l
                    WHERE l.site_id = r.site_id AND l.status = 'ok' AND l.complete = 1
                      AND l.scan_id > r.scan_id)
UNION SELECT b.site_id FROM baselines b WHERE b.scan_id = ? AND b.active = 1
"""

_DELETE_PAGES = f"""
DELETE FROM pages
 WHERE scan_id = ? AND site_id >= ? AND site_id <= ? AND verdict = 'clean'
   AND site_id NOT IN ({_KEPT_SITES})
"""

_DELETE_VERDICTS = f"""
DELETE FROM verdicts
 WHERE scan_id = ? AND site_id >= ? AND site_id <= ? AND verdict = 'clean' AND error = ''
   AND NOT EXISTS (SELECT 1 FROM findings f
                    WHERE f.scan_id = verdicts.scan_id AND f.site_id = verdicts.site_id
                      AND f.verdict_seq = verdicts.seq)
   AND site_id NOT IN ({_KEPT_SITES})
"""


@dataclass(frozen=True, slots=True)
class PruneResult:
    """What one prune removed, and what it kept."""

    scans_pruned: int
    """Scans whose clean page rows were looked at (older than the kept ones)."""
    pages_deleted: int
    verdicts_deleted: int
    scans_kept: tuple[int, ...]
    """Scans left whole: the last ``keep`` and the open queued ones."""


class PruneMixin(StoreBase):
    """Deleting old page rows (see the module docstring)."""

    def prune_pages(self, keep: int, *, chunk: int = SITES_PER_TRANSACTION) -> PruneResult:
        """Delete the clean page and verdict rows of every scan but the last ``keep`` (at
        least 1), keeping what is still read (module docstring); returns the counts."""
        if keep < 1:
            raise StoreError(f"{self.path}: prune keeps at least the last scan (got {keep})")
        with self._tx(write=False) as conn:
            kept = sorted({int(r[0]) for r in conn.execute(_KEPT_SCANS, (keep,)).fetchall()})
            older = [
                int(r[0])
                for r in conn.execute("SELECT id FROM scans ORDER BY id").fetchall()
                if int(r[0]) not in kept
            ]
        pages = verdicts = 0
        for scan_id in older:
            with self._tx(write=False) as conn:
                sites = [
                    int(r[0])
                    for r in conn.execute(
                        "SELECT site_id FROM site_results WHERE scan_id = ? ORDER BY site_id",
                        (scan_id,),
                    ).fetchall()
                ]
            for start in range(0, len(sites), max(1, chunk)):
                low, high = sites[start], sites[min(start + chunk, len(sites)) - 1]
                with self._tx() as conn:
                    params = (scan_id, low, high, scan_id, scan_id)
                    pages += _deleted(conn, _DELETE_PAGES, params)
                    verdicts += _deleted(conn, _DELETE_VERDICTS, params)
            log.info("scan %s: page rows pruned", scan_id)
        return PruneResult(
            scans_pruned=len(older),
            pages_deleted=pages,
            verdicts_deleted=verdicts,
            scans_kept=tuple(kept),
        )


def _deleted(conn: sqlite3.Connection, sql: str, params: tuple[int, ...]) -> int:
    """Run one DELETE; how many rows it removed."""
    return max(0, conn.execute(sql, params).rowcount)
