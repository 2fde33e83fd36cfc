"""Heavy work of one site must not stall the others (issue 12, item 8), found by the hostile world.

A 5 MiB sitemap was stream-parsed on the event loop (seconds), the cloaking comparison parsed
each profile's answer on it too, and the page-analysis threads were one FIFO for every site, so a
site of heavy pages queued its pages ahead of all the others: their requests timed out and a
neighbour with an injection came out "complete" and clean. Each test records where the parse ran
(a thread without an event loop) or the order of turns, which fails on the old code.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from scanner.crawl import discover, profile, sitemaps
from scanner.demo.hostile import pages
from scanner.pipeline import cloak, observe_profiles
from scanner.pipeline.page import analysis_turn
from tests.crawl.loopback import html, raw, serve

HOST = "kominfo.kabtirta.go.id"
BROWSER = profile("browser")


def off_loop_recorder(real: Callable[..., Any], calls: list[bool]) -> Callable[..., Any]:
    """``real``, recording for each call whether an event loop runs in the calling thread: a
    parse done *on* the loop stalls every other site of the process. Deterministic, where a
    ticker measuring the loop's gaps is at the mercy of the machine's load."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # no loop in this thread: a worker thread
            calls.append(True)
        else:
            calls.append(False)
        return real(*args, **kwargs)

    return wrapper


async def test_a_five_mib_sitemap_is_parsed_off_the_event_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[bool] = []
    monkeypatch.setattr(sitemaps, "_read_sitemap", off_loop_recorder(sitemaps._read_sitemap, calls))
    urls = [f"http://{HOST}/arsip/berkas-{i:06d}.html" for i in range(70_000)]
    sitemap = pages.sitemap(urls).encode()
    assert len(sitemap) > 5 * 1024 * 1024
    routes = {"/sitemap.xml": raw(sitemap, "application/xml")}
    async with serve(HOST, routes, max_body_bytes=8 * 1024 * 1024) as site:
        found = await discover(site.fetcher(), f"http://{HOST}/", HOST, BROWSER, 100_000)
    assert len(found.urls) == 70_000
    assert calls and all(calls), "the sitemap was parsed on the event loop"


async def test_the_cloaking_comparison_parses_off_the_event_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[bool] = []
    monkeypatch.setattr(cloak, "analyse", off_loop_recorder(cloak.analyse, calls))
    page = pages.page("Dokumen", "Dinas Lingkungan Hidup", pages.filler(300_000))
    async with serve(HOST, {"/": html(page)}, max_body_bytes=8 * 1024 * 1024) as site:
        profiles = {n: profile(n) for n in ("googlebot", "mobile", "google-referer")}
        seen = await observe_profiles(site.fetcher(), profiles, f"http://{HOST}/", HOST)
    assert all(o.view is not None for o in seen.values())
    assert len(calls) == 3 and all(calls), "a profile's answer was parsed on the event loop"


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
