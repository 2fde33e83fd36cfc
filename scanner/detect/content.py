"""Gambling promotion in what visitors and search engines read: head, text, links, comments.

The question is always PROMOTION versus DISCUSSION. Government news sites write about judi online
every week ("Satgas memblokir 2.000 situs slot gacor"), so a keyword is never enough. A finding
needs promotional vocabulary (``promo``/``brand`` roles) supported by call-to-action words
(``cta``) or links to gambling sites, and little enforcement/awareness vocabulary
(``discussion``) in the same place. Placement decides the technique:

* head fields (title, meta description/keywords, og:/twitter:, JSON-LD) -> ``META_INJECTION``;
* the main text of the page -> ``VISIBLE_CONTENT`` (``DOORWAY_PAGE`` when only the sitemap
  lists the page);
* visible promotional links to gambling sites -> ``VISIBLE_CONTENT``;
* user comments -> ``SPAM_COMMENT``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from urllib.parse import urlsplit

from scanner.detect.base import PageContext, finding
from scanner.detect.evidence import (
    GamblingLink,
    Signals,
    confidence,
    evidence,
    gambling_link,
    is_landing_host,
    most_common,
    scan_parts,
    unquoted,
)
from scanner.extract import analyse
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
from scanner.signatures import Role, SignatureSet
from scanner.urls import host_of, registered_domain

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
_MAX_COMMENTS = 200
_SPAM_FLOOD = 4

# Landing pages dropped by attackers sit in folders a CMS never serves pages from, or under a
# slug of promotional words; noted in the evidence, because it tells the admin where to look.
_INJECTED_PATH = re.compile(
    r"/(wp-content|wp-includes|wp-admin|uploads|images|img|files|assets|tmp|cache|media|vendor|"
    r"storage|public|static|data|arsip)/"
    r"[^?#]*\.(html?|php|txt)$",
    re.IGNORECASE,
)

_GAMBLING_ROLES = (Role.PROMO, Role.BRAND, Role.CTA, Role.TERM, Role.DISCUSSION)


def detect(view: PageView, ctx: PageContext, sigs: SignatureSet) -> list[Finding]:
    """All content findings of one page (head fields, main text, visible links, comments)."""
    findings: list[Finding] = []
    text = _main_text(view)
    body_sig = scan_parts(sigs, {"visible_text": text})
    promo = body_sig.get(Role.PROMO, Role.BRAND)
    if promo or (body_sig.count(Role.DISCUSSION) and _head_may_promote(view, sigs)):
        # A "recent posts" widget on every page lists the site's own headlines: one about a
        # raid on a slot-promotion network is neither the page promoting gambling nor the page
        # discussing it (which would excuse an injected title). Rescanned only when that can
        # change the outcome (the scan of a whole page is the costly part of this detector).
        kept, named = _without_news_headlines(view, sigs, text)
        if kept != text and (promo & named or not promo or body_sig.count(Role.DISCUSSION)):
            text, body_sig = kept, scan_parts(sigs, {"visible_text": kept})
    # A page whose own text discusses gambling (news, press release) needs stronger proof that
    # its title is an injection: its headline naturally names what the article is about.
    # Enforcement words alone ("waspada", "sosialisasi" in a story about a hacked website) do
    # not make the page one about gambling: it must name gambling too.
    about_gambling = body_sig.count(Role.PROMO, Role.BRAND, Role.TERM) > 0
    discussing = about_gambling and (
        body_sig.count(Role.DISCUSSION) + body_sig.count(Role.DEFACE_DISCUSSION) >= 2
        or _genre(body_sig, sigs)
    )
    findings.extend(_head_findings(view, ctx, sigs, discussing))
    body = _body_finding(view, ctx, sigs, text, body_sig)
    if body is not None:
        findings.append(body)
    spam = _comment_finding(view, ctx, sigs)
    if spam is not None:
        findings.append(spam)
    trailing = _after_end_finding(view, ctx, sigs)
    if trailing is not None:
        findings.append(trailing)
    return findings


def _genre(sig: Signals, sigs: SignatureSet) -> bool:
    """The text is research, court or regulator writing (a ``discussion`` signature tagged
    ``genre`` matched)."""
    return any("genre" in s.tags and s.id in sig.ids for s in sigs.by_role(Role.DISCUSSION))


# --------------------------------------------------------------------------- head fields


def _head_texts(view: PageView) -> Iterator[tuple[str, str]]:
    """(label, original text) of every head field a search engine shows or indexes."""
    if view.title:
        yield "title", view.title
    for name in _HEAD_FIELDS:
        value = view.meta_content(name)
        if value:
            yield f"meta {name}", value
    for raw in view.json_ld[:10]:
        for text in _json_ld_strings(raw[:_MAX_JSON_LD]):
            yield "JSON-LD", text


def _json_ld_strings(raw: str) -> Iterator[str]:
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


def _head_findings(
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
        ids.update(sig.ids_for(sigs, *_GAMBLING_ROLES))
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


# --------------------------------------------------------------------------- main text + links


def _main_text(view: PageView) -> str:
    """Visible text without user comments (those are judged as comments, not as the page)."""
    if not view.comments:
        return view.visible_text
    text = view.visible_text
    for block in view.comments[:_MAX_COMMENTS]:
        if block.text:
            text = text.replace(block.text, " ", 1)
    return text


_HEADLINE_WORDS = 4


def _head_may_promote(view: PageView, sigs: SignatureSet) -> bool:
    """Some head field would count as promotion on a page that does not discuss gambling."""
    for label, text in _head_texts(view):
        part = "title" if label in ("title", "meta og:title", "meta twitter:title") else "meta"
        if _field_is_promotion(scan_parts(sigs, {part: text}), text, False):
            return True
    return False


def _without_news_headlines(
    view: PageView, sigs: SignatureSet, text: str
) -> tuple[str, frozenset[str]]:
    """``text`` without the anchors of internal links that are headlines about gambling news
    (an enforcement or reporting word in the anchor, as ``gambling-discussion-short`` reads),
    and the promotional terms those headlines named."""
    named: set[str] = set()
    for link in view.links[:2000]:
        if not link.internal or link.hidden is not None:
            continue
        if len(link.text.split()) < _HEADLINE_WORDS:
            continue
        anchor = scan_parts(sigs, {"link_text": link.text})  # memoised: widgets repeat
        if anchor.count(Role.DISCUSSION) and anchor.count(Role.PROMO, Role.BRAND, Role.TERM):
            text = text.replace(link.text, " ")
            named |= anchor.get(Role.PROMO, Role.BRAND)
    return text, frozenset(named)


def _visible_gambling_links(
    view: PageView, sigs: SignatureSet, comment_text: str
) -> tuple[list[GamblingLink], list[GamblingLink]]:
    """Visible gambling links (off-site, internal), comment links excluded (judged there)."""
    offsite: list[GamblingLink] = []
    internal: list[GamblingLink] = []
    for link in view.links[:2000]:
        if link.hidden is not None:
            continue
        if comment_text and link.text and link.text in comment_text:
            continue
        found = gambling_link(sigs, link, internal=True)
        if found is not None:
            (internal if link.internal else offsite).append(found)
    return offsite, internal


_INDEX_WORDS = 100
_TINY_INDEX_WORDS = 30
"""A page shorter than this whose links are mostly promotional slugs is a doorway index."""
_BUTTON_WORDS = 4
_BUTTON_REASON = "sign-up/login button to a free static host"
"""A sign-up/login button's anchor is a word or two ("DAFTAR", "LOGIN", "Daftar Sekarang")."""


