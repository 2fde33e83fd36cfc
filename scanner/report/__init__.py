"""The incident report: a ScanResult rendered as HTML (the emailed report), Markdown or text.

Indonesian by default (``lang="en"`` for English), times in ``report.timezone`` (``tz``).
Everything taken from scanned pages is escaped; the HTML is self-contained (inline CSS, no
scripts, a restrictive CSP) so it can be opened from disk, attached or mailed. Modules:

- ``build``        ScanResult -> ReportView (coverage, new/resolved, repeated evidence, CMS)
- ``view``         the small records and bounded, cleaned helpers the view is made of
- ``render``       the Jinja2 environments, the formats, writing files
- ``clock``        time zones (WIB/WITA/WIT); ``cms`` platform guess; ``remediation`` steps
- ``defang``       the mail form: hostile URLs made unclickable; ``inline`` CSS for mail
"""

from __future__ import annotations

from scanner.report.build import ReportView, build_view, coverage
from scanner.report.clock import DEFAULT_TIMEZONE
from scanner.report.i18n import LANGUAGES, Translator, translator
from scanner.report.render import (
    FORMATS,
    MailForm,
    render_html,
    render_markdown,
    render_report,
    render_text,
    write_report,
)

__all__ = [
    "DEFAULT_TIMEZONE",
    "FORMATS",
    "LANGUAGES",
    "MailForm",
    "ReportView",
    "Translator",
    "build_view",
    "coverage",
    "render_html",
    "render_markdown",
    "render_report",
    "render_text",
    "translator",
    "write_report",
]
