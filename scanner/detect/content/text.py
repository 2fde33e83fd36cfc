"""The page's own text, as the content detectors read it: comments and news headlines out."""

from __future__ import annotations

from dataclasses import dataclass

from scanner.detect.evidence import Signals, scan_parts
from scanner.models import PageView
from scanner.signatures import Role, SignatureSet

MAX_COMMENTS = 200
"""User comments read per page (a spam flood is proved long before that)."""

GAMBLING_ROLES = (Role.PROMO, Role.BRAND, Role.CTA, Role.TERM, Role.DISCUSSION)
"""The roles whose matched signatures a gambling finding names (``signature_ids``)."""


def genre(sig: Signals, sigs: SignatureSet) -> bool:
    """The text is research, court or regulator writing (a ``discussion`` signature tagged
    ``genre`` matched)."""
    return any("genre" in s.tags and s.id in sig.ids for s in sigs.by_role(Role.DISCUSSION))


def main_text(view: PageView) -> str:
    """Visible text without user comments (those are judged as comments, not as the page)."""
    if not view.comments:
        return view.visible_text
    text = view.visible_text
    for block in view.comments[:MAX_COMMENTS]:
        if block.text:
            text = text.replace(block.text, " ", 1)
    return text


_HEADLINE_WORDS = 4


@dataclass(frozen=True, slots=True)
class WithoutHeadlines:
    """A page's text with its own news headlines about gambling taken out."""

    text: str
    """The text without those headlines."""
    named: frozenset[str]
    """The promotional terms the headlines named."""


def without_news_headlines(view: PageView, sigs: SignatureSet, text: str) -> WithoutHeadlines:
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
    return WithoutHeadlines(text, frozenset(named))
