"""State DB: opening, migrations, errors, scan lifecycle, round trips and WAL concurrency.

The helpers at the top (sites, pages, incidents of fictitious .go.id sites) are shared with
test_store_incidents.py and test_store_baselines.py.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from scanner.errors import StoreError
from scanner.models import (
    Category,
    Change,
    Evidence,
    FetchError,
    Finding,
    Fingerprint,
    Hop,
    Incident,
    PageRecord,
    PageVerdict,
    Severity,
    Site,
    SiteResult,
    SiteStatus,
    Technique,
    Verdict,
)
from scanner.store import SCHEMA_VERSION, Store, codec
from scanner.store.schema import MIGRATIONS

T0 = datetime(2024, 5, 1, 19, 0, tzinfo=UTC)  # 02:00 WIB, the nightly cron
DAY = timedelta(days=1)

DINKES = Site(
    url="https://dinkes.jatimprov.go.id/",
    name="Dinas Kesehatan Provinsi Jawa Timur",
    owner="Pemprov Jatim",
    contact="webmaster@dinkes.jatimprov.go.id",
    tags=("provinsi", "kesehatan"),
)
BAPENDA = Site(
    url="https://bapenda.bandarlampungkota.go.id/",
    name="Badan Pendapatan Daerah Kota Bandar Lampung",
    owner="Pemkot Bandar Lampung",
    tags=("kota",),
    max_pages=50,
    ignore=("re:Jadwal slot layanan \\d+",),
)


def page(url: str, **kw: object) -> PageRecord:
    """A fetched page record with realistic defaults."""
    values: dict[str, object] = {
        "url": url,
        "final_url": url,
        "status": 200,
        "content_type": "text/html; charset=utf-8",
        "size": 48_213,
        "elapsed_ms": 312.5,
        "body_sha256": "ab" * 32,
    }
    values.update(kw)
    return PageRecord(**values)  # type: ignore[arg-type]


def gambling_incident(site: Site = DINKES, **kw: object) -> Incident:
    """Hidden judi-online links injected into a health-office page."""
    url = site.url + "berita/2024/04/vaksinasi-polio"
    values: dict[str, object] = {
        "id": "3f9a1c0de4b27788aa01",
        "site": site.url,
        "category": Category.GAMBLING,
        "technique": Technique.HIDDEN_LINKS,
        "severity": Severity.HIGH,
        "confidence": 0.92,
        "url": url,
        "urls": (url, site.url + "profil/visi-misi"),
        "summary": "Tautan tersembunyi ke situs judi online (slot gacor) pada 2 halaman",
        "evidence": (
            Evidence(
                url=url,
                snippet='<div style="display:none"><a href="https://slotgacor-maxwin.com">'
                "SLOT GACOR HARI INI</a></div>",
                match="SLOT GACOR",
                path="/html/body/div[3]/div[1]",
                targets=("https://slotgacor-maxwin.com/",),
                detail="display:none",
            ),
        ),
        "target_domain": "slotgacor-maxwin.com",
        "signature_ids": ("judi-slot-gacor",),
    }
    values.update(kw)
    return Incident(**values)  # type: ignore[arg-type]


def defacement_incident(site: Site = DINKES, **kw: object) -> Incident:
    """A defaced homepage ("Hacked by ...")."""
    values: dict[str, object] = {
        "id": "3f9a77b1c2d3e4f50011",
        "site": site.url,
        "category": Category.DEFACEMENT,
        "technique": Technique.DEFACEMENT_PAGE,
        "severity": Severity.CRITICAL,
        "confidence": 0.97,
        "url": site.url,
        "urls": (site.url,),
        "summary": "Halaman utama diganti (deface)",
        "evidence": (Evidence(url=site.url, snippet="Hacked by ./Garuda07", match="Hacked by"),),
    }
    values.update(kw)
    return Incident(**values)  # type: ignore[arg-type]


def open_store(tmp_path: Path) -> Store:
    """A fresh store in the test's directory."""
    return Store.open(tmp_path / "state" / "scanner.db")


# --------------------------------------------------------------------------- opening, migrations


