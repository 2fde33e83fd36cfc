"""Scan -> view model: everything the templates show, computed, bounded and labelled in Python.

Templates only loop and print. Every decision (sorting, what counts as new, what becomes a
link, where the matched text starts, how many URLs to show) is made here, where it is typed and
tested. Text that came from a scanned page stays plain ``str``: the HTML environment escapes it,
and nothing here produces markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from scanner.contacts import FIND_ADDRESS
from scanner.models import Change, Evidence, Incident, IncidentStatus, ScanResult, Severity
from scanner.report.i18n import Translator

# Display bounds: a report must stay readable (and an email small) whatever a site throws at us.
MAX_URLS = 20
MAX_EVIDENCE = 5
MAX_TARGETS = 15
MAX_DIFF_LINES = 60
MAX_ERRORS = 200
MAX_SNIPPET = 600
MAX_FIELD = 300
MAX_DETAIL = 2000

_SEVERITIES = tuple(reversed(Severity))  # critical first
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")
_BREAKS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


# --------------------------------------------------------------------------- small records


@dataclass(frozen=True, slots=True)
class Link:
    """A text that is a link only when ``href`` is set (http/https/mailto we built)."""

    text: str
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Snippet:
    """Evidence text split around the match, so the template can ``<mark>`` the middle."""

    before: str
    match: str
    after: str


@dataclass(frozen=True, slots=True)
class DiffLine:
    """One line of a unified diff; ``kind`` is add, del, hunk, meta or ctx (a CSS class)."""

    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class EvidenceView:
    """One piece of evidence, ready to print."""

    url: Link
    snippet: Snippet | None
    path: str
    seen_by: str
    targets: tuple[Link, ...]
    more_targets: int
    detail: str
    diff: tuple[DiffLine, ...]
    more_diff: int
    more_pages: int = 0
    """Other pages of the incident where exactly this evidence was seen (shown once)."""


@dataclass(frozen=True, slots=True)
class RecordView:
    """One WARC record kept as evidence: shown as text only, never as a link (issue 14)."""

    record_id: str
    url: str
    seen_by: str
    sha256: str
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class IncidentView:
    """One incident with its site's owner and contact and the hints to fix it."""

    id: str
    site: str
    site_url: Link
    owner: str
    contacts: tuple[Link, ...]
    category: str
    technique: str
    severity: str
    severity_label: str
    status: str
    status_label: str
    change: str
    change_label: str
    summary: str
    target_domain: str
    first_seen: str
    last_seen: str
    times_seen: int
    confidence: int
    urls: tuple[Link, ...]
    more_urls: int
    evidence: tuple[EvidenceView, ...]
    more_evidence: int
    signatures: str
    hints: tuple[str, ...]
    cms: str = ""
    """Which platform the hints are written for ("" when it could not be recognised)."""
    records: tuple[RecordView, ...] = ()
    """The WARC records kept for this incident in this scan (record id and payload digest)."""
    unchecked: str = ""
    """Why this active incident was not re-checked tonight ("" when it was: issue 12)."""


@dataclass(frozen=True, slots=True)
class SiteRow:
    """A row of the affected-sites table."""

    name: str
    url: Link
    owner: str
    contacts: tuple[Link, ...]
    severity: str
    severity_label: str
    total: int
    new: int


@dataclass(frozen=True, slots=True)
class SeverityCount:
    """Incidents of one severity: new, ongoing and resolved since the previous scan."""

    severity: str
    label: str
    new: int
    ongoing: int
    resolved: int

    @property
    def total(self) -> int:
        """Open now (new + ongoing)."""
        return self.new + self.ongoing


@dataclass(frozen=True, slots=True)
class FailureRow:
    """An unreachable site or a page that could not be fetched."""

    site: str
    url: Link
    problem: str
    message: str


# --------------------------------------------------------------------------- helpers


