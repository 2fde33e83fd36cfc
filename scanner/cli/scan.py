"""``scanner scan``, ``check``, ``demo`` (the commands that scan) and ``version``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scanner.cli import formats
from scanner.cli.base import ConfigOpt, StateOpt, app, errors, log, settings, setup_logging
from scanner.cli.formats import Document, FormatOpt, OutputOpt
from scanner.config import Settings
from scanner.errors import ReportError
from scanner.stop import StopSignal

if TYPE_CHECKING:  # the library is imported when a command runs, to keep --help fast
    from scanner.models import ScanResult
    from scanner.notify import Mailer

PROCESS_STOP: StopSignal | None = None
"""The stop request ``main`` installed at process start for ``scanner scan`` (None in-process,
e.g. under Typer's test runner: the command then installs its own)."""


@contextmanager
def _no_progress() -> Iterator[None]:
    yield None


def smtp_mailer(config: Settings) -> Mailer | None:
    """The SMTP mailer of the ``email.*`` settings; None when no SMTP host is set."""
    from scanner.notify.smtp import SmtpTransport

    return SmtpTransport(config.email) if config.email.host else None


@app.command()
def scan(
    site: Annotated[
        list[str] | None,
        typer.Option("--site", metavar="HOST_OR_URL", help="Host or URL to scan (repeatable)."),
    ] = None,
    sites: Annotated[
        str | None, typer.Option("--sites", metavar="FILE", help="Inventory CSV.")
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option(
            "--tag", metavar="TAG", help="Only the sites with this sites.csv tag (repeatable)."
        ),
    ] = None,
    max_pages: Annotated[
        int | None,
        typer.Option("--max-pages", min=1, metavar="N", help="Pages per site (crawl.max_pages)."),
    ] = None,
    depth: Annotated[
        int | None,
        typer.Option("--depth", min=0, metavar="N", help="Link depth from the homepage."),
    ] = None,
    concurrency: Annotated[
        int | None,
        typer.Option("--concurrency", min=1, metavar="N", help="Concurrent requests in all."),
    ] = None,
    proxy: Annotated[
        str | None, typer.Option("--proxy", metavar="URL", help="HTTP(S) proxy URL.")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            metavar="N",
            help="Processes scanning sites at once (default: [scan] workers, else one per "
            "core; 1: in-process).",
        ),
    ] = None,
    state: StateOpt = None,
    json_out: Annotated[
        str | None, typer.Option("--json", metavar="PATH", help="Write the JSON here.")
    ] = None,
    report: Annotated[
        str | None, typer.Option("--report", metavar="PATH", help="Write the HTML here.")
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", metavar="id|en", help="Report language.")
    ] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    min_severity: Annotated[
        str | None,
        typer.Option(
            "--min-severity",
            metavar="info|low|medium|high|critical",
            help="Leave lesser incidents out of the report, mail and exit code.",
        ),
    ] = None,
    email: Annotated[
        bool, typer.Option("--email", help="Email the report per the email policy.")
    ] = False,
    notify: Annotated[
        bool,
        typer.Option(
            "--notify", help="Send the chat messages (apprise.*) per their policy."
        ),
    ] = False,
    cron: Annotated[
        bool, typer.Option("--cron", help="Quiet unless something is wrong; lock; log file.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Warnings and errors only; no progress.")
    ] = False,
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="Debug logging (stderr).")
    ] = 0,
    enqueue: Annotated[
        bool, typer.Option("--enqueue", help="Queue one job per site for `scanner worker`.")
    ] = False,
    finish: Annotated[
        bool, typer.Option("--finish", help="Close the queued scan: report, mail once.")
    ] = False,
    config: ConfigOpt = None,
) -> None:
    """Crawl and analyse every site of the inventory (or the --site ones)."""
    quiet = quiet or cron
    document = formats.document(fmt, output, default="json")
    setup_logging(verbose, quiet)
    stop = PROCESS_STOP or StopSignal()
    # From here on Ctrl-C and SIGTERM only ask the scan to stop: the summary, the JSON and the
    # report are still written, marked incomplete.
    with stop.on_signals(exiting=True), errors():
        conf = settings(
            config,
            sites=sites,
            state=state,
            json=json_out,
            report=report,
            lang=lang,
            min_severity=min_severity,
            workers=workers,
            **{
                "crawl.max_pages": max_pages,
                "crawl.max_depth": depth,
                "crawl.concurrency": concurrency,
                "crawl.proxy": proxy,
            },
        )
        if email:
            from scanner.api import check_email_settings

            check_email_settings(conf)  # before the scan: exit 2 naming what is missing
        if notify:
            from scanner.api import check_chat_settings

            check_chat_settings(conf)  # channels configured, Apprise installed: or exit 2
        if cron:
            from scanner.store.pg import beside_state

            log_file = conf.log_file or str(beside_state(conf.state) / "scanner.log")
            setup_logging(verbose, quiet, log_file)
        if enqueue or finish:  # the queued scan (docs/scale.md): no lock, no crawl here
            from scanner.cli import distributed

            if finish:
                code = distributed.finish(conf, email, notify=notify, document=document)
            elif notify or document is not None:  # never accepted and then silently not done
                typer.secho(
                    "error: --notify/--format/-o are not for --enqueue: they go with --finish "
                    "(or `scanner worker --notify`), where the scan closes",
                    err=True,
                )
                raise typer.Exit(2)
            else:
                code = distributed.enqueue(conf, site or [])
            raise typer.Exit(code)
        from scanner.lock import run_lock

        with run_lock(conf.lock):
            code = _scan(
                conf,
                site or [],
                email,
                quiet,
                cron,
                stop,
                tag or [],
                document,
                notify=notify,
            )
    raise typer.Exit(code)


