"""Reading incidents back: listing and filtering, id prefixes, expired snoozes, and each
incident's summary as a catalog message (schema 8) so listings speak the report's language."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from scanner.cli.listing import incidents_listing
from scanner.errors import StoreError
from scanner.models import (
    Category,
    Finding,
    IncidentStatus,
    Message,
    PageVerdict,
    SiteResult,
    SiteStatus,
    Technique,
    Verdict,
)
from scanner.report.i18n import english, translator
from scanner.store import SCHEMA_VERSION, Store, codec
from scanner.store.schema import MIGRATIONS
from tests.store.test_incidents import DEFACE, GAMBLING, nightly
from tests.store.test_store import DAY, DINKES, T0, page

# What the judge builds for GAMBLING: eight hidden links on two pages, with an example.
HIDDEN = Message.of(
    "finding.hidden_links_to",
    n=8,
    target="slotgacor-maxwin.com",
    reason=Message.of("hide.style", css="display:none"),
)
SUMMARY = Message.of(
    "prose.incident_to",
    category="gambling",
    technique="hidden_links",
    pages=2,
    target="slotgacor-maxwin.com",
    example=HIDDEN,
)
SPOKEN = replace(GAMBLING, summary=english(SUMMARY), message=SUMMARY)


def test_expired_snooze_reads_open_before_next_scan(store: Store) -> None:
    nightly(store, 0, [DEFACE])
    store.snooze(DEFACE.id, T0 + DAY, now=T0)  # T0 is long past: expired already
    assert store.get_incident(DEFACE.id).status is IncidentStatus.OPEN
    assert [i.id for i in store.list_incidents([IncidentStatus.OPEN])] == [DEFACE.id]


def test_id_prefix_unknown_and_ambiguous(store: Store) -> None:
    # GAMBLING 3f9a1c0d..., DEFACE 3f9a77b1...: share the prefix "3f9a"
    nightly(store, 0, [GAMBLING, DEFACE])
    assert store.get_incident("3f9a1c0d").id == GAMBLING.id
    assert store.get_incident(DEFACE.id).id == DEFACE.id
    with pytest.raises(StoreError, match="ambiguous"):
        store.acknowledge("3f9a")
    with pytest.raises(StoreError, match="no incident deadbeef"):
        store.acknowledge("deadbeef")
    with pytest.raises(StoreError, match="no incident 3f9a%"):
        store.get_incident("3f9a%")  # LIKE wildcards are literal
    with pytest.raises(StoreError, match="no incident"):
        store.resolve("")


def test_list_incidents_order_and_status_filter(store: Store) -> None:
    nightly(store, 0, [GAMBLING, DEFACE])
    store.acknowledge(GAMBLING.id)
    assert [i.id for i in store.list_incidents()] == [DEFACE.id, GAMBLING.id]  # critical first
    acked = store.list_incidents([IncidentStatus.ACKNOWLEDGED])
    assert [i.id for i in acked] == [GAMBLING.id]
    both = store.list_incidents([IncidentStatus.OPEN, IncidentStatus.ACKNOWLEDGED])
    assert len(both) == 2


def test_an_incident_keeps_its_message_and_lists_in_the_configured_language(
    store: Store,
) -> None:
    nightly(store, 0, [SPOKEN])
    (listed,) = store.list_incidents()
    assert listed.message == SUMMARY and store.get_incident(SPOKEN.id[:8]).message == SUMMARY
    assert listed.summary.startswith("Online gambling (judi online): hidden links on 2 pages")
    lines = incidents_listing([listed], translator("id"), ZoneInfo("Asia/Makassar"))
    head, summary = lines[0], lines[1]
    # 19:00 UTC on the first night is 03:00 the next morning in Makassar (WITA, UTC+8)
    assert "terakhir terlihat 2024-05-02 03:00 WITA" in head and "Terbuka" in head
    assert "Tinggi" in head and "2 URL" in head and lines[-1] == "1 insiden"
    assert summary.strip().startswith("Judi online: tautan tersembunyi di 2 halaman")
    assert "disembunyikan dengan CSS inline display:none" in summary
    assert "hidden" not in summary and "Example" not in summary and "UTC" not in head
    en = incidents_listing([listed], translator("en"), ZoneInfo("Asia/Jayapura"))
    assert "last seen 2024-05-02 04:00 WIT" in en[0] and "Open" in en[0]
    assert en[1].strip().startswith("Online gambling (judi online): hidden links on 2 pages")


def test_a_newer_message_the_store_reads_back_is_kept_as_data(store: Store) -> None:
    """The key and parameters are stored as they are: a key this catalog does not know is
    kept (a newer scanner wrote it) and the listing shows the stored English text."""
    future = Message.of("prose.incident_v9", pages=3, target="x.example")
    nightly(store, 0, [replace(SPOKEN, message=future)])
    (listed,) = store.list_incidents()
    assert listed.message == future
    lines = incidents_listing([listed], translator("id"), ZoneInfo("Asia/Jakarta"))
    assert lines[1].strip().startswith("Online gambling (judi online)")


def test_findings_keep_their_message_in_a_stored_scan(store: Store) -> None:
    finding = Finding(
        category=Category.GAMBLING,
        technique=Technique.HIDDEN_LINKS,
        severity=GAMBLING.severity,
        confidence=0.9,
        url=GAMBLING.url,
        summary=english(HIDDEN),
        message=HIDDEN,
    )
    scan_id = store.begin_scan(T0, "0.1.0", [DINKES])
    store.record_site_result(
        scan_id,
        SiteResult(
            site=DINKES,
            status=SiteStatus.OK,
            pages=(page(GAMBLING.url, verdict=Verdict.INFECTED),),
            verdicts=(PageVerdict(GAMBLING.url, Verdict.INFECTED, (finding,)),),
            started=T0,
            finished=T0 + DAY / 24,
        ),
    )
    (stored,) = store.load_scan(scan_id).sites[0].verdicts[0].findings
    assert stored.message == HIDDEN and stored.summary == finding.summary


def test_incidents_written_before_schema_8_keep_their_english_text(tmp_path: Path) -> None:
    path = tmp_path / "v7.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript("\n".join(MIGRATIONS[:7]) + "\nPRAGMA user_version = 7;")
    conn.execute(
        "INSERT INTO sites (id, url, host, updated_at) VALUES (1, ?, ?, ?)",
        (DINKES.url, DINKES.host, T0.isoformat()),
    )
    old = codec.encode_incident(GAMBLING) | {"summary": "Online gambling: hidden links on 2 pages"}
    conn.execute(
        """INSERT INTO incidents (id, site_id, site, category, technique, severity, confidence,
             url, urls, summary, evidence, first_seen, last_seen)
           VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (
            old["id"], old["site"], old["category"], old["technique"], old["severity"],
            old["confidence"], old["url"], codec.dumps(old["urls"]), old["summary"],
            codec.dumps(old["evidence"]), T0.isoformat(), T0.isoformat(),
        ),
    )  # fmt: skip
    conn.close()
    with Store.open(path) as store:
        (listed,) = store.list_incidents()
        assert listed.message is None and listed.summary == old["summary"]
        lines = incidents_listing([listed], translator("id"), ZoneInfo("Asia/Jakarta"))
        assert lines[1].strip() == old["summary"] and "Terbuka" in lines[0]
        nightly(store, 1, [SPOKEN])  # the next scan writes the message into the old row
        assert store.get_incident(GAMBLING.id).message == SUMMARY
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 8
    conn.close()


