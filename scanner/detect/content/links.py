"""Gambling links in a page's visible part: off-site, planted siblings, landing buttons."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from scanner.detect.evidence import (
    GamblingLink,
    Signals,
    gambling_link,
    is_landing_host,
    scan_parts,
)
from scanner.models import Link, PageView
from scanner.signatures import Role, SignatureSet
from scanner.urls import host_of

INJECTED_PATH = re.compile(
    r"/(wp-content|wp-includes|wp-admin|uploads|images|img|files|assets|tmp|cache|media|vendor|"
    r"storage|public|static|data|arsip)/"
    r"[^?#]*\.(html?|php|txt)$",
    re.IGNORECASE,
)
"""A page in a folder a CMS never serves pages from: where attackers drop landing pages.
Noted in the evidence, because it tells the admin where to look."""


@dataclass(frozen=True, slots=True)
class VisibleLinks:
    """A page's visible gambling links, by where they lead."""

    offsite: tuple[GamblingLink, ...]
    """To other sites: promotion of the gambling site itself."""
    internal: tuple[GamblingLink, ...]
    """To pages of this site: a hub of planted doorways when they are several."""


def visible_gambling_links(view: PageView, sigs: SignatureSet, comment_text: str) -> VisibleLinks:
    """Visible gambling links, comment links excluded (judged there)."""
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
    return VisibleLinks(tuple(offsite), tuple(internal))


_BUTTON_WORDS = 4
"""A sign-up/login button's anchor is a word or two ("DAFTAR", "LOGIN", "Daftar Sekarang")."""
BUTTON_REASON = "sign-up/login button to a free static host"
"""The ``reason`` of a landing button's ``GamblingLink`` (counted as strongly as a domain)."""


def landing_buttons(view: PageView, sigs: SignatureSet, sig: Signals) -> list[GamblingLink]:
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
            BUTTON_REASON,
            "",
            is_landing_host(sigs, link.host),
        )
        for link in buttons
        if link.host in hosts
    ]


def planted_siblings(view: PageView, sigs: SignatureSet) -> list[GamblingLink]:
    """Internal links to pages in upload/asset folders whose file names use gambling words."""
    out: list[GamblingLink] = []
    for link in view.links[:200]:
        if not link.internal or not INJECTED_PATH.search(link.path):
            continue
        name = link.path.rsplit("/", 1)[-1].replace("-", " ").replace("_", " ")
        words = scan_parts(sigs, {"link_url": name})
        if words.count(Role.PROMO, Role.BRAND, Role.CTA) and not words.count(Role.DISCUSSION):
            reason = "promotional URL"
            out.append(GamblingLink.judged(link, reason, words, Role.PROMO, Role.BRAND, Role.CTA))
    return out if len(out) >= 2 else []


def promoting_blocks(
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
