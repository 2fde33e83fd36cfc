"""Terminal listings (``scanner incidents list``, ``scanner baseline show``) in the report's
language and time zone.

The commands print what these functions return and nothing else, so an operator in Makassar
reads the same words and the same WITA times on the terminal as in the morning report
(``report.lang``, ``report.timezone``). Everything an incident carries may come from a scanned
page (a domain, a title inside its summary): each line is made terminal-safe here, so no escape
sequence from a page reaches the operator's terminal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import tzinfo

from scanner.models import Fingerprint, Incident
from scanner.report.clock import fmt_time
from scanner.report.i18n import Translator
from scanner.store import BaselineVersion

MAX_SUMMARY = 300
"""Characters of an incident's summary shown under its line (the report has the rest)."""


def terminal_safe(text: str, limit: int = MAX_SUMMARY) -> str:
    """One line with every control, format and line-separator character turned into a space
    (ANSI escapes, bidi overrides, a CR that would redraw the line), bounded to ``limit``."""
    flat = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def incident_lines(incident: Incident, _: Translator, tz: tzinfo) -> tuple[str, str]:
    """The two lines of one incident: id, status, severity, site, last seen and pages; then
    its summary, rendered from its catalog message (the stored English text for old rows)."""
    last = fmt_time(incident.last_seen, _, tz) if incident.last_seen else "-"
    head = (
        f"{incident.id[:12]}  {_.label('status', incident.status.value):<15} "
        f"{_.label('severity', incident.severity.value):<8} {terminal_safe(incident.site, 80)}  "
        f"{_('cli.last_seen', time=last)}  {_.plural('cli.urls', len(incident.urls))}"
    )
    return head, "    " + terminal_safe(_.render_or(incident.message, incident.summary))


def incidents_listing(incidents: Sequence[Incident], _: Translator, tz: tzinfo) -> list[str]:
    """Every incident's two lines, then how many there are (``3 insiden``)."""
    lines = [line for inc in incidents for line in incident_lines(inc, _, tz)]
    return [*lines, _.plural("count.incidents", len(incidents))]


def baseline_listing(
    site_url: str,
    versions: Sequence[BaselineVersion],
    pages: Mapping[str, Fingerprint],
    _: Translator,
    tz: tzinfo,
) -> list[str]:
    """``baseline show``: one line per saved version (its time in ``tz``), then the pages of
    the active one with their titles; a sentence saying so when there is none yet."""
    if not versions:
        return [_("cli.no_baseline", site=terminal_safe(site_url, 300))]
    lines: list[str] = []
    for v in versions:
        source = _("cli.from_scan", id=v.scan_id) if v.scan_id is not None else _("cli.by_hand")
        lines.append(
            f"v{v.version}  {fmt_time(v.created_at, _, tz)}  "
            f"{_.label('baseline_by', v.created_by):<10} {source:<14} "
            f"{_.plural('cli.pages', v.pages)}"
        )
    for page_url, fp in sorted(pages.items()):
        title = terminal_safe(fp.title, 60)
        lines.append(f"  {terminal_safe(page_url, 300)}  {_('cli.title', title=title)}")
    return lines
