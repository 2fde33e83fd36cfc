"""signatures/*.yaml -> a validated, compiled, immutable ``SignatureSet``.

Signature files are data: loaded once per process, validated strictly (``signatures.schema``),
compiled into one Aho-Corasick automaton plus trigger-gated regexes (``signatures.match``, whose
docstring has the measurements behind that choice). Every signature carries examples that must
and must not match; ``run_examples`` checks them (``scanner signatures test``).

Semantics the detectors rely on:

* ``scan(parts)`` takes text ALREADY normalised with ``normalize.normalize``; words were
  normalised the same way at load, so ``"SLOT  GACOR"`` in a file matches ``slot gacor``.
* A signature whose matchers all read ``part: any`` is evaluated separately on every given part
  and yields one ``Hit`` per part where it holds (so a hit says *where*: hidden text, title...).
  A signature naming concrete parts is evaluated once over the page: a matcher reads its own
  part, an ``any`` matcher reads the union of all given parts.
* Within a matcher, ``condition: or`` needs ``min`` distinct matched strings (default 1),
  ``condition: and`` needs every word / regex / domain pattern to match. ``negative`` inverts a
  matcher and is only allowed in signatures with ``condition: and``.

Timing (this machine, Python 3.11, the shipped signatures): see ``SignatureSet.scan``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from re import Pattern
from urllib.parse import urlsplit

import scanner
from scanner.errors import SignatureError
from scanner.models import Category, Severity
from scanner.normalize import normalize
from scanner.signatures.match import (
    MAX_TERMS,
    DomainPatterns,
    Key,
    build_automaton,
    compile_regex,
    extract_hosts,
    make_key,
    maximal,
    regex_terms,
    regex_triggers,
    regex_width,
    scan_keys,
    windows,
)
from scanner.signatures.schema import (
    ANY_PART,
    PARTS,
    MatcherSpec,
    Role,
    SignatureSpec,
    parse_file,
)

__all__ = [
    "PARTS",
    "ExampleFailure",
    "Hit",
    "Role",
    "Signature",
    "SignatureSet",
    "default_signatures_dir",
    "load_signatures",
    "run_examples",
]


@dataclass(frozen=True, slots=True)
class Signature:
    """One signature's identity and metadata (what reports, listings and findings show)."""

    id: str
    name: str
    category: Category
    severity: Severity
    description: str
    references: tuple[str, ...]
    tags: tuple[str, ...]
    role: Role
    """The single role tag (promo, cta, brand, term, discussion, deface, ...)."""
    source: str
    """The file it came from."""
    parts: tuple[str, ...] = ()
    """The parts its matchers read (``any`` when a matcher reads every part)."""
    entries: int = 0
    """How many words, regexes and domain patterns its matchers hold."""


@dataclass(frozen=True, slots=True)
class Hit:
    """A signature that held on a part; ``terms`` are the distinct matched normalised strings."""

    signature: Signature
    part: str
    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ExampleFailure:
    """An example of a signature file that did not behave as declared."""

    signature_id: str
    example: str
    expected: str
    """``match`` (it should have matched and did not) or ``no_match`` (it matched)."""
    file: str

    def __str__(self) -> str:
        verb = "should match but did not" if self.expected == "match" else "matched but must not"
        return f"{self.file}: {self.signature_id}: {verb}: {self.example!r}"


# --------------------------------------------------------------------------- compiled form


@dataclass(frozen=True, slots=True)
class _Regex:
    pattern: Pattern[str]
    triggers: frozenset[int] | None  # automaton keys; None = run on every part
    slot: int  # index into the per-part regex result cache
    width: int  # longest match (capped): the window searched around trigger occurrences


@dataclass(frozen=True, slots=True)
class _Matcher:
    kind: str
    part: str
    condition: str
    negative: bool
    min: int
    word_order: tuple[int, ...] = ()
    word_set: frozenset[int] = frozenset()
    regexes: tuple[_Regex, ...] = ()
    domains: DomainPatterns | None = None


@dataclass(frozen=True, slots=True)
class _Compiled:
    signature: Signature
    condition: str
    matchers: tuple[_Matcher, ...]
    uniform_any: bool
    examples_match: tuple[str, ...]
    examples_no_match: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Result:
    ok: bool
    terms: tuple[str, ...] = ()
    part: str = ""


