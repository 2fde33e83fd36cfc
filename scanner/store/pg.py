"""The PostgreSQL backend of the Store: one connection that speaks the store's SQL.

The store's SQL is written once, in the subset SQLite and PostgreSQL share (``ON CONFLICT``,
``RETURNING``, ``COALESCE``); this module is the only place that knows the differences:

* ``PgConnection`` wraps a psycopg 3 connection behind the small part of the ``sqlite3``
  connection interface the store uses (``execute``, ``executemany``, ``in_transaction``,
  ``commit``, ``rollback``, ``close``): ``?`` placeholders become ``%s``, rows read by name and
  by index like ``sqlite3.Row``, psycopg errors surface as ``sqlite3.Error`` subclasses so the
  store's one error path (``StoreError`` naming the database) serves both.
* ``BEGIN IMMEDIATE`` (SQLite's "one writer at a time") becomes ``BEGIN`` plus a transaction
  advisory lock: writers queue exactly as they do on SQLite, so read-modify-write steps
  (the next ``seq`` of a scan, an incident's lifecycle) stay correct with many workers.
* ``migrate`` applies the same ``MIGRATIONS`` as SQLite, translated (``INTEGER PRIMARY KEY``
  becomes an identity column, ``REAL`` a double), the version kept in ``scanner_schema``;
  concurrent workers opening a new database migrate it once (an advisory lock).

psycopg is an optional dependency (``pip install 'scanner[distributed]'``); it is imported only
when a ``postgresql://`` URL is opened.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from scanner.errors import StoreError
from scanner.store.schema import MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    import psycopg

URL_SCHEMES = ("postgresql://", "postgres://")
"""State locations that name a PostgreSQL database instead of an SQLite file."""

WRITE_LOCK_KEY = 0x5CA77E12
"""The advisory lock every write transaction holds (SQLite's single writer, on PostgreSQL)."""

MIGRATE_LOCK_KEY = 0x5CA77E13
"""The advisory lock held while migrating, so concurrent workers migrate a database once."""


def is_postgres_url(location: str) -> bool:
    """Whether a state location names a PostgreSQL database."""
    return location.startswith(URL_SCHEMES)


def sqlite_file(state: str | Path) -> Path | None:
    """The SQLite file a state location names (a plain path or ``sqlite:///path``), or None for
    a database URL. The one reading of a state location for the store, its lock and the files
    kept beside it."""
    location = str(state).removeprefix("sqlite://")  # sqlite:///abs -> /abs
    return None if "://" in location else Path(location)


def beside_state(state: str | Path) -> Path:
    """The directory for files kept beside the state (log, evidence): the SQLite file's
    directory, or ``state/`` (relative to the working directory) for a database URL, so no
    host or password ever becomes a path."""
    file = sqlite_file(state)
    return Path("state") if file is None else file.parent


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc}"))


@lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """SQLite-style SQL to psycopg's: ``?`` -> ``%s``, ``:name`` -> ``%(name)s`` outside
    literals, ``%`` escaped."""
    out: list[str] = []
    quoted = False
    i = 0
    while i < len(sql):
        ch = sql[i]
        named = _NAMED.match(sql, i) if ch == ":" and not quoted else None
        if named:
            out.append(f"%({named.group(1)})s")
            i = named.end()
            continue
        if ch == "'":
            quoted = not quoted
            out.append(ch)
        elif ch == "%":
            out.append("%%")
        elif ch == "?" and not quoted:
            out.append("%s")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


_NAMED = re.compile(r":([A-Za-z_][A-Za-z0-9_]*)")


def _params(params: Sequence[Any] | Mapping[str, Any]) -> Any:
    if isinstance(params, Mapping):
        return {k: _param(v) for k, v in params.items()}
    return [_param(p) for p in params]


def _param(value: Any) -> Any:
    # SQLite stores booleans as integers and the schema says INTEGER: keep it so here.
    return int(value) if isinstance(value, bool) else value


class PgRow(tuple[Any, ...]):
    """A result row read by index or by column name, like ``sqlite3.Row``."""

    _names: dict[str, int]

    def __new__(cls, names: dict[str, int], values: Sequence[Any]) -> PgRow:
        row = super().__new__(cls, values)
        row._names = names
        return row

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            return super().__getitem__(self._names[key])
        return super().__getitem__(key)

    def keys(self) -> list[str]:
        """The column names, in order."""
        return list(self._names)


def _row_factory(cursor: Any) -> Any:
    names = {col.name: i for i, col in enumerate(cursor.description or ())}
    return lambda values: PgRow(names, values)


