"""The pipeline end to end over real loopback HTTP: store, interruption, baseline, JSON."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

from scanner.config import Settings, load_settings
from scanner.demo.world import World, serve_world, world_overrides
from scanner.models import Category, IncidentStatus, Site
from scanner.output import scan_to_json
from scanner.pipeline import scan_sites
from scanner.store import Store


def settings_for(world: World, port: int) -> Settings:
    base = load_settings(env={})
    crawl = dataclasses.replace(
        base.crawl, host_overrides=world_overrides(world, port), retries=0, trust_env=False
    )
    return dataclasses.replace(base, crawl=crawl)


def sites_of(world: World) -> list[Site]:
    return [Site(url=s.url, name=s.name, owner=s.owner, contact=s.contact) for s in world.sites]


async def test_scan_records_pages_incidents_and_baseline(demo: World, tmp_path: Path) -> None:
    async with serve_world(demo) as (_h, port):
        settings = settings_for(demo, port)
        with Store.open(tmp_path / "s.db") as store:
            result = await scan_sites(sites_of(demo), settings, store=store)
            assert result.complete
            by_host = {s.site.host: s for s in result.sites}
            clean = by_host["kabsukamaju.go.id"]
            assert clean.status == "ok" and clean.incidents == ()
            # The first complete clean scan became the clean site's baseline; not the others'.
            assert store.has_baseline(clean.site.url)
            assert not store.has_baseline(by_host["dinkes.kabcontoh.go.id"].site.url)
            defaced = by_host["dinkes.kabcontoh.go.id"]
            assert {i.category for i in defaced.incidents} == {Category.DEFACEMENT}
            stored = store.load_scan(result.id)
            assert [len(s.pages) for s in stored.sites] == [len(s.pages) for s in result.sites]
            assert all(p.fingerprint is not None for p in clean.pages if p.error is None)
            # A second scan of unchanged sites: same incidents, ongoing, nothing new on clean.
            again = await scan_sites(sites_of(demo), settings, store=store)
    doc = scan_to_json(again)
    for site in doc["sites"]:
        for incident in site["incidents"]:
            assert incident["change"] == "ongoing" and incident["times_seen"] == 2
    assert not next(s for s in again.sites if s.site.host == "kabsukamaju.go.id").incidents


async def test_interrupted_scan_keeps_pages_and_is_incomplete(demo: World, tmp_path: Path) -> None:
    async with serve_world(demo) as (_h, port):
        settings = settings_for(demo, port)
        settings = dataclasses.replace(
            settings, crawl=dataclasses.replace(settings.crawl, per_host=1, delay=0.05)
        )
        seen: list[int] = []
        with Store.open(tmp_path / "s.db") as store:

            def progress(_host: str, pages: int) -> None:
                seen.append(pages)
                if len(seen) == 6:
                    task.cancel()

            task = asyncio.ensure_future(
                scan_sites(sites_of(demo), settings, store=store, progress=progress)
            )
            result = await task
            assert not result.complete
            stored = store.load_scan(result.id)
            assert stored.complete is False
            kept = sum(len(s.pages) for s in stored.sites)
            assert kept >= 6
            statuses = {s.status for s in stored.sites}
            assert "error" in statuses


async def test_unreachable_site_is_data_and_does_not_resolve_incidents(tmp_path: Path) -> None:
    base = load_settings(env={})
    crawl = dataclasses.replace(
        base.crawl,
        host_overrides=(("mati.kabcontoh.go.id", "127.0.0.1:9"),),
        retries=0,
        connect_timeout=2,
        trust_env=False,
    )
    settings = dataclasses.replace(base, crawl=crawl)
    with Store.open(tmp_path / "s.db") as store:
        result = await scan_sites(
            [Site(url="http://mati.kabcontoh.go.id/", name="Mati")], settings, store=store
        )
        assert result.sites[0].status == "unreachable"
        assert "refused" in result.sites[0].error
        assert store.list_incidents([IncidentStatus.OPEN]) == []


async def test_sigterm_keeps_what_was_gathered(demo: World, tmp_path: Path) -> None:
    import json
    import os
    import signal

    from scanner.api import run_scan_async

    async with serve_world(demo) as (_h, port):
        settings = settings_for(demo, port)
        settings = dataclasses.replace(
            settings,
            state=str(tmp_path / "s.db"),
            json=str(tmp_path / "out.json"),
            report=str(tmp_path / "r.html"),
            crawl=dataclasses.replace(settings.crawl, per_host=1, delay=0.05),
        )
        fetched: list[int] = []

        def progress(_host: str, pages: int) -> None:
            fetched.append(pages)
            if len(fetched) == 5:
                os.kill(os.getpid(), signal.SIGTERM)

        outputs = await run_scan_async(sites_of(demo), settings, progress=progress)
    assert outputs.result.complete is False
    doc = json.loads((tmp_path / "out.json").read_text())
    assert doc["scan"]["complete"] is False
    assert sum(s["pages_crawled"] for s in doc["sites"]) >= 5
    assert (tmp_path / "r.html").exists()
    # The handler is removed afterwards: SIGTERM is back to its default disposition.
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
