"""Script detector: what inline scripts and same-site JS files do to a visitor, read statically.

Attackers who plant judi-online on a .go.id site through JavaScript do one of three things:

* write gambling HTML into the page (``document.write``/``innerHTML``), usually encoded
  (base64, char codes, ``\\x`` escapes) so the owner's grep finds nothing -> ``JS_INJECTION``;
* send visitors elsewhere, typically only those who come from Google or use a phone, so the owner
  typing the address never sees it -> ``JS_REDIRECT``;
* overlay a defacement (``document.body.innerHTML = '<h1>Hacked by ...'``) ->
  ``DEFACEMENT_OVERLAY``.

Legitimate scripts (analytics, SDKs, jQuery, language switchers, http->https redirects) use the
same functions, so nothing here fires on the mere presence of ``atob`` or ``location``: the
DECODED payload must carry gambling or defacement content, or a redirect must leave the
organisation's domain, for a gambling domain or under a referrer/User-Agent condition. Nothing is
ever executed (``jsdecode`` folds the encodings), and every input is bounded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from urllib.parse import urljoin, urlsplit

from scanner.detect import jsdecode
from scanner.detect.base import PageContext, finding
from scanner.detect.evidence import (
    bounded_targets,
    gambling_link,
    is_allowed_domain,
    is_gambling_domain,
    is_public_domain,
    scan_parts,
    snippet,
)
from scanner.extract import analyse
from scanner.models import (
    Category,
    Evidence,
    Finding,
    Link,
    PageView,
    Severity,
    Technique,
)
from scanner.normalize import normalize
from scanner.signatures import Role, SignatureSet
from scanner.urls import host_of, registered_domain

MAX_HTML_ANALYSES = 40
"""Decoded HTML payloads parsed per page (each is an ``extract.analyse``)."""
MAX_PAYLOAD_HTML = 200_000
"""Characters of one HTML payload parsed."""
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
_EXPR = rf"(?P<expr>{_LIT}|[A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)(?P<rest>\s*\+)?"
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
_SCRIPT_SRC_RE = re.compile(
    rf"\.\s*src\s*=\s*({_LIT})|setAttribute\(\s*['\"]src['\"]\s*,\s*({_LIT})"
)
_WRITE_SINK = re.compile(
    r"document\s*\.\s*write(?:ln)?\s*\(|\.\s*(?:inner|outer)HTML\s*[+]?=|insertAdjacentHTML\s*\("
    r"|\.\s*(?:html|append|prepend|before|after|replaceWith)\s*\(|createContextualFragment"
)
_TEXT_SINK = re.compile(
    r"\.\s*(?:innerText|textContent)\s*=|document\s*\.\s*title\s*=|\balert\s*\(|\.\s*text\s*\("
    r"|\$\s*\(|\bjQuery\s*\("
)
_SINK_WORDS = ("write", "HTML", "html", "append", "prepend", "before", "after", "replaceWith",
               "Fragment", "innerText", "textContent", "title", "alert", "text", "$", "jQuery")
"""Every ``_WRITE_SINK``/``_TEXT_SINK`` match contains one of these: checking them first skips
the alternation regexes (~70 us per 5 KB, no literal prefix to skip ahead on) for most code."""


def _may_sink(text: str) -> bool:
    return any(word in text for word in _SINK_WORDS)


_BODY_SINK = re.compile(
    r"document\s*\.\s*(?:body|documentElement)\s*\.\s*(?:inner|outer)HTML\s*="
    r"|\$\s*\(\s*['\"](?:body|html)['\"]\s*\)\s*\.\s*html\s*\(|document\s*\.\s*open\s*\("
)
_BARE_URL = re.compile(r"\s*(?:https?:)?//\S+\s*$", re.I)
_HTML_TAG = re.compile(r"<\s*(?:[a-zA-Z][\w-]*[\s>/]|!--)")
_PAGE_HTML = re.compile(r"<\s*(?:html|body|title)\b", re.I)
_REFERRER = re.compile(r"document\s*\.\s*referrer|\breferrer\b", re.I)
_ENGINES = re.compile(r"google|bing|yahoo|yandex|duckduckgo|baidu|search|\bmsn\b", re.I)
_UA = re.compile(r"navigator\s*\.\s*(?:userAgent|vendor|platform|appVersion|userAgentData)")
_UA_WORDS = re.compile(
    r"bot|crawl|spider|slurp|mobile|android|iphone|ipad|ipod|blackberry|opera mini|webos"
    r"|windows phone|lighthouse",
    re.I,
)
_SCREEN = re.compile(r"screen\s*\.\s*width\s*<|innerWidth\s*<|matchMedia\s*\(\s*['\"]\(max-width")
_LOCALE = re.compile(r"navigator\s*\.\s*languages?\b|resolvedOptions\(\s*\)\s*\.\s*timeZone")


@dataclass(frozen=True, slots=True)
class _Unit:
    """A piece of code or text to analyse: the page's own (folded) code or a decoded payload."""

    text: str
    depth: int
    method: str = ""
    expression: str = ""


