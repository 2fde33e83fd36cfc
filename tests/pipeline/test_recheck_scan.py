"""Night 2 decides an incident's fate only from pages it saw, in one process and with workers.

The Dinas Perhubungan site of Kabupaten Tirta: a homepage (with the "slot" of a service
schedule and the Bandar Udara as traps), a news page, and /pengumuman, which night 1 serves
with hidden judi-online links. Night 2 plays what an attacker or a sick server does to that
page, and the state must say "resolved" only when the page was seen clean or is gone.
Both ways of running a scan go through the same recorder, so both are tested.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from aiohttp import web

from scanner.config import load_settings
from scanner.demo.hostile import pages
from scanner.models import (
    Change,
    IncidentStatus,
    RecheckGap,
    ScanResult,
    Site,
    SiteResult,
    Via,
)
from scanner.pipeline import scan_sites
from scanner.store import Store
from scanner.workers import scan_with_workers
from tests.crawl.loopback import Handler, html, serve

HOST = "dishub.kabtirta.go.id"
URL = f"http://{HOST}/"
OWNER = "Dinas Perhubungan Kabupaten Tirta"
NOTICE = URL + "pengumuman"

HOME_LINKS = '<a href="/berita/jadwal-bus">Jadwal</a> <a href="/pengumuman">Pengumuman</a>'
HOME_UNLINKED = '<a href="/berita/jadwal-bus">Jadwal</a>'
NEWS = pages.page(
    "Jadwal Bus Bandara",
    OWNER,
    "<p>Bus DAMRI dari Terminal Tirta ke Bandar Udara setiap jam; slot keberangkatan "
    "pukul 05.00 dan 06.00 WIB.</p>",
)
INFECTED = pages.page("Pengumuman", OWNER, pages.PAYLOAD)
CLEANED = pages.page("Pengumuman", OWNER, "<p>Pengumuman seleksi pegawai tahun 2026.</p>")



def _routes(night: dict[str, str]) -> dict[str, Handler]:
    """Night 1 infected; night 2 as ``night["mode"]`` says."""

    async def notice(request: web.Request) -> web.StreamResponse:
        mode = night["mode"]
        if mode in ("infected", "unlinked"):
            return await html(INFECTED)(request)
        if mode in ("cleaned", "unlinked-cleaned"):
            return await html(CLEANED)(request)
        if mode == "gone":
            return web.Response(status=410, text="Halaman sudah dihapus")
        return web.Response(status=503, text="Layanan sedang dalam pemeliharaan")

    async def home(request: web.Request) -> web.StreamResponse:
        # the attacker removes the link to the injected page (it is still served)
        links = HOME_UNLINKED if night["mode"].startswith("unlinked") else HOME_LINKS
        return await html(pages.page("Beranda", OWNER, pages.TIME_SLOT, links))(request)

    return {
        "/": home,
        "/berita/jadwal-bus": html(NEWS),
        "/pengumuman": notice,
    }


async def _two_nights(
    tmp_path: Path, mode: str, workers: int, hits: list[str] | None = None
) -> tuple[SiteResult, SiteResult]:
    night = {"mode": "infected"}
    async with serve(HOST, _routes(night)) as site:
        base = load_settings(env={})
        settings = dataclasses.replace(base, crawl=site.settings, state=str(tmp_path / "s.db"))
        sites = [Site(url=URL, name=OWNER)]
        results: list[ScanResult] = []
        with Store.open(tmp_path / "s.db") as store:
            for _ in range(2):
                if workers:
                    results.append(
                        await scan_with_workers(sites, settings, store=store, workers=workers)
                    )
                else:
                    results.append(await scan_sites(sites, settings, store=store))
                night["mode"] = mode
                if hits is not None:
                    hits.clear()
        if hits is not None:
            hits.extend(site.hits)
    return results[0].sites[0], results[1].sites[0]


@pytest.mark.parametrize("workers", [0, 2], ids=["in-process", "workers-2"])
async def test_a_page_answering_503_keeps_its_incident_not_re_checked(
    tmp_path: Path, workers: int
) -> None:
    first, second = await _two_nights(tmp_path, "unavailable", workers)
    [found] = first.incidents
    assert found.change is Change.NEW and NOTICE in found.urls
    assert second.resolved == ()
    [kept] = second.incidents
    assert (kept.id, kept.change, kept.status) == (found.id, Change.ONGOING, IncidentStatus.OPEN)
    assert [(u.url, u.gap) for u in kept.unchecked] == [(NOTICE, RecheckGap.FAILED)]
    assert "503" in kept.unchecked[0].detail
    with Store.open(tmp_path / "s.db") as store:
        assert store.get_incident(found.id).status is IncidentStatus.OPEN
        assert [e.action for e in store.history(found.id)][-1] == "not_rechecked"


@pytest.mark.parametrize("workers", [0, 2], ids=["in-process", "workers-2"])
@pytest.mark.parametrize("mode", ["cleaned", "gone"])
async def test_a_page_seen_clean_or_gone_resolves_its_incident(
    tmp_path: Path, workers: int, mode: str
) -> None:
    first, second = await _two_nights(tmp_path, mode, workers)
    [found] = first.incidents
    assert [i.id for i in second.resolved] == [found.id]
    assert second.incidents == ()


@pytest.mark.parametrize("workers", [0, 2], ids=["in-process", "workers-2"])
async def test_an_injected_page_whose_link_was_removed_is_still_re_checked(
    tmp_path: Path, workers: int
) -> None:
    hits: list[str] = []
    first, second = await _two_nights(tmp_path, "unlinked", workers, hits)
    [found] = first.incidents
    assert "/pengumuman" in hits  # fetched again, though nothing links to it any more
    [again] = second.incidents
    assert (again.id, again.change, again.unchecked) == (found.id, Change.ONGOING, ())
    assert again.times_seen == 2
    [notice] = [p for p in second.pages if p.url == NOTICE]
    assert notice.via is Via.REVISIT
    assert second.resolved == ()


@pytest.mark.parametrize("workers", [0, 2], ids=["in-process", "workers-2"])
async def test_an_unlinked_page_cleaned_meanwhile_resolves(tmp_path: Path, workers: int) -> None:
    first, second = await _two_nights(tmp_path, "unlinked-cleaned", workers)
    assert [i.id for i in second.resolved] == [first.incidents[0].id]
