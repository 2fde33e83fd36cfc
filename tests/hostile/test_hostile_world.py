"""Issue 12, "Done when": a hostile site set scanned end to end through the real CLI.

One ``scanner scan --workers 2 --cron`` (a subprocess, ``scanner.demo.hostile.sandbox``: a fake
DNS and a loopback-only connection guard) over the quick hostile world: one site per item of
issue 12 beside clean neighbours with traps. Each site is then judged against its ``Expect``
(status, reason, limits, payloads found, neighbours clean and on time, no baseline from what
was not seen, the report's Indonesian warnings). ``make hostile`` runs the full-size world.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from scanner.demo.hostile import Run, Size, check_run, check_site, run_hostile
from scanner.demo.hostile.sites import neighbours, unseen

KEYS = (
    "news", "timeslot", "bandar",
    "nesting", "backslash", "html-cap", "script-cap", "sitemap-cap", "brotli",
    "too-large", "undecodable", "timeout", "metadata", "intranet",
    "ports", "trickle", "gzip-bomb", "tls", "twice",
)  # fmt: skip
"""The sites of the quick world (``build_sites``), named here so that collection stays cheap."""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The quick hostile world, scanned once for the whole module."""
    return asyncio.run(run_hostile(tmp_path_factory.mktemp("hostile"), Size.QUICK))


def test_the_world_is_the_one_named_here(hostile: Run) -> None:
    assert tuple(s.key for s in hostile.sites) == KEYS


def test_the_scan_as_a_whole(hostile: Run) -> None:
    assert check_run(hostile) == [], hostile.output[-3000:]
    assert hostile.exit_code == 1  # incidents found, and sites not seen: never 0
    assert hostile.tls_served, "openssl is needed for the TLS site"
    assert hostile.refused == ()  # the guard never had to stop a connection


@pytest.mark.parametrize("key", KEYS)
def test_each_site_comes_out_right(hostile: Run, key: str) -> None:
    site = next(s for s in hostile.sites if s.key == key)
    assert check_site(hostile, site) == [], f"{site.item}: {site.url}"


def test_sites_that_cannot_be_seen_alone_exit_3_and_are_named(tmp_path: Path) -> None:
    """Nothing open, but sites not seen: exit 3 (never 0), each named under ``--cron``."""
    sites = [*neighbours(), *unseen(Size.QUICK)]
    run = asyncio.run(run_hostile(tmp_path, Size.QUICK, sites=sites))
    assert run.exit_code == 3, run.output
    assert check_run(run) == []
    for site in sites:
        assert check_site(run, site) == [], f"{site.item}: {site.url}"
