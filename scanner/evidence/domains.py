"""The blocklist: gambling domains the scans saw, for the resolvers of a government network.

``gambling_domains`` reads the incidents in the state: for every gambling incident (at or above
a severity) the domains it points at are its target domain and the hosts of its evidence
targets (link, redirect, script and iframe targets). Each domain carries when it was first and
last seen and which sites pointed at it.

Never listed (``withheld`` with the reason, so nothing disappears unexplained):

- institutional domains: hacked victims are cleaned, not blocked. Indonesia's ``.go.id``,
  ``.ac.id``, ``.sch.id``, ``.mil.id``, ``.desa.id``, ``.ponpes.id`` and ``.or.id``
  (foundations and NGOs: far more often victims of the same injections than operators), and
  elsewhere any ``gov``/``go``/``gob``/``gouv``/``edu``/``ac``/``mil``/``sch`` second level and
  the ``.gov``, ``.edu``, ``.mil``, ``.int`` TLDs;
- a domain the inventory owns (a site's host or its registered domain);
- shared platforms (``SHARED``): blocking ``t.me`` or ``bit.ly`` would block everyone's;
- anything that is not a plain DNS name (everything from a scanned page is hostile: a name
  with a newline or ``;`` would write into the zone file).

``render_rpz``, ``render_hosts`` and ``render_csv`` give the three formats.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from scanner.models import Category, Incident, Severity
from scanner.store import Store
from scanner.urls import host_of, registered_domain

INSTITUTIONAL_ID = frozenset(
    {"go.id", "ac.id", "sch.id", "mil.id", "desa.id", "ponpes.id", "or.id"}
)
"""Indonesian second levels whose holders are institutions (victims, never blocked)."""
INSTITUTIONAL_LABELS = frozenset({"gov", "go", "gob", "gouv", "edu", "ac", "mil", "sch"})
"""Second-level labels that mean "government or education" under a country code."""
INSTITUTIONAL_TLDS = frozenset({"gov", "edu", "mil", "int"})
SHARED = frozenset(
    {
        "google.com", "googleapis.com", "gstatic.com", "googleusercontent.com", "youtube.com",
        "facebook.com", "instagram.com", "twitter.com", "x.com", "t.me", "telegram.me",
        "wa.me", "whatsapp.com", "bit.ly", "s.id", "linktr.ee", "tinyurl.com",
        "cloudflare.com", "jsdelivr.net", "github.io", "blogspot.com", "wordpress.com",
    }
)  # fmt: skip
"""Registered domains of platforms many people share: a block would hit them all."""

_SAFE = re.compile(r"[^a-z0-9.:-]")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


class Withheld(StrEnum):
    """Why a domain seen is not in the blocklist."""

    INSTITUTIONAL = "institutional"
    INVENTORY = "inventory"
    SHARED = "shared_platform"
    INVALID = "invalid_name"


class Format(StrEnum):
    """Output formats of ``scanner export domains``."""

    RPZ = "rpz"
    HOSTS = "hosts"
    CSV = "csv"


@dataclass(frozen=True, slots=True)
class DomainSeen:
    """One gambling domain: when it was seen and who pointed at it."""

    domain: str
    first_seen: datetime | None
    last_seen: datetime | None
    severity: Severity
    sites: tuple[str, ...]
    incidents: tuple[str, ...]
    techniques: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Blocklist:
    """The domains to block and those withheld, with the reason for each."""

    domains: tuple[DomainSeen, ...]
    withheld: tuple[tuple[str, Withheld], ...] = field(default=())


def dns_name(host: str) -> str | None:
    """``host`` as a lower-case ASCII DNS name without ``www.``, or None when it is not one."""
    name = host.strip().lower().rstrip(".")
    try:
        name = name.encode("idna").decode("ascii")
    except (UnicodeError, ValueError):
        return None
    name = name.removeprefix("www.")
    labels = name.split(".")
    if len(name) > 200 or len(labels) < 2 or not all(_LABEL.match(lb) for lb in labels):
        return None
    if labels[-1].isdigit():
        return None  # an IP address: not a name a resolver policy can take
    return name


def is_institutional(name: str) -> bool:
    """True for a government, education or other institutional domain (see module doc)."""
    labels = name.split(".")
    if labels[-1] in INSTITUTIONAL_TLDS:
        return True
    if len(labels) >= 2 and ".".join(labels[-2:]) in INSTITUTIONAL_ID:
        return True
    return len(labels) >= 2 and len(labels[-1]) == 2 and labels[-2] in INSTITUTIONAL_LABELS


def _why_not(name: str, owned: frozenset[str]) -> Withheld | None:
    if is_institutional(name):
        return Withheld.INSTITUTIONAL
    reg = registered_domain(name)
    if name in owned or reg in owned:
        return Withheld.INVENTORY
    if reg in SHARED:
        return Withheld.SHARED
    return None


def _pointed(incident: Incident) -> set[str]:
    hosts = {incident.target_domain} if incident.target_domain else set()
    for ev in incident.evidence:
        hosts.update(host_of(t) if "//" in t else t for t in ev.targets)
    return {h for h in hosts if h}


def site_host(site: str) -> str:
    """The host of a site given as a URL or as a bare host (incidents keep the host)."""
    return host_of(site) if "//" in site else host_of(f"http://{site}/")


def owned_domains(site_urls: Iterable[str]) -> frozenset[str]:
    """Hosts and registered domains of the inventory's (and the incidents') sites."""
    out: set[str] = set()
    for url in site_urls:
        host = site_host(url)
        if host:
            out.update({host, registered_domain(host)})
    return frozenset(out)


def gambling_domains(
    incidents: Sequence[Incident], inventory: Iterable[str] = (), *, min_severity: Severity
) -> Blocklist:
    """The blocklist from ``incidents`` (gambling ones at ``min_severity`` or above).

    ``inventory`` are the site URLs of the inventory; the incidents' own sites are added.
    """
    owned = owned_domains([*inventory, *(i.site for i in incidents)])
    seen: dict[str, list[Incident]] = {}
    withheld: dict[str, Withheld] = {}
    for incident in incidents:
        if incident.category is not Category.GAMBLING:
            continue
        if incident.severity.rank < min_severity.rank:
            continue
        for host in _pointed(incident):
            name = dns_name(host)
            if name is None:
                withheld[host[:100]] = Withheld.INVALID
                continue
            reason = _why_not(name, owned)
            if reason is not None:
                withheld[name] = reason
                continue
            seen.setdefault(name, []).append(incident)
    domains = tuple(_seen(name, found) for name, found in sorted(seen.items()))
    return Blocklist(domains, tuple(sorted(withheld.items())))


def _seen(name: str, found: list[Incident]) -> DomainSeen:
    firsts = [i.first_seen for i in found if i.first_seen]
    lasts = [i.last_seen for i in found if i.last_seen]
    return DomainSeen(
        domain=name,
        first_seen=min(firsts) if firsts else None,
        last_seen=max(lasts) if lasts else None,
        severity=max((i.severity for i in found), key=lambda s: s.rank),
        sites=tuple(sorted({_SAFE.sub("", site_host(i.site)) for i in found})),
        incidents=tuple(sorted({i.id for i in found})),
        techniques=tuple(sorted({str(i.technique) for i in found})),
    )


def _day(when: datetime | None) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if when else ""


def render_rpz(blocklist: Blocklist, now: datetime, *, ttl: int = 300) -> str:
    """A Response Policy Zone (BIND, Unbound, PowerDNS): each domain and its subdomains answer
    NXDOMAIN (``CNAME .``). Names are relative to the zone the resolver loads it as."""
    serial = int(now.timestamp()) & 0xFFFFFFFF
    lines = [
        "; gambling domains seen by scanner on government sites (docs/evidence.md)",
        f"; generated {_day(now)}; {len(blocklist.domains)} domains",
        f"$TTL {ttl}",
        f"@ IN SOA localhost. hostmaster.localhost. ({serial} 3600 600 86400 {ttl})",
        "@ IN NS localhost.",
        "",
    ]
    for d in blocklist.domains:
        lines.append(
            f"; first {_day(d.first_seen)} last {_day(d.last_seen)} "
            f"sites {' '.join(d.sites)}"
        )
        lines.append(f"{d.domain} CNAME .")
        lines.append(f"*.{d.domain} CNAME .")
    return "\n".join(lines) + "\n"


def render_hosts(blocklist: Blocklist, now: datetime) -> str:
    """An /etc/hosts style list (``0.0.0.0 name``; hosts files have no wildcards)."""
    lines = [f"# gambling domains seen by scanner, generated {_day(now)}"]
    for d in blocklist.domains:
        lines.append(f"0.0.0.0 {d.domain}")
        lines.append(f"0.0.0.0 www.{d.domain}")
    return "\n".join(lines) + "\n"


def render_csv(blocklist: Blocklist) -> str:
    """One row per domain: first/last seen, severity, techniques, sites, incidents."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["domain", "first_seen", "last_seen", "severity", "techniques", "sites", "incidents"]
    )
    for d in blocklist.domains:
        writer.writerow(
            [
                d.domain,
                _day(d.first_seen),
                _day(d.last_seen),
                str(d.severity),
                " ".join(d.techniques),
                " ".join(d.sites),
                " ".join(d.incidents),
            ]
        )
    return out.getvalue()


def render(blocklist: Blocklist, fmt: Format, now: datetime) -> str:
    """The blocklist in ``fmt``."""
    if fmt is Format.RPZ:
        return render_rpz(blocklist, now)
    if fmt is Format.HOSTS:
        return render_hosts(blocklist, now)
    return render_csv(blocklist)


def blocklist_from_state(
    state: str, inventory: Iterable[str] = (), *, min_severity: Severity = Severity.LOW
) -> Blocklist:
    """``gambling_domains`` over every incident of the state DB (resolved ones included:
    a domain seen once stays a gambling domain)."""
    with Store.open(state) as store:
        incidents = store.list_incidents()
    return gambling_domains(incidents, inventory, min_severity=min_severity)
