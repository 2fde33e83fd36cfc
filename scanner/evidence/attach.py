"""A stored scan's evidence records, read back from its WARC index for a re-rendered report.

The state DB does not hold the record ids (the evidence lives beside it, with its own
retention); ``attach_evidence`` reads the index files of the scan and gives each site its
``EvidenceItem`` list again, so ``scanner report`` shows what the live report showed (as long as
the files are within retention).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from scanner.evidence.warc import INDEX_SUFFIX, WARC_SUFFIX, read_index
from scanner.models import EvidenceItem, ScanResult

log = logging.getLogger(__name__)


def attach_evidence(scan: ScanResult, directory: Path) -> ScanResult:
    """``scan`` with each site's evidence items from the index files in ``directory``."""
    if not directory.is_dir() or not scan.id:
        return scan
    by_site: dict[str, list[EvidenceItem]] = {}
    for index in sorted(directory.glob(f"scan-{scan.id:06d}-*{INDEX_SUFFIX}")):
        warc = index.name.removesuffix(INDEX_SUFFIX) + WARC_SUFFIX
        try:
            lines = read_index(index)
        except (OSError, ValueError) as exc:
            log.warning("%s: evidence index unreadable: %s", index, exc)
            continue
        for line in lines:
            if line.type != "response" or line.scan_id != scan.id:
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
