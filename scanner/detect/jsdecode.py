"""Static JavaScript de-obfuscation: recover the strings attackers hide from the site owner.

Injected judi-online scripts rarely carry their payload in clear text. They write HTML built with
``atob('PGEg...')``, ``String.fromCharCode(104,116,...)``, ``unescape('%3C%61...')``, ``\\x73``
escapes, ``'sl'+'ot'`` concatenations or reversed strings, sometimes nested inside ``eval``.
This module undoes those encodings *without executing anything*: decodable expressions are folded
into plain string literals (so redirect targets become readable in place) and every decoded string
is returned as a ``Decoded`` payload that the detectors analyse.

Everything here works on hostile input: the code is truncated, the regular expressions are linear,
recursion stops at ``MAX_DEPTH`` and a ``DecodeBudget`` caps the decoded bytes per page.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

MAX_DEPTH = 3
"""Nested decodings followed (``eval(atob(...))`` inside ``eval(atob(...))`` is depth 2)."""

MAX_PAGE_DECODED = 1_000_000
"""Characters of decoded output allowed per page, over all its scripts."""

MAX_CODE = 2_000_000
"""Characters of one script (or asset) looked at; the rest is ignored."""

_MAX_ROUNDS = 6
_MIN_ESCAPES = 4  # a literal with fewer \x/\u escapes is ordinary code, not obfuscation
_MIN_B64_LITERAL = 24  # shorter base64-looking literals are ids and hashes

# JS string literals. Each alternative starts with its own quote and consumes one character or one
# escape per step, so matching is linear. Single/double quoted literals end at a newline, which
# keeps an apostrophe inside a comment from swallowing the rest of the file.
_SQ = r"'(?:[^'\\\n]|\\.)*'"
_DQ = r'"(?:[^"\\\n]|\\.)*"'
_TPL = r"`(?:[^`\\$]|\\.|\$(?!\{))*`"
LITERAL = f"(?:{_SQ}|{_DQ}|{_TPL})"
"""Regular expression source for one JS string literal (no template interpolation)."""

_LITERAL_RE = re.compile(LITERAL, re.S)
_CONCAT_RE = re.compile(rf"{LITERAL}(?:\s*\+\s*{LITERAL})+", re.S)
_REVERSE_RE = re.compile(
    rf"({LITERAL})\s*\.\s*split\(\s*(?:''|\"\")\s*\)\s*\.\s*reverse\(\s*\)"
    r"\s*\.\s*join\(\s*(?:''|\"\")\s*\)",
    re.S,
)
_BASE64_CALL_RE = re.compile(
    r"(?:\b(?:window\s*\.\s*|self\s*\.\s*)?(?:atob|base64_?decode|b64decode|decode64)"
    r"|\bBase64\s*\.\s*decode|\$\s*\.\s*base64\s*\.\s*decode)"
    rf"\s*\(\s*({LITERAL})\s*\)",
    re.S | re.I,
)
_BUFFER_RE = re.compile(
    rf"\bBuffer\s*\.\s*from\s*\(\s*({LITERAL})\s*,\s*['\"]base64['\"]\s*\)"
    r"(?:\s*\.\s*toString\s*\(\s*(?:['\"][\w-]*['\"])?\s*\))?",
    re.S,
)
_PERCENT_RE = re.compile(
    rf"\b(?:unescape|decodeURIComponent|decodeURI)\s*\(\s*({LITERAL})\s*\)", re.S
)
_NUM = r"(?:0[xX][0-9a-fA-F]+|\d+)"
_CODE_ITEM = rf"{_NUM}(?:\s*[-+*^]\s*{_NUM})?"
_ITEM_RE = re.compile(rf"\s*({_NUM})\s*(?:([-+*^])\s*({_NUM}))?\s*")
_CODE_LIST = rf"{_CODE_ITEM}(?:\s*,\s*{_CODE_ITEM})*"
_CHARCODE_RE = re.compile(
    r"\bString\s*\.\s*fromCharCode\s*(?:"
    rf"\(\s*({_CODE_LIST})\s*\)"
    rf"|\.\s*apply\s*\(\s*[\w$.]+\s*,\s*\[\s*({_CODE_LIST})\s*\]\s*\)"
    rf"|\(\s*\.\.\.\s*\[\s*({_CODE_LIST})\s*\]\s*\))",
    re.S,
)
_ARRAY_RE = re.compile(rf"\[\s*({_CODE_LIST})\s*\]")
_KEY_RE = re.compile(r"fromCharCode\s*\(\s*[\w$.\[\]()]{1,40}?\s*([-+^])\s*(\d{1,5})\s*\)")
_ESCAPE_RE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|u\{[0-9a-fA-F]{1,6}\})")
_READABLE_RE = re.compile(r"<[a-zA-Z!/]|https?:|\w\(|[a-zA-Z]{4,20} [a-zA-Z]{3}")
_B64_TEXT_RE = re.compile(r"^[A-Za-z0-9+/_-]+={0,2}$")
_B64_RUN_RE = re.compile(rf"[A-Za-z0-9+/_-]{{{_MIN_B64_LITERAL - 2}}}")  # "=" padding aside
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_JS_ESCAPE_RE = re.compile(
    r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|u\{[0-9a-fA-F]{1,6}\}|[0-7]{1,3}|\r\n|[\s\S])"
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """One string recovered from an obfuscated expression.

    ``method`` names the encoding (``base64``, ``charcode``, ``percent``, ``escapes``, ``concat``,
    ``reverse``, ``base64-literal``, ``charcode-array``); ``expression`` is the start of the
    original expression (bounded) for evidence; ``depth`` is 1 for a string decoded from the
    page's own code and grows by one per nested decoding (at most ``MAX_DEPTH``).
    """

    method: str
    expression: str
    text: str
    depth: int


@dataclass(frozen=True, slots=True)
class Deobfuscated:
    """Code with its decodable expressions folded into plain literals, and what was decoded."""

    code: str
    payloads: tuple[Decoded, ...]


class DecodeBudget:
    """Decoded characters still allowed for one page; shared by all of its scripts.

    A page can hold many scripts that each decode to large payloads (a zip bomb of base64); the
    budget keeps the total bounded whatever the page does.
    """

    __slots__ = ("remaining",)

    def __init__(self, limit: int = MAX_PAGE_DECODED) -> None:
        self.remaining = limit

    def take(self, size: int) -> bool:
        """Charge ``size`` characters; False (and nothing charged) when that would exceed it."""
        if size > self.remaining:
            return False
        self.remaining -= size
        return True


def unescape_js(body: str) -> str:
    """The value of a JS string literal's body (quotes removed): ``\\x73l\\u006ft`` -> ``slot``."""
    if "\\" not in body:
        return body

    def repl(m: re.Match[str]) -> str:
        esc = m.group(1)
        if esc[0] == "x":
            return chr(int(esc[1:], 16))
        if esc[0] == "u" and len(esc) > 1:
            code = int(esc[2:-1], 16) if esc[1] == "{" else int(esc[1:], 16)
            return chr(code) if code <= 0x10FFFF else ""
        if esc[0] in "01234567" and esc != "0":
            return chr(int(esc, 8))
        if esc in ("\n", "\r", "\r\n", "\u2028", "\u2029"):
            return ""  # line continuation
        return _SIMPLE_ESCAPES.get(esc, esc)

    return _JS_ESCAPE_RE.sub(repl, body)


