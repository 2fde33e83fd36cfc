"""ScanResult -> ReportView: the whole report decided in Python, before any template runs.

What is new or resolved, whether the scan can be called clean at all (``coverage.py``, whose
names are re-exported here), which evidence repeats, which CMS the remediation is written for,
whether a national scan is summarised (``national.py``): all decided here, typed and tested.
The templates (``render``) only loop and print.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import tzinfo

from scanner.models import (
    Change,
    FetchErrorKind,
    Incident,
    ScanResult,
    Severity,
    SiteResult,
)
from scanner.report import remediation
from scanner.report.clock import fmt_duration, fmt_time, zone
from scanner.report.cms import Cms, common_cms, infer_cms
from scanner.report.coverage import SITE_ERRORS, site_error_label
from scanner.report.coverage import Coverage as Coverage
from scanner.report.coverage import blind_spot_alerts as blind_spot_alerts
from scanner.report.coverage import coverage as coverage
from scanner.report.coverage import coverage_alerts as coverage_alerts
from scanner.report.i18n import Translator, translator
from scanner.report.national import (
    MAX_NATIONAL_INCIDENTS,
    SUMMARISE_ABOVE,
    NationalView,
    summarise,
)
from scanner.report.view import (
    MAX_ERRORS,
    MAX_EVIDENCE,
    MAX_URLS,
    FailureRow,
    IncidentView,
    Link,
    RecordView,
    SeverityCount,
    SiteRow,
    clean,
    contact_links,
    count_by_severity,
    evidence_view,
    grouped_evidence,
    is_open,
    profile_label,
    scan_pages,
    severity_sorted,
    url_link,
)


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
    alerts: tuple[str, ...] = ()
    """Red warnings shown first: nothing was checked, or the scan did not finish."""
    all_clear: bool = False
    """No open incident in a scan that finished and saw something: the green message."""
    mail: bool = False
    """Rendered for a mail client (hostile URLs defanged, no links but the inventory's)."""
    summary_only: bool = False
    """The mail's short form: counts, sites and a brief incident list; the rest is attached."""
    attached: str = ""
    """The "see the attachments" note of the short form."""
    brief_limit: int = 0
    """How many incidents the short form lists (one line each)."""
    more_sites: int = 0
    """Affected sites the short form leaves out of its table (they are in the attachments)."""
    national: NationalView | None = None
    """Set for a scan of more sites than ``report.summarise_above``: the tables per province
    and owner replace the affected-sites table, and only the worst incidents are listed."""


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


MAX_RECORDS = 20
"""WARC records listed per incident (the export has them all)."""


def _records(site: SiteResult, inc: Incident, _: Translator) -> tuple[RecordView, ...]:
    """The incident's WARC evidence records of this scan, as plain text."""
    return tuple(
        RecordView(
            record_id=clean(item.record_id, 80),
            url=clean(item.url),
            seen_by=profile_label(item.profile, _),
            sha256=clean(item.payload_sha256, 64),
            truncated=item.truncated,
        )
        for item in site.evidence
        if inc.id in item.incidents
    )[:MAX_RECORDS]


def _incident_view(site: SiteResult, inc: Incident, _: Translator, tz: tzinfo) -> IncidentView:
    groups = grouped_evidence(inc.evidence)
    cms = infer_cms(site)
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
            " (" + _("incident.snoozed_until", time=fmt_time(inc.snoozed_until, _, tz)) + ")"
            if inc.snoozed_until is not None
            else ""
        ),
        change=inc.change.value,
        change_label=_("change.not_rechecked" if inc.unchecked else f"change.{inc.change.value}"),
        summary=clean(_.render_or(inc.message, inc.summary), 500),
        target_domain=clean(inc.target_domain),
        first_seen=fmt_time(inc.first_seen, _, tz),
        last_seen=fmt_time(inc.last_seen, _, tz),
        times_seen=inc.times_seen,
        confidence=round(inc.confidence * 100),
        urls=tuple(url_link(u) for u in (inc.urls or (inc.url,))[:MAX_URLS]),
        more_urls=max(0, len(inc.urls) - MAX_URLS),
        evidence=tuple(evidence_view(e, _, more) for e, more in groups[:MAX_EVIDENCE]),
        more_evidence=max(0, len(groups) - MAX_EVIDENCE),
        signatures=clean(", ".join(inc.signature_ids)),
        hints=remediation.hints(inc.technique, _.lang, cms),
        records=_records(site, inc, _),
        cms=_("incident.cms", cms=_(f"cms.{cms.value}")) if cms is not Cms.UNKNOWN else "",
        unchecked=_unchecked(inc, _),
    )


