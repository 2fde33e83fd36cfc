"""The ``scanner`` command line: parse, build objects, call the library, map errors to exit codes.

Only wiring lives here; the work is in ``scanner.api``. One module per command family:

- ``app``      the Typer app, its groups, and what every command shares (logging, errors)
- ``scan``     ``scan``, ``check``, ``demo``
- ``state``    ``report``, ``incidents ...``, ``baseline ...``
- ``catalog``  ``sites check``, ``signatures ...``, ``hashes add``

Exit codes (docs/cli.md): 0 no open incident, 1 open incidents found, 2 usage or configuration
error, 3 the scan itself failed (every site unreachable, state DB or report failure, lock held).
"""

from __future__ import annotations

import re
import sys
import traceback

import typer

from scanner import __version__
from scanner.cli import catalog, scan, state  # noqa: F401  (registers the commands)
from scanner.cli.app import app

__all__ = ["app", "main"]


@app.command()
def version() -> None:
    """Print the scanner version."""
    typer.echo(__version__)


EXIT_UNEXPECTED = 3
"""An unexpected exception (a bug, or a failure nobody foresaw): never 1, which means
"incidents found" and which the documented systemd unit counts as success."""


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: an unexpected exception exits 3 with one clear line (the
    traceback only with ``-v``), never a traceback of hundreds of lines and exit 1."""
    args = sys.argv[1:] if argv is None else argv
    try:
        app(args=args, prog_name="scanner")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        raise SystemExit(130) from None
    except Exception as exc:  # the last line of defence: one line, exit 3
        if _verbose(args):
            traceback.print_exc()
        where = exc.__traceback__
        while where is not None and where.tb_next is not None:
            where = where.tb_next
        at = f" at {where.tb_frame.f_code.co_filename}:{where.tb_lineno}" if where else ""
        message = " ".join(str(exc).split())[:500]
        sys.stderr.write(
            f"error: unexpected {type(exc).__name__}: {message}{at}"
            f"{'' if _verbose(args) else ' (run with -v for the traceback)'}\n"
        )
        raise SystemExit(EXIT_UNEXPECTED) from None


def _verbose(args: list[str]) -> bool:
    return any(a == "--verbose" or re.fullmatch(r"-v+", a) for a in args)
