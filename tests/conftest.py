"""Shared fixtures: the demo world served on loopback, from a background thread.

The CLI runs its own event loop (``asyncio.run``), so the world it scans is served from another
thread with its own loop; async tests use ``serve_world`` directly instead.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from scanner.demo.world import World, demo_world, serve_world, world_overrides
from tests.pgcluster import REQUIRE_ENV, ClusterUnavailable, PgCluster, start_cluster


@dataclass(frozen=True)
class ServedWorld:
    """A world being served on 127.0.0.1:port, and a scanner.toml that reaches it."""

    world: World
    port: int
    config: Path


@pytest.fixture(scope="session")
def demo() -> World:
    return demo_world()


def write_config(path: Path, world: World, port: int, extra: str = "") -> Path:
    """A scanner.toml whose resolver override sends every world host to the loopback server."""
    lines = [
        "[crawl]",
        "retries = 0",
        "trust_env = false",
        "max_pages = 60",
        "[crawl.host_overrides]",
    ]
    lines += [f'"{host}" = "{addr}"' for host, addr in world_overrides(world, port)]
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


@pytest.fixture()
def served_demo(demo: World, tmp_path: Path) -> Iterator[ServedWorld]:
    with serve_in_thread(demo, tmp_path / "scanner.toml") as served:
        yield served


@contextmanager
def serve_in_thread(world: World, config: Path) -> Iterator[ServedWorld]:
    """Serve ``world`` on loopback from a background thread; ``config`` reaches it."""
    demo = world
    ready = threading.Event()
    stop: dict[str, asyncio.Event] = {}
    ports: list[int] = []
    loop = asyncio.new_event_loop()

    async def serve() -> None:
        stop["event"] = asyncio.Event()
        async with serve_world(demo) as (_host, port):
            ports.append(port)
            ready.set()
            await stop["event"].wait()

    thread = threading.Thread(target=lambda: loop.run_until_complete(serve()), daemon=True)
    thread.start()
    assert ready.wait(10), "demo world did not start"
    config = write_config(config, demo, ports[0])
    try:
        yield ServedWorld(demo, ports[0], config)
    finally:
        loop.call_soon_threadsafe(stop["event"].set)
        thread.join(10)
        loop.close()


# --------------------------------------------------------------------------- PostgreSQL


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "postgres: needs a throwaway PostgreSQL cluster (skips when none can start)"
    )


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """One throwaway cluster for the session; skipped (or failed under CI) when it cannot start."""
    try:
        cluster = start_cluster()
    except ClusterUnavailable as exc:
        reason = f"PostgreSQL cannot start here: {exc}"
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{reason} ({REQUIRE_ENV}=1)", pytrace=False)
        pytest.skip(reason)
    try:
        yield cluster
    finally:
        cluster.stop()


_databases = itertools.count()


@pytest.fixture()
def pg_url(pg_cluster: PgCluster) -> str:
    """The URL of a fresh, empty database on the session's cluster."""
    return pg_cluster.create_database(f"t{os.getpid()}_{next(_databases)}")
