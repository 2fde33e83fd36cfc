"""The ``scanner`` command line: parse, build objects, call the library, map errors to exit codes.

Exit codes (docs/cli.md): 0 no open incident, 1 open incidents found, 2 usage or configuration
error, 3 the scan itself failed (every site unreachable, state DB or report failure, lock held).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from scanner import __version__
from scanner.config import Settings, load_settings
from scanner.errors import ScannerError
from scanner.models import IncidentStatus, Site

app = typer.Typer(
    help="Website integrity and defacement scanner for .go.id sites.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
sites_app = typer.Typer(help="Work with the site inventory.", no_args_is_help=True)
sig_app = typer.Typer(help="List and test the signatures.", no_args_is_help=True)
incidents_app = typer.Typer(help="List and manage incidents.", no_args_is_help=True)
app.add_typer(sites_app, name="sites")
app.add_typer(sig_app, name="signatures")
baseline_app = typer.Typer(help="Show and accept integrity baselines.", no_args_is_help=True)
hashes_app = typer.Typer(help="Known-bad page and script hashes.", no_args_is_help=True)
app.add_typer(incidents_app, name="incidents")
app.add_typer(baseline_app, name="baseline")
app.add_typer(hashes_app, name="hashes")

log = logging.getLogger("scanner")

ConfigOpt = Annotated[
    Path | None, typer.Option("--config", "-c", help="scanner.toml (default ./scanner.toml).")
]
StateOpt = Annotated[str | None, typer.Option("--state", help="State DB path.")]


def _setup_logging(verbose: int, quiet: bool, log_file: str | None = None) -> None:
    level = logging.WARNING if quiet else (logging.DEBUG if verbose else logging.INFO)
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_file:
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)
        file_handler = logging.FileHandler(log_file, encoding="utf-8")
        file_handler.setLevel(logging.INFO)
        handlers.append(file_handler)
    handlers[0].setLevel(level)
    logging.basicConfig(
        level=min(level, logging.INFO) if log_file else level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=handlers,
        force=True,
    )


def _fail(exc: ScannerError) -> typer.Exit:
    typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
    return typer.Exit(exc.exit_code)


@contextmanager
def _errors() -> Iterator[None]:
    """Map ScannerError to its exit code with a one-line message (no traceback)."""
    try:
        yield
    except ScannerError as exc:
        raise _fail(exc) from None


def _settings(config: Path | None, **overrides: Any) -> Settings:
    return load_settings(config, overrides=overrides)


def _progress() -> Callable[[str, int], None] | None:
    if not sys.stderr.isatty():
        return None
    counts: dict[str, int] = {}

    def show(host: str, pages: int) -> None:
        counts[host] = pages
        total = sum(counts.values())
        sys.stderr.write(f"\r  {len(counts)} site(s), {total} page(s) fetched ... {host[:40]:<40}")
        sys.stderr.flush()

    return show


@app.command()
def scan(
    site: Annotated[
        list[str] | None, typer.Option("--site", help="Host or URL to scan (repeatable).")
    ] = None,
    sites: Annotated[str | None, typer.Option("--sites", help="Inventory CSV.")] = None,
    max_pages: Annotated[int | None, typer.Option("--max-pages", min=1)] = None,
    depth: Annotated[int | None, typer.Option("--depth", min=0)] = None,
    concurrency: Annotated[int | None, typer.Option("--concurrency", min=1)] = None,
    proxy: Annotated[str | None, typer.Option("--proxy", help="HTTP(S) proxy URL.")] = None,
    state: StateOpt = None,
    json_out: Annotated[str | None, typer.Option("--json", help="Write the JSON here.")] = None,
    report: Annotated[str | None, typer.Option("--report", help="Write the HTML here.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Report language: id|en.")] = None,
    email: Annotated[
        bool, typer.Option("--email", help="Email the report per the email policy.")
    ] = False,
    cron: Annotated[
        bool, typer.Option("--cron", help="Quiet unless something is wrong; lock; log file.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True)] = 0,
    config: ConfigOpt = None,
) -> None:
    """Crawl and analyse every site of the inventory (or the --site ones)."""
    quiet = quiet or cron
    _setup_logging(verbose, quiet)
    with _errors():
        settings = _settings(
            config,
            sites=sites,
            state=state,
            json=json_out,
            report=report,
            lang=lang,
            **{
                "crawl.max_pages": max_pages,
                "crawl.max_depth": depth,
                "crawl.concurrency": concurrency,
                "crawl.proxy": proxy,
            },
        )
        if cron:
            log_file = settings.log_file or str(Path(settings.state).parent / "scanner.log")
            _setup_logging(verbose, quiet, log_file)
        from scanner.lock import run_lock

        with run_lock(settings.lock):
            code = _scan(settings, site, email, quiet, cron)
    raise typer.Exit(code)


def _scan(settings: Settings, site: list[str] | None, email: bool, quiet: bool, cron: bool) -> int:
    """The scan command's work inside the lock; returns the exit code."""
    from scanner.api import exit_code, run_scan, send_notifications

    targets = _targets(settings, site)
    if not targets:
        log.error("%s: no site to scan", settings.sites)
        return 2
    outputs = run_scan(targets, settings, progress=None if quiet else _progress())
    if sys.stderr.isatty() and not quiet:
        sys.stderr.write("\n")
    result = outputs.result
    code = exit_code(result)
    log.info("scan %s finished with exit code %s", result.id, code)
    # In cron mode only a problem prints (cron mails whatever a job prints).
    if not quiet or (cron and (code != 0 or not result.complete)):
        opened = len(result.open_incidents)
        new = sum(1 for i in result.open_incidents if i.change.value == "new")
        down = sum(1 for s in result.sites if s.status != "ok")
        typer.echo(
            f"scan {result.id}: {len(result.sites)} site(s), {down} unreachable/failed, "
            f"{opened} open incident(s) ({new} new){'' if result.complete else ' (INCOMPLETE)'}"
        )
        for path in outputs.report_paths[:1]:
            typer.echo(f"report: {path}")
        if outputs.json_path:
            typer.echo(f"json: {outputs.json_path}")
    if email:
        sent = send_notifications(result, settings)
        log.info("%d email(s) sent", sent)
    return code


