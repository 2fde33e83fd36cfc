"""Runs the stages for every site, concurrently: crawl -> extract -> detect -> judge -> store.

Each site is scanned by a ``SiteScan`` that lives only for that site: it parses every page once
(the crawl handler returns the PageView's links to the crawler), fetches same-site stylesheets
and scripts once, samples pages for the cloaking comparison, and hands its findings to the judge.
Pages are flushed to the store as they come, so an interrupted scan keeps what it gathered.
A site that fails is recorded as data (``status="error"``) and the other sites go on.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import aiohttp

from scanner import __version__
from scanner.config import Settings
from scanner.crawl import Crawler, Fetcher, make_session, profile
from scanner.detect import Observation, PageContext, compare_profiles, detect_asset, detect_page
from scanner.extract import analyse, stylesheet_urls
from scanner.integrity import KnownBad, evaluate_site, fingerprint, mark_new
from scanner.judge import group_incidents, page_verdict
from scanner.models import (
    CrawledPage,
    Finding,
    Fingerprint,
    Incident,
    PageRecord,
    PageVerdict,
    PageView,
    Profile,
    ScanResult,
    Severity,
    Site,
    SiteResult,
    Verdict,
)
from scanner.signatures import SignatureSet, load_signatures
from scanner.store import Store
from scanner.urls import same_site

log = logging.getLogger(__name__)

ProgressFn = Callable[[str, int], None]
"""Called with (site host, pages fetched so far) as a scan advances."""

_FLUSH_EVERY = 50
_MAX_SAMPLE = 50
_MAX_ESCALATION = 300
"""At most this many sitemap-only and this many suspicious pages are compared across profiles."""


def now() -> datetime:
    """The current UTC time, second precision (what the store and reports show)."""
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True, slots=True)
class ScanEnv:
    """What every site scan of one run shares: settings, network, signatures, state."""

    settings: Settings
    fetcher: Fetcher
    sigs: SignatureSet
    store: Store | None
    scan_id: int
    profiles: Mapping[str, Profile]
    known_bad: KnownBad
    progress: ProgressFn | None = None


class SiteScan:
    """The per-site stage runner; its mutable state never leaves it (results are frozen)."""

    def __init__(self, site: Site, env: ScanEnv) -> None:
        self.site = site
        self.env = env
        self.host = site.host
        self.findings: list[Finding] = []
        self.records: list[PageRecord] = []
        self._unflushed: list[PageRecord] = []
        self._css: dict[str, str] = {}
        self._assets_seen: set[str] = set()
        self._suspicious: list[str] = []
        self._others: list[str] = []
        self._sitemap_only: list[str] = []
        self._homepage: str | None = None
        self._page_urls: dict[str, None] = {}
        """Analysed page URLs in crawl order (an ordered set)."""
        self._prints: dict[str, Fingerprint] = {}
        self._key_pages: set[str] = set()
        self._navigated: set[str] = set()
        """URLs the key pages link to visibly: new pages there are the site's own (drift)."""

    # ------------------------------------------------------------------ crawl handler

    async def on_page(self, page: CrawledPage) -> Sequence[str]:
        """Analyse one crawled page; return the internal links for the crawler to follow."""
        fetch = page.fetch
        url = fetch.final_url or fetch.url
        if page.via == "seed" and self._homepage is None:
            self._homepage = fetch.url
        record = _record(page)
        findings: list[Finding] = []
        links: list[str] = []
        if fetch.offsite_redirect or (fetch.is_html and fetch.text):
            ctx = PageContext(
                url=url,
                site_host=self.host,
                fetch=fetch,
                in_sitemap=page.in_sitemap,
                linked=page.linked,
                is_homepage=page.via == "seed",
            )
            if fetch.is_html and fetch.text:
                css = await self._stylesheets(fetch.text, url)
                view = analyse(fetch.text, url, site_host=self.host, css=css)
                links = [link.url for link in view.links if link.internal]
            else:
                view = analyse("", url, site_host=self.host)
            findings.extend(detect_page(view, ctx, self.env.sigs))
            fp = fingerprint(view, fetch, self.site.ignore)
            self._prints[fetch.url] = fp
            record = replace(record, fingerprint=fp)
            if page.depth <= 1:
                self._key_pages.add(fetch.url)
                shown = (lk.url for lk in view.links if lk.internal and not lk.hidden)
                self._navigated.update(shown)
            if view.scripts and self.env.settings.detect.fetch_assets:
                findings.extend(await self._scripts(view, ctx))
            # Suspicious enough to compare across profiles: a finding, or off-site links in
            # hidden content. Hidden UI (mobile menus, modals) alone is on nearly every page.
            if findings or any(link.hidden and not link.internal for link in view.links):
                self._suspicious.append(fetch.url)
            elif page.via != "seed":
                self._others.append(fetch.url)
        if not page.linked and page.in_sitemap:
            self._sitemap_only.append(fetch.url)
        verdict = page_verdict(url, findings)
        self._page_urls[url] = None
        self.findings.extend(findings)
        self._add_record(replace(record, verdict=verdict.verdict))
        if self.env.progress:
            self.env.progress(self.host, len(self.records))
        return links

    def _add_record(self, record: PageRecord) -> None:
        self.records.append(record)
        self._unflushed.append(record)
        if len(self._unflushed) >= _FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write pages gathered so far to the store (kept even if the scan is interrupted)."""
        if self.env.store is not None and self._unflushed:
            self.env.store.record_pages(self.env.scan_id, self.site.url, self._unflushed)
        self._unflushed = []

    # ------------------------------------------------------------------ assets

    async def _stylesheets(self, html: str, url: str) -> str:
        """Same-site CSS the page links, fetched once per site (hidden-by-class detection)."""
        parts: list[str] = []
        for href in stylesheet_urls(html, url):
            if not same_site(href, self.host):
                continue
            if href not in self._css:
                if len(self._css) >= self.env.settings.detect.max_assets:
                    continue
                self._css[href] = ""
                result = await self.env.fetcher.fetch(href, self.env.profiles["browser"], self.host)
                self._css[href] = (result.text or "")[:500_000] if result.ok else ""
            parts.append(self._css[href])
        return "\n".join(parts)

    async def _scripts(self, view: PageView, ctx: PageContext) -> list[Finding]:
        """Fetch and analyse same-site JS assets once per site."""
        out: list[Finding] = []
        for script in view.scripts:
            src = script.src
            if not src or not script.internal or src in self._assets_seen:
                continue
            if len(self._assets_seen) >= self.env.settings.detect.max_assets:
                break
            self._assets_seen.add(src)
            result = await self.env.fetcher.fetch(src, self.env.profiles["browser"], self.host)
            if result.ok and result.text:
                out.extend(detect_asset(src, result.text, ctx, self.env.sigs))
        return out

    # ------------------------------------------------------------------ cloaking

    def cloak_sample(self) -> list[str]:
        """Homepage, every sitemap-only page, every suspicious page and up to N others."""
        limit = self.env.settings.detect.cloak_sample
        chosen = [self._homepage or self.site.url]
        chosen += self._sitemap_only[:_MAX_SAMPLE] + self._suspicious[:_MAX_SAMPLE]
        chosen += self._others[:limit]
        return list(dict.fromkeys(u for u in chosen if u))

    async def cloaking(self) -> list[Finding]:
        """Fetch the sample with every profile and compare each with the browser view.

        A site caught cloaking on the sample is compared on the rest of its pages too (up to
        ``_MAX_ESCALATION``), so the incident lists every affected URL, not just the sample.
        """
        sample = self.cloak_sample()
        found = await self._compare(sample)
        if found:
            sampled = set(sample)
            rest = [u for u in self._others if u not in sampled][:_MAX_ESCALATION]
            found += await self._compare(rest)
        return found

    async def _compare(self, urls: Sequence[str]) -> list[Finding]:
        async def observe(url: str) -> list[Finding]:
            observations = await observe_profiles(
                self.env.fetcher, self.env.profiles, url, self.host
            )
            return compare_profiles(url, observations, self.env.sigs, self.host)

        out: list[Finding] = []
        for found in await asyncio.gather(*(observe(u) for u in urls)):
            out.extend(found)
        return out

    # ------------------------------------------------------------------ integrity

    def integrity(self, complete: bool) -> None:
        """Drift against the baseline; the first clean, complete scan becomes the baseline."""
        store = self.env.store
        # An empty baseline (no version saved yet) means "none".
        baseline = (store.baseline(self.site.url) if store is not None else None) or None
        self.findings = list(mark_new(self.findings, baseline, self._prints))
        outcome = evaluate_site(
            self.site,
            self._prints,
            baseline,
            self._key_pages,
            self.env.known_bad,
            findings=self.findings,
            navigated=self._navigated,
        )
        self.findings.extend(outcome.findings)
        for note in outcome.notes:
            log.debug("%s: %s", self.host, note)
        serious = any(f.severity.rank >= Severity.MEDIUM.rank for f in self.findings)
        if store is not None and outcome.is_first_baseline and complete and not serious:
            store.save_baseline(self.site.url, self._prints, self.env.scan_id, by="auto")
            log.info("%s: first complete clean scan saved as the baseline", self.host)

    # ------------------------------------------------------------------ run

    async def run(self, crawler: Crawler) -> SiteResult:
        """Crawl, analyse, compare profiles, judge and record this site."""
        started = now()
        try:
            crawl = await crawler.crawl(self.site, self.on_page)
            pages = crawl.pages
            reachable = any(p.fetch.status is not None for p in pages)
            if not reachable:
                self.flush()
                error = pages[0].fetch.error if pages and pages[0].fetch.error else None
                reason = f"{error.kind}: {error.message}" if error else "no page could be fetched"
                return self._finish(started, "unreachable", reason, complete=False)
            self.findings.extend(await self.cloaking())
            self.integrity(complete=crawl.complete)
            self.flush()
            return self._finish(started, "ok", "", complete=crawl.complete)
        except asyncio.CancelledError:
            self.flush()
            raise
        except Exception as exc:  # a bug must not cost the other sites their results
            log.error("%s: scan failed: %s", self.site.url, exc)
            log.debug("%s", traceback.format_exc())
            self.flush()
            return self._finish(started, "error", f"{type(exc).__name__}: {exc}", complete=False)

    def _finish(self, started: datetime, status: str, error: str, complete: bool) -> SiteResult:
        finished = now()
        verdicts = self._merge_verdicts()
        incidents = group_incidents(self.site, self.findings, finished)
        resolved: tuple[Incident, ...] = ()
        if self.env.store is not None:
            sync = self.env.store.sync_incidents(
                self.env.scan_id,
                self.site.url,
                incidents,
                finished,
                scan_complete_for_site=(status == "ok"),
            )
            incidents, resolved = tuple(sync.incidents), tuple(sync.resolved)
        result = SiteResult(
            site=self.site,
            status=status,
            error=error,
            pages=tuple(self.records),
            verdicts=verdicts,
            incidents=incidents,
            resolved=resolved,
            started=started,
            finished=finished,
        )
        if self.env.store is not None:
            self.env.store.record_site_result(self.env.scan_id, result)
        return result

    def _merge_verdicts(self) -> tuple[PageVerdict, ...]:
        """Page verdicts including findings that came after the page (cloaking, assets)."""
        by_url: dict[str, list[Finding]] = {}
        for finding in self.findings:
            by_url.setdefault(finding.url, []).append(finding)
        merged = [page_verdict(url, by_url.get(url, [])) for url in self._page_urls]
        extra = [page_verdict(url, fs) for url, fs in by_url.items() if url not in self._page_urls]
        return tuple(v for v in merged + extra if v.verdict is not Verdict.CLEAN)


def profiles_for(settings: Settings) -> dict[str, Profile]:
    """Every fetch profile, the browser one carrying the configured User-Agent."""
    names = ("browser", *settings.detect.cloak_profiles)
    return {name: profile(name, settings.crawl.user_agent) for name in names}


def _record(page: CrawledPage) -> PageRecord:
    f = page.fetch
    return PageRecord(
        url=f.url,
        final_url=f.final_url,
        status=f.status,
        redirects=f.redirects,
        content_type=f.content_type,
        size=f.size,
        elapsed_ms=f.elapsed_ms,
        error=f.error,
        body_sha256=f.body_sha256,
        via=page.via,
    )


async def observe_profiles(
    fetcher: Fetcher, profiles: Mapping[str, Profile], url: str, host: str
) -> dict[str, Observation]:
    """Fetch ``url`` once with every profile (concurrently) and analyse each HTML answer.

    The observations are what the cloaking comparison needs; ``scanner check URL`` uses them
    too. Non-HTML answers (a redirect, an error) carry no view.
    """
    fetches = await asyncio.gather(*(fetcher.fetch(url, p, host) for p in profiles.values()))
    observations: dict[str, Observation] = {}
    for name, fetch in zip(profiles, fetches, strict=True):
        final = fetch.final_url or fetch.url
        view = analyse(fetch.text, final, site_host=host) if fetch.is_html and fetch.text else None
        observations[name] = Observation(profile=name, fetch=fetch, view=view)
    return observations


async def scan_sites(
    sites: Sequence[Site],
    settings: Settings,
    *,
    store: Store | None = None,
    session: aiohttp.ClientSession | None = None,
    sigs: SignatureSet | None = None,
    progress: ProgressFn | None = None,
) -> ScanResult:
    """Scan every site concurrently and return the frozen ScanResult.

    ``session`` is injected by tests; otherwise one is made for this scan and closed after it.
    With a ``store`` the scan, its pages and incident history are recorded as they come; on
    cancellation (Ctrl-C, SIGTERM) what was gathered is kept and the scan is marked incomplete.
    """
    sigs = sigs or load_signatures(settings.detect.signatures_dir)
    started = now()
    scan_id = store.begin_scan(started, __version__, sites) if store is not None else 0
    own_session = session is None
    session = session or make_session(settings.crawl)
    fetcher = Fetcher(session, settings.crawl)
    crawler = Crawler(fetcher, settings.crawl)
    known_bad = KnownBad.for_signatures_dir(settings.detect.signatures_dir)
    env = ScanEnv(
        settings, fetcher, sigs, store, scan_id, profiles_for(settings), known_bad, progress
    )
    scans = [SiteScan(site, env) for site in sites]
    results: list[SiteResult | None] = [None] * len(scans)
    complete = False

    async def one(index: int) -> None:
        results[index] = await scans[index].run(crawler)

    try:
        await asyncio.gather(*(one(i) for i in range(len(scans))))
        complete = all(r is not None and r.status != "error" for r in results)
    except asyncio.CancelledError:
        # Ctrl-C / SIGTERM: keep what was gathered; the result says the scan is incomplete.
        log.warning("scan %s interrupted; keeping what was gathered", scan_id)
    finally:
        finished = now()
        partial = [
            r if r is not None else _interrupted(s, started, finished)
            for r, s in zip(results, scans, strict=True)
        ]
        if store is not None:
            store.finish_scan(scan_id, finished, complete)
        if own_session:
            await session.close()
    return ScanResult(
        id=scan_id,
        started=started,
        finished=finished,
        complete=complete,
        scanner_version=__version__,
        sites=tuple(partial),
    )


def _interrupted(scan: SiteScan, started: datetime, finished: datetime) -> SiteResult:
    scan.flush()
    return SiteResult(
        site=scan.site,
        status="error",
        error="scan interrupted before this site finished",
        pages=tuple(scan.records),
        started=started,
        finished=finished,
    )
