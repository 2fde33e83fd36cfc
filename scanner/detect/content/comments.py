"""User comments that promote gambling or link to gambling sites: ``SPAM_COMMENT``."""

from __future__ import annotations

import re

from scanner.detect.base import PageContext, finding
from scanner.detect.content.text import GAMBLING_ROLES, MAX_COMMENTS
from scanner.detect.evidence import confidence, evidence, gambling_link, most_common, scan_parts
from scanner.models import Category, Evidence, Finding, Message, PageView, Severity, Technique
from scanner.signatures import Role, SignatureSet

_SPAM_FLOOD = 4


_TITLE_SEPARATORS = re.compile(r"\s+[–—|»·-]\s+")


def post_title(title: str) -> str:
    """The post's own part of a ``<title>`` ("Post – Site Name"): its longest segment."""
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if len(p.strip()) >= 12]
    return max(parts, key=len, default="")


def comment_finding(view: PageView, ctx: PageContext, sigs: SignatureSet) -> Finding | None:
    """SPAM_COMMENT when user comments promote gambling or link to gambling sites."""
    evidences: list[Evidence] = []
    ids: set[str] = set()
    domains: list[str] = []
    own_title = post_title(view.title)
    for block in view.comments[:MAX_COMMENTS]:
        # Themes head the comments with the post's own title ("One response to “<title>”",
        # "Satu tanggapan untuk ..."): on a post about judol that is no visitor's spam.
        text = block.text.replace(own_title, " ") if own_title else block.text
        sig = scan_parts(sigs, {"visible_text": text})
        # Link records carry no element path: a link belongs to the comment that shows its
        # anchor text.
        links = [
            g
            for link in view.links[:2000]
            if link.text and link.text in block.text
            for g in [gambling_link(sigs, link)]
            if g is not None
        ]
        promo = sig.count(Role.PROMO, Role.BRAND) >= 1 and sig.count(Role.DISCUSSION) == 0
        if not (promo or links):
            continue
        ids.update(sig.ids_for(sigs, *GAMBLING_ROLES))
        for g in links:
            ids.update(g.signature_ids)
            domains.append(g.domain)
        if len(evidences) < 10:
            term = sig.term(Role.PROMO, Role.BRAND) if promo else (links[0].text and links[0].term)
            evidences.append(
                evidence(
                    ctx,
                    block.text,
                    term,
                    path=block.path,
                    targets=(g.url for g in links),
                    detail=Message.of("detail.comment_spam"),
                )
            )
    if not evidences:
        return None
    target = most_common(domains)
    # One spam comment is a moderation slip; a comment section taken over is an infection.
    flood = len(evidences) >= _SPAM_FLOOD
    return finding(
        category=Category.GAMBLING,
        technique=Technique.SPAM_COMMENT,
        severity=Severity.HIGH if flood else Severity.MEDIUM,
        confidence=confidence(len(evidences) + 2 * len(set(domains)), 4),
        url=ctx.url,
        message=Message.of(
            "finding.spam_comment_to" if target else "finding.spam_comment",
            n=len(evidences),
            target=target,
        ),
        evidence=evidences,
        signature_ids=sorted(ids),
        target_domain=target,
    )
