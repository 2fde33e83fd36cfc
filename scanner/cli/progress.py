"""The scan's progress on a terminal, drawn by rich so that log lines never tear it.

The progress display and the stderr log handler share one rich ``Console``: a log record is
printed above the live line instead of into it (the old ``\\r`` line collided with them).
Off a terminal (cron, systemd, a pipe) there is no display, only the plain log lines.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.logging import RichHandler
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from scanner.pipeline import ProgressFn


@contextmanager
def scan_progress(console: Console | None = None) -> Iterator[ProgressFn | None]:
    """A ``ProgressFn`` drawing sites and pages fetched; None when stderr is no terminal.

    While it runs, the root logger's stderr handlers are replaced by a ``RichHandler`` on the
    same console (restored after), so warnings appear as whole lines above the display.
    """
    console = console or Console(stderr=True)
    if not console.is_terminal:
        yield None
        return
    root = logging.getLogger()
    replaced = [
        h
        for h in root.handlers
        if isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler)
    ]
    rich_handler = RichHandler(console=console, show_path=False, markup=False)
    rich_handler.setLevel(replaced[0].level if replaced else logging.WARNING)
    for handler in replaced:
        root.removeHandler(handler)
    root.addHandler(rich_handler)
    counts: dict[str, int] = {}
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("starting ...", total=None)

        def show(host: str, pages: int) -> None:
            counts[host] = pages
            total = sum(counts.values())
            progress.update(
                task,
                description=f"{len(counts)} site(s), {total} page(s) fetched ... {host[:40]}",
            )

        try:
            yield show
        finally:
            root.removeHandler(rich_handler)
            for handler in replaced:
                root.addHandler(handler)