def clean(text: str, limit: int = MAX_FIELD) -> str:
    """One line of hostile text: control characters and line breaks removed, length bounded."""
    flat = " ".join(_CONTROL.sub(" ", text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def one_line(text: str, limit: int = MAX_DETAIL) -> str:
    """``text`` with line breaks and control characters turned into spaces (edges kept)."""
    flat = _BREAKS.sub(" ", text)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def safe_href(url: str) -> str | None:
    """``url`` when it is an http(s) URL with a host, else ``None`` (never a javascript: link)."""
    url = url.strip()
    if _CONTROL.search(url) or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def url_link(url: str) -> Link:
    """A URL shown as text, clickable only if it is http(s)."""
    return Link(clean(url, 500), safe_href(url))


def contact_links(contact: str) -> tuple[Link, ...]:
    """Split a contact field into parts: e-mail addresses become ``mailto:`` links."""
    contact = clean(contact, 500)
    parts: list[Link] = []
    pos = 0
    for m in FIND_ADDRESS.finditer(contact):
        if m.start() > pos:
            parts.append(Link(contact[pos : m.start()]))
        address = m.group(0)
        parts.append(Link(address, "mailto:" + quote(address, safe="@.+-_'")))
        pos = m.end()
    if pos < len(contact):
        parts.append(Link(contact[pos:]))
    return tuple(p for p in parts if p.text.strip())


def split_snippet(snippet: str, match: str, limit: int = MAX_SNIPPET) -> Snippet | None:
    """Split ``snippet`` into before/match/after (case-insensitive), bounded around the match.

    When ``match`` is not found the whole (bounded) snippet is ``before`` and nothing is marked.
    """
    text = _CONTROL.sub(" ", snippet)
    if not text.strip():
        return None
    start = text.casefold().find(match.casefold()) if match.strip() else -1
    # casefold can change lengths (ß -> ss); only trust the index when it lines up.
    if start >= 0 and text[start : start + len(match)].casefold() != match.casefold():
        start = -1
    if start < 0:
        return Snippet(_bound(text, limit), "", "")
    end = start + len(match)
    hit = text[start:end][:limit]
    room = max(0, (limit - len(hit)) // 2)
    before = text[max(0, start - room) : start]
    after = text[end : end + room]
    if start - room > 0:
        before = "…" + before
    if end + room < len(text):
        after = after + "…"
    return Snippet(before, hit, after)


def _bound(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_diff(diff: str) -> tuple[tuple[DiffLine, ...], int] | None:
    """The lines of a unified diff (``Evidence.diff``, bounded) and how many were cut, else None."""
    lines = diff.splitlines()
    if not any(line.startswith(("@@", "--- ", "+++ ")) for line in lines):
        return None
    out: list[DiffLine] = []
    for line in lines:
        if line.startswith(("--- ", "+++ ")):
            kind = "meta"
        elif line.startswith("@@"):
            kind = "hunk"
        elif line.startswith("+"):
            kind = "add"
        elif line.startswith("-"):
            kind = "del"
        else:
            kind = "ctx"
        out.append(DiffLine(kind, _bound(_CONTROL.sub(" ", line), 400)))
    return tuple(out[:MAX_DIFF_LINES]), max(0, len(out) - MAX_DIFF_LINES)


def profile_label(profile: str, _: Translator) -> str:
    """Which kind of visitor saw the evidence, in plain words."""
    key = f"profile.{profile}"
    return _(key) if _.has(key) else _("profile.other", name=clean(profile, 40))


def evidence_view(ev: Evidence, _: Translator, more_pages: int = 0) -> EvidenceView:
    """Bound and label one Evidence record (seen identically on ``more_pages`` other pages)."""
    diff = parse_diff(ev.diff)
    targets = tuple(url_link(t) for t in ev.targets[:MAX_TARGETS])
    return EvidenceView(
        url=url_link(ev.url),
        snippet=split_snippet(ev.snippet, ev.match),
        path=clean(ev.path),
        seen_by=profile_label(ev.profile, _),
        targets=targets,
        more_targets=max(0, len(ev.targets) - MAX_TARGETS),
        detail=_bound(_CONTROL.sub(" ", _.render_or(ev.message, ev.detail)), MAX_DETAIL).strip(),
        diff=diff[0] if diff else (),
        more_diff=diff[1] if diff else 0,
        more_pages=more_pages,
    )


def grouped_evidence(evidence: Iterable[Evidence]) -> list[tuple[Evidence, int]]:
    """Each distinct piece of evidence once, with how many other pages showed exactly it.

    An injected footer is the same snippet and link targets on every page; printing it per page
    buries the one line that matters. Evidence is the same when what a reader checks (snippet,
    match, targets, detail, diff, who saw it) is the same; the element path may differ by page.
    """
    groups: dict[tuple[object, ...], list[Evidence]] = {}
    for ev in evidence:
        key = (ev.snippet, ev.match.casefold(), ev.targets, ev.detail, ev.diff, ev.profile)
        groups.setdefault(key, []).append(ev)
    out = []
    for same in groups.values():
        pages = {e.url for e in same}
        out.append((same[0], len(pages) - 1))
    return out


def severity_sorted(items: Iterable[Incident]) -> list[Incident]:
    """Critical first, then new before ongoing, then by site and technique."""
    change_rank = {Change.NEW: 0, Change.ONGOING: 1, Change.RESOLVED: 2}
    return sorted(
        items,
        key=lambda i: (-i.severity.rank, change_rank[i.change], i.site, i.technique.value),
    )


def is_open(incident: Incident) -> bool:
    """Still needs attention in the report: not resolved (acknowledged and snoozed are shown)."""
    return incident.status is not IncidentStatus.RESOLVED and incident.change is not Change.RESOLVED


def count_by_severity(
    current: Iterable[Incident], resolved: Iterable[Incident], _: Translator
) -> tuple[SeverityCount, ...]:
    """The header table: per severity, new / ongoing / resolved."""
    cur, res = list(current), list(resolved)
    rows = []
    for sev in _SEVERITIES:
        rows.append(
            SeverityCount(
                severity=sev.value,
                label=_(f"severity.{sev.value}"),
                new=sum(1 for i in cur if i.severity is sev and i.change is Change.NEW),
                ongoing=sum(1 for i in cur if i.severity is sev and i.change is Change.ONGOING),
                resolved=sum(1 for i in res if i.severity is sev),
            )
        )
    return tuple(rows)


def scan_pages(scan: ScanResult) -> int:
    """Pages fetched with an answer, over every site."""
    return sum(s.pages_crawled for s in scan.sites)
