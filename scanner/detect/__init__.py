"""Detection: one module per technique family, each ``detect(view, ctx, sigs) -> list[Finding]``.

- ``content``     gambling promotion in visible text, title/meta/OG/JSON-LD, comments, doorways
- ``hidden``      hidden content and hidden link blocks
- ``defacement``  pages replaced by a defacement
- ``scripts``     inline and same-site JS: decoded payloads, conditional/off-site redirects
- ``embeds``      external scripts, iframes, meta refresh, HTTP redirects, off-site forms
- ``cloaking``    what Googlebot, mobile or Google-referred visitors see that browsers do not

Every detector builds its findings with ``base.finding`` (keyword-only) and names signature roles
by ``signatures.Role``. This package only aggregates; it adds no rule of its own.
"""

from __future__ import annotations

from scanner.detect import content, defacement, embeds, hidden, scripts
from scanner.detect.base import PageContext
from scanner.detect.cloaking import Observation, compare_profiles
from scanner.models import Finding, PageView
from scanner.signatures import SignatureSet

_DETECTORS = (content.detect, hidden.detect, defacement.detect, scripts.detect, embeds.detect)

__all__ = ["Observation", "PageContext", "compare_profiles", "detect_asset", "detect_page"]


def detect_page(view: PageView, ctx: PageContext, sigs: SignatureSet) -> tuple[Finding, ...]:
    """Every finding of every page detector for one analysed page."""
    findings: list[Finding] = []
    for detector in _DETECTORS:
        findings.extend(detector(view, ctx, sigs))
    return tuple(findings)


def detect_asset(
    url: str, code: str, ctx: PageContext, sigs: SignatureSet, *, offsite: bool = False
) -> tuple[Finding, ...]:
    """Findings in a JavaScript file: a same-site asset (e.g. a modified jquery.min.js), or a
    third-party script (``offsite``: reported as an external script)."""
    return tuple(scripts.detect_asset(url, code, ctx, sigs, offsite=offsite))