def _unchecked(inc: Incident, _: Translator) -> str:
    """Which pages of an active incident this scan could not re-check, and why (plain text)."""
    if not inc.unchecked:
        return ""
    pages = "; ".join(
        clean(u.url, 200) + " (" + clean(u.detail or u.gap.value, 120) + ")"
        for u in inc.unchecked[:3]
    )
    return clean(_("incident.unchecked", pages=pages), 800)


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
                    problem=_site_problem(s, _),
                    message=clean(_site_detail(s.error), 500),
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


def _site_problem(site: SiteResult, _: Translator) -> str:
    """Why a site failed, in words: its status, then the error's catalog label when known.

    A site error is ``"<fetch error kind>: <technical message>"`` (the first page's fetch
    failure), one of ``_SITE_ERRORS``, or an exception's text; the technical message stays in
    the message column (``_site_detail``), the label is what a reader understands.
    """
    status = _.label("site_status", site.status)
    label = site_error_label(site.error, _)
    return f"{status}: {label}" if label else status


def _site_detail(error: str) -> str:
    """The technical part of a site error (what ``_site_problem`` did not already say)."""
    if error in SITE_ERRORS:
        return ""
    kind, sep, rest = error.partition(": ")
    return rest if sep and kind in {k.value for k in FetchErrorKind} else error


def build_view(
    scan: ScanResult,
    lang: str = "id",
    previous: ScanResult | None = None,
    *,
    tz: str | tzinfo | None = None,
    summarise_above: int = SUMMARISE_ABOVE,
) -> ReportView:
    """The view model of ``scan`` in ``lang``, compared with ``previous`` when given.

    Times are shown in ``tz`` (an IANA name or a tzinfo; Asia/Jakarta when None). A scan of
    more than ``summarise_above`` sites gets the national summary (``national.py``).
    """
    _ = translator(lang)
    zone_ = zone() if tz is None else zone(tz) if isinstance(tz, str) else tz
    current, resolved = classify(scan, previous)
    current = [(s, i) for s, i in _sorted_pairs(current)]
    national = None
    if len(scan.sites) > summarise_above:
        national = summarise(scan, (i for _s, i in current), _)
    listed = current[:MAX_NATIONAL_INCIDENTS] if national is not None else current
    counts = count_by_severity((i for _s, i in current), (i for _s, i in resolved), _)
    failures = _failures(scan, _)
    alerts = coverage_alerts(scan, _)
    # What the scan could not see is said, but a finished scan that saw something stays "all
    # clear for what was reached" (the all-clear's own wording says so).
    blind = blind_spot_alerts(scan, _)
    return ReportView(
        lang=lang,
        scan_id=scan.id,
        scan_time=fmt_time(scan.started, _, zone_),
        duration=fmt_duration(scan.started, scan.finished, _),
        complete=scan.complete,
        previous_note=(
            _("report.previous", id=previous.id, time=fmt_time(previous.started, _, zone_))
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
        sites=_site_rows(current, _) if national is None else (),
        incidents=tuple(_incident_view(s, i, _, zone_) for s, i in listed),
        resolved=tuple(
            ResolvedRow(
                site=_site_name(s),
                technique=_.label("technique", i.technique.value),
                severity=i.severity.value,
                severity_label=_(f"severity.{i.severity.value}"),
                url=url_link(i.url),
                last_seen=fmt_time(i.last_seen, _, zone_),
            )
            for s, i in _sorted_pairs(resolved)[: MAX_ERRORS if national is not None else None]
        ),
        general_steps=(
            remediation.general_steps(lang, common_cms(s for s, _i in listed)) if current else ()
        ),
        failures=tuple(failures[:MAX_ERRORS]),
        more_failures=max(0, len(failures) - MAX_ERRORS),
        version=clean(scan.scanner_version, 40),
        alerts=(*alerts, *blind),
        all_clear=not current and not alerts,
        national=national,
    )


def _sorted_pairs(pairs: list[Pair]) -> list[Pair]:
    order = {id(i): n for n, i in enumerate(severity_sorted(i for _s, i in pairs))}
    return sorted(pairs, key=lambda p: order[id(p[1])])
