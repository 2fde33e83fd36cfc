"""The Recorder seam: the only way the pipeline reaches the state.

It lives with the state, not in ``scanner.pipeline``: the pipeline uses recorders, and some
recorders (``evidence.EvidenceRecorder``) are built on pipeline-free parts; with the seam in the
pipeline package, importing such a recorder first imported the pipeline, which imports it back.

A scan talks to one ``Recorder``: ``begin`` the scan, read what it knows of a site (its
``baseline``, the pages of its active incidents to ``revisit``), stream
``page`` records as they are analysed (kept even if the process dies), ``record`` each site's
outcome (incident history synced, baseline saved, the ``SiteResult`` returned) and ``finish``.

- ``StoreRecorder`` wraps the SQLite ``Store``; it buffers pages and flushes every
  ``flush_every`` of a site (and before the site's outcome is recorded).
- ``NullRecorder`` records nothing: ``scanner check``, tests, and benchmarks of the analysis.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from scanner.models import Fingerprint, PageRecord, Site, SiteOutcome, SiteResult, SiteStatus
from scanner.store import Store

log = logging.getLogger(__name__)

FLUSH_EVERY = 50
"""Pages of one site buffered before they are written (one transaction per flush)."""


class PageSink(Protocol):
    """Where a site job streams its page records as it analyses them."""

    def page(self, site_url: str, record: PageRecord) -> None:
        """Take one page record (its verdict is provisional; the outcome has the final one)."""


class Recorder(PageSink, Protocol):
    """The state of scans as the pipeline sees it (see the module docstring)."""

    def begin(self, started: datetime, scanner_version: str, sites: Sequence[Site]) -> int:
        """Record the start of a scan of ``sites``; returns the scan id."""

    def baseline(self, site_url: str) -> dict[str, Fingerprint]:
        """The site's active known-good fingerprints (empty when it has none yet)."""

    def revisit(self, site_url: str) -> tuple[str, ...]:
        """The pages of the site's active incidents, most severe first (at most a few dozen):
        the crawl fetches them again so each incident is re-checked (issue 12)."""

    def record(self, outcome: SiteOutcome) -> SiteResult:
        """Record one site's outcome; returns its result with the incident history."""

    def finish(self, finished: datetime, complete: bool) -> None:
        """Mark the scan finished (``complete`` False for one that stopped early)."""


class NullRecorder:
    """Records nothing; every site's incidents are as judged tonight (all new)."""

    def begin(self, started: datetime, scanner_version: str, sites: Sequence[Site]) -> int:
        """Scan id 0: nothing is stored."""
        return 0

    def baseline(self, site_url: str) -> dict[str, Fingerprint]:
        """No state, so no baseline."""
        return {}

    def revisit(self, site_url: str) -> tuple[str, ...]:
        """No state, so no incidents to re-check."""
        return ()

    def page(self, site_url: str, record: PageRecord) -> None:
        """Dropped."""

    def record(self, outcome: SiteOutcome) -> SiteResult:
        """The outcome as a result, without history."""
        return outcome.result()

    def finish(self, finished: datetime, complete: bool) -> None:
        """Nothing to mark."""


class StoreRecorder:
    """Records a scan in the SQLite ``Store`` (which the caller opens and closes)."""

    def __init__(
        self, store: Store, flush_every: int = FLUSH_EVERY, *, scan_id: int | None = None
    ) -> None:
        """Record into ``store``; ``flush_every`` pages of a site per write. ``scan_id``: a
        scan another process began (a worker records its sites into the parent's scan)."""
        self._store = store
        self._flush_every = flush_every
        self._scan_id: int | None = scan_id
        self._pending: dict[str, list[PageRecord]] = {}

    @property
    def scan_id(self) -> int:
        """The id ``begin`` returned."""
        if self._scan_id is None:
            raise RuntimeError("StoreRecorder used before begin()")
        return self._scan_id

    def begin(self, started: datetime, scanner_version: str, sites: Sequence[Site]) -> int:
        """Insert the scan row and a pending result row per site."""
        self._scan_id = self._store.begin_scan(started, scanner_version, sites)
        return self._scan_id

    def baseline(self, site_url: str) -> dict[str, Fingerprint]:
        """The active baseline of the site."""
        return self._store.baseline(site_url)

    def revisit(self, site_url: str) -> tuple[str, ...]:
        """The pages of the site's active incidents (``Store.revisit_pages``)."""
        return self._store.revisit_pages(site_url)

    def page(self, site_url: str, record: PageRecord) -> None:
        """Buffer the page; write the site's buffer once it holds ``flush_every`` pages."""
        pending = self._pending.setdefault(site_url, [])
        pending.append(record)
        if len(pending) >= self._flush_every:
            self._flush(site_url)

    def _flush(self, site_url: str) -> None:
        pending = self._pending.pop(site_url, [])
        if pending:
            self._store.record_pages(self.scan_id, site_url, pending)

    def record(self, outcome: SiteOutcome) -> SiteResult:
        """Sync incidents (an incident is resolved only when its pages were re-checked; an
        incomplete site resolves nothing), save a first baseline, and write the site's final
        word: every page with its final verdict."""
        self._pending.pop(outcome.site.url, None)  # the outcome has every page, final
        scanned = outcome.status is SiteStatus.OK and outcome.complete
        assert outcome.finished is not None
        sync = self._store.sync_incidents(
            self.scan_id,
            outcome.site.url,
            outcome.incidents,
            outcome.finished,
            scan_complete_for_site=scanned,
            pages=outcome.pages,
            why_incomplete=outcome.error,
        )
        if outcome.new_baseline:
            self._store.save_baseline(
                outcome.site.url, outcome.fingerprints, self.scan_id, by="auto"
            )
            log.info("%s: first complete clean scan saved as the baseline", outcome.site.host)
        result = outcome.result(tuple(sync.incidents), tuple(sync.resolved))
        self._store.record_site_result(self.scan_id, result)
        return result

    def finish(self, finished: datetime, complete: bool) -> None:
        """Write what is still buffered, then mark the scan finished."""
        for site_url in list(self._pending):
            self._flush(site_url)
        self._store.finish_scan(self.scan_id, finished, complete)
