"""The run lock stops a second concurrent run, including one in another process."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from scanner.errors import LockError
from scanner.lock import lock_path_for, run_lock


def test_second_holder_in_same_process_is_refused(tmp_path: Path) -> None:
    lock = tmp_path / "state" / "scanner.lock"
    with run_lock(lock), pytest.raises(LockError, match="another scan is running"), run_lock(lock):
        pass
    with run_lock(lock):  # released after the block
        pass


def test_other_process_is_refused_while_held(tmp_path: Path) -> None:
    lock = tmp_path / "scanner.lock"
    code = textwrap.dedent(
        f"""
        from scanner.lock import lock_path_for, run_lock
        from scanner.errors import LockError
        try:
            with run_lock({str(lock)!r}):
                print("got")
        except LockError as e:
            print("refused", e)
        """
    )
    with run_lock(lock):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.startswith("refused")
    assert "PID" in out.stdout
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.startswith("got")


def test_lock_lives_beside_the_state_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scanner.config import load_settings

    monkeypatch.chdir(tmp_path)
    state = tmp_path / "data" / "pemda.db"
    settings = load_settings(env={}, overrides={"state": str(state)})
    assert Path(settings.lock) == tmp_path / "data" / "pemda.lock"
    assert Path(load_settings(env={}).lock) == Path("state/scanner.lock")  # the old default
    assert lock_path_for("postgresql://scanner@db/scanner") == Path("state/scanner.lock")
    # the sqlite:/// form names a file like a plain path does: its lock sits beside it too
    assert lock_path_for("sqlite:///var/lib/scanner/x.db") == Path("/var/lib/scanner/x.lock")
    explicit = load_settings(env={}, overrides={"state": str(state), "lock": "/run/x.lock"})
    assert explicit.lock == "/run/x.lock"


def test_two_directories_one_db_share_the_lock(tmp_path: Path) -> None:
    state = tmp_path / "shared" / "scanner.db"
    code = textwrap.dedent(
        f"""
        import os
        from scanner.config import load_settings
        from scanner.lock import lock_path_for, run_lock
        from scanner.errors import LockError
        os.chdir({str(tmp_path / "b")!r})
        try:
            with run_lock(load_settings(env={{}}, overrides={{"state": {str(state)!r}}}).lock):
                print("got")
        except LockError as e:
            print("refused", e)
        """
    )
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    from scanner.config import load_settings

    with run_lock(load_settings(env={}, overrides={"state": str(state)}).lock):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.startswith("refused"), out.stderr


def test_a_file_that_is_not_a_lock_is_never_truncated(tmp_path: Path) -> None:
    sites = tmp_path / "sites.csv"
    text = (
        "url,name,owner,contact\nhttps://www.contoh.go.id,Pemkab Contoh,Diskominfo,a@contoh.go.id\n"
    )
    sites.write_text(text)
    with pytest.raises(LockError, match="not a lock file"), run_lock(sites):
        pass
    assert sites.read_text() == text


def test_a_directory_is_not_a_lock(tmp_path: Path) -> None:
    with pytest.raises(LockError, match=str(tmp_path)), run_lock(tmp_path):
        pass


def test_a_stale_lock_with_a_pid_is_reused(tmp_path: Path) -> None:
    lock = tmp_path / "scanner.lock"
    lock.write_text("4242\n")
    with run_lock(lock):
        assert lock.read_text().strip().isdigit()
