"""A recorded scan of loopback sites keeps WARC evidence of its pages with findings only."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

from typer.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from scanner.cli import app
from scanner.crawl.profiles import GOOGLEBOT_UA
from scanner.evidence import read_index
from scanner.evidence.export import export_incident
from scanner.models import ScanResult, Technique
from scanner.pipeline import scan_sites
from scanner.store import Store
from tests.evidence.sites import BAPPEDA, DISPAR, serve, settings_for, sites


async def _scan(tmp_path: Path, **evidence: object) -> ScanResult:
    async with serve() as port:
        settings = settings_for(port, **evidence)
        with Store.open(tmp_path / "state" / "s.db") as store:
            return await scan_sites(sites(), settings, store=store)


def _records(path: Path) -> list[tuple[str, dict[str, str], bytes, str]]:
    """(type, WARC headers, raw payload, http head) of every record, digests checked."""
    out = []
    with path.open("rb") as fh:
        for record in ArchiveIterator(fh, check_digests="raise"):
            payload = record.content_stream().read()
            head = record.http_headers.to_str() if record.http_headers else ""
            out.append((record.rec_type, dict(record.rec_headers.headers), payload, head))
    return out


async def test_scan_writes_verifiable_warc_of_pages_with_findings(tmp_path: Path) -> None:
    result = await _scan(tmp_path)
    warcs = list((tmp_path / "state" / "evidence").glob("*.warc.gz"))
    assert len(warcs) == 1
    records = _records(warcs[0])  # check_digests="raise": a bad digest fails here
    types = [r[0] for r in records]
    assert types[0] == "warcinfo" and "response" in types and "request" in types
    for _type, headers, _payload, _head in records:
        assert headers["WARC-Block-Digest"].startswith("sha256:")
    urls = {h["WARC-Target-URI"] for t, h, _p, _h in records if t == "response"}
    # Only pages with findings; news ABOUT judi online and the "slot waktu" agenda are not kept.
    assert f"http://{DISPAR}/layanan" in urls and f"http://{BAPPEDA}/rkpd" in urls
    assert not any("berita" in u or "agenda" in u or u.endswith("/") for u in urls)
    # Every response record has its request, and the payload digest the result shows.
    ids = {h["WARC-Record-ID"] for t, h, _p, _h in records if t == "response"}
    concurrent = {h["WARC-Concurrent-To"] for t, h, _p, _h in records if t == "request"}
    assert ids == concurrent
    items = [e for s in result.sites for e in s.evidence]
    assert {e.record_id for e in items} == ids
    bodies = {h["WARC-Record-ID"]: p for t, h, p, _h in records if t == "response"}
    for item in items:
        assert hashlib.sha256(bodies[item.record_id]).hexdigest() == item.payload_sha256


async def test_googlebot_request_record_carries_its_user_agent(tmp_path: Path) -> None:
    result = await _scan(tmp_path)
    dispar = next(s for s in result.sites if s.site.host == DISPAR)
    cloaking = next(i for i in dispar.incidents if i.technique is Technique.CLOAKING_UA)
    warc = next((tmp_path / "state" / "evidence").glob("*.warc.gz"))
    records = _records(warc)
    by_id = {h["WARC-Record-ID"]: (p, head) for t, h, p, head in records}
    bot = [
        e for e in dispar.evidence if e.profile == "googlebot" and cloaking.id in e.incidents
    ]
    assert len(bot) == 1
    payload, _ = by_id[bot[0].record_id]
    assert b"SLOT GACOR HARI INI" in payload  # what Googlebot was served, not the browser
    requests = [
        head for t, h, _p, head in records
        if t == "request" and h["WARC-Concurrent-To"] == bot[0].record_id
    ]
    assert len(requests) == 1
    assert f"User-Agent: {GOOGLEBOT_UA}" in requests[0]
    assert requests[0].startswith("GET /pengumuman HTTP/1.1")


async def test_export_of_one_incident_holds_only_its_records(tmp_path: Path) -> None:
    result = await _scan(tmp_path)
    bappeda = next(s for s in result.sites if s.site.host == BAPPEDA)
    incident = bappeda.incidents[0]
    directory = tmp_path / "state" / "evidence"
    done = export_incident(incident, directory, tmp_path / "out" / "x.warc.gz")
    records = _records(done.warc)
    kept = [r for r in records if r[0] != "warcinfo"]
    assert kept and all(h["WARC-Target-URI"] == f"http://{BAPPEDA}/rkpd" for _t, h, _p, _h in kept)
    index = [
        line
        for path in directory.glob("*.index.jsonl")
        for line in read_index(path)
        if incident.id in line.incidents
    ]
    assert {h["WARC-Record-ID"] for _t, h, _p, _h in kept} == {x.record_id for x in index}
    manifest = json.loads(done.manifest_path.read_text(encoding="utf-8"))
    assert manifest["incident"] == incident.id and manifest["site"] == BAPPEDA
    assert manifest["owner"] == "Pemkab Test"
    assert manifest["warc_sha256"] == hashlib.sha256(done.warc.read_bytes()).hexdigest()
    payloads = {h["WARC-Record-ID"]: p for _t, h, p, _h in kept}
    for entry in manifest["records"]:
        assert hashlib.sha256(payloads[entry["record_id"]]).hexdigest() == entry["payload_sha256"]
    assert "googlebot" in manifest["profiles"]


async def test_scan_cap_leaves_records_out_and_says_so(tmp_path: Path) -> None:
    await _scan(tmp_path, scan_bytes=3000)
    directory = tmp_path / "state" / "evidence"
    warc = next(directory.glob("*.warc.gz"))
    assert warc.stat().st_size < 3000 + 4096  # the one record that fit, and no more
    lines = [line for p in directory.glob("*.index.jsonl") for line in read_index(p)]
    skipped = [line for line in lines if line.type == "skipped"]
    assert skipped and all(line.reason == "scan_bytes cap" for line in skipped)


async def test_evidence_off_writes_nothing(tmp_path: Path) -> None:
    result = await _scan(tmp_path, enabled=False)
    assert not (tmp_path / "state" / "evidence").exists()
    assert all(s.evidence == () for s in result.sites)
    assert any(s.incidents for s in result.sites)  # the findings are there all the same


async def test_cli_exports_incident_and_domains(tmp_path: Path) -> None:
    result = await _scan(tmp_path)
    state = str(tmp_path / "state" / "s.db")
    incident = next(s for s in result.sites if s.site.host == DISPAR).incidents[0]
    out = tmp_path / "inc.warc.gz"
    runner = CliRunner()
    done = runner.invoke(
        app, ["evidence", "export", incident.id[:8], "-o", str(out), "--state", state]
    )
    assert done.exit_code == 0, done.output
    assert out.is_file() and Path(str(out) + ".manifest.json").is_file()
    missing = runner.invoke(app, ["evidence", "export", "ffffffffffff", "--state", state])
    assert missing.exit_code != 0
    csv = runner.invoke(app, ["export", "domains", "--format", "csv", "--state", state])
    assert csv.exit_code == 0, csv.output
    listed = [row.split(",")[0] for row in csv.stdout.splitlines()[1:]]
    assert listed == ["slotgacor-maxwin88.com", "togel-hoki99.net"]
    bad = runner.invoke(app, ["export", "domains", "--format", "bind", "--state", state])
    assert bad.exit_code == 2


def test_settings_reach_evidence_section(tmp_path: Path) -> None:
    from scanner.config import load_settings

    toml = tmp_path / "scanner.toml"
    toml.write_text("[evidence]\nretention_days = 30\nrecord_bytes = 65536\n", encoding="utf-8")
    settings = load_settings(toml, env={})
    assert settings.evidence.retention_days == 30 and settings.evidence.record_bytes == 65536
    assert dataclasses.replace(settings.evidence, enabled=False).enabled is False


async def test_html_report_shows_record_ids_and_digests_as_text(tmp_path: Path) -> None:
    import re

    from scanner.output import scan_to_json
    from scanner.report import render_html

    result = await _scan(tmp_path)
    items = [e for s in result.sites for e in s.evidence]
    html = render_html(result, "id")
    block = html[html.index('<div class="warc">') :]
    block = block[: block.index("</div>")]
    assert items[0].record_id.replace("<", "&lt;").replace(">", "&gt;") in html
    assert f"sha256:{items[0].payload_sha256}" in html
    assert "scanner evidence export" in block
    assert not re.search(r"<a\b|href=", block)  # nothing clickable from hostile pages
    doc = scan_to_json(result)
    records = [r for s in doc["sites"] for r in s["evidence_records"]]
    assert {r["record_id"] for r in records} == {e.record_id for e in items}


async def test_stored_report_shows_the_same_records(tmp_path: Path) -> None:
    from scanner.api import render_stored_report

    result = await _scan(tmp_path)
    settings = dataclasses.replace(
        settings_for(0), state=str(tmp_path / "state" / "s.db"), reports_dir=str(tmp_path / "r")
    )
    stored, _paths = render_stored_report(settings, result.id, "json", str(tmp_path / "x.json"))
    live = {(s.site.url, e.record_id, e.payload_sha256) for s in result.sites for e in s.evidence}
    again = {(s.site.url, e.record_id, e.payload_sha256) for s in stored.sites for e in s.evidence}
    assert live and again == live
    doc = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert sum(len(s["evidence_records"]) for s in doc["sites"]) == len(live)


async def test_unrecorded_scan_keeps_no_evidence(tmp_path: Path, monkeypatch: object) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.chdir(tmp_path)  # settings.state is relative: nothing may appear here
    async with serve() as port:
        result = await scan_sites(sites(), settings_for(port))  # NullRecorder
    assert any(s.incidents for s in result.sites)
    assert all(s.evidence == () for s in result.sites)
    assert list(tmp_path.iterdir()) == []


def test_evidence_dir_follows_the_state() -> None:
    from scanner.config import Settings
    from scanner.evidence import evidence_dir

    base = Settings()
    assert evidence_dir(base, "/srv/scanner/state/s.db") == Path("/srv/scanner/state/evidence")
    assert evidence_dir(base, "sqlite:///srv/s.db") == Path("/srv/evidence")
    assert evidence_dir(base, "postgresql://scanner@db/scanner") == Path("state/evidence")
    chosen = dataclasses.replace(base, evidence=dataclasses.replace(base.evidence, dir="/ev"))
    assert evidence_dir(chosen, "postgresql://scanner@db/scanner") == Path("/ev")
