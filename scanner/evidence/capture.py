"""The capture hook: every exchange of a site being scanned, spooled to disk until its findings
are known, then only the exchanges of pages with findings are kept.

``CapturingTransport`` wraps the scan's ``Transport`` (the one-request seam under the
``Fetcher``): each answer is handed to the ``CaptureSpool`` as it came off the wire (status,
headers, body bytes still content-encoded) beside the request headers the fetcher sent (the
profile's User-Agent and Referer). Nothing about fetching changes.

Where the bytes wait: a site's findings are only all known when its job ends (cloaking and
integrity findings come after the crawl), so holding every body in memory until then would
cost a whole site's pages per site in flight. The spool writes each body (cut at
``record_bytes``) to one spooled temporary file per site instead (in memory up to
``SPOOL_IN_MEMORY``, then an unnamed file on disk) and keeps only a small index in
memory; ``take`` reads back the exchanges of the pages with findings and deletes the file. A
site's spool is bounded by ``spool_bytes``: what does not fit is counted and logged, never
silently taken for "nothing to keep". Hosts that are not being scanned (no ``open``) are not
captured at all.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from scanner.config import EvidenceSettings
from scanner.crawl.transport import BodyWanted, RawResponse, Transport
from scanner.models import Exchange, Profile
from scanner.urls import host_of

log = logging.getLogger(__name__)

SPOOL_IN_MEMORY = 256 * 1024
"""Bytes of a site's spool kept in memory before it moves to a temporary file."""


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class _Entry:
    """Where one exchange's body sits in a site's spool file, and everything else about it."""

    url: str
    request_headers: tuple[tuple[str, str], ...]
    status: int
    reason: str
    response_headers: tuple[tuple[str, str], ...]
    offset: int
    length: int
    received: int
    truncated: bool
    captured: datetime


@dataclass(slots=True)
class _HostSpool:
    """One site's spool: an unnamed temporary file and the index of what is in it."""

    file: tempfile.SpooledTemporaryFile[bytes]
    users: int = 1
    size: int = 0
    dropped: int = 0
    entries: list[_Entry] = field(default_factory=list)