def _as_sqlite_error(exc: Exception) -> sqlite3.Error:
    import psycopg

    text = str(exc).strip()
    if isinstance(exc, psycopg.IntegrityError):
        return sqlite3.IntegrityError(text)
    return sqlite3.OperationalError(text)


class PgCursor:
    """The result of one statement: ``fetchone``, ``fetchall``, iteration, ``rowcount``."""

    def __init__(self, cursor: psycopg.Cursor[Any]) -> None:
        self._cursor = cursor
        self.rowcount = cursor.rowcount

    def fetchone(self) -> Any:
        """The next row, or None."""
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self) -> list[Any]:
        """Every remaining row."""
        return self._cursor.fetchall() if self._cursor.description else []

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


class PgConnection:
    """A psycopg connection behind the ``sqlite3`` calls the store makes (see the module)."""

    def __init__(self, url: str) -> None:
        import psycopg

        try:
            self._conn: psycopg.Connection[Any] = psycopg.connect(
                url, autocommit=True, row_factory=_row_factory, connect_timeout=15
            )
        except psycopg.Error as exc:
            raise StoreError(f"{redact(url)}: cannot connect: {exc}") from exc

    @property
    def raw(self) -> psycopg.Connection[Any]:
        """The psycopg connection (for the job queue and bulk copies)."""
        return self._conn

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open (as ``sqlite3.Connection.in_transaction``)."""
        import psycopg.pq

        return self._conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> PgCursor:
        """Run one statement; ``BEGIN IMMEDIATE`` also takes the write lock."""
        import psycopg

        stripped = sql.strip().upper()
        try:
            if stripped == "BEGIN IMMEDIATE":
                self._conn.execute("BEGIN")
                return PgCursor(
                    self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
                )
            return PgCursor(
                self._conn.execute(translate(sql), _params(params))  # type: ignore[arg-type]
            )
        except psycopg.Error as exc:
            raise _as_sqlite_error(exc) from exc

    def executemany(
        self, sql: str, seq: Iterable[Sequence[Any] | Mapping[str, Any]]
    ) -> None:
        """Run one statement for each parameter tuple."""
        import psycopg

        try:
            with self._conn.cursor() as cur:
                cur.executemany(
                    translate(sql),  # type: ignore[arg-type]
                    [_params(params) for params in seq],
                )
        except psycopg.Error as exc:
            raise _as_sqlite_error(exc) from exc

    def commit(self) -> None:
        """Commit the open transaction."""
        if self.in_transaction:
            self.execute("COMMIT")

    def rollback(self) -> None:
        """Roll back the open transaction (also one aborted by an error)."""
        import psycopg

        if self.in_transaction:
            try:
                self._conn.execute("ROLLBACK")
            except psycopg.Error as exc:
                raise _as_sqlite_error(exc) from exc

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()


# ------------------------------------------------------------------ schema

_IDENTITY = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"


def pg_script(script: str) -> str:
    """One SQLite migration script in PostgreSQL's words (types only; the SQL is shared)."""
    script = re.sub(r"\bINTEGER PRIMARY KEY\b", _IDENTITY, script)
    return re.sub(r"\bREAL\b", "DOUBLE PRECISION", script)


def schema_version(conn: PgConnection) -> int:
    """The version recorded in the database (0 for a new, empty one)."""
    conn.execute("CREATE TABLE IF NOT EXISTS scanner_schema (version INTEGER NOT NULL)")
    row = conn.execute("SELECT version FROM scanner_schema").fetchone()
    return int(row[0]) if row else 0


def migrate(conn: PgConnection, where: str) -> int:
    """Bring the database up to ``SCHEMA_VERSION``; returns the version it started at.

    All missing migrations run in one transaction with the version bump (PostgreSQL's DDL is
    transactional), under an advisory lock so two workers starting together migrate once.
    """
    try:
        conn.execute("BEGIN")
        conn.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATE_LOCK_KEY,))
        current = schema_version(conn)
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{where}: state database has schema version {current}, newer than this "
                f"scanner supports ({SCHEMA_VERSION}); upgrade the scanner"
            )
        for version in range(current + 1, SCHEMA_VERSION + 1):
            for statement in pg_script(MIGRATIONS[version - 1]).split(";"):
                if statement.strip():
                    conn.execute(statement)
        if current < SCHEMA_VERSION:
            conn.execute("DELETE FROM scanner_schema")
            conn.execute("INSERT INTO scanner_schema (version) VALUES (?)", (SCHEMA_VERSION,))
        conn.commit()
    except sqlite3.Error as exc:
        conn.rollback()
        raise StoreError(f"{where}: migration failed: {exc}") from exc
    except BaseException:
        conn.rollback()
        raise
    return current
