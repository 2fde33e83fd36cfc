"""Did tonight's scan re-check an active incident's pages? (issue 12: never close by mistake)

A scan that did not find an active incident proves it gone only for the pages it actually saw.
``Coverage`` is what one site's page records say of each URL:

* answered and analysed in full -> seen (the incident is not there any more);
* 404 or 410 -> gone (the page was removed: that is a fix too);
* fetched but failed (timeout, 5xx, blocked, reset, analysis error) -> ``RecheckGap.FAILED``;
* fetched but a limit cut its analysis -> ``RecheckGap.CUT``;
* not among the records at all -> ``RecheckGap.NOT_VISITED``.

``gaps(urls)`` lists the pages of an incident that were not re-checked; an incident is resolved
only when that list is empty. The store's lifecycle (``incidents.py``) applies it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scanner.models import Incident, PageRecord, RecheckGap, Unchecked

GONE_STATUSES = frozenset({404, 410})
"""Answers that mean the page was removed: its incident is resolved, not left unchecked."""

MAX_UNCHECKED = 10
"""Pages listed per unchecked incident (the first few are enough to tell why)."""


def incident_pages(incident: Incident) -> tuple[str, ...]:
    """The pages an incident was found on (primary first, deduplicated)."""
    return tuple(dict.fromkeys(u for u in (incident.url, *incident.urls) if u))


def _state(record: PageRecord) -> Unchecked | None:
    """None when this record re-checked its page; else why it did not."""
    if record.status in GONE_STATUSES:
        return None
    if record.error is not None:
        detail = f"{record.error.kind}: {record.error.message}"
        return Unchecked(record.url, RecheckGap.FAILED, detail)
    if record.limits:
        cut = "; ".join(str(lim.kind) for lim in record.limits)
        return Unchecked(record.url, RecheckGap.CUT, cut)
    return None


@dataclass(frozen=True, slots=True)
class Coverage:
    """What one site's scan saw of each URL (see the module docstring)."""

    seen: frozenset[str]
    failed: dict[str, Unchecked]

    @classmethod
    def of(cls, pages: Iterable[PageRecord]) -> Coverage:
        """The coverage of a site's page records (its URL and where it ended up both count;
        one good record of a URL is enough)."""
        seen: set[str] = set()
        failed: dict[str, Unchecked] = {}
        for record in pages:
            state = _state(record)
            urls = {record.url, record.final_url} - {""}
            if state is None:
                seen.update(urls)
            else:
                for url in urls:
                    failed.setdefault(url, Unchecked(url, state.gap, state.detail))
        return cls(frozenset(seen), {u: f for u, f in failed.items() if u not in seen})

    def gaps(self, urls: Sequence[str]) -> tuple[Unchecked, ...]:
        """The URLs among ``urls`` this scan did not re-check, with why (at most a few)."""
        out = [
            self.failed.get(url, Unchecked(url, RecheckGap.NOT_VISITED))
            for url in urls
            if url not in self.seen
        ]
        return tuple(out[:MAX_UNCHECKED])
