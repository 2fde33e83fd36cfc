"""The script detector's entry points: inline scripts of a page, and same-site JS files.

Each script is folded and decoded once (``jsdecode``); every unit (the code and each decoded
payload) then goes through the redirect rules and the written-content rules.
"""

from __future__ import annotations

from scanner.detect import jsdecode
from scanner.detect.base import PageContext
from scanner.detect.scripts.code import PageState, Source, Unit
from scanner.detect.scripts.redirects import assigned_literals, redirects
from scanner.detect.scripts.written import written_content
from scanner.models import Finding, PageView
from scanner.signatures import SignatureSet


def detect(view: PageView, ctx: PageContext, sigs: SignatureSet) -> list[Finding]:
    """Findings in the page's inline scripts and inline event handlers (JSON data skipped)."""
    budget = jsdecode.DecodeBudget()
    state = PageState()
    findings: list[Finding] = []
    for script in view.scripts:
        if script.src is not None or not script.code.strip() or "json" in script.type:
            continue
        source = Source(ctx.url, script.path, ctx.profile, asset=False)
        findings.extend(_analyse_code(script.code, source, ctx, sigs, budget, state))
    return _dedup(findings)


def detect_asset(
    url: str, code: str, ctx: PageContext, sigs: SignatureSet, *, offsite: bool = False
) -> list[Finding]:
    """Findings in a JavaScript file (e.g. a jquery.min.js with an appended redirect).

    A legitimate library is large and full of ``location`` and ``userAgent``; what gives a
    modified asset away is the same as for inline code (an off-site conditional redirect, decoded
    gambling HTML, ``eval(atob(...))`` of such), reported as ``MODIFIED_ASSET`` at high severity,
    or, for a third-party file (``offsite``), as ``EXTERNAL_SCRIPT``.
    """
    source = Source(url, url, ctx.profile, asset=True, offsite=offsite)
    findings = _analyse_code(code, source, ctx, sigs, jsdecode.DecodeBudget(), PageState())
    return _dedup(findings)


def _analyse_code(
    code: str,
    source: Source,
    ctx: PageContext,
    sigs: SignatureSet,
    budget: jsdecode.DecodeBudget,
    state: PageState,
) -> list[Finding]:
    result = jsdecode.deobfuscate(code, budget)
    units = [Unit(result.code, 0)] + [
        Unit(p.text, p.depth, p.method, p.expression) for p in result.payloads
    ]
    variables = assigned_literals(units)
    decoded = {p.text for p in result.payloads if len(p.text) >= 8}
    top = units[0].text
    findings: list[Finding] = []
    # Deepest payloads first: deduplication keeps the first finding, and the decoded payload is
    # the clearest evidence (the top-level code only shows the folded literal).
    for unit in sorted(units, key=lambda u: -u.depth):
        outer = top if unit.depth > 0 else ""
        findings.extend(redirects(unit, outer, variables, decoded, source, ctx, sigs))
        findings.extend(written_content(unit, source, ctx, sigs, state))
    return findings


def _dedup(findings: list[Finding]) -> list[Finding]:
    """One finding per (technique, category, target domain); the first (most decoded) is kept."""
    seen: dict[tuple[str, str, str], Finding] = {}
    for f in findings:
        key = (f.technique.value, f.category.value, f.target_domain)
        seen.setdefault(key, f)
    return list(seen.values())
