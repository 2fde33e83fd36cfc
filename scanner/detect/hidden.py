"""Hidden gambling content and hidden link blocks: text a visitor never sees but a crawler reads.

The classic judol injection on a government site is a ``<div style="display:none">`` (or an
off-screen, zero-size, same-colour or CSS-class-hidden block) full of "slot gacor" links. The
extract stage records every hidden subtree with the reason it is hidden; this detector decides
which of them are attacks:

* hidden links to gambling (known gambling domain, promotional anchor or URL) -> ``HIDDEN_LINKS``;
* hidden text promoting gambling without links -> ``HIDDEN_CONTENT``;
* a hidden block of five or more links to unrelated off-site domains (a link farm) with no
  lexicon match -> ``HIDDEN_LINKS`` at medium severity and low confidence (suspicious only).

Legitimate hides are common: mobile menus, accordions, modals, screen-reader text, cookie
banners. Links to the site itself, to public institutions (.go.id, .ac.id...) and to well-known
CDN/social hosts never count, and hidden *discussion* (an accordion FAQ about judi online) is
not promotion.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from scanner.detect.base import PageContext, finding
from scanner.detect.evidence import (
    GamblingLink,
    Signals,
    confidence,
    evidence,
    gambling_link,
    is_allowed_domain,
    most_common,
    scan_parts,
)
from scanner.extract.reason import is_benign, reason_message
from scanner.models import (
    Category,
    Evidence,
    Finding,
    Link,
    Message,
    PageView,
    Severity,
    Technique,
    TextBlock,
)
from scanner.normalize import normalize
from scanner.signatures import Role, SignatureSet
from scanner.urls import registered_domain

_MAX_BLOCKS = 500
_MAX_LINKS = 5000
_LINK_FARM_MIN = 5
_GAMBLING_ROLES = (Role.PROMO, Role.BRAND, Role.CTA, Role.TERM, Role.DISCUSSION)


def detect(view: PageView, ctx: PageContext, sigs: SignatureSet) -> list[Finding]:
    """Findings for hidden gambling links, hidden gambling text and hidden off-site link farms."""
    # A hidden link back to the page itself is the CMS's own (WordPress's "cancel reply" link
    # is the post's permalink + #respond): on a news post about judol its slug promotes nothing.
    here = _page_key(ctx.url)
    hidden_links = [
        link
        for link in view.links[:_MAX_LINKS]
        if link.hidden is not None and not (link.internal and _page_key(link.url) == here)
    ]
    # Hidden links to the site itself count too when their anchor or URL promotes gambling:
    # that is how planted doorway pages get linked.
    gambling = [
        g
        for link in hidden_links
        for g in [gambling_link(sigs, link, internal=True) or _planted_page_link(link)]
        if g is not None
    ]
    findings: list[Finding] = []
    links_finding = _links_finding(view, ctx, sigs, hidden_links, gambling)
    if links_finding is not None:
        findings.append(links_finding)
    else:
        farm = _link_farm_finding(ctx, sigs, hidden_links)
        if farm is not None:
            findings.append(farm)
    covered = {b.path for b in _blocks_with_links(view, gambling)}
    text_finding = _text_finding(view, ctx, sigs, covered)
    if text_finding is not None:
        findings.append(text_finding)
    return findings


_MAX_SHOWN = 200_000
_THEME_WORDS = re.compile(
    r"^(?:continue reading|read more|baca selengkapnya|selengkapnya|lanjutkan membaca|"
    r"lanjut baca|baca lagi|more)\b[\s:»›.…-]*",
)
_QUOTES = str.maketrans("", "", "\"“”„«»‘’'`")


def _repeats_the_page(text: str, shown: str) -> bool:
    """Hidden theme text that repeats the page's own title or text ("Continue reading <title>").

    WordPress themes hide the post title for screen readers next to every "continue reading"
    link; on a post about judol the title names gambling. A copy of what the page shows openly
    hides nothing.
    """
    core = _THEME_WORDS.sub("", normalize(text).translate(_QUOTES).strip()).strip()
    return len(core) >= 12 and core in shown


_PLANTED_PAGE = re.compile(
    r"/(?:wp-content|wp-includes|wp-admin|uploads|images|img|files|assets|tmp|cache|media|"
    r"vendor|storage|public|static|data|arsip)/(?:[^?#]*/)?(?:[^/?#]+\.(?:html?|php)|)$",
    re.IGNORECASE,
)
_PLANTED_REASON = "hidden link to a page planted in an upload/asset folder"


def _planted_page_link(link: Link) -> GamblingLink | None:
    """A deliberately hidden link to an HTML page inside the site's upload/asset folders.

    A CMS serves images and files from there, never pages, and nobody hides a link to their
    own page: it is how planted doorways are linked when the anchor is only a brand ("x500").
    Screen-reader and widget hides do not count.
    """
    if not link.internal or is_benign(link.hidden) or not _PLANTED_PAGE.search(link.path):
        return None
    return GamblingLink.judged(link, _PLANTED_REASON, Signals())


def _page_key(url: str) -> str:
    """Host (without ``www.``) and path without trailing slash: the page a URL shows."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}"


