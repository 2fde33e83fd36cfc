"""Shared helpers for the content detectors: signature signals per role, and bounded Evidence.

Two concerns live here because every detector needs both and they are small:

* ``Signals`` — what the signature set saw in one piece of text, grouped by ROLE tag (``promo``,
  ``cta``, ``brand``, ``discussion``, ``deface``...). Detectors reason about roles, never about
  individual words, so the vocabulary stays in ``signatures/*.yaml``.
* ``evidence`` — an ``Evidence`` whose snippet is the ORIGINAL text around the matched term
  (located with ``normalize.locate``), bounded in size, because a person must be able to verify a
  finding in a minute and everything that came from a page is hostile.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from scanner.detect.base import PageContext
from scanner.models import Evidence, Link, Message
from scanner.normalize import locate, normalize
from scanner.report.i18n import english
from scanner.signatures import Hit, Role, SignatureSet

SNIPPET_CHARS = 240
"""Snippets are about this long: enough context to judge, small enough for a report."""
MAX_TARGETS = 20
MAX_TEXT_CHARS = 200_000
"""Text longer than this is cut before matching: a page is hostile and may be huge."""
GOV_SUFFIXES = (".go.id", ".ac.id", ".sch.id", ".mil.id", ".desa.id", ".gov", ".gov.uk", ".edu")
"""Registered domains under these suffixes are public institutions, never gambling targets."""
WEAK_TAG = "weak"
"""A signature with this extra tag is a weak member of its role (counted apart, see ``weak``)."""


@dataclass(frozen=True, slots=True)
class Signals:
    """Distinct matched terms per role for one text, plus the signatures that matched.

    ``weak`` holds terms of signatures tagged ``weak`` (per role) so detectors can use them only
    where the page shape makes them meaningful.
    """

    terms: Mapping[Role, frozenset[str]] = field(default_factory=dict)
    weak: Mapping[Role, frozenset[str]] = field(default_factory=dict)
    ids: frozenset[str] = frozenset()
    first_term: Mapping[Role, str] = field(default_factory=dict)
    """Per role, the first matched term (for evidence)."""

    def count(self, *roles: Role) -> int:
        """Number of distinct terms matched by signatures of these roles (weak ones excluded)."""
        return len(self.get(*roles))

    def get(self, *roles: Role) -> frozenset[str]:
        """Distinct terms of these roles (weak ones excluded)."""
        out: set[str] = set()
        for role in roles:
            out |= self.terms.get(role, frozenset())
        return frozenset(out)

    def weak_count(self, role: Role) -> int:
        """Number of distinct terms of weak signatures of ``role``."""
        return len(self.weak.get(role, frozenset()))

    def ids_for(self, sigs: SignatureSet, *roles: Role) -> tuple[str, ...]:
        """Sorted ids of matched signatures whose role is one of ``roles``."""
        wanted = {s.id for r in roles for s in sigs.by_role(r)}
        return tuple(sorted(self.ids & wanted))

    def term(self, *roles: Role) -> str:
        """A representative matched term, trying roles in order ('' when none matched)."""
        for role in roles:
            if role in self.first_term:
                return self.first_term[role]
        return ""


def signals_from_hits(hits: Iterable[Hit]) -> Signals:
    """Group signature hits by role into ``Signals``."""
    strong: dict[Role, set[str]] = {}
    weak: dict[Role, set[str]] = {}
    first: dict[Role, str] = {}
    ids: set[str] = set()
    for hit in hits:
        sig = hit.signature
        ids.add(sig.id)
        bucket = weak if WEAK_TAG in sig.tags else strong
        terms = {t for t in hit.terms if t}
        bucket.setdefault(sig.role, set()).update(terms)
        if terms and sig.role not in first and bucket is strong:
            first[sig.role] = min(terms, key=len, default="")
    _prune_overlaps(strong)
    return Signals(
        terms={k: frozenset(v) for k, v in strong.items()},
        weak={k: frozenset(v) for k, v in weak.items()},
        ids=frozenset(ids),
        first_term=first,
    )


_CONTEXT_ROLES = frozenset((Role.DISCUSSION, Role.DEFACE_DISCUSSION))


def _prune_overlaps(terms: dict[Role, set[str]]) -> None:
    """Drop terms that are part of a longer matched term, so one phrase counts once.

    "slot gacor hari ini" also matches "slot gacor", "gacor hari ini" and the cta "hari ini";
    counting them all would make one quoted phrase look like a landing page. Context roles are
    neither pruned nor used to prune.
    """
    longer = [t for role, ts in terms.items() if role not in _CONTEXT_ROLES for t in ts]
    for role, ts in terms.items():
        if role in _CONTEXT_ROLES:
            continue
        drop = {t for t in ts if any(t != u and f" {t} " in f" {u} " for u in longer)}
        ts -= drop


_SMALL_PARTS = 4096
"""Texts up to this many characters share a large memo (anchors, titles, menu links recur on
every page of a site); longer ones a memo of a few entries (one page's body is scanned by
several detectors)."""


def scan_parts(sigs: SignatureSet, parts: Mapping[str, str]) -> Signals:
    """Normalise each (original) part text, bounded, and scan them together.

    Memoised: the result depends only on the signature set and the texts, and ``Signals`` is
    immutable, so detectors that read the same text share one normalisation and one scan.
    """
    items = tuple((name, text[:MAX_TEXT_CHARS]) for name, text in parts.items() if text)
    if not items:
        return Signals()
    if sum(len(text) for _, text in items) <= _SMALL_PARTS:
        return _scan_small(sigs, items)
    return _scan_large(sigs, items)


def _scan(sigs: SignatureSet, items: tuple[tuple[str, str], ...]) -> Signals:
    return signals_from_hits(sigs.scan({name: normalize(text) for name, text in items}))


_scan_small = functools.lru_cache(maxsize=8192)(_scan)
_scan_large = functools.lru_cache(maxsize=4)(_scan)


def is_public_domain(domain: str) -> bool:
    """True for government / academic / school registered domains (never gambling targets)."""
    d = "." + domain.lower().strip(".")
    return any(d.endswith(s) for s in GOV_SUFFIXES)


def is_allowed_domain(sigs: SignatureSet, domain: str) -> bool:
    """True for public-institution domains and well-known CDN/social hosts (``cdn-allow``)."""
    if not domain or is_public_domain(domain):
        return True
    return any(s.role is Role.CDN_ALLOW for s in sigs.domain_hits(domain))


def is_gambling_domain(sigs: SignatureSet, host_or_domain: str) -> tuple[str, ...]:
    """Ids of ``gambling-domain`` signatures matching this host or domain (empty: not known)."""
    if not host_or_domain or is_public_domain(host_or_domain):
        return ()
    return tuple(s.id for s in sigs.domain_hits(host_or_domain) if s.role is Role.GAMBLING_DOMAIN)


def is_landing_host(sigs: SignatureSet, host_or_url: str) -> tuple[str, ...]:
    """Ids of ``landing-host`` signatures for a free static/object-storage/link-hub host.

    Read for navigation only (links, refreshes): several such hosts also serve ordinary scripts.
    """
    if not host_or_url:
        return ()
    return tuple(s.id for s in sigs.domain_hits(host_or_url) if s.role is Role.LANDING_HOST)


def snippet(original: str, term: str, width: int = SNIPPET_CHARS) -> tuple[str, str]:
    """(snippet of ``original`` around ``term``, the original matched substring).

    The term is normalised text; ``locate`` maps it back onto the original. When it cannot be
    located the snippet is the start of the text and the match is the normalised term itself.
    """
    text = original[:MAX_TEXT_CHARS]
    span = locate(text, term) if term else None
    if span is None:
        return _squash(text[:width]), term
    start, end = span
    pad = max(0, (width - (end - start)) // 2)
    lo, hi = max(0, start - pad), min(len(text), end + pad)
    piece = text[lo:hi]
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(text) else ""
    return prefix + _squash(piece) + suffix, text[start:end][:width]


def _squash(text: str) -> str:
    """Collapse whitespace runs so a snippet reads as one line."""
    return " ".join(text.split())


def bounded_targets(urls: Iterable[str], limit: int = MAX_TARGETS) -> tuple[str, ...]:
    """Distinct URLs in first-seen order, at most ``limit``, each cut to 500 characters."""
    seen: dict[str, None] = {}
    for url in urls:
        key = url[:500]
        if key and key not in seen:
            seen[key] = None
            if len(seen) >= limit:
                break
    return tuple(seen)


def most_common(items: Iterable[str]) -> str:
    """The most frequent non-empty item ('' when none), ties broken by first appearance."""
    counts = Counter(i for i in items if i)
    return counts.most_common(1)[0][0] if counts else ""


def evidence(
    ctx: PageContext,
    text: str,
    term: str,
    *,
    path: str = "",
    targets: Iterable[str] = (),
    detail: Message | None = None,
) -> Evidence:
    """Evidence for ``ctx.url``: original snippet around ``term`` in ``text``, bounded.

    ``detail`` is the explanation as a catalog message (kept, and rendered in English).
    """
    snip, match = snippet(text, term)
    return Evidence(
        url=ctx.url,
        snippet=snip,
        match=match,
        path=path[:300],
        profile=ctx.profile,
        targets=bounded_targets(targets),
        detail=english(detail)[:500] if detail is not None else "",
        message=detail,
    )


def confidence(score: float, full: float) -> float:
    """Map a signal score onto [0.5, 0.99]: ``full`` or more is near certain."""
    if full <= 0:
        return 0.99
    return round(min(0.99, 0.5 + 0.49 * min(1.0, score / full)), 2)


@dataclass(frozen=True, slots=True)
class GamblingLink:
    """An off-site link judged to point at gambling, and why."""

    url: str
    text: str
    domain: str
    path: str
    reason: str
    """``gambling domain``, ``promotional anchor`` or ``promotional URL``."""
    term: str
    signature_ids: tuple[str, ...]

    @classmethod
    def judged(cls, link: Link, reason: str, sig: Signals, *roles: Role) -> GamblingLink:
        """``link`` judged by what ``sig`` (of its anchor or its URL) matched: the term shown is
        of ``roles`` (promo, brand by default), the signatures are all that matched."""
        term = sig.term(*(roles or (Role.PROMO, Role.BRAND)))
        return cls(link.url, link.text, link.domain or link.host, link.path, reason, term,
                   tuple(sorted(sig.ids)))  # fmt: skip


def gambling_link(sigs: SignatureSet, link: Link, *, internal: bool = False) -> GamblingLink | None:
    """Classify one link: gambling when its target domain, anchor or URL path promotes gambling.

    Links to public-institution or well-known CDN/social domains never count: a hidden mobile
    menu or a directory of .go.id sites is legitimate. Links to the site itself count only with
    ``internal=True`` (and then only for a promotional anchor or URL: doorway pages planted on
    the site are linked that way).
    """
    domain = link.domain or link.host
    if link.internal:
        if not internal:
            return None
    else:
        if is_public_domain(domain):
            return None
        ids = is_gambling_domain(sigs, link.host) or is_gambling_domain(sigs, domain)
        if ids:
            return GamblingLink(
                link.url, link.text, domain, link.path, "gambling domain", domain, ids
            )
        if is_allowed_domain(sigs, domain):
            return None
    anchor = scan_parts(sigs, {"link_text": link.text})
    if _promotional(anchor):
        return GamblingLink.judged(link, "promotional anchor", anchor)
    slug = link.url[:500].replace("-", " ").replace("_", " ")
    target = scan_parts(sigs, {"link_url": slug})
    # A headline about a raid or a study ("Polres Ungkap ... Situs Slot Gacor") keeps its slug.
    if _promotional(target) and not anchor.count(Role.DISCUSSION):
        return GamblingLink.judged(link, "promotional URL", target)
    return None


def promotional_anchor(sigs: SignatureSet, link: Link) -> GamblingLink | None:
    """A link whose anchor promotes gambling, wherever it leads (a public or the site's own host
    too): for placements that are proof themselves, where ``gambling_link`` is too careful."""
    anchor = scan_parts(sigs, {"link_text": link.text})
    return GamblingLink.judged(link, "promotional anchor", anchor) if _promotional(anchor) else None


def _promotional(sig: Signals) -> bool:
    """A short text (anchor, URL) promotes gambling: a promo/brand term and no discussion."""
    return sig.count(Role.PROMO, Role.BRAND) >= 1 and sig.count(Role.DISCUSSION) == 0


_QUOTED = re.compile(r"[\"“”„«»‘’'`]([^\"“”„«»‘’`\n]{1,120})[\"“”„«»‘’'`]")


def quoted(original: str, term: str) -> bool:
    """True when the first occurrence of ``term`` sits inside quotation marks.

    Writers quote the phrases they report on ("istilah “slot gacor”"); promoters do not quote
    their own slogans. Only the first occurrence is checked (``locate`` finds one span).
    """
    text = original[:MAX_TEXT_CHARS]
    span = locate(text, term)
    if span is None:
        return False
    start, end = span
    return any(
        m.start(1) <= start and end <= m.end(1)
        for m in _QUOTED.finditer(text, max(0, start - 130), min(len(text), end + 130))
    )


def unquoted(original: str, terms: Iterable[str]) -> frozenset[str]:
    """The terms of ``terms`` whose first occurrence in ``original`` is not quoted."""
    return frozenset(t for t in terms if not quoted(original, t))
