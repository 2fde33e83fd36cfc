"""Evidence that stands up (issue 14): WARC capture of pages with findings, incident export,
and the blocklist of gambling domains seen.

::

    Fetcher ─► CapturingTransport ─► CaptureSpool (per site, on disk)      capture.py
    SiteJob outcome: exchanges of pages with findings ─► SiteOutcome.exchanges
    EvidenceRecorder ─► ScanWarc: scan-<id>-<start>.warc.gz + .index.jsonl   recorder.py, warc.py
    retention: files older than evidence.retention_days pruned at scan start  retention.py
    export_incident(INCIDENT_ID) ─► WARC of its records + manifest           export.py
    gambling_domains(store) ─► rpz | hosts | csv                             domains.py

See docs/evidence.md for what is kept, for how long, and how to hand it over.
"""

from __future__ import annotations

from pathlib import Path

from scanner.config import Settings
from scanner.evidence.capture import CaptureSpool, CapturingTransport, profile_name
from scanner.evidence.retention import prune
from scanner.evidence.warc import IndexLine, ScanWarc, read_index
from scanner.store.pg import beside_state


def evidence_dir(settings: Settings, state: str | None = None) -> Path:
    """Where the WARC files go: ``evidence.dir``, or ``evidence/`` beside the state DB
    (``state``, the path of the store actually used, else ``settings.state``); for a
    PostgreSQL state, ``state/evidence`` unless ``evidence.dir`` says where."""
    if settings.evidence.dir:
        return Path(settings.evidence.dir)
    where = state or settings.state  # a database URL is no directory: beside_state knows
    return beside_state(where) / "evidence"


__all__ = [
    "CaptureSpool",
    "CapturingTransport",
    "IndexLine",
    "ScanWarc",
    "evidence_dir",
    "profile_name",
    "prune",
    "read_index",
]
