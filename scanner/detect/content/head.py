"""Head fields (title, meta, og:/twitter:, JSON-LD) that promote gambling: ``META_INJECTION``."""

from __future__ import annotations

import json
from collections.abc import Iterator

from scanner.detect.base import PageContext, finding
from scanner.detect.content.text import GAMBLING_ROLES
from scanner.detect.evidence import Signals, confidence, evidence, scan_parts, unquoted
from scanner.models import Category, Evidence, Finding, Message, PageView, Severity, Technique
from scanner.signatures import Role, SignatureSet

_HEAD_FIELDS = (
    "description",
    "keywords",
    "og:title",
    "og:description",
    "og:site_name",
    "twitter:title",
    "twitter:description",
)
_JSON_LD_KEYS = (
    "name",
    "alternateName",
    "headline",
    "alternativeHeadline",
    "description",
    "keywords",
)
_MAX_JSON_LD = 20_000


def _head_texts(view: PageView) -> Iterator[tuple[str, str]]:
    """(label, original text) of every head field a search engine shows or indexes."""
    if view.title:
        yield "title", view.title
    for name in _HEAD_FIELDS:
        value = view.meta_content(name)
        if value:
            yield f"meta {name}", value
    for raw in view.json_ld[:10]:
        for text in json_ld_strings(raw[:_MAX_JSON_LD]):
            yield "JSON-LD", text


def json_ld_strings(raw: str) -> Iterator[str]:
    """The human-readable strings of a JSON-LD block (names, headlines, descriptions)."""
    try:
        data = json.loads(raw)
    except ValueError:
        yield raw[:2000]
        return
    stack: list[object] = [data]
    seen = 0
    while stack and seen < 200:
        node = stack.pop()
        seen += 1
        if isinstance(node, dict):
            for key, value in node.items():
                if key in _JSON_LD_KEYS and isinstance(value, str):
                    yield value[:2000]
                elif isinstance(value, dict | list):
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(node[:50])


def _field_is_promotion(sig: Signals, text: str, discussing: bool) -> bool:
    """One head field promotes gambling: unquoted promo/brand terms, support, no discussion."""
    if sig.count(Role.DISCUSSION):
        return False
    strong = len(unquoted(text, sig.get(Role.PROMO, Role.BRAND)))
    support = sig.count(Role.CTA) + min(sig.count(Role.TERM), 2)
    if discussing:
        return strong >= 2 and strong + support >= 3
    return strong >= 2 or (strong >= 1 and support >= 1)


def head_findings(
    view: PageView, ctx: PageContext, sigs: SignatureSet, discussing: bool
) -> list[Finding]:
    """One META_INJECTION finding listing every promotional head field (bounded)."""
    evidences: list[Evidence] = []
    ids: set[str] = set()
    score = 0.0
    seen_texts: set[str] = set()
    for label, text in _head_texts(view):
        if text in seen_texts or len(evidences) >= 10:
            continue
        seen_texts.add(text)
        part = "title" if label in ("title", "meta og:title", "meta twitter:title") else "meta"
        sig = scan_parts(sigs, {part: text})
        if not _field_is_promotion(sig, text, discussing):
            continue
        ids.update(sig.ids_for(sigs, *GAMBLING_ROLES))
        score = max(score, 2 * sig.count(Role.PROMO, Role.BRAND) + sig.count(Role.CTA, Role.TERM))
        evidences.append(
            evidence(
                ctx,
                text,
                sig.term(Role.PROMO, Role.BRAND),
                path=label,
                detail=Message.of("detail.head_promo", field=label),
            )
        )
    if not evidences:
        return []
    labels = ", ".join(dict.fromkeys(e.path for e in evidences))
    return [
        finding(
            category=Category.GAMBLING,
            technique=Technique.META_INJECTION,
            severity=Severity.HIGH,
            confidence=confidence(score + len(evidences), 6),
            url=ctx.url,
            message=Message.of("finding.head_promo", fields=labels),
            evidence=evidences,
            signature_ids=sorted(ids),
        )
    ]


def head_may_promote(view: PageView, sigs: SignatureSet) -> bool:
    """Some head field would count as promotion on a page that does not discuss gambling."""
    for label, text in _head_texts(view):
        part = "title" if label in ("title", "meta og:title", "meta twitter:title") else "meta"
        if _field_is_promotion(scan_parts(sigs, {part: text}), text, False):
            return True
    return False
