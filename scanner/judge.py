"""Judge stage: findings -> a verdict per page and incidents per site.

A verdict is what ``scanner check`` prints for one page; an incident is what a person acts on:
one per site, category, technique and target domain, listing every affected URL, so fifty pages
carrying the same hidden link block are one problem to fix, not fifty e-mails. Incident ids are
stable hashes so the state DB can follow an incident across scans.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime

from scanner.models import (
    Category,
    Change,
    Evidence,
    Finding,
    Incident,
    IncidentStatus,
    Message,
    MessageParam,
    PageVerdict,
    Severity,
    Site,
    Technique,
    Verdict,
)
from scanner.report.i18n import english

MAX_INCIDENT_EVIDENCE = 10
CONFIDENT = 0.7
"""Below this confidence a high finding only makes a page suspicious, not infected."""

_INFECTING = (Category.GAMBLING, Category.MALICIOUS_SCRIPT)


def page_verdict(url: str, findings: Sequence[Finding]) -> PageVerdict:
    """The verdict on one page, with its findings ordered most severe first.

    ``defaced`` beats ``infected`` beats ``suspicious``: a defacement finding defaces the page;
    a confident high/critical gambling or malicious-script finding infects it; anything else
    (low/medium severity, low confidence, integrity drift) only makes it suspicious.
    """
    ordered = tuple(sorted(findings, key=_rank, reverse=True))
    verdict = Verdict.CLEAN
    for f in ordered:
        if f.severity is Severity.INFO:
            continue
        if f.category is Category.DEFACEMENT and f.confidence >= CONFIDENT:
            verdict = Verdict.DEFACED
            break
        if (
            f.category in _INFECTING
            and f.severity.rank >= Severity.HIGH.rank
            and f.confidence >= CONFIDENT
        ):
            verdict = Verdict.INFECTED
        elif verdict is Verdict.CLEAN:
            verdict = Verdict.SUSPICIOUS
    return PageVerdict(url=url, verdict=verdict, findings=ordered)


def _rank(f: Finding) -> tuple[int, float]:
    return (f.severity.rank, f.confidence)


def incident_id(host: str, category: Category, technique: Technique, target_domain: str) -> str:
    """Stable 16-hex-digit id of an incident (same site, category, technique, target)."""
    key = f"{host}|{category.value}|{technique.value}|{target_domain}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def group_incidents(site: Site, findings: Sequence[Finding], now: datetime) -> tuple[Incident, ...]:
    """Group a site's findings into incidents (site + category + technique + target domain).

    Info findings are context, not incidents. Incidents come out most severe first.
    """
    groups: dict[tuple[Category, Technique, str], list[Finding]] = {}
    for f in findings:
        if f.severity is Severity.INFO:
            continue
        groups.setdefault((f.category, f.technique, f.target_domain), []).append(f)
    incidents = [
        _incident(site, category, technique, target, group, now)
        for (category, technique, target), group in groups.items()
    ]
    incidents.sort(key=lambda i: (-i.severity.rank, -i.confidence, i.id))
    return tuple(incidents)


def _incident(
    site: Site,
    category: Category,
    technique: Technique,
    target: str,
    group: list[Finding],
    now: datetime,
) -> Incident:
    first = max(group, key=_rank)  # max() keeps the first of equals: "highest, then first"
    urls = tuple(sorted({f.url for f in group}))
    ids = tuple(sorted({i for f in group for i in f.signature_ids}))
    message = _summary(category, technique, target, urls, first)
    return Incident(
        id=incident_id(site.host, category, technique, target),
        site=site.host,
        category=category,
        technique=technique,
        severity=first.severity,
        confidence=max(f.confidence for f in group),
        url=first.url,
        urls=urls,
        summary=english(message)[:500],
        evidence=_spread_evidence(group),
        target_domain=target,
        first_seen=now,
        last_seen=now,
        status=IncidentStatus.OPEN,
        change=Change.NEW,
        signature_ids=ids,
        message=message,
    )


def _summary(
    category: Category, technique: Technique, target: str, urls: tuple[str, ...], first: Finding
) -> Message:
    """The incident summary as a catalog message, rendered per language by the report."""
    example: MessageParam = first.message if first.message is not None else first.summary
    return Message.of(
        "prose.incident_to" if target else "prose.incident",
        category=category.value,
        technique=technique.value,
        pages=len(urls),
        target=target,
        example=example,
    )


def _spread_evidence(group: list[Finding]) -> tuple[Evidence, ...]:
    """At most ``MAX_INCIDENT_EVIDENCE`` items, taken round-robin across the affected URLs.

    Severe findings come first so the strongest proof of each URL is kept.
    """
    per_url: dict[str, list[Evidence]] = {}
    for f in sorted(group, key=_rank, reverse=True):
        per_url.setdefault(f.url, []).extend(f.evidence)
    queues = [per_url[u] for u in sorted(per_url)]
    out: list[Evidence] = []
    depth = 0
    while len(out) < MAX_INCIDENT_EVIDENCE and any(depth < len(q) for q in queues):
        for q in queues:
            if depth < len(q) and len(out) < MAX_INCIDENT_EVIDENCE:
                out.append(q[depth])
        depth += 1
    return tuple(out)