_WINDOWED_SPANS = 256


class _PartScan:
    """Everything computed about one part's text during one ``scan`` call (lazily)."""

    __slots__ = ("_hosts", "_regex", "name", "raw", "text", "triggers", "words")

    def __init__(self, sigset: SignatureSet, name: str, text: str, raw: str) -> None:
        self.name = name
        self.text = text
        self.raw = raw
        self.words, self.triggers = scan_keys(sigset._automaton, sigset._keys, text)
        self._regex: dict[int, tuple[str, ...]] = {}
        self._hosts: tuple[str, ...] | None = None

    def regex(self, rx: _Regex) -> tuple[str, ...]:
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
        if self._hosts is None:
            self._hosts = extract_hosts(self.raw)
        return self._hosts


def _eval(m: _Matcher, scans: Sequence[_PartScan], keys: Sequence[Key]) -> _Result:
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
        return _Result(not ok)
    return _Result(ok, tuple(terms)[:MAX_TERMS], first) if ok else _Result(False)


def _constant(scans: Sequence[_PartScan]) -> Callable[[str], Sequence[_PartScan]]:
    """Every matcher reads the same scans (per-part evaluation, or one text for all parts)."""
    return lambda _part: scans


def _resolve(
    scans: Mapping[str, _PartScan], all_scans: Sequence[_PartScan], part: str
) -> Sequence[_PartScan]:
    """The scans a matcher with ``part`` reads when parts are given separately."""
    if part == ANY_PART:
        return all_scans
    ps = scans.get(part)
    return [ps] if ps is not None else []


# --------------------------------------------------------------------------- the set