@dataclass(frozen=True, slots=True)
class _Source:
    """Where the analysed code came from, for evidence and technique choice."""

    url: str
    path: str
    profile: str
    asset: bool


def detect(view: PageView, ctx: PageContext, sigs: SignatureSet) -> list[Finding]:
    """Findings in the page's inline scripts and inline event handlers (JSON data skipped)."""
    budget = jsdecode.DecodeBudget()
    state = _PageState()
    findings: list[Finding] = []
    for script in view.scripts:
        if script.src is not None or not script.code.strip() or "json" in script.type:
            continue
        source = _Source(ctx.url, script.path, ctx.profile, asset=False)
        findings.extend(_analyse_code(script.code, source, ctx, sigs, budget, state))
    return _dedup(findings)


def detect_asset(url: str, code: str, ctx: PageContext, sigs: SignatureSet) -> list[Finding]:
    """Findings in a same-site JavaScript file (e.g. a jquery.min.js with an appended redirect).

    A legitimate library is large and full of ``location`` and ``userAgent``; what gives a
    modified asset away is the same as for inline code (an off-site conditional redirect, decoded
    gambling HTML, ``eval(atob(...))`` of such), reported as ``MODIFIED_ASSET`` at high severity.
    """
    source = _Source(url, url, ctx.profile, asset=True)
    findings = _analyse_code(code, source, ctx, sigs, jsdecode.DecodeBudget(), _PageState())
    return _dedup(findings)


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
        units = [_Unit(result.code, 0)] + [_Unit(p.text, p.depth) for p in result.payloads]
        variables = _variables(units)
        for unit in units:
            for m in _REDIRECT_RE.finditer(unit.text):
                raw = _target(m.group("expr"), m.group("rest"), variables)
                url = _offsite(raw, ctx.url, ctx.site_host) if raw else None
                if url is not None:
                    found.append(url[:500])
    return tuple(dict.fromkeys(found))


class _PageState:
    """Per-page counters that bound the expensive work (HTML payload parses)."""

    __slots__ = ("analyses",)

    def __init__(self) -> None:
        self.analyses = 0


def _analyse_code(
    code: str,
    source: _Source,
    ctx: PageContext,
    sigs: SignatureSet,
    budget: jsdecode.DecodeBudget,
    state: _PageState,
) -> list[Finding]:
    result = jsdecode.deobfuscate(code, budget)
    units = [_Unit(result.code, 0)] + [
        _Unit(p.text, p.depth, p.method, p.expression) for p in result.payloads
    ]
    variables = _variables(units)
    decoded = {p.text for p in result.payloads if len(p.text) >= 8}
    top = units[0].text
    findings: list[Finding] = []
    # Deepest payloads first: deduplication keeps the first finding, and the decoded payload is
    # the clearest evidence (the top-level code only shows the folded literal).
    for unit in sorted(units, key=lambda u: -u.depth):
        outer = top if unit.depth > 0 else ""
        findings.extend(_redirects(unit, outer, variables, decoded, source, ctx, sigs))
        findings.extend(_written_content(unit, source, ctx, sigs, state))
    return findings


# --------------------------------------------------------------------------- redirects


def _variables(units: Iterable[_Unit]) -> dict[str, str]:
    """Names assigned a string literal anywhere in the script (first assignment wins)."""
    found: dict[str, str] = {}
    for unit in units:
        for m in _ASSIGN_RE.finditer(unit.text):
            found.setdefault(m.group(1), jsdecode.literal_value(m.group(2)))
            if len(found) > 2000:
                return found
    return found


def _conditions(text: str) -> list[str]:
    """The visitor tests in ``text`` that cloaking redirects hide behind."""
    found: list[str] = []
    if _REFERRER.search(text) and _ENGINES.search(text):
        found.append("referrer (search engine)")
    if _UA.search(text) and _UA_WORDS.search(text):
        found.append("User-Agent (bot/mobile)")
    if _SCREEN.search(text):
        found.append("screen size (mobile)")
    if _LOCALE.search(text):
        found.append("language/time zone")
    return found


def _target(expr: str, rest: str | None, variables: dict[str, str]) -> str | None:
    """The string a redirect expression starts with, resolved through simple variables."""
    if expr[:1] in "'\"`":
        value = jsdecode.literal_value(expr)
    elif expr in variables and not rest:
        value = variables[expr]
    else:
        return None
    return value.strip() or None


