"""Models to JSON-ready dicts and back: the one place that knows how records are serialised.

The state DB keeps nested records (redirect chains, evidence, fingerprints, incident snapshots)
as JSON text, and the JSON output module can reuse the same encoders so both speak one dialect:

* datetimes are ISO-8601 in UTC (``2024-05-01T02:00:00+00:00``); a naive datetime is taken to
  be UTC already (the pipeline uses aware UTC datetimes; naive ones come from tests and scripts);
* tuples become lists, enums their string values;
* decoders ignore unknown keys and default missing ones, so a snapshot written by an older or
  newer scanner still loads.

Evidence comes from hostile pages: ``bound_evidence`` caps how much of it is kept.

Detector prose (``Message``: a catalog key and parameters) is kept beside the English text as
``message_key`` and ``message_params`` (a nested message is ``{"key": ..., "params": ...}``,
a list of them a list); records written before the catalogs have neither and decode with
``message=None``, so reports fall back to their stored English text.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields, replace
from datetime import UTC, datetime
from typing import Any, TypeVar

from scanner.models import (
    Category,
    Change,
    Evidence,
    FetchError,
    Finding,
    Fingerprint,
    Hop,
    Incident,
    IncidentStatus,
    Limit,
    LimitKind,
    Message,
    MessageParam,
    RecheckGap,
    ScanResult,
    Severity,
    Site,
    Technique,
    Unchecked,
)

MAX_EVIDENCE = 20
"""Evidence items kept per finding or incident; detectors rarely need more than a handful."""
MAX_EVIDENCE_CHARS = 2000
"""Characters kept of each evidence text field (snippet, match, detail, path)."""
MAX_TARGETS = 50
"""Link or redirect targets kept per evidence item."""

_Flat = TypeVar("_Flat", Hop, FetchError, Evidence, Fingerprint, Site)


def dumps(value: Any) -> str:
    """Compact, deterministic JSON text (UTF-8 kept readable: Bahasa Indonesia, not escapes)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def loads(text: str | None) -> Any:
    """Parse JSON text written by ``dumps``; ``None`` or empty text gives ``None``."""
    return json.loads(text) if text else None


# --------------------------------------------------------------------------- limits


def encode_limits(limits: Sequence[Limit]) -> str:
    """Limits hit, as JSON text (a list of {"kind", "url", "detail"})."""
    return dumps([{"kind": x.kind.value, "url": x.url, "detail": x.detail} for x in limits])


def decode_limits(text: str | None) -> tuple[Limit, ...]:
    """The limits ``encode_limits`` wrote; an unknown kind (a newer scanner's) is skipped."""
    out = []
    for item in loads(text) or ():
        try:
            kind = LimitKind(item["kind"])
        except ValueError:
            continue
        out.append(Limit(kind, str(item.get("detail", "")), str(item.get("url", ""))))
    return tuple(out)


# --------------------------------------------------------------------------- datetimes


