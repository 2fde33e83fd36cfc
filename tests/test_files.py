"""scanner.files: a report, JSON or metrics file appears whole or not at all."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from scanner.files import copy_into_place, replacing, write_text


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "laporan" / "latest.html"
    write_text(target, "<p>Laporan kemarin: 2 insiden</p>\n")
    with pytest.raises(RuntimeError), replacing(target) as out:
        out.write("<p>Laporan hari ini, setengah ditulis")
        raise RuntimeError("disk full, say")
    assert target.read_text(encoding="utf-8") == "<p>Laporan kemarin: 2 insiden</p>\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["latest.html"]


def test_mode_and_line_ends(tmp_path: Path) -> None:
    private = write_text(tmp_path / "a.json", "{}\r\n")
    shared = write_text(tmp_path / "scanner.prom", "scanner_up 1\n", mode=0o644, sync=True)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600  # the report holds contacts
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644  # node_exporter reads it as another user
    assert private.read_bytes() == b"{}\r\n"  # newline="\n": text is written as given


def test_writers_of_one_file_do_not_share_a_temporary(tmp_path: Path) -> None:
    target = tmp_path / "scan.json"
    with replacing(target) as first, replacing(target) as second:
        first.write('{"scan": 1}\n')
        second.write('{"scan": 2}\n')
    assert target.read_text(encoding="utf-8") == '{"scan": 1}\n'  # the last to finish wins
    assert [p.name for p in tmp_path.iterdir()] == ["scan.json"]


def test_copy_into_place(tmp_path: Path) -> None:
    source = write_text(tmp_path / "latest.json", '{"schema_version": 3}\n')
    copied = copy_into_place(source, tmp_path / "scan-7-20261201-010203.json")
    assert copied.read_text(encoding="utf-8") == '{"schema_version": 3}\n'
    with pytest.raises(FileNotFoundError):
        copy_into_place(tmp_path / "missing.json", tmp_path / "x.json")
    assert not (tmp_path / "x.json").exists()
    assert len(list(tmp_path.iterdir())) == 2
