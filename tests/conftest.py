"""Shared fixtures: the demo world served on loopback, from a background thread.

The CLI runs its own event loop (``asyncio.run``), so the world it scans is served from another
thread with its own loop; async tests use ``serve_world`` directly instead.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from scanner.demo.world import World, demo_world, serve_world, world_overrides


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
    config = write_config(tmp_path / "scanner.toml", demo, ports[0])
    try:
        yield ServedWorld(demo, ports[0], config)
    finally:
        loop.call_soon_threadsafe(stop["event"].set)
        thread.join(10)
        loop.close()
