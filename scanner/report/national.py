"""The national summary: a scan of more sites than ``report.summarise_above`` is reported per
province and per owner (sites.csv ``owner``), not site by site.

A national night covers tens of thousands of sites; a report listing each would be a file no
one opens and a mail no client shows. What a national team needs first is where: which
provinces and which owners have open incidents, and how much of each was not seen at all.
The worst incidents are still listed in full (up to ``MAX_NATIONAL_INCIDENTS``); the JSON keeps
every site. Provinces come from ``province.province_of``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from scanner.models import Incident, ScanResult, Severity, SiteResult
from scanner.report.i18n import Translator
from scanner.report.province import UNKNOWN, province_of
from scanner.report.view import clean, is_open

SUMMARISE_ABOVE = 500
"""The default of ``report.summarise_above``: more sites than this get the national summary."""

MAX_NATIONAL_INCIDENTS = 50
"""The worst open incidents the national report lists in full (the JSON has them all)."""

MAX_OWNERS = 100
"""Owner rows listed (those with the most open incidents, then the most sites unseen)."""

_SEVERITIES = tuple(reversed(Severity))  # critical first, as the summary table


@dataclass(frozen=True, slots=True)
class AreaRow:
    """One province or owner: its sites, how many were seen, its open incidents by severity."""

    name: str
    sites: int
    seen: int
    open: int
    by_severity: tuple[int, ...]
    """Open incidents per severity, in the order of ``NationalView.severities``."""
    breakdown: tuple[tuple[str, int], ...] = ()
    """(severity label, open incidents) of the severities the area has, worst first."""

    @property
    def unseen(self) -> int:
        """Sites of the area not seen: unreachable, failed, or no page analysed."""
        return self.sites - self.seen


@dataclass(frozen=True, slots=True)
class NationalView:
    """The per-province and per-owner tables of a national report."""

    note: str
    severities: tuple[tuple[str, str], ...]
    """(severity value, label) of the table's columns, critical first."""
    provinces: tuple[AreaRow, ...]
    owners: tuple[AreaRow, ...]
    more_owners: int
    listed_incidents: int
    more_incidents: int


class _Tally:
    """Counts of one area as sites are added (mutable while summarising, then frozen)."""

    __slots__ = ("by_severity", "open", "seen", "sites")

    def __init__(self) -> None:
        self.sites = self.seen = self.open = 0
        self.by_severity = [0] * len(_SEVERITIES)

    def add(self, site: SiteResult) -> None:
        self.sites += 1
        if site.status == "ok" and site.pages_crawled > 0:  # as ``coverage`` counts it
            self.seen += 1
        for incident in site.incidents:
            if is_open(incident):
                self.open += 1
                self.by_severity[_SEVERITIES.index(incident.severity)] += 1

    def row(self, name: str, labels: tuple[str, ...]) -> AreaRow:
        return AreaRow(
            name=clean(name, 120),  # an owner comes from the inventory: one bounded line
            sites=self.sites,
            seen=self.seen,
            open=self.open,
            by_severity=tuple(self.by_severity),
            breakdown=tuple(
                (label, n) for label, n in zip(labels, self.by_severity, strict=True) if n
            ),
        )


def _rows(tallies: dict[str, _Tally], unknown: str, labels: tuple[str, ...]) -> list[AreaRow]:
    rows = [t.row(unknown if name == UNKNOWN else name, labels) for name, t in tallies.items()]
    known = sorted(
        (r for r in rows if r.name != unknown),
        key=lambda r: (-r.open, -r.by_severity[0], -r.unseen, r.name.lower()),
    )
    return known + [r for r in rows if r.name == unknown]


def summarise(scan: ScanResult, current: Iterable[Incident], _: Translator) -> NationalView:
    """The national tables of ``scan``; ``current`` are the open incidents the report counts
    (``report.min_severity`` applied), of which the worst are listed in full."""
    provinces: dict[str, _Tally] = {}
    owners: dict[str, _Tally] = {}
    for site in scan.sites:
        provinces.setdefault(province_of(site.site), _Tally()).add(site)
        owner = " ".join(site.site.owner.split()) or UNKNOWN
        owners.setdefault(owner, _Tally()).add(site)
    unknown = _("national.unknown")
    labels = tuple(_(f"severity.{s.value}") for s in _SEVERITIES)
    owner_rows = _rows(owners, unknown, labels)
    total = sum(1 for _i in current)
    listed = min(total, MAX_NATIONAL_INCIDENTS)
    return NationalView(
        note=_("national.note", sites=_.number(len(scan.sites)), listed=listed),
        severities=tuple(zip((s.value for s in _SEVERITIES), labels, strict=True)),
        provinces=tuple(_rows(provinces, unknown, labels)),
        owners=tuple(owner_rows[:MAX_OWNERS]),
        more_owners=max(0, len(owner_rows) - MAX_OWNERS),
        listed_incidents=listed,
        more_incidents=total - listed,
    )

