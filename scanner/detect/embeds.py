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
from dataclasses import replace
from urllib.parse import urlsplit

from scanner.detect.base import PageContext
from scanner.detect.evidence import (
    gambling_link,
    is_allowed_domain,
    is_gambling_domain,
    is_landing_host,
    is_public_domain,
)
from scanner.models import (
    Category,
    Evidence,
    Finding,
    IFrame,
    Link,
    PageView,
    Script,
    Severity,
    Technique,
)
from scanner.signatures import SignatureSet
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
    bad = tuple(s.id for s in sigs.domain_hits(host) if s.role == "bad-script-domain")
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


def _evidence(ctx: PageContext, path: str, target: str, detail: str, snippet: str = "") -> Evidence:
    return Evidence(
        url=ctx.url,
        snippet=snippet[:480],
        match=target[:500],
        path=path[:300],
        profile=ctx.profile,
        targets=(target[:500],),
        detail=detail[:500],
    )


def _finding(
    ctx: PageContext,
    category: Category,
    technique: Technique,
    severity: Severity,
    confidence: float,
    summary: str,
    ev: Evidence,
    ids: tuple[str, ...],
    target: str,
) -> Finding:
    return Finding(
        category=category,
        technique=technique,
        severity=severity,
        confidence=confidence,
        url=ctx.url,
        summary=summary,
        evidence=(ev,),
        signature_ids=ids,
        target_domain=registered_domain(host_of(target)),
    )


def _script(script: Script, ctx: PageContext, sigs: SignatureSet) -> Iterator[Finding]:
    src = script.src or ""
    host = host_of(src)
    kind, ids = classify_domain(sigs, src)
    snippet = f'<script src="{src[:400]}">'
    if kind == "gambling":
        ev = _evidence(ctx, script.path, src, "script host is a gambling domain", snippet)
        yield _finding(
            ctx,
            Category.GAMBLING,
            Technique.EXTERNAL_SCRIPT,
            Severity.HIGH,
            0.9,
            f"Page loads a script from gambling domain {host}",
            ev,
            ids,
            src,
        )
    elif kind == "bad":
        ev = _evidence(ctx, script.path, src, "script host is a known malicious host", snippet)
        yield _finding(
            ctx,
            Category.MALICIOUS_SCRIPT,
            Technique.EXTERNAL_SCRIPT,
            Severity.HIGH,
            0.85,
            f"Page loads a script from known-bad host {host}",
            ev,
            ids,
            src,
        )
    elif kind in ("unknown", "allowed") and _DEFACE_PATH.search(src):
        ev = _evidence(ctx, script.path, src, "script path names a defacement kit", snippet)
        yield _finding(
            ctx,
            Category.DEFACEMENT,
            Technique.EXTERNAL_SCRIPT,
            Severity.HIGH,
            0.8,
            f"Page loads a defacement script from {host}",
            ev,
            (),
            src,
        )
    elif kind == "unknown":
        why = random_looking(host)
        if why:
            ev = _evidence(ctx, script.path, src, f"unknown script host: {why}", snippet)
            yield _finding(
                ctx,
                Category.MALICIOUS_SCRIPT,
                Technique.EXTERNAL_SCRIPT,
                Severity.LOW,
                0.4,
                f"Page loads a script from unknown host {host}",
                ev,
                (),
                src,
            )


def _tiny(value: str) -> bool:
    text = value.strip().lower().removesuffix("px").strip()
    try:
        return float(text) <= _TINY_PX
    except ValueError:
        return False


