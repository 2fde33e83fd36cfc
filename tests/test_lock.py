"""The run lock stops a second concurrent run, including one in another process."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from scanner.errors import LockError
from scanner.lock import run_lock


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
        from scanner.lock import run_lock
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
