"""Retention: evidence older than ``evidence.retention_days`` is deleted when a scan begins.

The age of a file is the scan start written in its name (``scan-<id>-<YYYYmmddTHHMMSSZ>``),
not its modification time, so copying the directory does not make old evidence young.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from scanner.evidence.warc import INDEX_SUFFIX, WARC_SUFFIX

log = logging.getLogger(__name__)

_NAME = re.compile(r"^scan-\d+-(\d{8}T\d{6}Z)")


def started_of(path: Path) -> datetime | None:
    """The scan start encoded in an evidence file name (``None`` for other files)."""
    match = _NAME.match(path.name)
    if match is None:
        return None
    return datetime.strptime(match.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


def prune(directory: Path, retention_days: int, now: datetime) -> list[Path]:
    """Delete the WARC files and indexes older than ``retention_days`` (0: keep all)."""
    if retention_days <= 0 or not directory.is_dir():
        return []
    limit = now - timedelta(days=retention_days)
    removed: list[Path] = []
    for path in sorted(directory.iterdir()):
        if not path.name.endswith((WARC_SUFFIX, INDEX_SUFFIX)):
            continue
        started = started_of(path)
        if started is not None and started < limit:
            path.unlink()
            removed.append(path)
    if removed:
        log.info("evidence: %d expired files pruned from %s", len(removed), directory)
    return removed
