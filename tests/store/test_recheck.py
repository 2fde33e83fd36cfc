"""An active incident is resolved only when the scan re-checked its pages (issue 12).

The gambling incident of the health office is on two pages (the polio vaccination news and the
vision/mission page). Night 1 finds it; night 2 does not: what night 2's page records say of
those two pages decides whether it is resolved (seen clean, or 404/410) or stays active,
"not re-checked" (timeout, 5xx, a cut page, a page the crawl did not reach).
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from scanner.models import (
    Change,
    FetchError,
    FetchErrorKind,
    IncidentStatus,
    Limit,
    LimitKind,
    PageRecord,
    RecheckGap,
    Verdict,
)
from scanner.store import IncidentSync, Store
from scanner.store.recheck import Coverage
from tests.store.test_store import DAY, DINKES, T0, defacement_incident, gambling_incident

GAMBLING = gambling_incident()
NEWS, VISION = GAMBLING.urls
HOME = DINKES.url


def page(
    url: str,
    status: int | None = 200,
    error: FetchError | None = None,
    final_url: str = "",
    limits: tuple[Limit, ...] = (),
) -> PageRecord:
    """One of tonight's page records (an error makes it an error page)."""
    return PageRecord(
        url=url,
        final_url=final_url or url,
        status=status,
        error=error,
        verdict=Verdict.ERROR if error else Verdict.CLEAN,
        limits=limits,
    )


def clean(url: str) -> PageRecord:
    return page(url)


def night(store: Store, n: int, pages: Sequence[PageRecord], complete: bool = True) -> IncidentSync:
    now = T0 + n * DAY
    scan_id = store.begin_scan(now, "0.1.0", [DINKES])
    found = [GAMBLING] if n == 0 else []
    sync = store.sync_incidents(
        scan_id, DINKES.url, found, now, scan_complete_for_site=complete, pages=pages
    )
    store.finish_scan(scan_id, now, complete=True)
    return sync


TIMEOUT = FetchError(FetchErrorKind.TIMEOUT, "total timeout 30 s")
HTTP_503 = FetchError(FetchErrorKind.HTTP_STATUS, "HTTP 503 Service Unavailable")


def test_both_pages_seen_clean_resolves(store: Store) -> None:
    night(store, 0, [clean(HOME), clean(NEWS), clean(VISION)])
    second = night(store, 1, [clean(HOME), clean(NEWS), clean(VISION)])
    assert [i.id for i in second.resolved] == [GAMBLING.id]
    assert second.incidents == ()
    assert store.get_incident(GAMBLING.id).status is IncidentStatus.RESOLVED


@pytest.mark.parametrize("status", [404, 410])
def test_a_removed_page_counts_as_fixed(store: Store, status: int) -> None:
    night(store, 0, [clean(HOME), clean(NEWS), clean(VISION)])
    gone = FetchError(FetchErrorKind.HTTP_STATUS, f"HTTP {status}")
    second = night(store, 1, [clean(HOME), page(NEWS, status, gone), clean(VISION)])
    assert [i.id for i in second.resolved] == [GAMBLING.id]


@pytest.mark.parametrize(
    ("record", "gap", "detail"),
    [
        (page(NEWS, None, TIMEOUT), RecheckGap.FAILED, "timeout: total timeout 30 s"),
        (page(NEWS, 503, HTTP_503), RecheckGap.FAILED, "http_status: HTTP 503"),
        (
            page(NEWS, None, FetchError(FetchErrorKind.BLOCKED_ADDRESS, "10.0.0.5 private")),
            RecheckGap.FAILED,
            "blocked_address",
        ),
        (
            page(NEWS, 200, FetchError(FetchErrorKind.ANALYSIS, "RecursionError")),
            RecheckGap.FAILED,
            "analysis: RecursionError",
        ),
        (
            page(NEWS, limits=(Limit(LimitKind.HTML_CHARS, "5 MB of HTML", NEWS),)),
            RecheckGap.CUT,
            "html_chars",
        ),
        (None, RecheckGap.NOT_VISITED, ""),
    ],
    ids=["timeout", "5xx", "blocked", "analysis", "cut", "not-visited"],
)
def test_a_page_not_re_checked_keeps_the_incident_active(
    store: Store, record: PageRecord | None, gap: RecheckGap, detail: str
) -> None:
    first = night(store, 0, [clean(HOME), clean(NEWS), clean(VISION)])
    tonight = [clean(HOME), clean(VISION), *([record] if record else [])]
    second = night(store, 1, tonight)
    assert second.resolved == ()
    [kept] = second.incidents
    assert (kept.id, kept.change, kept.status) == (GAMBLING.id, Change.ONGOING, IncidentStatus.OPEN)
    assert [(u.url, u.gap) for u in kept.unchecked] == [(NEWS, gap)]
    assert kept.unchecked[0].detail.startswith(detail)
    # not seen tonight: last seen and times seen stay night 1's
    assert (kept.last_seen, kept.times_seen) == (first.incidents[0].last_seen, 1)
    stored = store.get_incident(GAMBLING.id)
    assert (stored.status, stored.change) == (IncidentStatus.OPEN, Change.ONGOING)
    events = [(e.action, e.note) for e in store.history(GAMBLING.id)]
    assert events[-1][0] == "not_rechecked" and NEWS in events[-1][1]


