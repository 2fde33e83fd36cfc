"""Politeness across workers: at most ``per_ip`` sites of one server address at once.

Many .go.id subdomains share one server (a province hosts its regencies' sites on one
address), so a per-hostname limit alone lets many workers hit one machine together. Before a
site job crawls, it takes one of ``per_ip`` slots of its server's address: a PostgreSQL
session advisory lock ``(IP_LOCK_SPACE, hash(address) * 64 + slot)`` on a connection of its
own, held for the whole job. Every worker on every machine sees the same locks; a worker that
dies loses its connection and so its slots, at once. With ``crawl.per_host`` requests per site,
a server sees at most ``per_ip * per_host`` connections from the whole fleet.

A name that does not resolve takes no slot (it costs the server nothing).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import socket
from collections import deque
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from aiohttp.abc import AbstractResolver

from scanner.config import MAX_PER_IP, CrawlSettings
from scanner.models import Site

log = logging.getLogger(__name__)

IP_LOCK_SPACE = 0x5CA7
"""The first key of the two-key advisory locks that are per-IP slots."""

MAX_SLOTS = MAX_PER_IP
"""Slots per address the key layout allows (``per_ip`` is capped to it)."""

WAIT_S = 0.25
"""Pause between two attempts to find a free slot."""


async def server_address(
    site: Site, crawl: CrawlSettings, resolver: AbstractResolver | None = None
) -> str | None:
    """The address the site's host resolves to first (``host_overrides`` first, as the crawler
    reads them: ``www.`` and the bare host together); None when it does not resolve within
    ``crawl.connect_timeout``. ``resolver`` (the caller's, left open) answers the rest; without
    one a thread-pool lookup is made and closed here."""
    from scanner.crawl.session import OverrideResolver

    lookup = OverrideResolver(crawl.host_overrides, resolver)
    try:
        answers = await asyncio.wait_for(
            lookup.resolve(site.host, 0, socket.AF_UNSPEC), crawl.connect_timeout
        )
    except (OSError, UnicodeError, ValueError, TimeoutError):
        return None
    finally:
        if resolver is None:
            await lookup.close()  # the DefaultResolver it made (the caller's stays open)
    return str(answers[0]["host"]) if answers else None


def server_family(host: str) -> str:
    """The domain a host's server is likely shared along: its last three labels
    (``dinkes.lampungprov.go.id`` -> ``lampungprov.go.id``): a province's agencies."""
    return ".".join(host.lower().removeprefix("www.").split(".")[-3:])


def spread(sites: Sequence[Site]) -> list[Site]:
    """The sites taking turns between server families (one of each, then the next of each):
    inventories list a province's sites together, and a queue in that order would fill every
    worker with jobs waiting for one server's slots while the other servers wait too."""
    groups: dict[str, deque[Site]] = {}
    for site in sites:
        groups.setdefault(server_family(site.host), deque()).append(site)
    order: list[Site] = []
    while groups:
        for family in list(groups):
            order.append(groups[family].popleft())
            if not groups[family]:
                del groups[family]
    return order


def slot_keys(address: str, per_ip: int) -> list[int]:
    """The advisory-lock keys of the address's slots (stable across machines and runs)."""
    digest = hashlib.blake2b(address.encode(), digest_size=4).digest()
    base = (int.from_bytes(digest, "big") % (2**31 // MAX_SLOTS)) * MAX_SLOTS
    return [base + slot for slot in range(min(max(per_ip, 1), MAX_SLOTS))]


@asynccontextmanager
async def ip_slot(url: str, address: str | None, per_ip: int) -> AsyncIterator[int | None]:
    """Hold one of the address's slots for the block (waiting for one); yields the slot key
    (None: no address, nothing held)."""
    if address is None or per_ip <= 0:
        yield None
        return
    import psycopg

    keys = slot_keys(address, per_ip)
    conn: Any = await psycopg.AsyncConnection.connect(url, autocommit=True)
    try:
        held: int | None = None
        waited = False
        while held is None:
            for key in keys:
                row = await (
                    await conn.execute(
                        "SELECT pg_try_advisory_lock(%s, %s)", (IP_LOCK_SPACE, key)
                    )
                ).fetchone()
                if row and row[0]:
                    held = key
                    break
            else:
                if not waited:
                    log.info("%s: %d site(s) of this server already running; waiting",
                             address, len(keys))
                    waited = True
                await asyncio.sleep(WAIT_S)
        yield held
    finally:
        await conn.close()  # releases the session's advisory locks
