"""``python -m bench``: serve a generated world (>= 100 sites x 50 pages) and measure fetching.

The world is served from a child process, so the measuring process's CPU and peak RSS belong to
the client alone. Each benchmark is an async function taking a ``BenchContext`` and returning a
``BenchResult``; ``BENCHES`` lists them. The baseline ``bare_fetch`` is a bare aiohttp client
(concurrency 64). ``workers1`` and ``workersN`` are the full scan with the state DB in one process
and in one worker process per core (``bench/workers.py``: the parent's peak RSS is printed);
the store benchmark (``bench/store.py``) times ``begin_scan`` and ``record_pages`` at 40k sites,
and the finish-step benchmark (``bench/finish.py``) renders a 40k x 20-page state (RSS, time).
The real crawl + parse benchmark is added to ``BENCHES`` next to it (see the
note there), measured against the same served world.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import resource
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import aiohttp

from bench.finish import measure as measure_finish
from bench.pages import DEFAULT_TEXT_SHARE
from bench.served import WorldArgs, serve_child
from bench.stages import analysis_stage, crawl_and_parse, full_scan
from bench.store import measure as measure_store
from bench.store import report as store_report
from bench.workers import scan_with
from scanner.demo.world import World, build_world, world_overrides
from scanner.workers import default_workers


@dataclass(frozen=True, slots=True)
class BenchContext:
    """What a benchmark gets: the world (ground truth, URLs) and where it is served."""

    world: World
    host: str
    port: int
    overrides: tuple[tuple[str, str], ...]
    """``CrawlSettings.host_overrides`` for every site (bare and www.)."""
    urls: tuple[str, ...]
    concurrency: int


@dataclass(frozen=True, slots=True)
class BenchResult:
    """What one benchmark measured."""

    name: str
    pages: int
    seconds: float
    bytes: int
    errors: int

    @property
    def pages_per_second(self) -> float:
        """Throughput in pages per second."""
        return self.pages / self.seconds if self.seconds else 0.0


async def bare_fetch(ctx: BenchContext) -> BenchResult:
    """Baseline: a bare aiohttp client GETs every page URL once (Host header routing)."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in ctx.urls:
        queue.put_nowait(url)
    totals = {"pages": 0, "bytes": 0, "errors": 0}
    base = f"http://{ctx.host}:{ctx.port}"
    connector = aiohttp.TCPConnector(limit=ctx.concurrency)

    async def worker(session: aiohttp.ClientSession) -> None:
        while not queue.empty():
            url = queue.get_nowait()
            host, _, path = url.removeprefix("http://").partition("/")
            try:
                async with session.get(
                    f"{base}/{path}", headers={"Host": host}, allow_redirects=False
                ) as resp:
                    body = await resp.read()
                totals["pages"] += 1
                totals["bytes"] += len(body)
            except aiohttp.ClientError:
                totals["errors"] += 1

    start = time.perf_counter()
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(*(worker(session) for _ in range(ctx.concurrency)))
    return BenchResult(
        "bare aiohttp fetch",
        totals["pages"],
        time.perf_counter() - start,
        totals["bytes"],
        totals["errors"],
    )


async def scanner_crawl(ctx: BenchContext) -> BenchResult:
    """The real crawler + one lxml parse per page, over every site of the world."""
    per_site = max(len(s.pages) for s in ctx.world.sites) + 10
    start = time.perf_counter()
    pages = await crawl_and_parse(ctx.world, ctx.overrides, per_site)
    return BenchResult("scanner crawl + parse", pages, time.perf_counter() - start, 0, 0)


async def scanner_full(ctx: BenchContext) -> BenchResult:
    """The whole pipeline: crawl, extract, detectors, fingerprints, cloaking sample, judge."""
    per_site = max(len(s.pages) for s in ctx.world.sites) + 10
    start = time.perf_counter()
    pages = await full_scan(ctx.world, ctx.overrides, per_site)
    return BenchResult("scanner full pipeline", pages, time.perf_counter() - start, 0, 0)


async def _workers(ctx: BenchContext, n: int) -> BenchResult:
    figures = await asyncio.to_thread(scan_with, ctx.world, ctx.overrides, n)
    PARENT_RSS_MB[n] = figures.parent_rss_mb
    name = f"scanner scan --workers {n} (state DB)"
    return BenchResult(name, figures.pages, figures.seconds, 0, 0)


async def workers_one(ctx: BenchContext) -> BenchResult:
    """The full scan with the state DB in one process (``--workers 1``)."""
    return await _workers(ctx, 1)


async def workers_all(ctx: BenchContext) -> BenchResult:
    """The full scan with the state DB in one worker process per core (``--workers N``)."""
    return await _workers(ctx, default_workers())


PARENT_RSS_MB: dict[int, float] = {}
"""Peak RSS of the scanning parent per worker count (the workers are not counted)."""

BENCHES: dict[str, Callable[[BenchContext], Awaitable[BenchResult]]] = {
    "bare": bare_fetch,
    "crawl": scanner_crawl,
    "scanner": scanner_full,
    "workers1": workers_one,
    "workersN": workers_all,
}


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