def _scan(
    conf: Settings,
    site: list[str],
    email: bool,
    quiet: bool,
    cron: bool,
    stop: StopSignal,
    tags: list[str] | None = None,
    document: Document | None = None,
    *,
    notify: bool = False,
) -> int:
    """The scan command's work inside the lock; returns the exit code."""
    from scanner.api import exit_code, notify_all, run_scan, select_targets, shown
    from scanner.workers import default_workers

    targets = select_targets(conf, site, tags or ())
    if not targets:
        wanted = f" with tag {', '.join(tags)}" if tags else ""
        log.error("%s: no site to scan%s", conf.sites, wanted)
        return 2
    from scanner.cli.progress import scan_progress

    with scan_progress() if not quiet else _no_progress() as progress:
        outputs = run_scan(
            targets,
            conf,
            progress=progress,
            stop=stop,
            workers=conf.workers or default_workers(),  # --workers, else [scan] workers
        )
    result = shown(outputs.result, conf)  # report.min_severity: the exit code and the mail
    code = exit_code(result)
    log.info("scan %s finished with exit code %s", result.id, code)
    written: list[Path] = []
    if document is not None:
        try:
            written = document.write(outputs.result, conf)
        except ReportError as exc:  # as a report that cannot be written: said, exit 3
            log.error("%s", exc)
            code = 3
    # With -o - stdout carries the document alone: everything else goes to stderr.
    err = document is not None and document.to_stdout
    # In cron mode only a problem prints (cron mails whatever a job prints).
    if not quiet or (cron and (code != 0 or not result.complete)):
        opened = len(result.open_incidents)
        new = sum(1 for i in result.open_incidents if i.change.value == "new")
        down = sum(1 for s in result.sites if s.status != "ok")
        typer.echo(
            f"scan {result.id}: {len(result.sites)} site(s), {down} unreachable/failed, "
            f"{opened} open incident(s) ({new} new){'' if result.complete else ' (INCOMPLETE)'}",
            err=err,
        )
        for line in blind_spots(result):
            typer.echo(line, err=err)
        for path in outputs.report_paths[:1]:
            typer.echo(f"report: {path}", err=err)
        if outputs.json_path:
            typer.echo(f"json: {outputs.json_path}", err=err)
        if document is not None and written:
            typer.echo(f"{document.fmt.value}: {written[0]}", err=err)
    if email or notify:  # a failed channel never keeps the others from being tried
        dated = outputs.report_paths[-1].name if outputs.report_paths else ""
        sent = notify_all(
            result, conf, mailer=smtp_mailer(conf), email=email, chat=notify, report_file=dated
        )
        log.info("%d email(s), %d chat message(s) sent", sent.emails, sent.chats)
    return code


