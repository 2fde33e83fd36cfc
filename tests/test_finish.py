"""The finish step (``scanner.finish``): the JSON written a site at a time is the whole
document, and a scan's outputs come from what the state DB recorded."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import replace
from pathlib import Path

import pytest

from scanner.api import run_scan_async
from scanner.demo.sample import sample_scan
from scanner.demo.world import World
from scanner.finish import render_stored_report, stream_json, write_scan_json
from scanner.models import ScanResult
from scanner.output import scan_to_json
from scanner.report import render_html
from scanner.store import Store
from tests.pipeline.support import serve_logged, settings_for, sites_of
from tests.report.test_national import national_scan


@pytest.mark.parametrize("scan", [sample_scan(), replace(sample_scan(), sites=()),
                                  national_scan()])  # fmt: skip
def test_the_streamed_json_is_the_whole_document(scan: ScanResult, tmp_path: Path) -> None:
    whole = json.dumps(scan_to_json(scan), ensure_ascii=False, indent=2) + "\n"
    path = write_scan_json(scan, tmp_path / "out" / "scan.json")
    assert path.read_text(encoding="utf-8") == whole
    again = stream_json(scan, iter(scan.sites), tmp_path / "scan2.json")
    assert again.read_bytes() == path.read_bytes()
    assert not list(tmp_path.glob("**/*.tmp"))


async def test_a_scan_writes_what_the_state_db_recorded(demo: World, tmp_path: Path) -> None:
    """The end of ``scanner scan`` renders from the store (lean): the JSON and report it
    writes are those of the full stored scan, and ``scanner report`` writes them again."""
    async with serve_logged(demo) as (port, _log):
        settings = dataclasses.replace(
            settings_for(demo, port),
            state=str(tmp_path / "s.db"),
            json=str(tmp_path / "out.json"),
            report=str(tmp_path / "r.html"),
            reports_dir=str(tmp_path / "reports"),
        )
        outputs = await run_scan_async(sites_of(demo), settings)
    result = outputs.result
    assert all(s.tally is not None for s in result.sites)  # lean: counts, not every page
    assert any(s.incidents for s in result.sites) and any(s.evidence for s in result.sites)
    with Store.open(settings.state) as store:
        full = store.load_scan(result.id)
    assert [s.pages_crawled for s in result.sites] == [s.pages_crawled for s in full.sites]
    assert sum(len(s.pages) for s in result.sites) < sum(len(s.pages) for s in full.sites)
    written = Path(settings.json or "").read_text(encoding="utf-8")
    full = replace(full, sites=tuple(
        replace(s, evidence=r.evidence) for s, r in zip(full.sites, result.sites, strict=True)
    ))  # fmt: skip
    assert written == json.dumps(scan_to_json(full), ensure_ascii=False, indent=2) + "\n"
    html = Path(settings.report or "").read_text(encoding="utf-8")
    assert html == render_html(full, settings.lang, tz=settings.timezone)
    again, paths = render_stored_report(settings, result.id, "json", str(tmp_path / "again.json"))
    assert paths[0].read_text(encoding="utf-8") == written
    assert again.sites == result.sites
