"""SARIF 2.1.0: the scan (or a check) for code-scanning and vulnerability platforms.

GitHub code scanning, DefectDojo, Azure DevOps and SARIF viewers read this OASIS format. The
mapping (docs/output.md):

* one rule per (category, technique) the results use, id ``<category>/<technique>``
  (``gambling/hidden_links``), with the technique's name as ``shortDescription``, tags
  ``security``, the category and the technique, and GitHub's ``security-severity`` of its worst
  result;
* one result per incident that is not resolved: ``level`` from the severity (critical and high
  ``error``, medium ``warning``, low and info ``note``), the summary as ``message``, the page URL
  as the location (the other affected pages as ``relatedLocations``), the incident id as
  ``partialFingerprints`` so a platform deduplicates it across nights, ``baselineState`` from
  the incident's change (new / unchanged), and acknowledged or snoozed incidents as accepted
  ``suppressions``; the evidence and lifecycle fields in ``properties``;
* one invocation saying whether the scan saw everything: ``executionSuccessful`` is false for an
  incomplete scan or a site not checked, and ``toolExecutionNotifications`` name each site not
  checked (with the reason), each limit hit and each page fetched without TLS verification.
  A platform that closes alerts missing from a run must look at it: nothing is "fixed" on a
  site the scan could not see.

Everything from a page is data: message texts are plain text (no Markdown is offered), made one
line and bounded, with the characters SARIF reserves for embedded links (``[``, ``]``, ``\\``)
escaped so hostile text cannot forge a link.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from scanner import __version__
from scanner.models import (
    Category,
    Change,
    Finding,
    Incident,
    IncidentStatus,
    LimitKind,
    PageVerdict,
    ScanResult,
    Severity,
    SiteStatus,
    Technique,
)
from scanner.output import SCHEMA_VERSION, evidence_to_json
from scanner.report.i18n import Translator, translator
from scanner.report.view import clean

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
TOOL_NAME = "scanner"
INFORMATION_URI = "https://github.com/"
"""Where the tool is described. The project has no public home yet: the same placeholder as the
crawler's User-Agent (``config.DEFAULT_USER_AGENT``); change both when it is published."""

FINGERPRINT_KEY = "scannerIncidentId/v1"
"""``partialFingerprints`` key carrying the incident id (stable across scans of a site)."""

_LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
# GitHub code scanning ranks security alerts by this rule property (CVSS-like, 0.0-10.0).
_SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "0.5",
}
_BASELINE = {Change.NEW: "new", Change.ONGOING: "unchanged", Change.RESOLVED: "absent"}
_MAX_TEXT = 1000
_MAX_RELATED = 100
_MAX_NOTIFICATIONS = 1000
_RESERVED = re.compile(r"([\\\[\]])")


def level(severity: Severity) -> str:
    """The SARIF ``level`` of a severity."""
    return _LEVEL[severity]


def text(value: str, limit: int = _MAX_TEXT) -> dict[str, str]:
    """A SARIF message of hostile text: one line, bounded, link syntax escaped."""
    return {"text": _RESERVED.sub(r"\\\1", clean(value, limit))}


def rule_id(category: Category, technique: Technique) -> str:
    """``<category>/<technique>``: the rule a result of that kind refers to."""
    return f"{category.value}/{technique.value}"


def _location(url: str, **extra: Any) -> dict[str, Any]:
    return extra | {"physicalLocation": {"artifactLocation": {"uri": url}}}


