"""Strict validation of signature YAML files into plain, frozen specifications.

This module only checks shape and vocabulary (unknown keys, required fields, enum values, the
single role tag, regexes that compile). Compiling the specifications into fast matchers is the
job of ``signatures.match``; keeping the two apart keeps both readable and lets the error
messages name the file and the field path (``signatures[3].matchers[0].regex[2]``) without the
matching code knowing about YAML at all.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from scanner.errors import SignatureError
from scanner.models import Category, Severity

PARTS: tuple[str, ...] = (
    "visible_text",
    "hidden_text",
    "title",
    "meta",
    "link_text",
    "link_url",
    "script",
    "url_path",
)
"""The concrete parts a page is split into; ``any`` in a matcher means all of them."""

ANY_PART = "any"

class Role(StrEnum):
    """What a signature's match means to the detectors: its single role tag in the YAML.

    The files keep the plain strings (``tags: [promo]``); validation turns the tag into this
    enum, so detectors name roles as ``Role.PROMO`` and a typo fails at import, not silently.
    """

    PROMO = "promo"
    CTA = "cta"
    BRAND = "brand"
    TERM = "term"
    DISCUSSION = "discussion"
    GAMBLING_DOMAIN = "gambling-domain"
    LANDING_HOST = "landing-host"
    """Free static/object-storage/link-hub hosts: read for navigation (links, refreshes) only."""
    DEFACE = "deface"
    DEFACER = "defacer"
    PROTEST = "protest"
    DEFACE_DISCUSSION = "deface-discussion"
    SCRIPT_REDIRECT = "script-redirect"
    OBFUSCATION = "obfuscation"
    BAD_SCRIPT_DOMAIN = "bad-script-domain"
    CDN_ALLOW = "cdn-allow"


ROLES: Mapping[Category, frozenset[Role]] = {
    Category.GAMBLING: frozenset(
        {
            Role.PROMO,
            Role.CTA,
            Role.BRAND,
            Role.TERM,
            Role.DISCUSSION,
            Role.GAMBLING_DOMAIN,
            Role.LANDING_HOST,
        }
    ),
    Category.DEFACEMENT: frozenset(
        {Role.DEFACE, Role.DEFACER, Role.PROTEST, Role.DEFACE_DISCUSSION}
    ),
    Category.MALICIOUS_SCRIPT: frozenset(
        {Role.SCRIPT_REDIRECT, Role.OBFUSCATION, Role.BAD_SCRIPT_DOMAIN, Role.CDN_ALLOW}
    ),
}
"""Role tags per category: every signature carries exactly one, the detectors key on it."""

ALL_ROLES: frozenset[Role] = frozenset(Role)

_SIG_KEYS = frozenset(
    {"id", "name", "category", "severity", "description", "references", "tags", "condition",
     "matchers", "examples"}
)
_SIG_REQUIRED = ("id", "name", "category", "severity", "description", "tags", "matchers")
_MATCHER_KEYS = frozenset(
    {"type", "part", "words", "regex", "domains", "condition", "negative", "min"}
)
_LIST_KEY = {"word": "words", "regex": "regex", "domain": "domains"}
_EXAMPLE_KEYS = frozenset({"match", "no_match"})
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CONDITIONS = ("and", "or")
_MAX_ITEMS = 5000  # a matcher list longer than this is a mistake, not a lexicon


@dataclass(frozen=True, slots=True)
class MatcherSpec:
    """One validated matcher as written in the file (words not yet normalised)."""

    type: str
    part: str
    items: tuple[str, ...]
    condition: str
    negative: bool
    min: int
    path: str
    """Field path in the file, e.g. ``signatures[3].matchers[0]``, for later error messages."""


@dataclass(frozen=True, slots=True)
class SignatureSpec:
    """One validated signature entry of a file."""

    id: str
    name: str
    category: Category
    severity: Severity
    description: str
    references: tuple[str, ...]
    tags: tuple[str, ...]
    role: Role
    condition: str
    matchers: tuple[MatcherSpec, ...]
    examples_match: tuple[str, ...]
    examples_no_match: tuple[str, ...]
    source: str
    path: str


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate mapping keys (PyYAML keeps the last one silently)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node)  # type: ignore[no-untyped-call]
        if isinstance(key, str) and key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return dict(loader.construct_mapping(node))


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,  # type: ignore[arg-type]
)


class _Ctx:
    """Builds error messages of the form ``file: field.path: problem``."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, problem: str) -> SignatureError:
        where = f"{self.source}: {path}: " if path else f"{self.source}: "
        return SignatureError(where + problem)


