"""Each site job tells a phase-aware display where it is after its crawl (issue 13, item 10):
the cloaking comparison, then the integrity check, then done -- over real loopback HTTP."""

from __future__ import annotations

import asyncio

from scanner.demo.world import build_world
from scanner.pipeline import Phase, PhaseProgress, scan_sites
from tests.pipeline.support import serve_logged, settings_for, sites_of


class Recording:
    """A ``PhaseProgress`` that writes down every call, in order."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int | Phase]] = []

    def __call__(self, host: str, pages: int, /) -> None:
        self.calls.append((host, pages))

    def phase(self, host: str, phase: Phase, /) -> None:
        self.calls.append((host, phase))


def test_every_site_goes_crawl_then_cloak_then_integrity_then_done() -> None:
    world = build_world(seed=11, n_sites=4, pages_per_site=5, page_kb=(4, 8))
    seen = Recording()
    assert isinstance(seen, PhaseProgress)

    async def scan() -> None:
        async with serve_logged(world) as (port, _log):
            await scan_sites(sites_of(world), settings_for(world, port), progress=seen)

    asyncio.run(scan())
    hosts = {s.url.split("/")[2] for s in world.sites}
    assert {h for h, _ in seen.calls} == hosts
    for host in hosts:
        mine = [what for h, what in seen.calls if h == host]
        phases = [w for w in mine if isinstance(w, Phase)]
        pages = [i for i, w in enumerate(mine) if not isinstance(w, Phase)]
        assert pages, host  # its crawl reported pages
        if Phase.CLOAK in phases:  # a site that answered: every check, in order, once
            assert phases == [Phase.CLOAK, Phase.INTEGRITY, Phase.DONE], (host, phases)
            assert max(pages) < mine.index(Phase.CLOAK)  # the checks come after the crawl
        else:  # a site that failed before its checks is still reported done
            assert phases == [Phase.DONE], (host, phases)
    assert sum(1 for _h, w in seen.calls if w is Phase.CLOAK) >= 3


def test_a_plain_page_counter_is_still_a_progress_function() -> None:
    def count(host: str, pages: int) -> None:
        return None

    assert not isinstance(count, PhaseProgress)
