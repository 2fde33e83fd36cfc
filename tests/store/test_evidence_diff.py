"""A before/after diff has its own Evidence field; rows stored with the diff in ``detail`` load."""

from __future__ import annotations

from scanner.integrity import unified_diff
from scanner.models import Category, Evidence, Incident, Severity, Technique
from scanner.output import evidence_to_json
from scanner.report.i18n import translator
from scanner.report.view import evidence_view
from scanner.store import codec

URL = "https://bappeda.kabcontoh.go.id/profil"
PROSE = "title: 'Profil Bappeda' -> 'HACKED'\ntext replaced (similarity 0.05, 2 line(s) replaced)"
DIFF = unified_diff(
    "selamat datang di portal resmi bappeda\njadwal slot konsultasi publik",
    "pejabat sibuk pencitraan, rakyat dilupakan\njadwal slot konsultasi publik",
)


def legacy_incident_row() -> dict[str, object]:
    """An incident as a scanner before ``Evidence.diff`` stored it: the diff inside detail."""
    incident = Incident(
        id="c0ffee",
        site="https://bappeda.kabcontoh.go.id/",
        category=Category.INTEGRITY,
        technique=Technique.CONTENT_CHANGE,
        severity=Severity.MEDIUM,
        confidence=0.6,
        url=URL,
        urls=(URL,),
        summary="key page changed since baseline: text replaced",
        evidence=(Evidence(url=URL, snippet="pejabat sibuk", detail=f"{PROSE}\n{DIFF}"),),
    )
    data = codec.encode_incident(incident)
    for ev in data["evidence"]:
        del ev["diff"]  # the old row had no such key
    return data


def test_diff_is_real() -> None:
    assert DIFF.startswith("--- baseline\n+++ tonight\n@@")


def test_old_row_with_diff_in_detail_loads_with_the_diff_apart() -> None:
    loaded = codec.decode_incident(codec.loads(codec.dumps(legacy_incident_row())))
    (ev,) = loaded.evidence
    assert ev.detail == PROSE
    assert ev.diff == DIFF


def test_old_row_of_only_a_diff_and_prose_rows_are_left_alone() -> None:
    only = codec.decode_evidence({"url": URL, "detail": DIFF})
    assert (only.detail, only.diff) == ("", DIFF)
    prose = "hidden by style: display:none\n--- not a diff without its +++ line"
    kept = codec.decode_evidence({"url": URL, "detail": prose})
    assert (kept.detail, kept.diff) == (prose, "")


def test_new_evidence_round_trips_and_is_bounded() -> None:
    ev = Evidence(url=URL, detail=PROSE, diff=DIFF)
    assert codec.decode_evidence(codec.loads(codec.dumps(codec.encode_evidence(ev)))) == ev
    (big,) = codec.bound_evidence([Evidence(url=URL, diff="+" * 50_000)])
    assert len(big.diff) == codec.MAX_EVIDENCE_CHARS


def test_json_adds_the_diff_key_and_detail_still_reads_as_before() -> None:
    doc = evidence_to_json(Evidence(url=URL, detail=PROSE, diff=DIFF))
    assert doc["diff"] == DIFF
    assert doc["detail"] == f"{PROSE}\n{DIFF}"  # what consumers of the contract have parsed
    plain = evidence_to_json(Evidence(url=URL, detail="hidden by style: display:none"))
    assert (plain["detail"], plain["diff"]) == ("hidden by style: display:none", "")


def test_report_shows_the_diff_field_and_the_prose_apart() -> None:
    view = evidence_view(Evidence(url=URL, detail=PROSE, diff=DIFF), translator("id"))
    assert "text replaced" in view.detail and "+++" not in view.detail
    kinds = [line.kind for line in view.diff]
    assert kinds[:3] == ["meta", "meta", "hunk"]
    assert "-selamat datang di portal resmi bappeda" in [line.text for line in view.diff]
    assert evidence_view(Evidence(url=URL, detail=PROSE), translator("id")).diff == ()
