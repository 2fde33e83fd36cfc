"""The main text and visible links of a page: ``VISIBLE_CONTENT`` or ``DOORWAY_PAGE``."""

from __future__ import annotations

from urllib.parse import urlsplit

from scanner.detect.base import PageContext, finding
from scanner.detect.content.links import (
    BUTTON_REASON,
    INJECTED_PATH,
    landing_buttons,
    planted_siblings,
    promoting_blocks,
    visible_gambling_links,
)
from scanner.detect.content.text import GAMBLING_ROLES, MAX_COMMENTS, genre
from scanner.detect.evidence import (
    Signals,
    confidence,
    evidence,
    most_common,
    scan_parts,
    unquoted,
)
from scanner.models import (
    Category,
    Evidence,
    Finding,
    Message,
    PageView,
    Severity,
    Technique,
    TextBlock,
)
from scanner.signatures import Role, SignatureSet

_INDEX_WORDS = 100
_TINY_INDEX_WORDS = 30
"""A page shorter than this whose links are mostly promotional slugs is a doorway index."""


def body_finding(
    view: PageView, ctx: PageContext, sigs: SignatureSet, text: str, sig: Signals
) -> Finding | None:
    """VISIBLE_CONTENT / DOORWAY_PAGE when the page's own text or links promote gambling."""
    comments = "\n".join(b.text for b in view.comments[:MAX_COMMENTS])
    visible = visible_gambling_links(view, sigs, comments)
    links = [*visible.offsite, *landing_buttons(view, sigs, sig)]
    internal = list(visible.internal)
    # Several internal links with promotional anchors or slugs on a page that does not discuss
    # gambling: a hub of planted doorway pages (a news tag cloud has discussion around it).
    hub = {g.url for g in internal}
    nav = sum(1 for link in view.links if link.internal and link.url not in hub)
    # A short page that is mostly a list of such links is a planted folder index.
    words = len(text.split())
    planted_here = bool(INJECTED_PATH.search(urlsplit(ctx.url).path))
    if planted_here and not hub and words < _TINY_INDEX_WORDS:
        # A bare list of scripts and pages beside it in an upload folder, named with call-to-
        # action words ("daftar-sekarang-82.php"): uploads never hold pages, let alone PHP.
        internal = planted_siblings(view, sigs)
        hub = {g.url for g in internal}
        nav = sum(1 for link in view.links if link.internal and link.url not in hub)
    index = (
        (len(hub) >= 2 and len(hub) > nav and words < _INDEX_WORDS)
        or (len(hub) >= 1 and len(hub) >= nav and words < _TINY_INDEX_WORDS)
        # a page of links served from an upload/asset folder: the doorways' own index
        or (len(hub) >= 1 and planted_here and words < _TINY_INDEX_WORDS)
    )
    if sig.count(Role.DISCUSSION) == 0 and (len(hub) >= 3 or (len(hub) >= 2 and nav == 0) or index):
        links = links + internal
    link_domains = {g.domain for g in links}
    # Quoted phrases are reported speech ("istilah 'slot gacor'"), not the page's own slogans.
    strong = len(unquoted(text, sig.get(Role.PROMO, Role.BRAND)))
    discussion = sig.count(Role.DISCUSSION)
    if genre(sig, sigs):
        # A thesis abstract, ruling or regulator notice names every brand it studies, judges or
        # blocks: its genre, not a count of words, says it discusses them.
        discussion = max(discussion, strong)
    # Buttons to a bucket are a deliberate landing set-up: as strong as a second domain.
    buttons = any(g.reason == BUTTON_REASON for g in links)
    strength = (
        2 * strong
        + sig.count(Role.CTA)
        + min(sig.count(Role.TERM), 3)
        + 3 * min(len(link_domains) + buttons, 2)
    )
    # Promotion: several distinct promotional terms (or links to gambling sites), and
    # discussion vocabulary clearly outweighed. A news article quoting "slot gacor" among
    # "Satgas", "diblokir", "polisi" fails the last test.
    text_promo = strong >= 2 and strength >= 7 and discussion * 2 <= strong
    injected: TextBlock | None = None
    if not text_promo and discussion and strong >= _INJECTED_BLOCK_TERMS:
        # News about judi online with an obfuscated promotional paragraph injected into it: the
        # article discusses; that paragraph spells its slogans so filters miss them, which no
        # journalist does.
        injected = _promoting_block(view, sigs)
        text_promo = injected is not None
    # A promotional URL slug alone is weak (a news permalink can carry one); it counts next to
    # promotional text, or when several links share the pattern (a doorway hub).
    url_only = {g.url for g in links if g.reason == "promotional URL"}
    promo_links = [
        g
        for g in links
        if g.reason != "promotional URL"
        or strong >= 1
        or len(url_only) >= 3
        or nav == 0
        or index
    ]
    link_promo = bool(promo_links) and discussion * 2 <= max(strong, 1) + len(link_domains)
    if not (text_promo or link_promo) and promo_links and discussion:
        # A news page about judi online with a promotional paragraph injected into it: the
        # page discusses, the paragraph around the gambling link does not.
        promo_links = promoting_blocks(view, sigs, promo_links)
        link_promo = bool(promo_links)
    if not (text_promo or link_promo):
        return None
    evidences: list[Evidence] = []
    placement = _placement_detail(ctx, sigs)
    if text_promo:
        term = sig.term(Role.PROMO, Role.BRAND)
        key = "detail.visible_promo_placed" if placement else "detail.visible_promo"
        evidences.append(
            evidence(
                ctx,
                injected.text if injected is not None else text,
                term,
                path=injected.path if injected is not None else "body",
                detail=Message.of(
                    key, strong=strong, discussion=discussion, placement=placement
                ),
            )
        )
    for g in promo_links[:5]:
        evidences.append(
            evidence(
                ctx,
                g.text or g.url,
                g.term if g.text else "",
                path=g.path,
                targets=(g.url,),
                detail=Message.of("detail.visible_link", reason=g.reason, domain=g.domain),
            )
        )
    ids = set(sig.ids_for(sigs, *GAMBLING_ROLES))
    for g in promo_links:
        ids.update(g.signature_ids)
    # A doorway page stands alone: only the sitemap lists it, or it carries no navigation of
    # the site it sits on (a planted landing page, not an injection into a real page).
    doorway = (not ctx.linked and ctx.in_sitemap) or (not ctx.is_homepage and nav < 3)
    technique = Technique.DOORWAY_PAGE if doorway else Technique.VISIBLE_CONTENT
    key = "finding.doorway_page" if doorway else "finding.visible_content"
    target = most_common(g.domain for g in promo_links if g not in internal)
    summary = Message.of(f"{key}_to", target=target) if target else Message.of(key)
    return finding(
        category=Category.GAMBLING,
        technique=technique,
        severity=Severity.HIGH,
        confidence=confidence(strength + (2 if doorway else 0), 12),
        url=ctx.url,
        message=summary,
        evidence=evidences,
        signature_ids=sorted(ids),
        target_domain=target,
    )


