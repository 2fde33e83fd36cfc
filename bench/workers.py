"""``scan --workers N`` measured: the full scan with the state DB, one process vs N workers.

Each scan runs in a fresh spawned process (the "parent" of a real ``scanner scan``), so its
peak RSS is the parent's alone: the worker processes it starts are its children and are not
counted in it. The figure to hold: under 300 MB at 10,000 pages (``--sites 200``).
"""

from __future__ import annotations

import asyncio
import dataclasses
import multiprocessing
import tempfile
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from bench.rss import peak_rss_mb
from bench.stages import bench_settings, sites_of
from scanner.config import Settings
from scanner.demo.world import World
from scanner.models import Site


@dataclass(frozen=True, slots=True)
class WorkersFigures:
    """One full scan with a state DB: pages, seconds, the parent's peak RSS."""

    workers: int
    pages: int
    seconds: float
    parent_rss_mb: float


def _scan_child(sites: list[Site], settings: Settings, workers: int, conn: Connection) -> None:
    from scanner.pipeline import scan_sites
    from scanner.store import Store
    from scanner.workers import scan_with_workers

    async def main() -> int:
        with Store.open(settings.state) as store:
            if workers > 1:  # as ``scanner scan`` runs it: each site kept lean once recorded
                result = await scan_with_workers(
                    sites, settings, store=store, workers=workers, lean=True
                )
            else:
                # as ``scanner scan`` runs it: each site kept lean once recorded
                result = await scan_sites(sites, settings, store=store, lean=True)
        # every failed page is kept (lean or not); the others are counted in pages_crawled
        return sum(s.pages_crawled + sum(p.error is not None for p in s.pages)
                   for s in result.sites)  # fmt: skip

    started = time.perf_counter()
    pages = asyncio.run(main())
    seconds = time.perf_counter() - started
    conn.send((pages, seconds, peak_rss_mb()))


def scan_with(world: World, overrides: tuple[tuple[str, str], ...], workers: int) -> WorkersFigures:
    """A full scan of ``world`` (state DB in a temporary directory) in a fresh process."""
    per_site = max(len(s.pages) for s in world.sites) + 10
    with tempfile.TemporaryDirectory() as tmp:
        settings = dataclasses.replace(
            bench_settings(overrides, per_site), state=str(Path(tmp) / "state.db")
        )
        ctx = multiprocessing.get_context("spawn")
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_scan_child, args=(sites_of(world), settings, workers, child))
        proc.start()
        child.close()
        pages, seconds, rss = parent.recv()
        proc.join()
    return WorkersFigures(workers, pages, seconds, rss)