def parse_file(path: Path) -> tuple[SignatureSpec, ...]:
    """Read and validate one signature file; raises ``SignatureError`` naming file and field."""
    source = str(path)
    ctx = _Ctx(source)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ctx.fail("", f"cannot read file: {exc}") from exc
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass: no tags run
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ctx.fail("", f"YAML syntax error{where}: {problem}") from exc
    if data is None:
        return ()
    if not isinstance(data, dict):
        raise ctx.fail("", "top level must be a mapping with a 'signatures' list")
    unknown = sorted(set(map(str, data)) - {"signatures"})
    if unknown:
        raise ctx.fail(unknown[0], "unknown key (only 'signatures' is allowed at top level)")
    entries = data.get("signatures")
    if not isinstance(entries, list):
        raise ctx.fail("signatures", "must be a list")
    return tuple(_signature(ctx, entry, f"signatures[{i}]") for i, entry in enumerate(entries))


def _signature(ctx: _Ctx, raw: object, path: str) -> SignatureSpec:
    if not isinstance(raw, dict):
        raise ctx.fail(path, "must be a mapping")
    _check_keys(ctx, raw, _SIG_KEYS, path)
    for key in _SIG_REQUIRED:
        if key not in raw:
            raise ctx.fail(f"{path}.{key}", "required field is missing")
    sig_id = _string(ctx, raw["id"], f"{path}.id")
    if not _ID_RE.match(sig_id):
        raise ctx.fail(f"{path}.id", f"{sig_id!r} is not kebab-case (a-z, 0-9, '-')")
    category = Category(_enum(ctx, raw["category"], f"{path}.category", list(ROLES)))
    severity = Severity(_enum(ctx, raw["severity"], f"{path}.severity", list(Severity)))
    tags = _string_list(ctx, raw["tags"], f"{path}.tags", allow_empty=False)
    roles = [t for t in tags if t in ALL_ROLES]
    if len(roles) != 1:
        allowed = ", ".join(sorted(ROLES[category]))
        found = ", ".join(roles) if roles else "none"
        raise ctx.fail(f"{path}.tags", f"needs exactly one role tag ({allowed}); found {found}")
    if roles[0] not in ROLES[category]:
        allowed = ", ".join(sorted(ROLES[category]))
        raise ctx.fail(f"{path}.tags", f"role {roles[0]!r} is not a {category} role ({allowed})")
    matchers_raw = raw["matchers"]
    if not isinstance(matchers_raw, list) or not matchers_raw:
        raise ctx.fail(f"{path}.matchers", "must be a non-empty list")
    matchers = tuple(
        _matcher(ctx, m, f"{path}.matchers[{i}]") for i, m in enumerate(matchers_raw)
    )
    if all(m.negative for m in matchers):
        raise ctx.fail(f"{path}.matchers", "at least one matcher must be positive")
    examples_match: tuple[str, ...] = ()
    examples_no_match: tuple[str, ...] = ()
    if "examples" in raw:
        ex = raw["examples"]
        if not isinstance(ex, dict):
            raise ctx.fail(f"{path}.examples", "must be a mapping with match / no_match")
        _check_keys(ctx, ex, _EXAMPLE_KEYS, f"{path}.examples")
        examples_match = _string_list(ctx, ex.get("match", []), f"{path}.examples.match")
        examples_no_match = _string_list(
            ctx, ex.get("no_match", []), f"{path}.examples.no_match"
        )
    return SignatureSpec(
        id=sig_id,
        name=_string(ctx, raw["name"], f"{path}.name"),
        category=category,
        severity=severity,
        description=_string(ctx, raw["description"], f"{path}.description"),
        references=_string_list(ctx, raw.get("references", []), f"{path}.references"),
        tags=tags,
        role=Role(roles[0]),
        condition=_condition(ctx, raw.get("condition", "or"), f"{path}.condition"),
        matchers=matchers,
        examples_match=examples_match,
        examples_no_match=examples_no_match,
        source=ctx.source,
        path=path,
    )