class _Rules:
    """The rules the results refer to, in first-use order, with their worst severity."""

    def __init__(self, _: Translator) -> None:
        self._ = _
        self.index: dict[str, int] = {}
        self.rules: list[dict[str, Any]] = []
        self.worst: dict[str, Severity] = {}

    def use(self, category: Category, technique: Technique, severity: Severity) -> int:
        """The index of the rule for this kind (added on first use)."""
        rid = rule_id(category, technique)
        if rid not in self.index:
            self.index[rid] = len(self.rules)
            self.rules.append(self._rule(rid, category, technique))
        if rid not in self.worst or severity.rank > self.worst[rid].rank:
            self.worst[rid] = severity
        return self.index[rid]

    def _rule(self, rid: str, category: Category, technique: Technique) -> dict[str, Any]:
        _ = self._
        name = f"{_(f'category.{category.value}')}: {_(f'technique.{technique.value}')}"
        return {
            "id": rid,
            "name": "".join(w.capitalize() for w in re.split(r"[/_]", rid)),
            "shortDescription": {"text": name},
            "properties": {"tags": ["security", category.value, technique.value]},
        }

    def finished(self) -> list[dict[str, Any]]:
        """The rules, each with ``security-severity`` and the default level of its worst result."""
        for rule in self.rules:
            worst = self.worst[rule["id"]]
            rule["defaultConfiguration"] = {"level": level(worst)}
            rule["properties"]["security-severity"] = _SECURITY_SEVERITY[worst]
        return self.rules


def _result(incident: Incident, site_url: str, rules: _Rules, _: Translator) -> dict[str, Any]:
    index = rules.use(incident.category, incident.technique, incident.severity)
    related = [u for u in incident.urls if u != incident.url][:_MAX_RELATED]
    result: dict[str, Any] = {
        "ruleId": rule_id(incident.category, incident.technique),
        "ruleIndex": index,
        "level": level(incident.severity),
        "message": text(_.render_or(incident.message, incident.summary)),
        "locations": [_location(incident.url)],
        "partialFingerprints": {FINGERPRINT_KEY: incident.id},
        "baselineState": _BASELINE[incident.change],
        "properties": {
            "incident_id": incident.id,
            "site": site_url,
            "severity": incident.severity.value,
            "category": incident.category.value,
            "technique": incident.technique.value,
            "confidence": round(incident.confidence, 3),
            "status": incident.status.value,
            "change": incident.change.value,
            "target_domain": incident.target_domain,
            "signature_ids": list(incident.signature_ids),
            "urls": len(incident.urls),
            "first_seen": _time(incident.first_seen),
            "last_seen": _time(incident.last_seen),
            "times_seen": incident.times_seen,
            "evidence": [evidence_to_json(e) for e in incident.evidence],
        },
    }
    if related:
        result["relatedLocations"] = [_location(u, id=n) for n, u in enumerate(related, 1)]
    if incident.status in (IncidentStatus.ACKNOWLEDGED, IncidentStatus.SNOOZED):
        until = f" until {_time(incident.snoozed_until)}" if incident.snoozed_until else ""
        result["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": f"{incident.status.value}{until} (scanner incidents)",
            }
        ]
    return result


def _time(value: datetime | None) -> str | None:
    if value is None:
        return None
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _notice(kind: str, level_: str, message: str, url: str = "") -> dict[str, Any]:
    note: dict[str, Any] = {
        "descriptor": {"id": kind},
        "level": level_,
        "message": text(message),
    }
    if url:
        note["locations"] = [_location(url)]
    return note


def blind_spots(scan: ScanResult) -> list[dict[str, Any]]:
    """Notifications for what the scan did not see: sites not checked or not in full, limits
    hit, pages fetched without TLS verification (at most 1000)."""
    notes: list[dict[str, Any]] = []
    if not scan.complete:
        notes.append(_notice("scan_incomplete", "error", "the scan did not complete"))
    for s in scan.sites:
        host = s.site.host
        status = str(s.status)  # a SiteStatus (a plain str in some callers' records)
        if status != SiteStatus.OK:
            reason = f"not checked: {host}: {s.error or status}"
            notes.append(_notice(f"site_{status}", "error", reason, s.site.url))
        elif not s.complete:
            notes.append(
                _notice("site_incomplete", "error", f"not checked in full: {host}", s.site.url)
            )
        for x in s.limits:
            if x.kind is LimitKind.NOTHING_ANALYSED:
                continue  # the site's own line says it
            detail = f"limit hit: {host}: {x.kind.value} {x.url} {x.detail}".rstrip()
            notes.append(_notice(f"limit_{x.kind.value}", "warning", detail, x.url or s.site.url))
        if s.tls_unverified:
            notes.append(
                _notice(
                    "tls_not_verified",
                    "warning",
                    f"TLS NOT VERIFIED: {host}: {s.tls_unverified} page(s) fetched through "
                    "the insecure fallback",
                    s.site.url,
                )
            )
    return notes[:_MAX_NOTIFICATIONS]


