"""The benchmark's world server, run in a child process (importable, as spawn requires)."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection

from scanner.demo.world import build_world, serve_world


@dataclass(frozen=True, slots=True)
class WorldArgs:
    """How to build the benchmark world (the child builds the very same one from these)."""

    seed: int
    sites: int
    pages: int
    infected: float


def serve_child(args: WorldArgs, conn: Connection) -> None:
    """Child process: build the same world, pre-render it, serve it until told to stop."""

    async def main() -> None:
        world = build_world(args.seed, args.sites, args.infected, args.pages)
        started = time.perf_counter()
        bodies = world.prerender(("browser",))
        render_s = time.perf_counter() - started
        async with serve_world(world) as (_, port):
            conn.send((port, bodies, render_s))
            while not conn.poll():
                await asyncio.sleep(0.1)

    asyncio.run(main())
