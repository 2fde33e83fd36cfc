"""Volatile tokens and per-site ignore rules: what changes on every visit and is not a change.

A government homepage differs between two fetches a minute apart: the date in the header, the
visitor counter, a CSRF token in a form, "2 jam yang lalu" next to the news. Hashing or
comparing such text would report every site as changed every night, so it is removed before
the integrity stage hashes or compares anything:

* every number with its separators: dates (``21 November 2026`` -> ``november``,
  ``Sabtu, 21/11/2026``, ISO ``2026-11-21T08:15:00+07:00``), times (``08:15 WIB``), counters
  (``Pengunjung: 12.345``, ``dilihat 120 kali``) and the cells of visitor-statistics widgets;
  a defacement that changes only numbers is the price, and it is a small one;
* relative times (``2 jam yang lalu``, ``3 days ago``) and day names heading a date;
* long tokens: words of 16+ characters that are not all letters (hex, base64, nonces, session
  ids, CSRF tokens that reach the visible text).

Month names stay (they change once a month, and a month name alone does not make a line look
replaced).

Per-site ``ignore`` rules (``Site.ignore``) remove known dynamic regions:

* ``re:<regex>`` removes every match from the text (case-insensitive, per line);
* a simple selector ``#id``, ``.class``, ``tag``, ``tag#id`` or ``tag.class`` (optionally a
  descendant chain ``#sidebar .widget``) removes the text blocks inside matching elements.

Limits: extract's element paths are positional XPath without ids or classes, so selectors are
resolved against a parse of the raw HTML (only for sites that have selector rules, so others
pay nothing). Attribute selectors, ``>``/``+``/``~`` combinators and pseudo-classes are not
supported; such a rule is reported by ``IgnoreRules.compile`` as unusable and skipped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from scanner.extract.parse import parse_document
from scanner.normalize import normalize

DAY_NAMES = (
    "senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu", "ahad",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)
"""Day names; removed where they head a date (``Sabtu, 21/11/2026`` -> the date goes too)."""
_UNITS_ID = "detik|menit|jam|hari|minggu|pekan|bulan|tahun"
_UNITS_EN = "seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?"
# The pattern starts with one digit before any alternation: the regex engine then skips ahead
# with its fast character-class scan instead of trying every position (measured on 16 KB of
# page text: 22 ms for a list of keyword-first patterns, 0.4 ms with the alternation first,
# 0.08 ms like this). That is also why every number counts as
# volatile: dates, times, counters, view counts and numbered widgets all reduce to their words.
VOLATILE = re.compile(
    rf"\d(?:\d*\s*(?:{_UNITS_ID})\s*(?:yang\s*)?lalu\b"
    rf"|\d*\s*(?:{_UNITS_EN})\s+ago\b"
    r"|[\d.,:/-]*(?:st|nd|rd|th)?)",
)
"""Numbers with their separators, and relative times (``2 jam yang lalu``, ``3 days ago``)."""
MAX_TOKEN_CHARS = 16
"""A word at least this long that is not all letters is a token (hex, base64, session id)."""
MAX_RULES = 50
MAX_RULE_CHARS = 300


def strip_tokens(text: str) -> str:
    """Raw ``text`` without long tokens (16+ characters, not all letters).

    Runs before ``normalize``, which would fold the digits inside a hex token into letters.
    """
    words = text.split(" ")
    if max(map(len, words), default=0) < MAX_TOKEN_CHARS:
        return text
    return " ".join([w for w in words if len(w) < MAX_TOKEN_CHARS or w.isalpha()])


def strip_volatile(normalized: str) -> str:
    """``normalize``d text without numbers, relative times and day names heading a date."""
    text = VOLATILE.sub("", normalized)
    for day in DAY_NAMES:
        if day in text:
            text = text.replace(day + ",", "")
    return text


def clean(text: str) -> str:
    """Raw text as the integrity stage compares it: normalised, volatile tokens removed."""
    return strip_volatile(normalize(strip_tokens(text)))


@dataclass(frozen=True, slots=True)
class _Compound:
    """One simple selector: a tag, an id and classes (any may be empty)."""

    tag: str
    id: str
    classes: frozenset[str]

    def matches(self, el: etree._Element) -> bool:
        if self.tag and el.tag != self.tag:
            return False
        if self.id and el.get("id") != self.id:
            return False
        return not self.classes or self.classes <= frozenset((el.get("class") or "").split())


_SIMPLE = re.compile(r"^([a-z][a-z0-9]*)?((?:[#.][\w-]+)*)$", re.I)
_PART = re.compile(r"([#.])([\w-]+)")


def _compound(text: str) -> _Compound | None:
    m = _SIMPLE.match(text)
    if not m or not text:
        return None
    ids = [v for k, v in _PART.findall(m.group(2)) if k == "#"]
    classes = frozenset(v for k, v in _PART.findall(m.group(2)) if k == ".")
    if len(ids) > 1:
        return None
    return _Compound((m.group(1) or "").lower(), ids[0] if ids else "", classes)


@dataclass(frozen=True, slots=True)
class IgnoreRules:
    """A site's compiled ignore rules: regexes on text, selector chains on elements."""

    regexes: tuple[re.Pattern[str], ...] = ()
    selectors: tuple[tuple[_Compound, ...], ...] = ()
    unusable: tuple[str, ...] = ()
    """Rules that could not be compiled (bad regex, unsupported selector), for a warning."""

    @classmethod
    def compile(cls, rules: Sequence[str]) -> IgnoreRules:
        """Compile ``Site.ignore``; a bad rule is kept in ``unusable`` (data, not an error)."""
        regexes: list[re.Pattern[str]] = []
        selectors: list[tuple[_Compound, ...]] = []
        unusable: list[str] = []
        for raw in list(rules)[:MAX_RULES]:
            rule = raw.strip()[:MAX_RULE_CHARS]
            if not rule:
                continue
            if rule.startswith("re:"):
                try:
                    regexes.append(re.compile(rule[3:], re.I | re.M))
                except re.error:
                    unusable.append(raw)
                continue
            chain = tuple(_compound(part) for part in rule.split())
            if chain and all(c is not None for c in chain):
                selectors.append(tuple(c for c in chain if c is not None))
            else:
                unusable.append(raw)
        return cls(tuple(regexes), tuple(selectors), tuple(unusable))

    def apply_text(self, text: str) -> str:
        """``text`` without the matches of the ``re:`` rules."""
        for rx in self.regexes:
            text = rx.sub("", text)
        return text

    def ignored_paths(self, html: str | None) -> tuple[str, ...]:
        """Element paths (as extract writes them) of the elements the selectors match.

        The HTML is parsed the way ``extract.analyse`` parses it so the XPaths agree.
        """
        if not self.selectors or not html:
            return ()
        root = parse_document(html)  # deep pages: the same huge_tree/flattening as extract
        if root is None:
            return ()
        tree = root.getroottree()
        found: list[str] = []
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            for chain in self.selectors:
                if chain[-1].matches(el) and _ancestors_match(el, chain[:-1]):
                    found.append(tree.getpath(el))
                    break
            if len(found) >= 1000:
                break
        return tuple(found)


def _ancestors_match(el: etree._Element, chain: tuple[_Compound, ...]) -> bool:
    i = len(chain) - 1
    if i < 0:
        return True
    for anc in el.iterancestors():
        if chain[i].matches(anc):
            i -= 1
            if i < 0:
                return True
    return False


def under(path: str, prefixes: Sequence[str]) -> bool:
    """True when ``path`` is one of ``prefixes`` or inside one of them."""
    return any(path == p or path.startswith(p + "/") for p in prefixes)
