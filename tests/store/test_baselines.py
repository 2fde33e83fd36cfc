"""Baselines: versions, partial accepts, and fingerprints of the previous successful scan."""

from __future__ import annotations

import pytest

from scanner.errors import StoreError
from scanner.models import FetchError, Fingerprint, SiteResult
from scanner.store import Store
from tests.store.test_store import BAPENDA, DAY, DINKES, T0, page

HOME = DINKES.url
PROFIL = DINKES.url + "profil/struktur-organisasi"
LAYANAN = DINKES.url + "layanan/jadwal-slot-vaksinasi"  # "slot" = a time slot, not gambling

CLEAN = {
    HOME: Fingerprint(body_sha256="11" * 32, title="Dinas Kesehatan Provinsi Jawa Timur"),
    PROFIL: Fingerprint(body_sha256="22" * 32, title="Struktur Organisasi"),
    LAYANAN: Fingerprint(body_sha256="33" * 32, title="Jadwal Slot Vaksinasi"),
}



def test_no_baseline_yet(store: Store) -> None:
    assert store.baseline(HOME) == {}
    assert store.has_baseline(HOME) is False
    assert store.baseline_versions(HOME) == []


def test_auto_baseline_then_full_accept_makes_versions(store: Store) -> None:
    scan1 = store.begin_scan(T0, "0.1.0", [DINKES])
    assert store.save_baseline(HOME, CLEAN, scan1, "auto", now=T0) == 1
    assert store.baseline(HOME) == CLEAN
    assert store.has_baseline(HOME)
    assert not store.has_baseline(BAPENDA.url)

    redesigned = {HOME: Fingerprint(body_sha256="44" * 32, title="Dinkes Jatim | Beranda")}
    scan2 = store.begin_scan(T0 + DAY, "0.1.0", [DINKES])
    assert store.save_baseline(HOME, redesigned, scan2, "accept", now=T0 + DAY) == 2
    assert store.baseline(HOME) == redesigned  # a full save replaces every page
    versions = store.baseline_versions(HOME)
    assert [(v.version, v.created_by, v.scan_id, v.pages) for v in versions] == [
        (1, "auto", scan1, 3),
        (2, "accept", scan2, 1),
    ]
    assert versions[1].created_at == T0 + DAY


def test_partial_accept_replaces_only_named_urls(store: Store) -> None:
    store.save_baseline(HOME, CLEAN, None, "auto", now=T0)
    new_profil = Fingerprint(body_sha256="55" * 32, title="Struktur Organisasi 2024")
    latest = {
        HOME: Fingerprint(body_sha256="66" * 32, title="HACKED"),  # not accepted
        PROFIL: new_profil,
    }
    version = store.save_baseline(HOME, latest, None, "accept", urls=[PROFIL], now=T0 + DAY)
    assert version == 2
    assert store.baseline(HOME) == {HOME: CLEAN[HOME], PROFIL: new_profil, LAYANAN: CLEAN[LAYANAN]}
    assert store.baseline_versions(HOME)[-1].pages == 1


def test_partial_accept_of_a_removed_page(store: Store) -> None:
    store.save_baseline(HOME, CLEAN, None, "auto", now=T0)
    version = store.save_baseline(HOME, {}, None, "accept", urls=[LAYANAN], now=T0 + DAY)
    assert version == 2
    assert set(store.baseline(HOME)) == {HOME, PROFIL}
    assert [(v.version, v.pages) for v in store.baseline_versions(HOME)] == [(1, 3), (2, 0)]
    assert store.save_baseline(HOME, {}, None, "accept", urls=[]) == 2  # nothing to do


def test_unknown_creator_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="baseline creator"):
        store.save_baseline(HOME, CLEAN, None, "manual")


def _record(store: Store, night: int, status: str, fingerprints: dict[str, Fingerprint]) -> int:
    scan_id = store.begin_scan(T0 + night * DAY, "0.1.0", [DINKES])
    pages = tuple(page(url, fingerprint=fp) for url, fp in fingerprints.items())
    if status != "ok":
        pages += (page(HOME + "x", status=None, error=FetchError("timeout", "timed out")),)
    store.record_site_result(scan_id, SiteResult(site=DINKES, status=status, pages=pages))
    store.finish_scan(scan_id, T0 + night * DAY, complete=True)
    return scan_id


def test_last_fingerprints_come_from_latest_successful_scan(store: Store) -> None:
    assert store.last_fingerprints(HOME) == {}
    first = _record(store, 0, "ok", CLEAN)
    _record(store, 1, "unreachable", {})
    assert store.last_fingerprints(HOME) == CLEAN
    changed = dict(CLEAN) | {HOME: Fingerprint(body_sha256="77" * 32, title="Beranda baru")}
    third = _record(store, 2, "ok", changed)
    assert store.last_fingerprints(HOME) == changed
    assert store.last_fingerprints(HOME, before_scan_id=third) == CLEAN
    assert store.last_fingerprints(HOME, before_scan_id=first) == {}
