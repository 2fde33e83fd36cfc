"""The incident lifecycle: what each scan found, matched against what earlier scans found.

An incident is keyed by its stable ``Incident.id`` (a hash of site, category, technique and
target domain). Each scan of a site hands its current incidents to ``sync_incidents``:

* never seen, or seen and resolved before -> ``change=new``, status ``open``;
* seen and still open/acknowledged/snoozed -> ``change=ongoing``; acknowledged and snoozed are
  kept (a person already knows), a snooze whose date has passed turns ``open`` again;
* open/acknowledged/snoozed before but absent now -> ``status=resolved, change=resolved`` --
  only when the scan *saw* every page the incident was on (``recheck.Coverage``): the site was
  scanned completely and each page answered and was analysed in full, or answered 404/410 (the
  page was removed). A page that failed tonight (timeout, 5xx, blocked, a limit cut, an
  analysis error) or that the crawl did not reach proves nothing: the incident stays active,
  ``change=ongoing``, with ``unchecked`` saying which pages and why, and a ``not_rechecked``
  event (issue 12: an attacker who slows or unlinks the page must not close the incident).
  The same holds for every active incident of a site whose scan was not complete.

People act on incidents with ``acknowledge``/``snooze``/``resolve`` (ids may be abbreviated to
an unambiguous prefix). Every transition is written to ``incident_events`` (who, what, when)
for audit, and every scan keeps a snapshot of its incidents as they were, for its report.
Reading incidents back (lists, one by id, the audit trail) is ``incident_queries.py``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from scanner.errors import StoreError
from scanner.models import Change, Incident, IncidentStatus, PageRecord, RecheckGap, Unchecked
from scanner.store import codec
from scanner.store.incident_queries import IncidentQueriesMixin, incident_from_row
from scanner.store.recheck import Coverage, incident_pages

MAX_URLS = 1000
"""Affected URLs kept per incident: a mass injection can touch every page of a big site."""
MAX_REVISIT = 50
"""Pages of a site's active incidents handed to the next scan to fetch again, at most."""

_ACTIVE = (IncidentStatus.OPEN, IncidentStatus.ACKNOWLEDGED, IncidentStatus.SNOOZED)


@dataclass(frozen=True, slots=True)
class IncidentSync:
    """What ``sync_incidents`` made of one site's scan.

    ``incidents`` are the current ones with their history filled in (first/last seen, times
    seen, status, change), then the active ones tonight could not re-check (``unchecked`` set);
    ``resolved`` those that were active before and are gone now.
    """

    incidents: tuple[Incident, ...]
    resolved: tuple[Incident, ...]


def _merge_duplicates(current: Sequence[Incident]) -> list[Incident]:
    """One incident per id (the judge should already ensure it; a repeat is merged, not lost)."""
    by_id: dict[str, Incident] = {}
    for inc in current:
        seen = by_id.get(inc.id)
        if seen is None:
            by_id[inc.id] = inc
            continue
        by_id[inc.id] = replace(
            seen,
            urls=(*seen.urls, *inc.urls),
            evidence=(*seen.evidence, *inc.evidence),
            severity=max(seen.severity, inc.severity, key=lambda s: s.rank),
            confidence=max(seen.confidence, inc.confidence),
            signature_ids=tuple(dict.fromkeys((*seen.signature_ids, *inc.signature_ids))),
        )
    return list(by_id.values())


def _bounded(incident: Incident) -> Incident:
    """Every affected URL (deduplicated, primary first, capped) and bounded evidence."""
    urls = tuple(dict.fromkeys(u for u in (incident.url, *incident.urls) if u))[:MAX_URLS]
    return replace(incident, urls=urls, evidence=codec.bound_evidence(incident.evidence))


def snapshot_incidents(
    conn: sqlite3.Connection,
    scan_id: int,
    site_id: int,
    incidents: Sequence[Incident],
    resolved: Sequence[Incident],
) -> None:
    """Replace this scan's snapshot of one site's incidents (what its report shows)."""
    conn.execute("DELETE FROM scan_incidents WHERE scan_id = ? AND site_id = ?", (scan_id, site_id))
    rows = [("current", i) for i in incidents] + [("resolved", i) for i in resolved]
    for seq, (kind, inc) in enumerate(rows):
        conn.execute(
            """INSERT INTO scan_incidents (scan_id, site_id, incident_id, kind, seq, data)
               VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT(scan_id, incident_id) DO UPDATE SET
                 site_id = excluded.site_id, kind = excluded.kind, seq = excluded.seq,
                 data = excluded.data""",
            (scan_id, site_id, inc.id, kind, seq, codec.dumps(codec.encode_incident(inc))),
        )