class SignatureSet:
    """All loaded signatures, compiled for fast matching; immutable once built."""

    __slots__ = ("_always", "_automaton", "_by_key", "_compiled", "_domain_cache", "_keys",
                 "signatures")

    def __init__(self, compiled: Sequence[_Compiled], keys: Sequence[Key]) -> None:
        self._compiled = tuple(compiled)
        self.signatures: tuple[Signature, ...] = tuple(c.signature for c in self._compiled)
        self._keys = tuple(keys)
        self._automaton = build_automaton(self._keys)
        by_key: dict[int, set[int]] = {}
        always: list[int] = []
        for i, c in enumerate(self._compiled):
            for m in c.matchers:
                if m.negative:
                    continue
                for k in m.word_set:
                    by_key.setdefault(k, set()).add(i)
                for rx in m.regexes:
                    if rx.triggers is None:
                        always.append(i)
                    else:
                        for k in rx.triggers:
                            by_key.setdefault(k, set()).add(i)
                if m.domains is not None:
                    always.append(i)
        self._by_key = {k: frozenset(v) for k, v in by_key.items()}
        self._always = frozenset(always)
        self._domain_cache: dict[str, tuple[Signature, ...]] = {}

    def __len__(self) -> int:
        return len(self.signatures)

    def scan(self, parts: Mapping[str, str]) -> tuple[Hit, ...]:
        """Hits of every signature on ``parts`` (part name -> text already normalised).

        Absent parts count as empty. Cost: one automaton pass per non-empty part plus the
        regexes whose trigger literals occurred; ~0.4 ms for a clean 50 KB visible text.
        """
        for name in parts:
            if name not in PARTS:
                raise ValueError(f"unknown part {name!r}; expected one of {', '.join(PARTS)}")
        scans = {n: _PartScan(self, n, parts[n], parts[n]) for n in PARTS if parts.get(n)}
        return self._evaluate(scans, None, None)

    def scan_text(self, text: str, part: str = ANY_PART) -> tuple[Hit, ...]:
        """Normalise ``text`` and scan it as ``part``; ``any`` feeds it to every part once."""
        if part != ANY_PART and part not in PARTS:
            raise ValueError(f"unknown part {part!r}")
        ps = _PartScan(self, part, normalize(text), text)
        if part == ANY_PART:
            return self._evaluate({}, ps, None)
        return self._evaluate({part: ps}, None, None)

    def domain_hits(self, host_or_domain: str) -> tuple[Signature, ...]:
        """Signatures whose domain matchers hold for this host (or URL, or its domain).

        Only domain matchers are considered, combined with the signature's condition.
        """
        host = host_or_domain.strip().lower()
        if "/" in host:
            host = urlsplit(host if "//" in host else "//" + host).hostname or ""
        host = host.strip(".")
        cached = self._domain_cache.get(host)
        if cached is not None:
            return cached
        out: list[Signature] = []
        for c in self._compiled:
            results = [
                (m, m.domains.matching(host) if host else frozenset())
                for m in c.matchers
                if m.domains is not None
            ]
            if not results:
                continue
            oks = []
            for m, idxs in results:
                assert m.domains is not None
                total = m.domains.total
                ok = len(idxs) >= total if m.condition == "and" else bool(idxs)
                oks.append(not ok if m.negative else ok)
            positive = any(not m.negative for m, _ in results)
            if positive and (all(oks) if c.condition == "and" else any(oks)):
                out.append(c.signature)
        result = tuple(out)
        if len(self._domain_cache) > 50_000:
            self._domain_cache.clear()
        self._domain_cache[host] = result
        return result

    def by_role(self, role: Role) -> tuple[Signature, ...]:
        """Signatures carrying this role tag, in load order."""
        return tuple(s for s in self.signatures if s.role == role)

    def get(self, signature_id: str) -> Signature | None:
        """The signature with this id, if loaded."""
        return next((s for s in self.signatures if s.id == signature_id), None)

    # ------------------------------------------------------------------ internals

    def _evaluate(
        self,
        scans: Mapping[str, _PartScan],
        single: _PartScan | None,
        only: int | None,
    ) -> tuple[Hit, ...]:
        """Evaluate candidate signatures; ``single`` stands for every part at once."""
        all_scans = [single] if single is not None else list(scans.values())
        if not all_scans:
            return ()
        if only is not None:
            candidates: Sequence[int] = [only]
        else:
            found: set[int] = set(self._always)
            for ps in all_scans:
                for k in ps.words.keys() | ps.triggers.keys():
                    found |= self._by_key.get(k, frozenset())
            candidates = sorted(found)
        hits: list[Hit] = []
        for i in candidates:
            c = self._compiled[i]
            if single is not None:
                hit = self._check(c, _constant(all_scans), single.name)
                if hit:
                    hits.append(hit)
            elif c.uniform_any:
                for ps in all_scans:
                    hit = self._check(c, _constant([ps]), ps.name)
                    if hit:
                        hits.append(hit)
            else:
                hit = self._check(c, functools.partial(_resolve, scans, all_scans), "")
                if hit:
                    hits.append(hit)
        return tuple(hits)

    def _check(
        self, c: _Compiled, resolve: Callable[[str], Sequence[_PartScan]], part: str
    ) -> Hit | None:
        # positive matchers first: with condition 'and' a failing one ends the evaluation early
        ordered = sorted(c.matchers, key=lambda m: m.negative)
        terms: dict[str, None] = {}
        first = ""
        any_ok = False
        for m in ordered:
            result = _eval(m, resolve(m.part), self._keys)
            if not result.ok:
                if c.condition == "and":
                    return None
                continue
            any_ok = True
            if not m.negative:
                first = first or result.part
                terms.update(dict.fromkeys(result.terms))
        if not any_ok:
            return None
        return Hit(c.signature, part or first, tuple(terms)[:MAX_TERMS])


# --------------------------------------------------------------------------- loading


class _Builder:
    """Accumulates automaton keys while compiling specifications."""

    def __init__(self) -> None:
        self.keys: list[Key] = []
        self.index: dict[str, int] = {}
        self.regex_slots = 0

    def key(self, text: str, *, word: bool = False, trigger: bool = False) -> int:
        idx = self.index.get(text)
        if idx is None:
            idx = self.index[text] = len(self.keys)
            self.keys.append(make_key(text, word=word, trigger=trigger))
        else:
            old = self.keys[idx]
            if (word and not old.word) or (trigger and not old.trigger):
                self.keys[idx] = make_key(text, word=old.word or word,
                                          trigger=old.trigger or trigger)
        return idx

    def matcher(self, spec: MatcherSpec, source: str) -> _Matcher:
        def make(**compiled: object) -> _Matcher:
            return _Matcher(spec.type, spec.part, spec.condition, spec.negative, spec.min,
                            **compiled)  # type: ignore[arg-type]

        if spec.type == "word":
            order: dict[int, None] = {}
            for i, word in enumerate(spec.items):
                norm = normalize(word)
                if not norm:
                    raise SignatureError(
                        f"{source}: {spec.path}.words[{i}]: {word!r} is empty after normalisation"
                    )
                order[self.key(norm, word=True)] = None
            return make(word_order=tuple(order), word_set=frozenset(order))
        if spec.type == "regex":
            regexes = []
            for pattern in spec.items:
                literals = regex_triggers(pattern)
                triggers = (
                    frozenset(self.key(t, trigger=True) for t in literals)
                    if literals is not None else None
                )
                regexes.append(_Regex(compile_regex(pattern), triggers, self.regex_slots,
                                      regex_width(pattern)))
                self.regex_slots += 1
            return make(regexes=tuple(regexes))
        return make(domains=DomainPatterns.build(spec.items))


