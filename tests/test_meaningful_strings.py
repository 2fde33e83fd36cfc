"""Strings that carry meaning live in one place: role tags in ``Role``, hide markers in
``extract.reason``. A detector that spells them again would silently stop matching on a rename."""

from __future__ import annotations

import ast
from pathlib import Path

from scanner.extract.reason import HideKind
from scanner.signatures import Role

SCANNER = Path(__file__).resolve().parent.parent / "scanner"


def literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_detectors_name_roles_by_the_enum() -> None:
    roles = {role.value for role in Role}
    found = [
        f"{path.relative_to(SCANNER)}:{line}: {value!r}"
        for folder in ("detect", "integrity")
        for path in sorted((SCANNER / folder).rglob("*.py"))
        for line, value in literals(path)
        if value in roles
    ]
    assert found == []


def test_hide_markers_are_spelt_only_in_extract_reason() -> None:
    markers = tuple(k.value.strip() for k in HideKind if k.value)
    found = [
        f"{path.relative_to(SCANNER)}:{line}: {value!r}"
        for path in sorted(SCANNER.rglob("*.py"))
        if path.relative_to(SCANNER).as_posix() != "extract/reason.py"
        for line, value in literals(path)
        if value.startswith(markers)
    ]
    assert found == []