def _iframe(frame: IFrame, ctx: PageContext, sigs: SignatureSet) -> Iterator[Finding]:
    kind, ids = classify_domain(sigs, frame.src)
    host = host_of(frame.src)
    tiny = _tiny(frame.width) or _tiny(frame.height)
    how = frame.hidden or (f"size {frame.width}x{frame.height}" if tiny else "")
    snippet = f'<iframe src="{frame.src[:400]}" width="{frame.width}" height="{frame.height}">'
    if kind == "gambling":
        what = f"hidden ({how})" if how else "visible"
        ev = _evidence(ctx, frame.path, frame.src, f"{what} frame of a gambling domain", snippet)
        yield _finding(
            ctx,
            Category.GAMBLING,
            Technique.IFRAME,
            Severity.HIGH,
            0.9,
            f"Page embeds gambling site {host} in a {what} frame",
            ev,
            ids,
            frame.src,
        )
        return
    if not how or kind in ("public", "allowed"):
        return  # visible widgets, and hidden GTM/YouTube frames, are ordinary
    # A frame inside a closed modal or menu ("ui:"/"a11y:" reasons) may be a legitimate popup;
    # a zero-size or styled-away frame of an unknown host is the classic injection.
    soft = (frame.hidden or "").startswith(("ui:", "a11y:")) and not tiny
    severity = Severity.MEDIUM if soft else Severity.HIGH
    ev = _evidence(ctx, frame.path, frame.src, f"hidden frame ({how}) of an off-site host", snippet)
    yield _finding(
        ctx,
        Category.MALICIOUS_SCRIPT,
        Technique.IFRAME,
        severity,
        0.6 if soft else 0.75,
        f"Page embeds {host} in a hidden frame ({how})",
        ev,
        ids,
        frame.src,
    )


_REFRESH_DELAY = 5
"""An off-site refresh to an unknown host within this many seconds is a redirect, not a link."""


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
    host = host_of(refresh.url)
    snippet = f'<meta http-equiv="refresh" content="{refresh.delay:g};url={refresh.url[:400]}">'
    if kind == "gambling":
        ev = _evidence(ctx, "/html/head/meta", refresh.url, "refresh to a gambling domain", snippet)
        yield _finding(
            ctx,
            Category.GAMBLING,
            Technique.META_REFRESH,
            Severity.HIGH,
            0.9,
            f"Meta refresh sends visitors to gambling site {host}",
            ev,
            ids,
            refresh.url,
        )
    elif kind in ("unknown", "bad") and refresh.delay <= _REFRESH_DELAY:
        ev = _evidence(ctx, "/html/head/meta", refresh.url, "instant refresh off-site", snippet)
        yield _finding(
            ctx,
            Category.MALICIOUS_SCRIPT,
            Technique.META_REFRESH,
            Severity.MEDIUM,
            0.6,
            f"Meta refresh sends visitors off-site to {host}",
            ev,
            ids,
            refresh.url,
        )


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
    chain = " -> ".join([fetch.url, *hops][:10])
    snippet = f"HTTP redirect chain: {chain}"
    if kind == "gambling":
        ev = _evidence(ctx, "", target, "HTTP redirect to a gambling domain", snippet)
        yield _finding(
            ctx,
            Category.GAMBLING,
            Technique.REDIRECT,
            Severity.HIGH,
            0.9,
            f"Page redirects (HTTP) to gambling site {host}",
            ev,
            ids,
            target,
        )
    elif kind in ("unknown", "bad"):
        ev = _evidence(ctx, "", target, "HTTP redirect off-site", snippet)
        yield _finding(
            ctx,
            Category.MALICIOUS_SCRIPT,
            Technique.REDIRECT,
            Severity.MEDIUM,
            0.6,
            f"Page redirects (HTTP) off-site to {host}",
            ev,
            ids,
            target,
        )
    elif kind == "public":
        ev = _evidence(ctx, "", target, "HTTP redirect to another public-sector site", snippet)
        yield _finding(
            ctx,
            Category.INTEGRITY,
            Technique.REDIRECT,
            Severity.INFO,
            0.5,
            f"Page redirects (HTTP) to {host}",
            ev,
            ids,
            target,
        )


def _forms(view: PageView, ctx: PageContext, sigs: SignatureSet) -> Iterator[Finding]:
    for form in view.forms:
        if form.internal:
            continue
        kind, ids = classify_domain(sigs, form.action)
        if kind != "gambling":
            continue
        host = host_of(form.action)
        snippet = f'<form action="{form.action[:400]}" method="{form.method}">'
        ev = _evidence(ctx, form.path, form.action, "form posts to a gambling domain", snippet)
        # There is no form technique: submitting moves the visitor to the target, a redirect.
        yield _finding(
            ctx,
            Category.GAMBLING,
            Technique.REDIRECT,
            Severity.MEDIUM,
            0.7,
            f"Form sends visitors to gambling site {host}",
            ev,
            ids,
            form.action,
        )
