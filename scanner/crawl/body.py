"""Response bodies: which ones we keep, bounded decompression, and decoding to text.

Everything here handles hostile bytes: decompression is streamed with a hard output cap (a few
KB of gzip can expand to gigabytes), and decoding never raises (bad bytes become U+FFFD).
"""

from __future__ import annotations

import codecs
import re
import zlib
from dataclasses import dataclass
from typing import Any

import brotli
from charset_normalizer import from_bytes

KEPT_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "text/javascript",
    "application/javascript",
    "application/x-javascript",
    "application/ecmascript",
    "text/ecmascript",
    "text/css",
    "text/xml",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "text/plain",
)
"""Content types kept as text. ``text/plain`` is there for robots.txt and text sitemaps."""

GZIP_TYPES = ("application/x-gzip", "application/gzip", "application/octet-stream")
"""Binary types a gzipped sitemap arrives with (the sitemaps module reads those raw)."""

SNIFF_BYTES = 2048
"""How far to look for ``<meta charset>`` and for an HTML start when no type was declared."""

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{1,40})""", re.IGNORECASE
)
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)", re.I | re.S)
_XML_START = re.compile(rb"^\s*<\?xml", re.IGNORECASE)
_HIGH_BYTES = bytes(range(0x80, 0x100))
_UTF8_SEQ = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_MULTIBYTE = frozenset(
    {
        "gb18030",
        "gbk",
        "gb2312",
        "big5",
        "big5hkscs",
        "shift_jis",
        "cp932",
        "euc_jp",
        "iso2022_jp",
        "euc_kr",
        "cp949",
        "johab",
        "utf-16",
        "utf-16-le",
        "utf-16-be",
    }
)


class DecompressionError(Exception):
    """The body is not valid for its declared encoding, or inflates beyond the cap.

    ``partial`` is the output of the failing ``feed`` call up to the cap: with what earlier
    calls returned, the body's prefix (sitemaps read their URLs from it).
    """

    def __init__(self, message: str, partial: bytes = b"") -> None:
        super().__init__(message)
        self.partial = partial


def media_type(header: str) -> str:
    """``"Text/HTML; charset=UTF-8"`` -> ``"text/html"``."""
    return header.partition(";")[0].strip().lower()


def header_charset(header: str) -> str | None:
    """The ``charset=`` parameter of a Content-Type header, when present."""
    for param in header.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            value = value.strip().strip("\"'").strip()
            return value or None
    return None


def is_kept(mtype: str) -> bool:
    """True when a body of this media type is kept as text."""
    return mtype in KEPT_TYPES or mtype.endswith("+xml")


def sniff_type(prefix: bytes) -> str:
    """A media type for a body served without Content-Type, like a browser would guess it."""
    if _HTML_START.match(prefix):
        return "text/html"
    if _XML_START.match(prefix):
        return "application/xml"
    return ""


CODINGS = ("gzip", "x-gzip", "deflate", "br")
"""Content-Encodings inflated (with the cap); any other coding is a ``decompression`` error."""
ACCEPT_ENCODING = "gzip, deflate, br"
"""What the fetcher asks for: exactly what ``Inflater`` can decode with a cap."""


class Inflater:
    """Streaming gzip/deflate/brotli decoder whose total output is capped at ``limit`` bytes."""

    def __init__(self, coding: str, limit: int) -> None:
        """``coding`` is the Content-Encoding (``gzip``, ``x-gzip``, ``deflate`` or ``br``)."""
        self._limit = limit
        self.total = 0
        self._brotli: Any = brotli.Decompressor() if coding == "br" else None
        # wbits 47 = auto-detect gzip or zlib header; "deflate" is zlib-wrapped by the RFC but
        # raw deflate in practice from some servers, so that case retries with raw wbits.
        self._raw_fallback = coding == "deflate"
        self._obj = zlib.decompressobj(47 if coding != "deflate" else 15)
        self._started = False

    def _count(self, chunk: bytes, out: list[bytes]) -> None:
        self.total += len(chunk)
        if self.total > self._limit:
            keep = chunk[: len(chunk) - (self.total - self._limit)]
            raise DecompressionError(
                f"body inflates beyond {self._limit} bytes", b"".join(out) + keep
            )
        out.append(chunk)

    def _feed_brotli(self, data: bytes) -> bytes:
        """Brotli in bounded steps: the decoder never holds more than the room left."""
        out: list[bytes] = []
        decoder = self._brotli
        try:
            self._count(decoder.process(data, output_buffer_limit=self._room()), out)
            while not decoder.can_accept_more_data():
                self._count(decoder.process(b"", output_buffer_limit=self._room()), out)
        except brotli.error as exc:
            raise DecompressionError(f"invalid brotli body: {exc}") from exc
        return b"".join(out)

    def _room(self) -> int:
        return max(self._limit - self.total + 1, 1)  # one byte over the cap proves it

    def feed(self, data: bytes) -> bytes:
        """Inflate ``data``; raise ``DecompressionError`` when output passes the cap."""
        if self._brotli is not None:
            return self._feed_brotli(data)
        out: list[bytes] = []
        while data:
            room = self._limit - self.total + 1  # one byte over the cap proves it is exceeded
            try:
                chunk = self._obj.decompress(data, room)
            except zlib.error as exc:
                if self._raw_fallback and not self._started:
                    self._raw_fallback = False
                    self._obj = zlib.decompressobj(-15)
                    continue
                raise DecompressionError(f"invalid compressed body: {exc}") from exc
            self._started = True
            self._count(chunk, out)
            data = self._obj.unconsumed_tail
            if self._obj.eof:
                break  # trailing garbage after the stream is ignored, as browsers do
        return b"".join(out)

    def finish(self) -> bytes:
        """Flush what is left (bounded like ``feed``); a truncated brotli stream is an error."""
        if self._brotli is not None:
            tail = self._feed_brotli(b"")
            if not self._brotli.is_finished():
                raise DecompressionError("brotli body ends before its stream does")
            return tail
        tail = self._obj.flush(max(self._limit - self.total + 1, 1))
        self.total += len(tail)
        if self.total > self._limit:
            raise DecompressionError(f"body inflates beyond {self._limit} bytes")
        return tail


def gunzip_capped(data: bytes, limit: int) -> bytes:
    """Decompress a whole gzip/zlib blob with the output cap (for ``.xml.gz`` sitemaps)."""
    inflater = Inflater("gzip", limit)
    return inflater.feed(data) + inflater.finish()


def gunzip_prefix(data: bytes, limit: int) -> tuple[bytes, bool]:
    """The first ``limit`` inflated bytes of a gzip/zlib blob, and whether that is not all.

    For sitemaps: a ``.xml.gz`` that inflates past the cap still yields the URLs of its first
    ``limit`` bytes. A stream cut short gives what inflated (``True``: incomplete); a corrupt
    one is a ``DecompressionError``.
    """
    obj = zlib.decompressobj(47)
    try:
        out = obj.decompress(data, limit)
    except zlib.error as exc:
        raise DecompressionError(f"invalid compressed body: {exc}") from exc
    incomplete = bool(obj.unconsumed_tail) or not obj.eof
    return out, incomplete


def _usable(label: str | None) -> str | None:
    """The canonical codec name for a charset label, or None when Python has no text codec."""
    if not label:
        return None
    try:
        info = codecs.lookup(label.strip().lower())
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None  # e.g. "base64" or "zlib": byte codecs, never a page charset
    name = info.name
    # WHATWG: browsers decode latin-1 and ascii labels as windows-1252.
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def meta_charset(prefix: bytes) -> str | None:
    """The charset a ``<meta charset>`` or ``http-equiv`` tag declares in the first bytes."""
    found = _META_CHARSET.search(prefix[:SNIFF_BYTES])
    return found.group(1).decode("ascii", "replace") if found else None


@dataclass(frozen=True, slots=True)
class Decoded:
    """A decoded body and the codec that produced it."""

    text: str
    encoding: str


def _mostly_utf8(body: bytes) -> bool:
    """True when most high bytes form valid UTF-8 sequences (UTF-8 with a few broken bytes)."""
    high = len(body) - len(body.translate(None, _HIGH_BYTES))
    if high == 0:
        return True
    valid = sum(len(m) for m in _UTF8_SEQ.findall(body))
    return valid * 2 >= high


def decode_body(body: bytes, declared: str | None) -> Decoded:
    """Decode hostile bytes to text, naming the codec used; never raises.

    Order: the HTTP charset, then ``<meta charset>`` in the first 2 KB, then UTF-8; each must
    decode strictly to be taken, so a header that says UTF-8 over windows-1252 bytes (common on
    old CMSs) falls through. Then: bytes that are mostly valid UTF-8 are UTF-8 with replacement
    characters; a CJK multi-byte codec is taken when charset_normalizer finds one (Japanese and
    Chinese SEO spam); otherwise windows-1252, the WHATWG default for undeclared pages, since
    charset_normalizer guesses single-byte code pages badly on short Indonesian texts.
    """
    if body.startswith(codecs.BOM_UTF8):
        return Decoded(body[3:].decode("utf-8", "replace"), "utf-8")
    tried: list[str] = []
    for label in (declared, meta_charset(body), "utf-8"):
        name = _usable(label)
        if name is None or name in tried:
            continue
        tried.append(name)
        try:
            return Decoded(body.decode(name), name)
        except UnicodeDecodeError:
            continue
    if _mostly_utf8(body):
        return Decoded(body.decode("utf-8", "replace"), "utf-8")
    best = from_bytes(body[: 256 * 1024]).best()
    if best is not None and best.encoding:
        name = _usable(best.encoding)
        if name is not None and name in _MULTIBYTE:
            return Decoded(body.decode(name, "replace"), name)
    return Decoded(body.decode("cp1252", "replace"), "cp1252")
