"""``scanner state migrate``: an SQLite state copied into PostgreSQL reads back the same."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scanner.cli import app
from scanner.errors import StoreError
from scanner.models import Fingerprint
from scanner.store import Store
from scanner.store.migrate import copy_state
from tests.store.test_store import BAPENDA, DAY, DINKES, T0, _full_site_result, gambling_incident

pytestmark = pytest.mark.postgres


def _sqlite_state(path: Path) -> int:
    with Store.open(path) as store:
        first = store.begin_scan(T0, "0.1.0", [DINKES, BAPENDA])
        store.record_site_result(first, _full_site_result(store, first))
        store.finish_scan(first, T0 + timedelta(minutes=5), complete=True)
        store.save_baseline(DINKES.url, {DINKES.url: Fingerprint(title="Beranda")}, first, "auto")
        store.acknowledge(gambling_incident().id, by="andi", note="tiket #12")
        return first


def test_migrate_copies_everything_and_ids_continue(tmp_path: Path, pg_url: str) -> None:
    source = tmp_path / "scanner.db"
    scan_id = _sqlite_state(source)
    copied = copy_state(str(source), pg_url)
    assert copied["scans"] == 1 and copied["pages"] == 3 and copied["incidents"] == 1
    with Store.open(source) as old, Store.open(pg_url) as new:
        assert new.load_scan(scan_id) == old.load_scan(scan_id)
        assert new.list_incidents() == old.list_incidents()
        assert new.history(gambling_incident().id) == old.history(gambling_incident().id)
        assert new.baseline(DINKES.url) == old.baseline(DINKES.url)
        # New rows get new ids after the copied ones (identity sequences moved on).
        second = new.begin_scan(T0 + DAY, "0.1.0", [DINKES])
        assert second == scan_id + 1
    with pytest.raises(StoreError, match="already holds scans"):
        copy_state(str(source), pg_url)


def test_cli_state_migrate(tmp_path: Path, pg_url: str) -> None:
    source = tmp_path / "scanner.db"
    _sqlite_state(source)
    out = CliRunner().invoke(app, ["state", "migrate", str(source), pg_url])
    assert out.exit_code == 0, out.output
    assert "scans: 1" in out.output and "incidents: 1" in out.output
    wrong = CliRunner().invoke(app, ["state", "migrate", pg_url, str(source)])
    assert wrong.exit_code == 2 and "SQLite file" in wrong.output