def _gaps(
    inc: Incident, coverage: Coverage | None, complete: bool, why_incomplete: str
) -> tuple[Unchecked, ...]:
    """The pages of ``inc`` tonight's scan did not re-check (empty: it may be resolved)."""
    pages = incident_pages(inc) or (inc.site,)
    gaps = coverage.gaps(pages) if coverage is not None else ()
    if complete:
        return gaps
    why = why_incomplete or "the scan of the site was not complete"
    if not gaps:
        return (Unchecked(pages[0], RecheckGap.INCOMPLETE, why),)
    return tuple(
        replace(g, gap=RecheckGap.INCOMPLETE, detail=why) if g.gap is RecheckGap.NOT_VISITED else g
        for g in gaps
    )


class IncidentsMixin(IncidentQueriesMixin):
    """Incident lifecycle across scans and manual triage, each step written to the audit trail
    (reading them back: ``IncidentQueriesMixin``)."""

    def sync_incidents(
        self,
        scan_id: int,
        site_url: str,
        current: Sequence[Incident],
        now: datetime,
        scan_complete_for_site: bool = True,
        pages: Sequence[PageRecord] | None = None,
        why_incomplete: str = "",
    ) -> IncidentSync:
        """Match this scan's incidents of one site against history; see the module docstring.

        ``pages`` are the site's page records tonight: an active incident not found is resolved
        only when they show each of its pages re-checked (``None``: the caller vouches that
        every page was seen, for callers without pages). ``why_incomplete`` is shown for the
        incidents of a site whose scan was not complete. Idempotent within a scan: syncing the
        same site twice does not count it twice.
        """
        now = codec.to_utc(now)
        with self._tx() as conn:
            site_id = self._ensure_site_result(conn, scan_id, site_url)
            known = {
                r["id"]: r
                for r in conn.execute("SELECT * FROM incidents WHERE site_id = ?", (site_id,))
            }
            merged = [_bounded(i) for i in _merge_duplicates(current)]
            synced = [self._sync_one(conn, scan_id, site_id, inc, now) for inc in merged]
            resolved: list[Incident] = []
            found = {m.id for m in merged}
            absent = [
                incident_from_row(r)
                for i, r in known.items()
                if i not in found and IncidentStatus(r["status"]) in _ACTIVE
            ]
            coverage = Coverage.of(pages) if pages is not None else None
            for inc in sorted(absent, key=lambda i: (-i.severity.rank, i.id)):
                gaps = _gaps(inc, coverage, scan_complete_for_site, why_incomplete)
                if gaps:
                    synced.append(self._not_rechecked(conn, scan_id, inc, gaps, now))
                else:
                    resolved.append(self._auto_resolve(conn, scan_id, inc, now))
            snapshot_incidents(conn, scan_id, site_id, synced, resolved)
            return IncidentSync(incidents=tuple(synced), resolved=tuple(resolved))

    def revisit_pages(self, site_url: str, limit: int = MAX_REVISIT) -> tuple[str, ...]:
        """The pages of the site's active incidents for the next scan to fetch again: each
        incident's primary page first, most severe incident first, then their other pages;
        deduplicated, at most ``limit``."""
        with self._tx(write=False) as conn:
            site_id = self._site_id(conn, site_url)
            if site_id is None:
                return ()
            rows = conn.execute(
                "SELECT * FROM incidents WHERE site_id = ? AND status IN (?, ?, ?)",
                (site_id, *(s.value for s in _ACTIVE)),
            ).fetchall()
        active = sorted(
            (incident_from_row(r) for r in rows), key=lambda i: (-i.severity.rank, i.id)
        )
        primary = [i.url for i in active if i.url]
        others = [u for i in active for u in incident_pages(i)]
        return tuple(dict.fromkeys((*primary, *others)))[:limit]

    def acknowledge(
        self, id: str, note: str = "", by: str = "", *, now: datetime | None = None
    ) -> Incident:
        """A person knows and is on it: the incident stops counting as open but stays tracked."""
        return self._triage(id, IncidentStatus.ACKNOWLEDGED, "acknowledged", note, by, now, None)

    def snooze(
        self,
        id: str,
        until: datetime,
        note: str = "",
        *,
        by: str = "",
        now: datetime | None = None,
    ) -> Incident:
        """Silence the incident until ``until``; after that it is open again."""
        moment = codec.to_utc(now or self._clock())
        if codec.to_utc(until) <= moment:
            raise StoreError(f"snooze until {codec.encode_dt(until)} is not in the future")
        return self._triage(id, IncidentStatus.SNOOZED, "snoozed", note, by, now, until)

    def resolve(
        self, id: str, note: str = "", *, by: str = "", now: datetime | None = None
    ) -> Incident:
        """Close the incident by hand (fixed); if a later scan finds it again it is new again."""
        return self._triage(id, IncidentStatus.RESOLVED, "resolved_manually", note, by, now, None)

    def _event(
        self,
        conn: sqlite3.Connection,
        incident_id: str,
        at: datetime,
        action: str,
        status: IncidentStatus,
        *,
        by: str = "",
        note: str = "",
        scan_id: int | None = None,
    ) -> None:
        conn.execute(
            """INSERT INTO incident_events (incident_id, at, scan_id, action, status, actor, note)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            (incident_id, codec.encode_dt(at), scan_id, action, status.value, by, note),
        )

    def _sync_one(
        self, conn: sqlite3.Connection, scan_id: int, site_id: int, inc: Incident, now: datetime
    ) -> Incident:
        """Fill one current incident's history fields and write it back."""
        # Looked up by id alone: if the site's URL changed in the inventory the incident
        # follows it rather than being reported new.
        row = conn.execute("SELECT * FROM incidents WHERE id = ?", (inc.id,)).fetchone()
        action = ""
        if row is None:
            first_seen, times, status, change, until = now, 1, IncidentStatus.OPEN, Change.NEW, None
            action = "detected"
        else:
            first_seen = codec.decode_dt(row["first_seen"]) or now
            same_scan = row["last_scan_id"] == scan_id
            times = row["times_seen"] + (0 if same_scan else 1)
            status = IncidentStatus(row["status"])
            until = codec.decode_dt(row["snoozed_until"])
            change = Change.ONGOING
            if status is IncidentStatus.RESOLVED:
                status, change, until, action = IncidentStatus.OPEN, Change.NEW, None, "reappeared"
            elif status is IncidentStatus.SNOOZED and (until is None or until <= now):
                status, until, action = IncidentStatus.OPEN, None, "snooze_expired"
            if same_scan and row["change"] != Change.RESOLVED.value:
                change = Change(row["change"])  # a repeated sync keeps the first verdict
            if row["severity"] != inc.severity.value:
                self._event(
                    conn,
                    inc.id,
                    now,
                    "severity_changed",
                    status,
                    by="scanner",
                    note=f"{row['severity']} -> {inc.severity.value}",
                    scan_id=scan_id,
                )
        synced = replace(
            inc,
            first_seen=first_seen,
            last_seen=now,
            times_seen=times,
            status=status,
            change=change,
            snoozed_until=until,
        )
        self._write_incident(conn, scan_id, site_id, synced, first_scan=row is None)
        if action:
            self._event(conn, inc.id, now, action, status, by="scanner", scan_id=scan_id)
        return synced

    def _write_incident(
        self, conn: sqlite3.Connection, scan_id: int, site_id: int, inc: Incident, first_scan: bool
    ) -> None:
        values = (
            site_id, inc.site, inc.category.value, inc.technique.value, inc.severity.value,
            inc.confidence, inc.url, codec.dumps(list(inc.urls)), inc.summary,
            codec.dumps([codec.encode_evidence(e) for e in inc.evidence]), inc.target_domain,
            codec.dumps(list(inc.signature_ids)), codec.encode_dt(inc.first_seen),
            codec.encode_dt(inc.last_seen), inc.times_seen, inc.status.value, inc.change.value,
            codec.encode_dt(inc.snoozed_until), *codec.message_columns(inc.message), scan_id,
        )  # fmt: skip
        if first_scan:
            conn.execute(
                """INSERT INTO incidents (site_id, site, category, technique, severity,
                     confidence, url, urls, summary, evidence, target_domain, signature_ids,
                     first_seen, last_seen, times_seen, status, change, snoozed_until,
                     message_key, message_params, last_scan_id, id, first_scan_id)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (*values, inc.id, scan_id),
            )
        else:
            conn.execute(
                """UPDATE incidents SET site_id = ?, site = ?, category = ?, technique = ?,
                     severity = ?, confidence = ?, url = ?, urls = ?, summary = ?, evidence = ?,
                     target_domain = ?, signature_ids = ?, first_seen = ?, last_seen = ?,
                     times_seen = ?, status = ?, change = ?, snoozed_until = ?,
                     message_key = ?, message_params = ?, last_scan_id = ?, resolved_at = NULL
                   WHERE id = ?""",
                (*values, inc.id),
            )

    def _auto_resolve(
        self, conn: sqlite3.Connection, scan_id: int, inc: Incident, now: datetime
    ) -> Incident:
        """The scan re-checked an active incident's pages and no longer finds it: it is resolved
        (change=resolved)."""
        conn.execute(
            """UPDATE incidents SET status = 'resolved', change = 'resolved', resolved_at = ?,
                 snoozed_until = NULL WHERE id = ?""",
            (codec.encode_dt(now), inc.id),
        )
        self._event(
            conn, inc.id, now, "resolved", IncidentStatus.RESOLVED, by="scanner",
            note="not found by the scan on its re-checked pages", scan_id=scan_id,
        )  # fmt: skip
        return replace(
            inc, status=IncidentStatus.RESOLVED, change=Change.RESOLVED, snoozed_until=None
        )

    def _not_rechecked(
        self,
        conn: sqlite3.Connection,
        scan_id: int,
        inc: Incident,
        gaps: tuple[Unchecked, ...],
        now: datetime,
    ) -> Incident:
        """An active incident the scan did not find but could not re-check: it stays active
        (``change=ongoing``, last seen unchanged) and the audit trail says why, once a scan."""
        conn.execute("UPDATE incidents SET change = 'ongoing' WHERE id = ?", (inc.id,))
        logged = conn.execute(
            """SELECT 1 FROM incident_events
               WHERE incident_id = ? AND scan_id = ? AND action = 'not_rechecked'""",
            (inc.id, scan_id),
        ).fetchone()
        if logged is None:
            note = "; ".join(f"{g.url}: {g.gap.value}" + (f" ({g.detail})" if g.detail else "")
                             for g in gaps)  # fmt: skip
            self._event(
                conn, inc.id, now, "not_rechecked", inc.status, by="scanner",
                note=f"not re-checked: {note}"[:1000], scan_id=scan_id,
            )  # fmt: skip
        return replace(inc, change=Change.ONGOING, unchecked=gaps)

    def _triage(
        self,
        id: str,
        status: IncidentStatus,
        action: str,
        note: str,
        by: str,
        now: datetime | None,
        until: datetime | None,
    ) -> Incident:
        """A person's decision on one incident, with its audit event."""
        moment = codec.to_utc(now or self._clock())
        with self._tx() as conn:
            row = self._incident_row(conn, id)
            current = IncidentStatus(row["status"])
            if current is IncidentStatus.RESOLVED and status is not IncidentStatus.RESOLVED:
                raise StoreError(f"incident {row['id']} is resolved; it cannot be {action}")
            if current is IncidentStatus.RESOLVED:
                return incident_from_row(row)  # resolving twice changes nothing
            change = Change.RESOLVED.value if status is IncidentStatus.RESOLVED else row["change"]
            conn.execute(
                """UPDATE incidents SET status = ?, change = ?, snoozed_until = ?,
                     resolved_at = ? WHERE id = ?""",
                (
                    status.value,
                    change,
                    codec.encode_dt(until),
                    codec.encode_dt(moment) if status is IncidentStatus.RESOLVED else None,
                    row["id"],
                ),
            )
            self._event(conn, row["id"], moment, action, status, by=by, note=note)
            updated = conn.execute("SELECT * FROM incidents WHERE id = ?", (row["id"],)).fetchone()
            return incident_from_row(updated)
