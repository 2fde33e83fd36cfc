"""Defacement: a page replaced (or overlaid) by an attacker's message.

A defacement has a recognisable SHAPE as much as a vocabulary: a short page, a title like
"Hacked by ...", a handle and a "greetz" list, no site navigation, a marquee, background music
or a big image. Awareness articles and news about defacements quote the same phrases but are long,
sit inside the site's navigation and use incident vocabulary ("BSSN", "pemulihan", "waspada":
role ``deface-discussion``). The score below adds vocabulary and shape and subtracts context, so
neither a quote in a news article nor a bare word is enough.

Roles used: ``deface`` (strong phrases in many languages), ``defacer`` (handles and groups),
``protest`` (weak political vocabulary), ``deface-discussion`` (awareness context). Signatures of
the ``deface`` role tagged ``weak`` (a bare "hacked") count only on a tiny page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scanner.detect.base import PageContext, finding
from scanner.detect.evidence import Signals, confidence, evidence, scan_parts
from scanner.detect.jsdecode import deobfuscate
from scanner.models import Category, Evidence, Finding, Message, PageView, Severity, Technique
from scanner.normalize import normalize
from scanner.signatures import Role, SignatureSet

_SHORT_WORDS = 150
_TINY_WORDS = 40
_LONG_WORDS = 400
_NAV_LINKS = 5
_THRESHOLD = 5
_SPECIAL_MEDIA = ("audio", "bgsound", "marquee", "embed", "video")
_DOM_WRITE = re.compile(r"innerHTML|outerHTML|document\.write|insertAdjacentHTML|\.html\(", re.I)
_DOM_WORDS = ("innerhtml", "outerhtml", "document", "insertadjacenthtml", ".html(")


def _writes_dom(code: str) -> bool:
    """``_DOM_WRITE`` matches, checked by words first (a case-blind alternation is slow)."""
    lowered = code.lower()
    return any(w in lowered for w in _DOM_WORDS) and _DOM_WRITE.search(code) is not None


_MAX_SCRIPTS = 200
_MAX_SCRIPT_CHARS = 100_000
_DEFACE_ROLES = (Role.DEFACE, Role.DEFACER, Role.PROTEST, Role.DEFACE_DISCUSSION)


_ART_CHARS = frozenset("/\\|_$#*=+^~<>()[]{}:;,.'`-!@%&?")
_ART_MIN = 150
_BANNER_CHARS = "/\\|_$#"
"""ASCII-art tokens (runs of drawing characters) a banner needs: a figlet line has dozens."""
_LOCK_EVENTS = ("event:oncontextmenu", "event:onkeydown", "event:onmousedown", "event:ondragstart")


def _is_art(token: str) -> bool:
    """A whitespace-separated token drawn with symbols only (``/$$$$``, ``|__/``, ``\\.\\``)."""
    return all(c in _ART_CHARS for c in token)


@dataclass(frozen=True, slots=True)
class _Shape:
    """How much the page still looks like a site page."""

    words: int
    internal_links: int
    special_media: int
    images: int
    art: int = 0
    """Tokens drawn with symbols only, when they dominate the text (an ASCII-art banner)."""
    locked: bool = False
    """Right-click / keyboard disabled by handlers on the page: a defacer's signature habit."""

    @property
    def replaced(self) -> bool:
        """Short and without site navigation: the page was replaced, not overlaid."""
        return self.words < _SHORT_WORDS or self.internal_links < _NAV_LINKS


def _shape(view: PageView) -> _Shape:
    media = dict(view.media)
    text = view.visible_text[:200_000]
    tokens = text.split()
    # Drawing characters are not words: an ASCII-art page is as empty as a one-line one. A
    # banner is mostly drawing characters, so count tokens only where there are plenty.
    drawn = sum(text.count(c) for c in _BANNER_CHARS)
    art = sum(1 for t in tokens if _is_art(t)) if drawn >= _ART_MIN else 0
    banner = art >= _ART_MIN and 2 * art >= len(tokens)
    locked = sum(1 for s in view.scripts[:_MAX_SCRIPTS] if s.type in _LOCK_EVENTS) >= 2
    return _Shape(
        words=len(tokens) - art if banner else len(tokens),
        internal_links=sum(1 for link in view.links if link.internal),
        special_media=sum(media.get(k, 0) for k in _SPECIAL_MEDIA),
        images=media.get("img", 0),
        art=art if banner else 0,
        locked=locked,
    )


