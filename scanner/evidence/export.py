"""Handing evidence over: one incident's records as a WARC file plus a manifest.

``export_incident`` looks the incident up in the state, finds every record the scans' indexes
tie to it (all scans still within retention), and copies those records byte for byte (each is
its own gzip member, so its digests still verify) after a fresh ``warcinfo`` record naming the
incident. Beside the WARC it writes ``<file>.manifest.json``: incident id, site, owner, URLs,
first and last seen, and per record its id, type, URL, profile, date, scan and the SHA-256 of
its payload; last the SHA-256 of the WARC file itself, so the receiver can check what arrived.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scanner import __version__
from scanner.errors import EvidenceError, StoreError
from scanner.evidence.attach import started_matches
from scanner.evidence.warc import (
    INDEX_SUFFIX,
    WARC_SUFFIX,
    IndexLine,
    Sha256WarcWriter,
    read_index,
    scan_stem,
)
from scanner.models import Incident
from scanner.store import Store

MANIFEST_SUFFIX = ".manifest.json"
_RECORD_TYPES = ("response", "request")


@dataclass(frozen=True, slots=True)
class Export:
    """What ``export_incident`` wrote: the WARC, its manifest, and the manifest's content."""

    warc: Path
    manifest_path: Path
    manifest: dict[str, Any]
    records: int


StartedOf = Callable[[int], datetime | None]
"""The start of a scan of the state by its id (None: the state has no such scan)."""


def records_of(
    directory: Path, incident_id: str, started_of: StartedOf | None = None
) -> list[tuple[Path, IndexLine]]:
    """(WARC file, index line) of every kept record documenting ``incident_id``, oldest first.

    With ``started_of`` only the records of the state's own scans (id and start): incident
    ids depend on the site and the findings only, so a second state beside it (a test state
    sharing ``evidence/``) has the same ids, and its records are not this state's evidence."""
    found: list[tuple[Path, IndexLine]] = []
    if not directory.is_dir():
        return found
    for index in sorted(directory.glob(f"*{INDEX_SUFFIX}")):
        warc = index.with_name(index.name.removesuffix(INDEX_SUFFIX) + WARC_SUFFIX)
        try:
            lines = read_index(index)
        except (OSError, ValueError) as exc:
            raise EvidenceError(f"{index}: unreadable evidence index: {exc}") from exc
        for line in lines:
            if line.type not in _RECORD_TYPES or incident_id not in line.incidents:
                continue
            if started_of is None or _of_state(index, line, started_of):
                found.append((warc, line))
    return found


def _of_state(index: Path, line: IndexLine, started_of: StartedOf) -> bool:
    started = started_of(line.scan_id)
    if started is None:
        return False
    return index.name.startswith(scan_stem(line.scan_id, started)) and started_matches(
        line, started
    )


def export_incident(
    incident: Incident,
    directory: Path,
    out: Path | None = None,
    *,
    now: datetime | None = None,
    started_of: StartedOf | None = None,
) -> Export:
    """Write ``incident``'s records from the WARC files in ``directory`` to ``out``.

    ``out`` defaults to ``incident-<id>.warc.gz`` in the working directory; ``started_of``
    keeps to the records of one state's scans (see ``records_of``). Raises
    ``EvidenceError`` when no record was kept for it (none captured, or pruned).
    """
    found = records_of(directory, incident.id, started_of)
    if not found:
        raise EvidenceError(
            f"no evidence kept for incident {incident.id} in {directory} "
            "(not captured, or pruned after evidence.retention_days)"
        )
    target = out or Path(f"incident-{incident.id}{WARC_SUFFIX}")
    target.parent.mkdir(parents=True, exist_ok=True)
    created = (now or datetime.now(UTC)).astimezone(UTC)
    entries: list[dict[str, Any]] = []
    try:
        with target.open("wb") as fh:
            _warcinfo(fh, incident, target.name)
            for warc, line in found:
                fh.write(_copy(warc, line))
                entries.append(_entry(line, warc))
    except OSError as exc:
        raise EvidenceError(f"{target}: cannot write the export: {exc}") from exc
    owner = next((line.owner for _, line in found if line.owner), "")
    manifest = _manifest(incident, owner, entries, target, created)
    manifest_path = target.with_name(target.name + MANIFEST_SUFFIX)
    manifest_path.write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return Export(target, manifest_path, manifest, len(entries))


def _copy(warc: Path, line: IndexLine) -> bytes:
    """The bytes of one record (one gzip member) as written during the scan."""
    try:
        with warc.open("rb") as fh:
            fh.seek(line.offset)
            data = fh.read(line.length)
    except OSError as exc:
        raise EvidenceError(f"{warc}: cannot read record {line.record_id}: {exc}") from exc
    if len(data) != line.length:
        raise EvidenceError(f"{warc}: record {line.record_id} is cut short")
    return data


def _warcinfo(fh: Any, incident: Incident, name: str) -> None:
    buffer = io.BytesIO()
    writer = Sha256WarcWriter(buffer, gzip=True)
    writer.write_record(
        writer.create_warcinfo_record(
            name,
            {
                "software": f"scanner/{__version__} (warcio)",
                "format": "WARC File Format 1.0",
                "description": f"evidence of incident {incident.id} on {incident.site}",
            },
        )
    )
    fh.write(buffer.getvalue())


def _entry(line: IndexLine, warc: Path) -> dict[str, Any]:
    return {
        "record_id": line.record_id,
        "type": line.type,
        "url": line.url,
        "page": line.page,
        "profile": line.profile,
        "date": line.date,
        "scan_id": line.scan_id,
        "status": line.status,
        "payload_sha256": line.payload_sha256,
        "truncated": line.truncated,
        "concurrent_to": line.concurrent_to,
        "source_warc": warc.name,
    }


def _manifest(
    incident: Incident, owner: str, entries: list[dict[str, Any]], warc: Path, created: datetime
) -> dict[str, Any]:
    profiles = sorted({e["profile"] for e in entries if e["profile"]})
    return {
        "incident": incident.id,
        "site": incident.site,
        "owner": owner,
        "category": str(incident.category),
        "technique": str(incident.technique),
        "severity": str(incident.severity),
        "target_domain": incident.target_domain,
        "urls": list(incident.urls),
        "first_seen": _iso(incident.first_seen),
        "last_seen": _iso(incident.last_seen),
        "captured_from": min(e["date"] for e in entries),
        "captured_to": max(e["date"] for e in entries),
        "profiles": profiles,
        "records": entries,
        "warc_file": warc.name,
        "warc_sha256": _sha256_file(warc),
        "created": _iso(created),
        "scanner_version": __version__,
    }


def _iso(when: datetime | None) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if when else ""


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def export_from_state(
    state: str, directory: Path, incident_id: str, out: Path | None = None
) -> Export:
    """``export_incident`` for an incident id (or unambiguous prefix) of the state DB, with
    the records of that state's scans only."""
    with Store.open(state) as store:
        incident = store.get_incident(incident_id)
        starts: dict[int, datetime | None] = {}

        def started_of(scan_id: int) -> datetime | None:
            if scan_id not in starts:
                try:
                    starts[scan_id] = store.scan_head(scan_id).started
                except StoreError:  # not a scan of this state (pruned, or another state's)
                    starts[scan_id] = None
            return starts[scan_id]

        return export_incident(incident, directory, out, started_of=started_of)
