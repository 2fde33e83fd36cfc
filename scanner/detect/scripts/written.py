"""Written-content rules: scripts that write gambling HTML or a defacement into the page, or
load scripts and frames from gambling or known-bad hosts.

Only what reaches the page counts: the unit must write (``document.write``, ``innerHTML``,
jQuery ``.html()``...) or be a decoded payload, and its text must carry gambling promotion or a
defacement message as the signatures see it. Decoded HTML is parsed with ``extract.analyse`` (at
most ``MAX_HTML_ANALYSES`` per page) so links and hidden blocks count as on a page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from scanner.detect import jsdecode
from scanner.detect.base import PageContext, finding
from scanner.detect.evidence import (
    bounded_targets,
    gambling_link,
    is_gambling_domain,
    is_public_domain,
    scan_parts,
    snippet,
)
from scanner.detect.scripts.code import PageState, Source, Unit, code_detail, in_source, via
from scanner.extract import analyse
from scanner.models import Category, Evidence, Finding, Message, Severity, Technique
from scanner.report.i18n import english
from scanner.signatures import Role, SignatureSet
from scanner.urls import host_of, registered_domain, resolve_url

MAX_HTML_ANALYSES = 40
"""Decoded HTML payloads parsed per page (each is an ``extract.analyse``)."""
MAX_PAYLOAD_HTML = 200_000
"""Characters of one HTML payload parsed."""
_LIT = jsdecode.LITERAL
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

def _html_of(unit: Unit) -> str:
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


def written_content(
    unit: Unit, source: Source, ctx: PageContext, sigs: SignatureSet, state: PageState
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
        ev = code_evidence(unit, source, payload, term, targets)
        yield in_source(source, finding(
            category=Category.GAMBLING, technique=Technique.JS_INJECTION, severity=Severity.HIGH,
            confidence=0.9, url=source.url,
            message=Message.of("finding.script_writes", via=via(unit)),
            evidence=(ev,), signature_ids=ids, target_domain=links[0].domain if links else "",
        ))  # fmt: skip
    deface = signals.count(Role.DEFACE) >= 1 or (signals.count(Role.DEFACER) >= 1 and body_sink)
    if deface and (body_sink or unit.depth > 0 or signals.count(Role.DEFACE_DISCUSSION) == 0):
        severity = Severity.CRITICAL if body_sink else Severity.HIGH
        ev = code_evidence(unit, source, payload, signals.term(Role.DEFACE, Role.DEFACER), [])
        yield in_source(source, finding(
            category=Category.DEFACEMENT, technique=Technique.DEFACEMENT_OVERLAY, severity=severity,
            confidence=0.85, url=source.url, evidence=(ev,),
            message=Message.of("finding.script_overlay", via=via(unit)),
            signature_ids=signals.ids_for(sigs, Role.DEFACE, Role.DEFACER),
        ))  # fmt: skip
    yield from _loaded_resources(srcs, unit, source, sigs)


def _loaded_resources(
    srcs: Iterable[str], unit: Unit, source: Source, sigs: SignatureSet
) -> Iterator[Finding]:
    """Scripts/frames/refreshes a script injects that point at gambling or known-bad hosts."""
    for src in bounded_targets(srcs):
        url = resolve_url(src, source.url)
        host = host_of(url)
        gambling = is_gambling_domain(sigs, host)
        bad = tuple(s.id for s in sigs.domain_hits(host) if s.role is Role.BAD_SCRIPT_DOMAIN)
        if not (gambling or bad) or is_public_domain(registered_domain(host)):
            continue
        category = Category.GAMBLING if gambling else Category.MALICIOUS_SCRIPT
        ev = code_evidence(unit, source, unit.text, src, [url])
        yield in_source(source, finding(
            category=category, technique=Technique.JS_INJECTION, severity=Severity.HIGH,
            confidence=0.85, url=source.url, evidence=(ev,),
            message=Message.of("finding.script_loads", host=host, via=via(unit)),
            signature_ids=gambling + bad, target_domain=registered_domain(host),
        ))  # fmt: skip


def code_evidence(
    unit: Unit, source: Source, payload: str, term: str, targets: list[str]
) -> Evidence:
    """Evidence of content written or loaded by code: the payload around ``term``."""
    snip, match = snippet(payload, term)
    detail = code_detail(unit, [], unit.depth > 0)
    return Evidence(
        url=source.url,
        snippet=snip,
        match=match,
        path=source.path,
        profile=source.profile,
        targets=bounded_targets(targets),
        detail=english(detail)[:500],
        message=detail,
    )