def detect(view: PageView, ctx: PageContext, sigs: SignatureSet) -> list[Finding]:
    """A DEFACEMENT_PAGE (or DEFACEMENT_OVERLAY) finding when vocabulary and shape agree."""
    # The head speaks for the page: a defacer often signs only the meta description
    # ("Hackeado por ...") above an image and a song.
    head = {"title": view.title, "meta": view.meta_content("description")}
    title = scan_parts(sigs, head)
    body = scan_parts(sigs, {"visible_text": view.visible_text})
    shape = _shape(view)
    score, reasons = _score(title, body, shape)
    if score >= _THRESHOLD and (_has_marker(title, body, shape)):
        return [_page_finding(view, ctx, sigs, title, body, shape, score, reasons)]
    overlay = _script_overlay(view, ctx, sigs)
    return [overlay] if overlay is not None else []


def _has_marker(title: Signals, body: Signals, shape: _Shape) -> bool:
    """At least one defacement-specific signal (shape alone never convicts a page)."""
    if title.count(Role.DEFACE, Role.DEFACER) or body.count(Role.DEFACE, Role.DEFACER):
        return True
    weak = title.weak_count(Role.DEFACE) + body.weak_count(Role.DEFACE)
    if shape.words < _TINY_WORDS and weak > 0:
        return True
    # The word-free defacement: an ASCII-art banner, nothing of the site, and a defacer's habit
    # (marquee/music, right-click disabled). A figlet "under construction" page has none.
    habit = shape.special_media > 0 or shape.locked
    return shape.art > 0 and shape.internal_links < 3 and habit


def _score(title: Signals, body: Signals, shape: _Shape) -> tuple[int, list[Message]]:
    """Vocabulary plus shape minus awareness context; the reasons explain the number."""
    reasons: list[Message] = []
    score = 0
    discussion = body.count(Role.DEFACE_DISCUSSION) + title.count(Role.DEFACE_DISCUSSION)
    if title.count(Role.DEFACE) and not title.count(Role.DEFACE_DISCUSSION):
        score += 6 if discussion < 2 else 3
        reasons.append(Message.of("reason.deface_title"))
    deface = body.count(Role.DEFACE)
    if deface:
        # A defacement phrase with no awareness vocabulary anywhere is the attacker speaking.
        score += 3 * min(deface, 2) + (1 if discussion == 0 else 0)
        reasons.append(Message.of("reason.deface_phrases", n=deface))
    defacer = len(title.get(Role.DEFACER) | body.get(Role.DEFACER))
    if defacer:
        score += 2 * min(defacer, 2)
        reasons.append(Message.of("reason.defacer_handles", n=defacer))
    protest = len(title.get(Role.PROTEST) | body.get(Role.PROTEST))
    score += min(protest, 2)
    weak = title.weak_count(Role.DEFACE) + body.weak_count(Role.DEFACE)
    if weak and shape.words < _TINY_WORDS:
        score += 3
        reasons.append(Message.of("reason.bare_word"))
    if shape.words < _SHORT_WORDS:
        score += 1
        reasons.append(Message.of("reason.short_page", n=shape.words))
    if shape.internal_links < 3:
        score += 1
        reasons.append(Message.of("reason.no_nav"))
    if shape.special_media:
        score += 1
        reasons.append(Message.of("reason.media"))
    if shape.art:
        score += 3
        reasons.append(Message.of("reason.art", n=shape.art))
    if shape.locked:
        score += 1
        reasons.append(Message.of("reason.locked"))
    if discussion:
        score -= 2 * discussion
        reasons.append(Message.of("reason.awareness", n=discussion))
    if shape.words > _LONG_WORDS:
        score -= 3
    if shape.internal_links >= _NAV_LINKS:
        score -= 1
    return score, reasons


