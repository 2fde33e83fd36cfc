"""sites.csv is read strictly: no row silently swallowed, ';' files read, the same site once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scanner.cli import app
from scanner.errors import InventoryError
from scanner.inventory import dedupe_sites, parse_site_arg, parse_sites
from tests.conftest import ServedWorld

HEADER = "url,name,owner,contact\n"
DINKES = "https://dinkes.kabcontoh.go.id,Dinas Kesehatan,Dinkes,it@dinkes.kabcontoh.go.id\n"
BANDARA = "https://bandara.kabcontoh.go.id,Bandar Udara Contoh,Dishub,it@dishub.kabcontoh.go.id\n"


def test_unclosed_quote_names_the_line_instead_of_swallowing_the_next_row() -> None:
    text = (
        HEADER
        + DINKES
        + 'https://disdik.kabcontoh.go.id,"Dinas Pendidikan,Disdik,it@disdik.kabcontoh.go.id\n'
        + BANDARA
        + 'https://bpbd.kabcontoh.go.id,"BPBD",Bpbd,it@bpbd.kabcontoh.go.id\n'
    )
    with pytest.raises(InventoryError, match=r"sites\.csv:3: malformed CSV.*quote"):
        parse_sites(text)


def test_unclosed_quote_at_the_end_names_the_line() -> None:
    text = HEADER + DINKES + 'https://disdik.kabcontoh.go.id,"Dinas Pendidikan,x,a@b.go.id\n'
    with pytest.raises(InventoryError, match=r"sites\.csv:3: malformed CSV"):
        parse_sites(text)


def test_text_after_a_closing_quote_is_an_error() -> None:
    text = HEADER + 'https://disdik.kabcontoh.go.id,"Dinas" Pendidikan,x,a@disdik.go.id\n'
    with pytest.raises(InventoryError, match=r"sites\.csv:2: malformed CSV"):
        parse_sites(text)


def test_semicolon_separated_file_from_a_spreadsheet_is_read() -> None:
    text = (
        "url;name;owner;contact;tags\n"
        "https://dinkes.kabcontoh.go.id;Dinas Kesehatan, Kab. Contoh;Dinkes;"
        "it@dinkes.kabcontoh.go.id;kesehatan\n"
        "https://bandara.kabcontoh.go.id;Bandar Udara;Dishub;it@dishub.kabcontoh.go.id;\n"
    )
    inv = parse_sites(text)
    assert [s.host for s in inv.sites] == ["dinkes.kabcontoh.go.id", "bandara.kabcontoh.go.id"]
    assert inv.sites[0].name == "Dinas Kesehatan, Kab. Contoh"
    assert inv.sites[0].tags == ("kesehatan",)


def test_an_unknown_separator_says_what_is_wrong() -> None:
    with pytest.raises(InventoryError, match=r"sites\.csv:1: header lacks column.*','"):
        parse_sites("url\tname\towner\tcontact\nhttps://a.go.id\tA\tB\tc@a.go.id\n")


def test_a_huge_field_is_an_error_naming_the_line_not_a_crash() -> None:
    text = HEADER + DINKES + f"https://x.kabcontoh.go.id,{'A' * 200_000},o,a@x.go.id\n"
    with pytest.raises(InventoryError, match=r"sites\.csv:3: .*128 KiB"):
        parse_sites(text)
    assert len(parse_sites(HEADER + DINKES).sites) == 1  # the csv module's limit is restored


def test_legit_quoted_commas_still_work() -> None:
    inv = parse_sites(HEADER + '"https://dinkes.kabcontoh.go.id","Dinkes, Kab.",o,a@dinkes.go.id\n')
    assert inv.sites[0].name == "Dinkes, Kab."


def test_dedupe_sites_merges_the_same_host() -> None:
    a = parse_site_arg("https://www.kabcontoh.go.id/")
    b = parse_site_arg("kabcontoh.go.id")
    c = parse_site_arg("dinkes.kabcontoh.go.id")
    assert [s.host for s in dedupe_sites([a, c, b, c])] == ["kabcontoh.go.id", c.host]


def test_the_same_site_twice_is_scanned_once(served_demo: ServedWorld, tmp_path: Path) -> None:
    site = "http://www.kabsukamaju.go.id/"
    args = ["scan", "--config", str(served_demo.config), "--state", str(tmp_path / "s.db")]
    args += ["--json", str(tmp_path / "out.json"), "--report", str(tmp_path / "r.html"), "-q"]
    args += ["--site", site, "--site", site, "--site", "kabsukamaju.go.id"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "out.json").read_text())
    assert len(doc["sites"]) == 1
