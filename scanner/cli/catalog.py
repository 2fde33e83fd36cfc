"""``scanner sites``, ``scanner signatures`` and ``scanner hashes``: the scanner's inputs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scanner.cli.base import errors, hashes_app, sig_app, sites_app


@sites_app.command("check")
def sites_check(
    file: Annotated[str, typer.Argument(help="Inventory CSV.")] = "sites.csv",
) -> None:
    """Validate an inventory file and summarise it."""
    from scanner.inventory import load_sites

    with errors():
        inv = load_sites(file)
    for warning in inv.warnings:
        typer.echo(f"warning: {warning}", err=True)
    go_id = sum(1 for s in inv.sites if s.host.endswith(".go.id"))
    owners = len({s.owner for s in inv.sites if s.owner})
    typer.echo(
        f"{file}: {len(inv.sites)} site(s), {go_id} .go.id, {owners} owner(s), "
        f"{len(inv.warnings)} warning(s)"
    )


@sig_app.command("list")
def signatures_list(
    directory: Annotated[str | None, typer.Option("--dir", help="Signatures folder.")] = None,
) -> None:
    """List the loaded signatures."""
    from scanner.signatures import load_signatures

    with errors():
        sigs = load_signatures(directory)
    for s in sigs.signatures:
        typer.echo(f"{s.id:<40} {s.category.value:<17} {s.severity.value:<8} {s.role:<18} {s.name}")
    typer.echo(f"{len(sigs.signatures)} signature(s)")


@sig_app.command("test")
def signatures_test(
    directory: Annotated[str | None, typer.Option("--dir", help="Signatures folder.")] = None,
) -> None:
    """Run every signature's match/no_match examples; exit 1 on any failure."""
    from scanner.signatures import load_signatures, run_examples

    with errors():
        sigs = load_signatures(directory)
        failures = run_examples(sigs)
    for failure in failures:
        typer.echo(f"FAIL {failure}", err=True)
    total = sum(1 for _ in sigs.signatures)
    typer.echo(f"signatures: {total} loaded, {len(failures)} example failure(s)")
    raise typer.Exit(1 if failures else 0)


@hashes_app.command("add")
def hashes_add(
    file: Annotated[Path, typer.Argument(help="Saved defacement page or malicious script.")],
    name: Annotated[str, typer.Option("--name", help="What it is, e.g. the defacer's page.")],
    kind: Annotated[str, typer.Option("--kind", help="defacement|script")] = "defacement",
    reference: Annotated[str, typer.Option("--reference", help="Where it was seen.")] = "",
    target: Annotated[
        Path | None, typer.Option("--file", help="Hash list (default signatures/known-bad).")
    ] = None,
) -> None:
    """Add the normalised-content hash of a known-bad page or script to the hash list."""
    from scanner.integrity import add_known_bad

    with errors():
        entry = add_known_bad(file, name, kind, reference, target)
    typer.echo(f"{entry.sha256}  {entry.kind}  {entry.name}")
