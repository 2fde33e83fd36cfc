"""The scan's progress display on a terminal: log lines print whole, above it."""

from __future__ import annotations

import io
import logging

from rich.console import Console

from scanner.cli.progress import scan_progress


def test_log_lines_print_whole_beside_the_progress_and_handlers_come_back() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=120)
    root = logging.getLogger()
    before = list(root.handlers)
    with scan_progress(console) as show:
        assert show is not None
        show("dinkes.kabcontoh.go.id", 3)
        logging.getLogger("scanner.crawl").warning("sitemap truncated at 5000 URLs")
        show("bapenda.kabcontoh.go.id", 7)
    assert root.handlers == before
    text = out.getvalue()
    line = next(ln for ln in text.splitlines() if "sitemap truncated" in ln)
    assert "page(s) fetched" not in line  # never torn into the progress line


def test_no_display_off_a_terminal() -> None:
    console = Console(file=io.StringIO(), force_terminal=False)
    with scan_progress(console) as show:
        assert show is None
