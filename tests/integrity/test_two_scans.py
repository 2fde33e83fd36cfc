"""Two nightly scans of a loopback .go.id site: what the integrity stage raises between them.

The site (``tests/integrity/site.py``) is served by a real aiohttp server on 127.0.0.1 and
crawled with the project's crawler through the resolver override; every page goes through the
real ``extract.analyse`` and ``fingerprint``, and ``evaluate_site`` compares the two rounds the
way the pipeline does (key pages: crawl depth <= 1).
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from aiohttp import web

from scanner.config import CrawlSettings
from scanner.crawl import Crawler, Fetcher, make_session
from scanner.demo.world import defacement
from scanner.extract import analyse
from scanner.integrity import KnownBad, add_known_bad, evaluate_site, fingerprint
from scanner.models import CrawledPage, Fingerprint, Severity, Site, Technique
from tests.integrity.site import (
    EXTRA_NEWS,
    HOST,
    NEWS,
    PROTEST,
    WELCOME,
    SiteState,
    redirect,
    render,
)

OTHER_HOST = "bappeda.kotabaru-contoh.go.id"
"""A second site of the inventory, defaced later with a page known from elsewhere."""


@dataclass
class LoopbackSites:
    """The served sites: host -> what it serves tonight (tests change it between scans)."""

    states: dict[str, SiteState] = field(default_factory=dict)
    port: int = 0

    async def handle(self, request: web.Request) -> web.Response:
        host = (request.host or "").split(":")[0].lower()
        state = self.states.get(host)
        moved = redirect(state, request.path) if state is not None else None
        if moved is not None:
            raise web.HTTPMovedPermanently(moved)
        body = render(state, request.path) if state is not None else None
        if body is None:
            return web.Response(status=404, text="Halaman tidak ditemukan")
        return web.Response(text=body, content_type="text/html", charset="utf-8")


@dataclass(frozen=True, slots=True)
class Round:
    """One scan of one site: fingerprints by URL and the key pages (depth <= 1)."""

    site: Site
    fingerprints: dict[str, Fingerprint]
    key_pages: tuple[str, ...]
    navigated: frozenset[str] = frozenset()
    """URLs the key pages link to visibly (what the pipeline passes as ``navigated``)."""


@pytest.fixture(name="sites")
async def sites_fixture() -> AsyncIterator[LoopbackSites]:
    served = LoopbackSites({HOST: SiteState(), OTHER_HOST: SiteState()})
    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", served.handle)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    served.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield served
    await runner.cleanup()


async def scan(served: LoopbackSites, host: str = HOST) -> Round:
    """Crawl ``host`` over loopback and fingerprint every HTML page, as the pipeline would."""
    settings = dataclasses.replace(
        CrawlSettings(),
        host_overrides=tuple((h, f"127.0.0.1:{served.port}") for h in served.states),
        trust_env=False, retries=0, total_timeout=5.0, max_pages=50,
    )  # fmt: skip
    site = Site(url=f"http://{host}/")
    prints: dict[str, Fingerprint] = {}
    keys: list[str] = []
    navigated: set[str] = set()

    async def on_page(page: CrawledPage) -> Sequence[str]:
        fetch = page.fetch
        if not (fetch.is_html and fetch.text):
            return []
        url = fetch.final_url or fetch.url
        view = analyse(fetch.text, url, site_host=site.host)
        prints[url] = fingerprint(view, fetch, site.ignore)
        if page.depth <= 1:
            keys.append(url)
            navigated.update(lk.url for lk in view.links if lk.internal and not lk.hidden)
        return [link.url for link in view.links if link.internal]

    session = make_session(settings)
    try:
        await Crawler(Fetcher(session, settings), settings).crawl(site, on_page)
    finally:
        await session.close()
    return Round(site, prints, tuple(keys), frozenset(navigated))


def evaluate(before: Round, after: Round, known_bad: KnownBad | None = None) -> list[
        tuple[Technique, Severity, str]]:  # fmt: skip
    outcome = evaluate_site(after.site, after.fingerprints, before.fingerprints,
                            after.key_pages, known_bad or KnownBad())  # fmt: skip
    return [(f.technique, f.severity, f.url) for f in outcome.findings]


async def test_benign_night_raises_nothing(sites: LoopbackSites) -> None:
    before = await scan(sites)
    assert len(before.fingerprints) >= 10
    assert f"http://{HOST}/" in before.key_pages
    # Next night: new date and day name, visitor counter, CSRF token, banner order, relative
    # times and view counts, and a new news item pushing the list down.
    sites.states[HOST] = SiteState(day=1, news=[EXTRA_NEWS, *NEWS])
    after = await scan(sites)
    outcome = evaluate_site(after.site, after.fingerprints, before.fingerprints,
                            after.key_pages, KnownBad())  # fmt: skip
    assert outcome.findings == ()
    assert not outcome.is_first_baseline
    # The new article is recorded as a note, not raised.
    assert any(n.kind == "page_added" for n in outcome.notes)
    home = f"http://{HOST}/"
    assert after.fingerprints[home].content_sha256 == before.fingerprints[home].content_sha256


async def test_first_scan_is_the_first_baseline(sites: LoopbackSites) -> None:
    first = await scan(sites)
    outcome = evaluate_site(first.site, first.fingerprints, None, first.key_pages, KnownBad())
    assert outcome.is_first_baseline and outcome.findings == ()


async def test_redesign_raises_at_most_one_low_finding(sites: LoopbackSites) -> None:
    before = await scan(sites)
    sites.states[HOST] = SiteState(day=2, redesign=True)
    after = await scan(sites)
    outcome = evaluate_site(after.site, after.fingerprints, before.fingerprints,
                            after.key_pages, KnownBad())  # fmt: skip
    assert outcome.redesign
    assert len(outcome.findings) == 1
    finding = outcome.findings[0]
    assert finding.severity is Severity.LOW and finding.technique is Technique.CONTENT_CHANGE
    assert "baseline accept" in finding.summary


async def test_headline_replacement_without_signature_is_a_content_change(
    sites: LoopbackSites,
) -> None:
    before = await scan(sites)
    sites.states[HOST] = SiteState(day=1, headline=PROTEST)
    after = await scan(sites)
    outcome = evaluate_site(after.site, after.fingerprints, before.fingerprints,
                            after.key_pages, KnownBad())  # fmt: skip
    assert [(f.technique, f.severity, f.url) for f in outcome.findings] == [
        (Technique.CONTENT_CHANGE, Severity.MEDIUM, f"http://{HOST}/")
    ]
    ev = outcome.findings[0].evidence[0]
    assert ev.detail.startswith("text replaced") and "+++" not in ev.detail
    assert ev.diff.startswith("--- baseline\n+++ tonight")
    assert "-selamat datang di portal resmi" in ev.diff
    assert "+pejabat sibuk pencitraan, rakyat dilupakan" in ev.diff
    assert len(ev.diff.splitlines()) <= 64


async def test_only_the_headline_swapped_is_caught(sites: LoopbackSites) -> None:
    before = await scan(sites)
    sites.states[HOST] = SiteState(day=3, headline=(PROTEST[0], *WELCOME[1:]))
    after = await scan(sites)
    found = evaluate(before, after)
    assert found == [(Technique.CONTENT_CHANGE, Severity.MEDIUM, f"http://{HOST}/")]


async def test_new_external_script_raises_a_finding(sites: LoopbackSites) -> None:
    before = await scan(sites)
    sites.states[HOST] = SiteState(day=1, extra_script="cdn.statcounter-analytics.xyz")
    after = await scan(sites)
    outcome = evaluate_site(after.site, after.fingerprints, before.fingerprints,
                            after.key_pages, KnownBad())  # fmt: skip
    assert len(outcome.findings) == 1
    finding = outcome.findings[0]
    assert finding.technique is Technique.EXTERNAL_SCRIPT
    assert finding.target_domain == "statcounter-analytics.xyz"
    assert finding.new_since_baseline and finding.severity is Severity.HIGH


async def test_new_verification_token_raises_site_verification(sites: LoopbackSites) -> None:
    before = await scan(sites)
    sites.states[HOST] = SiteState(day=1, verification="xQ7-attacker-claim-Kp2")
    after = await scan(sites)
    found = evaluate(before, after)
    assert (Technique.SITE_VERIFICATION, Severity.MEDIUM, f"http://{HOST}/") in found
    assert all(t is Technique.SITE_VERIFICATION for t, _, _ in found)


async def test_known_defacement_matches_by_hash_on_a_new_host(
    sites: LoopbackSites, tmp_path: Path
) -> None:
    # The page was saved from an earlier incident elsewhere and added to the list.
    page = defacement.page(random.Random(11), "image_audio", "id")
    saved = tmp_path / "saved.html"
    saved.write_text(page, encoding="utf-8")
    hashes = tmp_path / "hashes.yaml"
    entry = add_known_bad(saved, "Fictitious image-and-song defacement", "defacement",
                          target=hashes)  # fmt: skip
    known = KnownBad.load(hashes)
    # Tonight another site of the inventory serves it as its homepage, no baseline needed.
    sites.states[OTHER_HOST] = SiteState(homepage_override=page)
    tonight = await scan(sites, OTHER_HOST)
    outcome = evaluate_site(tonight.site, tonight.fingerprints, None, tonight.key_pages, known)
    assert [(f.technique, f.severity) for f in outcome.findings] == [
        (Technique.KNOWN_BAD_HASH, Severity.CRITICAL)
    ]
    assert outcome.findings[0].url == f"http://{OTHER_HOST}/"
    assert entry.sha256 in outcome.findings[0].evidence[0].detail
