"""A realistic sample scan (fictitious .go.id sites) for report previews, screenshots and tests.

Sites, people and gambling domains are invented (the gambling domains use the reserved
``.example`` TLD); the shapes are those the scanner meets: hidden judi-online links in a
footer, content cloaked for Googlebot, a full-page defacement, a content change with a diff,
an unknown Search Console token, an unreachable site and pages that failed to load.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scanner.models import (
    Category,
    Change,
    Evidence,
    FetchError,
    FetchErrorKind,
    Incident,
    Message,
    PageRecord,
    ScanResult,
    Severity,
    Site,
    SiteResult,
    SiteStatus,
    Technique,
)
from scanner.report.i18n import english

START = datetime(2026, 11, 20, 19, 0, 5, tzinfo=UTC)  # 02:00 WIB, the nightly cron

_DINKES = Site(
    url="https://dinkes.contohkab.go.id/",
    name="Dinas Kesehatan Kabupaten Contoh",
    owner="Dinas Kesehatan",
    contact="Budi Santoso <budi.santoso@contohkab.go.id>, 0812-3456-7890",
)
_DISDIK = Site(
    url="https://disdik.contohprov.go.id/",
    name="Dinas Pendidikan Provinsi Contoh",
    owner="Dinas Pendidikan",
    contact="admin.web@disdik.contohprov.go.id",
)
_BAPPEDA = Site(
    url="https://bappeda.contohkab.go.id/",
    name="Bappeda Kabupaten Contoh",
    owner="Bappeda",
    contact="sekretariat@bappeda.contohkab.go.id",
)
_KEC = Site(url="https://kec-sukamaju.contohkab.go.id/", name="Kecamatan Sukamaju")
_SIPD = Site(url="https://sipd.contohkab.go.id/", name="SIPD Kabupaten Contoh", owner="BPKAD")
_DPM = Site(url="https://dpmptsp.contohkab.go.id/", name="DPMPTSP Kabupaten Contoh")

_DIFF = """--- sebelum (baseline 2026-11-12)
+++ sesudah (pemindaian ini)
@@ -3,5 +3,5 @@
 Visi: Terwujudnya perencanaan pembangunan daerah yang partisipatif.
-Kepala Bappeda: Ir. Siti Rahmawati, M.T.
+Kepala Bappeda: Dr. Agus Wibowo, S.E., M.Si.
 Alamat: Jl. Jenderal Sudirman No. 12, Contoh
