"""The parent of ``scan --workers N`` keeps each site lean once it is recorded (issue 10).

A national night is 450k hosts: the parent must not hold every page of every site until the
scan ends (the state DB has them). With ``lean=True`` (what ``scanner scan`` passes) it keeps
``SiteResult.lean()``: the counts in ``tally``, the failed pages, every page only of a site
with incidents, verdicts without findings, exactly as ``--workers 1`` does.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from scanner.demo.world import World, build_world
from scanner.models import ScanResult
from scanner.pipeline import scan_sites
from scanner.store import Store
from scanner.workers import scan_with_workers
from tests.pipeline.support import serve_logged_in_thread, settings_for, sites_of


@pytest.fixture(scope="module")
def world() -> World:
    return build_world(seed=23, n_sites=4, infected_ratio=0.5, pages_per_site=6)


@pytest.fixture
def served(world: World) -> Iterator[int]:
    with serve_logged_in_thread(world) as (port, _log):
        yield port


def _shape(result: ScanResult) -> dict[str, tuple[int, list[str], int]]:
    """Per site: pages crawled, the page URLs kept, the findings kept."""
    return {
        s.site.url: (
            s.pages_crawled,
            sorted(p.url for p in s.pages),
            sum(len(v.findings) for v in s.verdicts),
        )
        for s in result.sites
    }


def test_the_workers_parent_keeps_each_site_as_lean_as_one_process(
    world: World, served: int, tmp_path: Path
) -> None:
    base = settings_for(world, served)
    sites = sites_of(world)

    async def scan(workers: int) -> ScanResult:
        settings = dataclasses.replace(base, state=str(tmp_path / f"w{workers}.db"))
        with Store.open(settings.state) as store:
            if workers == 1:
                return await scan_sites(sites, settings, store=store, lean=True)
            return await scan_with_workers(sites, settings, store=store, workers=2, lean=True)

    one, two = asyncio.run(scan(1)), asyncio.run(scan(2))
    assert all(s.tally is not None for s in two.sites)  # lean: the counts, not the pages
    assert _shape(two) == _shape(one)
    clean = [s for s in two.sites if not s.incidents and not s.resolved]
    assert clean and all(p.error is not None for s in clean for p in s.pages)  # failed ones only
    assert all(s.pages_crawled > 0 for s in clean)
    assert any(s.incidents for s in two.sites)
    assert all(v.findings == () for s in two.sites for v in s.verdicts)
    assert all(p.fingerprint is None for s in two.sites for p in s.pages)
    with Store.open(tmp_path / "w2.db") as store:  # the state has every page all the same
        stored = store.load_scan(two.id)
    crawled = sum(p.error is None for s in stored.sites for p in s.pages)
    assert crawled == sum(s.pages_crawled for s in two.sites) > len(clean)
