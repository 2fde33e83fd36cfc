"""The library API the CLI wires together: everything here is usable without Typer.

- ``select_targets``: the sites to scan (``--site`` arguments, else the inventory).
- ``run_scan``: open the state DB, scan the sites, write JSON/report outputs, return the result;
  SIGINT and SIGTERM stop it cleanly (``StopSignal``).
- ``send_notifications``: send what the email policy calls for through a ``Mailer``;
  ``notify_scan`` does so with the state DB recording what was delivered (pending news).
- ``check_email_settings``: ``--email`` without the settings it needs is a ConfigError.
- ``send_chat_notifications``: the chat channels (Apprise) under the same policy, per channel;
  ``check_chat_settings`` for ``--notify``; ``notify_all`` sends email and chat, one failing
  channel never keeping the others from being tried.
- ``render_stored_report``: re-render a stored scan (HTML, Markdown or the JSON document).
- ``accept_baseline``: make a site's latest complete scan its known-good baseline.
- ``check_inputs``: analyse saved HTML files or single URLs without crawling.
- ``exit_code``: the documented exit code for a scan result.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from scanner.config import Settings
from scanner.crawl import Fetcher, make_session
from scanner.crawl.addresses import with_site_ports
from scanner.detect import PageContext, compare_profiles, detect_page
from scanner.errors import ConfigError, InventoryError, NotifyError, ReportError, StoreError
from scanner.extract import analyse
from scanner.inventory import dedupe_sites
from scanner.judge import page_verdict
from scanner.models import (
    IncidentStatus,
    PageVerdict,
    ScanResult,
    Severity,
    Site,
    SiteResult,
    SiteStatus,
    Verdict,
)
from scanner.notify import ChannelSender, Mailer, NotifyLedger, PendingNews
from scanner.output import check_to_json, scan_to_json, write_json
from scanner.pipeline import Clock, ProgressFn, observe_profiles, profiles_for, scan_sites, utc_now
from scanner.pipeline.site import INTERRUPTED
from scanner.signatures import SignatureSet, load_signatures
from scanner.stop import StopSignal as StopSignal  # part of the API: stop a scan
from scanner.store import Store
from scanner.urls import host_of, normalize_url

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_INCIDENTS = 1
EXIT_USAGE = 2
EXIT_SCAN_FAILED = 3

_MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ScanOutputs:
    """The scan result and the files written for it."""

    result: ScanResult
    json_path: Path | None = None
    report_paths: tuple[Path, ...] = ()


def exit_code(result: ScanResult) -> int:
    """1 open incidents; 3 the scan failed (every site unreachable/error), did not complete
    (interrupted, or a page not analysed) or could not see a site (unreachable, or no page of
    it analysed), with nothing open; 0 a complete scan that saw every site, nothing open.

    An incomplete scan never exits 0: 0 says "clean", and part of it was not looked at.
    """
    if result.open_incidents:
        return EXIT_INCIDENTS
    if result.sites and all(s.status != SiteStatus.OK for s in result.sites):
        return EXIT_SCAN_FAILED
    if not result.complete:
        return EXIT_SCAN_FAILED
    if unseen_sites(result):
        return EXIT_SCAN_FAILED
    return EXIT_OK


def shown(result: ScanResult, settings: Settings) -> ScanResult:
    """``result`` with the incidents below ``report.min_severity`` left out: what the report,
    the mail and the exit code consider (the state DB and the JSON keep everything)."""
    floor = Severity(settings.min_severity).rank
    if floor == 0:
        return result
    return dataclasses.replace(
        result,
        sites=tuple(
            dataclasses.replace(
                s,
                incidents=tuple(i for i in s.incidents if i.severity.rank >= floor),
                resolved=tuple(i for i in s.resolved if i.severity.rank >= floor),
            )
            for s in result.sites
        ),
    )


def unseen_sites(result: ScanResult) -> tuple[SiteResult, ...]:
    """The sites this scan could not see: unreachable, or failed for a reason other than the
    scan being stopped (a site whose every page was too large or undecodable included)."""
    return tuple(
        s
        for s in result.sites
        if s.status is SiteStatus.UNREACHABLE
        or (s.status is SiteStatus.ERROR and s.error != INTERRUPTED)
    )


def select_targets(
    settings: Settings, site_args: Sequence[str] = (), tags: Sequence[str] = ()
) -> list[Site]:
    """The ``--site`` sites (enriched from the inventory when listed), else the inventory;
    with ``tags`` only the sites carrying at least one of them (sites.csv ``tags`` column,
    compared without case).

    Inventory warnings are logged; an unusable inventory or ``--site`` raises InventoryError.
    """
    targets = _select(settings, site_args)
    if not tags:
        return targets
    wanted = {t.strip().lower() for t in tags if t.strip()}
    return [s for s in targets if wanted & {t.lower() for t in s.tags}]


def _select(settings: Settings, site_args: Sequence[str]) -> list[Site]:
    from scanner.inventory import load_sites, parse_site_arg

    if site_args:
        wanted = [parse_site_arg(s) for s in site_args]
        try:
            known = {s.host: s for s in load_sites(settings.sites).sites}
        except InventoryError:  # --site works without an inventory
            known = {}
        return [known.get(w.host, w) for w in wanted]
    inventory = load_sites(settings.sites)
    for warning in inventory.warnings:
        log.warning("%s", warning)
    return list(inventory.sites)


async def run_scan_async(
    sites: Sequence[Site],
    settings: Settings,
    *,
    session: aiohttp.ClientSession | None = None,
    progress: ProgressFn | None = None,
    stop: StopSignal | None = None,
    clock: Clock = utc_now,
    workers: int = 1,
) -> ScanOutputs:
    """Scan ``sites`` with the state DB at ``settings.state``; write the requested outputs.

    SIGINT and SIGTERM are handled alike for the whole call (see ``StopSignal``): the scan
    stops, what was gathered is kept and written, and the result says it is incomplete.
    ``clock`` is the scan's "now", shared with the store. ``workers`` > 1 runs the site jobs
    in that many processes (``scanner.workers``; ``session`` is then not used); 1 runs them
    in this process.
    """
    sites = dedupe_sites(sites)  # the same site given twice is scanned (and counted) once
    settings = with_site_ports(settings, (s.url for s in sites))  # sites.csv ports: allowed
    stop = stop or StopSignal()
    with stop.on_signals():
        with Store.open(settings.state, clock=clock) as store:
            if workers > 1 and len(sites) > 1:
                from scanner.workers import scan_with_workers

                result = await scan_with_workers(
                    sites,
                    settings,
                    store=store,
                    workers=workers,
                    progress=progress,
                    clock=clock,
                    stop=stop.event(),
                )
            else:
                result = await scan_sites(
                    sites,
                    settings,
                    store=store,
                    session=session,
                    progress=progress,
                    clock=clock,
                    stop=stop.event(),
                )
        write_scan_metrics(result, settings)
        if result.record_error:
            return _outputs_without_state(result, settings)
        json_path = write_json(scan_to_json(result), settings.json) if settings.json else None
        reports = write_scan_report(shown(result, settings), settings)
    return ScanOutputs(result=result, json_path=json_path, report_paths=reports)


def _outputs_without_state(result: ScanResult, settings: Settings) -> ScanOutputs:
    """The state could not be written mid-scan (disk full): write the JSON and the report of
    what was gathered if the disk still allows, then raise ONE ``StoreError`` (exit 3) that
    says what happened and where those files are."""
    written: list[str] = []
    failed: list[str] = []
    try:
        if settings.json:
            written.append(str(write_json(scan_to_json(result), settings.json)))
    except ReportError as exc:
        failed.append(str(exc))
    try:
        written.extend(str(p) for p in write_scan_report(result, settings))
    except ReportError as exc:
        failed.append(str(exc))
    saved = f"what was gathered is in {', '.join(written)}" if written else ""
    lost = f"not written either: {'; '.join(failed)}" if failed else ""
    raise StoreError(
        f"scan {result.id}: the state could not be written ({result.record_error}); "
        + "; ".join(x for x in (saved, lost) if x)
    )


def run_scan(
    sites: Sequence[Site],
    settings: Settings,
    progress: ProgressFn | None = None,
    stop: StopSignal | None = None,
    workers: int = 1,
) -> ScanOutputs:
    """Synchronous wrapper of ``run_scan_async`` for callers without an event loop."""
    stop = stop or StopSignal()
    with stop.on_signals():  # from before the loop starts until the files are written
        return asyncio.run(
            run_scan_async(sites, settings, progress=progress, stop=stop, workers=workers)
        )


def check_email_settings(settings: Settings) -> None:
    """ConfigError (exit 2) naming every setting ``--email`` needs that is missing.

    Called before a scan, so a night's scan is not run only to find it cannot tell anyone.
    """
    from scanner.notify import missing_email_settings

    missing = missing_email_settings(settings.email)
    if missing:
        raise ConfigError("--email needs these settings: " + "; ".join(missing))


def send_notifications(
    result: ScanResult,
    settings: Settings,
    mailer: Mailer | None,
    force: bool = False,
    ledger: NotifyLedger | None = None,
) -> int:
    """Send the emails the policy calls for through ``mailer``; returns how many were sent.

    With a ``ledger`` (the state DB) news is every open incident an audience has not been
    told of, and each delivered message is recorded there: a message that fails leaves its
    news pending for the next scan. Every message is tried; the first failure is then raised.
    ``mailer`` None means no transport is configured: NotifyError if anything is to be sent.
    Raises NotifyError (with the reason, never the password) when a send fails; the report
    files already written stay on disk.
    """
    from scanner.notify import plan_messages

    pending = pending_news(result, ledger) if ledger is not None else None
    messages = plan_messages(
        result, settings.email, settings.lang, force=force, tz=settings.timezone, pending=pending
    )
    if not messages:
        return 0
    if mailer is None:
        raise NotifyError(
            "email requested but no SMTP host is set (email.host / SCANNER_SMTP_HOST)"
        )
    sent = 0
    failures: list[NotifyError] = []
    for message in messages:
        try:
            mailer.send(message)
        except NotifyError as exc:
            failures.append(exc)
            continue
        sent += 1
        if ledger is not None and message.news:
            ledger.mark_notified(message.news, message.audience, result.id)
    if failures:
        raise failures[0]
    return sent


def pending_news(result: ScanResult, ledger: NotifyLedger) -> PendingNews:
    """What of ``result``'s open incidents the team and each site's contact have not heard."""
    from scanner.notify import contact_addresses
    from scanner.store import TEAM, contact_audience

    open_ids = {
        s.site.url: [i.id for i in s.incidents if i.status is IncidentStatus.OPEN]
        for s in result.sites
    }
    contacts = {
        s.site.url: ledger.pending_news(open_ids[s.site.url], contact_audience(s.site.url))
        for s in result.sites
        if open_ids[s.site.url] and contact_addresses(s.site.contact)
    }
    everyone = [i for ids in open_ids.values() for i in ids]
    return PendingNews(team=ledger.pending_news(everyone, TEAM), contacts=contacts)


def notify_scan(
    result: ScanResult, settings: Settings, mailer: Mailer | None, force: bool = False
) -> int:
    """``send_notifications`` with the state DB at ``settings.state`` as the ledger."""
    with Store.open(settings.state) as store:
        return send_notifications(result, settings, mailer, force=force, ledger=store)


def check_chat_settings(settings: Settings) -> None:
    """ConfigError (exit 2) when ``--notify`` has no channel or Apprise is not installed."""
    if not settings.apprise.configured:
        raise ConfigError(
            "--notify needs apprise.urls (SCANNER_APPRISE_URLS) or apprise.targets in scanner.toml"
        )
    from scanner.notify.apprise import require_apprise

    require_apprise()


def send_chat_notifications(
    result: ScanResult,
    settings: Settings,
    sender: ChannelSender,
    force: bool = False,
    ledger: NotifyLedger | None = None,
    report_file: str = "",
) -> int:
    """Send the chat messages the policy calls for, one channel at a time; returns how many
    were delivered.

    With a ``ledger`` each channel's news is the open incidents its audience has not heard
    of, and a delivered message is recorded for that channel only: a failed channel keeps its
    news pending and is tried again by the next scan. Every channel is tried; then one
    NotifyError names each that failed (by target and service, never by URL).
    ``report_file`` is the report's file name under ``report.base_url`` (default: the dated
    report of this scan).
    """
    from scanner.notify.chat import channels, followed, open_ids, plan_chat, report_link
    from scanner.report.render import dated_name

    pending = None
    if ledger is not None:
        pending = {
            channel.audience: ledger.pending_news(
                open_ids(followed(result, target)), channel.audience
            )
            for target, channel in channels(settings.apprise)
        }
    if not report_file:
        report_file = (
            Path(settings.report).name
            if settings.report
            else dated_name(result, "html", settings.timezone)
        )
    deliveries = plan_chat(
        result,
        settings.apprise,
        settings.lang,
        link=report_link(settings.base_url, report_file),
        force=force,
        pending=pending,
    )
    sent = 0
    failures: list[str] = []
    for delivery in deliveries:
        try:
            sender.send(delivery.channel, delivery.message)
        except NotifyError as exc:
            failures.append(str(exc))
            continue
        sent += 1
        if ledger is not None and delivery.message.news:
            ledger.mark_notified(delivery.message.news, delivery.channel.audience, result.id)
    if failures:
        raise NotifyError("; ".join(failures))
    return sent


@dataclass(frozen=True, slots=True)
class Notified:
    """How many emails and chat messages ``notify_all`` delivered."""

    emails: int = 0
    chats: int = 0


def notify_all(
    result: ScanResult,
    settings: Settings,
    *,
    mailer: Mailer | None = None,
    sender: ChannelSender | None = None,
    email: bool = False,
    chat: bool = False,
    force: bool = False,
    report_file: str = "",
) -> Notified:
    """Email (``email``) and chat (``chat``) with the state DB as the ledger of both.

    A failed email does not keep the chat channels from being tried, nor the reverse; what
    failed is raised afterwards as one NotifyError (exit 3), what was delivered is recorded.
    ``sender`` None with ``chat`` uses Apprise.
    """
    emails = chats = 0
    failures: list[str] = []
    with Store.open(settings.state) as store:
        if email:
            try:
                emails = send_notifications(result, settings, mailer, force=force, ledger=store)
            except NotifyError as exc:
                failures.append(str(exc))
        if chat:
            if sender is None:
                from scanner.notify.apprise import AppriseSender

                sender = AppriseSender()
            try:
                chats = send_chat_notifications(
                    result, settings, sender, force, store, report_file=report_file
                )
            except NotifyError as exc:
                failures.append(str(exc))
    if failures:
        raise NotifyError("; ".join(failures))
    return Notified(emails, chats)


def render_stored_report(
    settings: Settings, scan_id: int | None, fmt: str, out: str | None = None
) -> tuple[ScanResult, list[Path]]:
    """Re-render a stored scan (``None``: the latest) as ``html``, ``md``, ``json``, ``jsonl``
    or ``sarif`` (docs/output.md); ``out`` ``-`` is standard output.

    Without ``out`` the files go to ``settings.reports_dir`` (``latest.<ext>``, and a dated
    copy except for json). Returns the scan and the paths written (none for stdout).
    """
    from scanner.evidence import evidence_dir
    from scanner.evidence.attach import attach_evidence
    from scanner.report.formats import STDOUT, OutputFormat, write_scan

    with Store.open(settings.state) as store:
        result = store.load_scan(scan_id)
    result = attach_evidence(result, evidence_dir(settings))  # record ids live beside the DB
    if fmt == "json" and out != STDOUT:
        target = Path(out) if out else Path(settings.reports_dir) / "latest.json"
        return result, [write_json(scan_to_json(result), target)]
    chosen = OutputFormat.parse(fmt)
    paths = write_scan(  # the machine formats keep every incident, as the JSON does
        result if chosen.every_incident else shown(result, settings),
        chosen,
        out,
        Path(settings.reports_dir),
        settings.lang,
        tz=settings.timezone,
    )
    return result, paths


@dataclass(frozen=True, slots=True)
class AcceptedBaseline:
    """What ``accept_baseline`` saved."""

    site_url: str
    version: int
    pages: int


def accept_baseline(
    settings: Settings, site: str, urls: Sequence[str] = ()
) -> AcceptedBaseline:
    """Accept the site's latest complete scan as its baseline (all pages, or only ``urls``).

    ``site`` is a host or URL. Raises StoreError when the site has no completed scan.
    """
    site_url = site_url_of(site) or site
    with Store.open(settings.state) as store:
        prints = store.last_fingerprints(site_url)
        if not prints:
            raise StoreError(f"no completed scan of {site_url} to accept; scan it first")
        only = [normalize_url(u) or u for u in urls] or None
        version = store.save_baseline(site_url, prints, None, by="accept", urls=only)
    return AcceptedBaseline(site_url, version, len(only) if only else len(prints))


def site_url_of(site: str | None) -> str | None:
    """The site URL a ``--site`` host or URL names (None for None)."""
    if site is None:
        return None
    from scanner.inventory import parse_site_arg

    return parse_site_arg(site).url


def write_scan_metrics(result: ScanResult, settings: Settings) -> Path | None:
    """The Prometheus textfile at ``settings.metrics_file`` (when set).

    A failure is logged, not raised: the scan's JSON and report still get written, and the
    stale timestamps in the old file are what the monitoring alerts on.
    """
    if not settings.metrics_file:
        return None
    from scanner.metrics import write_metrics

    try:
        return write_metrics(result, settings.metrics_file)
    except ReportError as exc:
        log.error("%s", exc)
        return None


def write_scan_report(result: ScanResult, settings: Settings) -> tuple[Path, ...]:
    """The HTML report: at ``settings.report`` when set, else reports/latest.html + dated copy."""
    from scanner.report import write_report

    out = Path(settings.report) if settings.report else None
    paths = write_report(
        result, out, Path(settings.reports_dir), fmt="html", lang=settings.lang,
        tz=settings.timezone,
    )
    return tuple(paths)


async def check_inputs_async(
    inputs: Sequence[str],
    settings: Settings,
    sigs: SignatureSet | None = None,
    session: aiohttp.ClientSession | None = None,
) -> list[PageVerdict]:
    """Analyse each saved HTML file or URL on its own (no crawl) and judge it.

    URLs are fetched with every profile so cloaking is compared as in a scan. An input that
    cannot be read or fetched gets verdict ``error`` with the reason; the others go on.
    """
    sigs = sigs or load_signatures(settings.detect.signatures_dir)
    verdicts: list[PageVerdict] = []
    own = session is None and any(_is_url(i) for i in inputs)
    if own:
        session = make_session(with_site_ports(settings, filter(_is_url, inputs)).crawl)
    try:
        for item in inputs:
            if _is_url(item):
                assert session is not None
                verdicts.append(await _check_url(item, settings, sigs, session))
            else:
                verdicts.append(_check_file(item, sigs))
    finally:
        if own and session is not None:
            await session.close()
    return verdicts


def check_inputs(inputs: Sequence[str], settings: Settings) -> list[PageVerdict]:
    """Synchronous ``check_inputs_async``."""
    return asyncio.run(check_inputs_async(inputs, settings))


def write_check_json(inputs: Sequence[str], verdicts: Sequence[PageVerdict], path: str) -> Path:
    """Write the ``scanner check --json`` document."""
    return write_json(check_to_json(inputs, verdicts), path)


def _is_url(item: str) -> bool:
    return item.lower().startswith(("http://", "https://"))


def _check_file(path: str, sigs: SignatureSet) -> PageVerdict:
    file = Path(path)
    try:
        with file.open("rb") as handle:
            raw = handle.read(_MAX_FILE_BYTES + 1)
    except OSError as exc:
        return PageVerdict(url=path, verdict=Verdict.ERROR, error=f"{path}: {exc.strerror or exc}")
    if len(raw) > _MAX_FILE_BYTES:
        raw = raw[:_MAX_FILE_BYTES]
    text = _decode(raw)
    url = file.resolve().as_uri()
    view = analyse(text, url, site_host="")
    ctx = PageContext(url=url, site_host="", profile="browser")
    return page_verdict(url, detect_page(view, ctx, sigs))


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(raw[:2_000_000]).best()
        return str(best) if best is not None else raw.decode("utf-8", errors="replace")


async def _check_url(
    url: str, settings: Settings, sigs: SignatureSet, session: aiohttp.ClientSession
) -> PageVerdict:
    host = host_of(url)
    fetcher = Fetcher(session, settings.crawl)
    observations = await observe_profiles(fetcher, profiles_for(settings), url, host)
    browser = observations["browser"]
    if browser.fetch.status is None and browser.fetch.error is not None:
        error = browser.fetch.error
        return PageVerdict(url=url, verdict=Verdict.ERROR, error=f"{error.kind}: {error.message}")
    final = browser.fetch.final_url or browser.fetch.url
    ctx = PageContext(url=final, site_host=host, fetch=browser.fetch, is_homepage=_is_root(url))
    view = browser.view or analyse("", final, site_host=host)
    findings = list(detect_page(view, ctx, sigs))
    findings.extend(compare_profiles(url, observations, sigs, host))
    return page_verdict(url, findings)


def _is_root(url: str) -> bool:
    from urllib.parse import urlsplit

    return urlsplit(url).path in ("", "/")