def literal_value(literal: str) -> str:
    """The string a JS literal (with its quotes) stands for."""
    return unescape_js(literal[1:-1])


def string_literals(code: str, limit: int = 5000) -> list[str]:
    """The values of the first ``limit`` string literals of ``code``."""
    out: list[str] = []
    for m in _LITERAL_RE.finditer(code[:MAX_CODE]):
        out.append(literal_value(m.group(0)))
        if len(out) >= limit:
            break
    return out


def _quote(text: str) -> str:
    """A JS-compatible double-quoted literal for ``text`` (json escaping is valid JS)."""
    return json.dumps(text, ensure_ascii=False)


def is_texty(text: str) -> bool:
    """True when ``text`` reads as text (HTML, code, a URL), not binary noise."""
    if not text:
        return False
    good = sum(1 for c in text if c.isprintable() or c in "\n\r\t")
    return good / len(text) >= 0.95


def decode_base64(data: str) -> str | None:
    """Decode base64 (standard or URL-safe) to text; None when invalid or binary."""
    data = re.sub(r"\s+", "", data)
    if len(data) < 4 or not _B64_TEXT_RE.match(data):
        return None
    data += "=" * (-len(data) % 4)
    try:
        raw = base64.b64decode(data, altchars=b"-_" if ("-" in data or "_" in data) else None)
    except (binascii.Error, ValueError):
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return text if is_texty(text) else None