class CaptureSpool:
    """Exchanges of the sites being scanned, held on disk per site (see the module docstring)."""

    def __init__(
        self, settings: EvidenceSettings, *, clock: Callable[[], datetime] = _now
    ) -> None:
        """Bodies are cut at ``settings.record_bytes``; a site's spool holds ``spool_bytes``."""
        self._record_bytes = settings.record_bytes
        self._spool_bytes = settings.spool_bytes
        self._take_bytes = settings.scan_bytes
        self._clock = clock
        self._hosts: dict[str, _HostSpool] = {}

    def open(self, site_url: str) -> None:
        """Start capturing the host of ``site_url`` (two sites on one host share a spool)."""
        host = host_of(site_url)
        spool = self._hosts.get(host)
        if spool is not None:
            spool.users += 1
            return
        # In memory while small; a real (unnamed) file once past SPOOL_IN_MEMORY, so thousands
        # of sites in flight cost neither thousands of descriptors nor their bodies in memory.
        spooled = tempfile.SpooledTemporaryFile(  # noqa: SIM115 (closed by take/close)
            max_size=SPOOL_IN_MEMORY, prefix="scanner-ev-"
        )
        self._hosts[host] = _HostSpool(file=spooled)

    def add(self, url: str, headers: Mapping[str, str], raw: RawResponse) -> None:
        """Spool one answer to a GET of ``url`` sent with ``headers`` (ignored off the sites)."""
        host = host_of(url)
        spool = self._hosts.get(host)
        if spool is None:
            return
        body = raw.body or b""
        cut = body[: self._record_bytes]
        truncated = raw.oversized or len(cut) < len(body)
        if raw.body is None and _declared_length(raw) > 0:
            truncated = True  # the fetcher did not want this body (a redirect, an image...)
        if spool.size + len(cut) > self._spool_bytes:
            spool.dropped += 1
            if spool.dropped == 1:
                log.warning(
                    "%s: evidence spool full (%d bytes): later exchanges are not kept",
                    host,
                    self._spool_bytes,
                )
            return
        spool.file.seek(0, 2)
        offset = spool.file.tell()
        spool.file.write(cut)
        spool.size += len(cut)
        request = {"Host": _host_header(url), **dict(headers)}
        spool.entries.append(
            _Entry(
                url=url,
                request_headers=tuple(request.items()),
                status=raw.status,
                reason=raw.reason,
                response_headers=tuple(raw.headers.items()),
                offset=offset,
                length=len(cut),
                received=raw.received or len(body),
                truncated=truncated,
                captured=self._clock(),
            )
        )

    def take(
        self, site_url: str, wanted: Mapping[str, str], profiles: Mapping[str, Profile]
    ) -> tuple[Exchange, ...]:
        """The spooled exchanges whose URL is a key of ``wanted`` (mapped to the page it leads
        to), named by the profile that sent them; the site's spool is then released."""
        host = host_of(site_url)
        spool = self._hosts.get(host)
        if spool is None:
            return ()
        out: list[Exchange] = []
        total = over = 0
        for entry in spool.entries:
            page = wanted.get(entry.url)
            if page is None:
                continue
            if total + entry.length > self._take_bytes:
                over += 1  # a site cannot carry more than a whole scan may write
                continue
            total += entry.length
            spool.file.seek(entry.offset)
            out.append(
                Exchange(
                    url=entry.url,
                    request_headers=entry.request_headers,
                    status=entry.status,
                    reason=entry.reason,
                    response_headers=entry.response_headers,
                    body=spool.file.read(entry.length),
                    received=entry.received,
                    truncated=entry.truncated,
                    captured=entry.captured,
                    page=page,
                    profile=profile_name(entry.request_headers, profiles),
                )
            )
        if over:
            log.warning("%s: %d exchanges with findings not kept (scan_bytes cap)", host, over)
        if spool.dropped and wanted:
            log.warning(
                "%s: %d exchanges were not kept (spool full); evidence may be missing",
                host,
                spool.dropped,
            )
        self.close(site_url)
        return tuple(out)

    def close(self, site_url: str) -> None:
        """Stop capturing the host of ``site_url`` and delete its spool (last user only)."""
        host = host_of(site_url)
        spool = self._hosts.get(host)
        if spool is None:
            return
        spool.users -= 1
        if spool.users <= 0:
            spool.file.close()
            del self._hosts[host]


def profile_name(headers: tuple[tuple[str, str], ...], profiles: Mapping[str, Profile]) -> str:
    """The profile whose User-Agent and Referer the request carried ('' when none matches)."""
    sent = {k.lower(): v for k, v in headers}
    for name, prof in profiles.items():
        if sent.get("user-agent") == prof.user_agent and sent.get("referer") == prof.referer:
            return name
    return ""


def _host_header(url: str) -> str:
    return urlsplit(url).netloc.rpartition("@")[2]


def _declared_length(raw: RawResponse) -> int:
    try:
        return int(raw.headers.get("Content-Length", "0"))
    except ValueError:
        return 0


class CapturingTransport:
    """A ``Transport`` that hands every answer to a ``CaptureSpool`` and changes nothing else."""

    def __init__(self, inner: Transport, spool: CaptureSpool) -> None:
        """Requests go through ``inner``; answers are also given to ``spool``."""
        self._inner = inner
        self._spool = spool

    async def get(
        self,
        url: str,
        headers: Mapping[str, str],
        *,
        verify: bool = True,
        max_bytes: int,
        wants_body: BodyWanted | None = None,
    ) -> RawResponse:
        """One GET through the wrapped transport (see ``Transport.get``), captured."""
        raw = await self._inner.get(
            url, headers, verify=verify, max_bytes=max_bytes, wants_body=wants_body
        )
        self._spool.add(url, headers, raw)
        return raw
