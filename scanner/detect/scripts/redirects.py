"""Redirect rules: scripts that send visitors off the organisation's domain.

A redirect is reported when its target is a gambling domain, or when it leaves for an unknown
domain under a visitor test (search-engine referrer, bot/mobile User-Agent, screen size,
language) or out of obfuscated code. A plain redirect to an unknown domain is a moved page and
stays quiet here; ``redirect_targets`` still lists it for the cloaking comparison.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from scanner.detect import jsdecode
from scanner.detect.base import PageContext, finding
from scanner.detect.evidence import gambling_link, is_allowed_domain, is_public_domain
from scanner.detect.scripts.code import Source, Unit, around, code_detail, in_source
from scanner.models import (
    Category,
    Evidence,
    Finding,
    Link,
    Message,
    PageView,
    Severity,
    Technique,
)
from scanner.normalize import normalize
from scanner.report.i18n import english
from scanner.signatures import Role, SignatureSet
from scanner.urls import host_of, registered_domain, resolve_url

_CONDITION_WINDOW = 800
"""Characters either side of a redirect searched for the condition guarding it."""

# Destinations that scripts of public sites legitimately open (share buttons, app stores).
_WELL_KNOWN = frozenset(
    [
        "whatsapp.com",
        "wa.me",
        "facebook.com",
        "twitter.com",
        "x.com",
        "t.me",
        "telegram.me",
        "linkedin.com",
        "instagram.com",
        "youtube.com",
        "google.com",
        "apple.com",
        "tiktok.com",
        "line.me",
        "pinterest.com",
    ]
)

_LIT = jsdecode.LITERAL
_EXPR = (
    rf"(?P<expr>{_LIT}|[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*(?:\s*\[\s*\d{{1,3}}\s*\])?)"
    r"(?P<rest>\s*\+)?"
)
_REDIRECT_RE = re.compile(
    r"(?P<sink>"
    r"(?:\b(?:window|top|self|parent|document|this)\s*\.\s*)*location"
    r"(?:\s*\.\s*href|\s*\[\s*['\"]href['\"]\s*\])?\s*=(?!=)"
    r"|\blocation\s*\.\s*(?:replace|assign)\s*\("
    r"|\bwindow\s*\.\s*open\s*\("
    r"|\$\s*\(\s*(?:window\.)?location\s*\)\s*\.\s*attr\s*\(\s*['\"]href['\"]\s*,"
    rf")\s*{_EXPR}",
    re.S,
)
_ASSIGN_RE = re.compile(rf"\b([A-Za-z_$][\w$]*)\s*=\s*({_LIT})\s*[;,\n)]")
_ARRAY_RE = re.compile(
    rf"\b([A-Za-z_$][\w$]*)\s*=\s*\[\s*((?:{_LIT}\s*,\s*){{0,20}}{_LIT})\s*[\],]"
)
_ELEMENT_RE = re.compile(_LIT, re.S)
MAX_VARIABLES = 2000
_REFERRER = re.compile(r"document\s*\.\s*referrer|\breferrer\b", re.I)
_ENGINES = re.compile(r"google|bing|yahoo|yandex|duckduckgo|baidu|search|\bmsn\b", re.I)
_UA = re.compile(r"navigator\s*\.\s*(?:userAgent|vendor|platform|appVersion|userAgentData)")
_UA_WORDS = re.compile(
    r"bot|crawl|spider|slurp|mobi|android|iphone|ipad|ipod|blackberry|opera mini|webos"
    r"|windows phone|lighthouse",
    re.I,
)
# How scripts tell a phone from a desktop without the User-Agent: a narrow screen or viewport
# (``screen.width``, ``availWidth``, ``innerWidth``, ``clientWidth``, jQuery's
# ``$(window).width()``, a ``max-width`` or coarse-pointer media query), touch support or the
# old ``window.orientation``. Each guards a mobile-only redirect as well as a User-Agent test.
_SCREEN = re.compile(
    r"(?:screen\s*\.\s*(?:avail)?width|inner[wW]idth|outer[wW]idth|client[wW]idth"
    r"|\$\s*\(\s*window\s*\)\s*\.\s*(?:inner|outer)?[wW]idth\s*\(\s*\))\s*<"
    r"|matchMedia\s*\(\s*['\"][^'\"]{0,80}(?:max-(?:device-)?width|pointer\s*:\s*coarse"
    r"|hover\s*:\s*none)",
    re.I,
)
_WIDTH_READ = re.compile(
    r"screen\s*\.\s*(?:avail)?[wW]idth|inner[wW]idth|outer[wW]idth|client[wW]idth"
)
_WIDTH_LIMIT = re.compile(r"<=?\s*\d{3,4}\b(?!\s*[*/%])")
"""A width read into a variable and compared with a phone-sized limit a little later."""
_TOUCH = re.compile(
    r"['\"]ontouchstart['\"]\s+in\b|maxTouchPoints\s*>|msMaxTouchPoints\s*>"
    r"|\bwindow\s*\.\s*orientation\b|typeof\s+orientation\b"
)
_LOCALE = re.compile(r"navigator\s*\.\s*languages?\b|resolvedOptions\(\s*\)\s*\.\s*timeZone")


def redirect_targets(view: PageView, ctx: PageContext) -> tuple[str, ...]:
    """Every off-site URL the page's inline scripts send visitors to, conditional or not.

    ``detect`` stays quiet about a plain redirect to an unknown domain (a moved page looks the
    same); the cloaking comparison needs them all, because the same redirect served to one
    visitor profile only is the attack.
    """
    budget = jsdecode.DecodeBudget()
    found: list[str] = []
    for script in view.scripts:
        if script.src is not None or "json" in script.type:
            continue
        code = script.code
        if "location" not in code and "open" not in code and len(code) < 64:
            continue
        result = jsdecode.deobfuscate(code, budget)
        units = [Unit(result.code, 0)] + [Unit(p.text, p.depth) for p in result.payloads]
        variables = assigned_literals(units)
        for unit in units:
            for m in _REDIRECT_RE.finditer(unit.text):
                raw = _target(m.group("expr"), m.group("rest"), variables)
                url = _offsite(raw, ctx.url, ctx.site_host) if raw else None
                if url is not None:
                    found.append(url[:500])
    return tuple(dict.fromkeys(found))


def assigned_literals(units: Iterable[Unit]) -> dict[str, str]:
    """Names assigned a string literal anywhere in the script (first assignment wins), and the
    elements of arrays of string literals as ``name[i]`` (``var _0x=["https://..."]``)."""
    found: dict[str, str] = {}
    for unit in units:
        for m in _ASSIGN_RE.finditer(unit.text):
            found.setdefault(m.group(1), jsdecode.literal_value(m.group(2)))
            if len(found) > MAX_VARIABLES:
                return found
        if "[" not in unit.text:
            continue
        for m in _ARRAY_RE.finditer(unit.text):
            for i, element in enumerate(_ELEMENT_RE.finditer(m.group(2))):
                found.setdefault(f"{m.group(1)}[{i}]", jsdecode.literal_value(element.group(0)))
            if len(found) > MAX_VARIABLES:
                return found
    return found


def _conditions(text: str) -> list[str]:
    """The visitor tests in ``text`` that cloaking redirects hide behind (``condition.<name>``
    in the message catalogs)."""
    found: list[str] = []
    if _REFERRER.search(text) and _ENGINES.search(text):
        found.append("referrer")
    if _UA.search(text) and _UA_WORDS.search(text):
        found.append("user_agent")
    if _SCREEN.search(text) or (_WIDTH_READ.search(text) and _WIDTH_LIMIT.search(text)):
        found.append("screen")
    if _TOUCH.search(text):
        found.append("touch")
    if _LOCALE.search(text):
        found.append("locale")
    return found


def _target(expr: str, rest: str | None, variables: dict[str, str]) -> str | None:
    """The string a redirect expression starts with, resolved through simple variables."""
    if expr[:1] in "'\"`":
        value = jsdecode.literal_value(expr)
    elif not rest and (name := re.sub(r"\s+", "", expr)) in variables:
        value = variables[name]
    else:
        return None
    return value.strip() or None


def redirects(
    unit: Unit,
    outer: str,
    variables: dict[str, str],
    decoded: set[str],
    source: Source,
    ctx: PageContext,
    sigs: SignatureSet,
) -> Iterator[Finding]:
    text = unit.text
    if "location" not in text and "open" not in text:
        return
    for m in _REDIRECT_RE.finditer(text):
        raw = _target(m.group("expr"), m.group("rest"), variables)
        if raw is None:
            continue
        url = _offsite(raw, source.url, ctx.site_host)
        if url is None:
            continue
        lo, hi = max(0, m.start() - _CONDITION_WINDOW), m.end() + _CONDITION_WINDOW
        conditions = _conditions(text[lo:hi]) + (_conditions(outer) if outer else [])
        obfuscated = unit.depth > 0 or any(raw in d or d in raw for d in decoded if len(d) > 8)
        finding = _judge_redirect(url, m, unit, conditions, obfuscated, source, sigs)
        if finding is not None:
            yield finding


def _offsite(raw: str, base: str, site_host: str) -> str | None:
    """The absolute URL when ``raw`` leaves the site's organisation; None otherwise."""
    if raw.lower().startswith(("javascript:", "mailto:", "tel:", "#", "data:")):
        return None
    try:
        url = resolve_url(raw, base)
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = host_of(url)
    if host == site_host or registered_domain(host) == registered_domain(site_host):
        return None
    return url


