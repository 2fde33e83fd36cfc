"""Text normalisation for matching: undo the obfuscations gambling spam uses to dodge filters.

Matching runs on ``normalize(text)``; evidence always keeps the original text, and
``normalize_map``/``locate`` map a match back to the original so a report can highlight it.

What is folded, in order:

1. stray HTML entities (``&#115;lot``);
2. compatibility forms (NFKC: math bold/italic ``𝐬𝐥𝐨𝐭``, fullwidth ``ｓｌｏｔ``, circled letters);
3. case (casefold), then diacritics (``ślòt``), then zero-width characters inside words
   and look-alike letters from other scripts (Cyrillic ``ѕlоt``, Greek, small caps, flags);
4. letters spaced out by one repeated separator (``s l o t``, ``s.l.o.t``, ``s-l-o-t``): runs of
   three or more single letters join; a double space or another separator is a word boundary;
5. leetspeak inside words (``sl0t``, ``g4c0r``, ``m4xw1n``) only where digits sit between letters,
   so ``slot88``, ``4d``, ``2024``, ``COVID-19`` and Indonesian acronyms (``P4GN``, ``DP3AP2KB``)
   are kept;
6. whitespace runs to one space.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

_ZERO_WIDTH = "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e\u034f"

# Look-alike letters -> Latin. Pairs "<confusable><latin>"; the source is lower case because the
# table is applied after casefold (upper-case look-alikes fold to these first).
_PAIRS = (
    # Cyrillic
    "аaбbвbгrдdеeёeжxзeиuйuкkлnмmнhоoпnрpсcтtуyфoхxцuчyшwщwъbыbьbэeюoяr"
    "ѐeёeђhѓrєeѕsіiїiјjљnњnћhќkѝuўyџuѡwѣbѧaѫxѳoѵvѷvҁcҋuҍbҏpґrғfҕhҗxҙeқkҝkҟkҡk"
    "ңhҥhҧnҩoҫcҭtүyұyҳxҵuҷyҹyһhҽeҿeӏlӂxӄkӆnӈhӊhӌyӎmӑaӓaӕaӗeәeӛeӝxӟeӡeӣuӥu"
    "ӧoөoӫoӭeӯyӱyӳyӵyӹbԁdԃdԅdԇdԉnԋhԍcԏtԑeԓnԛqԝwԧh"
    # Greek
    "αaάaβbγyδdεeέeζzηnήnθoιiίiϊiΐiκkλnμuνvξeοoόoπnρpσoςcτtυuύuϋuΰuφoχxψuωwώw"
    "ϐbϑoϒyϕoϖwϗkϙoϛcϝfϟqϲcϳjϸpϻmϼpἀaἁaὀoὁoὰaὲeὴnὶiὸoὺuὼw"
    # Latin extensions and IPA
    "ıiȷjłlđdħhŧtøoðdþpƀbƃbƅbƈcƌdƒfɠgƙkƚlƞnơoƥpƫtƭtưuƴyƶzȼcȿsɀzɓbɔoɕcɖdɗdɘeəeɛe"
    "ɜeɞeɟjɡgɢgɦhɧhɨiɩiɪiɫlɬlɭlɯwɰwɱmɲnɳnɴnɵoɶoɹrɺrɻrɼrɽrɾrʀrʂsʈtʉuʊuʋvʌvʍwʏyʐzʑz"
    "ʙbʜhʝjʟlʠqᴀaᴁaᴃbᴄcᴅdᴆdᴇeᴊjᴋkᴌlᴍmᴎnᴏoᴐoᴑoᴘpᴙrᴚrᴛtᴜuᴠvᴡwᴢzꜰfꜱsǫqʀr"
    # Armenian, Cherokee and other look-alikes
    "օoսuհhոnռnաwզqցgյjɑaᏚsᎪaᎬeᎻhᏆiᎫjᏦkᏞlᎷmᏃzᏴbᏟcᎠdᏀgᎢtᏙvᏔwᎩyꓮaꓐbꓚcꓓdꓰeꓝfꓖgꓧhꓲi"
    "ꓙjꓗkꓡlꓟmꓠnꓳoꓑpꓣrꓢsꓔtꓴuꓦvꓪwꓫxꓬyꓜz"
    # symbols used as letters
    "×x∂dℓl∪u∨v∧a⋁v"
)
# Upper-case Greek look-alikes differ from their lower-case forms (H is Eta, h is not eta).
_UPPER_PAIRS = "ΑaΒbΕeΖzΗhΙiΚkΜmΝnΟoΡpΤtΥyΧxΛaΔaΣeΠnΩo"
_TABLE: dict[int, int | None] = {ord(c): None for c in _ZERO_WIDTH}
_TABLE.update({ord(_PAIRS[i]): ord(_PAIRS[i + 1]) for i in range(0, len(_PAIRS) - 1, 2)})
# Regional indicator symbols (flag letters 🇸🇱🇴🇹) -> a..z.
_TABLE.update({0x1F1E6 + i: ord("a") + i for i in range(26)})
# Negative squared / circled forms NFKC leaves alone (🅢 🆂).
_TABLE.update({0x1F150 + i: ord("a") + i for i in range(26)})
_TABLE.update({0x1F170 + i: ord("a") + i for i in range(26)})
_TABLE.update({0x1F130 + i: ord("a") + i for i in range(26)})

_TABLE_CHARS = frozenset(chr(k) for k in _TABLE)

_UPPER = {
    ord(_UPPER_PAIRS[i]): ord(_UPPER_PAIRS[i + 1]) for i in range(0, len(_UPPER_PAIRS) - 1, 2)
}
_UPPER_KEYS = frozenset(_UPPER_PAIRS[::2])
_ASCII_BYTES = bytes(range(128))
_HARMLESS = frozenset("©®°–—‘’“”•·«»€£¥§¶÷±†‡‰‹›¡¿¢¤¦¬\ufffd")
"""Non-ASCII characters that cannot disguise a Latin letter (the fast path keeps them)."""
_MARKS = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)
"""Combining marks (what NFKD splits off accented letters)."""
_LEET_TABLE = {ord(k): ord(v) for k, v in zip("0134578@9$", "oieastbags", strict=True)}
_ENTITY = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
_SPACED = re.compile(
    # possessive: a run never backtracks into a shorter run; each letter stands alone.
    r"(?<![a-z0-9])[a-z](?P<sep>[ ._\-*|/·•~+,])[a-z](?![a-z0-9])"
    r"(?:(?P=sep)[a-z](?![a-z0-9]))++(?![a-z0-9])(?!(?P=sep)[a-z]?[0-9])"
)
_LEET_CHARS = "0123456789@$"
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789@$")
_SEPS = "[ ._\\-*|/·•~+,]"
_SINGLE = re.compile(_SEPS + r"[a-z](?=" + _SEPS + ")")
_LEET_INNER = re.compile(r"(?<=[a-z])[0-9@$]+(?=[a-z])")
_ACRONYM = re.compile(r"(?:[a-z]{0,3}[pk][2-5][a-z]{0,3})+")
"""Indonesian acronyms where a digit counts a repeated letter: P4GN, P3K, DP3AP2KB, K3."""
_WS = re.compile(r"\s+")
_TOGEL_SUFFIX = re.compile(r"(?<=[a-z])[2-4]d$")


def _non_ascii(text: str) -> set[str]:
    """The distinct non-ASCII characters of ``text`` (fast: bytes.translate drops ASCII in C)."""
    return set(text.encode("utf-8", "replace").translate(None, _ASCII_BYTES).decode("utf-8"))


def _fold(text: str) -> str:
    """Steps 2-3 (compatibility forms, case, diacritics, zero-width, look-alikes)."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKC", text)
    rest = _non_ascii(text)
    if rest & _UPPER_KEYS:
        text = text.translate(_UPPER)
    text = text.casefold()
    if rest - _HARMLESS:
        # Slow path (str.translate costs ~40 ns a character), taken only when a letter that
        # may hide a word is present: most pages carry only quotes, dashes and the like.
        if not unicodedata.is_normalized("NFKD", text):
            text = unicodedata.normalize("NFKD", text)
        text = _MARKS.sub("", text)
        if not _TABLE_CHARS.isdisjoint(_non_ascii(text)):  # translate only what needs it
            text = text.translate(_TABLE)
    return text