async def run(args: argparse.Namespace) -> list[BenchResult]:
    """Serve the world from a child process and run the selected benchmarks against it."""
    wargs = WorldArgs(args.seed, args.sites, args.pages, args.infected)
    started = time.perf_counter()
    world = build_world(wargs.seed, wargs.sites, wargs.infected, wargs.pages)
    print(
        f"world: {len(world.sites)} sites, {len(world.urls())} pages, built in "
        f"{time.perf_counter() - started:.2f}s"
    )
    ctx_mp = multiprocessing.get_context("spawn")
    parent, child = ctx_mp.Pipe()
    proc = ctx_mp.Process(target=serve_child, args=(wargs, child), daemon=True)
    proc.start()
    try:
        port, bodies, render_s = await asyncio.to_thread(parent.recv)
        print(f"server: pre-rendered {bodies} bodies in {render_s:.1f}s, port {port}")
        ctx = BenchContext(
            world,
            "127.0.0.1",
            port,
            world_overrides(world, port),
            tuple(world.urls()),
            args.concurrency,
        )
        results = []
        for name in args.bench:
            result = await BENCHES[name](ctx)
            results.append(result)
            print(
                f"{result.name}: {result.pages} pages in {result.seconds:.2f}s = "
                f"{result.pages_per_second:.0f} pages/s, {result.bytes / 1e6:.1f} MB, "
                f"{result.errors} errors"
            )
        return results
    finally:
        parent.send("stop")
        proc.join(timeout=10)
        if proc.is_alive():
            proc.terminate()


def main() -> None:
    """Parse the command line, run, print pages/s and peak RSS."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sites", type=int, default=100)
    parser.add_argument("--pages", type=int, default=50, help="pages per site")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--infected", type=float, default=0.3)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument(
        "--bench",
        nargs="+",
        default=["bare", "crawl", "scanner", "workers1", "workersN"],
        choices=sorted(BENCHES),
    )
    parser.add_argument(
        "--store-sites", type=int, default=40_000, help="sites of the store benchmark (0: skip)"
    )
    parser.add_argument(
        "--finish-sites",
        type=int,
        default=40_000,
        help="sites (x 20 pages) of the finish-step benchmark, bench/finish.py (0: skip)",
    )
    parser.add_argument("--analysis-pages", type=int, default=300)
    args = parser.parse_args()
    results = asyncio.run(run(args))
    by_name = {r.name: r for r in results}
    bare, crawl = by_name.get("bare aiohttp fetch"), by_name.get("scanner crawl + parse")
    if bare and crawl and bare.pages_per_second:
        print(f"crawl + parse / bare fetch: {crawl.pages_per_second / bare.pages_per_second:.2f}")
    n = default_workers()
    one = by_name.get("scanner scan --workers 1 (state DB)")
    many = by_name.get(f"scanner scan --workers {n} (state DB)")
    if one and many and one.pages_per_second:
        print(f"--workers {n} / --workers 1: {many.pages_per_second / one.pages_per_second:.2f}x")
    if bare and many and bare.pages_per_second:
        print(f"--workers {n} / bare fetch: {many.pages_per_second / bare.pages_per_second:.2f}")
    for workers, rss in sorted(PARENT_RSS_MB.items()):
        pages = by_name[f"scanner scan --workers {workers} (state DB)"].pages
        print(f"peak RSS of the scanning parent, --workers {workers}: {rss:.0f} MB, {pages} pages")
    if args.store_sites:
        print(store_report(measure_store(args.store_sites)))
    if args.finish_sites:  # the finish step runs in its own process: its RSS is its own
        for line in measure_finish(args.finish_sites, 20):
            print(line, flush=True)
    if args.analysis_pages:
        # Each figure comes from a fresh process: one core, a heap without the scans above.
        pool = multiprocessing.get_context("spawn").Pool(1)
        for label, share in (("CMS pages", DEFAULT_TEXT_SHARE), ("text-heavy pages", 1.0)):
            f = pool.apply(analysis_stage, (args.analysis_pages, 50, share))
            print(
                f"analysis stage, {label} ({f.pages} pages, "
                f"{f.megabytes / f.pages * 1000:.0f} KB avg, one core):"
                f" extract {f.analyse_ms:.2f} ms + detect {f.detect_ms:.2f} ms + fingerprint "
                f"{f.fingerprint_ms:.2f} ms = {f.total_ms:.2f} ms/page -> "
                f"{f.pages_per_second:.0f} pages/s, "
                f"{f.megabytes / f.pages * f.pages_per_second:.1f} MB/s; fingerprint share "
                f"{100 * f.fingerprint_ms / f.total_ms:.0f}%"
            )
        pool.close()
        pool.join()
    print(
        f"peak RSS: client {_rss_mb(resource.RUSAGE_SELF):.0f} MB, "
        f"server child {_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB"
    )


if __name__ == "__main__":
    main()
