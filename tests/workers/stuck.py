"""A site runner whose analysis never ends, named by ``SiteRunnerRef`` in the orphan tests.

It spins one thread at 100% CPU, as a page analysis stuck in hostile input would: a cancel
cannot stop a thread, and the interpreter's shutdown waits for it, so without a bound the
worker would spin on for ever after its parent died. Importing this module (the worker does,
to find the runner) shortens the worker's exit bound so the test is quick.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from scanner.crawl import Crawler
from scanner.models import SiteOutcome
from scanner.pipeline import SiteJob
from scanner.workers import child

child.EXIT_GRACE_SECONDS = 1


def _spin() -> None:
    n = 0
    while True:
        n += 1


async def spin_for_ever(job: SiteJob, crawler: Crawler) -> SiteOutcome:
    """Say the site started (a file named by this pid in ``$SCANNER_TEST_STUCK``), then spin."""
    (Path(os.environ["SCANNER_TEST_STUCK"]) / str(os.getpid())).touch()
    await asyncio.to_thread(_spin)
    return await job.run(crawler)
