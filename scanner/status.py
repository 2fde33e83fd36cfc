"""What ``scanner status`` shows: where the queued scan stands, or the last scan, from SQL only.

A national night is 450,000 sites: nothing here loads a site. The queued scan's progress is
``Store.queue_progress`` (sites done by status, pending, pages); beside it the counts of that
scan (``Store.scan_counts``: pages crawled and failed, open incidents by severity). Without a
queued scan the latest scan is shown the same way, so a state filled by ``scanner scan`` has a
status too.
"""

from __future__ import annotations

from dataclasses import dataclass

from scanner.config import Settings
from scanner.errors import StoreError
from scanner.models import ScanResult, Severity
from scanner.store import Store
from scanner.store.queue import QueueProgress
from scanner.store.reading import ScanCounts

_RANK = {s.value: s.rank for s in Severity}


@dataclass(frozen=True, slots=True)
class ScanStatus:
    """The queued scan's progress (None: none was queued, or ``scan_id`` names a scan that
    was not) and the counts of the scan shown (None: no scan recorded yet)."""

    progress: QueueProgress | None
    head: ScanResult | None
    """The scan shown (its row only, no sites)."""
    counts: ScanCounts | None


def scan_status(settings: Settings, scan_id: int | None = None) -> ScanStatus:
    """The status of scan ``scan_id`` (None: the latest queued scan, else the latest scan).

    A ``scan_id`` that was not queued is shown as the last scan is; one that does not exist
    raises StoreError."""
    with Store.open(settings.state) as store:
        wanted = scan_id if scan_id is not None else store.queued_scan_id()
        progress = None
        if wanted is not None:
            try:
                progress = store.queue_progress(wanted)
            except StoreError:  # not queued: a scan run by ``scanner scan``
                progress = None
        try:
            head = store.scan_head(wanted)
        except StoreError:
            if wanted is not None:
                raise
            return ScanStatus(None, None, None)  # no scan recorded yet
        return ScanStatus(progress, head, store.scan_counts(head.id))


def counts_line(counts: ScanCounts) -> str:
    """Pages crawled and failed, open incidents by severity (worst first), in one line."""
    failed = counts.pages - counts.pages_crawled
    ranked = sorted(counts.open_by_severity.items(), key=lambda kv: -_RANK.get(kv[0], -1))
    total = sum(counts.open_by_severity.values())
    detail = ", ".join(f"{name} {n}" for name, n in ranked)
    incidents = f"{total} ({detail})" if total else "none"
    return (
        f"  pages: {counts.pages_crawled} crawled, {failed} failed; "
        f"open incidents: {incidents}"
    )


def sites_line(head: ScanResult, counts: ScanCounts) -> str:
    """The last scan (not queued) in one line: its state and its sites by status."""
    state = "open" if head.finished is None else ("complete" if head.complete else "INCOMPLETE")
    by = ", ".join(f"{n} {status}" for status, n in sorted(counts.by_status.items()))
    return f"last scan {head.id} ({state}): {counts.sites} site(s): {by or 'none'}"