def _percent_decode(text: str) -> str:
    """``unescape`` semantics: ``%xx`` and ``%uXXXX`` sequences."""
    text = re.sub(r"%u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    return unquote(text, errors="replace")


def _int(text: str) -> int:
    return int(text, 16) if text[:2].lower() == "0x" else int(text, 10)


def _eval_item(item: str) -> int | None:
    """One char-code list item: a number, or two numbers with + - * ^ (no other arithmetic)."""
    plain = item.strip()
    if plain.isascii() and plain.isdigit():  # the common case, without the regex
        return int(plain)
    m = _ITEM_RE.fullmatch(item)
    if not m:
        return None
    a = _int(m.group(1))
    if m.group(2) is None:
        return a
    b, op = _int(m.group(3)), m.group(2)
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "^":
        return a ^ b
    return a * b if a * b < 0x110000 else None


def decode_charcodes(items: str, key: tuple[str, int] | None = None) -> str | None:
    """``104, 116, 0x74`` -> text; None if not text.

    ``key`` = (op, n) applies the arithmetic the code does to each item, as in
    ``String.fromCharCode(a[i] - 3)``.
    """
    chars: list[str] = []
    for item in items.split(","):
        value = _eval_item(item)
        if value is None:
            return None
        if key is not None:
            op, n = key
            value = value + n if op == "+" else value - n if op == "-" else value ^ n
        if not 0 < value < 0x110000:
            return None
        chars.append(chr(value))
    text = "".join(chars)
    return text if is_texty(text) else None


class _Folder:
    """One pass of folding over one piece of code, recording what it decoded."""

    def __init__(self, budget: DecodeBudget, depth: int) -> None:
        self.budget = budget
        self.depth = depth
        self.found: list[Decoded] = []

    def _emit(self, method: str, expression: str, text: str | None) -> str | None:
        if text is None or not self.budget.take(len(text)):
            return None
        self.found.append(Decoded(method, expression[:200], text, self.depth + 1))
        return _quote(text)

    def concat(self, m: re.Match[str]) -> str:
        parts = [literal_value(p.group(0)) for p in _LITERAL_RE.finditer(m.group(0))]
        joined = "".join(parts)
        # Concatenation is also ordinary code style; only a split of something meaningful
        # (several short pieces) is recorded as a payload, but every run is folded.
        if len(parts) >= 3 or any(0 < len(p) <= 3 for p in parts):
            return self._emit("concat", m.group(0), joined) or _quote(joined)
        return _quote(joined)

    def reverse(self, m: re.Match[str]) -> str:
        text = literal_value(m.group(1))[::-1]
        return self._emit("reverse", m.group(0), text) or m.group(0)

    def base64(self, m: re.Match[str]) -> str:
        value = literal_value(m.group(1))
        return self._emit("base64", m.group(0), decode_base64(value)) or m.group(0)

    def percent(self, m: re.Match[str]) -> str:
        value = literal_value(m.group(1))
        if "%" not in value:
            return _quote(value)
        return self._emit("percent", m.group(0), _percent_decode(value)) or m.group(0)

    def charcode(self, m: re.Match[str]) -> str:
        items = m.group(1) or m.group(2) or m.group(3)
        return self._emit("charcode", m.group(0), decode_charcodes(items)) or m.group(0)


def _outside_literals(
    pattern: re.Pattern[str], code: str, repl: Callable[[re.Match[str]], str]
) -> str:
    """``pattern.sub(repl, code)`` for matches that do not start inside a string literal.

    A folded payload is itself a literal; decoding inside it here would bypass ``MAX_DEPTH``
    (its content is code only once something evals it, which the recursion handles).
    """
    if pattern.search(code) is None:  # most patterns never occur: skip the literal scan
        return code
    starts: list[int] = []
    ends: list[int] = []
    for lit in _LITERAL_RE.finditer(code):
        starts.append(lit.start())
        ends.append(lit.end())

    def guarded(m: re.Match[str]) -> str:
        i = bisect.bisect_right(starts, m.start()) - 1
        if i >= 0 and starts[i] < m.start() < ends[i]:
            return m.group(0)
        return repl(m)

    return pattern.sub(guarded, code)


_JOINED_LITERALS = re.compile(r"['\"`]\s*\+\s*['\"`]")
"""Two literals joined by ``+``: what every concatenation ``_CONCAT_RE`` folds contains."""
_B64_NAMES = ("atob", "base64", "b64decode", "decode64")


def _steps_for(code: str) -> tuple[bool, ...]:
    """Which fold steps can match ``code`` (cheap literal checks; a step whose trigger is absent
    cannot match, and its regex costs ~0.1 ms on a few KB of ordinary code)."""
    lowered = code.lower()
    return (
        _JOINED_LITERALS.search(code) is not None,
        "reverse" in code,
        any(name in lowered for name in _B64_NAMES),
        "Buffer" in code,
        "unescape" in code or "decodeURI" in code,
        "fromCharCode" in code,
    )


def _fold(code: str, budget: DecodeBudget, depth: int) -> tuple[str, list[Decoded]]:
    """Fold decodable expressions until nothing changes (bounded rounds)."""
    folder = _Folder(budget, depth)
    steps: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
        (_CONCAT_RE, folder.concat),
        (_REVERSE_RE, folder.reverse),
        (_BASE64_CALL_RE, folder.base64),
        (_BUFFER_RE, folder.base64),
        (_PERCENT_RE, folder.percent),
        (_CHARCODE_RE, folder.charcode),
    )
    for _ in range(_MAX_ROUNDS):
        before = code
        for (pattern, repl), possible in zip(steps, _steps_for(code), strict=True):
            if possible:
                code = _outside_literals(pattern, code, repl)
        if code == before or budget.remaining <= 0:
            break
    return code, folder.found


