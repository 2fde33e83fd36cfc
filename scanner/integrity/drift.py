"""Drift: how tonight's fingerprints differ from the site's known-good baseline.

``compare_site`` returns ``Drift`` records, each saying what changed where and whether it is
*volatile* (recorded as a note, never raised: small text edits on ordinary pages, new
outgoing links, a page that vanished) or a *signal* for ``evaluate`` to turn into a finding
(a new off-site script domain, a replaced headline on a key page, a new verification token...).

Text change on a key page is decided on the stored main text (listings already removed by
``fingerprint``), not on the SimHash alone, because SimHash is noisy on short texts (measured:
a one-word fix moved a 70-word text by up to 13 bits, as much as a replaced headline). Two
measures, both exact and cheap on <= 4 KB:

* ``text_similarity``: Jaccard of word 3-shingles; below ``REPLACED_TEXT`` the text was
  replaced (defaced homepage: 0.00; benign news day: 1.00; typo fix: 0.87);
* ``replaced_lines``: baseline lines with no similar line tonight (word Jaccard below 0.5): a
  typo fix or an appended sentence replaces no line, a swapped headline replaces one. When the
  page's leading line (its headline) or ``REPLACED_SHARE`` of its text went that way, it changed.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from scanner.integrity.fingerprint import comparable_title
from scanner.integrity.simhash import distance, shingles, similarity
from scanner.models import Fingerprint
from scanner.urls import domain_of

REPLACED_TEXT = 0.5
"""Main-text shingle similarity below which a key page's text counts as replaced."""
REPLACED_SHARE = 0.3
"""Share of a key page's baseline text in wholly replaced lines that counts as a change."""
LINE_MATCH = 0.5
"""Word Jaccard at which a line tonight counts as an edit of a baseline line."""
STRUCTURE_BITS = 12
"""dom_hash distance above which the page structure changed (a redesign moves 30 bits)."""
BULK_FOLDER_PAGES = 10
"""New pages under one folder the baseline never had that make a bulk addition."""
BULK_SHARE = 0.5
"""Pages added (or removed) as a share of the baseline that make a bulk change..."""
BULK_MIN_PAGES = 20
"""...when at least this many pages are involved."""
MOVED_MIN_WORDS = 20
"""A vanished page's main text must be this long to recognise it at a new address."""
REDESIGN_SHARE = 0.6
"""Share of key pages whose structure and text changed together that looks like a redesign."""

SIGNAL_KINDS = (
    "script_domain", "iframe_domain", "hidden_link_domain", "form_action", "verification",
    "redirect", "pages_added",
)  # fmt: skip
"""Drift kinds that point at an intrusion whatever page they are on."""


@dataclass(frozen=True, slots=True)
class Drift:
    """One difference from the baseline.

    ``kind`` is one of ``SIGNAL_KINDS`` or ``text``, ``title``, ``structure``, ``link_domain``,
    ``page_added``, ``page_moved``, ``pages_removed``. ``value`` is the domain, token or folder
    involved; ``volatile`` drift is recorded only (outcome notes), never raised.
    """

    kind: str
    url: str
    detail: str
    value: str = ""
    before: str = ""
    after: str = ""
    similarity: float = 1.0
    key_page: bool = False
    volatile: bool = False


@dataclass(frozen=True, slots=True)
class SiteDrift:
    """Every drift of one site, and whether it looks like a legitimate redesign."""

    drifts: tuple[Drift, ...]
    redesign: bool = False
    key_pages_compared: int = 0


def text_similarity(before: str, after: str) -> float:
    """Jaccard similarity of the word 3-shingles of two texts (1.0 for two empty texts)."""
    a, b = set(shingles(before.split())), set(shingles(after.split()))
    return len(a & b) / len(a | b) if a or b else 1.0


def _words(line: str) -> frozenset[str]:
    return frozenset(line.split())


def replaced_lines(before: str, after: str) -> list[str]:
    """Baseline lines gone tonight without a similar line taking their place."""
    now = set(after.splitlines())
    added = [_words(line) for line in now if line]
    out: list[str] = []
    for line in before.splitlines():
        if not line or line in now:
            continue
        words = _words(line)
        best = max((len(words & w) / len(words | w) for w in added), default=0.0)
        if best < LINE_MATCH:
            out.append(line)
    return out


