"""Embeds detector: what the page pulls in from, or sends visitors to, other sites.

External scripts, iframes, meta refreshes, HTTP redirects and off-site forms are how a defaced or
judi-injected page reaches the attacker's infrastructure. Government sites also embed a great
many legitimate widgets (YouTube, Google Maps, analytics, social buttons, other .go.id services),
so the rules are deliberately narrow: a finding needs a gambling or known-bad domain, or a hidden
frame / instant redirect to a domain that is neither public-sector nor a well-known service. An
unknown script host alone is at most a low-severity hint, and only when it also looks random.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from scanner.detect.base import PageContext, finding
from scanner.detect.evidence import (
    gambling_link,
    is_allowed_domain,
    is_gambling_domain,
    is_landing_host,
    is_public_domain,
)
from scanner.extract.reason import is_benign, reason_message
from scanner.models import (
    Category,
    Evidence,
    Finding,
    IFrame,
    Link,
    Message,
    MessageParam,
    PageView,
    Script,
    Severity,
    Technique,
)
from scanner.report.i18n import english
from scanner.signatures import Role, SignatureSet
from scanner.urls import host_of, registered_domain

_TINY_PX = 2.0
"""Frames at or below this width or height are invisible to a person."""
_SUSPICIOUS_TLDS = frozenset(
    [
        "top",
        "xyz",
        "icu",
        "buzz",
        "click",
        "online",
        "site",
        "live",
        "fun",
        "cc",
        "pw",
        "tk",
        "ml",
        "ga",
        "cf",
        "gq",
        "cyou",
        "sbs",
        "cfd",
        "bond",
        "rest",
        "monster",
        "quest",
        "lol",
        "win",
        "bet",
        "casino",
        "poker",
        "vip",
        "mom",
        "autos",
        "boats",
    ]
)
_DEFACE_PATH = re.compile(r"/(?:deface\w*|hacked|h4ck\w*|defacer)(?:/|\.js|$)", re.I)
_VOWELS = set("aeiou")


def detect(view: PageView, ctx: PageContext, sigs: SignatureSet) -> list[Finding]:
    """Findings for external scripts, iframes, meta refresh, HTTP redirects and forms."""
    findings: list[Finding] = []
    for script in view.scripts:
        if script.src and not script.internal:
            findings.extend(_script(script, ctx, sigs))
    for frame in view.iframes:
        if not frame.internal:
            findings.extend(_iframe(frame, ctx, sigs))
    findings.extend(_meta_refresh(view, ctx, sigs))
    findings.extend(_http_redirect(ctx, sigs))
    findings.extend(_forms(view, ctx, sigs))
    return merge_by_domain(findings)


def merge_by_domain(findings: list[Finding], max_evidence: int = 5) -> list[Finding]:
    """One finding per (technique, category, severity, target domain): a page that loads twenty
    scripts from one gambling host is one fact, with up to ``max_evidence`` examples."""
    merged: dict[tuple[str, str, str, str], Finding] = {}
    for f in findings:
        key = (f.technique.value, f.category.value, f.severity.value, f.target_domain)
        first = merged.get(key)
        if first is None:
            merged[key] = f
        elif len(first.evidence) < max_evidence:
            ids = tuple(dict.fromkeys(first.signature_ids + f.signature_ids))
            merged[key] = replace(first, evidence=first.evidence + f.evidence, signature_ids=ids)
    return list(merged.values())


def classify_domain(sigs: SignatureSet, url: str) -> tuple[str, tuple[str, ...]]:
    """How a target URL's domain is known: ``gambling``, ``bad``, ``public``, ``allowed`` or
    ``unknown``, with the signature ids that decided it.

    ``gambling`` also covers promotional URLs on unknown domains (``slot-gacor88.example``).
    """
    host = host_of(url)
    domain = registered_domain(host)
    if not host:
        return "unknown", ()
    if is_public_domain(domain):
        return "public", ()
    gambling = is_gambling_domain(sigs, host) or is_gambling_domain(sigs, domain)
    if gambling:
        return "gambling", gambling
    bad = tuple(s.id for s in sigs.domain_hits(host) if s.role is Role.BAD_SCRIPT_DOMAIN)
    if bad:
        return "bad", bad
    if is_allowed_domain(sigs, domain):
        return "allowed", ()
    link = gambling_link(sigs, Link(url, "", host, domain, "", internal=False))
    if link is not None:
        return "gambling", link.signature_ids
    return "unknown", ()


def random_looking(host: str) -> str:
    """Why ``host`` looks throw-away (IP literal, abused TLD, random label); '' when it doesn't."""
    try:
        ipaddress.ip_address(host.strip("[]"))
        return "IP address host"
    except ValueError:
        pass
    domain = registered_domain(host)
    label, _, suffix = domain.partition(".")
    if suffix.split(".")[-1] in _SUSPICIOUS_TLDS:
        return f"often-abused top-level domain .{suffix}"
    letters = [c for c in label if c.isalpha()]
    digits = sum(c.isdigit() for c in label)
    if len(label) >= 8 and letters:
        vowel_ratio = sum(c in _VOWELS for c in letters) / len(letters)
        if vowel_ratio < 0.2 or (digits >= 3 and digits < len(label) - 2):
            return "random-looking domain name"
    return ""


