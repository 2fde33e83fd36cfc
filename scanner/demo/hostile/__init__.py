"""A hostile world on loopback: one site per item of issue 12, scanned through the real CLI.

Issue 12's "Done when" asks for a hostile site set scanned end to end: every site must come out
with the right reason, the reachable payloads found, the clean neighbours clean and on time,
nothing "clean" that was not seen, and a non-zero exit. ``sites`` describes the sites and what
each must produce, ``server`` serves them by Host header (plus a self-signed TLS port),
``sandbox`` runs ``scanner`` with a fake DNS and a loopback-only connection guard, ``run``
drives one scan and ``check`` judges it. ``tests/hostile`` runs the quick world in
``make test``; ``make hostile`` (``scripts/hostile_world.py``) runs the full one.

No byte leaves 127.0.0.1: the sites are host overrides to loopback ports, the two names that
resolve to 169.254.169.254 and 10.x do so through the fake DNS only, and the guard refuses (and
logs) any connection to an address that is not loopback.
"""

from scanner.demo.hostile.check import check_run, check_site
from scanner.demo.hostile.run import Run, run_hostile
from scanner.demo.hostile.sites import Expect, HostileSite, Size, build_sites

__all__ = [
    "Expect",
    "HostileSite",
    "Run",
    "Size",
    "build_sites",
    "check_run",
    "check_site",
    "run_hostile",
]
