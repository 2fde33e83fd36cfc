"""The library API the CLI wires together: everything here is usable without Typer.

- ``run_scan``: open the state DB, scan the sites, write JSON/report outputs, return the result.
- ``check_inputs``: analyse saved HTML files or single URLs without crawling.
- ``exit_code``: the documented exit code for a scan result.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from scanner.config import Settings
from scanner.crawl import Fetcher, make_session
from scanner.crawl.addresses import with_site_ports
from scanner.detect import PageContext, compare_profiles, detect_page
from scanner.extract import analyse
from scanner.inventory import dedupe_sites
from scanner.judge import page_verdict
from scanner.models import PageVerdict, ScanResult, Site, Verdict
from scanner.output import check_to_json, scan_to_json, write_json
from scanner.pipeline import ProgressFn, observe_profiles, profiles_for, scan_sites
from scanner.signatures import SignatureSet, load_signatures
from scanner.store import Store
from scanner.urls import host_of

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
    """0 no open incident, 1 open incidents, 3 the scan failed (every site unreachable/error)."""
    if result.open_incidents:
        return EXIT_INCIDENTS
    if result.sites and all(s.status != "ok" for s in result.sites):
        return EXIT_SCAN_FAILED
    return EXIT_OK


async def run_scan_async(
    sites: Sequence[Site],
    settings: Settings,
    *,
    session: aiohttp.ClientSession | None = None,
    progress: ProgressFn | None = None,
) -> ScanOutputs:
    """Scan ``sites`` with the state DB at ``settings.state``; write the requested outputs.

    SIGTERM (a scheduler stopping the job) is handled like Ctrl-C: the scan is cancelled, what
    was gathered is kept and written, and the result says the scan is incomplete.
    """
    sites = dedupe_sites(sites)  # the same site given twice is scanned (and counted) once
    settings = with_site_ports(settings, (s.url for s in sites))  # sites.csv ports: allowed
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    handled = False
    if task is not None:
        try:
            loop.add_signal_handler(signal.SIGTERM, task.cancel)
            handled = True
        except (NotImplementedError, RuntimeError, ValueError):
            pass  # not the main thread or no signal support: default SIGTERM behaviour
    try:
        with Store.open(settings.state) as store:
            result = await scan_sites(
                sites, settings, store=store, session=session, progress=progress
            )
    finally:
        if handled:
            loop.remove_signal_handler(signal.SIGTERM)
    json_path = write_json(scan_to_json(result), settings.json) if settings.json else None
    reports = write_scan_report(result, settings)
    return ScanOutputs(result=result, json_path=json_path, report_paths=reports)


def run_scan(
    sites: Sequence[Site], settings: Settings, progress: ProgressFn | None = None
) -> ScanOutputs:
    """Synchronous wrapper of ``run_scan_async`` for callers without an event loop."""
    return asyncio.run(run_scan_async(sites, settings, progress=progress))


def send_notifications(result: ScanResult, settings: Settings, force: bool = False) -> int:
    """Send the emails the policy calls for; returns how many were sent.

    Raises NotifyError (with the reason, never the password) when the transport is not
    configured or a send fails; the report files already written stay on disk.
    """
    from scanner.errors import NotifyError
    from scanner.notify import plan_messages
    from scanner.notify.smtp import SmtpTransport

    messages = plan_messages(
        result, settings.email, settings.lang, force=force, tz=settings.timezone
    )
    if not messages:
        return 0
    if not settings.email.host:
        raise NotifyError(
            "email requested but no SMTP host is set (email.host / SCANNER_SMTP_HOST)"
        )
    transport = SmtpTransport(settings.email)
    for message in messages:
        transport.send(message)
    return len(messages)


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
