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
- ``exit_code``: the documented exit code for a scan result.

Beside it, and re-exported here: ``scanner.finish`` (the outputs of a recorded scan, read back
from the state DB: ``shown``, ``render_stored_report``, ``write_scan_report``...),
``scanner.check`` (``check_inputs``: saved HTML files or single URLs, without a crawl) and
``scanner.targets`` (``select_targets``, ``accept_baseline``, ``site_url_of``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from scanner.check import check_inputs as check_inputs
from scanner.check import check_inputs_async as check_inputs_async
from scanner.check import write_check_json as write_check_json
from scanner.config import Settings
from scanner.crawl.addresses import with_site_ports
from scanner.errors import ConfigError, NotifyError
from scanner.finish import outputs_without_state, read_for_report, write_outputs
from scanner.finish import render_stored_report as render_stored_report
from scanner.finish import shown as shown
from scanner.finish import write_scan_metrics as write_scan_metrics
from scanner.finish import write_scan_report as write_scan_report
from scanner.inventory import dedupe_sites
from scanner.models import IncidentStatus, ScanResult, Site, SiteResult, SiteStatus
from scanner.notify import ChannelSender, Mailer, NotifyLedger, PendingNews
from scanner.pipeline import Clock, ProgressFn, scan_sites, utc_now
from scanner.pipeline.site import INTERRUPTED
from scanner.stop import StopSignal as StopSignal  # part of the API: stop a scan
from scanner.store import Store
from scanner.targets import AcceptedBaseline as AcceptedBaseline
from scanner.targets import accept_baseline as accept_baseline
from scanner.targets import select_targets as select_targets
from scanner.targets import site_url_of as site_url_of

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_INCIDENTS = 1
EXIT_USAGE = 2
EXIT_SCAN_FAILED = 3


@dataclass(frozen=True, slots=True)
class ScanOutputs:
    """The scan result and the files written for it.

    ``result`` is the scan as recorded, read back lean (``Store.read_scan``): page counts,
    failed pages, incidents; not every page's record (those stay in the state DB).
    """

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


def unseen_sites(result: ScanResult) -> tuple[SiteResult, ...]:
    """The sites this scan could not see: unreachable, or failed for a reason other than the
    scan being stopped (a site whose every page was too large or undecodable included)."""
    return tuple(
        s
        for s in result.sites
        if s.status is SiteStatus.UNREACHABLE
        or (s.status is SiteStatus.ERROR and s.error != INTERRUPTED)
    )


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
                    lean=True,
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
                    lean=True,
                )
            if result.record_error:
                write_scan_metrics(result, settings)
                raise outputs_without_state(result, settings)
            # The outputs show what was recorded, read back lean (memory flat in pages).
            result = read_for_report(store, result.id, settings, ran=result)
        written = write_outputs(result, settings)
    return ScanOutputs(
        result=result, json_path=written.json_path, report_paths=written.report_paths
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
    from scanner.notify import MailScale, plan_messages

    pending = pending_news(result, ledger) if ledger is not None else None
    messages = plan_messages(
        result,
        settings.email,
        settings.lang,
        force=force,
        tz=settings.timezone,
        pending=pending,
        scale=MailScale(settings.summarise_above, settings.json or ""),
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


