"""Writing evidence: one gzipped WARC file (ISO 28500) per scan, with an index beside it.

``ScanWarc`` opens ``scan-<id>-<started>.warc.gz`` on the first record (a scan with no finding
leaves no file), writes a ``warcinfo`` record, then for each kept exchange a ``response``
record (status line, headers and body bytes as received) and its ``request`` record (the
headers sent, ``WARC-Concurrent-To`` the response). Digests (``WARC-Block-Digest``,
``WARC-Payload-Digest``) are SHA-256, computed by ``warcio`` over the bytes written. Each record
is its own gzip member, so a record can be copied out byte for byte (``export``) and still
verify.

The index (``scan-<id>-<started>.index.jsonl``) has one JSON line per record: id, type, URL,
page, profile, site, owner, the incidents it documents, the SHA-256 of its payload (hex), and
where it sits in the WARC (offset, length), and the scan's id and start (to the microsecond, as
the state keeps it): two state files beside one another share ``evidence/`` and both number
their scans from 1, so the start tells their records apart (``attach.py``). A record left out
because the scan's cap (``scan_bytes``) was reached is also a line (``type: "skipped"``, with
the reason), never silence.

Two liberties with "as received", both stated in the record: a body cut at ``record_bytes``
carries ``WARC-Truncated: length``; a ``Transfer-Encoding`` header is renamed
``X-Archive-Orig-Transfer-Encoding`` because the body is stored de-chunked (what pywb and
ReplayWeb.page expect).
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

from scanner import __version__
from scanner.config import EvidenceSettings
from scanner.models import EvidenceItem, Exchange, Incident, Site
from scanner.store.codec import encode_dt

log = logging.getLogger(__name__)

WARC_SUFFIX = ".warc.gz"
INDEX_SUFFIX = ".index.jsonl"
SKIPPED = "skipped"
_RENAMED = {"transfer-encoding": "X-Archive-Orig-Transfer-Encoding"}


class Sha256WarcWriter(WARCWriter):  # type: ignore[misc]
    """A ``warcio`` writer whose block and payload digests are SHA-256."""

    @staticmethod
    def _create_digester() -> Digester:
        return Digester("sha256")


def warc_date(when: datetime | None) -> str:
    """WARC-Date form (UTC, second precision)."""
    moment = (when or datetime.now(UTC)).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def scan_stem(scan_id: int, started: datetime) -> str:
    """The file name (no suffix) of a scan's WARC and index."""
    return f"scan-{scan_id:06d}-{started.astimezone(UTC):%Y%m%dT%H%M%SZ}"


@dataclass(frozen=True, slots=True)
class IndexLine:
    """One line of a scan's index (see the module docstring)."""

    scan_id: int
    type: str
    url: str
    record_id: str = ""
    page: str = ""
    profile: str = ""
    site: str = ""
    owner: str = ""
    incidents: tuple[str, ...] = ()
    payload_sha256: str = ""
    status: int = 0
    date: str = ""
    offset: int = 0
    length: int = 0
    truncated: bool = False
    concurrent_to: str = ""
    reason: str = ""
    started: str = ""
    """The scan's start, ISO 8601 UTC as the state stores it ('' in indexes written before)."""

    def to_json(self) -> str:
        """One compact JSON line."""
        data: dict[str, Any] = {
            name: getattr(self, name) for name in self.__dataclass_fields__
        }
        data["incidents"] = list(self.incidents)
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> IndexLine:
        """Read one line back (unknown keys ignored: the index may grow)."""
        data = json.loads(text)
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known["incidents"] = tuple(known.get("incidents", ()))
        return cls(**known)


def read_index(path: Path) -> list[IndexLine]:
    """Every line of one index file."""
    with path.open(encoding="utf-8") as fh:
        return [IndexLine.from_json(line) for line in fh if line.strip()]


