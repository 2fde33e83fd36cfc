"""``scanner state migrate``: copy an SQLite state into an empty PostgreSQL database.

Both are opened as Stores first, so each is migrated to the current schema; then every table
is copied in foreign-key order with its ids kept (incident ids, scan ids and baselines stay
what reports, mails and operators already quote), and PostgreSQL's identity sequences are
moved past the copied ids. The copy is one PostgreSQL transaction: it lands whole or not at
all. A target that already holds scans is refused.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from scanner.errors import ConfigError, StoreError
from scanner.store import Store
from scanner.store.pg import is_postgres_url, redact

TABLES: tuple[str, ...] = (
    "sites",
    "scans",
    "site_results",
    "pages",
    "verdicts",
    "findings",
    "incidents",
    "incident_events",
    "scan_incidents",
    "baselines",
    "scan_queue",
    "notified",
)
"""Every table of the schema, parents before children."""

IDENTITY_TABLES: tuple[str, ...] = (
    "sites", "scans", "pages", "findings", "incident_events", "baselines"
)
"""Tables whose ``id`` PostgreSQL generates (``INTEGER PRIMARY KEY`` in SQLite)."""

BATCH = 2000


def copy_state(source: str, target: str) -> dict[str, int]:
    """Copy the SQLite state at ``source`` into the PostgreSQL ``target``; rows per table."""
    if is_postgres_url(source) or not is_postgres_url(target):
        raise ConfigError("state migrate copies an SQLite file (first) into a postgresql:// URL")
    with Store.open(source):  # brings the file to the current schema
        pass
    copied: dict[str, int] = {}
    with Store.open(target) as dst:
        pg = dst.postgres_connection()
        src = sqlite3.connect(source)
        try:
            if pg.execute("SELECT COUNT(*) FROM scans").fetchone()[0]:
                raise StoreError(
                    f"{redact(target)}: already holds scans; migrate into an empty database"
                )
            with pg.transaction():
                for table in TABLES:
                    copied[table] = _copy_table(src, pg, table)
                for table in IDENTITY_TABLES:
                    pg.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                    )
        except sqlite3.Error as exc:
            raise StoreError(f"{source}: {exc}") from exc
        finally:
            src.close()
    return copied


def _copy_table(src: sqlite3.Connection, pg: Any, table: str) -> int:
    cur = src.execute(f"SELECT * FROM {table}")
    columns = [d[0] for d in cur.description]
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    total = 0
    while rows := cur.fetchmany(BATCH):
        with pg.cursor() as out:
            out.executemany(sql, rows)
        total += len(rows)
    return total
