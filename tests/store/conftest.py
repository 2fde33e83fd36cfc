"""The store tests run against both backends: an SQLite file and a fresh PostgreSQL database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scanner.store import Store


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def state(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A state location: an SQLite file in the test's directory, or a new PostgreSQL database."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    return str(tmp_path / "state" / "scanner.db")


@pytest.fixture
def store(state: str) -> Iterator[Store]:
    """A fresh store on each backend."""
    with Store.open(state) as s:
        yield s
