"""Judge stage: page verdicts and incident grouping."""

from __future__ import annotations

from datetime import UTC, datetime

from scanner.judge import MAX_INCIDENT_EVIDENCE, group_incidents, incident_id, page_verdict
from scanner.models import (
    Category,
    Change,
    Evidence,
    Finding,
    IncidentStatus,
    Severity,
    Site,
    Technique,
    Verdict,
)

NOW = datetime(2024, 7, 1, 3, 0, tzinfo=UTC)
SITE = Site(url="https://www.dinkes.sukamajukab.go.id/", name="Dinas Kesehatan")


def finding(
    url: str = "https://dinkes.sukamajukab.go.id/",
    *,
    category: Category = Category.GAMBLING,
    technique: Technique = Technique.HIDDEN_LINKS,
    severity: Severity = Severity.HIGH,
    confidence: float = 0.9,
    target: str = "slot-gacor.xyz",
    evidence: int = 1,
    ids: tuple[str, ...] = ("gambling-promo-phrases",),
) -> Finding:
    return Finding(
        category=category,
        technique=technique,
        severity=severity,
        confidence=confidence,
        url=url,
        summary=f"{technique.value} on {url}",
        evidence=tuple(Evidence(url=url, snippet=f"s{i}") for i in range(evidence)),
        signature_ids=ids,
        target_domain=target,
    )


def test_no_findings_is_clean() -> None:
    v = page_verdict("https://a.go.id/", [])
    assert v.verdict is Verdict.CLEAN
    assert v.findings == ()


def test_confident_high_gambling_is_infected() -> None:
    assert page_verdict("u", [finding()]).verdict is Verdict.INFECTED


def test_malicious_script_high_is_infected() -> None:
    f = finding(category=Category.MALICIOUS_SCRIPT, technique=Technique.JS_REDIRECT)
    assert page_verdict("u", [f]).verdict is Verdict.INFECTED


def test_medium_or_low_confidence_is_only_suspicious() -> None:
    assert page_verdict("u", [finding(severity=Severity.MEDIUM)]).verdict is Verdict.SUSPICIOUS
    assert page_verdict("u", [finding(confidence=0.45)]).verdict is Verdict.SUSPICIOUS
    integrity = finding(category=Category.INTEGRITY, technique=Technique.CONTENT_CHANGE)
    assert page_verdict("u", [integrity]).verdict is Verdict.SUSPICIOUS


def test_info_alone_stays_clean() -> None:
    assert page_verdict("u", [finding(severity=Severity.INFO)]).verdict is Verdict.CLEAN


def test_defacement_wins_over_gambling_and_findings_sorted() -> None:
    deface = finding(
        category=Category.DEFACEMENT,
        technique=Technique.DEFACEMENT_PAGE,
        severity=Severity.HIGH,
        confidence=0.8,
        target="",
    )
    low = finding(severity=Severity.LOW)
    crit = finding(severity=Severity.CRITICAL)
    v = page_verdict("u", [low, deface, crit])
    assert v.verdict is Verdict.DEFACED
    assert [f.severity for f in v.findings] == [Severity.CRITICAL, Severity.HIGH, Severity.LOW]


def test_group_by_technique_and_target_with_every_url() -> None:
    fs = [
        finding("https://dinkes.sukamajukab.go.id/b"),
        finding("https://dinkes.sukamajukab.go.id/a"),
        finding("https://dinkes.sukamajukab.go.id/a"),
        finding("https://dinkes.sukamajukab.go.id/c", target="other-slot.com"),
        finding("https://dinkes.sukamajukab.go.id/d", technique=Technique.META_INJECTION),
    ]
    incidents = group_incidents(SITE, fs, NOW)
    assert len(incidents) == 3
    main = next(
        i
        for i in incidents
        if i.target_domain == "slot-gacor.xyz" and i.technique is Technique.HIDDEN_LINKS
    )
    assert main.urls == ("https://dinkes.sukamajukab.go.id/a", "https://dinkes.sukamajukab.go.id/b")
    assert main.site == "dinkes.sukamajukab.go.id"
    assert main.first_seen == NOW and main.last_seen == NOW
    assert main.status is IncidentStatus.OPEN and main.change is Change.NEW
    assert "2 pages" in main.summary and "slot-gacor.xyz" in main.summary


def test_incident_severity_confidence_representative_and_ids() -> None:
    fs = [
        finding("https://x.go.id/1", severity=Severity.MEDIUM, confidence=0.95, ids=("b",)),
        finding("https://x.go.id/2", severity=Severity.CRITICAL, confidence=0.6, ids=("a",)),
    ]
    (inc,) = group_incidents(SITE, fs, NOW)
    assert inc.severity is Severity.CRITICAL
    assert inc.confidence == 0.95
    assert inc.url == "https://x.go.id/2"
    assert inc.signature_ids == ("a", "b")


def test_incident_id_is_stable_and_distinguishes_targets() -> None:
    a = group_incidents(SITE, [finding()], NOW)[0].id
    b = group_incidents(SITE, [finding("https://dinkes.sukamajukab.go.id/other")], NOW)[0].id
    c = group_incidents(SITE, [finding(target="x.com")], NOW)[0].id
    assert a == b != c
    assert len(a) == 16 and int(a, 16) >= 0
    assert a == incident_id(
        "dinkes.sukamajukab.go.id", Category.GAMBLING, Technique.HIDDEN_LINKS, "slot-gacor.xyz"
    )


def test_evidence_is_bounded_and_spread_across_urls() -> None:
    fs = [finding(f"https://x.go.id/{n}", evidence=6) for n in range(4)]
    (inc,) = group_incidents(SITE, fs, NOW)
    assert len(inc.evidence) == MAX_INCIDENT_EVIDENCE
    assert {e.url for e in inc.evidence} == {f"https://x.go.id/{n}" for n in range(4)}


def test_info_findings_make_no_incident_and_order_is_by_severity() -> None:
    fs = [
        finding(severity=Severity.INFO),
        finding(severity=Severity.MEDIUM, technique=Technique.SPAM_COMMENT),
        finding(
            severity=Severity.CRITICAL,
            category=Category.DEFACEMENT,
            technique=Technique.DEFACEMENT_PAGE,
            target="",
        ),
    ]
    incidents = group_incidents(SITE, fs, NOW)
    assert [i.technique for i in incidents] == [Technique.DEFACEMENT_PAGE, Technique.SPAM_COMMENT]
