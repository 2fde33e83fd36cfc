"""The state DB schema as an ordered list of migrations, and the code that applies them.

``PRAGMA user_version`` holds how many migrations a database has received. Opening a database
applies the missing ones in order, each in its own transaction together with the version bump,
so a crash mid-migration leaves the previous version intact. Migrations are append-only: once
released, a script is never edited; a change is a new script at the end.

A database whose version is newer than ``SCHEMA_VERSION`` was written by a newer scanner; it
is refused rather than guessed at.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from scanner.errors import StoreError

# Version 1: scans, sites, per-scan site results and pages, findings, incidents and their
# audit trail, per-scan incident snapshots (what a report of that scan showed).
_V1 = """
CREATE TABLE sites (
    id          INTEGER PRIMARY KEY,
    url         TEXT NOT NULL UNIQUE,
    host        TEXT NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    owner       TEXT NOT NULL DEFAULT '',
    contact     TEXT NOT NULL DEFAULT '',
    tags        TEXT NOT NULL DEFAULT '[]',
    data        TEXT NOT NULL DEFAULT '{}',
    updated_at  TEXT NOT NULL
);
CREATE INDEX sites_host ON sites(host);

CREATE TABLE scans (
    id               INTEGER PRIMARY KEY,
    started          TEXT NOT NULL,
    finished         TEXT,
    complete         INTEGER NOT NULL DEFAULT 0,
    scanner_version  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE site_results (
    scan_id        INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    site_id        INTEGER NOT NULL REFERENCES sites(id),
    seq            INTEGER NOT NULL,
    site           TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'pending',
    error          TEXT NOT NULL DEFAULT '',
    pages_crawled  INTEGER NOT NULL DEFAULT 0,
    started        TEXT,
    finished       TEXT,
    PRIMARY KEY (scan_id, site_id)
);
CREATE INDEX site_results_site ON site_results(site_id, status);

CREATE TABLE pages (
    id             INTEGER PRIMARY KEY,
    scan_id        INTEGER NOT NULL,
    site_id        INTEGER NOT NULL,
    seq            INTEGER,
    url            TEXT NOT NULL,
    final_url      TEXT NOT NULL DEFAULT '',
    status         INTEGER,
    redirects      TEXT NOT NULL DEFAULT '[]',
    content_type   TEXT NOT NULL DEFAULT '',
    body_sha256    TEXT NOT NULL DEFAULT '',
    size           INTEGER NOT NULL DEFAULT 0,
    elapsed_ms     REAL NOT NULL DEFAULT 0,
    error_kind     TEXT,
    error_message  TEXT,
    verdict        TEXT NOT NULL DEFAULT 'clean',
    via            TEXT NOT NULL DEFAULT 'link',
    UNIQUE (scan_id, site_id, url),
    FOREIGN KEY (scan_id, site_id) REFERENCES site_results(scan_id, site_id) ON DELETE CASCADE
);

CREATE TABLE verdicts (
    scan_id  INTEGER NOT NULL,
    site_id  INTEGER NOT NULL,
    seq      INTEGER NOT NULL,
    url      TEXT NOT NULL,
    verdict  TEXT NOT NULL,
    error    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (scan_id, site_id, seq),
    FOREIGN KEY (scan_id, site_id) REFERENCES site_results(scan_id, site_id) ON DELETE CASCADE
);

CREATE TABLE findings (
    id                  INTEGER PRIMARY KEY,
    scan_id             INTEGER NOT NULL,
    site_id             INTEGER NOT NULL,
    verdict_seq         INTEGER NOT NULL,
    seq                 INTEGER NOT NULL,
    url                 TEXT NOT NULL,
    category            TEXT NOT NULL,
    technique           TEXT NOT NULL,
    severity            TEXT NOT NULL,
    confidence          REAL NOT NULL,
    summary             TEXT NOT NULL DEFAULT '',
    evidence            TEXT NOT NULL DEFAULT '[]',
    signature_ids       TEXT NOT NULL DEFAULT '[]',
    target_domain       TEXT NOT NULL DEFAULT '',
    new_since_baseline  INTEGER NOT NULL DEFAULT 0,
    FOREIGN KEY (scan_id, site_id, verdict_seq)
        REFERENCES verdicts(scan_id, site_id, seq) ON DELETE CASCADE
);
CREATE INDEX findings_scan ON findings(scan_id, site_id);

CREATE TABLE incidents (
    id             TEXT PRIMARY KEY,
    site_id        INTEGER NOT NULL REFERENCES sites(id),
    site           TEXT NOT NULL,
    category       TEXT NOT NULL,
    technique      TEXT NOT NULL,
    severity       TEXT NOT NULL,
    confidence     REAL NOT NULL,
    url            TEXT NOT NULL,
    urls           TEXT NOT NULL DEFAULT '[]',
    summary        TEXT NOT NULL DEFAULT '',
    evidence       TEXT NOT NULL DEFAULT '[]',
    target_domain  TEXT NOT NULL DEFAULT '',
    signature_ids  TEXT NOT NULL DEFAULT '[]',
    first_seen     TEXT NOT NULL,
    last_seen      TEXT NOT NULL,
    times_seen     INTEGER NOT NULL DEFAULT 1,
    status         TEXT NOT NULL DEFAULT 'open',
    change         TEXT NOT NULL DEFAULT 'new',
    snoozed_until  TEXT,
    resolved_at    TEXT,
    first_scan_id  INTEGER,
    last_scan_id   INTEGER
);
CREATE INDEX incidents_site ON incidents(site_id, status);

CREATE TABLE incident_events (
    id           INTEGER PRIMARY KEY,
    incident_id  TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    at           TEXT NOT NULL,
    scan_id      INTEGER,
    action       TEXT NOT NULL,
    status       TEXT NOT NULL,
    actor        TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX incident_events_incident ON incident_events(incident_id, id);

CREATE TABLE scan_incidents (
    scan_id      INTEGER NOT NULL,
    site_id      INTEGER NOT NULL,
    incident_id  TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('current', 'resolved')),
    seq          INTEGER NOT NULL,
    data         TEXT NOT NULL,
    PRIMARY KEY (scan_id, incident_id),
    FOREIGN KEY (scan_id, site_id) REFERENCES site_results(scan_id, site_id) ON DELETE CASCADE
);
"""

# Version 2: the integrity feature: per-page fingerprints and versioned known-good baselines.
_V2 = """
ALTER TABLE pages ADD COLUMN fingerprint TEXT;

CREATE TABLE baselines (
    id           INTEGER PRIMARY KEY,
    site_id      INTEGER NOT NULL REFERENCES sites(id),
    url          TEXT NOT NULL,
    version      INTEGER NOT NULL,
    fingerprint  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL CHECK (created_by IN ('auto', 'accept')),
    scan_id      INTEGER REFERENCES scans(id) ON DELETE SET NULL,
    active       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX baselines_active ON baselines(site_id, active, url);
CREATE INDEX baselines_version ON baselines(site_id, version);
"""

# Version 3: whether a site was scanned in full (an interrupted site, or one with a page whose
# analysis failed, is incomplete: its incidents resolve nothing, its fingerprints are no
# baseline). Rows written before read as complete, which is what they claimed then.
_V3 = """
ALTER TABLE site_results ADD COLUMN complete INTEGER NOT NULL DEFAULT 1;
"""

# Version 4: what was notified (``notified.py``): the news of an incident is pending for an
# audience until a message carrying it was delivered, so a failed email is sent again later.
_V4 = """
CREATE TABLE notified (
    incident_id  TEXT NOT NULL,
    audience     TEXT NOT NULL,
    event_id     INTEGER,
    scan_id      INTEGER,
    at           TEXT NOT NULL,
    PRIMARY KEY (incident_id, audience)
);
"""

# Version 5: scans run as queued jobs (scanner scan --enqueue): one queued scan per night
# (the UNIQUE refuses a second enqueue, even from two machines at once), and attempts per site.
_V5 = """
CREATE TABLE scan_queue (
    scan_id   INTEGER PRIMARY KEY REFERENCES scans(id) ON DELETE CASCADE,
    night     TEXT NOT NULL UNIQUE,
    enqueued  TEXT NOT NULL,
    jobs      INTEGER NOT NULL DEFAULT 0
);
ALTER TABLE site_results ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
"""

# Version 6 (issue 12): what a scan could not see. Per page whether its certificate was checked
# (the insecure TLS fallback) and the caps that cut its analysis; per site every limit hit
# (pages cut, a sitemap cut, a deadline). JSON lists of {"kind", "url", "detail"}. Rows
# written before read as verified and uncut, which is what was known of them.
_V6 = """
ALTER TABLE pages ADD COLUMN tls_verified INTEGER NOT NULL DEFAULT 1;
ALTER TABLE pages ADD COLUMN limits TEXT NOT NULL DEFAULT '[]';
ALTER TABLE site_results ADD COLUMN limits TEXT NOT NULL DEFAULT '[]';
"""

# Version 7: the next result row of a scan takes ``MAX(seq) + 1``; without this index that is a
# scan of every row of the scan, so beginning a scan of n sites cost O(n^2) (84-95 s at 40k
# sites). With it each lookup is one index probe.
_V7 = """
CREATE INDEX IF NOT EXISTS site_results_scan_seq ON site_results(scan_id, seq);
"""

# Version 8 (issue 13): detector prose as catalog messages. An incident's and a finding's summary
# is kept as its message key and parameters (JSON) beside the English text, so ``incidents list``
# and a report re-rendered from the store speak the configured language. Rows written before
# have no key (NULL) and show their stored English text, as they did.
_V8 = """
ALTER TABLE incidents ADD COLUMN message_key TEXT;
ALTER TABLE incidents ADD COLUMN message_params TEXT;
ALTER TABLE findings ADD COLUMN message_key TEXT;
ALTER TABLE findings ADD COLUMN message_params TEXT;
"""

# Version 9: a site's incidents in a scan (``scan_incidents`` WHERE scan_id AND site_id: a site
# re-recorded, a stored scan read site by site, ``state prune``) were found through the primary
# key (scan_id, incident_id), i.e. by reading every incident row of the scan: O(sites x
# incidents) at national size. This index makes each lookup one probe.
_V9 = """
CREATE INDEX IF NOT EXISTS scan_incidents_site ON scan_incidents(scan_id, site_id);
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8, _V9)
"""Migration scripts in order; a database at version N has received ``MIGRATIONS[:N]``."""

SCHEMA_VERSION = len(MIGRATIONS)
"""The schema version this code reads and writes."""


def schema_version(conn: sqlite3.Connection) -> int:
    """The version recorded in the database (0 for a new, empty file)."""
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(conn: sqlite3.Connection, path: Path | str) -> int:
    """Bring the database up to ``SCHEMA_VERSION``; returns the version it started at.

    ``conn`` must be in autocommit mode (``isolation_level=None``): each script runs inside its
    own explicit transaction so the schema change and the version bump commit together.
    """
    current = schema_version(conn)
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: state database has schema version {current}, newer than this scanner "
            f"supports ({SCHEMA_VERSION}); upgrade the scanner or use another --state file"
        )
    for version in range(current + 1, SCHEMA_VERSION + 1):
        script = MIGRATIONS[version - 1]
        try:
            # executescript runs statement by statement; BEGIN/COMMIT inside make it atomic.
            conn.executescript(
                f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {version};\nCOMMIT;"
            )
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.rollback()
            raise StoreError(
                f"{path}: migration to schema version {version} failed: {exc}"
            ) from exc
    return current
