"""The connection under the Store: opening, pragmas, transactions, errors, shared lookups.

One ``sqlite3`` connection in autocommit mode; every public Store method runs in one explicit
transaction (``BEGIN IMMEDIATE`` for writes so two writers queue instead of deadlocking,
``BEGIN`` for reads so a multi-query read sees one snapshot). WAL lets readers (``scanner
incidents`` while a scan runs) proceed while the nightly scan writes. The API is synchronous:
the pipeline calls it between awaits and every write is small.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self, cast

from scanner.errors import StoreError
from scanner.models import Site
from scanner.store import codec, pg
from scanner.store.schema import migrate
from scanner.urls import host_of

BUSY_TIMEOUT_MS = 10_000
"""How long a write waits for another process's write to finish before failing."""

CACHE_KIB = 32 * 1024
"""SQLite's page cache per connection (KiB); the default 2 MB spills big transactions."""


def utcnow() -> datetime:
    """The current time as an aware UTC datetime (the default clock of manual actions)."""
    return datetime.now(UTC)


class StoreBase:
    """Owns the connection; the Store's parts (scans, incidents, baselines) build on it."""

    def __init__(self, path: str | Path, clock: Callable[[], datetime] = utcnow) -> None:
        """Open (creating if needed) and migrate the state DB at ``path``.

        ``clock`` gives "now" for what the store stamps itself (site rows, manual triage,
        expired snoozes); a scan passes its own so one run agrees on the time. Raises
        ``StoreError`` naming the path when the file cannot be opened, is not an SQLite
        database, or was written by a newer scanner.
        """
        self.path = str(path)
        self._clock = clock
        if pg.is_postgres_url(self.path):
            self._open_postgres()
            return
        self.path = self.path.removeprefix("sqlite://")  # sqlite:///abs -> /abs
        memory = self.path == ":memory:"
        try:
            if not memory:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot create the directory: {exc}") from exc
        try:
            self._conn = sqlite3.connect(self.path, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the state database: {exc}") from exc
        try:
            self._conn.row_factory = sqlite3.Row
            self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # Reading the journal mode is the first real access: a corrupt file fails here.
            self._conn.execute("PRAGMA journal_mode = WAL").fetchone()
            self._conn.execute("PRAGMA foreign_keys = ON")
            # NORMAL is durable enough under WAL (a power cut may lose the last commit only).
            self._conn.execute("PRAGMA synchronous = NORMAL")
            # A scan of 40k sites begins in one transaction: keep its pages in memory (a cap).
            self._conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            migrate(self._conn, self.path)
        except sqlite3.Error as exc:
            self._conn.close()
            raise StoreError(f"{self.path}: not a usable state database: {exc}") from exc
        except StoreError:
            self._conn.close()
            raise

    def _open_postgres(self) -> None:
        """Connect to PostgreSQL and migrate; messages name the URL without its password."""
        url = self.path
        self.path = pg.redact(url)
        conn = pg.PgConnection(url)
        try:
            pg.migrate(conn, self.path)
        except BaseException:
            conn.close()
            raise
        # The store's SQL is shared; PgConnection speaks the sqlite3 calls it makes.
        self._conn = cast(sqlite3.Connection, conn)

    @property
    def is_postgres(self) -> bool:
        """Whether this store lives in PostgreSQL (else an SQLite file)."""
        return isinstance(self._conn, pg.PgConnection)

    def postgres_connection(self) -> Any:
        """The psycopg connection under a PostgreSQL store (the job queue writes its jobs in
        the store's transaction); StoreError on SQLite."""
        if not isinstance(self._conn, pg.PgConnection):
            raise StoreError(f"{self.path}: not a PostgreSQL state database")
        return self._conn.raw

    @classmethod
    def open(cls, path: str | Path, clock: Callable[[], datetime] = utcnow) -> Self:
        """Open the state DB at ``path`` (``Settings.state``); the parent directory is created.

        ``path`` is an SQLite file (a plain path or ``sqlite:///path``), or a
        ``postgresql://`` URL (needs ``pip install 'scanner[distributed]'``).
        """
        return cls(path, clock)

    def close(self) -> None:
        """Close the connection; everything committed stays (each method commits itself)."""
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ------------------------------------------------------------------ transactions

    def _scan_row(self, conn: sqlite3.Connection, scan_id: int | None) -> sqlite3.Row:
        """The ``scans`` row of ``scan_id`` (``None``: the latest); StoreError naming the state
        when there is none."""
        if scan_id is None:
            row = conn.execute("SELECT * FROM scans ORDER BY id DESC LIMIT 1").fetchone()
            if row is None:
                raise StoreError(f"{self.path}: no scans recorded yet")
        else:
            row = conn.execute("SELECT * FROM scans WHERE id = ?", (scan_id,)).fetchone()
            if row is None:
                raise StoreError(f"{self.path}: no scan {scan_id}")
        return cast(sqlite3.Row, row)

    @contextmanager
    def _tx(self, write: bool = True) -> Iterator[sqlite3.Connection]:
        """One transaction around a public method; sqlite3 errors become StoreError."""
        if self._conn.in_transaction:  # nested call from another public method
            yield self._conn
            return
        try:
            self._conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {exc}") from exc
        try:
            yield self._conn
        except sqlite3.Error as exc:
            self._conn.rollback()
            raise StoreError(f"{self.path}: {exc}") from exc
        except BaseException:
            self._conn.rollback()
            raise
        try:
            self._conn.commit()
        except sqlite3.Error as exc:
            self._conn.rollback()
            raise StoreError(f"{self.path}: {exc}") from exc

    # ------------------------------------------------------------------ sites

    def _upsert_site(self, conn: sqlite3.Connection, site: Site) -> int:
        """Insert or update the site row keyed by URL; returns its id."""
        row = conn.execute(
            """INSERT INTO sites (url, host, name, owner, contact, tags, data, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(url) DO UPDATE SET host=excluded.host, name=excluded.name,
                 owner=excluded.owner, contact=excluded.contact, tags=excluded.tags,
                 data=excluded.data, updated_at=excluded.updated_at
               RETURNING id""",
            (
                site.url,
                site.host,
                site.name,
                site.owner,
                site.contact,
                codec.dumps(list(site.tags)),
                codec.dumps(codec.encode_site(site)),
                codec.encode_dt(self._clock()),
            ),
        ).fetchone()
        return int(row[0])

    def _site_id(self, conn: sqlite3.Connection, url: str, create: bool = False) -> int | None:
        """The id of the site with this URL; created bare when ``create`` and it is unknown."""
        row = conn.execute("SELECT id FROM sites WHERE url = ?", (url,)).fetchone()
        if row is not None:
            return int(row[0])
        if not create:
            return None
        return self._upsert_site(conn, Site(url=url))

    def _site_ids_matching(self, conn: sqlite3.Connection, site: str) -> list[int]:
        """Sites named by a user: the exact URL, or the host (``www.`` ignored)."""
        host = host_of(site) if "://" in site else site.lower().removeprefix("www.")
        rows = conn.execute(
            "SELECT id FROM sites WHERE url = ? OR host = ?", (site, host)
        ).fetchall()
        return [int(r[0]) for r in rows]

    def _ensure_site_result(self, conn: sqlite3.Connection, scan_id: int, site: Site | str) -> int:
        """The site's id, with a (pending) result row for this scan; checks the scan exists.

        A ``Site`` is upserted (the inventory is the truth); a bare URL only creates the site
        when it is unknown, keeping the name/owner/contact recorded earlier.
        """
        if conn.execute("SELECT 1 FROM scans WHERE id = ?", (scan_id,)).fetchone() is None:
            raise StoreError(f"{self.path}: no scan {scan_id}")
        if isinstance(site, Site):
            site_id = self._upsert_site(conn, site)
        else:
            known = self._site_id(conn, site, create=True)
            assert known is not None
            site_id = known
            row = conn.execute("SELECT data FROM sites WHERE id = ?", (site_id,)).fetchone()
            site = codec.decode_site(codec.loads(row[0]) or {"url": site})
        conn.execute(
            """INSERT INTO site_results (scan_id, site_id, seq, site)
               SELECT ?, ?, COALESCE(MAX(seq) + 1, 0), ? FROM site_results WHERE scan_id = ?
               ON CONFLICT(scan_id, site_id) DO NOTHING""",
            (scan_id, site_id, codec.dumps(codec.encode_site(site)), scan_id),
        )
        return site_id
