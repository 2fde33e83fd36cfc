"""The ``scanner`` command line: parse, build objects, call the library, map errors to exit codes.

Only wiring lives here; the work is in ``scanner.api``. One module per command family:

- ``base``     the Typer app, its groups, and what every command shares (logging, errors)
- ``scan``     ``scan``, ``check``, ``demo``, ``version``
- ``state``    ``report``, ``incidents ...``, ``baseline ...``
- ``catalog``  ``sites check``, ``signatures ...``, ``hashes add``
- ``evidence`` ``evidence export``, ``export domains``
- ``init``     ``init`` (a commented scanner.toml)
- ``distributed`` ``worker``, ``status``, ``state migrate``, ``scan --enqueue/--finish``

This package imports nothing heavy itself: ``main`` must be able to take Ctrl-C for a scan
before Typer and the library are even imported (``scanner.stop``). ``app`` is loaded on first
use.

Exit codes (docs/cli.md): 0 no open incident, 1 open incidents found, 2 usage or configuration
error, 3 the scan itself failed (every site unreachable, state DB or report failure, lock held)
or did not complete.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

__all__ = ["app", "main"]


def _load() -> typer.Typer:
    """Import the commands (registering them on the app) and return the app."""
    from scanner.cli import (  # noqa: F401  (registers them)
        catalog,
        distributed,
        evidence,
        init,
        scan,
        state,
    )
    from scanner.cli.base import app

    return app


def __getattr__(name: str) -> Any:
    if name == "app":
        return _load()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


EXIT_UNEXPECTED = 3
"""An unexpected exception (a bug, or a failure nobody foresaw): never 1, which means
"incidents found" and which the documented systemd unit counts as success."""


def main() -> None:
    """Console-script entry point.

    For ``scanner scan`` SIGINT and SIGTERM only ask the scan to stop from this first
    instruction on, imports included, so however early they come the scan still writes its
    summary, JSON and report, marked incomplete. Other commands keep the default behaviour.

    An unexpected exception exits 3 with one clear line (the traceback only with ``-v``),
    never a traceback of hundreds of lines and exit 1.
    """
    try:
        _run()
    except (SystemExit, KeyboardInterrupt):
        raise
    except Exception as exc:  # the last line of defence: one line, exit 3
        _crash(exc, sys.argv[1:])


def _run() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "scan":
        from scanner.stop import StopSignal

        stop = StopSignal()
        try:
            with stop.on_signals(exiting=True):
                app = _load()
                from scanner.cli import scan

                scan.PROCESS_STOP = stop
                app()
        finally:
            # Everything is written and the process is ending: a late signal changes nothing.
            stop.ignore_signals()
    else:
        _load()()


def _crash(exc: Exception, args: list[str]) -> None:
    """Say what went wrong in one line (the traceback first with ``-v``); exit 3."""
    import re
    import traceback

    verbose = any(a == "--verbose" or re.fullmatch(r"-v+", a) for a in args)
    if verbose:
        traceback.print_exc()
    where = exc.__traceback__
    while where is not None and where.tb_next is not None:
        where = where.tb_next
    at = f" at {where.tb_frame.f_code.co_filename}:{where.tb_lineno}" if where else ""
    message = " ".join(str(exc).split())[:500]
    sys.stderr.write(
        f"error: unexpected {type(exc).__name__}: {message}{at}"
        f"{'' if verbose else ' (run with -v for the traceback)'}\n"
    )
    raise SystemExit(EXIT_UNEXPECTED) from None