def _page_finding(
    view: PageView,
    ctx: PageContext,
    sigs: SignatureSet,
    title: Signals,
    body: Signals,
    shape: _Shape,
    score: int,
    reasons: list[Message],
) -> Finding:
    evidences: list[Evidence] = []
    if title.count(Role.DEFACE, Role.DEFACER):
        term = title.term(Role.DEFACE, Role.DEFACER)
        in_title = bool(term) and term in _norm(view.title)
        evidences.append(
            evidence(
                ctx,
                view.title if in_title else view.meta_content("description"),
                term,
                path="title" if in_title else "meta description",
                detail=Message.of(
                    "detail.deface_field", field="title" if in_title else "meta description"
                ),
            )
        )
    term = body.term(Role.DEFACE, Role.DEFACER, Role.PROTEST) or next(
        iter(body.weak.get(Role.DEFACE, ())), ""
    )
    if view.visible_text and (term or not evidences):
        block = next((b for b in view.blocks if term and term in _norm(b.text)), None)
        evidences.append(
            evidence(
                ctx,
                block.text if block else view.visible_text,
                term,
                path=block.path if block else "body",
                targets=(link.url for link in view.links if not link.internal),
                detail=Message.of("prose.reasons", items=tuple(reasons)),
            )
        )
    technique = Technique.DEFACEMENT_PAGE if shape.replaced else Technique.DEFACEMENT_OVERLAY
    where = "homepage" if ctx.is_homepage else "page"
    handle = title.term(Role.DEFACER) or body.term(Role.DEFACER)
    summary = (
        Message.of("finding.defacement_signed", where=where, handle=handle)
        if handle
        else Message.of("finding.defacement", where=where)
    )
    return finding(
        category=Category.DEFACEMENT,
        technique=technique,
        severity=Severity.CRITICAL if ctx.is_homepage else Severity.HIGH,
        confidence=confidence(score, 12),
        url=ctx.url,
        message=summary,
        evidence=evidences,
        signature_ids=sorted((title.ids | body.ids) & _role_ids(sigs)),
    )


def _script_overlay(view: PageView, ctx: PageContext, sigs: SignatureSet) -> Finding | None:
    """DEFACEMENT_OVERLAY when an inline script writes a defacement message into the page."""
    for script in view.scripts[:_MAX_SCRIPTS]:
        if script.src or not script.code or not _writes_dom(script.code):
            continue
        # Decode atob/fromCharCode/escapes statically: overlays often hide their message.
        decoded = deobfuscate(script.code[:_MAX_SCRIPT_CHARS])
        text = "\n".join([decoded.code, *(p.text for p in decoded.payloads[:20])])
        sig = scan_parts(sigs, {"script": text})
        if sig.count(Role.DEFACE) and sig.count(Role.DEFACE_DISCUSSION) == 0:
            return finding(
                category=Category.DEFACEMENT,
                technique=Technique.DEFACEMENT_OVERLAY,
                severity=Severity.CRITICAL if ctx.is_homepage else Severity.HIGH,
                confidence=confidence(2 * sig.count(Role.DEFACE) + sig.count(Role.DEFACER), 4),
                url=ctx.url,
                message=Message.of("finding.inline_overlay"),
                evidence=(
                    evidence(
                        ctx,
                        text,
                        sig.term(Role.DEFACE),
                        path=script.path,
                        detail=Message.of("detail.inline_overlay"),
                    ),
                ),
                signature_ids=sorted(sig.ids & _role_ids(sigs)),
            )
    return None


def _role_ids(sigs: SignatureSet) -> set[str]:
    return {s.id for role in _DEFACE_ROLES for s in sigs.by_role(role)}


def _norm(text: str) -> str:
    return normalize(text[:20_000])