def _reason_of(links: list[GamblingLink], hidden: dict[str, str]) -> str:
    """The most frequent hiding reason of these links."""
    return most_common(hidden.get(g.url, "") for g in links)


def _links_finding(
    view: PageView,
    ctx: PageContext,
    sigs: SignatureSet,
    hidden_links: list[Link],
    gambling: list[GamblingLink],
) -> Finding | None:
    """HIDDEN_LINKS (high) for hidden links that point at gambling."""
    if not gambling:
        return None
    reasons = {link.url: link.hidden or "" for link in hidden_links}
    ids: set[str] = set()
    for g in gambling:
        ids.update(g.signature_ids)
    own = registered_domain(ctx.site_host)
    target = most_common(g.domain for g in gambling if g.domain != own)
    evidences: list[Evidence] = []
    for block in _blocks_with_links(view, gambling)[:5]:
        first = next(g for g in gambling if g.text and g.text in block.text)
        evidences.append(
            evidence(
                ctx,
                block.text,
                first.term if first.reason != "gambling domain" else "",
                path=block.path,
                targets=(g.url for g in gambling if g.text and g.text in block.text),
                detail=Message.of(
                    "detail.hidden_links",
                    reason=reason_message(block.hidden or ""),
                    n=len(gambling),
                ),
            )
        )
    if not evidences:  # anchors not found in any block (image links): list the links
        evidences.append(
            evidence(
                ctx,
                gambling[0].text or gambling[0].url,
                "",
                path=gambling[0].path,
                targets=(g.url for g in gambling),
                detail=Message.of(
                    "detail.hidden_links",
                    reason=reason_message(_reason_of(gambling, reasons)),
                    n=len(gambling),
                ),
            )
        )
    domains = {g.domain for g in gambling}
    known = sum(1 for g in gambling if g.reason == "gambling domain")
    return finding(
        category=Category.GAMBLING,
        technique=Technique.HIDDEN_LINKS,
        severity=Severity.HIGH,
        confidence=confidence(len(gambling) + 2 * known + len(domains), 4),
        url=ctx.url,
        message=Message.of(
            "finding.hidden_links_to" if target else "finding.hidden_links",
            n=len(gambling),
            target=target,
            reason=reason_message(_reason_of(gambling, reasons)),
        ),
        evidence=evidences,
        signature_ids=sorted(ids),
        target_domain=target,
    )


def _blocks_with_links(view: PageView, gambling: list[GamblingLink]) -> list[TextBlock]:
    """Hidden blocks whose text contains the anchor text of at least one gambling link."""
    anchors = [g.text for g in gambling if g.text]
    return [b for b in view.hidden[:_MAX_BLOCKS] if any(a in b.text for a in anchors)]