class ScanWarc:
    """The WARC evidence of one scan (opened lazily; ``close`` when the scan ends)."""

    def __init__(
        self, directory: Path, settings: EvidenceSettings, scan_id: int, started: datetime
    ) -> None:
        """Files go to ``directory`` as ``scan_stem(scan_id, started)`` + suffixes."""
        self._dir = directory
        self._cap = settings.scan_bytes
        self._scan_id = scan_id
        self._started = encode_dt(started) or ""  # as the state stores it
        self._stem = scan_stem(scan_id, started)
        self.path = directory / (self._stem + WARC_SUFFIX)
        self.index_path = directory / (self._stem + INDEX_SUFFIX)
        self._fh: IO[bytes] | None = None
        self._index: IO[str] | None = None
        self._writer: Sha256WarcWriter | None = None
        self._written = 0
        self._full_logged = False

    def _open(self) -> Sha256WarcWriter:
        if self._writer is not None:
            return self._writer
        self._dir.mkdir(parents=True, exist_ok=True)
        self._fh = self._create()
        self._index = self.index_path.open("a", encoding="utf-8")
        self._writer = Sha256WarcWriter(self._fh, gzip=True)
        info = self._writer.create_warcinfo_record(
            self.path.name,
            {
                "software": f"scanner/{__version__} (warcio)",
                "format": "WARC File Format 1.0",
                "description": f"evidence of scan {self._scan_id}: pages with findings",
            },
        )
        self._writer.write_record(info)
        self._written = self._fh.tell()
        return self._writer

    def _create(self) -> IO[bytes]:
        """A new file of this scan's own: another writer of the same scan (a second worker
        process) gets ``-2``, ``-3``..., so no two processes ever append to one file."""
        for n in range(1, 1000):
            stem = self._stem if n == 1 else f"{self._stem}-{n}"
            path = self._dir / (stem + WARC_SUFFIX)
            try:
                fh = path.open("xb")
            except FileExistsError:
                continue
            self.path = path
            self.index_path = self._dir / (stem + INDEX_SUFFIX)
            return fh
        raise OSError(f"{self._dir}: no free evidence file name for {self._stem}")

    def write(
        self, site: Site, exchanges: Sequence[Exchange], incidents: Sequence[Incident]
    ) -> tuple[EvidenceItem, ...]:
        """Write the exchanges of one site; returns the response records written."""
        items: list[EvidenceItem] = []
        for exchange in exchanges:
            ids = tuple(
                i.id
                for i in incidents
                if exchange.page in i.urls or exchange.url in i.urls or exchange.page == i.url
            )
            item = self._write_one(site, exchange, ids)
            if item is not None:
                items.append(item)
        if self._fh is not None and self._index is not None:
            self._fh.flush()
            self._index.flush()
        return tuple(items)

    def _write_one(
        self, site: Site, exchange: Exchange, incidents: tuple[str, ...]
    ) -> EvidenceItem | None:
        writer = self._open()
        assert self._fh is not None and self._index is not None
        base = IndexLine(
            scan_id=self._scan_id,
            started=self._started,
            type="response",
            url=exchange.url,
            page=exchange.page,
            profile=exchange.profile,
            site=site.url,
            owner=site.owner,
            incidents=incidents,
            status=exchange.status,
            date=warc_date(exchange.captured),
            truncated=exchange.truncated,
        )
        estimate = len(exchange.body) + 4096
        if self._written + estimate > self._cap:
            if not self._full_logged:
                log.warning("evidence: scan cap of %d bytes reached; records left out", self._cap)
                self._full_logged = True
            line = IndexLine(**{**_fields(base), "type": SKIPPED, "reason": "scan_bytes cap"})
            self._index.write(line.to_json() + "\n")
            return None
        response = _response_record(writer, exchange)
        resp_id = response.rec_headers.get_header("WARC-Record-ID")
        request = _request_record(writer, exchange, resp_id)
        sha = hashlib.sha256(exchange.body).hexdigest()
        for record, kind in ((response, "response"), (request, "request")):
            offset = self._fh.tell()
            writer.write_record(record)
            end = self._fh.tell()
            line = IndexLine(
                **{
                    **_fields(base),
                    "type": kind,
                    "record_id": record.rec_headers.get_header("WARC-Record-ID"),
                    "payload_sha256": sha if kind == "response" else _EMPTY_SHA,
                    "offset": offset,
                    "length": end - offset,
                    "concurrent_to": "" if kind == "response" else resp_id,
                }
            )
            self._index.write(line.to_json() + "\n")
        self._written = self._fh.tell()
        return EvidenceItem(
            record_id=resp_id,
            url=exchange.url,
            profile=exchange.profile,
            payload_sha256=sha,
            warc_file=self.path.name,
            status=exchange.status,
            truncated=exchange.truncated,
            incidents=incidents,
        )

    def close(self) -> None:
        """Close the files (nothing to do when no record was written)."""
        for fh in (self._fh, self._index):
            if fh is not None:
                fh.close()
        self._fh = self._index = None
        self._writer = None


_EMPTY_SHA = hashlib.sha256(b"").hexdigest()


def _fields(line: IndexLine) -> dict[str, Any]:
    return {name: getattr(line, name) for name in line.__dataclass_fields__}


def _response_record(writer: Sha256WarcWriter, exchange: Exchange) -> Any:
    headers = [(_RENAMED.get(k.lower(), k), v) for k, v in exchange.response_headers]
    status_line = f"{exchange.status} {exchange.reason}".strip()
    http = StatusAndHeaders(status_line, headers, protocol="HTTP/1.1")
    warc_headers = {"WARC-Date": warc_date(exchange.captured)}
    if exchange.truncated:
        warc_headers["WARC-Truncated"] = "length"
    return writer.create_warc_record(
        exchange.url,
        "response",
        payload=io.BytesIO(exchange.body),
        length=len(exchange.body),
        http_headers=http,
        warc_headers_dict=warc_headers,
    )


def _request_record(writer: Sha256WarcWriter, exchange: Exchange, response_id: str) -> Any:
    parts = urlsplit(exchange.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    http = StatusAndHeaders(
        f"GET {target} HTTP/1.1", list(exchange.request_headers), is_http_request=True
    )
    return writer.create_warc_record(
        exchange.url,
        "request",
        payload=io.BytesIO(b""),
        length=0,
        http_headers=http,
        warc_headers_dict={
            "WARC-Date": warc_date(exchange.captured),
            "WARC-Concurrent-To": response_id,
        },
    )
