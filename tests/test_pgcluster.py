"""The PostgreSQL test fixture itself: without PostgreSQL the tests skip saying why, and
under SCANNER_REQUIRE_POSTGRES=1 (what .ci/run sets) that skip is a failure."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
ONE_PG_TEST = (
    "tests/store/test_backends.py::test_workers_opening_a_new_database_together_migrate_it_once"
)


def _pytest(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k != "SCANNER_REQUIRE_POSTGRES"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", ONE_PG_TEST],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**clean, "SCANNER_PG_BINDIR": str(tmp_path / "no-postgres"), **env},
    )  # fmt: skip


def test_without_postgres_the_tests_skip_with_the_reason(tmp_path: Path) -> None:
    done = _pytest(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 skipped" in done.stdout
    assert "PostgreSQL cannot start here" in done.stdout and "has no initdb" in done.stdout


def test_ci_turns_that_skip_into_a_failure(tmp_path: Path) -> None:
    done = _pytest(tmp_path, SCANNER_REQUIRE_POSTGRES="1")
    assert done.returncode != 0
    assert "SCANNER_REQUIRE_POSTGRES=1" in done.stdout and "skipped" not in done.stdout
