"""The incident report: a ScanResult rendered as HTML (the emailed report), Markdown or text.

Indonesian by default (``lang="en"`` for English). Everything taken from scanned pages is
escaped; the HTML is self-contained (inline CSS, no scripts, a restrictive CSP) so it can be
opened from disk, attached or mailed.
"""

from __future__ import annotations

from scanner.report.i18n import LANGUAGES, Translator, translator
from scanner.report.render import (
    FORMATS,
    build_view,
    render_html,
    render_markdown,
    render_report,
    render_text,
    write_report,
)

__all__ = [
    "FORMATS",
    "LANGUAGES",
    "Translator",
    "build_view",
    "render_html",
    "render_markdown",
    "render_report",
    "render_text",
    "translator",
    "write_report",
]
