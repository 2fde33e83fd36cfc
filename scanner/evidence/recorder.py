"""The recorder hook: a ``Recorder`` that also writes each site's kept exchanges as WARC.

``EvidenceRecorder`` wraps the scan's recorder (SQLite or any other): everything is passed on,
and on ``record`` the outcome's exchanges are written to the scan's WARC file and the
``SiteResult`` comes back with its ``evidence`` items (record id and payload digest per
response, for the report and the JSON). Old WARC files are pruned when the scan begins. A
failure to write evidence (disk full) is logged as an error and costs the scan nothing else:
the findings are recorded all the same.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from scanner.config import EvidenceSettings
from scanner.evidence.retention import prune
from scanner.evidence.warc import ScanWarc
from scanner.models import Fingerprint, PageRecord, Site, SiteOutcome, SiteResult
from scanner.store.recorder import Recorder

log = logging.getLogger(__name__)


class EvidenceRecorder:
    """Passes everything to ``inner``; writes WARC evidence beside (see the module docstring)."""

    def __init__(self, inner: Recorder, directory: Path, settings: EvidenceSettings) -> None:
        """WARC files go to ``directory``, bounded by ``settings``."""
        self._inner = inner
        self._dir = directory
        self._settings = settings
        self._warc: ScanWarc | None = None

    @property
    def warc(self) -> ScanWarc | None:
        """The scan's WARC writer (after ``begin``)."""
        return self._warc

    def begin(self, started: datetime, scanner_version: str, sites: Sequence[Site]) -> int:
        """Begin the scan in ``inner``, prune expired evidence, prepare this scan's file."""
        scan_id = self._inner.begin(started, scanner_version, sites)
        try:
            prune(self._dir, self._settings.retention_days, started)
        except OSError as exc:
            log.error("evidence: pruning %s failed: %s", self._dir, exc)
        self._warc = ScanWarc(self._dir, self._settings, scan_id, started)
        return scan_id

    def baseline(self, site_url: str) -> dict[str, Fingerprint]:
        """The inner recorder's baseline."""
        return self._inner.baseline(site_url)

    def revisit(self, site_url: str) -> tuple[str, ...]:
        """The inner recorder's pages to re-check."""
        return self._inner.revisit(site_url)

    def page(self, site_url: str, record: PageRecord) -> None:
        """Passed on."""
        self._inner.page(site_url, record)

    def record(self, outcome: SiteOutcome) -> SiteResult:
        """Record in ``inner``, then write the outcome's exchanges; the result lists them."""
        result = self._inner.record(outcome)
        if not outcome.exchanges or self._warc is None:
            return result
        try:
            items = self._warc.write(outcome.site, outcome.exchanges, result.incidents)
        except OSError as exc:
            log.error("%s: evidence could not be written: %s", outcome.site.host, exc)
            return result
        return replace(result, evidence=items)

    def finish(self, finished: datetime, complete: bool) -> None:
        """Finish in ``inner`` and close the WARC file."""
        try:
            self._inner.finish(finished, complete)
        finally:
            if self._warc is not None:
                self._warc.close()