@dataclass(frozen=True, slots=True)
class _Flag:
    """What an embed is judged to be: category, severity and confidence of the finding, and
    ``key``, naming its summary ``finding.embed.<key>`` and evidence detail ``detail.embed.<key>``
    in the message catalogs (parameters ``host``, ``how``, ``why``)."""

    category: Category
    severity: Severity
    confidence: float
    key: str


# One row per judgement an embed can get; the functions below only choose the row.
_G, _M, _H = Category.GAMBLING, Category.MALICIOUS_SCRIPT, Severity.HIGH
_SCRIPT_GAMBLING = _Flag(_G, _H, 0.9, "script_gambling")
_SCRIPT_BAD = _Flag(_M, _H, 0.85, "script_bad")
_SCRIPT_DEFACE = _Flag(Category.DEFACEMENT, _H, 0.8, "script_deface")
_SCRIPT_RANDOM = _Flag(_M, Severity.LOW, 0.4, "script_random")
_FRAME_GAMBLING = _Flag(_G, _H, 0.9, "frame_gambling")
# A frame inside a closed modal or menu (a benign hide kind) may be a legitimate popup (soft);
# a zero-size or styled-away frame of an unknown host is the classic injection.
_FRAME_HIDDEN = _Flag(_M, _H, 0.75, "frame_hidden")
_FRAME_SOFT = replace(_FRAME_HIDDEN, severity=Severity.MEDIUM, confidence=0.6)
_REFRESH_GAMBLING = _Flag(_G, _H, 0.9, "refresh_gambling")
_REFRESH_OFFSITE = _Flag(_M, Severity.MEDIUM, 0.6, "refresh_offsite")
_REDIRECT = {
    "gambling": _Flag(_G, _H, 0.9, "redirect_gambling"),
    "unknown": _Flag(_M, Severity.MEDIUM, 0.6, "redirect_offsite"),
    "public": _Flag(Category.INTEGRITY, Severity.INFO, 0.5, "redirect_public"),
}  # fmt: skip
_REDIRECT["bad"] = _REDIRECT["unknown"]
# There is no form technique: submitting moves the visitor to the target, a redirect.
_FORM_GAMBLING = _Flag(_G, Severity.MEDIUM, 0.7, "form_gambling")


@dataclass(frozen=True, slots=True)
class _Embed:
    """The element (or redirect chain) a finding points at, as evidence shows it."""

    target: str
    path: str
    snippet: str


def _embed_finding(
    ctx: PageContext, technique: Technique, flag: _Flag, embed: _Embed, ids: tuple[str, ...],
    how: MessageParam = "", why: str = "",
) -> Finding:
    """The finding for one flagged embed, its element as evidence."""
    host = host_of(embed.target)
    detail = Message.of(f"detail.embed.{flag.key}", how=how, why=why)
    ev = Evidence(
        url=ctx.url, snippet=embed.snippet[:480], match=embed.target[:500], path=embed.path[:300],
        profile=ctx.profile, targets=(embed.target[:500],), detail=english(detail)[:500],
        message=detail,
    )
    return finding(
        category=flag.category, technique=technique, severity=flag.severity,
        confidence=flag.confidence, url=ctx.url, evidence=(ev,), signature_ids=ids,
        message=Message.of(f"finding.embed.{flag.key}", host=host, how=how),
        target_domain=registered_domain(host),
    )  # fmt: skip


def _script(script: Script, ctx: PageContext, sigs: SignatureSet) -> Iterator[Finding]:
    src = script.src or ""
    kind, ids = classify_domain(sigs, src)
    why = random_looking(host_of(src)) if kind == "unknown" else ""
    if kind == "gambling":
        flag = _SCRIPT_GAMBLING
    elif kind == "bad":
        flag = _SCRIPT_BAD
    elif kind in ("unknown", "allowed") and _DEFACE_PATH.search(src):
        flag = _SCRIPT_DEFACE
    elif why:
        flag = _SCRIPT_RANDOM
    else:
        return
    embed = _Embed(src, script.path, f'<script src="{src[:400]}">')
    yield _embed_finding(ctx, Technique.EXTERNAL_SCRIPT, flag, embed, ids, why=why)


def _tiny(value: str) -> bool:
    text = value.strip().lower().removesuffix("px").strip()
    try:
        return float(text) <= _TINY_PX
    except ValueError:
        return False


