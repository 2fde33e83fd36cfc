"""What was notified: the news of each incident, delivered or still pending, per audience.

An email that fails (the SMTP server is down) must not lose the news it carried: the next
scan would call the incident ``ongoing`` and the ``on-new`` policy would send nothing. So the
news of an incident is *pending* for an audience (``team``, or a site's contact) from the
moment it is detected or reappears until a message carrying it was delivered; only then is it
recorded here (``mark_notified``). ``pending_news`` answers which of a scan's open incidents an
audience has not heard of yet.

A record is valid for one episode of an incident: it keeps the id of the incident's latest
``detected``/``reappeared`` event it delivered; when the incident is resolved and reappears,
the newer ``reappeared`` event makes the news pending again (ids, not clocks, are compared).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from scanner.store import codec
from scanner.store.db import StoreBase

TEAM = "team"
"""The audience of the team's report (``email.to``)."""

_NEWS_ACTIONS = ("detected", "reappeared")


def contact_audience(site_url: str) -> str:
    """The audience of one site's contact (``email.notify_contacts``)."""
    return f"contact:{site_url}"


class NotifiedMixin(StoreBase):
    """The notification ledger of the state DB (table ``notified``)."""

    def pending_news(self, incident_ids: Iterable[str], audience: str = TEAM) -> frozenset[str]:
        """Those of ``incident_ids`` whose latest news ``audience`` has not received."""
        ids = list(dict.fromkeys(incident_ids))
        if not ids:
            return frozenset()
        pending: set[str] = set()
        with self._tx(write=False) as conn:
            for chunk in _chunks(ids, 500):
                marks = ", ".join("?" for _ in chunk)
                rows = conn.execute(
                    f"""SELECT i.id,
                          (SELECT MAX(e.id) FROM incident_events e
                            WHERE e.incident_id = i.id AND e.action IN (?, ?)) AS news,
                          n.event_id AS told
                        FROM incidents i
                        LEFT JOIN notified n ON n.incident_id = i.id AND n.audience = ?
                        WHERE i.id IN ({marks})""",
                    (*_NEWS_ACTIONS, audience, *chunk),
                ).fetchall()
                known: set[str] = set()
                for row in rows:
                    known.add(row[0])
                    if row[2] is None or (row[1] is not None and row[1] > row[2]):
                        pending.add(row[0])
                # An incident the store has never seen (a scan not recorded here) is news.
                pending.update(i for i in chunk if i not in known)
        return frozenset(pending)

    def mark_notified(
        self,
        incident_ids: Iterable[str],
        audience: str = TEAM,
        scan_id: int | None = None,
        at: datetime | None = None,
    ) -> None:
        """Record that ``audience`` received the news of ``incident_ids`` (one transaction)."""
        when = codec.encode_dt(at or self._clock())
        with self._tx() as conn:
            for incident_id in dict.fromkeys(incident_ids):
                conn.execute(
                    """INSERT INTO notified (incident_id, audience, event_id, scan_id, at)
                       VALUES (?, ?, (SELECT COALESCE(MAX(id), 0) FROM incident_events
                                       WHERE incident_id = ? AND action IN (?, ?)), ?, ?)
                       ON CONFLICT (incident_id, audience)
                       DO UPDATE SET event_id = excluded.event_id, scan_id = excluded.scan_id,
                         at = excluded.at""",
                    (incident_id, audience, incident_id, *_NEWS_ACTIONS, scan_id, when),
                )


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
