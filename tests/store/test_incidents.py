"""The incident lifecycle across nightly scans, manual triage and the audit trail (reading
incidents back: test_incident_queries.py, as the store splits them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest

from scanner.errors import StoreError
from scanner.models import Change, Incident, IncidentStatus, Severity
from scanner.store import IncidentSync, Store
from tests.store.test_store import (
    BAPENDA,
    DAY,
    DINKES,
    T0,
    defacement_incident,
    gambling_incident,
)

GAMBLING = gambling_incident()
DEFACE = defacement_incident()


def nightly(
    store: Store,
    night: int,
    current: Sequence[Incident],
    reachable: bool = True,
    site_url: str = DINKES.url,
) -> IncidentSync:
    """One nightly scan of a site (night 0 is the first), returning its incident sync."""
    now = T0 + night * DAY
    scan_id = store.begin_scan(now, "0.1.0", [DINKES, BAPENDA])
    sync = store.sync_incidents(scan_id, site_url, current, now, scan_complete_for_site=reachable)
    store.finish_scan(scan_id, now, complete=True)
    return sync



def test_new_ongoing_resolved_then_new_again(store: Store) -> None:
    first = nightly(store, 0, [GAMBLING])
    assert [(i.change, i.status, i.times_seen) for i in first.incidents] == [
        (Change.NEW, IncidentStatus.OPEN, 1)
    ]
    assert first.incidents[0].first_seen == T0 == first.incidents[0].last_seen

    second = nightly(store, 1, [GAMBLING])
    inc = second.incidents[0]
    assert (inc.change, inc.status, inc.times_seen) == (Change.ONGOING, IncidentStatus.OPEN, 2)
    assert (inc.first_seen, inc.last_seen) == (T0, T0 + DAY)
    assert second.resolved == ()

    third = nightly(store, 2, [])
    assert third.incidents == ()
    gone = third.resolved[0]
    assert (gone.id, gone.change, gone.status) == (
        GAMBLING.id,
        Change.RESOLVED,
        IncidentStatus.RESOLVED,
    )
    assert store.get_incident(GAMBLING.id).status is IncidentStatus.RESOLVED
    assert nightly(store, 3, []).resolved == ()  # resolved once, not every night

    fourth = nightly(store, 4, [GAMBLING])
    back = fourth.incidents[0]
    assert (back.change, back.status, back.times_seen) == (Change.NEW, IncidentStatus.OPEN, 3)
    assert back.first_seen == T0  # history kept: it has been seen before
    actions = [e.action for e in store.history(GAMBLING.id)]
    assert actions == ["detected", "resolved", "reappeared"]


def test_unreachable_site_does_not_resolve(store: Store) -> None:
    nightly(store, 0, [GAMBLING, DEFACE])
    down = nightly(store, 1, [], reachable=False)
    assert down.resolved == ()
    assert {i.status for i in store.list_incidents()} == {IncidentStatus.OPEN}
    # back online, still infected: ongoing, not new
    up = nightly(store, 2, [GAMBLING, DEFACE])
    assert {i.change for i in up.incidents} == {Change.ONGOING}


def test_partial_incidents_of_unreachable_site_are_still_synced(store: Store) -> None:
    nightly(store, 0, [GAMBLING, DEFACE])
    # the homepage answered (still defaced) but the crawl broke off: nothing resolves
    partial = nightly(store, 1, [DEFACE], reachable=False)
    # found tonight first; then the one the partial scan could not re-check (issue 12)
    assert [(i.id, bool(i.unchecked)) for i in partial.incidents] == [
        (DEFACE.id, False),
        (GAMBLING.id, True),
    ]
    assert partial.incidents[1].change is Change.ONGOING
    assert partial.resolved == ()
    assert store.get_incident(GAMBLING.id).status is IncidentStatus.OPEN


def test_other_sites_incidents_are_untouched(store: Store) -> None:
    other = gambling_incident(BAPENDA, id="77aa0c1d9e8f00112233")
    nightly(store, 0, [other], site_url=BAPENDA.url)
    nightly(store, 0, [GAMBLING])
    assert nightly(store, 1, []).resolved[0].id == GAMBLING.id
    assert store.get_incident(other.id).status is IncidentStatus.OPEN
    assert [i.id for i in store.list_incidents(site="bapenda.bandarlampungkota.go.id")] == [
        other.id
    ]
    assert [i.id for i in store.list_incidents(site=DINKES.url)] == [GAMBLING.id]
    assert store.list_incidents(site="www.pu.go.id") == []


def test_acknowledged_stays_acknowledged_and_ongoing(store: Store) -> None:
    nightly(store, 0, [GAMBLING])
    acked = store.acknowledge(GAMBLING.id[:8], note="Tim TI sudah dihubungi", by="andi")
    assert acked.status is IncidentStatus.ACKNOWLEDGED
    sync = nightly(store, 1, [GAMBLING])
    assert (sync.incidents[0].status, sync.incidents[0].change) == (
        IncidentStatus.ACKNOWLEDGED,
        Change.ONGOING,
    )
    assert store.list_incidents([IncidentStatus.OPEN]) == []
    # acknowledged incidents still resolve when the site is clean
    assert nightly(store, 2, []).resolved[0].status is IncidentStatus.RESOLVED
    event = next(e for e in store.history(GAMBLING.id) if e.action == "acknowledged")
    assert (event.by, event.note) == ("andi", "Tim TI sudah dihubungi")


def test_snooze_until_date_then_expiry_reopens(store: Store) -> None:
    nightly(store, 0, [DEFACE])
    until = T0 + 2 * DAY + DAY / 2
    snoozed = store.snooze(DEFACE.id, until, note="menunggu vendor", now=T0 + DAY / 2)
    assert (snoozed.status, snoozed.snoozed_until) == (IncidentStatus.SNOOZED, until)

    during = nightly(store, 1, [DEFACE]).incidents[0]
    assert (during.status, during.snoozed_until) == (IncidentStatus.SNOOZED, until)
    during = nightly(store, 2, [DEFACE]).incidents[0]
    assert during.status is IncidentStatus.SNOOZED

    after = nightly(store, 3, [DEFACE]).incidents[0]
    assert (after.status, after.change, after.snoozed_until) == (
        IncidentStatus.OPEN,
        Change.ONGOING,
        None,
    )
    assert "snooze_expired" in [e.action for e in store.history(DEFACE.id)]


def test_snooze_in_the_past_is_refused(store: Store) -> None:
    nightly(store, 0, [DEFACE])
    with pytest.raises(StoreError, match="not in the future"):
        store.snooze(DEFACE.id, T0 - DAY, now=T0)


def test_manual_resolve_then_reappears_as_new(store: Store) -> None:
    nightly(store, 0, [GAMBLING])
    done = store.resolve(GAMBLING.id, note="plugin dibersihkan", by="sari")
    assert (done.status, done.change) == (IncidentStatus.RESOLVED, Change.RESOLVED)
    assert store.resolve(GAMBLING.id).status is IncidentStatus.RESOLVED  # idempotent
    with pytest.raises(StoreError, match="is resolved"):
        store.acknowledge(GAMBLING.id)
    assert nightly(store, 1, []).resolved == ()  # nothing left to resolve
    again = nightly(store, 2, [GAMBLING]).incidents[0]
    assert (again.change, again.status) == (Change.NEW, IncidentStatus.OPEN)


def test_urls_severity_and_evidence_follow_the_current_scan(store: Store) -> None:
    nightly(store, 0, [GAMBLING])
    spread = replace(
        GAMBLING,
        severity=Severity.CRITICAL,
        urls=(*GAMBLING.urls, DINKES.url + "pengumuman/cpns-2024", GAMBLING.url),
    )
    inc = nightly(store, 1, [spread]).incidents[0]
    assert inc.severity is Severity.CRITICAL
    assert inc.urls == (*GAMBLING.urls, DINKES.url + "pengumuman/cpns-2024")
    assert store.get_incident(GAMBLING.id).urls == inc.urls
    changed = [e for e in store.history(GAMBLING.id) if e.action == "severity_changed"]
    assert changed[0].note == "high -> critical"


def test_duplicate_ids_in_one_scan_are_merged(store: Store) -> None:
    other_page = replace(GAMBLING, url=DINKES.url + "galeri", urls=(DINKES.url + "galeri",))
    sync = nightly(store, 0, [GAMBLING, other_page])
    assert len(sync.incidents) == 1
    assert DINKES.url + "galeri" in sync.incidents[0].urls


def test_repeated_sync_in_one_scan_is_idempotent(store: Store) -> None:
    scan_id = store.begin_scan(T0, "0.1.0", [DINKES])
    store.sync_incidents(scan_id, DINKES.url, [GAMBLING], T0)
    again = store.sync_incidents(scan_id, DINKES.url, [GAMBLING], T0)
    assert (again.incidents[0].times_seen, again.incidents[0].change) == (1, Change.NEW)
    snapshot = store.load_scan(scan_id).sites[0].incidents
    assert snapshot == again.incidents


def test_load_scan_shows_incidents_as_they_were(store: Store) -> None:
    nightly(store, 0, [GAMBLING, DEFACE])
    nightly(store, 1, [DEFACE])
    store.acknowledge(DEFACE.id, by="andi")
    first, second = store.load_scan(1).sites[0], store.load_scan(2).sites[0]
    assert {(i.id, i.change) for i in first.incidents} == {
        (GAMBLING.id, Change.NEW),
        (DEFACE.id, Change.NEW),
    }
    assert [(i.id, i.status) for i in second.incidents] == [(DEFACE.id, IncidentStatus.OPEN)]
    assert [i.id for i in second.resolved] == [GAMBLING.id]
