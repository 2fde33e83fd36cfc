"""A signature regex that can backtrack catastrophically is refused at load (file, field)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.errors import SignatureError
from scanner.signatures import default_signatures_dir, load_signatures
from scanner.signatures.schema import nested_quantifier
from tests.signatures.test_signatures import sig


@pytest.mark.parametrize(
    "pattern",
    ["(a+)+$", "(\\w+\\s?)+$", "(x(?:a*)?)*y", "(?:slot\\s*)+gacor", "(.*a){12}", "(a+){1,10}"],
)
def test_nested_quantifiers_are_refused_at_load(tmp_path: Path, pattern: str) -> None:
    yaml_pattern = pattern.replace("\\", "\\\\")
    with pytest.raises(SignatureError) as info:
        sig(tmp_path, f'- type: regex\n  regex: ["slot88", "{yaml_pattern}"]\n')
    message = str(info.value)
    assert "a.yaml" in message and "signatures[0].matchers[0].regex[1]" in message
    assert "nested quantifier" in message


@pytest.mark.parametrize(
    "pattern",
    [
        "\\bslot\\s?(?:88|777)\\b",
        "(?:,\\s{0,3}\\d{2,3}\\s{0,3}){15,}",  # a list: bounded inner repeats
        "(?>a+)+b",  # atomic
        "(?:a++)+b",  # possessive
        "hacked\\s+by\\s+\\w+",
        "(?:togel|toto)+",
    ],
)
def test_safe_patterns_are_accepted(pattern: str) -> None:
    assert nested_quantifier(pattern) is None


def test_shipped_signatures_load() -> None:
    assert len(load_signatures(default_signatures_dir())) > 0
