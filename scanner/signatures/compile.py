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
from pathlib import Path

import scanner
from scanner.errors import SignatureError
from scanner.normalize import normalize
from scanner.signatures.evaluate import Compiled, Matcher, Regex
from scanner.signatures.match import (
    DomainPatterns,
    Key,
    compile_regex,
    make_key,
    regex_triggers,
    regex_width,
)
from scanner.signatures.records import Signature
from scanner.signatures.schema import ANY_PART, MatcherSpec, SignatureSpec, parse_file
from scanner.signatures.sigset import SignatureSet


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

    def matcher(self, spec: MatcherSpec, source: str) -> Matcher:
        def make(**compiled: object) -> Matcher:
            return Matcher(spec.type, spec.part, spec.condition, spec.negative, spec.min,
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
                regexes.append(Regex(compile_regex(pattern), triggers, self.regex_slots,
                                      regex_width(pattern)))
                self.regex_slots += 1
            return make(regexes=tuple(regexes))
        return make(domains=DomainPatterns.build(spec.items))


def _compile(spec: SignatureSpec, builder: _Builder) -> Compiled:
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
    return Compiled(
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
    compiled: list[Compiled] = []
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