def to_utc(value: datetime) -> datetime:
    """The same instant as an aware UTC datetime (naive input is taken to be UTC)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def encode_dt(value: datetime | None) -> str | None:
    """ISO-8601 UTC text, or ``None``."""
    return None if value is None else to_utc(value).isoformat()


def decode_dt(text: str | None) -> datetime | None:
    """An aware UTC datetime from ISO-8601 text, or ``None``."""
    return None if not text else to_utc(datetime.fromisoformat(text))


# --------------------------------------------------------------------------- flat records


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
"""Field names per record class (``dataclasses.fields`` is slow at 40k sites per scan)."""


def scan_from_row(row: sqlite3.Row) -> ScanResult:
    """A ``scans`` row as a ``ScanResult`` without its sites."""
    started = decode_dt(row["started"])
    assert started is not None  # NOT NULL column
    return ScanResult(
        id=int(row["id"]),
        started=started,
        finished=decode_dt(row["finished"]),
        complete=bool(row["complete"]),
        scanner_version=row["scanner_version"],
    )


def _encode_flat(record: Any) -> dict[str, Any]:
    """Records made only of scalars and tuples of scalars: field name -> JSON value."""
    names = _FIELD_NAMES.get(type(record))
    if names is None:
        names = _FIELD_NAMES[type(record)] = tuple(f.name for f in fields(record))
    out: dict[str, Any] = {}
    for name in names:
        value = getattr(record, name)
        out[name] = list(value) if isinstance(value, tuple) else value
    return out


def _decode_flat(cls: type[_Flat], data: Mapping[str, Any]) -> _Flat:
    """The inverse of ``_encode_flat``: lists back to tuples, unknown keys ignored."""
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        if f.name in data:
            value = data[f.name]
            kwargs[f.name] = tuple(value) if isinstance(value, list) else value
    return cls(**kwargs)


def encode_hop(hop: Hop) -> dict[str, Any]:
    """A redirect hop as a dict."""
    return _encode_flat(hop)


def decode_hop(data: Mapping[str, Any]) -> Hop:
    """A redirect hop from its dict."""
    return _decode_flat(Hop, data)


def encode_hops(hops: Iterable[Hop]) -> list[dict[str, Any]]:
    """A redirect chain as a list of dicts."""
    return [encode_hop(h) for h in hops]


def decode_hops(data: Iterable[Mapping[str, Any]] | None) -> tuple[Hop, ...]:
    """A redirect chain from its list of dicts (``None`` is an empty chain)."""
    return tuple(decode_hop(h) for h in data or ())


def encode_fetch_error(error: FetchError) -> dict[str, Any]:
    """A fetch failure as a dict."""
    return _encode_flat(error)


def decode_fetch_error(data: Mapping[str, Any]) -> FetchError:
    """A fetch failure from its dict."""
    return _decode_flat(FetchError, data)


def encode_message(message: Message) -> dict[str, Any]:
    """A catalog message as ``{"key": ..., "params": {...}}`` (nested messages the same)."""
    return {"key": message.key, "params": {k: _encode_param(v) for k, v in message.params}}


def _encode_param(value: MessageParam) -> Any:
    if isinstance(value, Message):
        return encode_message(value)
    if isinstance(value, tuple):
        return [encode_message(m) for m in value]
    return value


def decode_message(key: Any, params: Any) -> Message | None:
    """A catalog message from its key and params (``None`` when there is no usable key)."""
    if not isinstance(key, str) or not key:
        return None
    args = params if isinstance(params, Mapping) else {}
    return Message.of(key, **{str(k): _decode_param(v) for k, v in args.items()})


def _decode_param(value: Any) -> MessageParam:
    if isinstance(value, Mapping):
        return decode_message(value.get("key"), value.get("params")) or ""
    if isinstance(value, list):
        nested = (decode_message(v.get("key"), v.get("params")) for v in value
                  if isinstance(v, Mapping))  # fmt: skip
        return tuple(m for m in nested if m is not None)
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


def message_columns(message: Message | None) -> tuple[str | None, str | None]:
    """A message as the ``message_key``/``message_params`` columns (JSON params); NULLs for
    none, which is what rows written before the catalogs hold."""
    if message is None:
        return None, None
    encoded = encode_message(message)
    return encoded["key"], dumps(encoded["params"])


def message_from_columns(key: Any, params: Any) -> Message | None:
    """The message of a row's ``message_key``/``message_params`` (``None`` for an old row or
    unreadable params: the row's stored English text is shown instead)."""
    if not isinstance(key, str) or not key:
        return None
    try:
        args = loads(params) if isinstance(params, str) else None
    except ValueError:
        args = None
    return decode_message(key, args)


def _put_message(out: dict[str, Any], message: Message | None) -> dict[str, Any]:
    """Add ``message_key``/``message_params`` to an encoded record when it has a message."""
    out.pop("message", None)
    if message is not None:
        encoded = encode_message(message)
        out["message_key"] = encoded["key"]
        out["message_params"] = encoded["params"]
    return out


def _get_message(data: Mapping[str, Any]) -> Message | None:
    return decode_message(data.get("message_key"), data.get("message_params"))


def encode_evidence(evidence: Evidence) -> dict[str, Any]:
    """One evidence item as a dict (its detail message as ``message_key``/``message_params``)."""
    out = {f.name: getattr(evidence, f.name) for f in fields(evidence) if f.name != "message"}
    out["targets"] = list(evidence.targets)
    return _put_message(out, evidence.message)


def decode_evidence(data: Mapping[str, Any]) -> Evidence:
    """One evidence item from its dict.

    Scanners before ``Evidence.diff`` appended the before/after diff to ``detail``; such a diff
    is moved to ``diff`` here, so stored incidents read like new ones.
    """
    evidence = replace(_decode_flat(Evidence, data), message=_get_message(data))
    if evidence.diff or "\n+++ " not in evidence.detail:
        return evidence
    lines = evidence.detail.split("\n")
    for i in range(len(lines) - 1):
        if lines[i].startswith("--- ") and lines[i + 1].startswith("+++ "):
            return replace(evidence, detail="\n".join(lines[:i]), diff="\n".join(lines[i:]))
    return evidence


def encode_fingerprint(fingerprint: Fingerprint) -> dict[str, Any]:
    """An integrity fingerprint as a dict."""
    return _encode_flat(fingerprint)


def decode_fingerprint(data: Mapping[str, Any]) -> Fingerprint:
    """An integrity fingerprint from its dict."""
    return _decode_flat(Fingerprint, data)


def encode_site(site: Site) -> dict[str, Any]:
    """An inventory site as a dict."""
    return _encode_flat(site)


def decode_site(data: Mapping[str, Any]) -> Site:
    """An inventory site from its dict."""
    return _decode_flat(Site, data)


