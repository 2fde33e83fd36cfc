"""Where the crawler may connect: the address policy, applied after DNS resolution.

A scanner that fetches whatever a hostile page or DNS record points at is a request forgery
tool: a site name resolving to 127.0.0.1 or 169.254.169.254 (cloud metadata), or a page sending
the crawler to ``:6379`` of its own host, would make it talk to services that were never meant
to be reached from it. So every connection is checked at the point where the address is known
(``GuardedConnector`` in ``session.py``), which covers pages, redirects, sitemaps and assets alike:

* refused always: loopback, link-local (metadata lives there), cloud metadata addresses,
  multicast, unspecified (``0.0.0.0``), broadcast and reserved ranges, documentation and
  benchmarking ranges: nothing a public .go.id site can legitimately resolve to;
* refused unless ``crawl.allow_private``: RFC 1918 private ranges, CGNAT (100.64.0.0/10) and
  IPv6 unique-local addresses, for a deployment that scans an intranet;
* ports: 80 and 443, plus ``crawl.allowed_ports``, plus the ports of the sites being scanned
  (``https://sipd.kabcontoh.go.id:8443/`` in sites.csv or ``--site``: ``with_site_ports``);
* IPv4 addresses embedded in IPv6 (mapped, NAT64, 6to4) are judged as the IPv4 address.

Hosts in ``crawl.host_overrides`` and the configured proxy are the operator's decision and are
not checked (the demo, tests and bench point .go.id names at 127.0.0.1 that way). Through a
proxy, the proxy resolves the site's name: the policy cannot see that address.
"""

from __future__ import annotations

import dataclasses
import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import urlsplit

from scanner.config import Settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

DEFAULT_PORTS = frozenset({80, 443})

METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean...
        "169.254.170.2",  # AWS ECS task metadata
        "100.100.100.200",  # Alibaba Cloud
        "fd00:ec2::254",  # AWS over IPv6
    )
)
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_PRIVATE = tuple(
    ipaddress.ip_network(n)
    for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7")
)


class AddressClass(StrEnum):
    """Why an address is refused (the text of the ``blocked_address`` fetch error)."""

    LOOPBACK = "loopback"
    LINK_LOCAL = "link-local"
    METADATA = "cloud metadata"
    MULTICAST = "multicast"
    UNSPECIFIED = "unspecified"
    PRIVATE = "private"
    RESERVED = "reserved or not globally routable"


class AddressRefused(OSError):
    """A connection the address policy refuses (raised where aiohttp resolves the host)."""


def _embedded_v4(ip: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 address carries (mapped, NAT64, 6to4), else ``ip`` itself."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip.sixtofour is not None:
            return ip.sixtofour
        if ip in _NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def classify_address(address: str) -> AddressClass | None:
    """The refused class of ``address``, or None for a public (globally routable) address."""
    try:
        ip = _embedded_v4(ipaddress.ip_address(address.split("%", 1)[0]))
    except ValueError:
        return AddressClass.RESERVED
    if ip in METADATA:
        return AddressClass.METADATA
    if ip.is_loopback:
        return AddressClass.LOOPBACK
    if ip.is_link_local:
        return AddressClass.LINK_LOCAL
    if ip.is_multicast:
        return AddressClass.MULTICAST
    if ip.is_unspecified:
        return AddressClass.UNSPECIFIED
    if any(ip in net for net in _PRIVATE if net.version == ip.version):
        return AddressClass.PRIVATE
    if not ip.is_global or ip.is_reserved:
        return AddressClass.RESERVED
    return None


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """The address and port rules of one scan (see the module docstring)."""

    allow_private: bool = False
    ports: frozenset[int] = DEFAULT_PORTS
    overridden: frozenset[str] = field(default_factory=frozenset)
    """Lower-case hosts of ``crawl.host_overrides``: their address is the operator's choice."""
    proxies: frozenset[str] = field(default_factory=frozenset)
    """Lower-case proxy hosts: neither their address nor their port is checked."""

    def check(self, host: str, port: int, addresses: list[str]) -> list[str]:
        """The addresses of ``addresses`` that ``host:port`` may be reached at.

        Raises AddressRefused when the port is not allowed or no address is left. Refused
        addresses among allowed ones are dropped (a name answering both a public address and
        127.0.0.1 is reached at the public one only).
        """
        key = host.lower().rstrip(".")
        if key in self.proxies:
            return addresses
        if port not in self.ports:
            allowed = ", ".join(str(p) for p in sorted(self.ports))
            raise AddressRefused(
                f"address policy: port {port} of {host} refused (allowed: {allowed};"
                " see crawl.allowed_ports)"
            )
        if key in self.overridden:
            return addresses
        kept: list[str] = []
        refused: list[tuple[str, AddressClass]] = []
        for address in addresses:
            found = classify_address(address)
            if found is None or (found is AddressClass.PRIVATE and self.allow_private):
                kept.append(address)
            else:
                refused.append((address, found))
        if refused and not kept:
            address, found = refused[0]
            hint = " (crawl.allow_private allows it)" if found is AddressClass.PRIVATE else ""
            raise AddressRefused(
                f"address policy: {host} resolves to {address}, a {found} address{hint}"
            )
        return kept


def with_site_ports(settings: Settings, urls: Iterable[str]) -> Settings:
    """``settings`` with the explicit ports of the sites' URLs added to ``crawl.allowed_ports``.

    A site listed as ``https://sipd.kabcontoh.go.id:8443/`` is the operator's decision, like a
    host override: its port must not be refused as a page-controlled one would be.
    """
    ports = set(settings.crawl.allowed_ports)
    for url in urls:
        try:
            port = urlsplit(url if "://" in url else "https://" + url).port
        except ValueError:
            continue
        if port is not None and port not in DEFAULT_PORTS:
            ports.add(port)
    if ports == set(settings.crawl.allowed_ports):
        return settings
    crawl = dataclasses.replace(settings.crawl, allowed_ports=tuple(sorted(ports)))
    return dataclasses.replace(settings, crawl=crawl)
