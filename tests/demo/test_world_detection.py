"""Detection quality on a generated world of loopback .go.id sites, scored on its ground truth.

Every infected page must be found and no legitimate page (news about judi online, "slot"
antrean, Bandar Lampung, hidden mobile menus, cookie banners...) may be flagged.
"""

from __future__ import annotations

from bench.evaluate import judge_world, scan_world
from scanner.demo.world import build_world
from scanner.models import Technique


async def test_every_infected_page_found_and_no_false_alarm() -> None:
    world = build_world(seed=7, n_sites=24, pages_per_site=12, page_kb=(8, 20))
    quality = judge_world(world, await scan_world(world))
    assert quality.false_alarms == ()
    assert quality.misses == ()
    assert quality.site_misses == () and quality.site_false_alarms == ()
    # Every technique found as itself: a cloak on a visibly infected site is its own incident.
    assert quality.technique_misses == ()
    planted = {a.technique for s in world.sites for a in s.attacks}
    assert {Technique.CLOAKING_UA, Technique.CLOAKING_REFERER} <= planted
    assert quality.true_positive >= 50 and quality.true_negative >= 200
