"""The national summary: provinces derived from tags, hosts and owners (with the traps), the
per-province and per-owner tables, and the worst incidents listed up to the cap."""

from __future__ import annotations

from dataclasses import replace

import pytest

from scanner.demo.sample import sample_scan
from scanner.models import (
    Category,
    Incident,
    PageRecord,
    ScanResult,
    Severity,
    Site,
    SiteResult,
    SiteStatus,
    Technique,
)
from scanner.report import render_html, render_markdown, render_text
from scanner.report.build import build_view
from scanner.report.national import MAX_NATIONAL_INCIDENTS
from scanner.report.province import UNKNOWN, province_of


@pytest.mark.parametrize(
    ("site", "province"),
    [
        (Site("https://jatimprov.go.id/", owner="Diskominfo"), "Jawa Timur"),
        (Site("https://kominfo.jabarprov.go.id/"), "Jawa Barat"),
        (Site("https://dukcapil.jakarta.go.id/"), "DKI Jakarta"),
        (Site("https://bappeda.riau.go.id/"), "Riau"),
        (Site("https://kepriprov.go.id/"), "Kepulauan Riau"),
        (Site("https://x.go.id/", owner="Pemerintah Provinsi Kepulauan Riau"), "Kepulauan Riau"),
        (Site("https://x.go.id/", owner="Dinas Kominfo Provinsi Papua Barat Daya"),
         "Papua Barat Daya"),
        (Site("https://bandarlampungkota.go.id/", owner="Pemerintah Kota Bandar Lampung"),
         "Lampung"),
        (Site("https://acehbesarkab.go.id/", owner="Pemerintah Kabupaten Aceh Besar"), "Aceh"),
        (Site("https://jogjakota.go.id/", owner="Pemerintah Kota Yogyakarta"), "DI Yogyakarta"),
        # The inventory's own word wins, even over the host.
        (Site("https://jatimprov.go.id/", tags=("province:jawa tengah",)), "Jawa Tengah"),
        (Site("https://x.go.id/", tags=("provinsi:Kalimantan  Timur",)), "Kalimantan Timur"),
        (Site("https://x.go.id/", tags=("province:Atlantis",)), "Atlantis"),
        # Traps: a regency's own domain, an airport, a ministry, a look-alike domain.
        (Site("https://slemankab.go.id/", owner="Pemerintah Kabupaten Sleman"), UNKNOWN),
        (Site("https://bandara.go.id/", owner="Bandar Udara Internasional"), UNKNOWN),
        (Site("https://kominfo.go.id/", owner="Kementerian Komunikasi dan Digital"), UNKNOWN),
        (Site("https://jatimprov.example.com/"), UNKNOWN),
        (Site("https://x.go.id/", owner="Dinas Jawara Timuran"), UNKNOWN),
    ],
)
def test_province_of(site: Site, province: str) -> None:
    assert province_of(site) == province


def _incident(host: str, n: int, severity: Severity) -> Incident:
    return Incident(
        id=f"inc-{host}-{n}",
        site=host,
        category=Category.GAMBLING,
        technique=Technique.HIDDEN_LINKS,
        severity=severity,
        confidence=0.9,
        url=f"https://{host}/berita/{n}",
        urls=(f"https://{host}/berita/{n}",),
        summary="hidden links to online gambling",
    )


def national_scan(n_sites: int = 60, infected_every: int = 2) -> ScanResult:
    """``n_sites`` sites of three provinces; every ``infected_every``-th has two incidents, a
    critical one and a low one; every tenth is unreachable."""
    codes = ("jatimprov", "jabarprov", "jatengprov")
    sites = []
    for i in range(n_sites):
        host = f"dinas{i}.{codes[i % 3]}.go.id"
        site = Site(f"https://{host}/", name=f"Dinas {i}", owner=f"Diskominfo <i>{i % 4}</i>")
        if i % 10 == 9:
            sites.append(SiteResult(site, SiteStatus.UNREACHABLE, error="dns: NXDOMAIN"))
            continue
        found = ()
        if i % infected_every == 0:
            found = (_incident(host, 1, Severity.CRITICAL), _incident(host, 2, Severity.LOW))
        page = PageRecord(url=site.url, final_url=site.url, status=200)
        sites.append(SiteResult(site, SiteStatus.OK, pages=(page,), incidents=found))
    return replace(sample_scan(), sites=tuple(sites))


def test_a_scan_above_the_threshold_is_summarised_per_province_and_owner() -> None:
    scan = national_scan()
    view = build_view(scan, "en", summarise_above=50)
    assert view.national is not None and view.sites == ()
    rows = {r.name: r for r in view.national.provinces}
    assert set(rows) == {"Jawa Timur", "Jawa Barat", "Jawa Tengah"}
    assert sum(r.sites for r in rows.values()) == 60
    assert sum(r.unseen for r in rows.values()) == 6
    assert sum(r.open for r in rows.values()) == len(scan.open_incidents) == 60
    assert rows["Jawa Timur"].by_severity[0] == 10  # critical first: sites 0, 6, ..., 54
    # The worst listed in full, critical first, up to the cap; the counts keep every one.
    assert len(view.incidents) == min(60, MAX_NATIONAL_INCIDENTS)
    assert view.national.more_incidents == 60 - len(view.incidents)
    assert view.incidents[0].severity == "critical"
    assert view.totals.total == 60
    # At or below the threshold nothing changes: the site table as before.
    assert build_view(scan, "en", summarise_above=60).national is None


def test_the_national_report_renders_escaped_in_every_format() -> None:
    scan = national_scan()
    html = render_html(scan, "id", summarise_above=10)
    assert 'id="national"' in html and "Ringkasan nasional" in html
    assert "Jawa Timur" in html and 'id="sites"' not in html
    assert "<i>0</i>" not in html and "Diskominfo &lt;i&gt;0&lt;/i&gt;" in html  # data
    assert "Per province" in render_markdown(scan, "en", summarise_above=10)
    text = render_text(scan, "en", summarise_above=10)
    assert "== National summary ==" in text and "(Critical 10, Low 10)" in text
    assert "National" not in render_text(scan, "en")  # default threshold: 500 sites


def test_a_small_incident_cap_leaves_the_rest_to_the_json() -> None:
    scan = national_scan(n_sites=200, infected_every=1)
    view = build_view(scan, "en", summarise_above=100)
    assert view.national is not None
    assert len(view.incidents) == MAX_NATIONAL_INCIDENTS
    assert view.national.more_incidents == len(scan.open_incidents) - MAX_NATIONAL_INCIDENTS
    assert all(i.severity == "critical" for i in view.incidents)