def _matcher(ctx: _Ctx, raw: object, path: str) -> MatcherSpec:
    if not isinstance(raw, dict):
        raise ctx.fail(path, "must be a mapping")
    _check_keys(ctx, raw, _MATCHER_KEYS, path)
    if "type" not in raw:
        raise ctx.fail(f"{path}.type", "required field is missing")
    mtype = raw["type"]
    if mtype not in _LIST_KEY:
        raise ctx.fail(f"{path}.type", f"unknown type {mtype!r} (word, regex, domain)")
    list_key = _LIST_KEY[mtype]
    for other in set(_LIST_KEY.values()) - {list_key}:
        if other in raw:
            raise ctx.fail(f"{path}.{other}", f"not allowed for a {mtype} matcher")
    if list_key not in raw:
        raise ctx.fail(f"{path}.{list_key}", f"required for a {mtype} matcher")
    items = _string_list(ctx, raw[list_key], f"{path}.{list_key}", allow_empty=False)
    if len(items) > _MAX_ITEMS:
        raise ctx.fail(f"{path}.{list_key}", f"more than {_MAX_ITEMS} entries")
    for i, item in enumerate(items):
        if not item.strip():
            raise ctx.fail(f"{path}.{list_key}[{i}]", "must not be blank")
        if mtype == "regex":
            try:
                compiled = re.compile(item, re.IGNORECASE)
            except re.error as exc:
                raise ctx.fail(f"{path}.regex[{i}]", f"invalid regex: {exc}") from exc
            if compiled.search(""):
                raise ctx.fail(f"{path}.regex[{i}]", "regex matches the empty string")
            nested = nested_quantifier(item)
            if nested:
                raise ctx.fail(
                    f"{path}.regex[{i}]",
                    f"nested quantifier {nested!r} can backtrack catastrophically on hostile"
                    " pages; quantify the inner part once, or make it atomic (?>...) / possessive",
                )
    part = raw.get("part", ANY_PART)
    if part != ANY_PART and part not in PARTS:
        raise ctx.fail(f"{path}.part", f"unknown part {part!r} ({', '.join(PARTS)}, any)")
    negative = raw.get("negative", False)
    if not isinstance(negative, bool):
        raise ctx.fail(f"{path}.negative", "must be true or false")
    minimum = raw.get("min", 1)
    if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 1:
        raise ctx.fail(f"{path}.min", "must be a positive integer")
    return MatcherSpec(
        type=mtype,
        part=part,
        items=items,
        condition=_condition(ctx, raw.get("condition", "or"), f"{path}.condition"),
        negative=negative,
        min=minimum,
        path=path,
    )


def _check_keys(ctx: _Ctx, raw: Mapping[Any, Any], allowed: frozenset[str], path: str) -> None:
    for key in raw:
        if key not in allowed:
            raise ctx.fail(f"{path}.{key}", f"unknown key (allowed: {', '.join(sorted(allowed))})")


def _string(ctx: _Ctx, value: object, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ctx.fail(path, "must be a non-empty string")
    return value


def _string_list(
    ctx: _Ctx, value: object, path: str, *, allow_empty: bool = True
) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ctx.fail(path, "must be a list of strings")
    if not value and not allow_empty:
        raise ctx.fail(path, "must not be empty")
    for i, item in enumerate(value):
        # YAML turns bare 2024 or yes into int/bool: demand quoting instead of guessing
        if not isinstance(item, str):
            raise ctx.fail(f"{path}[{i}]", f"must be a string (quote it), got {item!r}")
    return tuple(value)


def _condition(ctx: _Ctx, value: object, path: str) -> str:
    if value not in _CONDITIONS:
        raise ctx.fail(path, f"must be 'and' or 'or', got {value!r}")
    return str(value)


def _enum(ctx: _Ctx, value: object, path: str, allowed: Sequence[str]) -> str:
    names = [str(a) for a in allowed]
    if not isinstance(value, str) or value not in names:
        raise ctx.fail(path, f"unknown value {value!r} ({', '.join(names)})")
    return value


_SRE: Any = importlib.import_module("re._parser")
"""The regex parser behind ``re`` (typeshed has no stub for it; it is read, never patched)."""
_REPEATS = frozenset({"MAX_REPEAT", "MIN_REPEAT"})


def nested_quantifier(pattern: str) -> str | None:
    """The repeated group of ``pattern`` that holds another repeat, or None when there is none.

    ``(a+)+$`` takes exponential time on ``aaaa…b``: an unbounded repeat inside a repeat lets
    the engine split the same text in exponentially many ways. Such
    patterns are refused at load, since a signature runs on hostile text. Possessive repeats and
    atomic groups do not backtrack and are allowed. Bounded inner repeats (``(,\\d{2,3})+``)
    are allowed: the common, safe shape of a list. (Overlapping alternatives under a repeat,
    ``(a|a)+``, and bounded inner repeats that overlap are not detected.)
    """
    found: list[bool] = []

    def walk(items: Any, repeated: bool) -> None:
        # repeated: inside a repeat that can match more than once.
        for op, av in items:
            name = str(op)
            if name in _REPEATS:
                _low, high, body = av
                if repeated and high == _SRE.MAXREPEAT:
                    found.append(True)
                walk(body, repeated or high > 1)
            elif name in ("POSSESSIVE_REPEAT", "ATOMIC_GROUP"):
                walk(av[2] if name == "POSSESSIVE_REPEAT" else av, False)
            elif name == "SUBPATTERN":
                walk(av[3], repeated)
            elif name == "BRANCH":
                for branch in av[1]:
                    walk(branch, repeated)
            elif name in ("ASSERT", "ASSERT_NOT"):
                walk(av[1], repeated)
            elif name == "GROUPREF_EXISTS":
                for branch in av[1:]:
                    if branch is not None:
                        walk(branch, repeated)

    try:
        walk(_SRE.parse(pattern, re.IGNORECASE), False)
    except (re.error, ValueError, TypeError, AttributeError):
        return None  # compile() already judged the pattern; never crash on the check itself
    return pattern if found else None
