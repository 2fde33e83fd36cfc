"""Third-party script findings of one scan, per script URL: each URL fetched and analysed once.

Shared by every site job of a scan (``ScanEnv.offsite_scripts``); see ``pipeline.assets`` for
what is fetched and how the findings are tied to the pages that load a script.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace

from scanner.models import Finding

log = logging.getLogger(__name__)

MAX_OFFSITE_CACHE = 20_000
"""Distinct third-party script URLs one scan fetches at most (memory stays bounded)."""

Analyse = Callable[[], Awaitable[tuple[Finding, ...]]]


class OffsiteScripts:
    """Third-party script findings of one scan, per script URL (each fetched once).

    Mutable and shared by the site jobs of one scan (one event loop): the first job that needs
    a URL fetches it; the others await the same task. Findings are kept with the script's URL;
    ``OffsiteScripts.for_page`` re-addresses them to a page.
    """

    def __init__(self, limit: int = MAX_OFFSITE_CACHE) -> None:
        """An empty cache holding at most ``limit`` URLs."""
        self._limit = limit
        self._tasks: dict[str, asyncio.Task[tuple[Finding, ...]]] = {}

    def __len__(self) -> int:
        return len(self._tasks)

    async def findings(self, url: str, analyse: Analyse) -> tuple[Finding, ...] | None:
        """The findings of the script at ``url`` (``analyse`` runs once per URL per scan);
        None when the cache is full and the URL was never analysed."""
        task = self._tasks.get(url)
        if task is None:
            if len(self._tasks) >= self._limit:
                log.debug("third-party script cache full; %s not analysed", url)
                return None
            task = self._tasks[url] = asyncio.ensure_future(analyse())
        return await asyncio.shield(task)

    @staticmethod
    def for_page(found: tuple[Finding, ...], page_url: str) -> list[Finding]:
        """The script's findings as findings about the page that loads it."""
        return [replace(f, url=page_url) for f in found]
