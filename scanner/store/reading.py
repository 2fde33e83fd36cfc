"""The read side of a scan for its report: every site, without every page (issue 10 §3).

``load_scan`` rebuilds a scan with every page, fingerprint and finding: right for one site, tens
of GB for a national night (450k hosts). What the finish step renders needs much less, and this
module reads only that, a batch of sites at a time, in the SQL SQLite and PostgreSQL share:

* ``read_scan``: the scan with each site as ``SiteResult.lean`` keeps it (page counts in
  ``tally``, the pages that failed, every page only for a site with incidents, verdicts
  without findings, the incident snapshot with its evidence). A report or JSON rendered from
  it is the one rendered from ``load_scan``: ``tests/store/test_reading.py`` holds them equal.
* ``iter_site_results``: the same sites one by one, for writers that stream (the JSON).
* ``scan_counts``: sites by status, pages, open incidents by severity, straight from SQL.

Memory is flat in the number of pages: one batch of sites' rows at a time, and per site only
the counts of its clean pages.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from scanner.models import (
    Incident,
    PageRecord,
    PageTally,
    PageVerdict,
    ScanResult,
    SiteResult,
    SiteStatus,
    Verdict,
)
from scanner.store import codec
from scanner.store.db import StoreBase
from scanner.store.scans import INTERRUPTED, _page_from_row

BATCH = 500
"""Sites read per transaction: few enough queries per site, a bounded batch in memory."""

_PAGE_COLUMNS = """x.site_id, x.url, x.final_url, x.status, x.redirects, x.content_type, x.size,
    x.elapsed_ms, x.error_kind, x.error_message, x.body_sha256, x.verdict, x.via,
    NULL AS fingerprint, x.tls_verified, x.limits"""
"""A page row as ``_page_from_row`` reads it, without the fingerprint (the heavy column)."""


@dataclass(frozen=True, slots=True)
class ScanCounts:
    """A scan in numbers, from SQL alone (no site is loaded)."""

    scan_id: int
    sites: int
    by_status: dict[str, int] = field(default_factory=dict)
    """Sites per ``SiteStatus`` value; ``pending`` for sites whose result was never recorded."""
    pages: int = 0
    pages_crawled: int = 0
    open_by_severity: dict[str, int] = field(default_factory=dict)
    """Incidents open in this scan's snapshot, per severity value."""


