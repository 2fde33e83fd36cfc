"""The scan's progress display on a terminal: log lines print whole, above it."""

from __future__ import annotations

import io
import logging

from rich.console import Console

from scanner.cli.progress import ScanDisplay, scan_progress
from scanner.pipeline import Phase, PhaseProgress


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


def test_post_crawl_checks_get_their_own_line_beside_the_log() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=160)
    with scan_progress(console) as show:
        assert isinstance(show, ScanDisplay) and isinstance(show, PhaseProgress)
        show("dinkes.kabcontoh.go.id", 12)
        show("bapenda.kabcontoh.go.id", 4)
        show.phase("dinkes.kabcontoh.go.id", Phase.CLOAK)
        assert show.checks_line() == (
            "after the crawl: comparing profiles (cloaking): dinkes.kabcontoh.go.id"
        )
        logging.getLogger("scanner.pipeline").warning("googlebot fetch timed out on the news page")
        show.phase("dinkes.kabcontoh.go.id", Phase.INTEGRITY)
        show.phase("bapenda.kabcontoh.go.id", Phase.CLOAK)
        assert show.checks_line() == (
            "after the crawl: comparing profiles (cloaking): bapenda.kabcontoh.go.id; "
            "integrity check: dinkes.kabcontoh.go.id"
        )
        show.phase("dinkes.kabcontoh.go.id", Phase.DONE)
        assert show.crawl_line().startswith("2 site(s), 16 page(s) fetched, 1 site(s) done")
        show.phase("bapenda.kabcontoh.go.id", Phase.DONE)
        assert show.checks_line() == ""  # nothing after the crawl: the line goes away
        logging.getLogger("scanner").warning("scan finished; one site unreachable")
    text = out.getvalue()
    assert "comparing profiles (cloaking): dinkes.kabcontoh.go.id" in text  # it was drawn
    for warning in ("googlebot fetch timed out on the news page", "one site unreachable"):
        line = next(ln for ln in text.splitlines() if warning in ln)
        assert "after the crawl" not in line and "page(s) fetched" not in line


def test_many_sites_in_one_check_stay_on_one_line() -> None:
    console = Console(file=io.StringIO(), force_terminal=True, width=120)
    with scan_progress(console) as show:
        assert isinstance(show, ScanDisplay)
        for n in range(7):
            show.phase(f"desa{n}.kabcontoh.go.id", Phase.CLOAK)
        line = show.checks_line()
    assert line.endswith("desa2.kabcontoh.go.id +4") and line.count(".go.id") == 3