def _judge_redirect(
    url: str,
    m: re.Match[str],
    unit: Unit,
    conditions: list[str],
    obfuscated: bool,
    source: Source,
    sigs: SignatureSet,
) -> Finding | None:
    host = host_of(url)
    domain = registered_domain(host)
    link = Link(url, "", host, domain, urlsplit(url).path, internal=False)
    gambling = gambling_link(sigs, link)
    window_open = "open" in m.group("sink")
    if gambling is not None:
        category, severity, conf = Category.GAMBLING, Severity.HIGH, 0.9 if conditions else 0.85
        ids = gambling.signature_ids
    elif is_public_domain(domain) or is_allowed_domain(sigs, domain) or domain in _WELL_KNOWN:
        return None
    elif conditions and not window_open:
        category, severity, conf, ids = Category.MALICIOUS_SCRIPT, Severity.HIGH, 0.8, ()
    elif conditions or obfuscated:
        category, severity, conf, ids = Category.MALICIOUS_SCRIPT, Severity.MEDIUM, 0.6, ()
    else:
        return None  # a plain link-like redirect off-site (a moved page, a share button)
    key = "finding.js_redirect_conditional" if conditions else "finding.js_redirect"
    detail = code_detail(unit, conditions, obfuscated)
    ev = Evidence(
        url=source.url,
        snippet=around(unit.text, m.start(), m.end()),
        match=url[:500],
        path=source.path,
        profile=source.profile,
        targets=(url[:500],),
        detail=english(detail)[:500],
        message=detail,
    )
    return in_source(source, finding(
        category=category, technique=Technique.JS_REDIRECT, severity=severity, confidence=conf,
        url=source.url, message=Message.of(key, host=host),
        evidence=(ev,), signature_ids=ids + _script_ids(sigs, ev.snippet), target_domain=domain,
    ))  # fmt: skip


def _script_ids(sigs: SignatureSet, text: str) -> tuple[str, ...]:
    """Ids of script-role signatures matching the evidence snippet (for traceability)."""
    hits = sigs.scan({"script": normalize(text[:2000])})
    roles = (Role.SCRIPT_REDIRECT, Role.OBFUSCATION)
    return tuple(h.signature.id for h in hits if h.signature.role in roles)
