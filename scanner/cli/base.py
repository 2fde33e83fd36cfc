"""The Typer application, its command groups and the helpers every command shares.

Exit codes (docs/cli.md): 0 no open incident, 1 open incidents found, 2 usage or configuration
error, 3 the scan failed, did not complete or could not see a site with nothing open (every
site unreachable, interrupted, state DB, report or email failure, lock held, unexpected error).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from scanner.cli.help import HelpGroup
from scanner.config import Settings, load_settings
from scanner.errors import ScannerError

app = typer.Typer(
    cls=HelpGroup,
    help="Website integrity and defacement scanner for .go.id sites.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
sites_app = typer.Typer(help="Work with the site inventory.", no_args_is_help=True)
sig_app = typer.Typer(help="List and test the signatures.", no_args_is_help=True)
incidents_app = typer.Typer(help="List and manage incidents.", no_args_is_help=True)
baseline_app = typer.Typer(help="Show and accept integrity baselines.", no_args_is_help=True)
hashes_app = typer.Typer(help="Known-bad page and script hashes.", no_args_is_help=True)
state_app = typer.Typer(help="The state database itself.", no_args_is_help=True)
app.add_typer(sites_app, name="sites")
app.add_typer(sig_app, name="signatures")
app.add_typer(incidents_app, name="incidents")
app.add_typer(baseline_app, name="baseline")
app.add_typer(hashes_app, name="hashes")
app.add_typer(state_app, name="state")

log = logging.getLogger("scanner")


def _print_version(value: bool) -> None:
    if value:
        from scanner import __version__

        typer.echo(f"scanner {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print the version and exit.",
            callback=_print_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Website integrity and defacement scanner for .go.id sites.

    Exit codes: 0 no open incident, 1 open incidents, 2 usage or configuration error,
    3 the scan failed, did not complete or could not see a site (docs/cli.md).
    """


ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", "-c", metavar="FILE", help="scanner.toml (default ./scanner.toml)."),
]
StateOpt = Annotated[
    str | None, typer.Option("--state", metavar="PATH", help="State DB (path or database URL).")
]


class LogFileHandler(logging.FileHandler):
    """The ``--cron`` log file: a write that fails (disk full) is said ONCE on stderr, not as
    a traceback per log record (which buried a full disk under thousands of lines)."""

    failed = False

    def handleError(self, record: logging.LogRecord) -> None:
        """Report the first failure in one line; drop the later ones."""
        self._once(sys.exc_info()[1])

    def close(self) -> None:
        """Close; buffered lines that cannot be written are the same one failure."""
        try:
            super().close()
        except OSError as exc:
            self._once(exc)

    def _once(self, exc: BaseException | None) -> None:
        if not self.failed:
            self.failed = True
            sys.stderr.write(f"error: cannot write the log file {self.baseFilename}: {exc}\n")


def setup_logging(verbose: int, quiet: bool, log_file: str | None = None) -> None:
    """Log to stderr at the level asked for; with ``log_file`` also INFO and up to that file."""
    level = logging.WARNING if quiet else (logging.DEBUG if verbose else logging.INFO)
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_file:
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)
        file_handler = LogFileHandler(log_file, encoding="utf-8")
        file_handler.setLevel(logging.INFO)
        handlers.append(file_handler)
    handlers[0].setLevel(level)
    logging.basicConfig(
        level=min(level, logging.INFO) if log_file else level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=handlers,
        force=True,
    )


def fail(exc: ScannerError) -> typer.Exit:
    """Print the error in one line and return the exit matching it."""
    typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
    return typer.Exit(exc.exit_code)


@contextmanager
def errors() -> Iterator[None]:
    """Map ScannerError to its exit code with a one-line message (no traceback)."""
    try:
        yield
    except ScannerError as exc:
        raise fail(exc) from None


def settings(config: Path | None, **overrides: Any) -> Settings:
    """The settings from ``config`` (and the environment) with command-line overrides."""
    return load_settings(config, overrides=overrides)


def read_settings(config: Path | None, **overrides: Any) -> Settings:
    """``settings`` for a command that only reads or edits the state: a state DB file that
    does not exist is refused (exit 3), never created empty to answer "0 incidents" for a
    mistyped ``--state``. Database URLs (``scheme://...``) are left to their backend."""
    from scanner.errors import StoreError

    conf = settings(config, **overrides)
    state = str(conf.state)
    if "://" not in state and state != ":memory:" and not Path(state).is_file():
        raise StoreError(
            f"{state}: no state database there (a typo in --state?); nothing was created. "
            "A scan creates it: scanner scan"
        )
    return conf
