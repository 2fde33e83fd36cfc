"""Inventory validation: errors name file and line; soft problems are warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.errors import InventoryError
from scanner.inventory import load_sites, parse_site_arg, parse_sites

HEADER = "url,name,owner,contact\n"


def test_valid_rows_become_sites_with_root_urls() -> None:
    inv = parse_sites(
        HEADER
        + "https://www.kabsukamaju.go.id/berita,Portal Sukamaju,Diskominfo,ti@kabsukamaju.go.id\n"
        + "dinkes.kotaharapan.go.id,Dinkes Kota Harapan,Dinas Kesehatan,dinkes@kotaharapan.go.id\n"
    )
    assert [s.url for s in inv.sites] == [
        "https://www.kabsukamaju.go.id/",
        "https://dinkes.kotaharapan.go.id/",
    ]
    assert inv.sites[0].host == "kabsukamaju.go.id"
    assert inv.sites[1].owner == "Dinas Kesehatan"
    assert inv.warnings == ()


def test_optional_columns_are_parsed() -> None:
    inv = parse_sites(
        "url,name,owner,contact,tags,max_pages,notes,ignore\n"
        "https://ppid.kabcontoh.go.id,PPID,Setda,ppid@kabcontoh.go.id,ppid;kab,40,"
        "catatan,#visitor-counter;re:\\d+ pengunjung\n"
    )
    site = inv.sites[0]
    assert site.tags == ("ppid", "kab")
    assert site.max_pages == 40
    assert site.notes == "catatan"
    assert site.ignore == ("#visitor-counter", r"re:\d+ pengunjung")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (",Nama,Pemilik,a@b.go.id", "missing url"),
        ("ftp://files.kab.go.id,Nama,Pemilik,a@b.go.id", "invalid url"),
        ("https://bad host.go.id,Nama,Pemilik,a@b.go.id", "invalid url"),
        ("https://kab.go.id,Nama,Pemilik,not-an-email", "bad contact email"),
        ("https://kab.go.id,Nama,Pemilik,a@b.go.id,x,y", "fields"),
    ],
)
def test_unusable_rows_are_errors_naming_the_line(row: str, message: str) -> None:
    text = "# komentar\n" + HEADER + "https://ok.go.id,OK,Diskominfo,ok@ok.go.id\n" + row + "\n"
    with pytest.raises(InventoryError) as err:
        parse_sites(text, "sites.csv")
    assert "sites.csv:4" in str(err.value)
    assert message in str(err.value)


def test_bad_max_pages_names_line() -> None:
    with pytest.raises(InventoryError, match=r"x\.csv:2: max_pages"):
        parse_sites("url,name,owner,contact,max_pages\nhttps://a.go.id,A,B,c@a.go.id,-3\n", "x.csv")


def test_duplicates_are_merged_with_a_warning() -> None:
    inv = parse_sites(
        HEADER
        + "https://www.kotaharapan.go.id,Portal,Diskominfo,\n"
        + "http://kotaharapan.go.id/,Portal lama,,web@kotaharapan.go.id\n"
    )
    assert len(inv.sites) == 1
    assert inv.sites[0].contact == "web@kotaharapan.go.id"
    assert any("duplicate of line 2" in str(w) for w in inv.warnings)


def test_non_go_id_host_is_warned_but_allowed() -> None:
    inv = parse_sites(HEADER + "https://example.com,Contoh,Vendor,a@example.com\n", "s.csv")
    assert inv.sites[0].host == "example.com"
    assert any("s.csv:2" in str(w) and "not a .go.id" in str(w) for w in inv.warnings)


def test_missing_header_columns() -> None:
    with pytest.raises(InventoryError, match="header lacks column"):
        parse_sites("url,name\nhttps://a.go.id,A\n", "s.csv")


def test_empty_and_missing_files(tmp_path: Path) -> None:
    empty = tmp_path / "sites.csv"
    empty.write_text("")
    with pytest.raises(InventoryError, match="empty file"):
        load_sites(empty)
    with pytest.raises(InventoryError, match="file not found"):
        load_sites(tmp_path / "nope.csv")
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"url,name\xff\xfe,owner\n")
    with pytest.raises(InventoryError, match="not UTF-8"):
        load_sites(binary)


def test_shipped_inventory_is_valid() -> None:
    inv = load_sites(Path(__file__).resolve().parent.parent / "sites.csv")
    assert len(inv.sites) >= 20
    assert all(s.host.endswith(".go.id") for s in inv.sites)


def test_site_argument() -> None:
    assert parse_site_arg("kominfo.jatimprov.go.id").url == "https://kominfo.jatimprov.go.id/"
    assert parse_site_arg("http://127.0.0.1:8080/x").url == "http://127.0.0.1:8080/"
    with pytest.raises(InventoryError, match="--site"):
        parse_site_arg("not a host")


@pytest.mark.parametrize(
    "contact",
    [
        "sekretariat.dinas.pekerjaan.umum.dan.penataan.ruang.kabupaten.harapan@pu.go.id",  # 69 > 64
        "operator.wébsite@dinkes.kabharapan.go.id",  # non-ASCII local part
        "admin@-diskominfo.go.id",  # a label starting with a hyphen
    ],
)
def test_a_contact_the_mailer_would_not_send_to_is_refused(contact: str) -> None:
    # The mailer skips such an address; accepting it here meant that contact never heard
    # of an incident on their site, and nobody was told why.
    from scanner.notify import contact_addresses

    assert contact not in contact_addresses(contact)
    with pytest.raises(InventoryError, match=r"sites\.csv:2: bad contact email"):
        parse_sites(HEADER + f"https://dinkes.kabharapan.go.id,Dinkes,Dinas,{contact}\n")


def test_every_accepted_contact_reaches_the_mailer() -> None:
    inv = parse_sites(
        HEADER
        + 'https://pu.kabharapan.go.id,PU,Dinas PU,"ti-pu@kabharapan.go.id; o\'neil+web@pu.go.id"\n'
    )
    from scanner.notify import contact_addresses

    assert contact_addresses(inv.sites[0].contact) == (
        "ti-pu@kabharapan.go.id",
        "o'neil+web@pu.go.id",
    )
