"""Gambling links or text appended after ``</html>``/``</body>``: ``VISIBLE_CONTENT``."""

from __future__ import annotations

from scanner.detect.base import PageContext, finding
from scanner.detect.content.text import GAMBLING_ROLES
from scanner.detect.evidence import (
    GamblingLink,
    confidence,
    evidence,
    gambling_link,
    most_common,
    promotional_anchor,
    scan_parts,
)
from scanner.extract import analyse
from scanner.models import Category, Finding, Message, PageView, Severity, Technique
from scanner.signatures import Role, SignatureSet
from scanner.urls import registered_domain


def after_end_finding(view: PageView, ctx: PageContext, sigs: SignatureSet) -> Finding | None:
    """VISIBLE_CONTENT for gambling links or text appended after ``</html>``/``</body>``.

    No CMS writes there, so the placement is itself the proof: a promotional anchor counts
    whatever its target (appended lists often point at doorways on other hijacked .go.id
    hosts, which ``gambling_link`` never counts), and the page's own news text is not read.
    """
    if not view.after_end:
        return None
    tail = analyse(view.after_end, ctx.url, site_host=ctx.site_host)
    text = "\n".join(t for t in (tail.visible_text, tail.hidden_text) if t)
    sig = scan_parts(sigs, {"visible_text": text})
    links: list[GamblingLink] = []
    for link in tail.links[:500]:
        found = gambling_link(sigs, link, internal=True) or promotional_anchor(sigs, link)
        if found is not None:
            links.append(found)
    strong = sig.count(Role.PROMO, Role.BRAND)
    if sig.count(Role.DISCUSSION) * 2 > strong or not (links or strong >= 2):
        return None
    ids = set(sig.ids_for(sigs, *GAMBLING_ROLES))
    ids.update(i for g in links for i in g.signature_ids)
    own = registered_domain(ctx.site_host)
    # Name the gambling site itself when one is linked, not a hijacked public host.
    known = [g for g in links if g.reason == "gambling domain"]
    target = most_common(g.domain for g in known or links if g.domain != own)
    what = (
        Message.of("unit.gambling_link", n=len(links))
        if links
        else Message.of("prose.gambling_promotion")
    )
    return finding(
        category=Category.GAMBLING,
        technique=Technique.VISIBLE_CONTENT,
        severity=Severity.HIGH,
        confidence=confidence(2 * len(links) + strong + 4, 8),
        url=ctx.url,
        message=Message.of(
            "finding.after_end_to" if target else "finding.after_end", what=what, target=target
        ),
        evidence=[
            evidence(
                ctx,
                text or view.after_end,
                sig.term(Role.PROMO, Role.BRAND) or (links[0].text if links else ""),
                path="after </html>",
                targets=(g.url for g in links),
                detail=Message.of("detail.after_end", n=len(links), terms=strong),
            )
        ],
        signature_ids=sorted(ids),
        target_domain=target,
    )