def _loose_payloads(original: str, budget: DecodeBudget, depth: int) -> list[Decoded]:
    """Payloads not passed to a decoder in place: escaped literals, base64 and char-code arrays
    held in variables (``var p = "PGEg..."; document.write(atob(p))``)."""
    found: list[Decoded] = []
    has_charcode = "fromCharCode" in original
    key_match = _KEY_RE.search(original) if has_charcode else None
    key = (key_match.group(1), int(key_match.group(2))) if key_match else None
    # A literal qualifies only with escapes or a long base64 run: without either anywhere in
    # the code (a settings object of short strings), the walk over its literals is skipped.
    literals = (
        _LITERAL_RE.finditer(original)
        if "\\" in original or _B64_RUN_RE.search(original)
        else iter(())
    )
    for m in literals:
        literal = m.group(0)
        body = literal[1:-1]
        text: str | None = None
        method = ""
        if "\\" in body and len(_ESCAPE_RE.findall(body)) >= _MIN_ESCAPES:
            text, method = unescape_js(body), "escapes"
        elif len(body) >= _MIN_B64_LITERAL and _B64_TEXT_RE.match(body):
            decoded = decode_base64(body)
            # Random-looking ids can decode to printable junk; keep only readable payloads.
            if decoded and _READABLE_RE.search(decoded[:4000]):
                text, method = decoded, "base64-literal"
        if text and budget.take(len(text)):
            found.append(Decoded(method, literal[:200], text, depth + 1))
    if has_charcode:
        for m in _ARRAY_RE.finditer(original):
            if m.group(1).count(",") < 7:
                continue
            text = decode_charcodes(m.group(1), key) or (
                decode_charcodes(m.group(1)) if key else None
            )
            if text and budget.take(len(text)):
                found.append(Decoded("charcode-array", m.group(0)[:200], text, depth + 1))
    return found


def deobfuscate(code: str, budget: DecodeBudget | None = None, *, depth: int = 0) -> Deobfuscated:
    """Fold the decodable expressions of ``code`` and collect every payload, recursively.

    Each payload is itself de-obfuscated (``eval(atob(...))`` nested) down to ``MAX_DEPTH``;
    the returned ``code`` is the folded top-level code, where e.g.
    ``location.href = atob("aHR0cHM6...")`` reads ``location.href = "https://..."``.
    """
    budget = budget if budget is not None else DecodeBudget()
    code = code[:MAX_CODE]
    folded, found = _fold(code, budget, depth)
    found.extend(_loose_payloads(folded, budget, depth))
    payloads: list[Decoded] = []
    for item in found:
        payloads.append(item)
        if item.depth < MAX_DEPTH and item.text != code:
            payloads.extend(deobfuscate(item.text, budget, depth=item.depth).payloads)
    return Deobfuscated(folded, tuple(payloads))