def _compile(spec: SignatureSpec, builder: _Builder) -> _Compiled:
    if spec.condition == "or" and any(m.negative for m in spec.matchers):
        raise SignatureError(
            f"{spec.source}: {spec.path}.condition: negative matchers need condition 'and'"
        )
    matchers = tuple(builder.matcher(m, spec.source) for m in spec.matchers)
    parts = tuple(dict.fromkeys(m.part for m in spec.matchers))
    signature = Signature(
        id=spec.id,
        name=spec.name,
        category=spec.category,
        severity=spec.severity,
        description=spec.description,
        references=spec.references,
        tags=spec.tags,
        role=spec.role,
        source=spec.source,
        parts=parts,
        entries=sum(len(m.items) for m in spec.matchers),
    )
    return _Compiled(
        signature,
        spec.condition,
        matchers,
        parts == (ANY_PART,),
        spec.examples_match,
        spec.examples_no_match,
    )


def default_signatures_dir() -> Path:
    """The packaged ``scanner/_signatures`` (wheel installs) or else ``<repo>/signatures``."""
    packaged = Path(scanner.__file__).parent / "_signatures"
    if packaged.is_dir():
        return packaged
    return Path(scanner.__file__).resolve().parent.parent / "signatures"


def load_signatures(directory: str | Path | None = None) -> SignatureSet:
    """Load, validate and compile every ``*.yaml`` of ``directory`` (cached per directory)."""
    path = Path(directory) if directory is not None else default_signatures_dir()
    return _load_cached(str(path.resolve()), _stamp(path))


def _stamp(path: Path) -> tuple[tuple[str, int, int], ...]:
    """File names, sizes and mtimes: an edited file invalidates the cache."""
    if not path.is_dir():
        return ()
    return tuple(
        (f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in sorted(path.glob("*.yaml"))
    )


@functools.lru_cache(maxsize=8)
def _load_cached(directory: str, stamp: tuple[tuple[str, int, int], ...]) -> SignatureSet:
    path = Path(directory)
    if not path.is_dir():
        raise SignatureError(f"{directory}: signature directory not found")
    files = sorted(path.glob("*.yaml"))
    if not files:
        raise SignatureError(f"{directory}: no *.yaml signature files")
    builder = _Builder()
    compiled: list[_Compiled] = []
    seen: dict[str, str] = {}
    for file in files:
        for spec in parse_file(file):
            if spec.id in seen:
                raise SignatureError(
                    f"{spec.source}: {spec.path}.id: duplicate id {spec.id!r} "
                    f"(already defined in {seen[spec.id]})"
                )
            seen[spec.id] = spec.source
            compiled.append(_compile(spec, builder))
    return SignatureSet(compiled, builder.keys)


def run_examples(sigset: SignatureSet) -> list[ExampleFailure]:
    """Check every signature's declared examples; an empty list means all behave.

    Each example is fed as the text of every part the signature reads (domain matchers read
    the hosts it names); only that signature is evaluated.
    """
    failures: list[ExampleFailure] = []
    for index, c in enumerate(sigset._compiled):
        for expected, examples in (("match", c.examples_match),
                                   ("no_match", c.examples_no_match)):
            for example in examples:
                ps = _PartScan(sigset, ANY_PART, normalize(example), example)
                matched = bool(sigset._evaluate({}, ps, index))
                if matched != (expected == "match"):
                    failures.append(
                        ExampleFailure(c.signature.id, example, expected, c.signature.source)
                    )
    return failures
