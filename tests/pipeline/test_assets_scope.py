"""Assets are fetched in the crawl's scope: another port of the site's own host is not the site.

A regency's page links its stylesheet and script on the site, a stylesheet on the port of its
inventory URL (8443, the site's own), and, planted, a script and a stylesheet on ports of its
host that are not the site (6379, 8081). The crawler never fetches those ports; neither may the
asset stage (the address policy refuses them, except for hosts the operator overrides).
"""

from __future__ import annotations

import dataclasses

import pytest

from scanner.config import Settings, load_settings
from scanner.crawl import Crawler, Fetcher
from scanner.crawl.testing import MockTransport, reply
from scanner.integrity import KnownBad
from scanner.models import Site
from scanner.pipeline import NullRecorder, ScanEnv, SiteJob, profiles_for
from scanner.signatures import SignatureSet, load_signatures

SITE = "https://bappeda.kabcontoh.go.id:8443"
HOST = "https://bappeda.kabcontoh.go.id"
OWN_CSS = f"{SITE}/css/tema.css"
PLAIN_CSS = f"{HOST}/css/cetak.css"
OWN_JS = f"{SITE}/js/app.js"
OFF_PORT_CSS = "http://bappeda.kabcontoh.go.id:6379/css/slot.css"
OFF_PORT_JS = "http://bappeda.kabcontoh.go.id:8081/js/counter.js"
ALLOWED_JS = "http://bappeda.kabcontoh.go.id:8080/js/peta.js"

PAGE = (
    '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Bappeda Kabupaten Contoh'
    f'</title><link rel="stylesheet" href="{OWN_CSS}"><link rel="stylesheet" href="{PLAIN_CSS}">'
    f'<link rel="stylesheet" href="{OFF_PORT_CSS}"><script src="{OWN_JS}"></script>'
    f'<script src="{OFF_PORT_JS}"></script><script src="{ALLOWED_JS}"></script></head><body>'
    "<h1>Badan Perencanaan Pembangunan Daerah</h1><p>Jadwal Musrenbang kecamatan: slot "
    "pendaftaran dibuka pukul 08.00 WIB. Rapat koordinasi di Bandar Lampung.</p></body></html>"
)


@pytest.fixture(scope="module")
def sigs() -> SignatureSet:
    return load_signatures()


def _settings(allowed_ports: tuple[int, ...]) -> Settings:
    base = load_settings(env={})
    crawl = dataclasses.replace(
        base.crawl, retries=0, delay=0.0, max_pages=1, allowed_ports=allowed_ports
    )
    return dataclasses.replace(base, crawl=crawl)


async def test_assets_on_other_ports_of_the_site_s_host_are_not_fetched(
    sigs: SignatureSet,
) -> None:
    css = reply(".judul{font-weight:bold}", content_type="text/css")
    js = reply("document.title = document.title;", content_type="text/javascript")
    transport = MockTransport.routes(
        {
            f"{SITE}/": reply(PAGE),
            OWN_CSS: css,
            PLAIN_CSS: css,
            OWN_JS: js,
            OFF_PORT_CSS: css,
            OFF_PORT_JS: js,
            ALLOWED_JS: js,
        }  # type: ignore[arg-type]
    )
    settings = _settings(allowed_ports=(8080,))
    fetcher = Fetcher(None, settings.crawl, transport=transport)
    env = ScanEnv(
        settings=settings,
        fetcher=fetcher,
        sigs=sigs,
        profiles=profiles_for(settings),
        known_bad=KnownBad.for_signatures_dir(None),
    )
    outcome = await SiteJob(Site(url=f"{SITE}/"), env, NullRecorder()).run(
        Crawler(fetcher, settings.crawl)
    )
    assert outcome.pages and outcome.pages[0].error is None
    # The site's ports (the inventory's 8443, 443, and crawl.allowed_ports) are fetched ...
    for url in (OWN_CSS, PLAIN_CSS, OWN_JS, ALLOWED_JS):
        assert transport.count(url) >= 1, url
    # ... other ports of its host are out of scope, as for the crawler: never requested.
    assert transport.count(OFF_PORT_CSS) == 0
    assert transport.count(OFF_PORT_JS) == 0
    assert outcome.error == "" and not any(
        OFF_PORT_JS in (p.error or "") for p in outcome.pages
    )
