"""Render a ScanResult as an HTML, Markdown or plain-text incident report, and write it to disk.

Three Jinja2 environments share one view model (``build_view``):

* HTML: ``autoescape=True``. Nothing from a scanned page is ever marked safe; evidence is split
  into before/match/after in Python so ``<mark>`` comes from the template, not from the page.
* Markdown: every printed value passes ``finalize`` (HTML entities for ``<>&``, backslashes for
  Markdown punctuation, one line), because Markdown viewers render raw HTML.
* Text (the email's text/plain part): every value is reduced to one clean line.

All three use ``StrictUndefined``: a typo in a template is an error, not an empty cell.
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, TemplateError
from markupsafe import Markup

from scanner.errors import ReportError
from scanner.models import Change, Incident, ScanResult, Severity, SiteResult
from scanner.report import remediation
from scanner.report.i18n import Translator, translator
from scanner.report.view import (
    MAX_ERRORS,
    MAX_EVIDENCE,
    MAX_URLS,
    WIB,
    FailureRow,
    IncidentView,
    Link,
    SeverityCount,
    SiteRow,
    clean,
    contact_links,
    count_by_severity,
    evidence_view,
    fmt_duration,
    fmt_time,
    is_open,
    one_line,
    scan_pages,
    severity_sorted,
    url_link,
)

FORMATS: dict[str, str] = {
    "html": "html",
    "md": "md",
    "markdown": "md",
    "text": "txt",
    "txt": "txt",
    "json": "json",
}
"""Accepted ``fmt`` values and the file extension each writes."""


@dataclass(frozen=True, slots=True)
class ResolvedRow:
    """A resolved incident, listed briefly."""

    site: str
    technique: str
    severity: str
    severity_label: str
    url: Link
    last_seen: str


@dataclass(frozen=True, slots=True)
class ReportView:
    """Everything a report template prints."""

    lang: str
    scan_id: int
    scan_time: str
    duration: str
    complete: bool
    previous_note: str
    sites_total: int
    sites_unreachable: int
    pages: int
    counts: tuple[SeverityCount, ...]
    totals: SeverityCount
    sites: tuple[SiteRow, ...]
    incidents: tuple[IncidentView, ...]
    resolved: tuple[ResolvedRow, ...]
    general_steps: tuple[str, ...]
    failures: tuple[FailureRow, ...]
    more_failures: int
    version: str


Pair = tuple[SiteResult, Incident]


def classify(scan: ScanResult, previous: ScanResult | None) -> tuple[list[Pair], list[Pair]]:
    """(open incidents, resolved incidents), each with its site.

    Without ``previous`` the store's ``Incident.change`` and ``SiteResult.resolved`` are
    trusted. With it, new/ongoing is recomputed from incident ids, and incidents open in the
    previous scan but absent now count as resolved, only for sites reached this time (an
    unreachable site has not been cleaned just because we could not see it).
    """
    current = [(s, i) for s in scan.sites for i in s.incidents if is_open(i)]
    resolved = [(s, i) for s in scan.sites for i in s.resolved]
    resolved += [(s, i) for s in scan.sites for i in s.incidents if not is_open(i)]
    if previous is not None:
        before = {i.id for s in previous.sites for i in s.incidents if is_open(i)}
        current = [
            (s, replace(i, change=Change.ONGOING if i.id in before else Change.NEW))
            for s, i in current
        ]
        now = {i.id for s in scan.sites for i in s.incidents}
        reached = {s.site.host: s for s in scan.sites if s.status == "ok"}
        for ps in previous.sites:
            site = reached.get(ps.site.host)
            if site is None:
                continue
            resolved += [
                (site, replace(i, change=Change.RESOLVED))
                for i in ps.incidents
                if is_open(i) and i.id not in now
            ]
    seen: set[str] = set()
    unique = []
    for s, i in resolved:
        if i.id not in seen:
            seen.add(i.id)
            unique.append((s, i))
    return current, unique


def _site_name(site: SiteResult) -> str:
    return clean(site.site.name or site.site.host or site.site.url)


def _incident_view(site: SiteResult, inc: Incident, _: Translator) -> IncidentView:
    return IncidentView(
        id=clean(inc.id, 80),
        site=_site_name(site),
        site_url=url_link(site.site.url),
        owner=clean(site.site.owner),
        contacts=contact_links(site.site.contact),
        category=_.label("category", inc.category.value),
        technique=_.label("technique", inc.technique.value),
        severity=inc.severity.value,
        severity_label=_(f"severity.{inc.severity.value}"),
        status=inc.status.value,
        status_label=_(f"status.{inc.status.value}")
        + (
            " (" + _("incident.snoozed_until", time=fmt_time(inc.snoozed_until, _)) + ")"
            if inc.snoozed_until is not None
            else ""
        ),
        change=inc.change.value,
        change_label=_(f"change.{inc.change.value}"),
        summary=clean(inc.summary, 500),
        target_domain=clean(inc.target_domain),
        first_seen=fmt_time(inc.first_seen, _),
        last_seen=fmt_time(inc.last_seen, _),
        times_seen=inc.times_seen,
        confidence=round(inc.confidence * 100),
        urls=tuple(url_link(u) for u in (inc.urls or (inc.url,))[:MAX_URLS]),
        more_urls=max(0, len(inc.urls) - MAX_URLS),
        evidence=tuple(evidence_view(e, _) for e in inc.evidence[:MAX_EVIDENCE]),
        more_evidence=max(0, len(inc.evidence) - MAX_EVIDENCE),
        signatures=clean(", ".join(inc.signature_ids)),
        hints=remediation.hints(inc.technique, _.lang),
    )


def _site_rows(current: list[Pair], _: Translator) -> tuple[SiteRow, ...]:
    by_site: dict[int, list[Pair]] = {}
    for pair in current:
        by_site.setdefault(id(pair[0]), []).append(pair)
    rows = []
    for pairs in by_site.values():
        site = pairs[0][0]
        worst = max((i.severity for _s, i in pairs), key=lambda s: s.rank)
        rows.append(
            SiteRow(
                name=_site_name(site),
                url=url_link(site.site.url),
                owner=clean(site.site.owner),
                contacts=contact_links(site.site.contact),
                severity=worst.value,
                severity_label=_(f"severity.{worst.value}"),
                total=len(pairs),
                new=sum(1 for _s, i in pairs if i.change is Change.NEW),
            )
        )
    rank = {s.value: s.rank for s in Severity}
    return tuple(sorted(rows, key=lambda r: (-rank[r.severity], -r.new, -r.total, r.name)))


def _failures(scan: ScanResult, _: Translator) -> list[FailureRow]:
    rows = []
    for s in scan.sites:
        if s.status != "ok":
            rows.append(
                FailureRow(
                    site=_site_name(s),
                    url=url_link(s.site.url),
                    problem=_.label("site_status", s.status),
                    message=clean(s.error, 500),
                )
            )
        for p in s.pages:
            if p.error is not None:
                rows.append(
                    FailureRow(
                        site=_site_name(s),
                        url=url_link(p.url),
                        problem=_.label("fetch_error", p.error.kind, _("fetch_error.other")),
                        message=clean(p.error.message, 500),
                    )
                )
    return rows


def build_view(
    scan: ScanResult, lang: str = "id", previous: ScanResult | None = None
) -> ReportView:
    """The view model of ``scan`` in ``lang``, compared with ``previous`` when given."""
    _ = translator(lang)
    current, resolved = classify(scan, previous)
    current = [(s, i) for s, i in _sorted_pairs(current)]
    counts = count_by_severity((i for _s, i in current), (i for _s, i in resolved), _)
    failures = _failures(scan, _)
    return ReportView(
        lang=lang,
        scan_id=scan.id,
        scan_time=fmt_time(scan.started, _),
        duration=fmt_duration(scan.started, scan.finished, _),
        complete=scan.complete,
        previous_note=(
            _("report.previous", id=previous.id, time=fmt_time(previous.started, _))
            if previous is not None
            else ""
        ),
        sites_total=len(scan.sites),
        sites_unreachable=sum(1 for s in scan.sites if s.status != "ok"),
        pages=scan_pages(scan),
        counts=counts,
        totals=SeverityCount(
            "total",
            _("summary.total"),
            sum(c.new for c in counts),
            sum(c.ongoing for c in counts),
            sum(c.resolved for c in counts),
        ),
        sites=_site_rows(current, _),
        incidents=tuple(_incident_view(s, i, _) for s, i in current),
        resolved=tuple(
            ResolvedRow(
                site=_site_name(s),
                technique=_.label("technique", i.technique.value),
                severity=i.severity.value,
                severity_label=_(f"severity.{i.severity.value}"),
                url=url_link(i.url),
                last_seen=fmt_time(i.last_seen, _),
            )
            for s, i in _sorted_pairs(resolved)
        ),
        general_steps=remediation.general_steps(lang) if current else (),
        failures=tuple(failures[:MAX_ERRORS]),
        more_failures=max(0, len(failures) - MAX_ERRORS),
        version=clean(scan.scanner_version, 40),
    )


def _sorted_pairs(pairs: list[Pair]) -> list[Pair]:
    order = {id(i): n for n, i in enumerate(severity_sorted(i for _s, i in pairs))}
    return sorted(pairs, key=lambda p: order[id(p[1])])


# --------------------------------------------------------------------------- environments

# Brackets are escaped, so no link can form and parentheses/! stay harmless; block syntax
# (#, +, -, >, "1.") only matters at the start of a value, which is escaped separately.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|~])")
_MD_LEADING = re.compile(r"^(\s*)([#+\-=>]|\d+[.)])")


def md_escape(value: Any) -> str:
    """Jinja ``finalize`` for Markdown: one line, no raw HTML, no Markdown syntax from data."""
    if isinstance(value, Markup):  # built by our own filters below
        return str(value)
    text = one_line(str(value))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LEADING.sub(_escape_leading, text)


def _escape_leading(m: re.Match[str]) -> str:
    mark = m.group(2)
    # "12." must become "12\." (a backslash before a digit is not an escape).
    return m.group(1) + (mark[:-1] + "\\" + mark[-1] if mark[0].isdigit() else "\\" + mark)


def md_code(value: str) -> Markup:
    """Inline code span whose fence is longer than any backtick run in ``value``."""
    text = clean(value, 2000)
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return Markup(f"{fence} {text} {fence}")


def md_codes(values: list[str]) -> Markup:
    """Several values as comma-separated code spans."""
    return Markup(", ").join(md_code(v) for v in values)


def md_block(lines: list[str]) -> Markup:
    """A fenced code block (``diff``) that no line of ``lines`` can close early."""
    body = "\n".join(clean(line, 400) for line in lines)
    longest = max((len(m) for m in re.findall(r"`{3,}|~{3,}", body)), default=2)
    fence = "`" * max(3, longest + 1)
    return Markup(f"{fence}diff\n{body}\n{fence}")


def text_finalize(value: Any) -> str:
    """Jinja ``finalize`` for plain text: one clean line, so data cannot fake report lines."""
    return one_line(str(value))


@functools.cache
def environment(kind: str) -> Environment:
    """The Jinja2 environment for ``html``, ``md`` or ``txt`` templates (cached)."""
    loader = PackageLoader("scanner.report", "templates")
    common: dict[str, Any] = {
        "loader": loader,
        "undefined": StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }
    if kind == "html":
        env = Environment(autoescape=True, **common)
    elif kind == "md":
        env = Environment(autoescape=False, finalize=md_escape, **common)
        env.filters["code"] = md_code
        env.filters["codes"] = md_codes
        env.filters["block"] = md_block
    elif kind == "txt":
        env = Environment(autoescape=False, finalize=text_finalize, **common)
    else:
        raise ReportError(f"unknown template kind {kind!r}")
    return env


def _render(kind: str, scan: ScanResult, lang: str, previous: ScanResult | None) -> str:
    view = build_view(scan, lang, previous)
    try:
        template = environment(kind).get_template(f"report.{kind}.j2")
        return template.render(r=view, _=translator(lang))
    except TemplateError as exc:
        raise ReportError(f"cannot render the {kind} report: {exc}") from exc


def render_html(scan: ScanResult, lang: str = "id", previous: ScanResult | None = None) -> str:
    """The self-contained HTML report (inline CSS, no scripts, strict CSP)."""
    return _render("html", scan, lang, previous)


def render_markdown(scan: ScanResult, lang: str = "id", previous: ScanResult | None = None) -> str:
    """The report as Markdown (for tickets and chat); data is escaped, never raw HTML."""
    return _render("md", scan, lang, previous)


def render_text(scan: ScanResult, lang: str = "id", previous: ScanResult | None = None) -> str:
    """The report as plain text (the text/plain part of the email)."""
    return _render("txt", scan, lang, previous)


def render_report(
    scan: ScanResult, fmt: str = "html", lang: str = "id", previous: ScanResult | None = None
) -> str:
    """The report in ``fmt`` (html, md, text or json) as a string."""
    ext = FORMATS.get(fmt)
    if ext is None:
        raise ReportError(f"unknown report format {fmt!r} (known: {', '.join(FORMATS)})")
    if ext == "json":
        import json

        from scanner.output import scan_to_json  # the lead's module; imported when needed

        return json.dumps(scan_to_json(scan), ensure_ascii=False, indent=2) + "\n"
    if ext == "md":
        return render_markdown(scan, lang, previous)
    if ext == "txt":
        return render_text(scan, lang, previous)
    return render_html(scan, lang, previous)


def dated_name(scan: ScanResult, ext: str) -> str:
    """``scan-<id>-<YYYYmmdd-HHMMSS>.<ext>`` from the scan's start (WIB when aware)."""
    started: datetime = scan.started
    if started.tzinfo is not None:
        started = started.astimezone(WIB)
    return f"scan-{scan.id}-{started:%Y%m%d-%H%M%S}.{ext}"


def _write(path: Path, text: str) -> None:
    """Write atomically: a reader (or the mailer) never sees half a report."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise ReportError(f"{path}: cannot write report: {exc.strerror or exc}") from exc


def write_report(
    scan: ScanResult,
    out: Path | None,
    reports_dir: Path,
    fmt: str = "html",
    lang: str = "id",
    previous: ScanResult | None = None,
) -> list[Path]:
    """Write the report; return the paths written.

    With ``out`` only that file is written. Otherwise ``reports_dir/latest.<ext>`` and a dated
    copy ``reports_dir/scan-<id>-<YYYYmmdd-HHMMSS>.<ext>`` (directories are created).
    ``ReportError`` names the path on failure.
    """
    text = render_report(scan, fmt, lang, previous)
    ext = FORMATS[fmt]
    if out is not None:
        paths = [Path(out)]
    else:
        paths = [Path(reports_dir) / f"latest.{ext}", Path(reports_dir) / dated_name(scan, ext)]
    for path in paths:
        _write(path, text)
    return paths