-Jadwal layanan konsultasi: slot pagi 08.00-10.00
+Jadwal layanan konsultasi: slot pagi 08.00-11.00
"""


def _dt(hours: float) -> datetime:
    return START - timedelta(hours=hours)


def sample_incidents() -> dict[str, tuple[Incident, ...]]:
    """The sample's incidents by site host (open ones; resolved ones are in ``sample_scan``)."""
    pages = [f"https://dinkes.contohkab.go.id/berita/{n}-posyandu-balita" for n in range(1, 28)]
    # Summaries and details are catalog messages, as a real scan records them, so the sample
    # report reads in the report's language (the English text is what JSON consumers see).
    hide = "style: position:absolute;left:-9999px"
    hidden_summary = _incident("gambling", "hidden_links", 27, "situs-slot88.example",
                               Message.of("finding.hidden_links_to", n=14, reason=hide,
                                          target="situs-slot88.example"))  # fmt: skip
    hidden_detail = Message.of("detail.hidden_links", n=14, reason=hide)
    who = Message.of("cloak_who.googlebot", name="googlebot")
    cloak_summary = _incident("gambling", "cloaking_ua", 1, "",
                              Message.of("finding.cloak_content", who=who))  # fmt: skip
    cloak_detail = Message.of(
        "detail.cloak_content", name="googlebot", status="200", browser_status="200",
        title="SLOT88 Situs Judi Online Terpercaya Gampang Menang",
        browser_title="Dinas Kesehatan Kabupaten Contoh", terms="gampang menang, slot88",
        domains="-",
    )  # fmt: skip
    value = "Zx9-q1TtExampleToken"
    token_summary = _incident("integrity", "site_verification", 1, "",
                              Message.of("finding.drift.verification", value=value))  # fmt: skip
    token_detail = Message.of("detail.drift.verification", value=value)
    deface_summary = _incident("defacement", "defacement_page", 2, "",
                               Message.of("finding.defacement_signed", where="homepage",
                                          handle="Contoh Cyber Team"))  # fmt: skip
    deface_detail = Message.of("prose.reasons", items=(
        Message.of("reason.deface_phrases", n=2), Message.of("reason.defacer_handles", n=1),
        Message.of("reason.short_page", n=14), Message.of("reason.no_nav"),
    ))  # fmt: skip
    change_summary = _incident("integrity", "content_change", 1, "",
                               Message.of("finding.content_change",
                                          what=Message.of("drift_what.text_edited")))  # fmt: skip
    hidden = Incident(
        id="inc-7f3a9c01",
        site=_DINKES.host,
        category=Category.GAMBLING,
        technique=Technique.HIDDEN_LINKS,
        severity=Severity.CRITICAL,
        confidence=0.97,
        url=pages[0],
        urls=tuple(pages),
        summary=english(hidden_summary),
        message=hidden_summary,
        evidence=(
            Evidence(
                url=pages[0],
                snippet="Copyright © 2026 Dinas Kesehatan Kabupaten Contoh. SLOT GACOR hari "
                "ini gampang maxwin, daftar situs slot88 terpercaya",
                match="SLOT GACOR",
                path="html > body > footer > div.site-info > div[style] > a:nth-of-type(3)",
                profile="browser",
                targets=("https://situs-slot88.example/daftar", "https://gacor-maxwin.example/"),
                detail=english(hidden_detail),
                message=hidden_detail,
            ),
        ),
        target_domain="situs-slot88.example",
        first_seen=_dt(24 * 3),
        last_seen=START,
        times_seen=4,
        change=Change.ONGOING,
        signature_ids=("gambling-slot-terms", "hidden-offscreen"),
    )
    cloak = Incident(
        id="inc-51be0d22",
        site=_DINKES.host,
        category=Category.GAMBLING,
        technique=Technique.CLOAKING_UA,
        severity=Severity.HIGH,
        confidence=0.92,
        url="https://dinkes.contohkab.go.id/",
        urls=("https://dinkes.contohkab.go.id/",),
        summary=english(cloak_summary),
        message=cloak_summary,
        evidence=(
            Evidence(
                url="https://dinkes.contohkab.go.id/",
                snippet="<title>SLOT88 Situs Judi Online Terpercaya Gampang Menang</title>",
                match="Situs Judi Online",
                path="html > head > title",
                profile="googlebot",
                detail=english(cloak_detail),
                message=cloak_detail,
            ),
        ),
        first_seen=_dt(0.5),
        last_seen=START,
        change=Change.NEW,
        signature_ids=("gambling-title",),
    )
    token = Incident(
        id="inc-0c44aa10",
        site=_DINKES.host,
        category=Category.INTEGRITY,
        technique=Technique.SITE_VERIFICATION,
        severity=Severity.MEDIUM,
        confidence=0.8,
        url="https://dinkes.contohkab.go.id/",
        urls=("https://dinkes.contohkab.go.id/",),
        summary=english(token_summary),
        message=token_summary,
        evidence=(
            Evidence(
                url="https://dinkes.contohkab.go.id/",
                snippet='<meta name="google-site-verification" content="Zx9-q1TtExampleToken">',
                match="Zx9-q1TtExampleToken",
                path="html > head > meta:nth-of-type(7)",
                detail=english(token_detail),
                message=token_detail,
            ),
        ),
        first_seen=_dt(0.5),
        last_seen=START,
        change=Change.NEW,
    )
    deface = Incident(
        id="inc-d3fa0001",
        site=_DISDIK.host,
        category=Category.DEFACEMENT,
        technique=Technique.DEFACEMENT_PAGE,
        severity=Severity.CRITICAL,
        confidence=0.99,
        url="https://disdik.contohprov.go.id/",
        urls=("https://disdik.contohprov.go.id/", "https://disdik.contohprov.go.id/index.php"),
        summary=english(deface_summary),
        message=deface_summary,
        evidence=(
            Evidence(
                url="https://disdik.contohprov.go.id/",
                snippet="Hacked by Contoh Cyber Team — your security is low, patch your system",
                match="Hacked by",
                path="html > body > center > h1",
                detail=english(deface_detail),
                message=deface_detail,
            ),
        ),
        first_seen=_dt(0.5),
        last_seen=START,
        change=Change.NEW,
    )
    change = Incident(
        id="inc-b4ppe0da",
        site=_BAPPEDA.host,
        category=Category.INTEGRITY,
        technique=Technique.CONTENT_CHANGE,
        severity=Severity.LOW,
        confidence=0.6,
        url="https://bappeda.contohkab.go.id/profil",
        urls=("https://bappeda.contohkab.go.id/profil",),
        summary=english(change_summary),
        message=change_summary,
        evidence=(Evidence(url="https://bappeda.contohkab.go.id/profil", diff=_DIFF),),
        first_seen=_dt(0.5),
        last_seen=START,
        change=Change.NEW,
    )
    return {
        _DINKES.host: (hidden, cloak, token),
        _DISDIK.host: (deface,),
        _BAPPEDA.host: (change,),
    }


