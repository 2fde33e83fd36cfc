"""A world of fictitious Indonesian government (.go.id) sites to test the scanner against.

Deterministic from a seed: varied CMS styles and Indonesian content, legitimate traps (news
about judi online, "slot" antrean, Bandar Lampung, hidden mobile menus, cookie banners shown only
to browsers), and every attack kind the scanner must find, with per-URL ground truth.

    world = build_world(seed=7)
    async with serve_world(world) as (host, port):
        overrides = world_overrides(world, port)
        ...
    world.expected["http://dinkes.kabcontoh.go.id/"].label

``build_world(..., faults=True)`` adds the fault sites (``faults.py``): a server that is down,
one answering 503 everywhere, one that never answers.
"""

from scanner.demo.world.attacks import KINDS as ATTACK_KINDS
from scanner.demo.world.catalog import build_world, demo_world
from scanner.demo.world.faults import FAULT_SITES, Fault, FaultSite
from scanner.demo.world.records import (
    PROFILE_NAMES,
    Attack,
    Expected,
    Label,
    PageSpec,
    ResponseSpec,
    SiteSpec,
    Truth,
)
from scanner.demo.world.server import make_app, profile_for, serve_world, world_overrides
from scanner.demo.world.world import World

__all__ = [
    "ATTACK_KINDS",
    "FAULT_SITES",
    "PROFILE_NAMES",
    "Attack",
    "Expected",
    "Fault",
    "FaultSite",
    "Label",
    "PageSpec",
    "ResponseSpec",
    "SiteSpec",
    "Truth",
    "World",
    "build_world",
    "demo_world",
    "make_app",
    "profile_for",
    "serve_world",
    "world_overrides",
]
