"""The per-IP cap across two queued-scan workers on four loopback servers (PostgreSQL slots).

The same twelve agency sites on 127.0.0.2..5 as the ``--workers`` test (tests/workers/
multi_ip.py): two workers (three jobs each) with ``per_ip 1`` and ``per_host 2`` never put
more than 2 requests in flight on one server, and do scan several servers at once.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from scanner.config import Settings, load_settings
from scanner.distributed import enqueue_scan
from scanner.distributed.politeness import spread
from scanner.models import Site, SiteStatus
from scanner.store import Store
from tests.distributed.machines import two_workers
from tests.workers.multi_ip import ADDRESSES, MultiIpWorld, serve_multi_ip


def _settings(world: MultiIpWorld, tmp_path: Path, pg_url: str) -> Settings:
    base = load_settings(env={})
    crawl = dataclasses.replace(
        base.crawl, host_overrides=world.overrides, retries=0, trust_env=False, per_host=2
    )
    return dataclasses.replace(
        base, state=pg_url, reports_dir=str(tmp_path / "reports"), crawl=crawl
    )


@pytest.mark.postgres
def test_two_workers_never_exceed_the_per_ip_cap_and_scan_servers_in_parallel(
    tmp_path: Path, pg_url: str
) -> None:
    with serve_multi_ip() as world:
        conf = _settings(world, tmp_path, pg_url)
        sites = [Site(url=f"http://{host}/", name=host) for host, _ in world.sites]
        queued = enqueue_scan(sites, conf)
        errors = two_workers(conf, per_ip=1)
    assert errors == []
    with Store.open(pg_url) as store:
        result = store.load_scan(queued.scan_id)
    assert len(result.sites) == len(sites)
    assert all(s.status is SiteStatus.OK and s.complete for s in result.sites), [
        (s.site.host, s.status, s.error) for s in result.sites
    ]
    counts = world.counts
    assert set(counts.served) == set(ADDRESSES)
    assert max(counts.peak.values()) <= 2, counts.peak  # per_ip 1 x per_host 2
    assert counts.busy_addresses_peak >= 2, "the four servers were scanned one at a time"


def test_jobs_take_turns_between_servers() -> None:
    hosts = [
        "dinkes.lampungprov.go.id", "bappeda.lampungprov.go.id", "lampungprov.go.id",
        "dinkes.jatengprov.go.id", "bappeda.jatengprov.go.id", "bandarlampungkota.go.id",
    ]  # fmt: skip
    order = [s.host for s in spread([Site(url=f"https://{h}/") for h in hosts])]
    assert sorted(order) == sorted(hosts)
    assert order == [
        "dinkes.lampungprov.go.id", "dinkes.jatengprov.go.id", "bandarlampungkota.go.id",
        "bappeda.lampungprov.go.id", "bappeda.jatengprov.go.id", "lampungprov.go.id",
    ]  # fmt: skip
