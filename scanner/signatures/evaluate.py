"""Compiled matchers and how they are evaluated over the parts of one scan.

A ``PartScan`` is everything learnt about one part's text in one scan, computed lazily: the
automaton keys found in it (one Aho-Corasick pass), each regex's terms (run only in windows
around its trigger literals), the hosts it names. ``evaluate_matcher`` applies one compiled
matcher to the part scans it reads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from re import Pattern
from typing import Any

from scanner.signatures.match import (
    MAX_TERMS,
    DomainPatterns,
    Key,
    extract_hosts,
    maximal,
    regex_terms,
    scan_keys,
    windows,
)
from scanner.signatures.records import Signature
from scanner.signatures.schema import ANY_PART


@dataclass(frozen=True, slots=True)
class Regex:
    """A compiled regex, the literals that must occur for it to run, and its cache slot."""

    pattern: Pattern[str]
    triggers: frozenset[int] | None  # automaton keys; None = run on every part
    slot: int  # index into the per-part regex result cache
    width: int  # longest match (capped): the window searched around trigger occurrences


@dataclass(frozen=True, slots=True)
class Matcher:
    """One compiled matcher: words as automaton keys, regexes, or domain patterns."""

    kind: str
    part: str
    condition: str
    negative: bool
    min: int
    word_order: tuple[int, ...] = ()
    word_set: frozenset[int] = frozenset()
    regexes: tuple[Regex, ...] = ()
    domains: DomainPatterns | None = None


@dataclass(frozen=True, slots=True)
class Compiled:
    """One compiled signature: its record, condition, matchers and declared examples."""

    signature: Signature
    condition: str
    matchers: tuple[Matcher, ...]
    uniform_any: bool
    examples_match: tuple[str, ...]
    examples_no_match: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Result:
    """Whether one matcher held, its distinct terms and the first part it held on."""

    ok: bool
    terms: tuple[str, ...] = ()
    part: str = ""


_WINDOWED_SPANS = 256


class PartScan:
    """Everything computed about one part's text during one ``scan`` call (lazily)."""

    __slots__ = ("_hosts", "_regex", "name", "raw", "text", "triggers", "words")

    def __init__(
        self, automaton: Any, keys: Sequence[Key], name: str, text: str, raw: str
    ) -> None:
        self.name = name
        self.text = text
        self.raw = raw
        self.words, self.triggers = scan_keys(automaton, keys, text)
        self._regex: dict[int, tuple[str, ...]] = {}
        self._hosts: tuple[str, ...] | None = None

    def regex(self, rx: Regex) -> tuple[str, ...]:
        """The distinct terms ``rx`` matches in this part (cached per scan)."""
        found = self._regex.get(rx.slot)
        if found is not None:
            return found
        regions: list[tuple[int, int]] | None = None
        if rx.triggers is not None:
            spans = [sp for k in rx.triggers for sp in self.triggers.get(k, ())]
            if not spans:
                return ()
            if len(spans) <= _WINDOWED_SPANS:  # else one pass over the whole part is cheaper
                regions = windows(spans, rx.width, len(self.text))
        found = self._regex[rx.slot] = regex_terms(rx.pattern, self.text, regions)
        return found

    def hosts(self) -> tuple[str, ...]:
        """The hosts this part's raw text names (for domain matchers)."""
        if self._hosts is None:
            self._hosts = extract_hosts(self.raw)
        return self._hosts


def evaluate_matcher(m: Matcher, scans: Sequence[PartScan], keys: Sequence[Key]) -> Result:
    """Evaluate one matcher over the part scans it reads."""
    terms: dict[str, None] = {}
    first = ""
    matched = 0
    total = 0
    if m.kind == "word":
        found: set[int] = set()
        counted: set[int] = set()
        for ps in scans:
            hit = ps.words.keys() & m.word_set
            if hit:
                found |= hit
                counted |= maximal(hit, ps.words) if len(hit) > 1 else hit
                first = first or ps.name
        shown = found if m.condition == "and" else counted
        for idx in m.word_order:
            if idx in shown:
                terms[keys[idx].text] = None
        matched, total = len(found), len(m.word_set)
    elif m.kind == "regex":
        total = len(m.regexes)
        for rx in m.regexes:
            any_hit = False
            for ps in scans:
                found_terms = ps.regex(rx)
                if found_terms:
                    any_hit = True
                    first = first or ps.name
                    terms.update(dict.fromkeys(found_terms))
            matched += any_hit
    else:
        assert m.domains is not None
        patterns: set[int] = set()
        total = m.domains.total
        for ps in scans:
            for host in ps.hosts():
                idxs = m.domains.matching(host)
                if idxs:
                    patterns |= idxs
                    terms[host] = None
                    first = first or ps.name
        matched = len(patterns)
    ok = (matched >= total) if m.condition == "and" else (len(terms) >= m.min)
    if m.negative:
        return Result(not ok)
    return Result(ok, tuple(terms)[:MAX_TERMS], first) if ok else Result(False)


def constant(scans: Sequence[PartScan]) -> Callable[[str], Sequence[PartScan]]:
    """Every matcher reads the same scans (per-part evaluation, or one text for all parts)."""
    return lambda _part: scans


def resolve_part(
    scans: Mapping[str, PartScan], all_scans: Sequence[PartScan], part: str
) -> Sequence[PartScan]:
    """The scans a matcher with ``part`` reads when parts are given separately."""
    if part == ANY_PART:
        return all_scans
    ps = scans.get(part)
    return [ps] if ps is not None else []
