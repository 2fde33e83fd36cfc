"""The Recorder seam: page flushing, the null recorder, and outcomes recorded elsewhere."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import UTC, datetime
from pathlib import Path

from scanner.crawl import Crawler, Fetcher, make_session
from scanner.demo.world import World
from scanner.integrity import KnownBad
from scanner.models import PageRecord, Site, SiteOutcome, SiteStatus, Verdict
from scanner.pipeline import NullRecorder, ScanEnv, SiteJob, StoreRecorder, profiles_for
from scanner.signatures import load_signatures
from scanner.store import Store
from tests.pipeline.support import serve_logged, settings_for, sites_of

T0 = datetime(2026, 11, 30, 19, 0, tzinfo=UTC)
AIRPORT = Site(url="https://bandarudara.kabcontoh.go.id/", name="Bandar Udara Kabupaten Contoh")


class MemoryRecorder(NullRecorder):
    """Keeps the pages streamed to it, records nothing else."""

    def __init__(self) -> None:
        self.pages: list[tuple[str, PageRecord]] = []

    def page(self, site_url: str, record: PageRecord) -> None:
        self.pages.append((site_url, record))


async def test_an_outcome_computed_here_is_recorded_elsewhere(demo: World, tmp_path: Path) -> None:
    infected = next(s for s in sites_of(demo) if s.host == "diskominfo.kotaharapan.go.id")
    async with serve_logged(demo) as (port, _log):
        settings = settings_for(demo, port)
        session = make_session(settings.crawl)
        try:
            fetcher = Fetcher(session, settings.crawl)
            env = ScanEnv(
                settings=settings,
                fetcher=fetcher,
                sigs=load_signatures(settings.detect.signatures_dir),
                profiles=profiles_for(settings),
                known_bad=KnownBad.for_signatures_dir(settings.detect.signatures_dir),
                clock=lambda: T0,
            )
            memory = MemoryRecorder()
            outcome = await SiteJob(infected, env, memory).run(Crawler(fetcher, settings.crawl))
        finally:
            await session.close()
    assert outcome.status is SiteStatus.OK and outcome.complete
    assert outcome.started == outcome.finished == T0  # the injected clock
    # Streamed pages are provisional; the outcome has the same pages with final verdicts.
    assert [r.url for _u, r in memory.pages] == [p.url for p in outcome.pages]
    assert any(p.verdict is not Verdict.CLEAN for p in outcome.pages)
    # Another process gets it pickled and records it in its own store connection.
    shipped: SiteOutcome = pickle.loads(pickle.dumps(outcome))
    assert shipped == outcome
    with Store.open(tmp_path / "s.db", clock=lambda: T0) as store:
        recorder = StoreRecorder(store)
        scan_id = recorder.begin(T0, "test", [infected])
        result = recorder.record(shipped)
        recorder.finish(T0, complete=True)
        stored = store.load_scan(scan_id).sites[0]
    assert {i.id for i in result.incidents} == {i.id for i in outcome.incidents}
    assert stored.pages == outcome.pages and stored.incidents == result.incidents
    assert NullRecorder().record(outcome) == outcome.result()


def test_store_recorder_flushes_every_n_pages_and_the_outcome_has_the_last_word(
    tmp_path: Path,
) -> None:
    site = AIRPORT
    with Store.open(tmp_path / "s.db") as store:
        recorder = StoreRecorder(store, flush_every=3)
        scan_id = recorder.begin(T0, "test", [site])
        pages = [
            PageRecord(url=f"{site.url}berita/{n}", final_url=f"{site.url}berita/{n}", status=200)
            for n in range(5)
        ]
        for page in pages:
            recorder.page(site.url, page)
        # Three were written at once (kept if the process dies now); two wait in the buffer.
        assert len(store.load_scan(scan_id).sites[0].pages) == 3
        final = tuple(dataclasses.replace(p, verdict=Verdict.INFECTED) for p in pages)
        outcome = SiteOutcome(site=site, status=SiteStatus.OK, pages=final, finished=T0)
        recorder.record(outcome)
        recorder.finish(T0, complete=True)
        stored = store.load_scan(scan_id).sites[0]
    assert [p.verdict for p in stored.pages] == [Verdict.INFECTED] * 5
