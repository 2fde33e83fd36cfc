"""Scans, per-scan site results, pages and findings: written as a scan runs, read back for reports.

A scan row is written first (``begin_scan``) and marked finished last (``finish_scan``); in
between, pages can be recorded as they are fetched and each site's result when it is done. A
scan interrupted by Ctrl-C or SIGTERM therefore keeps everything it gathered and stays
``complete = 0``; its unfinished sites read back as ``SiteStatus.ERROR``, incomplete.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from scanner.errors import StoreError
from scanner.models import (
    Category,
    FetchError,
    Finding,
    Fingerprint,
    PageRecord,
    PageVerdict,
    ScanResult,
    Severity,
    Site,
    SiteResult,
    SiteStatus,
    Technique,
    Verdict,
    Via,
)
from scanner.store import codec
from scanner.store.db import StoreBase
from scanner.store.incidents import snapshot_incidents

INTERRUPTED = "scan interrupted before this site finished"
"""The error a site reads back with when its scan stopped before its result was recorded."""


@dataclass(frozen=True, slots=True)
class ScanSummary:
    """One line of the scan history (``scanner scans``)."""

    id: int
    started: datetime
    finished: datetime | None
    complete: bool
    scanner_version: str
    sites: int
    pages: int
    incidents: int
    """Incidents (current, not resolved) recorded for this scan."""


def _page_params(page: PageRecord) -> dict[str, Any]:
    return {
        "url": page.url,
        "final_url": page.final_url,
        "status": page.status,
        "redirects": codec.dumps(codec.encode_hops(page.redirects)),
        "content_type": page.content_type,
        "body_sha256": page.body_sha256,
        "size": page.size,
        "elapsed_ms": page.elapsed_ms,
        "error_kind": page.error.kind if page.error else None,
        "error_message": page.error.message if page.error else None,
        "verdict": page.verdict.value,
        "via": str(page.via),
        "fingerprint": (
            codec.dumps(codec.encode_fingerprint(page.fingerprint)) if page.fingerprint else None
        ),
        "tls_verified": int(page.tls_verified),
        "limits": codec.encode_limits(page.limits),
    }


def _page_from_row(row: sqlite3.Row) -> PageRecord:
    error = None
    if row["error_kind"] is not None:
        error = FetchError(kind=row["error_kind"], message=row["error_message"] or "")
    fingerprint = codec.loads(row["fingerprint"])
    return PageRecord(
        url=row["url"],
        final_url=row["final_url"],
        status=row["status"],
        redirects=codec.decode_hops(codec.loads(row["redirects"])),
        content_type=row["content_type"],
        size=row["size"],
        elapsed_ms=row["elapsed_ms"],
        error=error,
        body_sha256=row["body_sha256"],
        verdict=Verdict(row["verdict"]),
        via=Via(row["via"]),
        fingerprint=codec.decode_fingerprint(fingerprint) if fingerprint is not None else None,
        tls_verified=bool(row["tls_verified"]),
        limits=codec.decode_limits(row["limits"]),
    )


def _finding_from_row(row: sqlite3.Row) -> Finding:
    return Finding(
        category=Category(row["category"]),
        technique=Technique(row["technique"]),
        severity=Severity(row["severity"]),
        confidence=row["confidence"],
        url=row["url"],
        summary=row["summary"],
        evidence=tuple(codec.decode_evidence(e) for e in codec.loads(row["evidence"]) or ()),
        signature_ids=tuple(codec.loads(row["signature_ids"]) or ()),
        target_domain=row["target_domain"],
        new_since_baseline=bool(row["new_since_baseline"]),
        message=codec.message_from_columns(row["message_key"], row["message_params"]),
    )


class ScansMixin(StoreBase):
    """Scan lifecycle, site results, pages and findings; reading a scan back."""

    def begin_scan(self, started: datetime, scanner_version: str, sites: Sequence[Site]) -> int:
        """Record the start of a scan of ``sites`` (upserting them); returns the scan id."""
        with self._tx() as conn:
            row = conn.execute(
                "INSERT INTO scans (started, scanner_version) VALUES (?, ?) RETURNING id",
                (codec.encode_dt(started), scanner_version),
            ).fetchone()
            scan_id = int(row[0])
            self._begin_rows(conn, scan_id, sites)
            return scan_id

    def _begin_rows(self, conn: sqlite3.Connection, scan_id: int, sites: Sequence[Site]) -> None:
        """Upsert every site and add its pending result row, in bulk: each site is encoded
        once and its ``seq`` is its place in ``sites`` (no ``MAX(seq)`` lookup per row), so a
        national scan (40k sites) begins in seconds; a site listed twice keeps its first row."""
        now = codec.encode_dt(self._clock())
        encoded = [(site, codec.dumps(codec.encode_site(site))) for site in sites]
        conn.executemany(
            """INSERT INTO sites (url, host, name, owner, contact, tags, data, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(url) DO UPDATE SET host=excluded.host, name=excluded.name,
                 owner=excluded.owner, contact=excluded.contact, tags=excluded.tags,
                 data=excluded.data, updated_at=excluded.updated_at""",
            (
                (s.url, s.host, s.name, s.owner, s.contact, codec.dumps(list(s.tags)), data, now)
                for s, data in encoded
            ),
        )
        conn.executemany(
            """INSERT INTO site_results (scan_id, site_id, seq, site)
               SELECT ?, id, ?, ? FROM sites WHERE url = ?
               ON CONFLICT(scan_id, site_id) DO NOTHING""",
            ((scan_id, seq, data, s.url) for seq, (s, data) in enumerate(encoded)),
        )

    def finish_scan(self, scan_id: int, finished: datetime, complete: bool) -> None:
        """Mark the scan finished; ``complete`` False for a scan that stopped early."""
        with self._tx() as conn:
            cur = conn.execute(
                "UPDATE scans SET finished = ?, complete = ? WHERE id = ?",
                (codec.encode_dt(finished), int(complete), scan_id),
            )
            if cur.rowcount == 0:
                raise StoreError(f"{self.path}: no scan {scan_id}")

    def record_pages(self, scan_id: int, site_url: str, pages: Sequence[PageRecord]) -> None:
        """Record pages as they are fetched, so an interrupted scan keeps them.

        Recording a URL again (or in ``record_site_result``) updates it in place.
        """
        with self._tx() as conn:
            site_id = self._ensure_site_result(conn, scan_id, site_url)
            for page in pages:
                self._upsert_page(conn, scan_id, site_id, page, None)

    def record_site_result(self, scan_id: int, result: SiteResult) -> None:
        """Record one site's outcome: status, pages, verdicts with findings, incident snapshot.

        This is the final word for the site in this scan: its pages are upserted in the order
        given (pages recorded earlier but absent from ``result`` are kept after them), and its
        verdicts and incident snapshot replace any recorded before. Call it after
        ``sync_incidents`` with the incidents that returned, so reports show the lifecycle.
        """
        with self._tx() as conn:
            site_id = self._ensure_site_result(conn, scan_id, result.site)
            conn.execute(
                """UPDATE site_results SET site = ?, status = ?, error = ?, pages_crawled = ?,
                     started = ?, finished = ?, complete = ?, limits = ?
                   WHERE scan_id = ? AND site_id = ?""",
                (
                    codec.dumps(codec.encode_site(result.site)),
                    SiteStatus(result.status).value,
                    result.error,
                    result.pages_crawled,
                    codec.encode_dt(result.started),
                    codec.encode_dt(result.finished),
                    int(result.complete),
                    codec.encode_limits(result.limits),
                    scan_id,
                    site_id,
                ),
            )
            for seq, page in enumerate(result.pages):
                self._upsert_page(conn, scan_id, site_id, page, seq)
            conn.execute(
                "DELETE FROM verdicts WHERE scan_id = ? AND site_id = ?", (scan_id, site_id)
            )
            for vseq, verdict in enumerate(result.verdicts):
                self._insert_verdict(conn, scan_id, site_id, vseq, verdict)
            snapshot_incidents(conn, scan_id, site_id, result.incidents, result.resolved)

    # ------------------------------------------------------------------ reading back

    def load_scan(self, scan_id: int | None = None) -> ScanResult:
        """Rebuild a scan as it was (``None``: the latest), for re-rendering its report."""
        with self._tx(write=False) as conn:
            row = self._scan_row(conn, scan_id)
            sid = int(row["id"])
            results = conn.execute(
                "SELECT * FROM site_results WHERE scan_id = ? ORDER BY seq", (sid,)
            ).fetchall()
            sites = tuple(self._load_site_result(conn, sid, r) for r in results)
            return replace(codec.scan_from_row(row), sites=sites)

    def list_scans(self, limit: int = 20) -> list[ScanSummary]:
        """The latest ``limit`` scans, newest first."""
        with self._tx(write=False) as conn:
            rows = conn.execute(
                """SELECT s.*,
                     (SELECT COUNT(*) FROM site_results r WHERE r.scan_id = s.id) AS n_sites,
                     (SELECT COUNT(*) FROM pages p WHERE p.scan_id = s.id) AS n_pages,
                     (SELECT COUNT(*) FROM scan_incidents i
                        WHERE i.scan_id = s.id AND i.kind = 'current') AS n_incidents
                   FROM scans s ORDER BY s.id DESC LIMIT ?""",
                (limit,),
            ).fetchall()
        out = []
        for r in rows:
            started = codec.decode_dt(r["started"])
            assert started is not None
            out.append(
                ScanSummary(
                    id=r["id"],
                    started=started,
                    finished=codec.decode_dt(r["finished"]),
                    complete=bool(r["complete"]),
                    scanner_version=r["scanner_version"],
                    sites=r["n_sites"],
                    pages=r["n_pages"],
                    incidents=r["n_incidents"],
                )
            )
        return out

    def previous_scan_id(self, scan_id: int, *, complete_only: bool = False) -> int | None:
        """The scan before ``scan_id`` (optionally only complete ones), or ``None``."""
        with self._tx(write=False) as conn:
            row = conn.execute(
                "SELECT MAX(id) FROM scans WHERE id < ? AND (? = 0 OR complete = 1)",
                (scan_id, int(complete_only)),
            ).fetchone()
        return None if row[0] is None else int(row[0])

    def last_fingerprints(
        self, site_url: str, *, before_scan_id: int | None = None
    ) -> dict[str, Fingerprint]:
        """Page fingerprints from the latest scan in which this site was scanned successfully.

        "Successfully" is the site's own status ``ok`` with every page analysed: a site
        finished in an otherwise interrupted scan counts, a partly analysed one does not.
        ``before_scan_id`` excludes that scan and later ones.
        """
        with self._tx(write=False) as conn:
            row = conn.execute(
                """SELECT r.scan_id, r.site_id FROM site_results r JOIN sites s ON s.id = r.site_id
                   WHERE s.url = ? AND r.status = 'ok' AND r.complete = 1
                     AND (CAST(? AS INTEGER) IS NULL OR r.scan_id < ?)
                   ORDER BY r.scan_id DESC LIMIT 1""",
                (site_url, before_scan_id, before_scan_id),
            ).fetchone()
            if row is None:
                return {}
            pages = conn.execute(
                """SELECT url, fingerprint FROM pages WHERE scan_id = ? AND site_id = ?
                     AND fingerprint IS NOT NULL ORDER BY seq IS NULL, seq, id""",
                (row["scan_id"], row["site_id"]),
            ).fetchall()
        return {p["url"]: codec.decode_fingerprint(codec.loads(p["fingerprint"])) for p in pages}

    def last_page_counts(self) -> dict[str, int]:
        """Pages crawled per site URL in the latest scan that recorded the site's result.

        ``scan --workers`` hands out the largest sites first, so the longest job is not the
        last one started. Sites never scanned are absent.
        """
        with self._tx(write=False) as conn:
            rows = conn.execute(
                """SELECT s.url, r.pages_crawled FROM site_results r
                   JOIN sites s ON s.id = r.site_id
                   WHERE r.scan_id = (SELECT MAX(l.scan_id) FROM site_results l
                                      WHERE l.site_id = r.site_id AND l.status != 'pending')"""
            ).fetchall()
        return {str(r[0]): int(r[1]) for r in rows}

    # ------------------------------------------------------------------ helpers

    def _upsert_page(
        self,
        conn: sqlite3.Connection,
        scan_id: int,
        site_id: int,
        page: PageRecord,
        seq: int | None,
    ) -> None:
        params = _page_params(page) | {"scan_id": scan_id, "site_id": site_id, "seq": seq}
        conn.execute(
            """INSERT INTO pages (scan_id, site_id, seq, url, final_url, status, redirects,
                 content_type, body_sha256, size, elapsed_ms, error_kind, error_message,
                 verdict, via, fingerprint, tls_verified, limits)
               VALUES (:scan_id, :site_id, :seq, :url, :final_url, :status, :redirects,
                 :content_type, :body_sha256, :size, :elapsed_ms, :error_kind, :error_message,
                 :verdict, :via, :fingerprint, :tls_verified, :limits)
               ON CONFLICT(scan_id, site_id, url) DO UPDATE SET
                 seq = COALESCE(excluded.seq, pages.seq), final_url = excluded.final_url,
                 status = excluded.status, redirects = excluded.redirects,
                 content_type = excluded.content_type, body_sha256 = excluded.body_sha256,
                 size = excluded.size, elapsed_ms = excluded.elapsed_ms,
                 error_kind = excluded.error_kind, error_message = excluded.error_message,
                 verdict = excluded.verdict, via = excluded.via,
                 fingerprint = excluded.fingerprint, tls_verified = excluded.tls_verified,
                 limits = excluded.limits""",
            params,
        )

    def _insert_verdict(
        self, conn: sqlite3.Connection, scan_id: int, site_id: int, vseq: int, verdict: PageVerdict
    ) -> None:
        conn.execute(
            "INSERT INTO verdicts (scan_id, site_id, seq, url, verdict, error)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (scan_id, site_id, vseq, verdict.url, verdict.verdict.value, verdict.error),
        )
        for fseq, f in enumerate(verdict.findings):
            conn.execute(
                """INSERT INTO findings (scan_id, site_id, verdict_seq, seq, url, category,
                     technique, severity, confidence, summary, evidence, signature_ids,
                     target_domain, new_since_baseline, message_key, message_params)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    scan_id,
                    site_id,
                    vseq,
                    fseq,
                    f.url,
                    f.category.value,
                    f.technique.value,
                    f.severity.value,
                    f.confidence,
                    f.summary,
                    codec.dumps(
                        [codec.encode_evidence(e) for e in codec.bound_evidence(f.evidence)]
                    ),
                    codec.dumps(list(f.signature_ids)),
                    f.target_domain,
                    int(f.new_since_baseline),
                    *codec.message_columns(f.message),
                ),
            )

    def _load_site_result(
        self, conn: sqlite3.Connection, scan_id: int, row: sqlite3.Row
    ) -> SiteResult:
        site_id = row["site_id"]
        pages = conn.execute(
            "SELECT * FROM pages WHERE scan_id = ? AND site_id = ? ORDER BY seq IS NULL, seq, id",
            (scan_id, site_id),
        ).fetchall()
        verdicts = []
        for v in conn.execute(
            "SELECT * FROM verdicts WHERE scan_id = ? AND site_id = ? ORDER BY seq",
            (scan_id, site_id),
        ).fetchall():
            findings = conn.execute(
                """SELECT * FROM findings WHERE scan_id = ? AND site_id = ? AND verdict_seq = ?
                   ORDER BY seq""",
                (scan_id, site_id, v["seq"]),
            ).fetchall()
            verdicts.append(
                PageVerdict(
                    url=v["url"],
                    verdict=Verdict(v["verdict"]),
                    findings=tuple(_finding_from_row(f) for f in findings),
                    error=v["error"],
                )
            )
        snaps = conn.execute(
            "SELECT kind, data FROM scan_incidents WHERE scan_id = ? AND site_id = ? ORDER BY seq",
            (scan_id, site_id),
        ).fetchall()
        error, complete = row["error"], bool(row["complete"])
        if row["status"] == "pending":  # never recorded: the scan stopped before it finished
            status, error, complete = SiteStatus.ERROR, error or INTERRUPTED, False
        else:
            status = SiteStatus(row["status"])
        return SiteResult(
            site=codec.decode_site(codec.loads(row["site"])),
            status=status,
            complete=complete,
            error=error,
            pages=tuple(_page_from_row(p) for p in pages),
            verdicts=tuple(verdicts),
            incidents=tuple(
                codec.decode_incident(codec.loads(s["data"]))
                for s in snaps
                if s["kind"] == "current"
            ),
            resolved=tuple(
                codec.decode_incident(codec.loads(s["data"]))
                for s in snaps
                if s["kind"] == "resolved"
            ),
            started=codec.decode_dt(row["started"]),
            finished=codec.decode_dt(row["finished"]),
            limits=codec.decode_limits(row["limits"]),
        )