@pytest.mark.postgres
def test_a_postgresql_state_at_schema_7_migrates_and_keeps_its_english_text(pg_url: str) -> None:
    import psycopg

    from scanner.store.pg import pg_script

    with psycopg.connect(pg_url, autocommit=True) as conn:
        for script in MIGRATIONS[:7]:
            for statement in pg_script(script).split(";"):
                if statement.strip():
                    conn.execute(statement)
        conn.execute("CREATE TABLE scanner_schema (version INTEGER NOT NULL)")
        conn.execute("INSERT INTO scanner_schema (version) VALUES (7)")
        conn.execute(
            "INSERT INTO sites (id, url, host, updated_at) VALUES (1, %s, %s, %s)",
            (DINKES.url, DINKES.host, T0.isoformat()),
        )
        conn.execute(
            """INSERT INTO incidents (id, site_id, site, category, technique, severity,
                 confidence, url, urls, summary, first_seen, last_seen)
               VALUES (%s, 1, %s, 'gambling', 'hidden_links', 'high', 0.9, %s, '[]',
                 'Online gambling: hidden links on 2 pages', %s, %s)""",
            (GAMBLING.id, DINKES.url, GAMBLING.url, T0.isoformat(), T0.isoformat()),
        )
    with Store.open(pg_url) as store:
        (listed,) = store.list_incidents()
        assert listed.message is None
        lines = incidents_listing([listed], translator("id"), ZoneInfo("Asia/Jakarta"))
        assert lines[1].strip() == "Online gambling: hidden links on 2 pages"
        nightly(store, 1, [SPOKEN])
        assert store.get_incident(GAMBLING.id).message == SUMMARY
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT version FROM scanner_schema").fetchone() == (SCHEMA_VERSION,)