def _landing_buttons(view: PageView, sigs: SignatureSet, sig: Signals) -> list[GamblingLink]:
    """Sign-up/login buttons (and the AMP version) leading to a free static/object-storage host.

    The disguised landing page: no slang at all, only DAFTAR and LOGIN to a bucket. Two such
    buttons must lead to the same URL (a real web app has separate login and sign-up pages), or
    to the same host on a page with some gambling vocabulary, or the AMP link must go there too.
    """
    buttons: list[Link] = []
    for link in view.links[:2000]:
        if link.internal or link.hidden is not None or not is_landing_host(sigs, link.host):
            continue
        if len(link.text.split()) > _BUTTON_WORDS:
            continue
        if scan_parts(sigs, {"link_text": link.text}).count(Role.CTA):
            buttons.append(link)
    amp = view.amphtml or ""
    amp_landing = bool(amp) and bool(is_landing_host(sigs, amp))
    by_url = Counter(link.url for link in buttons)
    by_host = Counter(link.host for link in buttons)
    vocabulary = sig.count(Role.PROMO, Role.BRAND, Role.TERM) > 0
    hosts = {
        link.host
        for link in buttons
        if by_url[link.url] >= 2
        or (by_host[link.host] >= 2 and vocabulary)
        or (amp_landing and host_of(amp) == link.host)
    }
    return [
        GamblingLink(
            link.url,
            link.text,
            link.host,
            link.path,
            _BUTTON_REASON,
            "",
            is_landing_host(sigs, link.host),
        )
        for link in buttons
        if link.host in hosts
    ]


