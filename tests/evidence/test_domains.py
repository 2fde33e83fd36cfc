"""The gambling-domain blocklist: never a victim's or the inventory's domain; RPZ that loads."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scanner.evidence.domains import (
    Withheld,
    dns_name,
    gambling_domains,
    is_institutional,
    render_csv,
    render_hosts,
    render_rpz,
)
from scanner.models import Category, Evidence, Incident, Severity, Technique

NOW = datetime(2026, 11, 30, 22, 0, tzinfo=UTC)


def _incident(
    site: str,
    target: str,
    targets: tuple[str, ...] = (),
    *,
    severity: Severity = Severity.HIGH,
    category: Category = Category.GAMBLING,
    technique: Technique = Technique.HIDDEN_LINKS,
    day: int = 1,
) -> Incident:
    return Incident(
        id=f"{site}-{target}"[:16],
        site=site,
        category=category,
        technique=technique,
        severity=severity,
        confidence=0.9,
        url=f"https://{site}/",
        urls=(f"https://{site}/",),
        summary="",
        evidence=(Evidence(url=f"https://{site}/", targets=targets),),
        target_domain=target,
        first_seen=datetime(2026, 11, day, tzinfo=UTC),
        last_seen=datetime(2026, 11, day + 5, tzinfo=UTC),
    )


INCIDENTS = [
    _incident(
        "dinkes.kabcontoh.go.id",
        "slot88-gacor.com",
        (
            "https://www.slot88-gacor.com/daftar",
            "https://bapenda.kabtetangga.go.id/slot-gacor/",  # a hacked neighbour: a victim
            "https://unila.ac.id/wp-content/slot/",
            "https://t.me/slotgacorvip",
            "https://portal-kabcontoh.com/",  # the inventory's own non-.go.id domain
            "https://evil.com\n; injected CNAME rpz-passthru.",
            "https://xn--slt-gacor-17a.com/",
            "http://198.51.100.7/slot",
        ),
    ),
    _incident("disdik.kabcontoh.go.id", "slot88-gacor.com", day=3),
    _incident("bpbd.kabcontoh.go.id", "maxwin-togel.net", severity=Severity.LOW),
    _incident("diskominfo.kabcontoh.go.id", "cdn-js.example.org", category=Category.DEFACEMENT),
    _incident("yayasan.or.id", "sma1.sch.id"),
]
INVENTORY = ["https://dinkes.kabcontoh.go.id/", "https://portal-kabcontoh.com/"]


def test_institutional_names() -> None:
    for name in ("kabcontoh.go.id", "unila.ac.id", "sdn1.sch.id", "desa-maju.desa.id",
                 "tni.mil.id", "yayasan.or.id", "gov.uk", "x.gov.my", "nasa.gov", "mit.edu"):
        assert is_institutional(name), name
    for name in ("slot88-gacor.com", "gacor.co.id", "toko.my.id", "bandarlampung-travel.com"):
        assert not is_institutional(name), name


def test_dns_name_refuses_what_would_write_into_a_zone() -> None:
    assert dns_name("WWW.Slot88-Gacor.COM.") == "slot88-gacor.com"
    assert dns_name("slöt-gacor.com") == "xn--slt-gacor-17a.com"
    for bad in ("evil.com\n; x", "a b.com", "-x.com", "localhost", "198.51.100.7", "x" * 300):
        assert dns_name(bad) is None, bad


def test_blocklist_lists_gambling_domains_and_withholds_victims() -> None:
    blocklist = gambling_domains(INCIDENTS, INVENTORY, min_severity=Severity.MEDIUM)
    names = [d.domain for d in blocklist.domains]
    assert names == ["slot88-gacor.com", "xn--slt-gacor-17a.com"]
    slot = blocklist.domains[0]
    assert slot.sites == ("dinkes.kabcontoh.go.id", "disdik.kabcontoh.go.id")
    assert slot.first_seen == datetime(2026, 11, 1, tzinfo=UTC)
    assert slot.last_seen == datetime(2026, 11, 8, tzinfo=UTC)
    withheld = dict(blocklist.withheld)
    assert withheld["bapenda.kabtetangga.go.id"] is Withheld.INSTITUTIONAL
    assert withheld["unila.ac.id"] is Withheld.INSTITUTIONAL
    assert withheld["sma1.sch.id"] is Withheld.INSTITUTIONAL
    assert withheld["portal-kabcontoh.com"] is Withheld.INVENTORY
    assert withheld["t.me"] is Withheld.SHARED
    assert Withheld.INVALID in withheld.values()
    # min severity: the low one comes in when asked; the defacement never (not gambling)
    low = gambling_domains(INCIDENTS, INVENTORY, min_severity=Severity.LOW)
    assert "maxwin-togel.net" in [d.domain for d in low.domains]
    assert "cdn-js.example.org" not in [d.domain for d in low.domains]


def test_hosts_and_csv() -> None:
    blocklist = gambling_domains(INCIDENTS, INVENTORY, min_severity=Severity.MEDIUM)
    hosts = render_hosts(blocklist, NOW)
    assert "0.0.0.0 slot88-gacor.com\n" in hosts and "0.0.0.0 www.slot88-gacor.com\n" in hosts
    rows = render_csv(blocklist).splitlines()
    assert rows[0].startswith("domain,first_seen,last_seen")
    assert rows[1].startswith("slot88-gacor.com,2026-11-01T00:00:00Z,2026-11-08T00:00:00Z,high")
    for text in (hosts, render_csv(blocklist), render_rpz(blocklist, NOW)):
        assert "go.id CNAME" not in text and "0.0.0.0 unila" not in text
        assert "injected" not in text and "portal-kabcontoh" not in text


def test_rpz_passes_named_checkzone(tmp_path: Path) -> None:
    blocklist = gambling_domains(INCIDENTS, INVENTORY, min_severity=Severity.LOW)
    zone = render_rpz(blocklist, NOW)
    assert "slot88-gacor.com CNAME .\n*.slot88-gacor.com CNAME .\n" in zone
    checker = shutil.which("named-checkzone")
    if checker is None:
        pytest.skip("named-checkzone not installed (`make bind9-utils` as root installs it)")
    path = tmp_path / "rpz.zone"
    path.write_text(zone, encoding="utf-8")
    done = subprocess.run(
        [checker, "rpz.local", str(path)], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "OK" in done.stdout
