"""The address policy: no loopback, metadata or private addresses, no other ports of the site.

DNS is faked with a resolver override (``fallback_resolver``) that answers with a loopback
server's address and port, so the old behaviour (connecting) is observable and nothing leaves
127.0.0.1. The loopback site itself is reached through ``host_overrides``, which stay allowed.
"""

from __future__ import annotations

import dataclasses
import socket

import pytest
from aiohttp.abc import AbstractResolver, ResolveResult

from scanner.config import CrawlSettings
from scanner.crawl import Crawler, Fetcher, make_session, profile
from scanner.crawl.addresses import AddressClass, AddressPolicy, AddressRefused, classify_address
from scanner.extract import analyse
from scanner.models import CrawledPage, Site
from tests.crawl.loopback import FAST, html, raw, redirect, serve

HOST = "www.diskominfo.kabcontoh.go.id"
BROWSER = profile("browser")


class FakeDNS(AbstractResolver):
    """Answers every name with one address (and port), as a hostile DNS record would."""

    def __init__(self, address: str, port: int) -> None:
        self.address, self.port, self.asked = address, port, list[str]()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        self.asked.append(host)
        return [
            ResolveResult(
                hostname=host, host=self.address, port=self.port, family=socket.AF_INET,
                proto=0, flags=socket.AI_NUMERICHOST,
            )
        ]  # fmt: skip

    async def close(self) -> None:
        return None


PAGE = html("<html><body><h1>Dinas Komunikasi dan Informatika</h1></body></html>")


@pytest.mark.parametrize("host", ["intranet.kabcontoh.go.id", "metadata.kabcontoh.go.id"])
async def test_a_name_resolving_to_loopback_is_refused(host: str) -> None:
    async with serve(HOST, {"/": PAGE}) as site:
        dns = FakeDNS("127.0.0.1", site.port)
        settings = dataclasses.replace(CrawlSettings(), **FAST)
        async with make_session(settings, fallback_resolver=dns) as session:
            result = await Fetcher(session, settings).fetch(f"http://{host}/", BROWSER)
    assert dns.asked == [host]
    assert result.error is not None and result.error.kind == "blocked_address"
    assert "127.0.0.1" in result.error.message and "loopback" in result.error.message
    assert site.hits == []  # never connected


async def test_metadata_address_is_refused_before_connecting() -> None:
    dns = FakeDNS("169.254.169.254", 80)
    settings = dataclasses.replace(CrawlSettings(), allow_private=True, **FAST)
    async with make_session(settings, fallback_resolver=dns) as session:
        result = await Fetcher(session, settings).fetch("http://cloud.kabcontoh.go.id/", BROWSER)
    assert result.error is not None and result.error.kind == "blocked_address"
    assert "cloud metadata" in result.error.message


@pytest.mark.parametrize("url", ["http://127.0.0.1/", "http://[::1]/", "http://0.0.0.0/"])
async def test_ip_literal_hosts_are_checked_too(url: str) -> None:
    settings = dataclasses.replace(CrawlSettings(), **FAST)
    async with make_session(settings) as session:
        result = await Fetcher(session, settings).fetch(url, BROWSER)
    assert result.error is not None and result.error.kind == "blocked_address"


async def test_redirect_to_another_port_of_the_site_is_refused() -> None:
    routes = {"/": redirect(f"http://{HOST}:6379/"), "/info": PAGE}
    async with serve(HOST, routes) as site:
        result = await site.fetcher().fetch(
            f"http://{HOST}/", BROWSER, "diskominfo.kabcontoh.go.id"
        )
    assert result.error is not None and result.error.kind == "blocked_address"
    assert "port 6379" in result.error.message
    assert "/containers/json" not in site.hits


async def test_allowed_ports_setting_lets_a_site_port_through() -> None:
    routes = {"/": redirect(f"http://{HOST}:8080/info"), "/info": PAGE}
    async with serve(HOST, routes, allowed_ports=(8080,)) as site:
        result = await site.fetcher().fetch(
            f"http://{HOST}/", BROWSER, "diskominfo.kabcontoh.go.id"
        )
    assert result.ok and site.hits == ["/", "/info"]


async def test_links_and_sitemaps_cannot_steer_the_crawl_to_other_ports() -> None:
    home = html(
        "<html><body><h1>Diskominfo</h1>"
        f'<a href="http://{HOST}:2375/containers/json">Layanan</a>'
        f'<a href="//{HOST}:9200/_cat/indices">Data</a>'
        '<a href="/profil">Profil</a></body></html>'
    )
    sitemap = (
        f"<urlset><url><loc>http://{HOST}:6379/info</loc></url>"
        f"<url><loc>http://{HOST}/ppid</loc></url></urlset>"
    ).encode()
    routes = {
        "/": home,
        "/profil": PAGE,
        "/ppid": PAGE,
        "/containers/json": PAGE,
        "/_cat/indices": PAGE,
        "/info": PAGE,
        "/sitemap.xml": raw(sitemap, "application/xml"),
    }
    async with serve(HOST, routes) as site:
        crawler = Crawler(site.fetcher(), site.settings)
        result = await crawler.crawl(Site(url=f"http://{HOST}/"))
    fetched = set(site.hits)
    assert {"/", "/profil", "/ppid"} <= fetched
    assert not fetched & {"/containers/json", "/_cat/indices", "/info"}
    assert f"http://{HOST}:6379/info" not in crawler_urls(result)  # off-site in a sitemap
    # Another port of the host is out of scope, not a failure of the site: no page record.
    assert crawler_urls(result) == {f"http://{HOST}/", f"http://{HOST}/profil", f"http://{HOST}/ppid"}
    assert all(p.fetch.error is None for p in result.pages)


