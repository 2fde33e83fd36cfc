"""The CLI contract: commands, outputs and exit codes, run for real against loopback sites."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scanner.cli import app
from scanner.lock import run_lock
from tests.conftest import ServedWorld

runner = CliRunner()

CLEAN = "www.kabsukamaju.go.id"
INFECTED = "diskominfo.kotaharapan.go.id"
DEFACED = "dinkes.kabcontoh.go.id"


def scan_args(
    served: ServedWorld, tmp: Path, *sites: str, extra: tuple[str, ...] = ()
) -> list[str]:
    args = ["scan", "--config", str(served.config), "--state", str(tmp / "state.db")]
    args += ["--json", str(tmp / "out.json"), "--report", str(tmp / "report.html"), "-q"]
    for site in sites:
        args += ["--site", f"http://{site}/"]
    return [*args, *extra]


def test_clean_site_exits_0(served_demo: ServedWorld, tmp_path: Path) -> None:
    result = runner.invoke(app, scan_args(served_demo, tmp_path, CLEAN))
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "out.json").read_text())
    (site,) = doc["sites"]
    assert site["status"] == "ok" and site["incidents"] == []
    assert site["pages_crawled"] >= 3
    assert doc["scan"]["complete"] is True
    assert (tmp_path / "report.html").read_text().startswith("<!DOCTYPE html>")


def test_infected_sites_exit_1_with_incidents_in_json(
    served_demo: ServedWorld, tmp_path: Path
) -> None:
    result = runner.invoke(app, scan_args(served_demo, tmp_path, INFECTED, DEFACED))
    assert result.exit_code == 1, result.output
    doc = json.loads((tmp_path / "out.json").read_text())
    by_host = {s["url"]: s for s in doc["sites"]}
    infected = by_host[f"http://{INFECTED}/"]
    techniques = {i["technique"] for i in infected["incidents"]}
    assert "hidden_links" in techniques
    assert "doorway_page" in techniques or "cloaking_ua" in techniques
    for incident in infected["incidents"]:
        assert set(incident) >= {
            "id",
            "category",
            "severity",
            "technique",
            "url",
            "urls",
            "evidence",
            "first_seen",
            "last_seen",
            "status",
        }
        assert incident["status"] == "open" and incident["change"] == "new"
        assert incident["url"] in incident["urls"]
    defaced = by_host[f"http://{DEFACED}/"]
    assert any(
        i["category"] == "defacement" and i["severity"] == "critical" for i in defaced["incidents"]
    )


def test_second_scan_reports_ongoing_and_ack_is_not_new(
    served_demo: ServedWorld, tmp_path: Path
) -> None:
    assert runner.invoke(app, scan_args(served_demo, tmp_path, DEFACED)).exit_code == 1
    first = json.loads((tmp_path / "out.json").read_text())["sites"][0]["incidents"]
    listed = runner.invoke(
        app, ["incidents", "list", "--state", str(tmp_path / "state.db"), "--config",
              str(served_demo.config)]
    )  # fmt: skip
    assert listed.exit_code == 0 and first[0]["id"][:12] in listed.output
    ack = runner.invoke(
        app, ["incidents", "ack", first[0]["id"][:10], "--state", str(tmp_path / "state.db"),
              "--config", str(served_demo.config)]
    )  # fmt: skip
    assert ack.exit_code == 0, ack.output
    # An acknowledged incident is no longer open: the exit code follows open incidents only.
    second_run = runner.invoke(app, scan_args(served_demo, tmp_path, DEFACED))
    second = json.loads((tmp_path / "out.json").read_text())["sites"][0]["incidents"]
    acked = next(i for i in second if i["id"] == first[0]["id"])
    assert acked["status"] == "acknowledged" and acked["change"] == "ongoing"
    assert acked["first_seen"] == first[0]["first_seen"] and acked["times_seen"] == 2
    assert second_run.exit_code == (1 if any(i["status"] == "open" for i in second) else 0)


def test_dead_site_exits_3(served_demo: ServedWorld, tmp_path: Path) -> None:
    config = tmp_path / "dead.toml"
    config.write_text(
        "[crawl]\nretries = 0\nconnect_timeout = 2\n[crawl.host_overrides]\n"
        '"mati.kabcontoh.go.id" = "127.0.0.1:9"\n'
    )
    result = runner.invoke(
        app, ["scan", "--config", str(config), "--site", "http://mati.kabcontoh.go.id/",
              "--state", str(tmp_path / "s.db"), "--json", str(tmp_path / "o.json"),
              "--report", str(tmp_path / "r.html"), "-q"],
    )  # fmt: skip
    assert result.exit_code == 3, result.output
    site = json.loads((tmp_path / "o.json").read_text())["sites"][0]
    assert site["status"] == "unreachable"
    assert "refused" in site["error"]


@pytest.mark.parametrize(
    ("csv_text", "message"),
    [
        ("url,name,owner,contact\nhttps://ok.go.id,A,B,not-an-email\n", "sites.csv:2"),
        ("nama,pemilik\nx,y\n", "header lacks column"),
    ],
)
def test_bad_inventory_exits_2_naming_the_line(tmp_path: Path, csv_text: str, message: str) -> None:
    sites = tmp_path / "sites.csv"
    sites.write_text(csv_text)
    result = runner.invoke(app, ["scan", "--sites", str(sites), "--state", str(tmp_path / "s.db")])
    assert result.exit_code == 2
    assert message in result.output


def test_bad_config_exits_2(tmp_path: Path) -> None:
    config = tmp_path / "scanner.toml"
    config.write_text("[crawl]\nmax_pagez = 1\n")
    result = runner.invoke(app, ["scan", "--config", str(config), "--site", "a.go.id"])
    assert result.exit_code == 2
    assert "max_pagez" in result.output


def test_lock_held_exits_3(served_demo: ServedWorld, tmp_path: Path) -> None:
    lock = tmp_path / "held.lock"
    config = served_demo.config
    config.write_text(config.read_text() + f'[scan]\nlock = "{lock}"\n')
    with run_lock(lock):
        result = runner.invoke(app, scan_args(served_demo, tmp_path, CLEAN, extra=("--cron",)))
    assert result.exit_code == 3
    assert "another scan is running" in result.output


def test_cron_mode_is_silent_when_all_is_well(served_demo: ServedWorld, tmp_path: Path) -> None:
    result = runner.invoke(app, scan_args(served_demo, tmp_path, CLEAN, extra=("--cron",)))
    assert result.exit_code == 0
    assert result.stdout.strip() == ""
    assert (tmp_path / "scanner.log").exists()


def test_report_rerenders_a_stored_scan(served_demo: ServedWorld, tmp_path: Path) -> None:
    assert runner.invoke(app, scan_args(served_demo, tmp_path, DEFACED)).exit_code == 1
    state = str(tmp_path / "state.db")
    for fmt, name in (("html", "r.html"), ("md", "r.md"), ("json", "r.json")):
        out = tmp_path / name
        result = runner.invoke(
            app, ["report", "--state", state, "--format", fmt, "--out", str(out), "--lang", "en"]
        )
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 200
    doc = json.loads((tmp_path / "r.json").read_text())
    assert doc["sites"][0]["incidents"][0]["category"] == "defacement"
    assert "defacement" in (tmp_path / "r.html").read_text().lower()


def test_check_files_and_json(tmp_path: Path) -> None:
    clean = tmp_path / "berita.html"
    clean.write_text(
        "<html><head><title>Satgas blokir 2.000 situs judi online</title></head><body>"
        "<article><h1>Satgas Pemberantasan Judi Online memblokir situs</h1><p>Kominfo "
        "memblokir ribuan situs judi online dan slot gacor. Polisi menangkap tersangka bandar"
        " togel di Bandar Lampung.</p></article></body></html>"
    )
    hidden = tmp_path / "infected.html"
    hidden.write_text(
        "<html><head><title>Dinas Pendidikan</title></head><body><p>Selamat datang</p>"
        '<div style="display:none"><a href="https://gacor-hoki88.xyz/">slot gacor hari ini</a>'
        '<a href="https://gacor-hoki88.xyz/daftar">situs slot gacor gampang maxwin</a></div>'
        "</body></html>"
    )
    out = tmp_path / "check.json"
    result = runner.invoke(app, ["check", str(clean), str(hidden), str(tmp_path / "missing.html"),
                                 "--json", str(out)])  # fmt: skip
    assert result.exit_code == 1
    doc = json.loads(out.read_text())
    assert [d["verdict"] for d in doc] == ["clean", "infected", "error"]
    assert doc[1]["findings"][0]["technique"] == "hidden_links"
    assert set(doc[1]["findings"][0]) >= {"category", "severity", "technique", "evidence"}


def test_sites_check_and_signatures(tmp_path: Path) -> None:
    sites = tmp_path / "sites.csv"
    sites.write_text(
        "url,name,owner,contact\nhttps://a.go.id,A,B,a@a.go.id\nhttps://www.a.go.id,A,B,\n"
        "https://vendor.com,V,W,v@vendor.com\n"
    )
    result = runner.invoke(app, ["sites", "check", str(sites)])
    assert result.exit_code == 0
    assert "2 site(s), 1 .go.id" in result.output and "duplicate" in result.output
    listed = runner.invoke(app, ["signatures", "list"])
    assert listed.exit_code == 0 and "gambling" in listed.output
    tested = runner.invoke(app, ["signatures", "test"])
    assert tested.exit_code == 0 and "0 example failure" in tested.output


def test_broken_signature_dir_exits_2(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("signatures:\n  - id: x\n    nme: typo\n")
    result = runner.invoke(app, ["signatures", "test", "--dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "bad.yaml" in result.output


def test_snooze_resolve_and_unknown_incident(served_demo: ServedWorld, tmp_path: Path) -> None:
    assert runner.invoke(app, scan_args(served_demo, tmp_path, DEFACED)).exit_code == 1
    incident = json.loads((tmp_path / "out.json").read_text())["sites"][0]["incidents"][0]
    state = ["--state", str(tmp_path / "state.db")]
    snoozed = runner.invoke(
        app, ["incidents", "snooze", incident["id"][:8], "--until", "2099-01-01", *state]
    )
    assert snoozed.exit_code == 0 and "2099-01-01" in snoozed.output
    listed = runner.invoke(app, ["incidents", "list", "--status", "snoozed", *state])
    assert incident["id"][:12] in listed.output
    assert runner.invoke(app, ["incidents", "resolve", incident["id"], *state]).exit_code == 0
    listed = runner.invoke(app, ["incidents", "list", *state])
    assert incident["id"][:12] not in listed.output
    unknown = runner.invoke(app, ["incidents", "ack", "ffffffff", *state])
    assert unknown.exit_code == 3 and "no incident" in unknown.output
    bad_date = runner.invoke(app, ["incidents", "snooze", "x", "--until", "besok", *state])
    assert bad_date.exit_code == 2


def test_check_urls_compares_profiles_and_reports_dead_hosts(
    served_demo: ServedWorld, tmp_path: Path
) -> None:
    out = tmp_path / "urls.json"
    config = served_demo.config
    dead_host = (
        'connect_timeout = 2\n'
        '[crawl.host_overrides]\n"mati.kabcontoh.go.id" = "127.0.0.1:9"'
    )
    config.write_text(config.read_text().replace("[crawl.host_overrides]", dead_host))
    result = runner.invoke(
        app,
        ["check", f"http://{CLEAN}/", f"http://{DEFACED}/", "http://mati.kabcontoh.go.id/",
         "--json", str(out), "--config", str(config)],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    clean, defaced, dead = json.loads(out.read_text())
    assert clean["verdict"] == "clean" and clean["findings"] == []
    assert defaced["verdict"] == "defaced"
    assert any(f["technique"] == "defacement_page" for f in defaced["findings"])
    assert dead["verdict"] == "error" and "refused" in dead["error"]
