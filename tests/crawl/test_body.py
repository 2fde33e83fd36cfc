"""Body helpers: capped inflation, content-type rules and hostile-byte decoding."""

from __future__ import annotations

import gzip
import zlib

import pytest

from scanner.crawl.body import (
    DecompressionError,
    Inflater,
    decode_body,
    gunzip_capped,
    header_charset,
    is_kept,
    media_type,
    meta_charset,
    sniff_type,
)
from tests.crawl.mockserver import gzip_bomb


def test_media_type_and_charset_parsing() -> None:
    assert media_type("Text/HTML; charset=UTF-8") == "text/html"
    assert header_charset('text/html; charset="windows-1252"') == "windows-1252"
    assert header_charset("text/html") is None
    assert header_charset("text/html; charset=") is None


@pytest.mark.parametrize(
    ("mtype", "kept"),
    [
        ("text/html", True),
        ("application/xhtml+xml", True),
        ("application/javascript", True),
        ("text/css", True),
        ("application/xml", True),
        ("application/rss+xml", True),
        ("text/plain", True),
        ("image/png", False),
        ("application/pdf", False),
        ("application/octet-stream", False),
    ],
)
def test_kept_types(mtype: str, kept: bool) -> None:
    assert is_kept(mtype) is kept


def test_sniffing_an_undeclared_body() -> None:
    assert sniff_type(b"  <!-- x --><!DOCTYPE html><html>") == "text/html"
    assert sniff_type(b"<?xml version='1.0'?><urlset/>") == "application/xml"
    assert sniff_type(b"\x89PNG") == ""


def test_inflater_raw_deflate_fallback() -> None:
    compressor = zlib.compressobj(wbits=-15)
    raw = compressor.compress(b"<p>Dinas Pendidikan</p>") + compressor.flush()
    inflater = Inflater("deflate", 1000)
    assert inflater.feed(raw) + inflater.finish() == b"<p>Dinas Pendidikan</p>"


def test_inflater_rejects_garbage() -> None:
    with pytest.raises(DecompressionError):
        Inflater("gzip", 1000).feed(b"this is not gzip at all")


def test_bomb_is_stopped_at_the_cap() -> None:
    with pytest.raises(DecompressionError, match="beyond"):
        gunzip_capped(gzip_bomb(), 1024 * 1024)


def test_gunzip_within_cap() -> None:
    assert gunzip_capped(gzip.compress(b"a" * 5000), 5000) == b"a" * 5000
    with pytest.raises(DecompressionError):
        gunzip_capped(gzip.compress(b"a" * 5001), 5000)


def test_decode_prefers_a_strictly_fitting_declared_charset() -> None:
    decoded = decode_body("Dinas Pariwisata – kafé".encode(), "utf-8")
    assert decoded.encoding == "utf-8" and decoded.text.endswith("kafé")


def test_decode_wrong_header_falls_back_to_windows_1252() -> None:
    decoded = decode_body("Kafé naïve – résumé".encode("cp1252"), "utf-8")
    assert decoded.text == "Kafé naïve – résumé"
    assert decoded.encoding == "cp1252"


def test_decode_meta_charset_and_unknown_labels() -> None:
    html = '<meta charset="iso-8859-1"><p>Kafé</p>'.encode("latin-1")
    assert meta_charset(html) == "iso-8859-1"
    assert decode_body(html, "no-such-charset").text.endswith("Kafé</p>")
    # byte codecs are never accepted as a page charset
    assert decode_body(b"aGVsbG8=", "base64").text == "aGVsbG8="


def test_decode_mostly_utf8_with_a_broken_byte() -> None:
    body = "Bupati membuka festival – Pekan Budaya".encode() + b"\xff"
    decoded = decode_body(body, None)
    assert decoded.encoding == "utf-8"
    assert decoded.text.startswith("Bupati membuka festival – Pekan Budaya")


def test_decode_japanese_spam_without_charset() -> None:
    text = "激安ブランド通販、今すぐ購入してください。最新のスロットゲームはこちら。" * 20
    decoded = decode_body(text.encode("shift_jis"), None)
    assert decoded.text == text


def test_decode_utf8_bom() -> None:
    assert decode_body(b"\xef\xbb\xbfhalo", "cp1252").text == "halo"
