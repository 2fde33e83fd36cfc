"""The per-IP cap across the worker processes of one machine, and the scan deadline there.

Twelve agency sites on four loopback servers (``multi_ip.py``); each server counts the
requests it has in flight. With ``crawl.per_ip = 1`` and ``per_host = 2`` no server may ever
see more than 2, and the four servers must still be scanned in parallel.
"""

from __future__ import annotations

import asyncio
import dataclasses
import socket
import time
from pathlib import Path

import pytest
from aiohttp.abc import AbstractResolver, ResolveResult

from scanner.config import Settings, load_settings
from scanner.models import LimitKind, ScanResult, Site, SiteStatus
from scanner.store import Store
from scanner.workers import scan_with_workers
from scanner.workers.slots import IpSlots
from tests.workers.multi_ip import ADDRESSES, MultiIpWorld, serve_multi_ip


def _settings(world: MultiIpWorld, state: Path, **crawl: object) -> Settings:
    base = load_settings(env={})
    changes: dict[str, object] = {
        "host_overrides": world.overrides,
        "retries": 0,
        "trust_env": False,
        "per_host": 2,
    }
    changes.update(crawl)
    return dataclasses.replace(
        base, state=str(state), crawl=dataclasses.replace(base.crawl, **changes)
    )


def _sites(world: MultiIpWorld) -> list[Site]:
    return [Site(url=f"http://{host}/", name=host) for host, _address in world.sites]


def _scan(world: MultiIpWorld, settings: Settings, grace: float = 10.0) -> ScanResult:
    async def run() -> ScanResult:
        with Store.open(settings.state) as store:
            return await scan_with_workers(
                _sites(world), settings, store=store, workers=2, grace=grace
            )

    return asyncio.run(run())


def test_workers_2_never_exceed_the_per_ip_cap_and_scan_servers_in_parallel(
    tmp_path: Path,
) -> None:
    with serve_multi_ip() as world:
        result = _scan(world, _settings(world, tmp_path / "s.db", per_ip=1))
    counts = world.counts
    assert all(s.status is SiteStatus.OK and s.complete for s in result.sites), [
        (s.site.host, s.status, s.error) for s in result.sites
    ]
    assert set(counts.served) == set(ADDRESSES)
    assert max(counts.peak.values()) <= 2, counts.peak  # per_ip 1 x per_host 2
    assert counts.busy_addresses_peak >= 2, "the four servers were scanned one at a time"


def test_the_server_sees_more_when_the_cap_allows_it(tmp_path: Path) -> None:
    # The count above can fail: three sites of one server at once exceed 2 in flight.
    with serve_multi_ip() as world:
        result = _scan(world, _settings(world, tmp_path / "s.db", per_ip=3))
    assert all(s.status is SiteStatus.OK for s in result.sites)
    assert max(world.counts.peak.values()) > 2, world.counts.peak


def test_scan_deadline_stops_a_workers_2_scan_with_what_was_gathered(tmp_path: Path) -> None:
    # Each answer takes 1 s and a site gets one request at a time: a site needs over 6 s,
    # a server's three sites (one at a time) over 18 s. The scan may take 5 s.
    with serve_multi_ip(latency=1.0) as world:
        settings = _settings(
            world, tmp_path / "s.db", per_host=1, per_ip=1, scan_deadline=5.0
        )
        started = time.monotonic()
        result = _scan(world, settings, grace=5.0)
        elapsed = time.monotonic() - started
    assert elapsed < 16, f"the deadline did not stop the scan ({elapsed:.1f} s)"
    assert not result.complete
    assert len(result.sites) == 12
    for site in result.sites:
        assert not site.complete
        assert "scan deadline reached" in site.error, (site.site.host, site.error)
        assert LimitKind.SCAN_DEADLINE in {x.kind for x in site.limits}, site.limits
    with Store.open(settings.state) as store:
        stored = store.load_scan(result.id)
    assert not stored.complete
    assert all("scan deadline" in s.error for s in stored.sites)
    assert sum(len(s.pages) for s in stored.sites) == sum(len(s.pages) for s in result.sites)


class _Names(AbstractResolver):
    """A resolver that knows one name (no query leaves the machine)."""

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        if host == "ppid.kaltimprov.go.id":
            return [
                ResolveResult(hostname=host, host="10.20.30.40", port=port, family=family,
                              proto=0, flags=0)
            ]  # fmt: skip
        raise OSError(f"{host}: no such name")

    async def close(self) -> None:
        return None


def test_slots_hold_per_address_and_an_unknown_name_takes_none() -> None:
    sites = [
        Site(url="http://dinkes.lampungprov.go.id/"),
        Site(url="http://www.bappeda.lampungprov.go.id/"),
        Site(url="http://ppid.kaltimprov.go.id/"),
        Site(url="http://tidak-ada.example.go.id/"),
    ]
    base = load_settings(env={})
    crawl = dataclasses.replace(
        base.crawl,
        per_ip=1,
        host_overrides=(
            ("dinkes.lampungprov.go.id", "127.0.0.2:8080"),
            ("bappeda.lampungprov.go.id", "127.0.0.2:8081"),  # www. reads the bare name
        ),
    )

    async def check() -> None:
        slots = IpSlots(sites, crawl, [3, 2, 1, 0], resolver=_Names())
        assert not slots.ready(0), "not looked up yet: not handed out"
        slots.start()
        await slots.looked_up()
        assert [slots.address(i) for i in range(4)] == [
            "127.0.0.2", "127.0.0.2", "10.20.30.40", None
        ]  # fmt: skip
        assert slots.ready(0) and slots.ready(1)
        slots.take(0)
        assert not slots.ready(1), "one server, one slot: the second site waits"
        assert slots.ready(2) and slots.ready(3)
        slots.take(3)
        slots.take(3)  # no address: holds nothing, however often
        assert slots.ready(3) and slots.running("127.0.0.2") == 1
        slots.release(0)
        assert slots.ready(1) and slots.running("127.0.0.2") == 0
        await slots.close()

    asyncio.run(check())


@pytest.mark.parametrize("per_ip", [0, 65])
def test_per_ip_out_of_range_is_refused(per_ip: int) -> None:
    from scanner.errors import ConfigError

    with pytest.raises(ConfigError, match=r"crawl\.per_ip"):
        load_settings(env={}, overrides={"crawl.per_ip": per_ip})
