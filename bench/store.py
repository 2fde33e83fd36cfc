"""The state DB at national size: ``begin_scan`` and one ``record_pages`` call at n sites.

``python -m bench.store [--sites 40000]`` times, on a fresh SQLite file in a temporary
directory: ``begin_scan`` of n sites (one transaction: the scan row, every site upserted, a
pending result row each), then one ``record_pages`` call of 50 pages for the last site, then a
second scan's ``begin_scan`` over the same sites (the nightly case: every site known already).
Before schema version 4 both grew with the square of the sites (``SELECT MAX(seq)`` per row).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from scanner.models import PageRecord, Site
from scanner.store import Store

PAGES_PER_CALL = 50
"""Pages in the timed ``record_pages`` call (the pipeline flushes every 50)."""


@dataclass(frozen=True, slots=True)
class StoreFigures:
    """Seconds taken by each timed store call."""

    sites: int
    begin_first: float
    record_pages: float
    begin_again: float


def national_sites(n: int) -> list[Site]:
    """``n`` distinct fictitious .go.id sites."""
    return [
        Site(url=f"https://desa{i}.kab{i % 514}.go.id/", name=f"Desa {i}", owner=f"Kab {i % 514}")
        for i in range(n)
    ]


def measure(n: int) -> StoreFigures:
    """Time the store calls at ``n`` sites on a fresh file (see the module docstring)."""
    sites = national_sites(n)
    now = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "state.db") as store:
        started = time.perf_counter()
        scan_id = store.begin_scan(now, "bench", sites)
        begun = time.perf_counter()
        last = sites[-1].url
        pages = [
            PageRecord(url=f"{last}p/{i}", final_url=f"{last}p/{i}", status=200, size=50_000)
            for i in range(PAGES_PER_CALL)
        ]
        store.record_pages(scan_id, last, pages)
        recorded = time.perf_counter()
        store.begin_scan(now, "bench", sites)
        again = time.perf_counter()
    return StoreFigures(n, begun - started, recorded - begun, again - recorded)


def report(figures: StoreFigures) -> str:
    """One line per figure set."""
    return (
        f"store at {figures.sites} sites: begin_scan {figures.begin_first:.2f}s (new sites), "
        f"{figures.begin_again:.2f}s (known sites); record_pages({PAGES_PER_CALL} pages) "
        f"{figures.record_pages * 1000:.1f} ms"
    )


def main() -> None:
    """Parse the command line and print the figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.store", description=__doc__)
    parser.add_argument("--sites", type=int, nargs="+", default=[40_000])
    for n in parser.parse_args().sites:
        print(report(measure(n)))


if __name__ == "__main__":
    main()
