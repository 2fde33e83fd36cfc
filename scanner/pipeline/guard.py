"""A recorder that survives its state failing mid-scan (disk full, DB gone read-only).

``GuardedRecorder`` wraps the scan's recorder. The first write that fails with ``OSError``
(``ENOSPC``) or ``StoreError`` (SQLite's "database or disk is full") is logged as ONE clear
error; from then on nothing more is written to the state (a half-written scan must not go on
failing once per page, which printed 2,500 tracebacks), the sites are still scanned and judged,
and ``failure`` says why. The scan's result carries it (``ScanResult.record_error``) so the
caller still writes the JSON and the report of what was gathered, if the disk allows, and then
exits 3 with that one line.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from scanner.errors import StoreError
from scanner.models import Fingerprint, PageRecord, Site, SiteOutcome, SiteResult
from scanner.store.recorder import Recorder

log = logging.getLogger(__name__)

WRITE_ERRORS = (OSError, StoreError)


class GuardedRecorder:
    """``inner`` until its first write failure, then records nothing (see the module doc)."""

    def __init__(self, inner: Recorder) -> None:
        """Guard ``inner``; ``begin`` is not guarded (nothing is gathered before it)."""
        self._inner = inner
        self.failure = ""
        """Why the state could not be written ('' while it could)."""

    def _failed(self, exc: BaseException) -> None:
        if not self.failure:
            self.failure = f"{type(exc).__name__}: {' '.join(str(exc).split())}"[:500]
            log.error(
                "the state could not be written (%s); the scan goes on without recording and "
                "its report is written if the disk allows",
                self.failure,
            )

    def begin(self, started: datetime, scanner_version: str, sites: Sequence[Site]) -> int:
        """The inner recorder's scan id (a failure here raises: nothing is lost yet)."""
        return self._inner.begin(started, scanner_version, sites)

    def baseline(self, site_url: str) -> dict[str, Fingerprint]:
        """The site's baseline; none once the state failed (and none if reading it fails)."""
        if self.failure:
            return {}
        try:
            return self._inner.baseline(site_url)
        except WRITE_ERRORS as exc:
            self._failed(exc)
            return {}

    def revisit(self, site_url: str) -> tuple[str, ...]:
        """The pages to re-check; none once the state failed (and none if reading fails: the
        incidents then stay "not re-checked", never resolved)."""
        if self.failure:
            return ()
        try:
            return self._inner.revisit(site_url)
        except WRITE_ERRORS as exc:
            self._failed(exc)
            return ()

    def page(self, site_url: str, record: PageRecord) -> None:
        """Stream the page to the state while it can be written."""
        if self.failure:
            return
        try:
            self._inner.page(site_url, record)
        except WRITE_ERRORS as exc:
            self._failed(exc)

    def record(self, outcome: SiteOutcome) -> SiteResult:
        """The inner recorder's result; the outcome as judged tonight once the state failed."""
        if self.failure:
            return outcome.result()
        try:
            return self._inner.record(outcome)
        except WRITE_ERRORS as exc:
            self._failed(exc)
            return outcome.result()

    def finish(self, finished: datetime, complete: bool) -> None:
        """Mark the scan finished, if the state can still be written."""
        if self.failure:
            return
        try:
            self._inner.finish(finished, complete)
        except WRITE_ERRORS as exc:
            self._failed(exc)
