"""``scanner report``, ``scanner incidents``, ``scanner baseline`` and ``scanner state prune``:
working with the state."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Annotated, Any

import typer

from scanner.cli.base import (
    ConfigOpt,
    StateOpt,
    app,
    baseline_app,
    errors,
    incidents_app,
    read_settings,
    state_app,
)
from scanner.models import IncidentStatus

IncidentArg = Annotated[
    str, typer.Argument(metavar="INCIDENT_ID", help="Incident id (or an unambiguous prefix).")
]

LangOpt = Annotated[
    str | None, typer.Option("--lang", help="id|en (default: report.lang, id).")
]

_FORMATS = ("html", "json", "jsonl", "md", "sarif")


@app.command()
def report(
    scan_id: Annotated[int | None, typer.Option("--scan", help="Scan id (default latest).")] = None,
    out: Annotated[
        str | None,
        typer.Option(
            "--out",
            "-o",
            "--output",
            metavar="PATH",
            help="Output path ('-': stdout, nothing else printed there).",
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="|".join(_FORMATS), help="Output format.")
    ] = "html",
    lang: Annotated[str | None, typer.Option("--lang", help="id|en")] = None,
    email: Annotated[bool, typer.Option("--email", help="Email this report now.")] = False,
    notify: Annotated[
        bool, typer.Option("--notify", help="Send it to the chat channels now (apprise.*).")
    ] = False,
    state: StateOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Re-render a stored scan as HTML, JSON, JSON Lines, Markdown or SARIF (and optionally
    email it or send it to the chat channels)."""
    from scanner.api import (
        check_chat_settings,
        check_email_settings,
        notify_all,
        render_stored_report,
    )
    from scanner.cli.scan import smtp_mailer

    if fmt not in _FORMATS:
        typer.secho(f"error: --format must be one of {', '.join(_FORMATS)}", err=True)
        raise typer.Exit(2)
    err = out == "-"  # stdout carries the document alone
    with errors():
        conf = read_settings(config, state=state, lang=lang)
        if email:
            check_email_settings(conf)
        if notify:
            check_chat_settings(conf)
        result, paths = render_stored_report(conf, scan_id, fmt, out)
        if paths:
            typer.echo(f"report: {paths[0]}", err=err)
        if email or notify:
            sent = notify_all(
                result,
                conf,
                mailer=smtp_mailer(conf),
                email=email,
                chat=notify,
                force=True,
                report_file=paths[-1].name if fmt == "html" and paths else "",
            )
            if email:
                typer.echo(f"{sent.emails} email(s) sent", err=err)
            if notify:
                typer.echo(f"{sent.chats} chat message(s) sent", err=err)


