"""The guarantees of one straight site job, each checked over real loopback HTTP.

- one verdict per page, the final one (after cloaking, integrity and assets), stored and output;
- a page whose analysis raises is a page record with an ``analysis`` error, never lost;
- an interrupted scan keeps the incidents of the pages it analysed, without resolving others;
- the cloaking comparison reuses the crawl's browser fetch: no URL fetched twice by one profile.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from scanner.demo.world import World, build_world
from scanner.models import IncidentStatus, PageRecord, ScanResult, SiteResult, Verdict
from scanner.output import scan_to_json
from scanner.pipeline import scan_sites
from scanner.report import write_report
from scanner.store import Store
from tests.pipeline.support import Request, serve_logged, settings_for, sites_of

_RANK = {Verdict.CLEAN: 0, Verdict.SUSPICIOUS: 1, Verdict.INFECTED: 2, Verdict.DEFACED: 3}
ANALYSIS_TARGET = "scanner.pipeline.page.detect_page"
"""Where the page analysis calls the detectors (patched to make one page's analysis fail)."""


def final_verdict(site: SiteResult, page: PageRecord) -> Verdict:
    """The site's final verdict for a page: the worst verdict for its URL or final URL."""
    by_url = {v.url: v.verdict for v in site.verdicts}
    found = [by_url[u] for u in (page.url, page.final_url) if u in by_url]
    return max(found, key=lambda v: _RANK.get(v, 0), default=Verdict.CLEAN)


@dataclass(frozen=True)
class WorldScan:
    """The 24-site world scanned once with a store, and what the server saw."""

    result: ScanResult
    stored: ScanResult
    repeated: list[tuple[Request, int]]


@pytest.fixture(scope="module")
def world_scan(tmp_path_factory: pytest.TempPathFactory) -> WorldScan:
    world = build_world(seed=7, n_sites=24, pages_per_site=12, page_kb=(8, 20))
    db = tmp_path_factory.mktemp("world") / "s.db"

    async def scan() -> WorldScan:
        async with serve_logged(world) as (port, log):
            with Store.open(db) as store:
                result = await scan_sites(sites_of(world), settings_for(world, port), store=store)
                stored = store.load_scan(result.id)
        return WorldScan(result, stored, log.repeated())

    return asyncio.run(scan())


def test_every_page_carries_its_final_verdict(world_scan: WorldScan) -> None:
    result, stored = world_scan.result, world_scan.stored
    flagged = 0
    for scan in (result, stored):
        for site in scan.sites:
            for page in site.pages:
                if page.error is not None:
                    continue
                assert page.verdict == final_verdict(site, page), (site.site.host, page.url)
                flagged += page.verdict is not Verdict.CLEAN
    assert flagged >= 50  # the world is infected enough for this to mean something
    # The JSON lists the same verdicts.
    for site_doc, site in zip(scan_to_json(result)["sites"], result.sites, strict=True):
        listed = {v["url"]: v["verdict"] for v in site_doc["verdicts"]}
        assert listed == {v.url: v.verdict.value for v in site.verdicts}


def test_no_url_fetched_twice_by_one_profile(world_scan: WorldScan) -> None:
    result, repeated = world_scan.result, world_scan.repeated
    assert any(
        i.technique.value.startswith("cloaking") for s in result.sites for i in s.incidents
    ), "the world has cloaking: the comparison ran"
    assert repeated == []


async def test_a_page_whose_analysis_raises_is_recorded_as_an_analysis_error(
    demo: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import scanner.pipeline as pipeline_pkg  # noqa: F401  (the patched name lives in a submodule)

    module, _, name = ANALYSIS_TARGET.rpartition(".")
    real = getattr(__import__(module, fromlist=[name]), name)
    broken: list[str] = []

    def detect(view, ctx, sigs):  # type: ignore[no-untyped-def]
        if "/berita/" in ctx.url and not broken:
            broken.append(ctx.url)
            raise RuntimeError("parser blew up on hostile markup")
        return real(view, ctx, sigs)

    monkeypatch.setattr(ANALYSIS_TARGET, detect)
    async with serve_logged(demo) as (port, _log):
        with Store.open(tmp_path / "s.db") as store:
            result = await scan_sites(sites_of(demo), settings_for(demo, port), store=store)
            stored = store.load_scan(result.id)
    assert broken, "the demo world has a /berita/ page"
    for scan in (result, stored):
        pages = {p.url: p for s in scan.sites for p in s.pages}
        (bad,) = [p for p in pages.values() if p.error is not None and p.error.kind == "analysis"]
        assert bad.url == broken[0] or bad.final_url == broken[0]
        assert "RuntimeError: parser blew up" in bad.error.message
        assert bad.verdict is Verdict.ERROR
        site = next(s for s in scan.sites if any(p is bad for p in s.pages))
        assert site.complete is False
        assert scan.complete is False
    doc = scan_to_json(result)
    errors = [e for s in doc["sites"] for e in s["fetch_errors"] if e["kind"] == "analysis"]
    assert len(errors) == 1
    report = write_report(result, tmp_path / "r.html", tmp_path, lang="en")[0].read_text()
    appendix = report[report.index("Appendix") :]
    assert "parser blew up" in appendix and "analysing it failed" in appendix


async def test_interrupted_scan_keeps_incidents_of_analysed_pages(
    demo: World, tmp_path: Path
) -> None:
    infected = next(s for s in sites_of(demo) if s.host == "diskominfo.kotaharapan.go.id")
    async with serve_logged(demo) as (port, _log):
        settings = settings_for(demo, port)
        with Store.open(tmp_path / "s.db") as store:
            first = await scan_sites([infected], settings, store=store)
            before = {i.id for i in first.sites[0].incidents}
            assert before and first.complete
            slow = settings_for(demo, port, per_host=1, delay=0.05)
            seen: list[int] = []

            def progress(_host: str, pages: int) -> None:
                seen.append(pages)
                if len(seen) == 4:
                    task.cancel()

            task = asyncio.ensure_future(
                scan_sites([infected], slow, store=store, progress=progress)
            )
            result = await task
            stored = store.load_scan(result.id)
            still_open = {i.id for i in store.list_incidents([IncidentStatus.OPEN])}
    assert result.complete is False
    for scan in (result, stored):
        (site,) = scan.sites
        assert site.complete is False
        assert site.incidents, "the analysed pages' incidents are kept"
        assert {i.id for i in site.incidents} <= before
        assert site.resolved == ()
    # Nothing the first scan found was resolved by the interrupted one.
    assert before <= still_open
    doc = scan_to_json(result)
    assert doc["scan"]["complete"] is False and doc["sites"][0]["complete"] is False
    assert json.dumps(doc)  # serialisable
