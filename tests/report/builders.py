"""Builders of ScanResults for the report and notification tests (realistic and hostile)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scanner.models import (
    Category,
    Change,
    Evidence,
    FetchError,
    Incident,
    IncidentStatus,
    PageRecord,
    ScanResult,
    Severity,
    Site,
    SiteResult,
    Technique,
)

START = datetime(2026, 11, 20, 19, 0, 5, tzinfo=UTC)

HOSTILE = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</style>",
    "</textarea>",
    "{{7*7}}",
)
HOSTILE_TEXT = " ".join(HOSTILE)


def site(host: str, name: str = "", contact: str = "", owner: str = "") -> Site:
    """A Site at https://<host>/."""
    return Site(url=f"https://{host}/", name=name or host, owner=owner, contact=contact)


def incident(
    host: str,
    technique: Technique = Technique.HIDDEN_LINKS,
    severity: Severity = Severity.HIGH,
    change: Change = Change.NEW,
    *,
    category: Category = Category.GAMBLING,
    n_urls: int = 1,
    evidence: tuple[Evidence, ...] = (),
    status: IncidentStatus = IncidentStatus.OPEN,
    ident: str = "",
) -> Incident:
    """An incident on ``host`` with ``n_urls`` affected pages."""
    urls = tuple(f"https://{host}/berita/{n}" for n in range(n_urls))
    return Incident(
        id=ident or f"{host}-{technique.value}-{severity.value}",
        site=host,
        category=category,
        technique=technique,
        severity=severity,
        confidence=0.9,
        url=urls[0],
        urls=urls,
        summary=f"{technique.value} pada {host}",
        evidence=evidence,
        first_seen=START - timedelta(days=2),
        last_seen=START,
        times_seen=3,
        status=status,
        change=change,
    )


def scan(*sites: SiteResult, scan_id: int = 7) -> ScanResult:
    """A finished scan of ``sites``."""
    return ScanResult(
        id=scan_id,
        started=START,
        finished=START + timedelta(minutes=3, seconds=20),
        complete=True,
        scanner_version="0.1.0",
        sites=tuple(sites),
    )


def ok(s: Site, *incidents: Incident, resolved: tuple[Incident, ...] = ()) -> SiteResult:
    """A reachable site with a few pages and these incidents."""
    pages = tuple(
        PageRecord(url=f"{s.url}p{n}", final_url=f"{s.url}p{n}", status=200) for n in range(3)
    )
    return SiteResult(site=s, status="ok", pages=pages, incidents=incidents, resolved=resolved)


def empty_scan() -> ScanResult:
    """Two clean sites: nothing to report."""
    return scan(ok(site("dinkes.contohkab.go.id")), ok(site("bappeda.contohkab.go.id")))


def one_incident_scan() -> ScanResult:
    """One site, one hidden-links incident with highlighted evidence."""
    ev = Evidence(
        url="https://dinkes.contohkab.go.id/berita/0",
        snippet="Jadwal posyandu bulan ini. SLOT GACOR maxwin hari ini, daftar sekarang.",
        match="slot gacor",
        path="html > body > footer > div.hidden > a",
        profile="googlebot",
        targets=("https://situs-slot88.example/daftar",),
    )
    s = site("dinkes.contohkab.go.id", "Dinas Kesehatan", "budi@contohkab.go.id", "Dinkes")
    return scan(ok(s, incident(s.host, severity=Severity.CRITICAL, evidence=(ev,))))


def many_incidents_scan(n_sites: int = 8) -> ScanResult:
    """Many sites, every severity and several techniques, new and ongoing."""
    techniques = list(Technique)
    results = []
    for k in range(n_sites):
        host = f"opd{k}.contohkab.go.id"
        s = site(host, f"OPD {k} Kabupaten Contoh", f"admin{k}@contohkab.go.id")
        incs = tuple(
            incident(
                host,
                techniques[(k * 3 + j) % len(techniques)],
                list(Severity)[(k + j) % 5],
                Change.NEW if j % 2 == 0 else Change.ONGOING,
                n_urls=1 + j,
            )
            for j in range(3)
        )
        results.append(ok(s, *incs))
    return scan(*results)


def hostile_scan() -> ScanResult:
    """Every text field carries an injection attempt; URLs include javascript: ones."""
    diff = "\n".join(
        ["--- a", "+++ b", "@@ -1 +1 @@", "-</pre><script>alert(1)</script>", "+" + HOSTILE_TEXT]
    )
    s = Site(
        url="javascript:alert(1)//",
        name="Dinas <script>alert(1)</script>\r\nBcc: victim@example.com",
        owner='"><img src=x onerror=alert(1)>',
        contact='budi@contohkab.go.id"><script>alert(2)</script> javascript:alert(3)',
    )
    evidence = (
        Evidence(
            url="javascript:alert(document.cookie)",
            snippet=f"before {HOSTILE_TEXT} after",
            match="<script>alert(1)</script>",
            path='div > a[title=""><img src=x onerror=alert(1)>"]',
            profile="<b>bot</b>",
            targets=("javascript:alert(1)", "https://ok.example/</style>"),
            diff=diff,
        ),
        Evidence(
            url='https://dinkes.contohkab.go.id/"><script>alert(1)</script>',
            snippet="</textarea>{{7*7}}",
            detail="</style><style>body{display:none}</style>",
        ),
    )
    inc = Incident(
        id="<script>alert(1)</script>",
        site="dinkes.contohkab.go.id",
        category=Category.DEFACEMENT,
        technique=Technique.DEFACEMENT_OVERLAY,
        severity=Severity.CRITICAL,
        confidence=1.0,
        url="javascript:alert(1)",
        urls=("javascript:alert(1)", "https://dinkes.contohkab.go.id/{{7*7}}"),
        summary=HOSTILE_TEXT,
        evidence=evidence,
        target_domain="</style>",
        signature_ids=("{{7*7}}",),
        first_seen=START,
        last_seen=START,
    )
    broken = SiteResult(
        site=Site(url="https://sipd.contohkab.go.id/", name="</textarea><script>x</script>"),
        status="unreachable",
        error=HOSTILE_TEXT,
        pages=(
            PageRecord(
                url="javascript:alert(1)",
                final_url="",
                status=None,
                error=FetchError("<script>", HOSTILE_TEXT),
            ),
        ),
    )
    return ScanResult(
        id=13,
        started=START,
        finished=None,
        complete=False,
        scanner_version="</style>",
        sites=(SiteResult(site=s, status="ok", incidents=(inc,)), broken),
    )