@incidents_app.command("list")
def incidents_list(
    status: Annotated[
        list[str] | None, typer.Option("--status", help="open|acknowledged|snoozed|resolved")
    ] = None,
    site: Annotated[
        str | None, typer.Option("--site", help="Only this site (host or URL).")
    ] = None,
    lang: LangOpt = None,
    state: StateOpt = None,
    config: ConfigOpt = None,
) -> None:
    """List incidents (default: everything not resolved), in report.lang and report.timezone."""
    from scanner.api import site_url_of
    from scanner.cli.listing import incidents_listing
    from scanner.report.clock import zone
    from scanner.report.i18n import translator
    from scanner.store import Store

    with errors():
        conf = read_settings(config, state=state, lang=lang)
        try:
            wanted = (
                [IncidentStatus(s) for s in status]
                if status
                else [IncidentStatus.OPEN, IncidentStatus.ACKNOWLEDGED, IncidentStatus.SNOOZED]
            )
        except ValueError as exc:
            typer.secho(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        site_url = site_url_of(site)
        with Store.open(conf.state) as store:
            items = store.list_incidents(wanted, site_url)
        lines = incidents_listing(items, translator(conf.lang), zone(conf.timezone))
    for line in lines:
        typer.echo(line)


def _triage(
    config: Path | None, state: str | None, action: Callable[[Any, tzinfo], object]
) -> None:
    """Open the state DB and apply one triage action to it (errors mapped to exit codes); the
    action also gets ``report.timezone``, the zone a date the operator typed is meant in."""
    from scanner.report.clock import zone
    from scanner.store import Store

    with errors():
        conf = read_settings(config, state=state)
        with Store.open(conf.state) as store:
            action(store, zone(conf.timezone))


@incidents_app.command("ack")
def incidents_ack(
    incident_id: IncidentArg,
    note: Annotated[str, typer.Option("--note", help="Why (kept in the audit trail).")] = "",
    state: StateOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Acknowledge an incident: it stays tracked but is no longer reported as new."""
    _triage(config, state, lambda store, _tz: store.acknowledge(incident_id, note=note))
    typer.echo(f"acknowledged {incident_id}")


@incidents_app.command("snooze")
def incidents_snooze(
    incident_id: IncidentArg,
    until: Annotated[str, typer.Option("--until", help="YYYY-MM-DD")],
    note: Annotated[str, typer.Option("--note", help="Why (kept in the audit trail).")] = "",
    state: StateOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Snooze an incident until a date (midnight in report.timezone); it reopens afterwards if
    still seen."""
    try:
        when = datetime.fromisoformat(until)
    except ValueError:
        typer.secho(f"error: --until {until!r} is not a date (YYYY-MM-DD)", err=True)
        raise typer.Exit(2) from None

    def snooze(store: Any, tz: tzinfo) -> object:
        # A date typed in Makassar means midnight in Makassar, not in UTC (8 hours later).
        local = when if when.tzinfo else when.replace(tzinfo=tz)
        return store.snooze(incident_id, local, note=note)

    _triage(config, state, snooze)
    typer.echo(f"snoozed {incident_id} until {when.date().isoformat()}")


@incidents_app.command("resolve")
def incidents_resolve(
    incident_id: IncidentArg,
    note: Annotated[str, typer.Option("--note", help="Why (kept in the audit trail).")] = "",
    state: StateOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Mark an incident resolved by hand (it reopens as new if seen again)."""
    _triage(config, state, lambda store, _tz: store.resolve(incident_id, note=note))
    typer.echo(f"resolved {incident_id}")


@baseline_app.command("accept")
def baseline_accept(
    site: Annotated[str, typer.Option("--site", help="Host or URL of the site.")],
    url: Annotated[
        list[str] | None, typer.Option("--url", help="Accept only this page (repeatable).")
    ] = None,
    state: StateOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Accept the site's latest scanned state as its known-good baseline (after a real change)."""
    from scanner.api import accept_baseline

    with errors():
        accepted = accept_baseline(read_settings(config, state=state), site, url or ())
    typer.echo(
        f"baseline v{accepted.version} of {accepted.site_url}: {accepted.pages} page(s) accepted"
    )


@baseline_app.command("show")
def baseline_show(
    site: Annotated[str, typer.Option("--site", help="Host or URL of the site.")],
    lang: LangOpt = None,
    state: StateOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Show the site's baseline versions and the pages of the active one (in report.lang and
    report.timezone)."""
    from scanner.api import site_url_of
    from scanner.cli.listing import baseline_listing
    from scanner.report.clock import zone
    from scanner.report.i18n import translator
    from scanner.store import Store

    with errors():
        conf = read_settings(config, state=state, lang=lang)
        site_url = site_url_of(site) or site
        with Store.open(conf.state) as store:
            versions = store.baseline_versions(site_url)
            pages = store.baseline(site_url)
        lines = baseline_listing(
            site_url, versions, pages, translator(conf.lang), zone(conf.timezone)
        )
    for line in lines:
        typer.echo(line)


@state_app.command("prune")
def state_prune(
    keep: Annotated[
        int,
        typer.Option(
            "--keep", min=1, metavar="N", help="Keep every page row of the last N scans."
        ),
    ],
    state: StateOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Delete old scans' clean page rows (kept: the last N scans, each site's latest good scan
    and its baseline's scan, pages that were not clean, findings, incidents)."""
    from scanner.store import Store

    with errors():
        conf = read_settings(config, state=state)
        with Store.open(conf.state) as store:
            done = store.prune_pages(keep)
    typer.echo(
        f"{done.pages_deleted} page row(s) and {done.verdicts_deleted} verdict row(s) deleted "
        f"from {done.scans_pruned} older scan(s); {len(done.scans_kept)} scan(s) kept whole"
    )