def _iframe(frame: IFrame, ctx: PageContext, sigs: SignatureSet) -> Iterator[Finding]:
    kind, ids = classify_domain(sigs, frame.src)
    tiny = _tiny(frame.width) or _tiny(frame.height)
    size = Message.of("frame_how.size", width=str(frame.width), height=str(frame.height))
    how: MessageParam = reason_message(frame.hidden) if frame.hidden else (size if tiny else "")
    if kind == "gambling":
        flag = _FRAME_GAMBLING
        how = Message.of("frame_how.hidden", how=how) if how else Message.of("frame_how.visible")
    elif not how or kind in ("public", "allowed"):
        return  # visible widgets, and hidden GTM/YouTube frames, are ordinary
    else:
        flag = _FRAME_SOFT if is_benign(frame.hidden) and not tiny else _FRAME_HIDDEN
    snippet = f'<iframe src="{frame.src[:400]}" width="{frame.width}" height="{frame.height}">'
    yield _embed_finding(ctx, Technique.IFRAME, flag, _Embed(frame.src, frame.path, snippet), ids,
                         how=how)  # fmt: skip


_REFRESH_DELAY = 5
"""An off-site refresh to an unknown host within this many seconds is a redirect, not a link."""
_HIJACKED_WORDS = 150
"""A page this long is an article of the site, not a "we have moved" stub: a refresh off-site
from it, after however many seconds, takes its readers away (a hijacked inner page)."""


def _is_full_page(view: PageView) -> bool:
    return len(view.visible_text[:20_000].split()) >= _HIJACKED_WORDS


_BAD_REFRESH_DELAY = 60
"""A refresh to a throw-away host (abused TLD, IP, known-bad) counts at any delay a visitor
waits for ("8; url=https://cuangg.top/"): no government page sends its readers there."""


def _refresh_kind(sigs: SignatureSet, url: str, site_host: str) -> tuple[str, tuple[str, ...]]:
    """How a refresh target is known: ``classify_domain`` with two navigation-only rules.

    A promotional path counts on any host, the site's own or another public one included (a
    doorway planted here or on another hijacked .go.id/.ac.id host); a free static/object-storage
    or link-hub host is ``unknown`` even where its scripts are allowed. ``own`` for the site.
    """
    host = host_of(url)
    domain = registered_domain(host)
    own = domain == registered_domain(site_host)
    kind, ids = ("own", ()) if own else classify_domain(sigs, url)
    if kind in ("own", "public"):
        link = Link(url, "", host, domain, urlsplit(url).path, internal=True)
        promo = gambling_link(sigs, link, internal=True)
        return ("gambling", promo.signature_ids) if promo is not None else (kind, ())
    if kind == "allowed" and is_landing_host(sigs, host):
        return "unknown", is_landing_host(sigs, host)
    return kind, ids


def _meta_refresh(view: PageView, ctx: PageContext, sigs: SignatureSet) -> Iterator[Finding]:
    refresh = view.meta_refresh
    if refresh is None:
        return
    kind, ids = _refresh_kind(sigs, refresh.url, ctx.site_host)
    if kind == "gambling":
        flag = _REFRESH_GAMBLING
    elif (kind == "unknown" and refresh.delay <= _REFRESH_DELAY) or (
        kind in ("bad", "unknown")
        and refresh.delay <= _BAD_REFRESH_DELAY
        and (kind == "bad" or _is_full_page(view))
    ):
        flag = _REFRESH_OFFSITE
    else:
        return
    snippet = f'<meta http-equiv="refresh" content="{refresh.delay:g};url={refresh.url[:400]}">'
    embed = _Embed(refresh.url, "/html/head/meta", snippet)
    yield _embed_finding(ctx, Technique.META_REFRESH, flag, embed, ids)


def _http_redirect(ctx: PageContext, sigs: SignatureSet) -> Iterator[Finding]:
    fetch = ctx.fetch
    if fetch is None:
        return
    target = fetch.offsite_redirect or ""
    if not target and fetch.final_url and host_of(fetch.final_url) != ctx.site_host:
        target = fetch.final_url
    hops = [h.location for h in fetch.redirects]
    if not target:  # an on-site chain may still pass through a gambling host
        target = next((h for h in hops if classify_domain(sigs, h)[0] == "gambling"), "")
    if not target:
        return
    host = host_of(target)
    if host == ctx.site_host or registered_domain(host) == registered_domain(ctx.site_host):
        return  # www/m./subdomain of the same organisation
    kind, ids = classify_domain(sigs, target)
    flag = _REDIRECT.get(kind)
    if flag is None:
        return
    chain = " -> ".join([fetch.url, *hops][:10])
    embed = _Embed(target, "", f"HTTP redirect chain: {chain}")
    yield _embed_finding(ctx, Technique.REDIRECT, flag, embed, ids)


def _forms(view: PageView, ctx: PageContext, sigs: SignatureSet) -> Iterator[Finding]:
    for form in view.forms:
        if form.internal:
            continue
        kind, ids = classify_domain(sigs, form.action)
        if kind != "gambling":
            continue
        snippet = f'<form action="{form.action[:400]}" method="{form.method}">'
        embed = _Embed(form.action, form.path, snippet)
        yield _embed_finding(ctx, Technique.REDIRECT, _FORM_GAMBLING, embed, ids)
