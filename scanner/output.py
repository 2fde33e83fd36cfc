"""The JSON output contract (documented in docs/json-schema.md; changed only by adding).

Two documents: the scan document written by ``scanner scan --json`` and ``scanner report
--format json``, and the check document written by ``scanner check --json``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from scanner.errors import ReportError
from scanner.models import (
    Evidence,
    EvidenceItem,
    Finding,
    Incident,
    Limit,
    Message,
    PageVerdict,
    ScanResult,
    SiteResult,
)
from scanner.store.codec import encode_message

SCHEMA_VERSION = 3
_MAX_URLS = 1000


def _time(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def _message(message: Message | None) -> dict[str, Any]:
    """``message_key``/``message_params``: the catalog form of a summary or detail (null for
    data stored before the catalogs)."""
    encoded = encode_message(message) if message is not None else None
    return {
        "message_key": encoded["key"] if encoded else None,
        "message_params": encoded["params"] if encoded else None,
    }


def evidence_to_json(ev: Evidence) -> dict[str, Any]:
    """One Evidence record as a JSON object."""
    return {
        "url": ev.url,
        "snippet": ev.snippet,
        "match": ev.match,
        "path": ev.path,
        "profile": ev.profile,
        "targets": list(ev.targets),
        # ``detail`` keeps the diff after the explanation, as before ``diff`` had its own key.
        "detail": f"{ev.detail}\n{ev.diff}" if ev.diff else ev.detail,
        "diff": ev.diff,
    } | _message(ev.message)


def incident_to_json(incident: Incident) -> dict[str, Any]:
    """One Incident: the contract fields first, then the additive ones."""
    return {
        "id": incident.id,
        "category": incident.category.value,
        "severity": incident.severity.value,
        "technique": incident.technique.value,
        "url": incident.url,
        "urls": list(incident.urls[:_MAX_URLS]),
        "evidence": [evidence_to_json(e) for e in incident.evidence],
        "first_seen": _time(incident.first_seen),
        "last_seen": _time(incident.last_seen),
        "status": incident.status.value,
        # additions to the schema of issue 2 (never removed):
        "change": incident.change.value,
        "confidence": round(incident.confidence, 3),
        "summary": incident.summary,
        "target_domain": incident.target_domain,
        "times_seen": incident.times_seen,
        "signature_ids": list(incident.signature_ids),
        "snoozed_until": _time(incident.snoozed_until),
        # issue 12: the pages of an active incident this scan could not re-check
        "unchecked": [
            {"url": u.url, "gap": u.gap.value, "detail": u.detail} for u in incident.unchecked
        ],
    } | _message(incident.message)


def site_to_json(result: SiteResult) -> dict[str, Any]:
    """One site's outcome."""
    site = result.site
    failures = [
        {"url": p.url, "kind": p.error.kind, "message": p.error.message}
        for p in result.pages
        if p.error is not None
    ]
    return {
        "url": site.url,
        "name": site.name,
        "owner": site.owner,
        "contact": site.contact,
        "status": str(result.status),
        "error": result.error or None,
        "pages_crawled": result.pages_crawled,
        "incidents": [incident_to_json(i) for i in result.incidents],
        # additions:
        "resolved_incidents": [incident_to_json(i) for i in result.resolved],
        "fetch_errors": failures[:_MAX_URLS],
        "started": _time(result.started),
        "finished": _time(result.finished),
        # additions of issue 9 (schema_version 3):
        "complete": result.complete,
        "verdicts": [verdict_to_json(v) for v in result.verdicts[:_MAX_URLS]],
        # additions of issue 12: what the scan could not see, and how it fetched
        "limits": [limit_to_json(x) for x in result.limits[:_MAX_URLS]],
        "tls_verified": result.tls_unverified == 0,
        "pages_tls_unverified": result.tls_unverified,
        # addition of issue 14: the WARC records kept as evidence (docs/evidence.md)
        "evidence_records": [evidence_item_to_json(e) for e in result.evidence],
    }


def evidence_item_to_json(item: EvidenceItem) -> dict[str, Any]:
    """One WARC response record kept as evidence: its id, digest and file."""
    return {
        "record_id": item.record_id,
        "url": item.url,
        "profile": item.profile,
        "status": item.status,
        "payload_sha256": item.payload_sha256,
        "warc_file": item.warc_file,
        "truncated": item.truncated,
        "incidents": list(item.incidents),
    }


def limit_to_json(limit: Limit) -> dict[str, Any]:
    """One limit hit: what kind, where ('' for the whole site), and the detail."""
    return {"kind": limit.kind.value, "url": limit.url, "detail": limit.detail}


def verdict_to_json(verdict: PageVerdict) -> dict[str, Any]:
    """One page's final verdict (the site document lists the pages that are not clean)."""
    entry: dict[str, Any] = {"url": verdict.url, "verdict": verdict.verdict.value}
    if verdict.error:
        entry["error"] = verdict.error
    return entry


def scan_to_json(scan: ScanResult) -> dict[str, Any]:
    """The whole scan document."""
    return {
        "scan": {
            "id": scan.id,
            "started": _time(scan.started),
            "finished": _time(scan.finished),
            "complete": scan.complete,
            "scanner_version": scan.scanner_version,
            "schema_version": SCHEMA_VERSION,
        },
        "sites": [site_to_json(s) for s in scan.sites],
    }


def finding_to_json(finding: Finding) -> dict[str, Any]:
    """One finding of ``scanner check``: the contract fields, then additions."""
    return {
        "category": finding.category.value,
        "severity": finding.severity.value,
        "technique": finding.technique.value,
        "evidence": [evidence_to_json(e) for e in finding.evidence],
        "confidence": round(finding.confidence, 3),
        "summary": finding.summary,
        "url": finding.url,
        "target_domain": finding.target_domain,
        "signature_ids": list(finding.signature_ids),
    } | _message(finding.message)


def check_to_json(inputs: Sequence[str], verdicts: Sequence[PageVerdict]) -> list[dict[str, Any]]:
    """The ``scanner check --json`` document: one object per input."""
    out: list[dict[str, Any]] = []
    for source, verdict in zip(inputs, verdicts, strict=True):
        entry: dict[str, Any] = {
            "input": source,
            "verdict": verdict.verdict.value,
            "findings": [finding_to_json(f) for f in verdict.findings],
        }
        if verdict.error:
            entry["error"] = verdict.error
        if verdict.limits:
            entry["limits"] = [limit_to_json(x) for x in verdict.limits]
        out.append(entry)
    return out


def write_json(document: Any, path: str | Path) -> Path:
    """Write a JSON document atomically-enough (temp file then rename); ReportError on failure."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        tmp.replace(target)
    except OSError as exc:
        raise ReportError(f"{target}: cannot write JSON ({exc.strerror or exc})") from exc
    return target
