"""``scan --workers N`` shows the checks after each site's crawl too: the workers pipe each
site's phase to the parent's one display (issue 13, item 10)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from scanner.api import run_scan
from scanner.demo.world import build_world
from scanner.pipeline import Phase
from tests.pipeline.support import serve_logged_in_thread, settings_for, sites_of
from tests.pipeline.test_phases import Recording


def test_workers_pipe_each_sites_phases_to_the_display(tmp_path: Path) -> None:
    world = build_world(seed=5, n_sites=4, infected_ratio=0.5, pages_per_site=4)
    seen = Recording()
    with serve_logged_in_thread(world) as (port, _log):
        settings = dataclasses.replace(settings_for(world, port), state=str(tmp_path / "s.db"))
        run_scan(sites_of(world), settings, workers=2, progress=seen)
    hosts = {site.host for site in sites_of(world)}
    for host in hosts:
        mine = [what for h, what in seen.calls if h == host]
        phases = [w for w in mine if isinstance(w, Phase)]
        assert phases in ([Phase.CLOAK, Phase.INTEGRITY, Phase.DONE], [Phase.DONE]), (host, mine)
        assert any(not isinstance(w, Phase) and w > 0 for w in mine), (host, mine)
    assert sum(1 for _h, w in seen.calls if w is Phase.CLOAK) >= 3
