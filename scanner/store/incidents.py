"""The incident lifecycle: what each scan found, matched against what earlier scans found.

An incident is keyed by its stable ``Incident.id`` (a hash of site, category, technique and
target domain). Each scan of a site hands its current incidents to ``sync_incidents``:

* never seen, or seen and resolved before -> ``change=new``, status ``open``;
* seen and still open/acknowledged/snoozed -> ``change=ongoing``; acknowledged and snoozed are
  kept (a person already knows), a snooze whose date has passed turns ``open`` again;
* open/acknowledged/snoozed before but absent now -> ``status=resolved, change=resolved`` --
  only when the site was scanned completely: an unreachable site proves nothing, so its
  incidents stay as they were.

People act on incidents with ``acknowledge``/``snooze``/``resolve`` (ids may be abbreviated to
an unambiguous prefix). Every transition is written to ``incident_events`` (who, what, when)
for audit, and every scan keeps a snapshot of its incidents as they were, for its report.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from scanner.errors import StoreError
from scanner.models import (
    Category,
    Change,
    Incident,
    IncidentStatus,
    Severity,
    Technique,
)
from scanner.store import codec
from scanner.store.db import StoreBase

MAX_URLS = 1000
"""Affected URLs kept per incident: a mass injection can touch every page of a big site."""

_ACTIVE = (IncidentStatus.OPEN, IncidentStatus.ACKNOWLEDGED, IncidentStatus.SNOOZED)


@dataclass(frozen=True, slots=True)
class IncidentSync:
    """What ``sync_incidents`` made of one site's scan.

    ``incidents`` are the current ones with their history filled in (first/last seen, times
    seen, status, change); ``resolved`` those that were active before and are gone now.
    """

    incidents: tuple[Incident, ...]
    resolved: tuple[Incident, ...]


@dataclass(frozen=True, slots=True)
class IncidentEvent:
    """One line of an incident's audit trail.

    ``action`` is one of ``detected``, ``reappeared``, ``severity_changed``,
    ``snooze_expired``, ``resolved`` (by a scan), ``acknowledged``, ``snoozed``,
    ``resolved_manually``; ``status`` is the status after it; ``by`` who did it (``scanner``
    for the scan itself).
    """

    incident_id: str
    at: datetime
    action: str
    status: IncidentStatus
    by: str = ""
    note: str = ""
    scan_id: int | None = None


def _incident_from_row(row: sqlite3.Row) -> Incident:
    first_seen = codec.decode_dt(row["first_seen"])
    return Incident(
        id=row["id"],
        site=row["site"],
        category=Category(row["category"]),
        technique=Technique(row["technique"]),
        severity=Severity(row["severity"]),
        confidence=row["confidence"],
        url=row["url"],
        urls=tuple(codec.loads(row["urls"]) or ()),
        summary=row["summary"],
        evidence=tuple(codec.decode_evidence(e) for e in codec.loads(row["evidence"]) or ()),
        target_domain=row["target_domain"],
        first_seen=first_seen,
        last_seen=codec.decode_dt(row["last_seen"]),
        times_seen=row["times_seen"],
        status=IncidentStatus(row["status"]),
        change=Change(row["change"]),
        snoozed_until=codec.decode_dt(row["snoozed_until"]),
        signature_ids=tuple(codec.loads(row["signature_ids"]) or ()),
    )


def _effective(incident: Incident, now: datetime) -> Incident:
    """A snooze that has run out reads as open, even before the next scan records that."""
    until = incident.snoozed_until
    if incident.status is IncidentStatus.SNOOZED and (until is None or until <= now):
        return replace(incident, status=IncidentStatus.OPEN, snoozed_until=None)
    return incident


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


class IncidentsMixin(StoreBase):
    """Incident lifecycle across scans, manual triage, and the audit trail."""

    def sync_incidents(
        self,
        scan_id: int,
        site_url: str,
        current: Sequence[Incident],
        now: datetime,
        scan_complete_for_site: bool = True,
    ) -> IncidentSync:
        """Match this scan's incidents of one site against history; see the module docstring.

        Idempotent within a scan: syncing the same site twice does not count it twice.
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
            if scan_complete_for_site:
                seen = {m.id for m in merged}
                gone = [
                    _incident_from_row(r)
                    for i, r in known.items()
                    if i not in seen and IncidentStatus(r["status"]) in _ACTIVE
                ]
                for inc in sorted(gone, key=lambda i: (-i.severity.rank, i.id)):
                    resolved.append(self._auto_resolve(conn, scan_id, inc, now))
            snapshot_incidents(conn, scan_id, site_id, synced, resolved)
            return IncidentSync(incidents=tuple(synced), resolved=tuple(resolved))

    def list_incidents(
        self,
        status: Iterable[IncidentStatus] | None = None,
        site: str | None = None,
    ) -> list[Incident]:
        """Incidents, most severe and most recent first; filtered by status and/or site.

        ``site`` is a site URL or host (``www.`` ignored). A snooze that has expired reads as
        ``open`` here already.
        """
        wanted = None if status is None else {IncidentStatus(s) for s in status}
        now = self._clock()
        with self._tx(write=False) as conn:
            if site is None:
                rows = conn.execute("SELECT * FROM incidents").fetchall()
            else:
                ids = self._site_ids_matching(conn, site)
                marks = ",".join("?" * len(ids))
                rows = (
                    conn.execute(f"SELECT * FROM incidents WHERE site_id IN ({marks})", ids)
                    .fetchall()
                    if ids  # PostgreSQL refuses an empty IN ()
                    else []
                )
        out = [_effective(_incident_from_row(r), now) for r in rows]
        if wanted is not None:
            out = [i for i in out if i.status in wanted]
        far_past = codec.to_utc(datetime.min)
        out.sort(key=lambda i: (i.last_seen or far_past, i.id), reverse=True)
        out.sort(key=lambda i: i.severity.rank, reverse=True)
        return out

    def get_incident(self, id: str) -> Incident:
        """One incident by id or unambiguous id prefix; ``StoreError`` when unknown."""
        with self._tx(write=False) as conn:
            row = self._incident_row(conn, id)
        return _effective(_incident_from_row(row), self._clock())

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

    def history(self, id: str) -> list[IncidentEvent]:
        """The audit trail of one incident, oldest first."""
        with self._tx(write=False) as conn:
            full = self._incident_row(conn, id)["id"]
            rows = conn.execute(
                "SELECT * FROM incident_events WHERE incident_id = ? ORDER BY id", (full,)
            ).fetchall()
        out = []
        for r in rows:
            at = codec.decode_dt(r["at"])
            assert at is not None
            out.append(
                IncidentEvent(
                    incident_id=r["incident_id"],
                    at=at,
                    action=r["action"],
                    status=IncidentStatus(r["status"]),
                    by=r["actor"],
                    note=r["note"],
                    scan_id=r["scan_id"],
                )
            )
        return out

    # ------------------------------------------------------------------ helpers

    def _incident_row(self, conn: sqlite3.Connection, id: str) -> sqlite3.Row:
        """The row of the incident ``id`` names, exactly or as a unique prefix."""
        key = id.strip()
        row = conn.execute("SELECT * FROM incidents WHERE id = ?", (key,)).fetchone()
        if row is not None:
            return row  # type: ignore[no-any-return]
        if key:
            escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            rows = conn.execute(
                "SELECT * FROM incidents WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 6",
                (escaped + "%",),
            ).fetchall()
            if len(rows) == 1:
                return rows[0]  # type: ignore[no-any-return]
            if rows:
                shown = ", ".join(r["id"][: len(key) + 4] for r in rows[:5])
                raise StoreError(
                    f"incident id {key} is ambiguous: it starts {shown}"
                    f"{', ...' if len(rows) > 5 else ''}; type more characters"
                )
        raise StoreError(f"no incident {key}")

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
            codec.encode_dt(inc.snoozed_until), scan_id,
        )  # fmt: skip
        if first_scan:
            conn.execute(
                """INSERT INTO incidents (site_id, site, category, technique, severity,
                     confidence, url, urls, summary, evidence, target_domain, signature_ids,
                     first_seen, last_seen, times_seen, status, change, snoozed_until,
                     last_scan_id, id, first_scan_id)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (*values, inc.id, scan_id),
            )
        else:
            conn.execute(
                """UPDATE incidents SET site_id = ?, site = ?, category = ?, technique = ?,
                     severity = ?, confidence = ?, url = ?, urls = ?, summary = ?, evidence = ?,
                     target_domain = ?, signature_ids = ?, first_seen = ?, last_seen = ?,
                     times_seen = ?, status = ?, change = ?, snoozed_until = ?,
                     last_scan_id = ?, resolved_at = NULL
                   WHERE id = ?""",
                (*values, inc.id),
            )

    def _auto_resolve(
        self, conn: sqlite3.Connection, scan_id: int, inc: Incident, now: datetime
    ) -> Incident:
        """The scan no longer finds an active incident: it is resolved (change=resolved)."""
        conn.execute(
            """UPDATE incidents SET status = 'resolved', change = 'resolved', resolved_at = ?,
                 snoozed_until = NULL WHERE id = ?""",
            (codec.encode_dt(now), inc.id),
        )
        self._event(
            conn, inc.id, now, "resolved", IncidentStatus.RESOLVED, by="scanner",
            note="not found by the scan", scan_id=scan_id,
        )  # fmt: skip
        return replace(
            inc, status=IncidentStatus.RESOLVED, change=Change.RESOLVED, snoozed_until=None
        )

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
                return _incident_from_row(row)  # resolving twice changes nothing
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
            return _incident_from_row(updated)