def test_a_page_that_moved_is_seen_where_it_ended_up(store: Store) -> None:
    # the injected page redirected to its new address and was analysed there: seen
    night(store, 0, [clean(HOME), clean(NEWS), clean(VISION)])
    moved = page(NEWS.replace("2024", "arsip-2024"), final_url=NEWS)
    second = night(store, 1, [clean(HOME), moved, clean(VISION)])
    assert [i.id for i in second.resolved] == [GAMBLING.id]


def test_not_re_checked_is_logged_once_per_scan_and_resolves_later(store: Store) -> None:
    night(store, 0, [clean(HOME), clean(NEWS), clean(VISION)])
    now = T0 + DAY
    scan_id = store.begin_scan(now, "0.1.0", [DINKES])
    tonight = [clean(HOME), page(NEWS, None, TIMEOUT), clean(VISION)]
    for _ in range(2):  # a repeated sync of the same scan (a retried job)
        again = store.sync_incidents(scan_id, DINKES.url, [], now, pages=tonight)
        assert [i.unchecked[0].gap for i in again.incidents] == [RecheckGap.FAILED]
    store.finish_scan(scan_id, now, complete=True)
    actions = [e.action for e in store.history(GAMBLING.id)]
    assert actions == ["detected", "not_rechecked"]
    # night 3 the page answers, clean: now it is resolved
    third = night(store, 2, [clean(HOME), clean(NEWS), clean(VISION)])
    assert [i.id for i in third.resolved] == [GAMBLING.id]
    assert [e.action for e in store.history(GAMBLING.id)][-1] == "resolved"


def test_an_incomplete_scan_lists_its_active_incidents_as_not_re_checked(store: Store) -> None:
    night(store, 0, [clean(HOME), clean(NEWS), clean(VISION)])
    second = night(store, 1, [clean(HOME), clean(NEWS), clean(VISION)], complete=False)
    assert second.resolved == ()
    [kept] = second.incidents
    assert {u.gap for u in kept.unchecked} == {RecheckGap.INCOMPLETE}


def test_the_scan_snapshot_keeps_why(store: Store) -> None:
    night(store, 0, [clean(HOME), clean(NEWS), clean(VISION)])
    night(store, 1, [clean(HOME), page(NEWS, 503, HTTP_503), clean(VISION)])
    scan = store.load_scan()  # what a report of that scan reads
    [kept] = scan.sites[0].incidents
    assert [(u.url, u.gap) for u in kept.unchecked] == [(NEWS, RecheckGap.FAILED)]


def test_coverage_one_good_record_of_a_url_is_enough() -> None:
    cov = Coverage.of([page(NEWS, None, TIMEOUT), clean(NEWS)])
    assert cov.gaps([NEWS]) == ()
    assert [g.gap for g in Coverage.of([]).gaps([NEWS, VISION])] == [RecheckGap.NOT_VISITED] * 2


def test_revisit_pages_are_the_active_incidents_pages_bounded(store: Store) -> None:
    deface = defacement_incident()
    scan_id = store.begin_scan(T0, "0.1.0", [DINKES])
    store.sync_incidents(scan_id, DINKES.url, [GAMBLING, deface], T0)
    store.finish_scan(scan_id, T0, complete=True)
    pages = store.revisit_pages(DINKES.url)
    # primary pages first, the most severe incident first; then the other pages, once each
    assert pages[:2] == (deface.url, GAMBLING.url)
    assert set(pages) == {deface.url, *deface.urls, *GAMBLING.urls}
    assert len(pages) == len(set(pages))
    assert store.revisit_pages(DINKES.url, limit=1) == (deface.url,)
    assert store.revisit_pages("https://belum-dipindai.go.id/") == ()
    store.resolve(deface.id, "dipulihkan dari cadangan", by="tim web")
    assert store.revisit_pages(DINKES.url) == (NEWS, VISION)  # resolved: not re-checked