def _targets(settings: Settings, site: list[str] | None) -> list[Site]:
    """The ``--site`` sites (enriched from the inventory when listed), else the inventory."""
    from scanner.inventory import load_sites, parse_site_arg

    if site:
        inventory = _known_sites(settings.sites)
        wanted = [parse_site_arg(s) for s in site]
        return [inventory.get(w.host, w) for w in wanted]
    inv = load_sites(settings.sites)
    for warning in inv.warnings:
        log.warning("%s", warning)
    return list(inv.sites)


def _known_sites(path: str) -> dict[str, Site]:
    """Inventory rows by host, so ``--site`` picks up owner and contact when listed."""
    from scanner.errors import InventoryError
    from scanner.inventory import load_sites

    try:
        return {s.host: s for s in load_sites(path).sites}
    except InventoryError:
        return {}


@app.command()
def check(
    inputs: Annotated[list[str], typer.Argument(help="Saved HTML files or URLs.")],
    json_out: Annotated[str | None, typer.Option("--json", help="Write the JSON here.")] = None,
    config: ConfigOpt = None,
) -> None:
    """Analyse saved HTML files or single URLs without crawling; print the findings."""
    from scanner.api import check_inputs, write_check_json
    from scanner.models import Verdict

    _setup_logging(0, True)
    with _errors():
        settings = _settings(config)
        verdicts = check_inputs(inputs, settings)
        if json_out:
            write_check_json(inputs, verdicts, json_out)
    flagged = 0
    for source, verdict in zip(inputs, verdicts, strict=True):
        typer.echo(f"{verdict.verdict.value.upper():<10} {source}")
        if verdict.error:
            typer.echo(f"    error: {verdict.error}")
        for f in verdict.findings:
            typer.echo(
                f"    [{f.severity.value}] {f.category.value}/{f.technique.value}: {f.summary}"
            )
        if verdict.verdict not in (Verdict.CLEAN, Verdict.ERROR):
            flagged += 1
    raise typer.Exit(1 if flagged else 0)


