"""One site, one straight job: crawl and analyse -> compare profiles -> integrity -> judge once.

``SiteJob.run`` returns a frozen ``SiteOutcome`` and records nothing but the pages it streams
to the recorder as it goes (so a killed process keeps them); recording the outcome is the
caller's step, which lets the outcome be computed in one process and recorded in another.
Each page gets exactly one verdict, computed once at the end from every finding about it
(its own, its scripts', the cloaking comparison's and the integrity stage's).

A job that is cancelled (Ctrl-C, SIGTERM) is asked for ``interrupted()``: the outcome of the
pages analysed so far, judged the same way, marked incomplete so it resolves nothing.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from scanner.crawl import Crawler, Discovered
from scanner.integrity import evaluate_site, mark_new
from scanner.judge import group_incidents, page_verdict
from scanner.models import (
    CrawledPage,
    Exchange,
    FetchError,
    Finding,
    Fingerprint,
    Limit,
    LimitKind,
    PageRecord,
    PageVerdict,
    Severity,
    Site,
    SiteOutcome,
    SiteStatus,
    Verdict,
)
from scanner.pipeline.assets import SiteAssets
from scanner.pipeline.cloak import CloakPlan
from scanner.pipeline.env import Phase, PhaseProgress, ScanEnv
from scanner.pipeline.page import analyse_page
from scanner.store.recorder import Recorder

log = logging.getLogger(__name__)

INTERRUPTED = "scan interrupted before this site finished"

_VERDICT_RANK = {Verdict.CLEAN: 0, Verdict.SUSPICIOUS: 1, Verdict.INFECTED: 2, Verdict.DEFACED: 3}


class SiteJob:
    """The stage runner of one site; its mutable state never leaves it (the outcome is frozen)."""

    def __init__(self, site: Site, env: ScanEnv, recorder: Recorder) -> None:
        """A job for ``site``. From ``recorder`` it reads the pages of the site's active
        incidents to fetch again (before the crawl) and the baseline (when the crawl is done:
        a scan of many sites holds no baselines it does not need yet), and to it it streams
        page records as they come; it never records the outcome itself."""
        self.site = site
        self._env = env
        self._recorder = recorder
        self._assets = SiteAssets(site.host, env, site.url)
        self._cloak = CloakPlan(site.url, site.host, env)
        self._records: list[PageRecord] = []
        self._findings: list[Finding] = []
        self._prints: dict[str, Fingerprint] = {}
        self._key_pages: set[str] = set()
        self._navigated: set[str] = set()
        """URLs the key pages link to visibly: new pages there are the site's own (drift)."""
        self._failed = 0
        self._analysed = 0
        self._limits: list[Limit] = []
        """Limits hit on this site: the crawl's, the deadlines', and every cut page's."""
        self._started: datetime | None = None

    # ------------------------------------------------------------------ crawl handler

    async def on_page(self, page: CrawledPage) -> Sequence[str | Discovered]:
        """Analyse one crawled page; return the internal links for the crawler to follow."""
        done = await analyse_page(page, self.site, self._env, self._assets)
        record = done.record
        if done.failed:
            self._failed += 1
        else:
            self._analysed += done.analysed
            self._cloak.offer(page, done.view, done.suspicious, done.analysed)
        if record.fingerprint is not None:
            self._prints[record.url] = record.fingerprint
            if page.depth <= 1:
                self._key_pages.add(record.url)
                self._navigated.update(done.shown_links)
        self._findings.extend(done.findings)
        self._limits.extend(record.limits)
        if not record.tls_verified:
            log.warning("%s: fetched WITHOUT a verified TLS certificate (fallback)", record.url)
        if not done.failed:
            # Provisional (this page's own findings): the outcome rewrites it with the final one.
            record = _with_verdict(record, page_verdict(record.url, done.findings).verdict)
        self._records.append(record)
        self._recorder.page(self.site.url, record)
        if self._env.progress is not None:
            self._env.progress(self.site.host, len(self._records))
        return done.links

    # ------------------------------------------------------------------ run

    async def run(self, crawler: Crawler) -> SiteOutcome:
        """Crawl, analyse, compare profiles, check integrity and judge this site once, within
        ``crawl.site_deadline``: past it the site stops with what was analysed (``stopped``)."""
        deadline = self._env.settings.crawl.site_deadline
        try:
            return await asyncio.wait_for(self._run(crawler), deadline)
        except TimeoutError:
            reason = f"site deadline reached ({deadline:g} s, crawl.site_deadline)"
            return self.stopped(LimitKind.SITE_DEADLINE, reason)

    async def _run(self, crawler: Crawler) -> SiteOutcome:
        self._started = self._env.clock()
        if self._env.capture is not None:
            self._env.capture.open(self.site.url)
        try:
            # the pages of the site's active incidents, fetched even when no link leads there
            revisit = self._recorder.revisit(self.site.url)
            crawl = await crawler.crawl(self.site, self.on_page, revisit=revisit)
            if not any(p.fetch.status is not None for p in crawl.pages):
                error = crawl.pages[0].fetch.error if crawl.pages else None
                reason = f"{error.kind}: {error.message}" if error else "no page could be fetched"
                return self._outcome(SiteStatus.UNREACHABLE, reason, complete=False)
            self._limits[:0] = crawl.limits
            if not self._analysed:
                return self._nothing_analysed(crawl.pages[0].fetch.error)
            answered = any(p.fetch.ok for p in crawl.pages)
            if not answered and not self._findings:
                # Every answer was an HTTP error (a 503 maintenance page for every URL): the
                # site's own content was never seen, so it is no "ok, clean" site and no
                # baseline. (A defacement served with an error status has findings: judged
                # below, incomplete.)
                return self._nothing_analysed(crawl.pages[0].fetch.error)
            self._phase(Phase.CLOAK)
            self._findings.extend(await self._cloak.run())
            cut = any(r.limits for r in self._records)
            complete = answered and crawl.complete and self._failed == 0 and not cut
            self._phase(Phase.INTEGRITY)
            new_baseline = self._integrity(complete)
            return self._outcome(SiteStatus.OK, "", complete, new_baseline)
        except Exception as exc:  # a bug must not cost the other sites their results
            log.error("%s: scan failed: %s", self.site.url, exc)
            log.debug("%s", traceback.format_exc())
            return self._outcome(SiteStatus.ERROR, f"{type(exc).__name__}: {exc}", complete=False)

    def _phase(self, phase: Phase) -> None:
        """Tell a display that shows phases where this site is (see ``PhaseProgress``)."""
        progress = self._env.progress
        if isinstance(progress, PhaseProgress):
            progress.phase(self.site.host, phase)

    def _nothing_analysed(self, error: FetchError | None) -> SiteOutcome:
        """The site answered but no page could be analysed: not ok, not clean, no baseline."""
        why = f"{error.kind}: {error.message}" if error else "no HTML page among the answers"
        reason = f"no page could be analysed (homepage: {why})"
        log.error("%s: %s", self.site.url, reason)
        self._limits.append(Limit(LimitKind.NOTHING_ANALYSED, why, self.site.url))
        return self._outcome(SiteStatus.ERROR, reason, complete=False)

    def stopped(self, kind: LimitKind, reason: str) -> SiteOutcome:
        """The outcome of what was analysed before a deadline stopped this site (incomplete,
        with the deadline as a limit): ``ok`` when some page was analysed, else ``error``."""
        if self._started is None:
            self._started = self._env.clock()
        self._limits.append(Limit(kind, reason, self.site.url))
        log.warning(
            "%s: %s; keeping the %d page(s) analysed", self.site.url, reason, self._analysed
        )
        status = SiteStatus.OK if self._analysed else SiteStatus.ERROR
        return self._outcome(status, reason, complete=False)

    def interrupted(self) -> SiteOutcome:
        """The outcome of what was analysed before the scan stopped (incomplete)."""
        if self._started is None:
            self._started = self._env.clock()
        return self._outcome(SiteStatus.ERROR, INTERRUPTED, complete=False)

    def _integrity(self, complete: bool) -> bool:
        """Drift against the baseline; True when tonight should become the first baseline."""
        baseline = self._recorder.baseline(self.site.url) or None  # empty: none saved yet
        self._findings = list(mark_new(self._findings, baseline, self._prints))
        outcome = evaluate_site(
            self.site,
            self._prints,
            baseline,
            self._key_pages,
            self._env.known_bad,
            findings=self._findings,
            navigated=self._navigated,
        )
        self._findings.extend(outcome.findings)
        for note in outcome.notes:
            log.debug("%s: %s", self.site.host, note)
        serious = any(f.severity.rank >= Severity.MEDIUM.rank for f in self._findings)
        return outcome.is_first_baseline and complete and not serious

    # ------------------------------------------------------------------ judge, once

    def _outcome(
        self, status: SiteStatus, error: str, complete: bool, new_baseline: bool = False
    ) -> SiteOutcome:
        finished = self._env.clock()
        self._phase(Phase.DONE)
        verdicts = self._verdicts()
        by_url = {v.url: v.verdict for v in verdicts}
        pages = tuple(_final(record, by_url) for record in self._records)
        return SiteOutcome(
            site=self.site,
            status=status,
            error=error,
            complete=complete,
            pages=pages,
            verdicts=verdicts,
            incidents=group_incidents(self.site, self._findings, finished),
            new_baseline=new_baseline,
            started=self._started,
            finished=finished,
            limits=(*self._limits, *self._assets.limits()),
            exchanges=self._evidence(),
        )

    def _evidence(self) -> tuple[Exchange, ...]:
        """The captured exchanges of every page with a finding (and the hops leading to it);
        the site's spool is released either way."""
        capture = self._env.capture
        if capture is None:
            return ()
        found = {f.url for f in self._findings}
        wanted: dict[str, str] = {url: url for url in found}
        for r in self._records:
            page = r.final_url or r.url
            if page in found or r.url in found:
                for url in (r.url, *(hop.url for hop in r.redirects), page):
                    wanted.setdefault(url, page)
        return capture.take(self.site.url, wanted, self._env.profiles)

    def _verdicts(self) -> tuple[PageVerdict, ...]:
        """Every page that is not clean, with all the findings about it, in crawl order."""
        by_url: dict[str, list[Finding]] = {}
        for finding in self._findings:
            by_url.setdefault(finding.url, []).append(finding)
        order: dict[str, None] = {}
        failed: dict[str, PageVerdict] = {}
        for r in self._records:
            if r.error is not None and r.verdict is Verdict.ERROR:
                failed[r.url] = PageVerdict(r.url, Verdict.ERROR, error=r.error.message)
            else:
                order[r.final_url or r.url] = None
        urls = [*order, *(u for u in by_url if u not in order)]
        judged = [page_verdict(u, by_url.get(u, ())) for u in urls]
        kept = [v for v in judged if v.verdict is not Verdict.CLEAN]
        return (*kept, *failed.values())


def _final(record: PageRecord, by_url: dict[str, Verdict]) -> PageRecord:
    """The record with its final verdict: the worst about its URL or where it ended up."""
    if record.verdict is Verdict.ERROR and record.error is not None:
        return record  # its analysis failed: it stays an error, with the reason
    found = [by_url[u] for u in (record.url, record.final_url) if u in by_url]
    verdict = max(found, key=lambda v: _VERDICT_RANK.get(v, 0), default=Verdict.CLEAN)
    return _with_verdict(record, verdict)


def _with_verdict(record: PageRecord, verdict: Verdict) -> PageRecord:
    return record if record.verdict is verdict else replace(record, verdict=verdict)