_INJECTED_BLOCK_TERMS = 4
"""Distinct obfuscated promotional terms one paragraph of a discussing page needs to promote."""


def _promoting_block(view: PageView, sigs: SignatureSet) -> TextBlock | None:
    """The first visible block with many promotional terms, spelt obfuscated (dotted, spaced,
    full-width, leet: absent from the plain lower-cased text), and no discussion."""
    comments = {b.path for b in view.comments}
    anchors = {link.text for link in view.links[:2000]}
    for block in view.blocks[:2000]:
        if block.path in comments or len(block.text) < 40 or block.text in anchors:
            continue
        sig = scan_parts(sigs, {"visible_text": block.text})
        if sig.count(Role.DISCUSSION) or sig.count(Role.PROMO) < _INJECTED_BLOCK_TERMS:
            continue
        plain = block.text.lower()
        hidden_spelling = [t for t in sig.get(Role.PROMO) if t not in plain]
        if len(hidden_spelling) >= _INJECTED_BLOCK_TERMS:
            return block
    return None


def _placement_detail(ctx: PageContext, sigs: SignatureSet) -> tuple[Message, ...]:
    """Where the page sits, when that itself looks injected (a CMS folder, a promo slug)."""
    path = urlsplit(ctx.url).path
    notes: list[Message] = []
    if INJECTED_PATH.search(path):
        notes.append(Message.of("placement.cms_folder"))
    slug = scan_parts(sigs, {"url_path": path.replace("-", " ").replace("_", " ")})
    if slug.count(Role.PROMO, Role.BRAND):
        notes.append(Message.of("placement.promo_slug"))
    if not ctx.linked and ctx.in_sitemap:
        notes.append(Message.of("placement.sitemap_only"))
    return tuple(notes)