class ReadingMixin(StoreBase):
    """Reading a scan back for its report, JSON and mail without loading every page."""

    def scan_head(self, scan_id: int | None = None) -> ScanResult:
        """The scan row (``None``: the latest) as a ``ScanResult`` without sites."""
        with self._tx(write=False) as conn:
            row = self._scan_row(conn, scan_id)
        return codec.scan_from_row(row)

    def read_scan(self, scan_id: int | None = None) -> ScanResult:
        """The scan (``None``: the latest) with every site lean (see the module docstring)."""
        head = self.scan_head(scan_id)
        return replace(head, sites=tuple(self.iter_site_results(head.id)))

    def iter_site_results(self, scan_id: int, batch: int = BATCH) -> Iterator[SiteResult]:
        """Every site of the scan in its order, lean, read ``batch`` sites per transaction."""
        after = -1
        while True:
            with self._tx(write=False) as conn:
                rows = conn.execute(
                    """SELECT * FROM site_results WHERE scan_id = ? AND seq > ?
                       ORDER BY seq LIMIT ?""",
                    (scan_id, after, batch),
                ).fetchall()
                if not rows:
                    return
                after = int(rows[-1]["seq"])
                results = self._read_batch(conn, scan_id, rows)
            yield from results

    def scan_counts(self, scan_id: int) -> ScanCounts:
        """Sites by status, pages and open incidents by severity, counted by the database."""
        with self._tx(write=False) as conn:
            by_status = {
                str(r[0]): int(r[1])
                for r in conn.execute(
                    "SELECT status, COUNT(*) FROM site_results WHERE scan_id = ? GROUP BY status",
                    (scan_id,),
                ).fetchall()
            }
            pages = conn.execute(
                """SELECT COUNT(*), COALESCE(SUM(CASE WHEN error_kind IS NULL THEN 1 ELSE 0 END), 0)
                   FROM pages WHERE scan_id = ?""",
                (scan_id,),
            ).fetchone()
            snaps = conn.execute(
                "SELECT data FROM scan_incidents WHERE scan_id = ? AND kind = 'current'",
                (scan_id,),
            ).fetchall()
        open_by: dict[str, int] = {}
        for snap in snaps:  # the snapshot is JSON: decoded here, one incident at a time
            data = codec.loads(snap[0]) or {}
            if data.get("status", "open") == "open":
                open_by[data["severity"]] = open_by.get(data["severity"], 0) + 1
        return ScanCounts(
            scan_id=scan_id,
            sites=sum(by_status.values()),
            by_status=by_status,
            pages=int(pages[0]),
            pages_crawled=int(pages[1]),
            open_by_severity=open_by,
        )

    # ------------------------------------------------------------------ one batch

    def _read_batch(
        self, conn: sqlite3.Connection, scan_id: int, rows: list[sqlite3.Row]
    ) -> list[SiteResult]:
        # Every query names the batch's sites: each is then an index range of
        # (scan_id, site_id, ...), never a scan of the whole night's pages per batch.
        ids = [int(r["site_id"]) for r in rows]
        in_batch = f"WHERE x.scan_id = ? AND x.site_id IN ({', '.join('?' for _ in ids)})"
        span = (scan_id, *ids)
        current: dict[int, list[Incident]] = {}
        resolved: dict[int, list[Incident]] = {}
        for s in conn.execute(
            f"SELECT x.site_id, x.kind, x.data FROM scan_incidents x {in_batch}"
            " ORDER BY x.site_id, x.seq",
            span,
        ).fetchall():
            into = current if s["kind"] == "current" else resolved
            into.setdefault(int(s["site_id"]), []).append(
                codec.decode_incident(codec.loads(s["data"]))
            )
        tallies = {
            int(t[0]): PageTally(crawled=int(t[1]), tls_unverified=int(t[2]))
            for t in conn.execute(
                f"""SELECT x.site_id,
                      SUM(CASE WHEN x.error_kind IS NULL THEN 1 ELSE 0 END),
                      SUM(CASE WHEN x.tls_verified = 0 THEN 1 ELSE 0 END)
                    FROM pages x {in_batch} GROUP BY x.site_id""",
                span,
            ).fetchall()
        }
        # The pages a report lists: those that failed; every page of a site with incidents
        # (its CMS is inferred from their URLs). Never the fingerprints.
        with_incidents = sorted({*current, *resolved})
        marks = ", ".join("?" for _ in with_incidents) or "NULL"
        pages: dict[int, list[PageRecord]] = {}
        for p in conn.execute(
            f"""SELECT {_PAGE_COLUMNS} FROM pages x {in_batch}
                  AND (x.error_kind IS NOT NULL OR x.site_id IN ({marks}))
                ORDER BY x.site_id, x.seq IS NULL, x.seq, x.id""",
            (*span, *with_incidents),
        ).fetchall():
            pages.setdefault(int(p["site_id"]), []).append(_page_from_row(p))
        verdicts: dict[int, list[PageVerdict]] = {}
        for v in conn.execute(
            f"SELECT x.site_id, x.url, x.verdict, x.error FROM verdicts x {in_batch}"
            " ORDER BY x.site_id, x.seq",
            span,
        ).fetchall():
            verdicts.setdefault(int(v["site_id"]), []).append(
                PageVerdict(url=v["url"], verdict=Verdict(v["verdict"]), error=v["error"])
            )
        out = []
        for row in rows:
            site_id = int(row["site_id"])
            error, complete = row["error"], bool(row["complete"])
            tally = tallies.get(site_id, PageTally())
            if row["status"] == "pending":  # never recorded: the scan stopped before it
                status, error, complete = SiteStatus.ERROR, error or INTERRUPTED, False
            else:
                status = SiteStatus(row["status"])
                # As recorded: ``state prune`` deletes old scans' clean page rows, not this.
                tally = PageTally(int(row["pages_crawled"]), tally.tls_unverified)
            out.append(
                SiteResult(
                    site=codec.decode_site(codec.loads(row["site"])),
                    status=status,
                    complete=complete,
                    error=error,
                    pages=tuple(pages.get(site_id, ())),
                    verdicts=tuple(verdicts.get(site_id, ())),
                    incidents=tuple(current.get(site_id, ())),
                    resolved=tuple(resolved.get(site_id, ())),
                    started=codec.decode_dt(row["started"]),
                    finished=codec.decode_dt(row["finished"]),
                    limits=codec.decode_limits(row["limits"]),
                    tally=tally,
                )
            )
        return out
