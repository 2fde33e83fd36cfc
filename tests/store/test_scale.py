"""The store at national size: bulk begin, the seq index, and the largest-first ordering input."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scanner.models import PageRecord, Site, SiteResult, SiteStatus
from scanner.store import SCHEMA_VERSION, Store
from scanner.store.schema import MIGRATIONS

T0 = datetime(2026, 12, 1, 19, 0, tzinfo=UTC)

BANDARA = Site(url="https://bandara.dephub.go.id/", name="Bandar Udara", owner="Kemenhub")
LAMPUNG = Site(url="https://bandarlampungkota.go.id/", name="Pemkot Bandar Lampung")
DESA = Site(url="https://desa-sukamaju.kab-garut.go.id/", name="Desa Sukamaju")


def _page(url: str) -> PageRecord:
    return PageRecord(url=url, final_url=url, status=200, size=1000)


def test_begin_scan_keeps_the_order_given_and_a_repeated_site_once(state: str) -> None:
    with Store.open(state, clock=lambda: T0) as store:
        scan_id = store.begin_scan(T0, "t", [LAMPUNG, BANDARA, LAMPUNG, DESA])
        store.finish_scan(scan_id, T0, False)
        loaded = store.load_scan(scan_id)
    assert [s.site.url for s in loaded.sites] == [LAMPUNG.url, BANDARA.url, DESA.url]
    assert all(s.status is SiteStatus.ERROR and not s.complete for s in loaded.sites)


def test_the_next_seq_of_a_scan_is_an_index_probe(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        plan = store._conn.execute(  # the query _ensure_site_result runs for every page flush
            "EXPLAIN QUERY PLAN SELECT COALESCE(MAX(seq) + 1, 0) FROM site_results"
            " WHERE scan_id = 1"
        ).fetchall()
    assert any("site_results_scan_seq" in str(tuple(row)) for row in plan), plan


def test_record_pages_for_a_site_not_in_begin_appends_it_last(state: str) -> None:
    with Store.open(state, clock=lambda: T0) as store:
        scan_id = store.begin_scan(T0, "t", [BANDARA, LAMPUNG])
        store.record_pages(scan_id, DESA.url, [_page(DESA.url)])
        loaded = store.load_scan(scan_id)
    assert [s.site.url for s in loaded.sites] == [BANDARA.url, LAMPUNG.url, DESA.url]


def test_last_page_counts_come_from_each_sites_latest_recorded_result(state: str) -> None:
    with Store.open(state, clock=lambda: T0) as store:
        first = store.begin_scan(T0, "t", [BANDARA, LAMPUNG])
        pages = tuple(_page(f"{BANDARA.url}berita/{i}") for i in range(3))
        store.record_site_result(first, SiteResult(BANDARA, SiteStatus.OK, pages=pages))
        store.record_site_result(
            first, SiteResult(LAMPUNG, SiteStatus.OK, pages=(_page(LAMPUNG.url),))
        )
        store.finish_scan(first, T0, True)
        second = store.begin_scan(T0, "t", [BANDARA, LAMPUNG, DESA])
        store.record_site_result(
            second, SiteResult(LAMPUNG, SiteStatus.OK, pages=(_page(LAMPUNG.url),))
        )
        # BANDARA is still pending in the second scan: its count is the first scan's.
        counts = store.last_page_counts()
    assert counts == {BANDARA.url: 3, LAMPUNG.url: 1}


def test_a_sites_incidents_in_a_scan_are_an_index_probe(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        plan = store._conn.execute(  # what re-recording a site and reading it back run
            "EXPLAIN QUERY PLAN SELECT kind, data FROM scan_incidents"
            " WHERE scan_id = 1 AND site_id = 2 ORDER BY seq"
        ).fetchall()
    assert any("scan_incidents_site" in str(tuple(row)) for row in plan), plan


def test_a_state_at_schema_8_gets_the_scan_incidents_index(tmp_path: Path) -> None:
    path = tmp_path / "v8.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript("\n".join(MIGRATIONS[:8]) + "\nPRAGMA user_version = 8;")
    conn.close()
    Store.open(path).close()
    conn = sqlite3.connect(path)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.close()
    assert "scan_incidents_site" in names and version == SCHEMA_VERSION >= 9


@pytest.mark.postgres
def test_a_postgresql_state_at_schema_8_gets_the_scan_incidents_index(pg_url: str) -> None:
    import psycopg

    from scanner.store.pg import pg_script

    with psycopg.connect(pg_url, autocommit=True) as conn:
        for script in MIGRATIONS[:8]:
            for statement in pg_script(script).split(";"):
                if statement.strip():
                    conn.execute(statement)
        conn.execute("CREATE TABLE scanner_schema (version INTEGER NOT NULL)")
        conn.execute("INSERT INTO scanner_schema (version) VALUES (8)")
    Store.open(pg_url).close()
    with psycopg.connect(pg_url) as conn:
        columns = conn.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'scan_incidents_site'"
        ).fetchall()
        assert conn.execute("SELECT version FROM scanner_schema").fetchone() == (SCHEMA_VERSION,)
    assert len(columns) == 1 and "(scan_id, site_id)" in columns[0][0]
