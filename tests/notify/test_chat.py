"""Chat messages: the same who-gets-what as email, per channel, and a short, defanged text."""

from __future__ import annotations

import dataclasses

from scanner.config_apprise import AppriseSettings, AppriseTarget
from scanner.models import Change, Message, Severity, SiteResult, SiteStatus, Technique
from scanner.notify.chat import Channel, build_message, channels, plan_chat, report_link
from tests.report.builders import incident, ok, scan, site

TEAM_URL = "tgram://123456789:AAHsecretTokenValue/-1001234567890"
JATIM_URL = "json://hooks.jatimprov.go.id/scanner/abcdef123456"
TEAM = AppriseSettings(urls=(TEAM_URL,))
DINKES = dataclasses.replace(
    site("dinkes.jatimprov.go.id", "Dinas Kesehatan Provinsi Jawa Timur", owner="Pemprov Jatim"),
    tags=("jatim", "kesehatan"),
)
BANDARA = site(
    "bandara.bandarlampungkota.go.id", "UPT Bandar Udara Radin Inten", owner="Pemkot Bandar Lampung"
)
GAMBLING = dataclasses.replace(
    incident(DINKES.host, severity=Severity.HIGH),
    message=Message.of("finding.visible_content_to", target="slot88-gacor.example"),
)


def test_on_new_tells_each_channel_of_news_once_in_indonesian() -> None:
    result = scan(ok(DINKES, GAMBLING), ok(BANDARA))
    (delivery,) = plan_chat(result, TEAM, "id")
    message = delivery.message
    assert delivery.channel.target == "team" and message.kind == "report"
    assert message.title == "[scanner] 1 insiden baru di 1 situs"
    assert "Tinggi: 1" in message.body
    assert "- Dinas Kesehatan Provinsi Jawa Timur: Konten terlihat yang mempromosikan judi" in (
        message.body
    )
    # the gambling domain from the page is defanged: no client makes it a link
    assert "slot88-gacor[.]example" in message.body and "slot88-gacor.example" not in message.body
    assert message.news == (GAMBLING.id,)
    # the next night the incident is ongoing: on-new says nothing, always repeats it
    ongoing = scan(ok(DINKES, dataclasses.replace(GAMBLING, change=Change.ONGOING)))
    assert plan_chat(ongoing, TEAM, "id") == []
    again = plan_chat(ongoing, dataclasses.replace(TEAM, policy="always"), "id")
    assert again[0].message.title == "[scanner] 1 insiden terbuka di 1 situs (tidak ada yang baru)"


def test_pending_news_per_channel_decides_not_the_change_flag() -> None:
    ongoing = scan(ok(DINKES, dataclasses.replace(GAMBLING, change=Change.ONGOING)))
    two = dataclasses.replace(TEAM, urls=(TEAM_URL, JATIM_URL))
    first, second = (c for _t, c in channels(two))
    # the first channel's message failed last night: only it gets the news again
    pending = {first.audience: frozenset({GAMBLING.id}), second.audience: frozenset()}
    deliveries = plan_chat(ongoing, two, "id", pending=pending)
    assert [d.channel for d in deliveries] == [first]


def test_never_is_silent_and_a_blind_scan_warns_whatever_the_policy() -> None:
    result = scan(ok(DINKES, GAMBLING))
    assert plan_chat(result, dataclasses.replace(TEAM, policy="never"), "id") == []
    assert plan_chat(result, dataclasses.replace(TEAM, policy="never"), "id", force=True)
    down = SiteResult(site=DINKES, status=SiteStatus.UNREACHABLE, error="dns: NXDOMAIN")
    (blind,) = plan_chat(scan(down), TEAM, "en")
    assert blind.message.kind == "not_checked"
    assert blind.message.title.startswith("[scanner] WARNING: no site could be checked")
    assert "WARNING:" in blind.message.body
    # nothing open, all checked: silent unless all_clear
    clean = scan(ok(DINKES), ok(BANDARA))
    assert plan_chat(clean, TEAM, "en") == []
    (quiet,) = plan_chat(clean, dataclasses.replace(TEAM, all_clear=True), "en")
    assert quiet.message.kind == "all_clear" and "All clear" in quiet.message.title


