"""What a scan saw and could not see: the basis of any "all clear", and the red warnings a
report or mail opens with (issue 12: never clean by mistake)."""

from __future__ import annotations

from dataclasses import dataclass

from scanner.models import FetchErrorKind, LimitKind, ScanResult
from scanner.report.i18n import Translator


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of the inventory this scan actually saw: the basis of any "all clear"."""

    sites: int
    checked: int
    """Sites reached with at least one page fetched."""
    complete: bool

    @property
    def nothing_checked(self) -> bool:
        """Not one page of one site was seen: the scan says nothing about the sites."""
        return self.checked == 0

    @property
    def trustworthy(self) -> bool:
        """Finished and saw something: only then may "no incidents" read as all clear."""
        return self.complete and not self.nothing_checked


def coverage(scan: ScanResult) -> Coverage:
    """What ``scan`` covered (sites reached with a page, and whether it finished)."""
    checked = sum(1 for s in scan.sites if s.status == "ok" and s.pages_crawled > 0)
    return Coverage(sites=len(scan.sites), checked=checked, complete=scan.complete)


def coverage_alerts(scan: ScanResult, _: Translator) -> tuple[str, ...]:
    """The red warnings a report or mail must open with (empty for a trustworthy scan)."""
    cov = coverage(scan)
    alerts = []
    if cov.nothing_checked:
        alerts.append(_("report.nothing_checked", sites=_.plural("count.sites", cov.sites)))
    if not cov.complete:
        alerts.append(_("report.incomplete"))
    return tuple(alerts)


_MAX_LISTED = 10

SITE_ERRORS = {
    "no page could be fetched": "site_error.no_page",
    "scan interrupted before this site finished": "site_error.interrupted",
}
"""The pipeline's fixed site errors, by the catalog key that says them in the report's language."""
_KINDS = frozenset(k.value for k in FetchErrorKind)


def site_error_label(error: str, _: Translator) -> str | None:
    """A site error in the report's language: a fixed site error, or the catalog label of the
    ``"<fetch error kind>: <technical message>"`` form; None for anything else (an exception's
    text), which the caller shows as it is."""
    if error in SITE_ERRORS:
        return _(SITE_ERRORS[error])
    kind, sep, _rest = error.partition(": ")
    if sep and kind in _KINDS:
        return _.label("fetch_error", kind, _("fetch_error.other"))
    return None


def _listed(items: list[str]) -> str:
    more = len(items) - _MAX_LISTED
    return "; ".join(items[:_MAX_LISTED]) + (f"; (+{more})" if more > 0 else "")


def blind_spot_alerts(scan: ScanResult, _: Translator) -> tuple[str, ...]:
    """What the scan could not see, each said plainly (issue 12): sites not checked (beside
    the all-unreachable alert), limits hit (pages cut at a cap, sitemaps cut, deadlines), and
    pages fetched through the insecure TLS fallback."""
    alerts = []
    unseen = [s for s in scan.sites if s.status != "ok" and s.error]
    if unseen and len(unseen) < len(scan.sites):
        # The reason in the reader's language; the technical text is in the sites table.
        which = _listed(
            [f"{s.site.host} ({site_error_label(s.error, _) or s.error})" for s in unseen]
        )
        alerts.append(_("report.unseen", sites=_.plural("count.sites", len(unseen)), which=which))
    hits = [
        f"{s.site.host}: {x.kind.value} {x.url} {x.detail}".rstrip()
        for s in scan.sites
        for x in s.limits
        if x.kind is not LimitKind.NOTHING_ANALYSED  # said by the line above
    ]
    if hits:
        alerts.append(_("report.limits", which=_listed(hits)))
    tls = [s for s in scan.sites if s.tls_unverified]
    if tls:
        pages = sum(s.tls_unverified for s in tls)
        which = _listed([f"{s.site.host} ({s.tls_unverified})" for s in tls])
        alerts.append(_("report.tls_unverified", pages=pages, which=which))
    return tuple(alerts)