def _text_drift(url: str, cur: Fingerprint, base: Fingerprint, key: bool) -> Drift | None:
    if cur.main_text == base.main_text:
        return None
    sim = text_similarity(base.main_text, cur.main_text)
    gone = replaced_lines(base.main_text, cur.main_text)
    lines = [line for line in base.main_text.splitlines() if line]
    share = sum(map(len, gone)) / max(1, sum(map(len, lines)))
    headline = bool(lines) and lines[0] in gone
    changed = sim < REPLACED_TEXT or headline or share >= REPLACED_SHARE
    why = (
        "text replaced" if sim < REPLACED_TEXT
        else "headline replaced" if headline
        else f"{share:.0%} of the text replaced" if share >= REPLACED_SHARE
        else "text edited"
    )  # fmt: skip
    return Drift(
        "text", url, f"{why} (similarity {sim:.2f}, {len(gone)} line(s) replaced)",
        before=base.main_text, after=cur.main_text, similarity=sim, key_page=key,
        volatile=not (key and changed),
    )  # fmt: skip


def compare_page(url: str, cur: Fingerprint, base: Fingerprint, key: bool) -> list[Drift]:
    """Per-page drift that does not depend on the rest of the site (text, title, structure)."""
    out: list[Drift] = []
    text = _text_drift(url, cur, base, key)
    if text is not None:
        out.append(text)
    if comparable_title(cur.title) != comparable_title(base.title):
        out.append(Drift("title", url, "title changed", before=base.title, after=cur.title,
                         key_page=key, volatile=not key))  # fmt: skip
    bits = distance(cur.dom_hash, base.dom_hash) if cur.dom_hash != base.dom_hash else 0
    if bits > STRUCTURE_BITS:
        out.append(Drift("structure", url, f"structure changed ({bits} of 64 bits)",
                         similarity=similarity(cur.dom_hash, base.dom_hash), key_page=key,
                         volatile=True))  # fmt: skip
    if cur.redirect_target and domain_of(cur.redirect_target) != domain_of(base.redirect_target):
        out.append(Drift("redirect", url, "now redirects off-site", domain_of(cur.redirect_target),
                         before=base.redirect_target, after=cur.redirect_target, key_page=key))
    return out


_FIELDS = (
    ("script_domains", "script_domain", "new external script domain"),
    ("iframe_domains", "iframe_domain", "new iframe target"),
    ("hidden_link_domains", "hidden_link_domain", "new off-site domain in hidden content"),
    ("form_actions", "form_action", "form now posts off-site"),
    ("verification_tokens", "verification", "new search-engine verification token"),
    ("link_domains", "link_domain", "new outgoing link domain"),
)


def _new_values(
    current: Mapping[str, Fingerprint], baseline: Mapping[str, Fingerprint], keys: Collection[str]
) -> list[Drift]:
    """Values (domains, tokens) no baseline page had, one record per value and page."""
    out: list[Drift] = []
    for attr, kind, label in _FIELDS:
        known: set[str] = set()
        for fp in baseline.values():
            known.update(getattr(fp, attr))
        for url, fp in current.items():
            for value in getattr(fp, attr):
                if value not in known:
                    out.append(Drift(kind, url, f"{label}: {value}", value, after=value,
                                     key_page=url in keys, volatile=kind == "link_domain"))
    return out


def _folder(url: str) -> str:
    path = urlsplit(url).path
    parts = [p for p in path.split("/") if p]
    return "/" + parts[0] if len(parts) > 1 else "/"


def _moved(
    added: Sequence[str],
    removed: Sequence[str],
    current: Mapping[str, Fingerprint],
    baseline: Mapping[str, Fingerprint],
) -> dict[str, str]:
    """New URL -> the baseline URL it replaces, for pages a restructuring moved.

    A redesign that moves every page under ``/id/`` (with 301s from the old URLs, which the
    crawl does not revisit) shows the same pages at new addresses: the new path ends with the
    old one, or the new page carries a vanished page's text. Doorways bring new text.
    """
    by_path = {urlsplit(u).path.rstrip("/"): u for u in removed}
    by_text: dict[str, str] = {}
    for u in removed:
        text = baseline[u].main_text
        if len(text.split()) >= MOVED_MIN_WORDS:
            by_text.setdefault(text, u)
    out: dict[str, str] = {}
    for url in added:
        path = urlsplit(url).path.rstrip("/")
        parts = path.split("/")
        # /id/profil, /id/berita/x, /v2/layanan -> /profil, /berita/x, /layanan
        old = next((by_path[t] for t in ("/".join(["", *parts[i:]]) for i in range(2, 4))
                    if t in by_path and t != path), None)  # fmt: skip
        if old is None:
            old = by_text.get(current[url].main_text)
        if old is not None:
            out[url] = old
    return out