# --------------------------------------------------------------------------- bounds


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bound_evidence(evidence: Sequence[Evidence]) -> tuple[Evidence, ...]:
    """At most ``MAX_EVIDENCE`` items with every text field cut to ``MAX_EVIDENCE_CHARS``.

    Evidence text is copied from hostile pages; a defacement can carry megabytes of it, and
    the state DB and every report that re-renders it must stay small.
    """
    out = []
    for item in evidence[:MAX_EVIDENCE]:
        out.append(
            replace(
                item,
                url=_cut(item.url, MAX_EVIDENCE_CHARS),
                snippet=_cut(item.snippet, MAX_EVIDENCE_CHARS),
                match=_cut(item.match, MAX_EVIDENCE_CHARS),
                path=_cut(item.path, MAX_EVIDENCE_CHARS),
                detail=_cut(item.detail, MAX_EVIDENCE_CHARS),
                diff=_cut(item.diff, MAX_EVIDENCE_CHARS),
                targets=tuple(_cut(t, MAX_EVIDENCE_CHARS) for t in item.targets[:MAX_TARGETS]),
            )
        )
    return tuple(out)


# --------------------------------------------------------------------------- findings, incidents


def encode_finding(finding: Finding) -> dict[str, Any]:
    """A detector finding as a dict (evidence nested)."""
    return {
        "category": finding.category.value,
        "technique": finding.technique.value,
        "severity": finding.severity.value,
        "confidence": finding.confidence,
        "url": finding.url,
        "summary": finding.summary,
        "evidence": [encode_evidence(e) for e in finding.evidence],
        "signature_ids": list(finding.signature_ids),
        "target_domain": finding.target_domain,
        "new_since_baseline": finding.new_since_baseline,
    } | _put_message({}, finding.message)


def decode_finding(data: Mapping[str, Any]) -> Finding:
    """A detector finding from its dict."""
    return Finding(
        category=Category(data["category"]),
        technique=Technique(data["technique"]),
        severity=Severity(data["severity"]),
        confidence=float(data.get("confidence", 0.0)),
        url=data.get("url", ""),
        summary=data.get("summary", ""),
        evidence=tuple(decode_evidence(e) for e in data.get("evidence") or ()),
        signature_ids=tuple(data.get("signature_ids") or ()),
        target_domain=data.get("target_domain", ""),
        new_since_baseline=bool(data.get("new_since_baseline", False)),
        message=_get_message(data),
    )


def encode_incident(incident: Incident) -> dict[str, Any]:
    """An incident with its lifecycle fields as a dict (the per-scan snapshot format)."""
    return {
        "id": incident.id,
        "site": incident.site,
        "category": incident.category.value,
        "technique": incident.technique.value,
        "severity": incident.severity.value,
        "confidence": incident.confidence,
        "url": incident.url,
        "urls": list(incident.urls),
        "summary": incident.summary,
        "evidence": [encode_evidence(e) for e in incident.evidence],
        "target_domain": incident.target_domain,
        "first_seen": encode_dt(incident.first_seen),
        "last_seen": encode_dt(incident.last_seen),
        "times_seen": incident.times_seen,
        "status": incident.status.value,
        "change": incident.change.value,
        "snoozed_until": encode_dt(incident.snoozed_until),
        "signature_ids": list(incident.signature_ids),
    } | _put_message({}, incident.message) | _put_unchecked(incident.unchecked)


def _put_unchecked(unchecked: Sequence[Unchecked]) -> dict[str, Any]:
    """The pages an active incident was not re-checked on (absent when it was: older data)."""
    if not unchecked:
        return {}
    return {
        "unchecked": [{"url": u.url, "gap": u.gap.value, "detail": u.detail} for u in unchecked]
    }


def decode_unchecked(data: Any) -> tuple[Unchecked, ...]:
    """``_put_unchecked`` read back (an unknown gap from a newer scanner reads as failed)."""
    out = []
    for item in data or ():
        try:
            gap = RecheckGap(item.get("gap", ""))
        except ValueError:
            gap = RecheckGap.FAILED
        out.append(Unchecked(str(item.get("url", "")), gap, str(item.get("detail", ""))))
    return tuple(out)


def decode_incident(data: Mapping[str, Any]) -> Incident:
    """An incident from its dict."""
    return Incident(
        id=data["id"],
        site=data.get("site", ""),
        category=Category(data["category"]),
        technique=Technique(data["technique"]),
        severity=Severity(data["severity"]),
        confidence=float(data.get("confidence", 0.0)),
        url=data.get("url", ""),
        urls=tuple(data.get("urls") or ()),
        summary=data.get("summary", ""),
        evidence=tuple(decode_evidence(e) for e in data.get("evidence") or ()),
        target_domain=data.get("target_domain", ""),
        first_seen=decode_dt(data.get("first_seen")),
        last_seen=decode_dt(data.get("last_seen")),
        times_seen=int(data.get("times_seen", 1)),
        status=IncidentStatus(data.get("status", IncidentStatus.OPEN.value)),
        change=Change(data.get("change", Change.NEW.value)),
        snoozed_until=decode_dt(data.get("snoozed_until")),
        signature_ids=tuple(data.get("signature_ids") or ()),
        message=_get_message(data),
        unchecked=decode_unchecked(data.get("unchecked")),
    )
