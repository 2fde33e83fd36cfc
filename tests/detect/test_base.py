"""The one Finding builder: every field named, evidence and ids normalised once."""

from __future__ import annotations

from typing import Any

import pytest

from scanner.detect.base import finding
from scanner.models import Category, Evidence, Finding, Message, Severity, Technique

URL = "https://bapenda.bandarlampungkota.go.id/berita/jadwal-slot-pelayanan-pajak"


def test_builder_is_keyword_only() -> None:
    with pytest.raises(TypeError):
        finding(  # type: ignore[misc]
            Category.GAMBLING, Technique.HIDDEN_LINKS, Severity.HIGH, 0.9, URL, "s", ()
        )


def test_builder_makes_tuples_and_keeps_each_id_once_in_order() -> None:
    evidences = [Evidence(url=URL, snippet="slot gacor hari ini", match="slot gacor")]
    named: dict[str, Any] = {
        "category": Category.GAMBLING,
        "technique": Technique.HIDDEN_LINKS,
        "severity": Severity.HIGH,
        "confidence": 0.9,
        "url": URL,
        "target_domain": "gacor88.xyz",
    }
    message = Message.of(
        "finding.hidden_links_to", n=3, target="gacor88.xyz", reason="style: display:none"
    )
    built = finding(
        **named,
        message=message,
        evidence=iter(evidences),
        signature_ids=["gambling-promo", "gambling-domains", "gambling-promo"],
    )
    expected = Finding(
        **named,
        summary="3 hidden links to online gambling (gacor88.xyz), hidden by style: display:none",
        message=message,
        evidence=tuple(evidences),
        signature_ids=("gambling-promo", "gambling-domains"),
    )
    assert built == expected
    assert not built.new_since_baseline