@sites_app.command("check")
def sites_check(
    file: Annotated[str, typer.Argument(help="Inventory CSV.")] = "sites.csv",
) -> None:
    """Validate an inventory file and summarise it."""
    from scanner.inventory import load_sites

    with _errors():
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

    with _errors():
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

    with _errors():
        sigs = load_signatures(directory)
        failures = run_examples(sigs)
    for failure in failures:
        typer.echo(f"FAIL {failure}", err=True)
    total = sum(1 for _ in sigs.signatures)
    typer.echo(f"signatures: {total} loaded, {len(failures)} example failure(s)")
    raise typer.Exit(1 if failures else 0)


@app.command()
def report(
    scan_id: Annotated[int | None, typer.Option("--scan", help="Scan id (default latest).")] = None,
    out: Annotated[str | None, typer.Option("--out", help="Output path.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="html|json|md")] = "html",
    lang: Annotated[str | None, typer.Option("--lang", help="id|en")] = None,
    email: Annotated[bool, typer.Option("--email", help="Email this report now.")] = False,
    state: StateOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Re-render a stored scan as HTML, JSON or Markdown (and optionally email it)."""
    from scanner.output import scan_to_json, write_json
    from scanner.report import write_report
    from scanner.store import Store

    if fmt not in ("html", "json", "md"):
        typer.secho("error: --format must be html, json or md", err=True)
        raise typer.Exit(2)
    with _errors():
        settings = _settings(config, state=state, lang=lang)
        with Store.open(settings.state) as store:
            result = store.load_scan(scan_id)
        if fmt == "json":
            target = Path(out) if out else Path(settings.reports_dir) / "latest.json"
            paths = [write_json(scan_to_json(result), target)]
        else:
            target_opt = Path(out) if out else None
            paths = write_report(
                result, target_opt, Path(settings.reports_dir), fmt=fmt, lang=settings.lang,
                tz=settings.timezone,
            )
        typer.echo(f"report: {paths[0]}")
        if email:
            from scanner.api import send_notifications

            sent = send_notifications(result, settings, force=True)
            typer.echo(f"{sent} email(s) sent")


@incidents_app.command("list")
def incidents_list(
    status: Annotated[
        list[str] | None, typer.Option("--status", help="open|acknowledged|snoozed|resolved")
    ] = None,
    site: Annotated[str | None, typer.Option("--site")] = None,
    state: StateOpt = None,
    config: ConfigOpt = None,
) -> None:
    """List incidents (default: everything not resolved)."""
    from scanner.store import Store

    with _errors():
        settings = _settings(config, state=state)
        try:
            wanted = (
                [IncidentStatus(s) for s in status]
                if status
                else [IncidentStatus.OPEN, IncidentStatus.ACKNOWLEDGED, IncidentStatus.SNOOZED]
            )
        except ValueError as exc:
            typer.secho(f"error: {exc}", err=True)
            raise typer.Exit(2) from None
        site_url = _site_url(site)
        with Store.open(settings.state) as store:
            items = store.list_incidents(wanted, site_url)
    for i in items:
        last = i.last_seen.isoformat(timespec="minutes") if i.last_seen else "-"
        typer.echo(
            f"{i.id[:12]}  {i.status.value:<12} {i.severity.value:<8} "
            f"{i.category.value}/{i.technique.value:<18} {i.site}  last {last}  "
            f"{len(i.urls)} url(s)"
        )
    typer.echo(f"{len(items)} incident(s)")


def _site_url(site: str | None) -> str | None:
    if site is None:
        return None
    from scanner.inventory import parse_site_arg

    return parse_site_arg(site).url


def _triage(config: Path | None, state: str | None, action: Callable[[Any], object]) -> None:
    """Open the state DB and apply one triage action to it (errors mapped to exit codes)."""
    from scanner.store import Store

    with _errors():
        settings = _settings(config, state=state)
        with Store.open(settings.state) as store:
            action(store)


@incidents_app.command("ack")
def incidents_ack(
    incident_id: str,
    note: Annotated[str, typer.Option("--note")] = "",
    state: StateOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Acknowledge an incident: it stays tracked but is no longer reported as new."""
    _triage(config, state, lambda store: store.acknowledge(incident_id, note=note))
    typer.echo(f"acknowledged {incident_id}")


@incidents_app.command("snooze")
def incidents_snooze(
    incident_id: str,
    until: Annotated[str, typer.Option("--until", help="YYYY-MM-DD")],
    note: Annotated[str, typer.Option("--note")] = "",
    state: StateOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Snooze an incident until a date; it reopens afterwards if still seen."""
    try:
        when = datetime.fromisoformat(until)
    except ValueError:
        typer.secho(f"error: --until {until!r} is not a date (YYYY-MM-DD)", err=True)
        raise typer.Exit(2) from None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    _triage(config, state, lambda store: store.snooze(incident_id, when, note=note))
    typer.echo(f"snoozed {incident_id} until {when.date().isoformat()}")


@incidents_app.command("resolve")
def incidents_resolve(
    incident_id: str,
    note: Annotated[str, typer.Option("--note")] = "",
    state: StateOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Mark an incident resolved by hand (it reopens as new if seen again)."""
    _triage(config, state, lambda store: store.resolve(incident_id, note=note))
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
    from scanner.errors import StoreError
    from scanner.store import Store
    from scanner.urls import normalize_url

    with _errors():
        settings = _settings(config, state=state)
        site_url = _site_url(site) or site
        with Store.open(settings.state) as store:
            prints = store.last_fingerprints(site_url)
            if not prints:
                raise StoreError(f"no completed scan of {site_url} to accept; scan it first")
            urls = [normalize_url(u) or u for u in url] if url else None
            version = store.save_baseline(site_url, prints, None, by="accept", urls=urls)
    what = f"{len(urls)} page(s)" if urls else f"{len(prints)} page(s)"
    typer.echo(f"baseline v{version} of {site_url}: {what} accepted")


@baseline_app.command("show")
def baseline_show(
    site: Annotated[str, typer.Option("--site", help="Host or URL of the site.")],
    state: StateOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Show the site's baseline versions and the pages of the active one."""
    from scanner.store import Store

    with _errors():
        settings = _settings(config, state=state)
        site_url = _site_url(site) or site
        with Store.open(settings.state) as store:
            versions = store.baseline_versions(site_url)
            pages = store.baseline(site_url)
    if not versions:
        typer.echo(f"{site_url}: no baseline yet (the first complete clean scan becomes one)")
        raise typer.Exit(0)
    for v in versions:
        scan = f"scan {v.scan_id}" if v.scan_id is not None else "by hand"
        typer.echo(
            f"v{v.version}  {v.created_at.isoformat(timespec='minutes')}  {v.created_by:<7} "
            f"{scan:<10} {v.pages} page(s)"
        )
    for page_url, fp in sorted(pages.items()):
        typer.echo(f"  {page_url}  title={fp.title[:60]!r}")


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

    with _errors():
        entry = add_known_bad(file, name, kind, reference, target)
    typer.echo(f"{entry.sha256}  {entry.kind}  {entry.name}")


@app.command()
def demo(
    out_dir: Annotated[str, typer.Option("--out-dir", help="Where reports go.")] = "reports",
) -> None:
    """Serve three fictitious .go.id sites on 127.0.0.1, scan them, write JSON and HTML."""
    from scanner.demo.run import run_demo

    _setup_logging(0, True)
    with _errors():
        outcome = run_demo(Path(out_dir))
    typer.echo(outcome.summary)
    typer.echo(f"report: {outcome.report}")
    typer.echo(f"json: {outcome.json}")


@app.command()
def version() -> None:
    """Print the scanner version."""
    typer.echo(__version__)


def main() -> None:
    """Console-script entry point."""
    app()
