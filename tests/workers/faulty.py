"""Site runners that kill their worker process, named by ``SiteRunnerRef`` in the tests.

Each attempt is appended to the file named by ``$SCANNER_TEST_ATTEMPTS`` (the spawned workers
inherit the environment) before the runner decides: so a test can count the attempts.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

from scanner.crawl import Crawler
from scanner.models import SiteOutcome
from scanner.pipeline import SiteJob


def _attempt(host: str) -> int:
    log = Path(os.environ["SCANNER_TEST_ATTEMPTS"])
    with log.open("a", encoding="utf-8") as handle:
        handle.write(host + "\n")
    return log.read_text(encoding="utf-8").split().count(host)


async def kill_on_marked_hosts(job: SiteJob, crawler: Crawler) -> SiteOutcome:
    """SIGKILL this worker on the host named by ``$SCANNER_TEST_KILL_ALWAYS`` (every time)
    and on ``$SCANNER_TEST_KILL_ONCE`` (its first attempt only); other sites run normally."""
    host = job.site.host
    always = os.environ.get("SCANNER_TEST_KILL_ALWAYS")
    if host in (always, os.environ.get("SCANNER_TEST_KILL_ONCE")):
        attempt = _attempt(host)
        if host == always or attempt == 1:
            await crawler.crawl(job.site, job.on_page)  # killed mid-site, not before it
            os.kill(os.getpid(), signal.SIGKILL)
    return await job.run(crawler)