def _link_farm_finding(
    ctx: PageContext, sigs: SignatureSet, hidden_links: list[Link]
) -> Finding | None:
    """HIDDEN_LINKS (medium, low confidence) for a hidden block of unrelated off-site links.

    Only deliberate hides count: ``a11y:`` (screen-reader) and ``ui:`` (menus, modals) regions
    are legitimate places for links, and public-institution / CDN / social domains never count.
    """
    by_reason: dict[str, list[Link]] = {}
    for link in hidden_links:
        reason = link.hidden or ""
        if is_benign(reason) or link.internal:
            continue
        if is_allowed_domain(sigs, link.domain or link.host):
            continue
        by_reason.setdefault(reason, []).append(link)
    reason, links = max(by_reason.items(), key=lambda kv: len(kv[1]), default=("", []))
    if len(links) < _LINK_FARM_MIN:
        return None
    domains = {link.domain for link in links}
    target = most_common(link.domain for link in links)
    return finding(
        category=Category.GAMBLING,
        technique=Technique.HIDDEN_LINKS,
        severity=Severity.MEDIUM,
        confidence=0.45,
        url=ctx.url,
        message=Message.of(
            "finding.link_farm", n=len(links), domains=len(domains), reason=reason_message(reason)
        ),
        evidence=(
            evidence(
                ctx,
                " | ".join(link.text for link in links[:20]),
                "",
                targets=(link.url for link in links),
                detail=Message.of("detail.link_farm", reason=reason_message(reason)),
            ),
        ),
        target_domain=target,
    )


def _text_finding(
    view: PageView, ctx: PageContext, sigs: SignatureSet, covered: set[str]
) -> Finding | None:
    """HIDDEN_CONTENT for hidden text promoting gambling (blocks of hidden links excluded)."""
    evidences: list[Evidence] = []
    hides: list[str] = []  # the hidden reason of each evidence block, for the summary
    ids: set[str] = set()
    best = 0
    shown: list[str] = []  # the page's title and visible text, normalised once when needed
    for block in view.hidden[:_MAX_BLOCKS]:
        if block.path in covered:
            continue
        sig = scan_parts(sigs, {"hidden_text": block.text})
        strong = sig.count(Role.PROMO, Role.BRAND)
        support = sig.count(Role.CTA) + min(sig.count(Role.TERM), 2)
        if strong == 0 or sig.count(Role.DISCUSSION) * 2 > strong:
            continue
        # Screen-reader and widget text needs more than one stray phrase to count.
        legit_hide = is_benign(block.hidden)
        if (strong + support < 2) or (legit_hide and strong + support < 4):
            continue
        if not shown:
            shown.append(normalize(f"{view.title}\n{view.visible_text}"[:_MAX_SHOWN]))
        if _repeats_the_page(block.text, shown[0]):
            continue
        ids.update(sig.ids_for(sigs, *_GAMBLING_ROLES))
        best = max(best, 2 * strong + support)
        if len(evidences) < 10:
            hides.append(block.hidden or "")
            evidences.append(
                evidence(
                    ctx,
                    block.text,
                    sig.term(Role.PROMO, Role.BRAND),
                    path=block.path,
                    detail=Message.of(
                        "detail.hidden_by", reason=reason_message(block.hidden or "")
                    ),
                )
            )
    if not evidences:
        return None
    first_reason = hides[0]
    return finding(
        category=Category.GAMBLING,
        technique=Technique.HIDDEN_CONTENT,
        severity=Severity.HIGH,
        confidence=confidence(best + len(evidences), 6),
        url=ctx.url,
        message=Message.of(
            "finding.hidden_text", n=len(evidences), reason=reason_message(first_reason)
        ),
        evidence=evidences,
        signature_ids=sorted(ids),
    )
