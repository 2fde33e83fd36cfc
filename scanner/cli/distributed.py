"""``scanner worker``, ``scanner status``, ``scanner state migrate`` and the queued halves of
``scanner scan`` (``--enqueue``, ``--finish``): many machines on one PostgreSQL."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from scanner.cli.base import (
    ConfigOpt,
    StateOpt,
    app,
    errors,
    settings,
    setup_logging,
    state_app,
)
from scanner.cli.formats import Document
from scanner.config import Settings

log = logging.getLogger("scanner")


def enqueue(conf: Settings, site: list[str]) -> int:
    """``scan --enqueue``: begin the scan and queue one job per site; returns the exit code."""
    from scanner.api import select_targets
    from scanner.distributed import enqueue_scan

    targets = select_targets(conf, site)
    if not targets:
        log.error("%s: no site to scan", conf.sites)
        return 2
    done = enqueue_scan(targets, conf)
    typer.echo(f"scan {done.scan_id} (night {done.night}): {done.jobs} site job(s) queued")
    return 0


def finish(
    conf: Settings, email: bool, *, notify: bool = False, document: Document | None = None
) -> int:
    """``scan --finish``: close the latest queued scan, write its outputs (and the ``--format``
    document), mail and chat once; returns the exit code (3 when a document or a message
    failed, as in the single-process scan)."""
    from scanner.api import exit_code, shown
    from scanner.distributed import finish_scan

    # With -o - stdout carries the document alone: everything else goes to stderr.
    err = document is not None and document.to_stdout
    done = finish_scan(
        conf,
        email=email,
        notify=notify,
        document=document.fmt if document else None,
        document_out=document.out if document else None,
    )
    if done is None:
        typer.echo(
            "the latest queued scan was closed already (its report and mail went out)", err=err
        )
        if document is None:
            return 0
        return _closed_document(conf, document, err)
    result = shown(done.result, conf)  # report.min_severity: the summary and the exit code
    typer.echo(
        f"scan {result.id}: {len(result.sites)} site(s), {len(result.open_incidents)} open "
        f"incident(s){'' if result.complete else ' (INCOMPLETE)'}",
        err=err,
    )
    for path in done.report_paths[:1]:
        typer.echo(f"report: {path}", err=err)
    if done.json_path:
        typer.echo(f"json: {done.json_path}", err=err)
    if document is not None and done.document_paths:
        typer.echo(f"{document.fmt.value}: {done.document_paths[0]}", err=err)
    if email or notify:
        log.info("%d email(s), %d chat message(s) sent", done.mails, done.chats)
    if done.notify_error:  # the news of the failed channels stays pending for the next scan
        log.error("%s", done.notify_error)
    # As in the single-process scan: a document or a message that failed is exit 3.
    return 3 if done.document_error or done.notify_error else exit_code(result)


def _closed_document(conf: Settings, document: Document, err: bool) -> int:
    """The ``--format`` document of a queued scan closed by someone else, from the read side
    (as ``scanner report`` renders it); 3 when it cannot be written."""
    from scanner.distributed import scan_status
    from scanner.errors import ReportError
    from scanner.finish import render_stored_report

    progress = scan_status(conf)
    try:
        _result, paths = render_stored_report(
            conf, progress.scan_id if progress else None, document.fmt.value, document.out
        )
    except ReportError as exc:
        log.error("%s", exc)
        return 3
    for path in paths[:1]:
        typer.echo(f"{document.fmt.value}: {path}", err=err)
    return 0


@app.command()
def worker(
    concurrency: Annotated[
        int, typer.Option(
            "--concurrency", min=1, help="Site jobs run at once (-c is --config, as everywhere)."
        )
    ] = 4,
    email: Annotated[
        bool, typer.Option("--email", help="The worker that closes a scan mails its report.")
    ] = False,
    notify: Annotated[
        bool,
        typer.Option(
            "--notify", help="The worker that closes a scan sends the chat messages (apprise.*)."
        ),
    ] = False,
    once: Annotated[
        bool, typer.Option("--once", help="Exit when the queue is empty (tests, catch-up).")
    ] = False,
    heartbeat: Annotated[
        float, typer.Option("--heartbeat", min=0.2, help="Seconds between heartbeats.")
    ] = 10.0,
    per_ip: Annotated[
        int | None,
        typer.Option("--per-ip", min=1, max=64, help="Sites of one server address at once, "
                     "across all workers (default: crawl.per_ip, 2)."),
    ] = None,
    state: StateOpt = None,
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="Debug logging (stderr).")
    ] = 0,
    config: ConfigOpt = None,
) -> None:
    """Run queued site jobs (state in PostgreSQL) until SIGINT/SIGTERM; many per machine."""
    from scanner.distributed.queue import run_worker

    setup_logging(verbose, False)
    with errors():
        conf = settings(config, state=state)
        if notify:
            from scanner.api import check_chat_settings

            check_chat_settings(conf)  # channels configured, Apprise installed: or exit 2
        run_worker(
            conf,
            concurrency,
            heartbeat=heartbeat,
            wait=not once,
            email=email,
            notify=notify,
            per_ip=per_ip or conf.crawl.per_ip,
        )


@app.command()
def status(
    scan_id: Annotated[int | None, typer.Argument(help="Scan id (default: latest queued).")] = None,
    state: StateOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Progress of a queued scan, from SQL: sites done by status, pending, pages, open
    incidents by severity (no queued scan: the last scan's counts)."""
    from scanner.status import counts_line, scan_status, sites_line

    with errors():
        conf = settings(config, state=state)
        shown = scan_status(conf, scan_id)
    p = shown.progress
    if p is None:
        typer.echo("no queued scan")
    else:
        done = p.sites - p.pending
        state_word = "open" if p.finished is None else ("complete" if p.complete else "INCOMPLETE")
        typer.echo(
            f"scan {p.scan_id} (night {p.night}, {state_word}): {done}/{p.sites} site(s) done "
            f"({p.ok} ok, {p.unreachable} unreachable, {p.error} error), {p.pending} pending, "
            f"{p.pages} page(s)"
        )
    if shown.head is not None and shown.counts is not None:
        if p is None:
            typer.echo(sites_line(shown.head, shown.counts))
        typer.echo(counts_line(shown.counts))


@state_app.command("migrate")
def state_migrate(
    source: Annotated[str, typer.Argument(help="SQLite state file to copy from.")],
    target: Annotated[str, typer.Argument(help="postgresql:// URL of an empty database.")],
) -> None:
    """Copy an SQLite state (scans, pages, incidents, baselines) into PostgreSQL."""
    from scanner.store.migrate import copy_state

    with errors():
        copied = copy_state(source, target)
    typer.echo(", ".join(f"{table}: {n}" for table, n in copied.items()))