def test_a_target_follows_its_tags_or_owners_only() -> None:
    lampung = incident(BANDARA.host, Technique.DEFACEMENT_PAGE, Severity.CRITICAL)
    result = scan(ok(DINKES, GAMBLING), ok(BANDARA, lampung))
    settings = AppriseSettings(
        urls=(TEAM_URL,),
        targets=(
            AppriseTarget("jatim", (JATIM_URL,), tags=("JATIM",)),
            AppriseTarget(
                "lampung", ("discord://1234/abcdefgh",), owners=("pemkot bandar lampung",)
            ),
            AppriseTarget("riau", ("json://127.0.0.1/riau",), tags=("riau",)),
        ),
    )
    by_target = {d.channel.target: d.message for d in plan_chat(result, settings, "en")}
    assert set(by_target) == {"team", "jatim", "lampung"}  # riau follows no site here
    assert "2 new incidents on 2 sites" in by_target["team"].title
    assert "Dinas Kesehatan" in by_target["jatim"].body and "Radin" not in by_target["jatim"].body
    assert by_target["jatim"].news == (GAMBLING.id,)
    assert "Critical: 1" in by_target["lampung"].body and "Dinas" not in by_target["lampung"].body


def test_hostile_text_is_flattened_stripped_and_defanged() -> None:
    hostile = dataclasses.replace(
        GAMBLING,
        message=None,
        summary='<a href="https://slot88.example/daftar">DAFTAR</a> slot gacor\n'
        "- **Semua aman** [klik](https://evil.example/x)\x1b[31m\u202e",
    )
    result = scan(ok(DINKES, hostile))
    text = plan_chat(result, TEAM, "id")[0].message
    incident_lines = [line for line in text.body.splitlines() if line.startswith("- ")]
    assert len(incident_lines) == 1  # the page's newline cannot forge a line of its own
    line = incident_lines[0]
    assert "<a" not in line and "\x1b" not in line and "\u202e" not in line
    assert "evil[.]example" in line and "https://" not in line and "hxxps://" in line
    markdown = plan_chat(result, dataclasses.replace(TEAM, format="markdown"), "id")[0].message
    md_line = next(x for x in markdown.body.splitlines() if "Dinas" in x)
    assert r"\*\*Semua aman\*\*" in md_line and r"\[klik\]" in md_line
    assert markdown.format == "markdown"


def test_a_long_list_is_cut_with_news_first_and_the_report_linked() -> None:
    old = [
        incident(f"opd{k}.jatimprov.go.id", change=Change.ONGOING, ident=f"old{k}")
        for k in range(6)
    ]
    new = incident("bappeda.jatimprov.go.id", Technique.DEFACEMENT_PAGE, Severity.CRITICAL)
    sites = [ok(site(i.site), i) for i in (*old, new)]
    link = report_link("https://scanner.jatimprov.go.id/laporan/", "scan-7-20261121 02:00.html")
    assert link == "https://scanner.jatimprov.go.id/laporan/scan-7-20261121%2002%3A00.html"
    message = build_message(scan(*sites), "report", "id", TEAM, link=link)
    lines = message.body.splitlines()
    incident_lines = [x for x in lines if x.startswith("- ")]
    assert len(incident_lines) == 5 and "bappeda" in incident_lines[0]  # the news first
    assert "dan 2 lainnya" in lines
    assert lines[-1] == f"Laporan lengkap: {link}"
    assert lines[0] == "Kritis: 1 · Tinggi: 6"
    assert message.severity is Severity.CRITICAL


def test_a_channel_never_shows_its_url() -> None:
    (_target, channel), = channels(TEAM)
    assert channel.label == "team#1 (tgram)"
    assert "secret" not in repr(channel) and "secret" not in channel.audience
    assert channel.audience.startswith("apprise:team:") and len(channel.audience) == 25
    assert channel.audience == Channel("team", 9, TEAM_URL).audience  # stable: the URL decides
    assert "secret" not in repr(TEAM)
