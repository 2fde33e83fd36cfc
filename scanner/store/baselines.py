"""Known-good baselines of each site's pages, versioned, for the integrity stage.

A baseline maps page URL -> ``Fingerprint``. It is created automatically from the first clean
scan of a site (``created_by='auto'``) and changed only when a person accepts a change
(``created_by='accept'``), for all pages or for some URLs only. Every save is a new version;
older rows stay (inactive) so one can see what the site looked like when it was trusted.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from scanner.errors import StoreError
from scanner.models import Fingerprint
from scanner.store import codec
from scanner.store.db import StoreBase

BASELINE_CREATORS = ("auto", "accept")
"""Who can create a baseline version: the scanner itself, or a person accepting a change."""


@dataclass(frozen=True, slots=True)
class BaselineVersion:
    """One saved version of a site's baseline.

    ``pages`` counts the URLs this version wrote: every page for a full save, only the
    accepted URLs for a partial one.
    """

    version: int
    created_at: datetime
    created_by: str
    scan_id: int | None
    pages: int


class BaselinesMixin(StoreBase):
    """Read and version the known-good fingerprints of each site."""

    def baseline(self, site_url: str) -> dict[str, Fingerprint]:
        """The active baseline of a site: URL -> fingerprint (empty when there is none)."""
        with self._tx(write=False) as conn:
            site_id = self._site_id(conn, site_url)
            if site_id is None:
                return {}
            rows = conn.execute(
                "SELECT url, fingerprint FROM baselines WHERE site_id = ? AND active = 1"
                " ORDER BY url",
                (site_id,),
            ).fetchall()
        return {r["url"]: codec.decode_fingerprint(codec.loads(r["fingerprint"])) for r in rows}

    def has_baseline(self, site_url: str) -> bool:
        """True when the site has at least one active baseline page."""
        with self._tx(write=False) as conn:
            row = conn.execute(
                """SELECT 1 FROM baselines b JOIN sites s ON s.id = b.site_id
                   WHERE s.url = ? AND b.active = 1 LIMIT 1""",
                (site_url,),
            ).fetchone()
        return row is not None

    def save_baseline(
        self,
        site_url: str,
        fingerprints: Mapping[str, Fingerprint],
        scan_id: int | None,
        by: str,
        urls: Sequence[str] | None = None,
        *,
        now: datetime | None = None,
    ) -> int:
        """Save a new baseline version of the site; returns its version number.

        Without ``urls`` the whole baseline is replaced by ``fingerprints``. With ``urls`` only
        those URLs change: each takes its fingerprint from ``fingerprints``, or leaves the
        baseline when it has none there (a page accepted as gone). Other URLs stay as they were.
        An empty ``urls`` changes nothing and returns the current version.
        """
        if by not in BASELINE_CREATORS:
            raise StoreError(f"baseline creator must be one of {BASELINE_CREATORS}, not {by!r}")
        created = codec.encode_dt(now or self._clock())
        with self._tx() as conn:
            site_id = self._site_id(conn, site_url, create=True)
            assert site_id is not None
            latest = self._latest_version(conn, site_id)
            if urls is not None and not urls:
                return latest
            version = latest + 1
            targets = list(dict.fromkeys(urls)) if urls is not None else None
            if targets is None:
                conn.execute(
                    "UPDATE baselines SET active = 0 WHERE site_id = ? AND active = 1", (site_id,)
                )
                targets = list(fingerprints)
            else:
                conn.executemany(
                    "UPDATE baselines SET active = 0 WHERE site_id = ? AND active = 1 AND url = ?",
                    [(site_id, u) for u in targets],
                )
            for url in targets:
                fingerprint = fingerprints.get(url)
                if fingerprint is None:
                    continue
                conn.execute(
                    """INSERT INTO baselines (site_id, url, version, fingerprint, created_at,
                         created_by, scan_id, active) VALUES (?, ?, ?, ?, ?, ?, ?, 1)""",
                    (
                        site_id,
                        url,
                        version,
                        codec.dumps(codec.encode_fingerprint(fingerprint)),
                        created,
                        by,
                        scan_id,
                    ),
                )
            if self._latest_version(conn, site_id) != version:
                # Only removals (accepted-as-gone pages): still a version, so record a marker.
                self._record_empty_version(conn, site_id, version, created, by, scan_id)
            return version

    def baseline_versions(self, site_url: str) -> list[BaselineVersion]:
        """Every saved version of the site's baseline, oldest first."""
        with self._tx(write=False) as conn:
            rows = conn.execute(
                """SELECT b.version, MIN(b.created_at) AS created_at, MIN(b.created_by) AS by,
                     MIN(b.scan_id) AS scan_id,
                     SUM(CASE WHEN b.url != '' THEN 1 ELSE 0 END) AS pages
                   FROM baselines b JOIN sites s ON s.id = b.site_id
                   WHERE s.url = ? GROUP BY b.version ORDER BY b.version""",
                (site_url,),
            ).fetchall()
        out = []
        for r in rows:
            created_at = codec.decode_dt(r["created_at"])
            assert created_at is not None
            out.append(
                BaselineVersion(
                    version=r["version"],
                    created_at=created_at,
                    created_by=r["by"],
                    scan_id=r["scan_id"],
                    pages=r["pages"],
                )
            )
        return out

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def _latest_version(conn: sqlite3.Connection, site_id: int) -> int:
        row = conn.execute(
            "SELECT COALESCE(MAX(version), 0) FROM baselines WHERE site_id = ?", (site_id,)
        ).fetchone()
        return int(row[0])

    @staticmethod
    def _record_empty_version(
        conn: sqlite3.Connection,
        site_id: int,
        version: int,
        created: str | None,
        by: str,
        scan_id: int | None,
    ) -> None:
        """A version that only removed pages: an inactive row with an empty URL marks it."""
        conn.execute(
            """INSERT INTO baselines (site_id, url, version, fingerprint, created_at, created_by,
                 scan_id, active) VALUES (?, '', ?, '{}', ?, ?, ?, 0)""",
            (site_id, version, created, by, scan_id),
        )
