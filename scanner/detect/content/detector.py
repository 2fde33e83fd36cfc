"""The content detector's entry point: one page's head, text, links, comments and tail."""

from __future__ import annotations

from scanner.detect.base import PageContext
from scanner.detect.content.after_end import after_end_finding
from scanner.detect.content.body import body_finding
from scanner.detect.content.comments import comment_finding
from scanner.detect.content.head import head_findings, head_may_promote
from scanner.detect.content.text import genre, main_text, without_news_headlines
from scanner.detect.evidence import scan_parts
from scanner.models import Finding, PageView
from scanner.signatures import Role, SignatureSet


def detect(view: PageView, ctx: PageContext, sigs: SignatureSet) -> list[Finding]:
    """All content findings of one page (head fields, main text, visible links, comments)."""
    findings: list[Finding] = []
    text = main_text(view)
    body_sig = scan_parts(sigs, {"visible_text": text})
    promo = body_sig.get(Role.PROMO, Role.BRAND)
    if promo or (body_sig.count(Role.DISCUSSION) and head_may_promote(view, sigs)):
        # A "recent posts" widget on every page lists the site's own headlines: one about a
        # raid on a slot-promotion network is neither the page promoting gambling nor the page
        # discussing it (which would excuse an injected title). Rescanned only when that can
        # change the outcome (the scan of a whole page is the costly part of this detector).
        kept = without_news_headlines(view, sigs, text)
        if kept.text != text and (
            promo & kept.named or not promo or body_sig.count(Role.DISCUSSION)
        ):
            text, body_sig = kept.text, scan_parts(sigs, {"visible_text": kept.text})
    # A page whose own text discusses gambling (news, press release) needs stronger proof that
    # its title is an injection: its headline naturally names what the article is about.
    # Enforcement words alone ("waspada", "sosialisasi" in a story about a hacked website) do
    # not make the page one about gambling: it must name gambling too.
    about_gambling = body_sig.count(Role.PROMO, Role.BRAND, Role.TERM) > 0
    discussing = about_gambling and (
        body_sig.count(Role.DISCUSSION) + body_sig.count(Role.DEFACE_DISCUSSION) >= 2
        or genre(body_sig, sigs)
    )
    findings.extend(head_findings(view, ctx, sigs, discussing))
    body = body_finding(view, ctx, sigs, text, body_sig)
    if body is not None:
        findings.append(body)
    spam = comment_finding(view, ctx, sigs)
    if spam is not None:
        findings.append(spam)
    trailing = after_end_finding(view, ctx, sigs)
    if trailing is not None:
        findings.append(trailing)
    return findings