def blind_spots(result: ScanResult, limit: int = 20) -> list[str]:
    """Summary lines for what the scan could not see: sites not checked (with the reason),
    limits hit, pages fetched without a verified certificate. Empty when it saw everything."""
    from scanner.api import unseen_sites

    lines = [f"  not checked: {s.site.host}: {s.error}" for s in unseen_sites(result)]
    for s in result.sites:
        lines += [
            f"  limit hit: {s.site.host}: {x.kind.value} {x.url} {x.detail}".rstrip()
            for x in s.limits
            if x.kind.value != "nothing_analysed"
        ]
        if s.tls_unverified:
            lines.append(
                f"  TLS NOT VERIFIED: {s.site.host}: {s.tls_unverified} page(s) fetched "
                "through the insecure fallback"
            )
    if len(lines) > limit:
        lines = [*lines[:limit], f"  ... and {len(lines) - limit} more (see the report)"]
    return lines


CHECK_FORMATS = ("json", "jsonl", "sarif")
"""``scanner check --format``: the data formats (no report is made of loose pages)."""


@app.command()
def check(
    inputs: Annotated[list[str], typer.Argument(help="Saved HTML files or URLs.")],
    json_out: Annotated[
        str | None, typer.Option("--json", metavar="PATH", help="Write the JSON here.")
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="json|jsonl|sarif",
            help="The findings in this format: on stdout (the listing then goes to stderr) or -o.",
        ),
    ] = None,
    output: OutputOpt = None,
    lang: Annotated[
        str | None, typer.Option("--lang", metavar="id|en", help="Language of SARIF messages.")
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """Analyse saved HTML files or single URLs without crawling; print the findings."""
    from scanner.api import check_inputs, write_check_json
    from scanner.models import Verdict

    setup_logging(0, True)
    # --format without -o: the document on stdout, instead of the listing.
    document = formats.document(fmt, output or ("-" if fmt else None), "json", CHECK_FORMATS)
    with errors():
        conf = settings(config, lang=lang)
        verdicts = check_inputs(inputs, conf)
        if json_out:
            write_check_json(inputs, verdicts, json_out)
        if document is not None:
            from scanner.report.formats import render_check, write_text

            text = render_check(inputs, verdicts, document.fmt, conf.lang)
            write_text(text, document.out or "-")
    # With the document on stdout, the listing goes to stderr.
    err = document is not None and document.to_stdout
    flagged = 0
    for source, verdict in zip(inputs, verdicts, strict=True):
        typer.echo(f"{verdict.verdict.value.upper():<10} {source}", err=err)
        if verdict.error:
            typer.echo(f"    error: {verdict.error}", err=err)
        for cut in verdict.limits if verdict.verdict is not Verdict.ERROR else ():
            typer.echo(f"    limit hit: {cut.kind.value} {cut.detail}", err=err)
        for f in verdict.findings:
            typer.echo(
                f"    [{f.severity.value}] {f.category.value}/{f.technique.value}: {f.summary}",
                err=err,
            )
        if verdict.verdict not in (Verdict.CLEAN, Verdict.ERROR):
            flagged += 1
    failed = sum(1 for v in verdicts if v.verdict is Verdict.ERROR)
    if failed and not flagged:
        # An input that could not be read or fetched was not checked: never "0, all clean".
        typer.secho(f"error: {failed} input(s) could not be checked", err=True)
    raise typer.Exit(1 if flagged else 3 if failed else 0)


@app.command()
def demo(
    out_dir: Annotated[
        str, typer.Option("--out-dir", metavar="DIR", help="Where reports go.")
    ] = "reports",
) -> None:
    """Serve three fictitious .go.id sites on 127.0.0.1, scan them, write JSON and HTML."""
    from scanner.demo.run import run_demo

    setup_logging(0, True)
    with errors():
        outcome = run_demo(Path(out_dir))
    typer.echo(outcome.summary)
    typer.echo(f"report: {outcome.report}")
    typer.echo(f"json: {outcome.json}")
    state = Path(outcome.report).parent / "demo-state.db"
    if state.exists():  # the demo's own state: `scanner report --state` re-renders from it
        typer.echo(f"state: {state}")


@app.command()
def version() -> None:
    """Print the scanner version."""
    from scanner import __version__

    typer.echo(__version__)
