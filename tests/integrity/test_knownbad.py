"""Known-bad hashes: validated loading, adding saved pages, the shipped fictitious entries."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from scanner.demo.world import defacement
from scanner.errors import SignatureError
from scanner.integrity import KnownBad, add_known_bad, code_hash, content_hash
from scanner.integrity.knownbad import default_path
from scanner.models import Fingerprint

GOOD = "- sha256: " + "a" * 64 + "\n  name: Tim X\n  kind: defacement\n"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("sha256: x", "top level"),
        ("- sha256: abc\n  name: n\n  kind: defacement\n", "[0].sha256"),
        (GOOD + "- sha256: " + "b" * 64 + "\n  name: y\n  kind: virus\n", "[1].kind"),
        ("- sha256: " + "b" * 64 + "\n  kind: script\n", "[0].name"),
        (GOOD.rstrip() + "\n  severity: high\n", "[0].severity"),
        (GOOD + GOOD, "[1].sha256: duplicate"),
        ("- [unclosed", "cannot read"),
    ],
)
def test_invalid_lists_name_file_and_field(tmp_path: Path, text: str, field: str) -> None:
    path = tmp_path / "hashes.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SignatureError) as err:
        KnownBad.load(path)
    assert str(path) in str(err.value) and field in str(err.value)


def test_for_signatures_dir(tmp_path: Path) -> None:
    assert KnownBad.for_signatures_dir(tmp_path).entries == ()
    (tmp_path / "known-bad").mkdir()
    (tmp_path / "known-bad" / "hashes.yaml").write_text(GOOD, encoding="utf-8")
    assert len(KnownBad.for_signatures_dir(tmp_path).entries) == 1
    assert KnownBad.for_signatures_dir(None).entries == KnownBad.load().entries


def test_match_on_content_or_body_hash(tmp_path: Path) -> None:
    path = tmp_path / "hashes.yaml"
    path.write_text(GOOD, encoding="utf-8")
    known = KnownBad.load(path)
    assert known.match(Fingerprint(content_sha256="a" * 64)) is not None
    assert known.match(Fingerprint(body_sha256="a" * 64)) is not None
    assert known.match(Fingerprint(content_sha256="b" * 64)) is None
    assert KnownBad().match(Fingerprint(content_sha256="a" * 64)) is None


def test_add_known_bad_page_and_script(tmp_path: Path) -> None:
    page = tmp_path / "deface.html"
    page.write_text(defacement.page(random.Random(5), "wall_of_text", "id"), encoding="utf-8")
    target = tmp_path / "sub" / "hashes.yaml"
    first = add_known_bad(page, "Tim contoh", "defacement", "tiket 12", target)
    again = add_known_bad(page, "Nama lain", "defacement", target=target)
    assert again == first
    script = tmp_path / "inject.js"
    script.write_text("document.write('<a href=\"https://slot.example\">x</a>');\n")
    js = add_known_bad(script, "Injeksi JS", "script", target=target)
    assert js.sha256 == code_hash("document.write('<a href=\"https://slot.example\">x</a>');")
    known = KnownBad.load(target)
    assert [e.name for e in known.entries] == ["Tim contoh", "Injeksi JS"]
    assert known.match_code("DOCUMENT.write('<a href=\"https://slot.example\">x</a>');") == js
    with pytest.raises(SignatureError):
        add_known_bad(page, "x", "malware", target=target)
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body></body></html>")
    with pytest.raises(SignatureError, match="no text"):
        add_known_bad(empty, "x", "defacement", target=target)


def test_same_page_on_another_host_has_the_same_hash() -> None:
    html = defacement.page(random.Random(8), "terminal", "en")
    moved = html.replace("<body", "<body data-host='lain'", 1)
    assert content_hash(html, "defacement") == content_hash(moved, "defacement")


def test_shipped_list_loads_and_matches_its_generated_pages() -> None:
    assert default_path().name == "hashes.yaml"
    known = KnownBad.load()
    assert len(known.entries) >= 3
    for entry in known.entries:
        assert entry.kind == "defacement" and entry.reference.startswith("scanner.demo.world")
        seed = int(entry.reference.split("Random(")[1].split(")")[0])
        template, lang = (p.strip(" ')") for p in entry.reference.split(")", 1)[1].split(",")[1:3])
        page = defacement.page(random.Random(seed), template, lang)
        assert content_hash(page, "defacement") == entry.sha256, entry.reference