def _log(run: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def _driver(version: str, rules: _Rules) -> dict[str, Any]:
    return {
        "driver": {
            "name": TOOL_NAME,
            "version": version,
            "semanticVersion": version,
            "informationUri": INFORMATION_URI,
            "rules": rules.finished(),
        }
    }


def scan_to_sarif(scan: ScanResult, lang: str = "en") -> dict[str, Any]:
    """The SARIF log of ``scan`` (messages and rule names in ``lang``)."""
    _ = translator(lang)
    rules = _Rules(_)
    results = [
        _result(incident, site.site.url, rules, _)
        for site in scan.sites
        for incident in site.incidents
        if incident.status is not IncidentStatus.RESOLVED
    ]
    notes = blind_spots(scan)
    invocation: dict[str, Any] = {
        "executionSuccessful": not any(n["level"] == "error" for n in notes),
        "startTimeUtc": _time(scan.started),
    }
    if scan.finished:
        invocation["endTimeUtc"] = _time(scan.finished)
    if notes:
        invocation["toolExecutionNotifications"] = notes
    run = {
        "tool": _driver(scan.scanner_version or __version__, rules),
        "automationDetails": {"id": f"{TOOL_NAME}/scan/{scan.id}"},
        "invocations": [invocation],
        "results": results,
        "properties": {
            "scan_id": scan.id,
            "complete": scan.complete,
            "schema_version": SCHEMA_VERSION,
            "sites": len(scan.sites),
        },
    }
    return _log(run)


def _finding_result(finding: Finding, source: str, rules: _Rules, _: Translator) -> dict[str, Any]:
    index = rules.use(finding.category, finding.technique, finding.severity)
    return {
        "ruleId": rule_id(finding.category, finding.technique),
        "ruleIndex": index,
        "level": level(finding.severity),
        "message": text(_.render_or(finding.message, finding.summary)),
        "locations": [_location(finding.url or source)],
        "properties": {
            "input": source,
            "severity": finding.severity.value,
            "category": finding.category.value,
            "technique": finding.technique.value,
            "confidence": round(finding.confidence, 3),
            "target_domain": finding.target_domain,
            "signature_ids": list(finding.signature_ids),
            "evidence": [evidence_to_json(e) for e in finding.evidence],
        },
    }


def check_to_sarif(
    inputs: Sequence[str], verdicts: Sequence[PageVerdict], lang: str = "en"
) -> dict[str, Any]:
    """The SARIF log of a ``scanner check``: a result per finding; an input that could not be
    checked is an error notification and makes the run unsuccessful."""
    _ = translator(lang)
    rules = _Rules(_)
    results: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for source, verdict in zip(inputs, verdicts, strict=True):
        results += [_finding_result(f, source, rules, _) for f in verdict.findings]
        if verdict.error:
            notes.append(
                _notice("input_not_checked", "error", f"not checked: {source}: {verdict.error}")
            )
    invocation: dict[str, Any] = {"executionSuccessful": not notes}
    if notes:
        invocation["toolExecutionNotifications"] = notes[:_MAX_NOTIFICATIONS]
    run = {
        "tool": _driver(__version__, rules),
        "invocations": [invocation],
        "results": results,
        "properties": {"schema_version": SCHEMA_VERSION, "inputs": len(inputs)},
    }
    return _log(run)


def dumps(log: dict[str, Any]) -> str:
    """A SARIF log as UTF-8 JSON text."""
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
