"""Per-IP slots on one machine: at most ``crawl.per_ip`` sites of one server address at once
across the worker processes of ``scan --workers N``.

Many .go.id subdomains share one server (a province hosts its regencies' sites on one
address). The parent hands out the sites, so the parent holds the slots: a site goes to a
worker only while its server's address has a free slot, and the slot is freed when the site's
result comes back or its worker dies. A server therefore sees at most ``per_ip x per_host``
connections from the machine, however many workers scan it. Queued scans on many machines keep
the same count in PostgreSQL instead (``distributed/politeness.py``).

Addresses are looked up in the parent, in the background and in queue order (overrides first,
then DNS, ``LOOKUPS`` at once), so the first sites can start while the rest resolve. A name
that does not resolve takes no slot: the worker's own fetch records it as unreachable, and it
costs no server anything.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Sequence

from aiohttp.abc import AbstractResolver

from scanner.config import CrawlSettings
from scanner.models import Site

log = logging.getLogger(__name__)

LOOKUPS = 32
"""Address lookups the parent runs at once."""

_PENDING = object()
"""The address of a site not looked up yet."""


class IpSlots:
    """The server address of each site of a scan and the slots its running sites hold.

    Indexes are the sites' places in the scan's list (as the coordinator numbers them).
    Mutable and owned by the coordinator alone; ``start`` and ``close`` run on its loop.
    """

    def __init__(
        self,
        sites: Sequence[Site],
        crawl: CrawlSettings,
        order: Sequence[int],
        resolver: AbstractResolver | None = None,
    ) -> None:
        """Slots for ``sites``, looked up in ``order`` (the queue's), ``crawl.per_ip`` each;
        ``resolver`` answers the names not overridden (default: the system's; tests inject
        one, and it stays theirs to close)."""
        self._sites = sites
        self._crawl = crawl
        self._order = list(order)
        self._per_ip = crawl.per_ip
        self._addresses: list[object] = [_PENDING] * len(sites)
        self._held: dict[int, str] = {}
        self._running: Counter[str] = Counter()
        self._task: asyncio.Task[None] | None = None
        self._given = resolver
        self._resolver: AbstractResolver | None = None

    def start(self) -> None:
        """Begin looking the addresses up (in the background, on the running loop)."""
        from scanner.crawl.session import system_resolver

        resolver = self._given
        if resolver is None:
            resolver = self._resolver = system_resolver()
        self._task = asyncio.ensure_future(self._lookup_all(resolver))

    async def looked_up(self) -> None:
        """Wait until every address is looked up (the coordinator never waits: tests do)."""
        if self._task is not None:
            await asyncio.shield(self._task)

    async def close(self) -> None:
        """Stop the lookups still running and release the resolver."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        if self._resolver is not None:
            with contextlib.suppress(Exception):
                await self._resolver.close()
            self._resolver = None

    async def _lookup_all(self, resolver: AbstractResolver) -> None:
        from scanner.distributed.politeness import server_address

        gate = asyncio.Semaphore(LOOKUPS)

        async def one(index: int) -> None:
            async with gate:
                found = await server_address(self._sites[index], self._crawl, resolver)
            self._addresses[index] = found
            if found is None:
                log.debug("%s: no address; it takes no per-IP slot", self._sites[index].host)

        await asyncio.gather(*(one(i) for i in self._order))

    def address(self, index: int) -> str | None:
        """The site's server address (None: it did not resolve, or not looked up yet)."""
        found = self._addresses[index]
        return found if isinstance(found, str) else None

    def ready(self, index: int) -> bool:
        """Whether the site may start now: its address is known and has a free slot."""
        found = self._addresses[index]
        if found is _PENDING:
            return False
        return not isinstance(found, str) or self._running[found] < self._per_ip

    def take(self, index: int) -> None:
        """The site starts: it holds one slot of its address until ``release``."""
        found = self.address(index)
        if found is not None and index not in self._held:
            self._held[index] = found
            self._running[found] += 1

    def release(self, index: int) -> None:
        """The site is over (recorded, failed, or lost with its worker): its slot is free."""
        found = self._held.pop(index, None)
        if found is not None:
            self._running[found] -= 1
            if self._running[found] <= 0:
                del self._running[found]

    def running(self, address: str) -> int:
        """Sites of ``address`` holding a slot now."""
        return self._running[address]
