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
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, TemplateError
from markupsafe import Markup

from scanner.errors import ReportError
from scanner.models import ScanResult
from scanner.report.build import ReportView, build_view
from scanner.report.clock import localize, zone
from scanner.report.defang import defang_view
from scanner.report.i18n import translator
from scanner.report.national import SUMMARISE_ABOVE
from scanner.report.view import clean, one_line

FORMATS: dict[str, str] = {
    "html": "html",
    "md": "md",
    "markdown": "md",
    "text": "txt",
    "txt": "txt",
    "json": "json",
    "jsonl": "jsonl",
    "sarif": "sarif",
}
"""Accepted ``fmt`` values and the file extension each writes."""

Zone = str | tzinfo | None
"""A time zone argument: an IANA name, a tzinfo, or None for Asia/Jakarta."""


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


@dataclass(frozen=True, slots=True)
class MailForm:
    """How the mail form of a report differs: defanged, and possibly only its summary.

    ``attachments`` names the files that carry what the summary leaves out; ``brief_limit``
    is how many incidents the summary still lists in one line each, ``sites_limit`` how many
    rows of the affected-sites table it keeps.
    """

    summary_only: bool = False
    attachments: tuple[str, ...] = ()
    brief_limit: int = 40
    sites_limit: int | None = None
    """At most this many affected sites in the summary (None: all)."""
    json_where: str = ""
    """Where the scan's JSON is when it is not attached (a national scan); "" when it is."""
    owners_limit: int | None = None
    """At most this many rows of a national summary's owner table, worst first (None: as
    built); the rest are counted in its "and N more owners" line."""


def mail_view(view: ReportView, scan: ScanResult, form: MailForm) -> ReportView:
    """``view`` prepared for a mail client (see ``scanner.report.defang``)."""
    _ = translator(view.lang)
    view = defang_view(view, frozenset(s.site.url for s in scan.sites))
    if not form.summary_only:
        return view
    limit = len(view.sites) if form.sites_limit is None else form.sites_limit
    national = view.national
    if national is not None and form.owners_limit is not None:
        cut = national.owners[form.owners_limit :]
        national = replace(
            national,
            owners=national.owners[: form.owners_limit],
            more_owners=national.more_owners + len(cut),
        )
    return replace(
        view,
        national=national,
        sites=view.sites[:limit],
        more_sites=max(0, len(view.sites) - limit),
        summary_only=True,
        brief_limit=form.brief_limit,
        attached=_("email.attached", files=", ".join(form.attachments))
        + (f" {_('email.json_elsewhere', where=form.json_where)}" if form.json_where else ""),
    )


def _render(
    kind: str,
    scan: ScanResult,
    lang: str,
    previous: ScanResult | None,
    tz: Zone,
    mail: MailForm | None = None,
    summarise_above: int = SUMMARISE_ABOVE,
) -> str:
    view = build_view(scan, lang, previous, tz=tz, summarise_above=summarise_above)
    if mail is not None:
        view = mail_view(view, scan, mail)
    try:
        template = environment(kind).get_template(f"report.{kind}.j2")
        return template.render(r=view, _=translator(lang))
    except TemplateError as exc:
        raise ReportError(f"cannot render the {kind} report: {exc}") from exc


def render_html(
    scan: ScanResult,
    lang: str = "id",
    previous: ScanResult | None = None,
    *,
    tz: Zone = None,
    mail: MailForm | None = None,
    summarise_above: int = SUMMARISE_ABOVE,
) -> str:
    """The self-contained HTML report (inline CSS, no scripts, strict CSP).

    With ``mail`` the form for mail clients: hostile URLs defanged, and with
    ``mail.summary_only`` only the summary and a note naming the attachments. A scan of more
    than ``summarise_above`` sites is summarised per province and owner (``national.py``).
    """
    return _render("html", scan, lang, previous, tz, mail, summarise_above)


def render_markdown(
    scan: ScanResult,
    lang: str = "id",
    previous: ScanResult | None = None,
    *,
    tz: Zone = None,
    summarise_above: int = SUMMARISE_ABOVE,
) -> str:
    """The report as Markdown (for tickets and chat); data is escaped, never raw HTML."""
    return _render("md", scan, lang, previous, tz, None, summarise_above)


def render_text(
    scan: ScanResult,
    lang: str = "id",
    previous: ScanResult | None = None,
    *,
    tz: Zone = None,
    mail: MailForm | None = None,
    summarise_above: int = SUMMARISE_ABOVE,
) -> str:
    """The report as plain text (the text/plain part of the email, with ``mail``)."""
    return _render("txt", scan, lang, previous, tz, mail, summarise_above)


def render_report(
    scan: ScanResult,
    fmt: str = "html",
    lang: str = "id",
    previous: ScanResult | None = None,
    *,
    tz: Zone = None,
    summarise_above: int = SUMMARISE_ABOVE,
) -> str:
    """The report in ``fmt`` (html, md, text, json, jsonl or sarif) as a string.

    json, jsonl and sarif are data (docs/json-schema.md, docs/output.md): page text is not
    escaped there but JSON-encoded; sarif's messages and rule names are in ``lang``.
    """
    ext = FORMATS.get(fmt)
    if ext is None:
        raise ReportError(f"unknown report format {fmt!r} (known: {', '.join(FORMATS)})")
    if ext == "jsonl":
        from scanner.report.jsonl import scan_to_jsonl

        return scan_to_jsonl(scan)
    if ext == "sarif":
        from scanner.report.sarif import dumps, scan_to_sarif

        return dumps(scan_to_sarif(scan, lang))
    if ext == "json":
        import json

        from scanner.output import scan_to_json  # the lead's module; imported when needed

        return json.dumps(scan_to_json(scan), ensure_ascii=False, indent=2) + "\n"
    if ext == "md":
        return render_markdown(scan, lang, previous, tz=tz, summarise_above=summarise_above)
    if ext == "txt":
        return render_text(scan, lang, previous, tz=tz, summarise_above=summarise_above)
    return render_html(scan, lang, previous, tz=tz, summarise_above=summarise_above)


def dated_name(scan: ScanResult, ext: str, tz: Zone = None) -> str:
    """``scan-<id>-<YYYYmmdd-HHMMSS>.<ext>`` from the scan's start, in ``tz`` when aware."""
    zone_ = zone(tz) if isinstance(tz, str) else tz
    started: datetime = localize(scan.started, zone_)
    return f"scan-{scan.id}-{started:%Y%m%d-%H%M%S}.{ext}"


def write_file(path: Path, text: str) -> None:
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
    *,
    tz: Zone = None,
    summarise_above: int = SUMMARISE_ABOVE,
) -> list[Path]:
    """Write the report; return the paths written.

    With ``out`` only that file is written. Otherwise ``reports_dir/latest.<ext>`` and a dated
    copy ``reports_dir/scan-<id>-<YYYYmmdd-HHMMSS>.<ext>`` (directories are created).
    ``ReportError`` names the path on failure.
    """
    text = render_report(scan, fmt, lang, previous, tz=tz, summarise_above=summarise_above)
    ext = FORMATS[fmt]
    if out is not None:
        paths = [Path(out)]
    else:
        paths = [Path(reports_dir) / f"latest.{ext}", Path(reports_dir) / dated_name(scan, ext, tz)]
    for path in paths:
        write_file(path, text)
    return paths
