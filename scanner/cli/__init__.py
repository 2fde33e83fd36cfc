"""The ``scanner`` command line: parse, build objects, call the library, map errors to exit codes.

Only wiring lives here; the work is in ``scanner.api``. One module per command family:

- ``app``      the Typer app, its groups, and what every command shares (logging, errors)
- ``scan``     ``scan``, ``check``, ``demo``
- ``state``    ``report``, ``incidents ...``, ``baseline ...``
- ``catalog``  ``sites check``, ``signatures ...``, ``hashes add``
- ``evidence`` ``evidence export``, ``export domains``

Exit codes (docs/cli.md): 0 no open incident, 1 open incidents found, 2 usage or configuration
error, 3 the scan itself failed (every site unreachable, state DB or report failure, lock held).
"""

from __future__ import annotations

import typer

from scanner import __version__
from scanner.cli import catalog, evidence, scan, state  # noqa: F401  (registers the commands)
from scanner.cli.app import app

__all__ = ["app", "main"]


@app.command()
def version() -> None:
    """Print the scanner version."""
    typer.echo(__version__)


def main() -> None:
    """Console-script entry point."""
    app()
