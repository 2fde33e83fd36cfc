"""The scan's progress on a terminal, drawn by rich so that log lines never tear it.

The progress display and the stderr log handler share one rich ``Console``: a log record is
printed above the live lines instead of into them (the old ``\\r`` line collided with them).
Off a terminal (cron, systemd, a pipe) there is no display, only the plain log lines.

Two lines: the crawl (sites, pages fetched, sites done, the latest host) and, while any site is
in them, the checks that run after a site's crawl: the cloaking comparison (pages fetched again
as Googlebot, a phone, a Google visitor) and the integrity check against the baseline. A long
pause after the last page is then visibly work, not a hang.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.logging import RichHandler
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

from scanner.pipeline import Phase, PhaseProgress

CHECKS: dict[Phase, str] = {
    Phase.CLOAK: "comparing profiles (cloaking)",
    Phase.INTEGRITY: "integrity check",
}
"""The post-crawl phases the second line shows, in the order a site goes through them."""

MAX_HOSTS = 3
"""Hosts named per check on the second line (then ``+N``): it must fit one terminal line."""


class ScanDisplay:
    """The live lines of one scan: a ``PhaseProgress`` (page counts and each site's phase)."""

    def __init__(self, progress: Progress) -> None:
        """Draw on ``progress`` (already started); one task per line."""
        self._progress = progress
        self._crawl = progress.add_task("starting ...", total=None)
        self._checks: TaskID = progress.add_task("", total=None, visible=False)
        self._pages: dict[str, int] = {}
        self._phases: dict[str, Phase] = {}
        self._last = ""

    def __call__(self, host: str, pages: int, /) -> None:
        """``host`` has fetched ``pages`` pages so far."""
        self._pages[host] = pages
        self._last = host
        self._draw()

    def phase(self, host: str, phase: Phase, /) -> None:
        """``host`` entered ``phase``."""
        self._pages.setdefault(host, 0)
        self._phases[host] = phase
        self._draw()
        # A phase changes a few times per site: drawn at once, not at the next tick, so a
        # short check is seen too (page counts wait for the tick: there are thousands).
        self._progress.refresh()

    def crawl_line(self) -> str:
        """The first line: sites, pages fetched, sites done and the latest host."""
        done = sum(1 for p in self._phases.values() if p is Phase.DONE)
        total = sum(self._pages.values())
        line = f"{len(self._pages)} site(s), {total} page(s) fetched, {done} site(s) done"
        return f"{line} ... {self._last[:40]}" if self._last else line

    def checks_line(self) -> str:
        """The second line: each post-crawl check and the sites in it ('' when none)."""
        parts = []
        for phase, label in CHECKS.items():
            hosts = sorted(h for h, p in self._phases.items() if p is phase)
            if hosts:
                named = ", ".join(h[:40] for h in hosts[:MAX_HOSTS])
                more = f" +{len(hosts) - MAX_HOSTS}" if len(hosts) > MAX_HOSTS else ""
                parts.append(f"{label}: {named}{more}")
        return "after the crawl: " + "; ".join(parts) if parts else ""

    def _draw(self) -> None:
        self._progress.update(self._crawl, description=self.crawl_line())
        checks = self.checks_line()
        self._progress.update(self._checks, description=checks, visible=bool(checks))


@contextmanager
def scan_progress(console: Console | None = None) -> Iterator[PhaseProgress | None]:
    """The scan's live display (a ``ScanDisplay``); None when stderr is no terminal.

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
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}", markup=False),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        try:
            yield ScanDisplay(progress)
        finally:
            root.removeHandler(rich_handler)
            for handler in replaced:
                root.addHandler(handler)