async def test_links_to_other_ports_stay_on_the_page_as_evidence() -> None:
    """Not crawled, yet the link is still on the page for detection (its target and text)."""
    link = f"http://{HOST}:2375/containers/json"
    home = html(f'<html><body><h1>Diskominfo</h1><a href="{link}">Layanan</a></body></html>')
    async with serve(HOST, {"/": home, "/containers/json": PAGE}) as site:
        found: list[str] = []

        async def on_page(page: CrawledPage) -> list[str]:
            view = analyse(page.fetch.text or "", page.fetch.final_url)
            found.extend(f"{x.url} {x.text}" for x in view.links)
            return [x.url for x in view.links]

        result = await Crawler(site.fetcher(), site.settings).crawl(
            Site(url=f"http://{HOST}/"), on_page
        )
    assert found == [f"{link} Layanan"]
    assert [p.fetch.url for p in result.pages] == [f"http://{HOST}/"]
    assert "/containers/json" not in site.hits


async def test_a_port_the_inventory_or_the_settings_name_is_the_site() -> None:
    home = html(
        "<html><body><h1>SIPD</h1>"
        f'<a href="http://{HOST}:8080/laporan">Laporan</a>'
        f'<a href="http://{HOST}:8443/anggaran">Anggaran</a></body></html>'
    )
    routes = {"/": home, "/laporan": PAGE, "/anggaran": PAGE}
    async with serve(HOST, routes, allowed_ports=(8080, 8443)) as site:
        crawler = Crawler(site.fetcher(), dataclasses.replace(site.settings, allowed_ports=(8080,)))
        result = await crawler.crawl(Site(url=f"http://{HOST}:8443/"))
    assert crawler_urls(result) == {
        f"http://{HOST}:8443/",
        f"http://{HOST}:8080/laporan",
        f"http://{HOST}:8443/anggaran",
    }


def crawler_urls(result: object) -> set[str]:
    return {p.fetch.url for p in result.pages}  # type: ignore[attr-defined]


def test_policy_classes_and_private_setting() -> None:
    cases = {
        "127.0.0.1": AddressClass.LOOPBACK,
        "::1": AddressClass.LOOPBACK,
        "::ffff:127.0.0.1": AddressClass.LOOPBACK,
        "64:ff9b::a9fe:a9fe": AddressClass.METADATA,
        "169.254.169.254": AddressClass.METADATA,
        "fd00:ec2::254": AddressClass.METADATA,
        "100.100.100.200": AddressClass.METADATA,
        "169.254.1.1": AddressClass.LINK_LOCAL,
        "fe80::1": AddressClass.LINK_LOCAL,
        "224.0.0.1": AddressClass.MULTICAST,
        "0.0.0.0": AddressClass.UNSPECIFIED,
        "10.20.30.40": AddressClass.PRIVATE,
        "172.16.5.4": AddressClass.PRIVATE,
        "192.168.1.10": AddressClass.PRIVATE,
        "100.64.0.1": AddressClass.PRIVATE,
        "fd12:3456::1": AddressClass.PRIVATE,
        "2002:c0a8:0101::1": AddressClass.PRIVATE,
        "240.0.0.1": AddressClass.RESERVED,
        "192.0.2.1": AddressClass.RESERVED,
    }
    for address, expected in cases.items():
        assert classify_address(address) is expected, address
    assert classify_address("103.10.20.30") is None  # a public Indonesian hosting address
    strict, intranet = AddressPolicy(), AddressPolicy(allow_private=True)
    with pytest.raises(AddressRefused, match="allow_private"):
        strict.check("sipd.kabcontoh.go.id", 443, ["10.1.2.3"])
    assert intranet.check("sipd.kabcontoh.go.id", 443, ["10.1.2.3"]) == ["10.1.2.3"]
    with pytest.raises(AddressRefused, match="loopback"):
        intranet.check("sipd.kabcontoh.go.id", 443, ["127.0.0.1"])
    # a name answering a public and a loopback address is reached at the public one only
    assert strict.check("a.go.id", 80, ["103.10.20.30", "127.0.0.1"]) == ["103.10.20.30"]
    overridden = AddressPolicy(overridden=frozenset({"www.contoh.go.id"}))
    assert overridden.check("www.contoh.go.id", 80, ["127.0.0.1"]) == ["127.0.0.1"]
    with pytest.raises(AddressRefused, match="port 6379"):
        overridden.check("www.contoh.go.id", 6379, ["127.0.0.1"])


def test_site_ports_from_the_inventory_are_allowed() -> None:
    from scanner.config import Settings
    from scanner.crawl.addresses import with_site_ports

    settings = with_site_ports(
        Settings(), ["https://sipd.kabcontoh.go.id:8443/", "http://www.kabcontoh.go.id/", "a.go.id"]
    )
    assert settings.crawl.allowed_ports == (8443,)
    assert with_site_ports(Settings(), ["https://a.go.id/"]) == Settings()


async def test_check_of_a_url_on_its_own_port_is_not_refused() -> None:
    from scanner.api import check_inputs_async
    from scanner.config import Settings
    from scanner.models import Verdict

    async with serve(HOST, {"/": PAGE}) as site:
        settings = dataclasses.replace(Settings(), crawl=site.settings)
        [verdict] = await check_inputs_async([f"http://{HOST}:8080/"], settings)
    assert verdict.verdict is not Verdict.ERROR, verdict.error
    assert "/" in site.hits