def _body_finding(
    view: PageView, ctx: PageContext, sigs: SignatureSet, text: str, sig: Signals
) -> Finding | None:
    """VISIBLE_CONTENT / DOORWAY_PAGE when the page's own text or links promote gambling."""
    comments = "\n".join(b.text for b in view.comments[:_MAX_COMMENTS])
    links, internal = _visible_gambling_links(view, sigs, comments)
    links += _landing_buttons(view, sigs, sig)
    # Several internal links with promotional anchors or slugs on a page that does not discuss
    # gambling: a hub of planted doorway pages (a news tag cloud has discussion around it).
    hub = {g.url for g in internal}
    nav = sum(1 for link in view.links if link.internal and link.url not in hub)
    # A short page that is mostly a list of such links is a planted folder index.
    words = len(text.split())
    planted_here = bool(_INJECTED_PATH.search(urlsplit(ctx.url).path))
    if planted_here and not hub and words < _TINY_INDEX_WORDS:
        # A bare list of scripts and pages beside it in an upload folder, named with call-to-
        # action words ("daftar-sekarang-82.php"): uploads never hold pages, let alone PHP.
        internal = _planted_siblings(view, sigs)
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
    if _genre(sig, sigs):
        # A thesis abstract, ruling or regulator notice names every brand it studies, judges or
        # blocks: its genre, not a count of words, says it discusses them.
        discussion = max(discussion, strong)
    # Buttons to a bucket are a deliberate landing set-up: as strong as a second domain.
    buttons = any(g.reason == _BUTTON_REASON for g in links)
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
        promo_links = _promoting_blocks(view, sigs, promo_links)
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
    ids = set(sig.ids_for(sigs, *_GAMBLING_ROLES))
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


def _planted_siblings(view: PageView, sigs: SignatureSet) -> list[GamblingLink]:
    """Internal links to pages in upload/asset folders whose file names use gambling words."""
    out: list[GamblingLink] = []
    for link in view.links[:200]:
        if not link.internal or not _INJECTED_PATH.search(link.path):
            continue
        name = link.path.rsplit("/", 1)[-1].replace("-", " ").replace("_", " ")
        words = scan_parts(sigs, {"link_url": name})
        if words.count(Role.PROMO, Role.BRAND, Role.CTA) and not words.count(Role.DISCUSSION):
            out.append(GamblingLink(link.url, link.text, link.domain or link.host, link.path,
                                    "promotional URL", words.term(Role.PROMO, Role.BRAND, Role.CTA),
                                    tuple(sorted(words.ids))))  # fmt: skip
    return out if len(out) >= 2 else []


def _promoting_blocks(
    view: PageView, sigs: SignatureSet, links: list[GamblingLink]
) -> list[GamblingLink]:
    """The links to gambling sites whose own text block promotes and does not discuss."""
    out: list[GamblingLink] = []
    for g in links:
        if g.reason == "promotional URL" or not g.text:
            continue
        block = next((b for b in view.blocks[:5000] if g.text in b.text), None)
        if block is None:
            continue
        sig = scan_parts(sigs, {"visible_text": block.text})
        if sig.count(Role.PROMO, Role.BRAND) >= 2 and not sig.count(Role.DISCUSSION):
            out.append(g)
    return out


def _placement_detail(ctx: PageContext, sigs: SignatureSet) -> tuple[Message, ...]:
    """Where the page sits, when that itself looks injected (a CMS folder, a promo slug)."""
    path = urlsplit(ctx.url).path
    notes: list[Message] = []
    if _INJECTED_PATH.search(path):
        notes.append(Message.of("placement.cms_folder"))
    slug = scan_parts(sigs, {"url_path": path.replace("-", " ").replace("_", " ")})
    if slug.count(Role.PROMO, Role.BRAND):
        notes.append(Message.of("placement.promo_slug"))
    if not ctx.linked and ctx.in_sitemap:
        notes.append(Message.of("placement.sitemap_only"))
    return tuple(notes)


# --------------------------------------------------------------------------- after </html>


def _after_end_finding(view: PageView, ctx: PageContext, sigs: SignatureSet) -> Finding | None:
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
        found = gambling_link(sigs, link, internal=True)
        anchor = scan_parts(sigs, {"link_text": link.text}) if found is None else None
        promotes = anchor is not None and anchor.count(Role.PROMO, Role.BRAND) > 0
        if anchor is not None and promotes and not anchor.count(Role.DISCUSSION):
            found = GamblingLink(
                link.url, link.text, link.domain or link.host, link.path, "promotional anchor",
                anchor.term(Role.PROMO, Role.BRAND), tuple(sorted(anchor.ids)),
            )  # fmt: skip
        if found is not None:
            links.append(found)
    strong = sig.count(Role.PROMO, Role.BRAND)
    if sig.count(Role.DISCUSSION) * 2 > strong or not (links or strong >= 2):
        return None
    ids = set(sig.ids_for(sigs, *_GAMBLING_ROLES))
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


# --------------------------------------------------------------------------- comments


_TITLE_SEPARATORS = re.compile(r"\s+[–—|»·-]\s+")


def _post_title(title: str) -> str:
    """The post's own part of a ``<title>`` ("Post – Site Name"): its longest segment."""
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if len(p.strip()) >= 12]
    return max(parts, key=len, default="")


def _comment_finding(view: PageView, ctx: PageContext, sigs: SignatureSet) -> Finding | None:
    """SPAM_COMMENT when user comments promote gambling or link to gambling sites."""
    evidences: list[Evidence] = []
    ids: set[str] = set()
    domains: list[str] = []
    own_title = _post_title(view.title)
    for block in view.comments[:_MAX_COMMENTS]:
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
        ids.update(sig.ids_for(sigs, *_GAMBLING_ROLES))
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
