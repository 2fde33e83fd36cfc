"""A stored scan's evidence records, read back from its WARC index for a re-rendered report.

The state DB does not hold the record ids (the evidence lives beside it, with its own
retention); ``attach_evidence`` reads the index files of the scan and gives each site its
``EvidenceItem`` list again, so ``scanner report`` shows what the live report showed (as long as
the files are within retention).

A scan is matched by its id AND its start: two state files in one directory (a test state
beside the production one) share ``evidence/`` and both have a scan 1. The file name carries
the start to the second (``scan_stem``), each index line to the microsecond, as the state
keeps it; lines written before the start was in them are matched by the file name alone.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from scanner.evidence.warc import INDEX_SUFFIX, WARC_SUFFIX, IndexLine, read_index, scan_stem
from scanner.models import EvidenceItem, ScanResult
from scanner.store.codec import decode_dt

log = logging.getLogger(__name__)


def attach_evidence(scan: ScanResult, directory: Path) -> ScanResult:
    """``scan`` with each site's evidence items from the index files in ``directory``."""
    if not directory.is_dir() or not scan.id:
        return scan
    by_site: dict[str, list[EvidenceItem]] = {}
    # scan_stem, and "-2", "-3"... for the files of other writers of the same scan
    for index in sorted(directory.glob(f"{scan_stem(scan.id, scan.started)}*{INDEX_SUFFIX}")):
        warc = index.name.removesuffix(INDEX_SUFFIX) + WARC_SUFFIX
        try:
            lines = read_index(index)
        except (OSError, ValueError) as exc:
            log.warning("%s: evidence index unreadable: %s", index, exc)
            continue
        for line in lines:
            if line.type != "response" or not _of_scan(line, scan):
                continue
            by_site.setdefault(line.site, []).append(
                EvidenceItem(
                    record_id=line.record_id,
                    url=line.url,
                    profile=line.profile,
                    payload_sha256=line.payload_sha256,
                    warc_file=warc,
                    status=line.status,
                    truncated=line.truncated,
                    incidents=line.incidents,
                )
            )
    if not by_site:
        return scan
    sites = tuple(
        replace(s, evidence=tuple(by_site[s.site.url])) if s.site.url in by_site else s
        for s in scan.sites
    )
    return replace(scan, sites=sites)


def _of_scan(line: IndexLine, scan: ScanResult) -> bool:
    """True when ``line`` was written by ``scan`` (its id, and its start when recorded)."""
    return line.scan_id == scan.id and started_matches(line, scan.started)


def started_matches(line: IndexLine, started: datetime) -> bool:
    """True when ``line`` was written by a scan that started at ``started`` (a line written
    before the start was in the index matches: its file name had to match already)."""
    if not line.started:
        return True
    try:
        return decode_dt(line.started) == started
    except ValueError:
        return False
