"""The capture hook and its bounds: per-record cap on a 30 MB page, per-site spool, retention."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from scanner.config import CrawlSettings, EvidenceSettings
from scanner.crawl import Fetcher
from scanner.crawl.profiles import GOOGLEBOT_UA, profile
from scanner.crawl.testing import MockTransport, reply
from scanner.evidence import CaptureSpool, CapturingTransport, ScanWarc, prune
from scanner.models import Exchange, Site

SITE = "http://dinkes.kabcontoh.go.id/"
BIG = 30 * 1024 * 1024
CAP = 1024 * 1024

_PAGE_HEAD = (
    "<html><head><title>Dinas Kesehatan</title></head><body>"
    "<div style='display:none'>slot gacor maxwin</div><p>"
)


def _big_page() -> bytes:
    filler = "Jadwal imunisasi posyandu bulan ini. " * (BIG // 37 + 1)
    return (_PAGE_HEAD + filler)[:BIG].encode()


async def test_record_cap_holds_on_a_30_mb_page(tmp_path: Path) -> None:
    big = _big_page()
    assert len(big) == BIG
    url = SITE + "berita/besar"
    mock = MockTransport.routes({url: reply(big)})
    spool = CaptureSpool(EvidenceSettings(record_bytes=CAP))
    crawl = CrawlSettings(max_body_bytes=40 * 1024 * 1024, max_decompressed_bytes=40 * 1024**2)
    fetcher = Fetcher(None, crawl, transport=CapturingTransport(mock, spool))
    spool.open(SITE)
    bot = profile("googlebot")
    result = await fetcher.fetch(url, bot, scope_host="dinkes.kabcontoh.go.id")
    assert result.size == BIG  # the fetcher itself still saw the whole page
    [exchange] = spool.take(SITE, {url: url}, {"googlebot": bot})
    assert len(exchange.body) == CAP and exchange.truncated and exchange.received == BIG
    assert exchange.profile == "googlebot"
    assert dict(exchange.request_headers)["User-Agent"] == GOOGLEBOT_UA
    warc = ScanWarc(tmp_path, EvidenceSettings(record_bytes=CAP), 7, datetime.now(UTC))
    [item] = warc.write(Site(url=SITE), [exchange], ())
    warc.close()
    assert item.truncated
    # Big bodies of a compressible page compress; check the record, not only the file size.
    with warc.path.open("rb") as fh:
        for record in ArchiveIterator(fh, check_digests="raise"):
            if record.rec_type == "response":
                assert record.rec_headers.get_header("WARC-Truncated") == "length"
                assert int(record.rec_headers.get_header("Content-Length")) < CAP + 4096
                assert len(record.content_stream().read()) == CAP
    assert warc.path.stat().st_size < CAP + 4096


async def test_only_opened_sites_are_captured_and_the_spool_is_bounded() -> None:
    pages = {SITE + f"p{i}": reply("x" * 4000) for i in range(5)}
    pages["http://lain.example.com/"] = reply("y")
    mock = MockTransport.routes(pages)
    spool = CaptureSpool(EvidenceSettings(spool_bytes=10_000))
    fetcher = Fetcher(None, CrawlSettings(), transport=CapturingTransport(mock, spool))
    spool.open(SITE)
    browser = profile("browser")
    for url in pages:
        await fetcher.fetch(url, browser)
    wanted = {url: url for url in pages}
    kept = spool.take(SITE, wanted, {"browser": browser})
    assert [e.url for e in kept] == [SITE + "p0", SITE + "p1"]  # 2 x 4000 fit, the rest not
    assert all(e.profile == "browser" for e in kept)
    assert spool.take(SITE, wanted, {}) == ()  # released after the first take


def test_prune_deletes_expired_evidence_only(tmp_path: Path) -> None:
    now = datetime(2026, 12, 1, tzinfo=UTC)
    old = now - timedelta(days=200)
    young = now - timedelta(days=10)
    names = [
        f"scan-000001-{old:%Y%m%dT%H%M%SZ}.warc.gz",
        f"scan-000001-{old:%Y%m%dT%H%M%SZ}.index.jsonl",
        f"scan-000002-{young:%Y%m%dT%H%M%SZ}.warc.gz",
        "catatan.txt",
    ]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    removed = prune(tmp_path, 180, now)
    assert sorted(p.name for p in removed) == sorted(names[:2])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[2:])
    assert prune(tmp_path, 0, now + timedelta(days=9999)) == []  # 0: kept for ever


def test_evidence_settings_are_validated(tmp_path: Path) -> None:
    import pytest

    from scanner.config import load_settings
    from scanner.errors import ConfigError

    toml = tmp_path / "scanner.toml"
    toml.write_text("[evidence]\nretention_days = -1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="retention_days"):
        load_settings(toml, env={})
    assert dataclasses.fields(EvidenceSettings)


def test_two_writers_of_one_scan_never_share_a_file(tmp_path: Path) -> None:
    started = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)
    exchange = Exchange(
        url=SITE, request_headers=(("User-Agent", "x"),), status=200, body=b"<p>slot</p>",
        page=SITE, profile="browser",
    )
    first = ScanWarc(tmp_path, EvidenceSettings(), 3, started)
    second = ScanWarc(tmp_path, EvidenceSettings(), 3, started)  # e.g. another worker process
    first.write(Site(url=SITE), [exchange], ())
    second.write(Site(url=SITE), [exchange], ())
    first.close()
    second.close()
    assert first.path != second.path and second.path.name.endswith("-2.warc.gz")
    assert second.index_path.name.endswith("-2.index.jsonl")
    for path in (first.path, second.path):
        with path.open("rb") as fh:
            kinds = [r.rec_type for r in ArchiveIterator(fh, check_digests="raise")]
        assert kinds == ["warcinfo", "response", "request"]


async def test_one_site_never_carries_more_than_the_scan_cap() -> None:
    pages = {SITE + f"p{i}": reply("s" * 3000) for i in range(4)}
    mock = MockTransport.routes(pages)
    spool = CaptureSpool(EvidenceSettings(scan_bytes=7000))
    fetcher = Fetcher(None, CrawlSettings(), transport=CapturingTransport(mock, spool))
    spool.open(SITE)
    for url in pages:
        await fetcher.fetch(url, profile("browser"))
    kept = spool.take(SITE, {url: url for url in pages}, {})
    assert len(kept) == 2 and sum(len(e.body) for e in kept) <= 7000
