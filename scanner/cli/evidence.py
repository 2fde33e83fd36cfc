"""``scanner evidence ...`` and ``scanner export domains``: handing evidence and blocklists on."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from scanner.cli.base import ConfigOpt, StateOpt, app, errors, settings

evidence_app = typer.Typer(help="WARC evidence of incidents.", no_args_is_help=True)
export_app = typer.Typer(help="Export what the scans saw.", no_args_is_help=True)
app.add_typer(evidence_app, name="evidence")
app.add_typer(export_app, name="export")

log = logging.getLogger("scanner")


@evidence_app.command("export")
def evidence_export(
    incident_id: Annotated[str, typer.Argument(help="Incident id (or unambiguous prefix).")],
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="WARC file (default incident-ID.warc.gz).")
    ] = None,
    state: StateOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Write an incident's WARC records and a manifest (SHA-256 of each payload and the file)."""
    from scanner.evidence import evidence_dir
    from scanner.evidence.export import export_from_state

    with errors():
        conf = settings(config, state=state)
        done = export_from_state(conf.state, evidence_dir(conf), incident_id, out)
    typer.echo(f"evidence: {done.warc} ({done.records} records)")
    typer.echo(f"manifest: {done.manifest_path}")
    typer.echo(f"sha256: {done.manifest['warc_sha256']}")


@export_app.command("domains")
def export_domains(
    fmt: Annotated[str, typer.Option("--format", help="rpz|hosts|csv")] = "rpz",
    min_severity: Annotated[
        str, typer.Option("--min-severity", help="info|low|medium|high|critical")
    ] = "low",
    out: Annotated[Path | None, typer.Option("-o", "--out", help="File (default stdout).")] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List each withheld domain and why (stderr).")
    ] = False,
    state: StateOpt = None,
    config: ConfigOpt = None,
) -> None:
    """The gambling domains seen (never an institutional or inventory domain), for resolvers."""
    from scanner.evidence.domains import Format, blocklist_from_state, render
    from scanner.inventory import load_sites
    from scanner.models import Severity

    try:
        chosen = Format(fmt)
        floor = Severity(min_severity)
    except ValueError:
        typer.secho("error: --format rpz|hosts|csv, --min-severity info..critical", err=True)
        raise typer.Exit(2) from None
    with errors():
        conf = settings(config, state=state)
        inventory: list[str] = []
        if Path(conf.sites).is_file():
            inventory = [s.url for s in load_sites(conf.sites).sites]
        else:
            log.warning("%s not found: only the sites in the state are excluded", conf.sites)
        blocklist = blocklist_from_state(conf.state, inventory, min_severity=floor)
        text = render(blocklist, chosen, datetime.now(UTC))
    if verbose:
        for name, why in blocklist.withheld:
            typer.echo(f"withheld {name!r}: {why}", err=True)  # repr: names came from pages
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
    typer.echo(
        f"{len(blocklist.domains)} domains listed, {len(blocklist.withheld)} withheld",
        err=True,
    )