def test_open_creates_parent_dir_wal_fk_and_current_version(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "state" / "scanner.db"
    with Store.open(path) as store:
        assert store.list_scans() == []
    assert path.exists()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_foreign_keys_enforced(state: str) -> None:
    with Store.open(state) as store, pytest.raises(StoreError, match="no scan 42"):
        store.record_pages(42, DINKES.url, [page(DINKES.url)])


def test_migrates_v1_database_keeping_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    # A database as scanner 0.0.x left it: schema version 1, one finished scan with a page.
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(MIGRATIONS[0] + "\nPRAGMA user_version = 1;")
    conn.execute(
        "INSERT INTO sites (id, url, host, updated_at) VALUES (1, ?, ?, ?)",
        (DINKES.url, DINKES.host, T0.isoformat()),
    )
    conn.execute(
        "INSERT INTO scans (id, started, finished, complete, scanner_version)"
        " VALUES (1, ?, ?, 1, '0.0.9')",
        (T0.isoformat(), (T0 + timedelta(minutes=5)).isoformat()),
    )
    conn.execute(
        "INSERT INTO site_results (scan_id, site_id, seq, site, status) VALUES (1, 1, 0, ?, 'ok')",
        (codec.dumps(codec.encode_site(DINKES)),),
    )
    conn.execute(
        "INSERT INTO pages (scan_id, site_id, seq, url, final_url, status)"
        " VALUES (1, 1, 0, ?, ?, 200)",
        (DINKES.url, DINKES.url),
    )
    conn.close()

    with Store.open(path) as store:
        scan = store.load_scan(1)
        assert scan.scanner_version == "0.0.9"
        assert scan.sites[0].site == DINKES
        assert scan.sites[0].pages[0].fingerprint is None  # column added by v2
        # v2 features work on the migrated file
        store.save_baseline(DINKES.url, {DINKES.url: Fingerprint(title="Beranda")}, 1, "auto")
        assert store.has_baseline(DINKES.url)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_newer_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this scanner") as info:
        Store.open(path)
    assert str(path) in str(info.value)


def test_corrupt_file_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "scanner.db"
    path.write_bytes(b"<html><body>Bukan database: halaman 404 Dinas Kominfo</body></html>" * 50)
    with pytest.raises(StoreError) as info:
        Store.open(path)
    assert str(path) in str(info.value)


def test_failed_migration_leaves_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "clash.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(MIGRATIONS[0] + "\nPRAGMA user_version = 1;")
    conn.execute("CREATE TABLE baselines (x)")  # something in the way of migration 2
    conn.close()
    with pytest.raises(StoreError, match="migration to schema version 2"):
        Store.open(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    columns = [r[1] for r in conn.execute("PRAGMA table_info(pages)")]
    assert "fingerprint" not in columns  # the ALTER was rolled back with the rest
    conn.close()


# --------------------------------------------------------------------------- scans


def test_unfinished_scan_stays_incomplete_with_its_pages(state: str) -> None:
    with Store.open(state) as store:
        scan_id = store.begin_scan(T0, "0.1.0", [DINKES, BAPENDA])
        store.record_pages(
            scan_id,
            DINKES.url,
            [page(DINKES.url, via="seed"), page(DINKES.url + "layanan/jadwal-vaksin")],
        )
        # Ctrl-C here: finish_scan is never called.
    with Store.open(state) as store:
        scan = store.load_scan()
        assert scan.id == scan_id
        assert scan.complete is False
        assert scan.finished is None
        dinkes, bapenda = scan.sites
        assert [p.url for p in dinkes.pages] == [
            DINKES.url,
            DINKES.url + "layanan/jadwal-vaksin",
        ]
        assert dinkes.status == "error" and "interrupted" in dinkes.error
        assert bapenda.site == BAPENDA and bapenda.pages == ()
        summary = store.list_scans()[0]
        assert (summary.sites, summary.pages, summary.complete) == (2, 2, False)


def test_finish_scan_and_previous_scan(state: str) -> None:
    with Store.open(state) as store:
        first = store.begin_scan(T0, "0.1.0", [DINKES])
        store.finish_scan(first, T0 + timedelta(minutes=7), complete=True)
        second = store.begin_scan(T0 + DAY, "0.1.0", [DINKES])
        store.finish_scan(second, T0 + DAY + timedelta(minutes=2), complete=False)
        third = store.begin_scan(T0 + 2 * DAY, "0.1.1", [DINKES])
        assert store.previous_scan_id(third) == second
        assert store.previous_scan_id(third, complete_only=True) == first
        assert store.previous_scan_id(first) is None
        assert [s.id for s in store.list_scans(limit=2)] == [third, second]
        assert store.load_scan(second).complete is False
        assert store.load_scan(first).finished == T0 + timedelta(minutes=7)
        with pytest.raises(StoreError, match="no scan 99"):
            store.finish_scan(99, T0, complete=True)
        with pytest.raises(StoreError, match="no scan 99"):
            store.load_scan(99)


def test_load_scan_without_scans(state: str) -> None:
    with Store.open(state) as store, pytest.raises(StoreError, match="no scans"):
        store.load_scan()


def _full_site_result(store: Store, scan_id: int) -> SiteResult:
    """A site result with every kind of field set, synced through the incident lifecycle."""
    home = DINKES.url
    news = home + "berita/2024/04/vaksinasi-polio"
    finding = Finding(
        category=Category.GAMBLING,
        technique=Technique.HIDDEN_LINKS,
        severity=Severity.HIGH,
        confidence=0.92,
        url=news,
        summary="Tautan judi online tersembunyi",
        evidence=gambling_incident().evidence,
        signature_ids=("judi-slot-gacor",),
        target_domain="slotgacor-maxwin.com",
        new_since_baseline=True,
    )
    pages = (
        page(
            "http://dinkes.jatimprov.go.id/",
            final_url=home,
            redirects=(Hop("http://dinkes.jatimprov.go.id/", 301, home),),
            via="seed",
            fingerprint=Fingerprint(
                body_sha256="cd" * 32,
                title="Dinas Kesehatan Provinsi Jawa Timur",
                script_domains=("googletagmanager.com",),
                link_domains=("jatimprov.go.id", "kemkes.go.id"),
                main_text="selamat datang di portal dinas kesehatan",
            ),
        ),
        page(news, verdict=Verdict.INFECTED),
        page(
            home + "unduhan/laporan-2023.pdf",
            status=None,
            content_type="",
            size=0,
            error=FetchError("timeout", "read timed out after 20 s"),
            verdict=Verdict.ERROR,
        ),
    )
    sync = store.sync_incidents(scan_id, home, [gambling_incident()], T0)
    return SiteResult(
        site=DINKES,
        status=SiteStatus.OK,
        pages=pages,
        verdicts=(
            PageVerdict(url=home, verdict=Verdict.CLEAN),
            PageVerdict(url=news, verdict=Verdict.INFECTED, findings=(finding,)),
            PageVerdict(url=pages[2].url, verdict=Verdict.ERROR, error="timeout: read timed out"),
        ),
        incidents=sync.incidents,
        resolved=sync.resolved,
        started=T0,
        finished=T0 + timedelta(minutes=3),
    )


def test_load_scan_round_trip_is_equal(state: str) -> None:
    with Store.open(state) as store:
        scan_id = store.begin_scan(T0, "0.1.0", [DINKES, BAPENDA])
        dinkes = _full_site_result(store, scan_id)
        store.record_site_result(scan_id, dinkes)
        bapenda = SiteResult(
            site=BAPENDA,
            status=SiteStatus.UNREACHABLE,
            error="dns: Name or service not known",
            pages=(page(BAPENDA.url, status=None, error=FetchError("dns", "no such host")),),
            started=T0,
            finished=T0 + timedelta(seconds=4),
        )
        store.record_site_result(scan_id, bapenda)
        store.finish_scan(scan_id, T0 + timedelta(minutes=5), complete=True)
    with Store.open(state) as store:
        scan = store.load_scan(scan_id)
    assert scan.complete is True
    assert scan.sites == (dinkes, bapenda)
    assert scan.sites[0].incidents[0].change is Change.NEW
    assert scan.open_incidents[0].target_domain == "slotgacor-maxwin.com"


def test_record_site_result_orders_pages_and_keeps_incremental_extras(state: str) -> None:
    with Store.open(state) as store:
        scan_id = store.begin_scan(T0, "0.1.0", [DINKES])
        a, b, extra = (DINKES.url + p for p in ("a", "b", "sitemap-only/slot-88"))
        store.record_pages(scan_id, DINKES.url, [page(b, size=1), page(extra), page(a)])
        store.record_site_result(
            scan_id,
            SiteResult(site=DINKES, status=SiteStatus.OK, pages=(page(a), page(b, size=2))),
        )
        pages = store.load_scan(scan_id).sites[0].pages
    assert [p.url for p in pages] == [a, b, extra]
    assert pages[1].size == 2  # the final result updated the incremental record


def test_begin_scan_upserts_site_details(state: str) -> None:
    with Store.open(state) as store:
        first = store.begin_scan(T0, "0.1.0", [DINKES])
        renamed = replace(DINKES, contact="humas@dinkes.jatimprov.go.id")
        second = store.begin_scan(T0 + DAY, "0.1.0", [renamed])
        # each scan keeps the site as it was then
        assert store.load_scan(first).sites[0].site.contact == DINKES.contact
        assert store.load_scan(second).sites[0].site.contact == "humas@dinkes.jatimprov.go.id"


def test_evidence_is_bounded(state: str) -> None:
    huge = Evidence(url=DINKES.url, snippet="SLOT GACOR " * 100_000)
    incident = gambling_incident(evidence=(huge,) * 500)
    with Store.open(state) as store:
        scan_id = store.begin_scan(T0, "0.1.0", [DINKES])
        sync = store.sync_incidents(scan_id, DINKES.url, [incident], T0)
        stored = store.get_incident(incident.id)
    assert len(stored.evidence) == codec.MAX_EVIDENCE
    assert len(stored.evidence[0].snippet) == codec.MAX_EVIDENCE_CHARS
    assert sync.incidents[0].evidence == stored.evidence


def test_codec_round_trips_and_tolerates_unknown_keys() -> None:
    incident = replace(gambling_incident(), first_seen=T0, last_seen=T0 + DAY)
    data = codec.encode_incident(incident)
    assert codec.decode_incident(codec.loads(codec.dumps(data))) == incident
    data["added_by_a_newer_scanner"] = True
    assert codec.decode_incident(data) == incident
    wib = datetime(2024, 5, 2, 9, 0, tzinfo=timezone(timedelta(hours=7)))
    assert codec.encode_dt(wib) == "2024-05-02T02:00:00+00:00"
    assert codec.decode_dt(codec.encode_dt(wib)) == wib
    naive = datetime(2024, 5, 2, 2, 0)  # taken to be UTC
    assert codec.decode_dt(codec.encode_dt(naive)) == wib
    fp = Fingerprint(title="Beranda", form_actions=("/cari",))
    assert codec.decode_fingerprint(codec.encode_fingerprint(fp)) == fp


# --------------------------------------------------------------------------- concurrency


def test_two_stores_read_while_one_writes(state: str) -> None:
    with Store.open(state) as writer, Store.open(state) as reader:
        scan_id = writer.begin_scan(T0, "0.1.0", [DINKES])
        writer.sync_incidents(scan_id, DINKES.url, [gambling_incident()], T0)
        # The writer holds an open write transaction (as mid-way through a method) ...
        writer._conn.execute("BEGIN IMMEDIATE")
        writer._conn.execute("UPDATE scans SET scanner_version = 'x' WHERE id = ?", (scan_id,))
        # ... and the reader still sees the last committed state without blocking.
        assert [i.id for i in reader.list_incidents()] == [gambling_incident().id]
        assert reader.load_scan(scan_id).scanner_version == "0.1.0"
        writer._conn.execute("COMMIT")
        assert reader.load_scan(scan_id).scanner_version == "x"


def test_write_blocked_by_another_writer_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "scanner.db"
    with Store.open(path) as scan, Store.open(path) as cli:
        scan_id = scan.begin_scan(T0, "0.1.0", [DINKES])
        scan.sync_incidents(scan_id, DINKES.url, [gambling_incident()], T0)
        cli._conn.execute("PRAGMA busy_timeout = 50")  # do not wait the default 10 s
        scan._conn.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreError, match="locked") as info:
            cli.acknowledge(gambling_incident().id, by="andi")
        assert str(path) in str(info.value)
        scan._conn.execute("COMMIT")
        assert cli.acknowledge(gambling_incident().id).status.value == "acknowledged"