def _leet_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the tokens that have digits between letters (the leetspeak candidates).

    ``str.find`` per digit character is far faster than a regex scan of the whole text, and
    most text has few digits.
    """
    starts: list[int] = []
    n = len(text)
    for ch in _LEET_CHARS:
        i = text.find(ch)
        while i >= 0:
            if i and text[i - 1] in _LETTERS:
                j = i + 1
                while j < n and text[j] in _LEET_CHARS:
                    j += 1
                if j < n and text[j] in _LETTERS:
                    starts.append(i)
            i = text.find(ch, i + 1)
    spans: list[tuple[int, int]] = []
    end = -1
    for i in sorted(starts):
        if i < end:
            continue
        start, end = i, i
        while start > 0 and text[start - 1] in _TOKEN_CHARS:
            start -= 1
        while end < n and text[end] in _TOKEN_CHARS:
            end += 1
        spans.append((start, end))
    return spans


def _deleet_token(token: str, following: str) -> str:
    if _ACRONYM.fullmatch(token):
        return token
    if "@" in token and following == ".":
        return token  # an e-mail address, not "sl@t"
    # "togel4d", "ambon4d": the togel 2D/3D/4D suffix is a number, not leetspeak.
    suffix = _TOGEL_SUFFIX.search(token)
    cut = suffix.start() if suffix else len(token)
    head = _LEET_INNER.sub(lambda d: d.group(0).translate(_LEET_TABLE), token[:cut])
    return head + token[cut:]


def _unspace(m: re.Match[str]) -> str:
    return m.group(0)[::2]


def _unspace_all(text: str) -> str:
    """``_SPACED.sub(_unspace, text)``, trying the pattern only where a run can start.

    A run of three or more spaced letters has a middle letter between two separators, which
    ``_SINGLE`` finds cheaply (its first character is a separator); the run starts one letter
    before that. Trying ``_SPACED.match`` only there gives the same matches as a full scan
    (``match`` at ``pos`` still sees the character before ``pos`` for the lookbehind) at a
    fraction of the cost on long pages.
    """
    out: list[str] = []
    last = 0
    for single in _SINGLE.finditer(text):
        start = single.start() - 1
        if start < last:
            continue
        m = _SPACED.match(text, start)
        if m is None:
            continue
        out.append(text[last:start])
        out.append(_unspace(m))
        last = m.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def normalize(text: str) -> str:
    """The form every signature is matched against (see the module docstring for the steps)."""
    if "&" in text:
        text = html.unescape(text)
    text = _fold(text)
    text = _unspace_all(text)
    spans = _leet_spans(text)
    if spans:
        parts: list[str] = []
        last = 0
        for start, end in spans:
            parts.append(text[last:start])
            parts.append(_deleet_token(text[start:end], text[end : end + 1]))
            last = end
        parts.append(text[last:])
        text = "".join(parts)
    return " ".join(text.split())


# --------------------------------------------------------------------------- mapped variant


def _mapped_sub(
    pattern: re.Pattern[str],
    func: Callable[[re.Match[str]], list[int]],
    text: str,
    index: list[int],
    replace: Callable[[re.Match[str]], str],
) -> tuple[str, list[int]]:
    """``pattern.sub`` that keeps the per-character origin list in step.

    ``func`` says which characters of the match survive (offsets into the match) and
    ``replace`` gives their new values, one per surviving offset.
    """
    out: list[str] = []
    out_index: list[int] = []
    last = 0
    for m in pattern.finditer(text):
        out.append(text[last : m.start()])
        out_index.extend(index[last : m.start()])
        keep = func(m)
        new = replace(m)
        out.append(new)
        out_index.extend(index[m.start() + k] for k in keep)
        last = m.end()
    out.append(text[last:])
    out_index.extend(index[last:])
    return "".join(out), out_index


def normalize_map(text: str) -> tuple[str, list[int]]:
    """``normalize(text)`` plus, for every output character, the index of its source in ``text``.

    Slower than ``normalize`` (character by character); used to point evidence at the original.
    """
    chars: list[str] = []
    index: list[int] = []
    pos = 0
    pieces: list[tuple[str, int]] = []
    if "&" in text:
        for m in _ENTITY.finditer(text):
            pieces.extend((c, pos + i) for i, c in enumerate(text[pos : m.start()]))
            pieces.extend((c, m.start()) for c in html.unescape(m.group(0)))
            pos = m.end()
    pieces.extend((c, pos + i) for i, c in enumerate(text[pos:]))
    for c, i in pieces:
        for folded in _fold(c):
            chars.append(folded)
            index.append(i)
    s = "".join(chars)
    s, index = _mapped_sub(
        _SPACED, lambda m: list(range(0, len(m.group(0)), 2)), s, index, _unspace
    )
    leet = list(s)
    for start, end in _leet_spans(s):
        leet[start:end] = _deleet_token(s[start:end], s[end : end + 1])
    s = "".join(leet)  # leetspeak folding keeps the length: the index list is unchanged
    s, index = _mapped_sub(_WS, lambda m: [0], s, index, lambda m: " ")
    start = len(s) - len(s.lstrip(" "))
    end = len(s.rstrip(" "))
    return s[start:end], index[start:end]


@functools.lru_cache(maxsize=4)
def _cached_map(original: str) -> tuple[str, tuple[int, ...]]:
    """``normalize_map`` memoised: detectors locate many terms in the same page text."""
    s, index = normalize_map(original)
    return s, tuple(index)


_WINDOW = 1024
_OVERLAP = 256
"""``locate`` maps long texts window by window; a term whose original spans more than the
overlap (a very long obfuscated phrase) falls back to mapping the whole text."""


def locate(original: str, normalized_term: str) -> tuple[int, int] | None:
    """The (start, end) span of ``original`` whose normalisation contains the term, or None."""
    if not normalized_term:
        return None
    # Fast path: most evidence is plain text where the term appears as written (case aside).
    lowered = original.lower()
    if len(lowered) == len(original):
        i = lowered.find(normalized_term)
        if i >= 0:
            return i, i + len(normalized_term)
    if len(original) > 2 * _WINDOW:
        # normalize_map costs ~1 us a character: map only the window that holds the term.
        needles = {normalized_term, normalize(normalized_term)}
        step = _WINDOW - _OVERLAP
        for lo in range(0, len(original), step):
            piece = original[lo : lo + _WINDOW]
            normalised = normalize(piece)
            if any(needle in normalised for needle in needles):
                # Not memoised: window maps would evict the whole-text maps worth keeping.
                span = _locate_mapped(piece, normalized_term, normalize_map(piece))
                if span is not None:
                    return lo + span[0], lo + span[1]
            if lo + _WINDOW >= len(original):
                break
    return _locate_mapped(original, normalized_term)


def _locate_mapped(
    original: str,
    normalized_term: str,
    mapped: tuple[str, Sequence[int]] | None = None,
) -> tuple[int, int] | None:
    s, index = mapped if mapped is not None else _cached_map(original)
    i = s.find(normalized_term)
    if i < 0:
        i = s.find(normalize(normalized_term))
        if i < 0:
            return None
        normalized_term = normalize(normalized_term)
    start = index[i]
    last = index[i + len(normalized_term) - 1]
    end = last + 1
    if original[last] == "&":  # an entity: cover all of it
        m = _ENTITY.match(original, last)
        end = m.end() if m else end
    return start, end


@dataclass(frozen=True, slots=True)
class Snippet:
    """A bounded window of original text around a match; ``start``/``end`` are inside ``text``."""

    text: str
    start: int
    end: int

    @property
    def match(self) -> str:
        """The matched part of the window."""
        return self.text[self.start : self.end]


def snippet(original: str, span: tuple[int, int], width: int = 120) -> Snippet:
    """Up to ``width`` characters of ``original`` around ``span`` (the match is cut to fit)."""
    start, end = max(0, span[0]), min(len(original), max(span[0], span[1]))
    width = max(width, 1)
    if end - start > width:
        end = start + width
    room = width - (end - start)
    lo = max(0, start - room // 2)
    hi = min(len(original), end + (room - (start - lo)))
    lo = max(0, min(lo, hi - width))
    return Snippet(original[lo:hi], start - lo, end - lo)
