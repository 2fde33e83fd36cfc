"""JSON Lines: the scan (or a check) as one self-describing JSON object per line, for a SIEM.

A SIEM (Wazuh, Elastic, Splunk, Graylog) ingests events, not documents: each line must stand on
its own. So every line carries ``type``, ``schema_version`` and ``scan_id``, and an incident line
carries its site (url, name, owner, contact) instead of relying on a parent object. The unit:

* one ``scan`` line first: the scan's id, times, ``complete`` and counts;
* per site one ``site`` line: the scan document's site object (docs/json-schema.md) without
  its nested incident lists, which become ``incident_ids`` / ``resolved_incident_ids``;
* per incident one ``incident`` line: the scan document's incident object plus ``site``,
  ``site_name``, ``site_owner``, ``site_contact`` (resolved incidents too: their ``status`` is
  ``resolved``).

For ``scanner check``: one ``input`` line per input and one ``finding`` line per finding
(``scan_id`` is null: a check is not a scan). Field names and values are those of the JSON
documents, so one parser reads both; page text is data here, never HTML.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

from scanner.models import Incident, PageVerdict, ScanResult, SiteResult, SiteStatus
from scanner.output import SCHEMA_VERSION, finding_to_json, incident_to_json, site_to_json


class LineType(StrEnum):
    """The ``type`` of a JSON Lines record."""

    SCAN = "scan"
    SITE = "site"
    INCIDENT = "incident"
    INPUT = "input"
    FINDING = "finding"


def _time(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def _head(kind: LineType, scan_id: int | None) -> dict[str, Any]:
    return {"type": kind.value, "schema_version": SCHEMA_VERSION, "scan_id": scan_id}


def scan_lines(scan: ScanResult) -> Iterator[dict[str, Any]]:
    """The records of ``scan``: the scan line, then each site line followed by its incidents."""
    yield _head(LineType.SCAN, scan.id) | {
        "started": _time(scan.started),
        "finished": _time(scan.finished),
        "complete": scan.complete,
        "scanner_version": scan.scanner_version,
        "sites": len(scan.sites),
        "sites_not_ok": sum(1 for s in scan.sites if s.status != SiteStatus.OK),
        "sites_incomplete": sum(1 for s in scan.sites if not s.complete),
        "open_incidents": len(scan.open_incidents),
    }
    for site in scan.sites:
        yield site_line(scan.id, site)
        for incident in (*site.incidents, *site.resolved):
            yield incident_line(scan.id, site, incident)


def site_line(scan_id: int, site: SiteResult) -> dict[str, Any]:
    """One site's record: its JSON object with the incident lists replaced by their ids."""
    body = site_to_json(site)
    del body["incidents"], body["resolved_incidents"]
    return (
        _head(LineType.SITE, scan_id)
        | body
        | {
            "incident_ids": [i.id for i in site.incidents],
            "resolved_incident_ids": [i.id for i in site.resolved],
        }
    )


def incident_line(scan_id: int, site: SiteResult, incident: Incident) -> dict[str, Any]:
    """One incident's record, with the site it belongs to."""
    return (
        _head(LineType.INCIDENT, scan_id)
        | {
            "site": site.site.url,
            "site_name": site.site.name,
            "site_owner": site.site.owner,
            "site_contact": site.site.contact,
        }
        | incident_to_json(incident)
    )


def check_lines(
    inputs: Sequence[str], verdicts: Sequence[PageVerdict]
) -> Iterator[dict[str, Any]]:
    """The records of a ``scanner check``: one per input, then one per finding of it."""
    for source, verdict in zip(inputs, verdicts, strict=True):
        entry = _head(LineType.INPUT, None) | {
            "input": source,
            "verdict": verdict.verdict.value,
            "findings": len(verdict.findings),
            "error": verdict.error or None,
        }
        yield entry
        for finding in verdict.findings:
            yield _head(LineType.FINDING, None) | {"input": source} | finding_to_json(finding)


# Characters some line readers (Python's ``str.splitlines``, JavaScript) take for a line break
# that ``json.dumps(ensure_ascii=False)`` leaves raw; they can only occur inside strings here.
_LINE_BREAKS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_LINE_BREAK_RE = re.compile("[\u0085\u2028\u2029]")


def dumps_line(record: dict[str, Any]) -> str:
    """One record as one line of JSON (newline-terminated).

    ``json.dumps`` escapes ``\\n``, ``\\r`` and control characters inside strings; the three
    Unicode line breaks it leaves raw are escaped too, so hostile page text can never start a
    line of its own, whatever splits the lines.
    """
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    return _LINE_BREAK_RE.sub(lambda m: _LINE_BREAKS[m.group()], text) + "\n"


def dumps_lines(records: Iterator[dict[str, Any]]) -> str:
    """The records as JSON Lines: one compact object per line (UTF-8 text)."""
    return "".join(dumps_line(r) for r in records)


def scan_to_jsonl(scan: ScanResult) -> str:
    """``scan`` as JSON Lines."""
    return dumps_lines(scan_lines(scan))


def check_to_jsonl(inputs: Sequence[str], verdicts: Sequence[PageVerdict]) -> str:
    """A ``scanner check`` as JSON Lines."""
    return dumps_lines(check_lines(inputs, verdicts))
