"""``scanner check`` on a page cut at a cap must not say CLEAN (issue 12, item 3).

The scan path records an ``html_chars`` / ``script_chars`` limit and never calls such a page
clean; ``scanner check FILE`` (api.check_inputs, owned by another helper this wave) still
reads the first 5,000,000 characters, finds nothing and prints ``CLEAN`` with exit 0.
Found by the hostile world; left as a strict xfail for the owner of api.py / output.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scanner.cli import app
from scanner.demo.hostile import pages


@pytest.mark.xfail(
    strict=True,
    reason="scanner check has no page limits: a payload past 5M characters is CLEAN, exit 0 "
    "(api.py check path; reported to the lead, wave 3)",
)
@pytest.mark.parametrize("cut", ["html", "script"])
def test_check_does_not_call_a_cut_page_clean(tmp_path: Path, cut: str) -> None:
    cuts = {"html": pages.filler(5_050_000) + pages.PAYLOAD, "script": pages.long_script(210_000)}
    body = cuts[cut]
    page = tmp_path / "lampiran.html"
    page.write_text(pages.page("Lampiran APBD", "Bappeda Kabupaten Tirta", body), "utf-8")
    out = tmp_path / "check.json"
    result = CliRunner().invoke(app, ["check", str(page), "--json", str(out)])
    verdict = json.loads(out.read_text("utf-8"))[0]["verdict"]
    assert result.exit_code != 0 and verdict != "clean", result.output