def _incident(
    category: str, technique: str, pages: int, target: str, example: Message
) -> Message:
    """An incident summary as the judge builds it (``prose.incident``/``prose.incident_to``)."""
    key = "prose.incident_to" if target else "prose.incident"
    return Message.of(key, category=category, technique=technique, pages=pages, target=target,
                      example=example)  # fmt: skip


def sample_scan(scan_id: int = 42) -> ScanResult:
    """A scan of six fictitious sites with open, resolved and failed parts."""
    inc = sample_incidents()
    doorway = Message.of("finding.doorway_page")
    doorway_summary = _incident("gambling", "doorway_page", 1, "", doorway)
    resolved = Incident(
        id="inc-9a9a9a9a",
        site=_KEC.host,
        category=Category.GAMBLING,
        technique=Technique.DOORWAY_PAGE,
        severity=Severity.HIGH,
        confidence=0.9,
        url="https://kec-sukamaju.contohkab.go.id/wp-content/uploads/2024/slot-online.html",
        urls=("https://kec-sukamaju.contohkab.go.id/wp-content/uploads/2024/slot-online.html",),
        summary=english(doorway_summary),
        message=doorway_summary,
        first_seen=_dt(24 * 10),
        last_seen=_dt(24),
        times_seen=9,
        change=Change.RESOLVED,
    )

    def ok(site: Site, n_pages: int, **kw: object) -> SiteResult:
        page_list = tuple(
            PageRecord(url=f"{site.url}hal/{n}", final_url=f"{site.url}hal/{n}", status=200)
            for n in range(n_pages)
        )
        return SiteResult(site=site, status=SiteStatus.OK, pages=page_list, **kw)  # type: ignore[arg-type]

    failed = (
        PageRecord(
            url="https://dpmptsp.contohkab.go.id/perizinan/berkas.pdf",
            final_url="https://dpmptsp.contohkab.go.id/perizinan/berkas.pdf",
            status=None,
            error=FetchError(FetchErrorKind.TIMEOUT, "read timeout after 20.0 s"),
        ),
        PageRecord(
            url="https://dpmptsp.contohkab.go.id/lama/",
            final_url="https://dpmptsp.contohkab.go.id/lama/",
            status=500,
            error=FetchError(FetchErrorKind.HTTP_STATUS, "HTTP 500 Internal Server Error"),
        ),
    )
    sites = (
        ok(_DINKES, 180, incidents=inc[_DINKES.host]),
        ok(_DISDIK, 64, incidents=inc[_DISDIK.host]),
        ok(_BAPPEDA, 95, incidents=inc[_BAPPEDA.host]),
        ok(_KEC, 40, resolved=(resolved,)),
        SiteResult(
            site=_SIPD, status=SiteStatus.UNREACHABLE, error="dns: Name or service not known"
        ),
        SiteResult(
            site=_DPM,
            status=SiteStatus.OK,
            pages=(*ok(_DPM, 120).pages, *failed),
        ),
    )
    return ScanResult(
        id=scan_id,
        started=START,
        finished=START + timedelta(minutes=7, seconds=42),
        complete=True,
        scanner_version="0.1.0",
        sites=sites,
    )
