"""Reading incidents: the list operators triage, one incident by id prefix, its audit trail.

The write side (what a scan makes of its incidents, and a person's triage) is ``incidents.py``;
both read a row the same way here. A snooze whose date has passed already reads ``open``, before
the next scan records that. An incident's summary comes back with its catalog message (key and
parameters) so listings render it in the configured language; rows written before schema 8 have
none and keep their stored English text.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from scanner.errors import StoreError
from scanner.models import Category, Change, Incident, IncidentStatus, Severity, Technique
from scanner.store import codec
from scanner.store.db import StoreBase


@dataclass(frozen=True, slots=True)
class IncidentEvent:
    """One line of an incident's audit trail.

    ``action`` is one of ``detected``, ``reappeared``, ``severity_changed``,
    ``snooze_expired``, ``resolved`` (by a scan that re-checked its pages),
    ``not_rechecked`` (a scan did not find it but could not re-check its pages: the note says
    which and why), ``acknowledged``, ``snoozed``, ``resolved_manually``; ``status``
    is the status after it; ``by`` who did it (``scanner`` for the scan itself).
    """

    incident_id: str
    at: datetime
    action: str
    status: IncidentStatus
    by: str = ""
    note: str = ""
    scan_id: int | None = None


def incident_from_row(row: sqlite3.Row) -> Incident:
    """The incident an ``incidents`` row holds (its message ``None`` in a pre-catalog row)."""
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
        first_seen=codec.decode_dt(row["first_seen"]),
        last_seen=codec.decode_dt(row["last_seen"]),
        times_seen=row["times_seen"],
        status=IncidentStatus(row["status"]),
        change=Change(row["change"]),
        snoozed_until=codec.decode_dt(row["snoozed_until"]),
        signature_ids=tuple(codec.loads(row["signature_ids"]) or ()),
        message=codec.message_from_columns(row["message_key"], row["message_params"]),
    )


def effective(incident: Incident, now: datetime) -> Incident:
    """A snooze that has run out reads as open, even before the next scan records that."""
    until = incident.snoozed_until
    if incident.status is IncidentStatus.SNOOZED and (until is None or until <= now):
        return replace(incident, status=IncidentStatus.OPEN, snoozed_until=None)
    return incident


class IncidentQueriesMixin(StoreBase):
    """Incidents as operators list and look them up, and their audit trail."""

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
        out = [effective(incident_from_row(r), now) for r in rows]
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
        return effective(incident_from_row(row), self._clock())

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
