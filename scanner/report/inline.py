"""CSS inlining for mail clients: ``<style>`` rules moved into ``style=""`` attributes.

Many mail clients drop ``<style>``; ``@media`` rules are kept so phones still get the stacked
layout where the client allows it. Used by the SMTP transport when it sends, and by the mail
policy to measure what the client will receive (Gmail clips an HTML part over ~102 KB).
"""

from __future__ import annotations

import logging

import css_inline

log = logging.getLogger(__name__)

_INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)


def inline_css(html: str) -> str:
    """``html`` with its ``<style>`` rules inlined; the original HTML if the inliner fails.

    A less pretty email beats none.
    """
    try:
        return str(_INLINER.inline(html))
    except (css_inline.InlineError, ValueError) as exc:
        log.warning("CSS inlining failed, sending the HTML as is: %s", exc)
        return html


def inlined_size(html: str) -> int:
    """Bytes of ``html`` once inlined: what a mail client's clipping limit is measured on."""
    return len(inline_css(html).encode("utf-8"))