def _redirects(
    unit: _Unit,
    outer: str,
    variables: dict[str, str],
    decoded: set[str],
    source: _Source,
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
        url = urljoin(base, raw)
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
    unit: _Unit,
    conditions: list[str],
    obfuscated: bool,
    source: _Source,
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
    what = "conditional " if conditions else ""
    detail = _detail(unit, conditions, obfuscated)
    ev = Evidence(
        url=source.url,
        snippet=_around(unit.text, m.start(), m.end()),
        match=url[:500],
        path=source.path,
        profile=source.profile,
        targets=(url[:500],),
        detail=detail,
    )
    return _in_source(source, finding(
        category=category, technique=Technique.JS_REDIRECT, severity=severity, confidence=conf,
        url=source.url, summary=f"Script {what}redirects visitors off-site to {host}",
        evidence=(ev,), signature_ids=ids + _script_ids(sigs, ev.snippet), target_domain=domain,
    ))  # fmt: skip


# --------------------------------------------------------------------------- written content


def _html_of(unit: _Unit) -> str:
    """The HTML/text a unit would put into the page ('' when it writes nothing)."""
    if unit.depth > 0:
        # A decoded bare URL is a destination, judged by the redirect rules, not written content.
        return "" if _BARE_URL.match(unit.text) else unit.text[:MAX_PAYLOAD_HTML]
    if not _may_sink(unit.text) or not (
        _WRITE_SINK.search(unit.text) or _TEXT_SINK.search(unit.text)
    ):
        return ""
    pieces = [s for s in jsdecode.string_literals(unit.text) if len(s) >= 4]
    return "\n".join(pieces)[:MAX_PAYLOAD_HTML]


def _written_content(
    unit: _Unit, source: _Source, ctx: PageContext, sigs: SignatureSet, state: _PageState
) -> Iterator[Finding]:
    if unit.depth == 0:  # scripts it creates: s.src = '...' / setAttribute('src', ...)
        injected = [
            jsdecode.literal_value(g)
            for m in _SCRIPT_SRC_RE.finditer(unit.text)
            for g in m.groups()
            if g
        ]
        yield from _loaded_resources(injected, unit, source, sigs)
    payload = _html_of(unit)
    if not payload.strip():
        return
    writes_html = unit.depth > 0 or bool(_WRITE_SINK.search(unit.text))
    if _HTML_TAG.search(payload) and writes_html and state.analyses < MAX_HTML_ANALYSES:
        state.analyses += 1
        view = analyse(payload, source.url, site_host=ctx.site_host)
        parts = {
            "visible_text": view.visible_text,
            "hidden_text": view.hidden_text,
            "title": view.title,
            "link_text": " ".join(link.text for link in view.links),
        }
        links = [g for g in (gambling_link(sigs, link) for link in view.links) if g is not None]
        srcs = [s.src for s in view.scripts if s.src] + [f.src for f in view.iframes]
        srcs += [view.meta_refresh.url] if view.meta_refresh else []
        parsed = True
    else:
        parts, links, srcs, parsed = {"visible_text": payload}, [], [], False
    signals = scan_parts(sigs, parts)
    body_sink = bool(_BODY_SINK.search(unit.text)) or bool(_PAGE_HTML.search(payload))
    # Brand-like words alone (``toto88``) need the HTML around them; plain strings need phrases.
    promo = signals.count(Role.PROMO, Role.BRAND) if parsed else signals.count(Role.PROMO)
    gambling = (
        bool(links)
        or (promo >= 1 and signals.count(Role.DISCUSSION) == 0)
        or (
            signals.count(Role.PROMO) >= 3
            and signals.count(Role.DISCUSSION) < signals.count(Role.PROMO)
        )
    )
    if writes_html and gambling:
        term = links[0].term if links else signals.term(Role.PROMO, Role.BRAND)
        targets = [g.url for g in links]
        ids = tuple(sorted(signals.ids_for(sigs, Role.PROMO, Role.BRAND, Role.CTA)))
        ids += tuple(i for g in links for i in g.signature_ids)
        ev = _code_evidence(unit, source, payload, term, targets)
        yield _in_source(source, finding(
            category=Category.GAMBLING, technique=Technique.JS_INJECTION, severity=Severity.HIGH,
            confidence=0.9, url=source.url, summary=f"Script writes gambling content{_via(unit)}",
            evidence=(ev,), signature_ids=ids, target_domain=links[0].domain if links else "",
        ))  # fmt: skip
    deface = signals.count(Role.DEFACE) >= 1 or (signals.count(Role.DEFACER) >= 1 and body_sink)
    if deface and (body_sink or unit.depth > 0 or signals.count(Role.DEFACE_DISCUSSION) == 0):
        severity = Severity.CRITICAL if body_sink else Severity.HIGH
        ev = _code_evidence(unit, source, payload, signals.term(Role.DEFACE, Role.DEFACER), [])
        yield _in_source(source, finding(
            category=Category.DEFACEMENT, technique=Technique.DEFACEMENT_OVERLAY, severity=severity,
            confidence=0.85, url=source.url, evidence=(ev,),
            summary=f"Script overlays a defacement message{_via(unit)}",
            signature_ids=signals.ids_for(sigs, Role.DEFACE, Role.DEFACER),
        ))  # fmt: skip
    yield from _loaded_resources(srcs, unit, source, sigs)


def _loaded_resources(
    srcs: Iterable[str], unit: _Unit, source: _Source, sigs: SignatureSet
) -> Iterator[Finding]:
    """Scripts/frames/refreshes a script injects that point at gambling or known-bad hosts."""
    for src in bounded_targets(srcs):
        url = urljoin(source.url, src)
        host = host_of(url)
        gambling = is_gambling_domain(sigs, host)
        bad = tuple(s.id for s in sigs.domain_hits(host) if s.role is Role.BAD_SCRIPT_DOMAIN)
        if not (gambling or bad) or is_public_domain(registered_domain(host)):
            continue
        category = Category.GAMBLING if gambling else Category.MALICIOUS_SCRIPT
        ev = _code_evidence(unit, source, unit.text, src, [url])
        yield _in_source(source, finding(
            category=category, technique=Technique.JS_INJECTION, severity=Severity.HIGH,
            confidence=0.85, url=source.url, evidence=(ev,),
            summary=f"Script loads a resource from {host}{_via(unit)}",
            signature_ids=gambling + bad, target_domain=registered_domain(host),
        ))  # fmt: skip


def _code_evidence(
    unit: _Unit, source: _Source, payload: str, term: str, targets: list[str]
) -> Evidence:
    """Evidence of content written or loaded by code: the payload around ``term``."""
    snip, match = snippet(payload, term)
    return Evidence(
        url=source.url,
        snippet=snip,
        match=match,
        path=source.path,
        profile=source.profile,
        targets=bounded_targets(targets),
        detail=_detail(unit, [], unit.depth > 0),
    )


# --------------------------------------------------------------------------- helpers


def _in_source(source: _Source, found: Finding) -> Finding:
    """The finding as its source makes it: in a same-site JS file, a modified asset (at least
    high, the file named in the summary)."""
    if not source.asset:
        return found
    severity = found.severity
    if severity.rank < Severity.HIGH.rank:
        severity = Severity.HIGH
    return replace(
        found,
        technique=Technique.MODIFIED_ASSET,
        severity=severity,
        summary=f"{found.summary} (in {source.url[:200]})",
    )


def _via(unit: _Unit) -> str:
    return f" (decoded {unit.method}, depth {unit.depth})" if unit.depth > 0 else ""


def _detail(unit: _Unit, conditions: list[str], obfuscated: bool) -> str:
    parts: list[str] = []
    if conditions:
        parts.append("only when: " + ", ".join(dict.fromkeys(conditions)))
    if unit.depth > 0:
        parts.append(f"decoded from {unit.method} at depth {unit.depth}: {unit.expression[:160]}")
    elif obfuscated:
        parts.append("target built by obfuscated code")
    return "; ".join(parts)[:500]


def _around(text: str, start: int, end: int, width: int = 240) -> str:
    """Bounded one-line snippet of ``text`` around [start, end)."""
    pad = max(0, (width - (end - start)) // 2)
    lo, hi = max(0, start - pad), min(len(text), end + pad)
    return " ".join(text[lo:hi].split())[: width * 2]


def _script_ids(sigs: SignatureSet, text: str) -> tuple[str, ...]:
    """Ids of script-role signatures matching the evidence snippet (for traceability)."""
    hits = sigs.scan({"script": normalize(text[:2000])})
    roles = (Role.SCRIPT_REDIRECT, Role.OBFUSCATION)
    return tuple(h.signature.id for h in hits if h.signature.role in roles)


def _dedup(findings: list[Finding]) -> list[Finding]:
    """One finding per (technique, category, target domain); the first (most decoded) is kept."""
    seen: dict[tuple[str, str, str], Finding] = {}
    for f in findings:
        key = (f.technique.value, f.category.value, f.target_domain)
        seen.setdefault(key, f)
    return list(seen.values())