def _bulk(
    current: Mapping[str, Fingerprint],
    baseline: Mapping[str, Fingerprint],
    navigated: Collection[str] = (),
) -> list[Drift]:
    added = [u for u in current if u not in baseline]
    removed = [u for u in baseline if u not in current]
    moved = _moved(added, removed, current, baseline)
    # Pages the site's own navigation links, or that a restructuring moved, are the site's
    # own new pages, not doorways: only the rest can make a bulk addition.
    nav = set(navigated)
    unexplained = [u for u in added if u not in moved and u not in nav]
    known_folders = {_folder(u) for u in baseline}
    out: list[Drift] = [
        Drift("page_moved", new, f"page moved from {old}", before=old, after=new, volatile=True)
        for new, old in sorted(moved.items())[:200]
    ]
    by_folder: dict[str, list[str]] = {}
    for url in unexplained:
        folder = _folder(url)
        if folder not in known_folders:
            by_folder.setdefault(folder, []).append(url)
    for folder, urls in sorted(by_folder.items()):
        if len(urls) >= BULK_FOLDER_PAGES:
            out.append(Drift("pages_added", urls[0], f"{len(urls)} new pages under {folder}/",
                             folder, after="\n".join(sorted(urls)[:20])))  # fmt: skip
    many = max(BULK_MIN_PAGES, int(BULK_SHARE * len(baseline)))
    if len(unexplained) >= many and not any(d.kind == "pages_added" for d in out):
        out.append(Drift("pages_added", unexplained[0],
                         f"{len(unexplained)} new pages since baseline", "",
                         after="\n".join(sorted(unexplained)[:20])))  # fmt: skip
    out.extend(Drift("page_added", u, "page not in baseline", volatile=True)
               for u in added[:200] if u not in moved)  # fmt: skip
    removed = [u for u in removed if u not in set(moved.values())]
    if len(removed) >= many:
        out.append(Drift("pages_removed", removed[0], f"{len(removed)} baseline pages not seen",
                         before="\n".join(sorted(removed)[:20]), volatile=True))  # fmt: skip
    return out


def _is_redesign(drifts: Sequence[Drift], common_keys: Sequence[str]) -> bool:
    """Structure and text changed on most key pages together, with content mostly kept."""
    if not common_keys:
        return False
    if any(d.kind in SIGNAL_KINDS for d in drifts):
        return False
    restyled = {d.url for d in drifts if d.kind == "structure"}
    text = {d.url: d.similarity for d in drifts if d.kind == "text"}
    titles = {d.url for d in drifts if d.kind == "title"}
    both = [u for u in common_keys if u in restyled and (u in text or u in titles)]
    if len(both) < max(2, REDESIGN_SHARE * len(common_keys)):
        return False
    # A redesign keeps most of the site's words; a mass defacement keeps none.
    sims = sorted(text.get(u, 1.0) for u in both)
    return sims[len(sims) // 2] >= 0.3


def compare_site(
    current: Mapping[str, Fingerprint],
    baseline: Mapping[str, Fingerprint],
    key_pages: Collection[str],
    navigated: Collection[str] = (),
) -> SiteDrift:
    """Every drift of tonight's pages against the baseline, and the redesign verdict.

    ``navigated`` are the URLs the site's key pages link to visibly (its navigation): new pages
    among them are the site's own additions, never a bulk of doorways.
    """
    keys = set(key_pages)
    drifts: list[Drift] = []
    common_keys: list[str] = []
    for url, cur in current.items():
        base = baseline.get(url)
        if base is None:
            continue
        if url in keys:
            common_keys.append(url)
        if cur == base:
            continue
        drifts.extend(compare_page(url, cur, base, url in keys))
    drifts.extend(_new_values(current, baseline, keys))
    drifts.extend(_bulk(current, baseline, navigated))
    return SiteDrift(tuple(drifts), _is_redesign(drifts, common_keys), len(common_keys))
