"""Benign drift between two nights raises nothing at medium (issue 11, class 11): a redesign
that moves every page under ``/id/`` with 301s from the old URLs, a new menu section of pages,
and a new article featured at the top of the homepage. Controls: planted pages linked only from
a hidden block, and a featured block whose text the site publishes nowhere else, still count."""

from __future__ import annotations

from scanner.integrity import KnownBad, evaluate_site
from scanner.integrity.evaluate import IntegrityOutcome
from scanner.models import Severity, Technique
from tests.integrity.site import EXTRA_NEWS, HOST, NEWS, PROTEST, SiteState
from tests.integrity.test_two_scans import (  # noqa: F401 (fixture)
    LoopbackSites,
    Round,
    scan,
    sites_fixture,
)

SECTION = tuple(
    (f"Pengumuman Seleksi Tenaga Pendukung Tahap {i}",
     f"Diumumkan kepada peserta seleksi tenaga pendukung tahap {i} agar hadir di aula dinas "
     "dengan membawa kartu peserta, KTP asli dan alat tulis sesuai jadwal yang ditetapkan.")
    for i in range(1, 13)
)  # fmt: skip


def outcome(before: Round, after: Round) -> IntegrityOutcome:
    return evaluate_site(after.site, after.fingerprints, before.fingerprints, after.key_pages,
                         KnownBad(), navigated=after.navigated)  # fmt: skip


def medium_or_worse(out: IntegrityOutcome) -> list[str]:
    return [f"{f.technique}: {f.summary}" for f in out.findings
            if f.severity.rank >= Severity.MEDIUM.rank]  # fmt: skip


async def test_pages_moved_under_id_with_301s_are_not_doorways(sites: LoopbackSites) -> None:
    before = await scan(sites)
    sites.states[HOST] = SiteState(day=1, prefix="/id")
    after = await scan(sites)
    assert sum(u.split(HOST, 1)[1].startswith("/id/") for u in after.fingerprints) >= 10
    out = outcome(before, after)
    assert medium_or_worse(out) == []
    assert any(n.kind == "page_moved" for n in out.notes)


async def test_redesign_moved_under_id_and_news_update_together(sites: LoopbackSites) -> None:
    before = await scan(sites)
    sites.states[HOST] = SiteState(day=2, prefix="/id", redesign=True,
                                   news=[EXTRA_NEWS, *NEWS], featured=0)  # fmt: skip
    after = await scan(sites)
    assert medium_or_worse(outcome(before, after)) == []


async def test_new_menu_section_is_not_a_doorway_bulk(sites: LoopbackSites) -> None:
    before = await scan(sites)
    sites.states[HOST] = SiteState(day=1, section=SECTION)
    after = await scan(sites)
    assert sum("/pengumuman/" in u for u in after.fingerprints) == len(SECTION)
    assert medium_or_worse(outcome(before, after)) == []


async def test_featured_news_update_on_the_homepage_is_routine(sites: LoopbackSites) -> None:
    sites.states[HOST] = SiteState(featured=0)
    before = await scan(sites)
    sites.states[HOST] = SiteState(day=1, news=[EXTRA_NEWS, *NEWS], featured=0)
    after = await scan(sites)
    out = outcome(before, after)
    assert medium_or_worse(out) == []
    assert any(n.kind == "text" and n.url == f"http://{HOST}/" for n in out.notes)


async def test_planted_pages_behind_a_hidden_block_still_raise(sites: LoopbackSites) -> None:
    before = await scan(sites)
    sites.states[HOST] = SiteState(day=1, planted=12)
    after = await scan(sites)
    found = [(f.technique, f.severity) for f in outcome(before, after).findings]
    assert (Technique.DOORWAY_PAGE, Severity.MEDIUM) in found


async def test_featured_text_published_nowhere_else_is_still_a_change(
    sites: LoopbackSites,
) -> None:
    sites.states[HOST] = SiteState(featured=0)
    before = await scan(sites)
    # The featured block now carries a message no other page of the site publishes.
    sites.states[HOST] = SiteState(day=1, featured=0, featured_text=(PROTEST[0], PROTEST[1]))
    after = await scan(sites)
    found = [(f.technique, f.severity, f.url) for f in outcome(before, after).findings]
    assert (Technique.CONTENT_CHANGE, Severity.MEDIUM, f"http://{HOST}/") in found
