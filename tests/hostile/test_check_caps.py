"""``scanner check`` on a page cut at a cap must not say CLEAN (issue 12, item 3).

The scan path records an ``html_chars`` / ``script_chars`` limit and never calls such a page
clean; ``scanner check FILE`` read the first 5,000,000 characters, found nothing and printed
``CLEAN`` with exit 0. It now says the input was not analysed in full (exit 3).
Found by the hostile world; check.py now applies the scan's caps and says the page was cut.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scanner.check import check_inputs_async
from scanner.cli import app
from scanner.config import Settings
from scanner.demo.hostile import pages
from scanner.models import LimitKind, Verdict
from tests.crawl.loopback import html, serve


@pytest.mark.parametrize("cut", ["html", "script"])
def test_check_does_not_call_a_cut_page_clean(tmp_path: Path, cut: str) -> None:
    cuts = {"html": pages.filler(5_050_000) + pages.PAYLOAD, "script": pages.long_script(210_000)}
    body = cuts[cut]
    page = tmp_path / "lampiran.html"
    page.write_text(pages.page("Lampiran APBD", "Bappeda Kabupaten Tirta", body), "utf-8")
    out = tmp_path / "check.json"
    result = CliRunner().invoke(app, ["check", str(page), "--json", str(out)])
    entry = json.loads(out.read_text("utf-8"))[0]
    assert result.exit_code == 3 and entry["verdict"] == "error", result.output
    assert entry["limits"][0]["kind"] == f"{cut}_chars"
    assert "not analysed in full" in entry["error"] and "CLEAN" not in result.output


def test_a_flagged_page_cut_at_a_cap_keeps_its_verdict_and_says_the_cut(tmp_path: Path) -> None:
    body = pages.PAYLOAD + pages.long_script(210_000)
    page = tmp_path / "beranda.html"
    page.write_text(pages.page("Beranda", "Dinas Perhubungan Kota Bandar Lampung", body), "utf-8")
    out = tmp_path / "check.json"
    result = CliRunner().invoke(app, ["check", str(page), "--json", str(out)])
    [entry] = json.loads(out.read_text("utf-8"))
    assert result.exit_code == 1, result.output
    assert entry["verdict"] in ("infected", "suspicious") and "error" not in entry
    assert [x["kind"] for x in entry["limits"]] == ["script_chars"]
    assert "limit hit: script_chars" in result.output


def test_an_ordinary_page_with_traps_under_the_caps_stays_clean(tmp_path: Path) -> None:
    body = pages.NEWS_ABOUT_GAMBLING + pages.TIME_SLOT + pages.BANDAR + pages.filler(1_000_000)
    page = tmp_path / "layanan.html"
    page.write_text(pages.page("Layanan", "Dinas Perhubungan Kota Bandar Lampung", body), "utf-8")
    out = tmp_path / "check.json"
    result = CliRunner().invoke(app, ["check", str(page), "--json", str(out)])
    [entry] = json.loads(out.read_text("utf-8"))
    assert (result.exit_code, entry["verdict"]) == (0, "clean"), result.output
    assert "limits" not in entry


HOST = "bappeda.kabtirta.go.id"


async def test_check_of_a_url_cut_at_a_cap_is_not_clean() -> None:
    body = pages.page("Lampiran", "Bappeda Kabupaten Tirta", pages.long_script(210_000))
    async with serve(HOST, {"/lampiran": html(body)}) as site:
        settings = dataclasses.replace(Settings(), crawl=site.settings)
        [verdict] = await check_inputs_async([f"http://{HOST}/lampiran"], settings)
    assert verdict.verdict is Verdict.ERROR and "not analysed in full" in verdict.error
    assert [x.kind for x in verdict.limits] == [LimitKind.SCRIPT_CHARS]


async def test_check_of_a_url_too_large_to_read_is_not_clean() -> None:
    body = pages.page("Lampiran", "Bappeda Kabupaten Tirta", pages.filler(20_000) + pages.PAYLOAD)
    async with serve(HOST, {"/lampiran": html(body)}, max_body_bytes=4096) as site:
        settings = dataclasses.replace(Settings(), crawl=site.settings)
        [verdict] = await check_inputs_async([f"http://{HOST}/lampiran"], settings)
    assert verdict.verdict is Verdict.ERROR and "too_large" in verdict.error


async def test_a_browser_answer_too_large_still_shows_what_googlebot_was_served() -> None:
    """Cloaking: the browser gets a page too large to read, Googlebot a doorway. The doorway is
    still found (the unreadable browser answer does not turn the whole check into an error)."""
    from aiohttp import web

    big = pages.page("Lampiran", "Bappeda Kabupaten Tirta", pages.filler(20_000))
    doorway = pages.doorway("Tirta")

    async def cloaked(request: web.Request) -> web.StreamResponse:
        bot = "Googlebot" in request.headers.get("User-Agent", "")
        return web.Response(body=(doorway if bot else big).encode(), content_type="text/html")

    async with serve(HOST, {"/": cloaked}, max_body_bytes=8192) as site:
        settings = dataclasses.replace(Settings(), crawl=site.settings)
        [verdict] = await check_inputs_async([f"http://{HOST}/"], settings)
    assert verdict.verdict not in (Verdict.CLEAN, Verdict.ERROR), verdict
