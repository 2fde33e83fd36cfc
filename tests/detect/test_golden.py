"""Golden pages: HTML in, expected verdict and techniques out (tests/golden/expected.yaml).

Only this package's detectors run (content, hidden, defacement) so the table states exactly what
they must conclude; the pipeline adds the script/embed/cloaking detectors on top.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from scanner.judge import page_verdict
from scanner.models import Verdict

from .pages_support import Runner, run_fixture, sigs_fixture  # noqa: F401 (fixtures)

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
TABLE: list[dict[str, Any]] = yaml.safe_load((GOLDEN / "expected.yaml").read_text())["pages"]


@pytest.mark.parametrize("case", TABLE, ids=[c["file"] for c in TABLE])
def test_golden_page(case: dict[str, Any], run: Runner) -> None:
    html = (GOLDEN / case["file"]).read_text(encoding="utf-8")
    url = case.get("url", f"https://example.go.id/{case['file']}")
    findings = run(
        html,
        url,
        is_homepage=case.get("homepage", False),
        linked=case.get("linked", True),
        in_sitemap=case.get("in_sitemap", False),
    )
    verdict = page_verdict(url, findings)
    got = sorted({f.technique.value for f in findings})
    assert (verdict.verdict.value, got) == (case["verdict"], sorted(case["techniques"])), [
        f.summary for f in findings
    ]
    if "target_domain" in case:
        assert case["target_domain"] in {f.target_domain for f in findings}
    if "severity" in case:
        assert findings[0].severity.value == case["severity"]
    for f in findings:
        assert 0.0 <= f.confidence <= 1.0
        assert f.evidence, f"{f.technique} without evidence"
        for ev in f.evidence:
            assert ev.url == url and len(ev.snippet) <= 300 and len(ev.targets) <= 20


def test_golden_table_covers_every_fixture() -> None:
    files = {p.name for p in GOLDEN.glob("*.html")}
    assert files == {c["file"] for c in TABLE}
    assert sum(c["verdict"] == "clean" for c in TABLE) >= 10
    assert {c["verdict"] for c in TABLE} == {v.value for v in Verdict} - {"error"}
