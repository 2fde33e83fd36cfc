"""Heavy work of one site must not stall the others (issue 12, item 8), found by the hostile world.

A 5 MiB sitemap was stream-parsed on the event loop (seconds), the cloaking comparison parsed
each profile's answer on it too, and the page-analysis threads were one FIFO for every site, so a
site of heavy pages queued its pages ahead of all the others: their requests timed out and a
neighbour with an injection came out "complete" and clean. Each test measures the loop (a ticker)
or the order of turns, which fails on the old code.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from scanner.crawl import discover, profile
from scanner.demo.hostile import pages
from scanner.pipeline import observe_profiles
from scanner.pipeline.page import analysis_turn
from tests.crawl.loopback import html, raw, serve

HOST = "kominfo.kabtirta.go.id"
BROWSER = profile("browser")


async def longest_stall(work: Callable[[], Awaitable[object]]) -> tuple[float, float]:
    """The longest gap between two ticks of a 10 ms ticker while ``work`` runs, and how long
    ``work`` took: on a loaded machine any gap grows, but only work done *on* the loop makes
    one gap most of the whole."""
    gaps: list[float] = []
    done = asyncio.Event()

    async def ticker() -> None:
        last = time.monotonic()
        while not done.is_set():
            await asyncio.sleep(0.01)
            now = time.monotonic()
            gaps.append(now - last)
            last = now

    tick = asyncio.ensure_future(ticker())
    started = time.monotonic()
    try:
        await work()
    finally:
        took = time.monotonic() - started
        done.set()
        await tick
    return max(gaps), took


async def test_a_five_mib_sitemap_is_parsed_off_the_event_loop() -> None:
    urls = [f"http://{HOST}/arsip/berkas-{i:06d}.html" for i in range(70_000)]
    sitemap = pages.sitemap(urls).encode()
    assert len(sitemap) > 5 * 1024 * 1024
    routes = {"/sitemap.xml": raw(sitemap, "application/xml")}
    async with serve(HOST, routes, max_body_bytes=8 * 1024 * 1024) as site:
        found = []

        async def work() -> None:
            found.append(await discover(site.fetcher(), f"http://{HOST}/", HOST, BROWSER, 100_000))

        stall, took = await longest_stall(work)
    assert len(found[0].urls) == 70_000
    assert stall < max(0.3, took / 4), f"the event loop stalled {stall:.2f} s of {took:.2f} s"


async def test_the_cloaking_comparison_parses_off_the_event_loop() -> None:
    page = pages.page("Dokumen", "Dinas Lingkungan Hidup", pages.filler(3_000_000))
    async with serve(HOST, {"/": html(page)}, max_body_bytes=8 * 1024 * 1024) as site:
        profiles = {n: profile(n) for n in ("googlebot", "mobile", "google-referer")}
        seen = {}

        async def work() -> None:
            seen.update(await observe_profiles(site.fetcher(), profiles, f"http://{HOST}/", HOST))

        stall, took = await longest_stall(work)
    assert all(o.view is not None for o in seen.values())
    assert stall < max(0.3, took / 4), f"the event loop stalled {stall:.2f} s of {took:.2f} s"


async def test_a_site_of_heavy_pages_does_not_queue_ahead_of_the_others() -> None:
    finished: list[str] = []

    async def analyse(site: str, n: int) -> None:
        async with analysis_turn(site):
            await asyncio.sleep(0.05)  # a page being parsed
        finished.append(f"{site}{n}")

    bomb = [asyncio.ensure_future(analyse("dlh.kabtirta.go.id/", n)) for n in range(6)]
    await asyncio.sleep(0.01)  # the heavy site asked first
    await analyse("dishub.kabtirta.go.id/", 0)
    await asyncio.gather(*bomb)
    # The neighbour's page took its turn beside the bomb's first, not after all six.
    assert finished.index("dishub.kabtirta.go.id/0") <= 1, finished
