"""What the CLI calls for queued scans: enqueue, finish (report and mail once), status."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from scanner import __version__
from scanner.config import Settings
from scanner.inventory import dedupe_sites
from scanner.models import ScanResult, Site
from scanner.notify import ChannelSender, Mailer
from scanner.pipeline.env import Clock, utc_now
from scanner.store import QueueProgress, Store

if TYPE_CHECKING:
    from scanner.report.formats import OutputFormat

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class EnqueuedScan:
    """A scan begun by ``scan --enqueue``: its id, night and how many site jobs wait."""

    scan_id: int
    night: str
    jobs: int


@dataclass(frozen=True, slots=True)
class FinishedScan:
    """The closing of a queued scan: the result, the files written and the messages sent.

    ``document_error`` says why the ``--format`` document could not be written and
    ``notify_error`` which channels failed (their news stays pending for the next scan); both
    are empty when all went well. Neither keeps the other outputs from being written.
    """

    result: ScanResult
    json_path: Path | None
    report_paths: tuple[Path, ...]
    mails: int
    chats: int = 0
    document_paths: tuple[Path, ...] = ()
    document_error: str = ""
    notify_error: str = ""


def night_of(when: datetime, settings: Settings) -> str:
    """The night a scan belongs to: its start's local date (``report.timezone``)."""
    from scanner.report.clock import zone

    return when.astimezone(zone(settings.timezone)).date().isoformat()


def enqueue_scan(
    sites: Sequence[Site], settings: Settings, clock: Clock = utc_now
) -> EnqueuedScan:
    """Begin the scan and queue one job per site, in one transaction; a second enqueue of
    the same night raises StoreError."""
    from scanner.distributed.politeness import spread
    from scanner.distributed.queue import ensure_schema, require_postgres, site_jobs

    url = require_postgres(settings)
    ensure_schema(url)
    import procrastinate

    unique = list(dedupe_sites(sites))
    started = clock()
    night = night_of(started, settings)
    app = procrastinate.App(connector=procrastinate.SyncPsycopgConnector(conninfo=url))
    with Store.open(url, clock=clock) as store:

        def defer(scan_id: int) -> int:
            # Jobs take turns between servers (the results keep the inventory's order).
            jobs = site_jobs(scan_id, spread(unique))
            app.job_manager.batch_defer_jobs(jobs, connection=store.postgres_connection())
            return len(jobs)

        scan_id = store.begin_queued_scan(started, __version__, unique, night, defer)
    log.info("scan %s (night %s): %d site job(s) queued", scan_id, night, len(unique))
    return EnqueuedScan(scan_id=scan_id, night=night, jobs=len(unique))


def finish_scan(
    settings: Settings,
    scan_id: int | None = None,
    *,
    mailer: Mailer | None = None,
    sender: ChannelSender | None = None,
    email: bool = False,
    notify: bool = False,
    document: OutputFormat | None = None,
    document_out: str | None = None,
    clock: Clock = utc_now,
) -> FinishedScan | None:
    """Close a queued scan (None: the latest) once, write its JSON/report (and the ``document``
    format to ``document_out``, as ``scan --format`` does) and send the mail (``email``) and the
    chat messages (``notify``: Apprise, or ``sender``).

    Returns None when the scan was closed already (by the last job or another ``--finish``):
    the report is written and the messages sent by whoever closed it, never twice. Sites whose
    job did not record a result are errors saying so, and the scan is then incomplete. The
    state DB is the ledger of email and of each chat channel, as in the single-process scan: a
    channel that fails keeps its news pending for the next scan (``notify_error`` says which).
    """
    from scanner.api import Notified, notify_all
    from scanner.errors import NotifyError, ReportError
    from scanner.finish import read_for_report, shown, write_document, write_outputs

    with Store.open(settings.state, clock=clock) as store:
        if scan_id is None:
            scan_id = store.queued_scan_id()
            if scan_id is None:
                from scanner.errors import StoreError

                raise StoreError(f"{store.path}: no queued scan")
        if not store.close_scan(scan_id, clock()):
            log.info("scan %s was closed already", scan_id)
            return None
        # Read back lean (store/reading.py): a national night renders in flat memory.
        result = read_for_report(store, scan_id, settings)
    written = write_outputs(result, settings)
    documents: list[Path] = []
    document_error = ""
    if document is not None:
        try:
            documents = write_document(result, document, document_out, settings)
        except ReportError as exc:  # said, and the mail still goes out
            log.error("%s", exc)
            document_error = str(exc)
    sent = Notified()
    notify_error = ""
    if email or notify:  # with the ledger: news whose message fails stays pending
        reports = written.report_paths
        try:
            sent = notify_all(
                shown(result, settings),
                settings,
                mailer=(mailer or _smtp(settings)) if email else None,
                sender=sender,
                email=email,
                chat=notify,
                report_file=reports[-1].name if reports else "",
            )
        except NotifyError as exc:
            notify_error = str(exc)
    return FinishedScan(
        result,
        written.json_path,
        written.report_paths,
        sent.emails,
        chats=sent.chats,
        document_paths=tuple(documents),
        document_error=document_error,
        notify_error=notify_error,
    )


def _smtp(settings: Settings) -> Mailer | None:
    from scanner.notify.smtp import SmtpTransport

    return SmtpTransport(settings.email) if settings.email.host else None


def scan_status(settings: Settings, scan_id: int | None = None) -> QueueProgress | None:
    """Progress of a queued scan (None: the latest) from SQL; None when none was queued."""
    with Store.open(settings.state) as store:
        scan_id = scan_id if scan_id is not None else store.queued_scan_id()
        return None if scan_id is None else store.queue_progress(scan_id)
