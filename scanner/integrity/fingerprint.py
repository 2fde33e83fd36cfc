"""Page fingerprints: what a page is, reduced to what should not change between two nights.

``fingerprint(view, fetch, ignore)`` turns the PageView the pipeline already built into a
``models.Fingerprint``: exact and normalised hashes, similarity hashes of the main text and of the
page structure, the off-site domains the page loads or links, verification tokens and the main
text itself (bounded, for before/after diffs). It never parses the HTML again, except for sites
with CSS-selector ignore rules (see ``volatile``), so it costs a fraction of ``extract.analyse``.

The main text is the page's own visible text: outside navigation chrome (``nav``, ``header``,
``footer``, ``aside``, ``menu``), visitor-comment areas and listings (news items, see
``core_blocks``), cleaned of volatile tokens and ignored regions. ``content_sha256`` hashes it
(up to ``MAX_RAW_TEXT`` characters) and not all visible text, for two measured reasons: the
stage must cost a fraction of ``extract.analyse`` and ``normalize`` alone over all visible text
of a generated 50 KB page costs a third of it; and the own text is what must not change. The
hash does not depend on the host, so a defacement page known from one site matches on another.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from scanner.extract.reason import is_benign
from scanner.integrity.simhash import simhash, text_simhash
from scanner.integrity.volatile import IgnoreRules, clean, under
from scanner.models import FetchResult, Fingerprint, PageView, TextBlock

MAX_MAIN_TEXT = 4096
"""Characters of normalised main text kept in the fingerprint (for diffs and the text hash)."""
MAX_RAW_TEXT = 6_000
"""Characters of raw main text cleaned and hashed (``normalize`` costs ~33 us per KB)."""
MAX_DOMAINS = 200
MAX_TITLE = 300
VERIFICATION_META = (
    "google-site-verification", "msvalidate.01", "yandex-verification", "baidu-site-verification",
)  # fmt: skip
"""Meta names that prove ownership to a search engine (attackers add their own)."""

_LINE = "\ue000"
"""A private-use character that survives ``normalize`` and marks block boundaries."""
_CHROME = re.compile(r"/(?:nav|header|footer|aside|menu)(?:\[|/|$)")
_INDEX = re.compile(r"\[\d+\]")
_VERIFY_FILE = re.compile(r"^/google[0-9a-f]{6,40}\.html$", re.I)


@functools.lru_cache(maxsize=256)
def compile_rules(rules: tuple[str, ...]) -> IgnoreRules:
    """Compiled ignore rules of a site (cached: every page of a site shares them)."""
    return IgnoreRules.compile(rules)


@functools.lru_cache(maxsize=16384)
def _is_chrome(path: str) -> bool:
    return _CHROME.search(path) is not None


@functools.lru_cache(maxsize=16384)
def _ancestors(path: str) -> tuple[str, ...]:
    """Every ancestor path of an element path, below ``/html/body``."""
    parts = path.split("/")
    return tuple("/".join(parts[:i]) for i in range(3, len(parts)))


@functools.lru_cache(maxsize=16384)
def _shape(path: str) -> str:
    """An element path without positions: /html/body/div[2]/p -> /html/body/div/p."""
    return _INDEX.sub("", path)


def main_blocks(view: PageView, skip: Sequence[str] = ()) -> list[TextBlock]:
    """Visible blocks outside navigation chrome, comment areas and ignored elements."""
    comment_paths = {b.path for b in view.comments}
    return [
        b for b in view.blocks
        if not _is_chrome(b.path) and b.path not in comment_paths
        and not (skip and under(b.path, skip))
    ]  # fmt: skip


def core_blocks(blocks: Sequence[TextBlock], link_texts: set[str]) -> list[TextBlock]:
    """Main-text blocks outside listings: the text whose change means the page changed.

    A listing item (a news entry, a menu entry) is an element holding a block that is only a
    link's text (the headline link); everything inside that element (headline, date line,
    summary) is listing text, which changes nightly by design and is left out. What remains is
    the page's own text: the welcome headline and paragraphs of a homepage, an article's body.
    Measured on the fixture site: a day with two new news items moves the SimHash of the main
    text by 12 bits but that of the core text by 0; a replaced headline moves it by 13.
    """
    items = {b.path.rsplit("/", 1)[0] for b in blocks if b.text in link_texts}
    if not items:
        return list(blocks)
    return [
        b for b in blocks
        if b.text not in link_texts and items.isdisjoint(_ancestors(b.path))
    ]  # fmt: skip


def clean_lines(texts: Sequence[str], rules: IgnoreRules | None = None) -> list[str]:
    """Each text cleaned (``volatile.clean``) with one ``normalize`` call for all of them."""
    if rules is not None and rules.regexes:
        texts = [rules.apply_text(t) for t in texts]
    cleaned = clean(f" {_LINE} ".join(texts))
    return [" ".join(line.split()) for line in cleaned.split(_LINE)]


def _bounded_texts(blocks: Sequence[TextBlock], limit: int) -> list[str]:
    out: list[str] = []
    size = 0
    for block in blocks:
        out.append(block.text[: max(0, limit - size)])
        size += len(block.text) + 1
        if size >= limit:
            break
    return out


def _bounded(lines: Sequence[str], limit: int) -> str:
    out: list[str] = []
    size = 0
    for line in lines:
        if not line:
            continue
        if size + len(line) + 1 > limit:
            if not out:
                out.append(line[:limit])
            break
        out.append(line)
        size += len(line) + 1
    return "\n".join(out)


def _domains(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted({v for v in values if v}))[:MAX_DOMAINS]


def _legit_hidden(reason: str | None) -> bool:
    return reason is None or is_benign(reason)


def dom_features(view: PageView) -> list[str]:
    """Structure features: element paths of text, scripts, frames and forms without positions."""
    paths = [b.path for b in view.blocks] + [b.path for b in view.hidden]
    paths += [s.path for s in view.scripts] + [f.path for f in view.iframes]
    paths += [f.path for f in view.forms]
    return [_shape(p) for p in paths]


def verification_tokens(view: PageView, url: str) -> tuple[str, ...]:
    """Search-engine ownership tokens on this page (meta tags, or a google*.html root file)."""
    tokens = [f"{k}:{v[:200]}" for k, v in view.meta if k in VERIFICATION_META and v]
    path = urlsplit(url).path
    if _VERIFY_FILE.match(path):
        tokens.append(f"file:{path.lstrip('/').lower()}")
    return tuple(sorted(set(tokens)))[:MAX_DOMAINS]


def redirect_target(view: PageView, fetch: FetchResult) -> str:
    """The off-site target this page sends visitors to (HTTP redirect or meta refresh)."""
    if fetch.offsite_redirect:
        return fetch.offsite_redirect[:500]
    refresh = view.meta_refresh
    if refresh is not None and not refresh.internal:
        return refresh.url[:500]
    return ""


def fingerprint(view: PageView, fetch: FetchResult, ignore: Sequence[str] = ()) -> Fingerprint:
    """The integrity fingerprint of one page as the browser profile fetched it.

    ``ignore`` is ``Site.ignore``: ``re:`` rules remove text, selector rules remove the blocks
    inside matching elements. Never raises on hostile input.
    """
    rules = compile_rules(tuple(ignore))
    skip = rules.ignored_paths(fetch.text) if rules.selectors else ()
    links = view.links
    core = core_blocks(main_blocks(view, skip), {lk.text for lk in links if lk.text})
    lines = [line for line in clean_lines(_bounded_texts(core, MAX_RAW_TEXT), rules) if line]
    content = "\n".join(lines)
    main_text = _bounded(lines, MAX_MAIN_TEXT)
    body_hash = fetch.body_sha256 or (
        hashlib.sha256(fetch.text.encode("utf-8", "replace")).hexdigest() if fetch.text else ""
    )
    dom = dom_features(view)
    return Fingerprint(
        body_sha256=body_hash,
        content_sha256=hashlib.sha256(content.encode("utf-8")).hexdigest() if content else "",
        text_hash=text_simhash(main_text),
        dom_hash=f"{simhash(dom):016x}" if dom else "",
        title=" ".join(view.title.split())[:MAX_TITLE],
        script_domains=_domains([s.domain or "" for s in view.scripts if s.src and not s.internal]),
        iframe_domains=_domains([f.domain for f in view.iframes if not f.internal]),
        link_domains=_domains([lk.domain for lk in links if not lk.internal and lk.hidden is None]),
        hidden_link_domains=_domains(
            [lk.domain for lk in links if not lk.internal and not _legit_hidden(lk.hidden)]
        ),
        form_actions=_domains([f.domain for f in view.forms if not f.internal]),
        verification_tokens=verification_tokens(view, fetch.final_url or fetch.url),
        redirect_target=redirect_target(view, fetch),
        main_text=main_text,
    )


def comparable_title(title: str) -> str:
    """A title as drift compares it: normalised, numbers and day names removed."""
    return " ".join(clean(title[:MAX_TITLE]).split())


def code_hash(code: str) -> str:
    """The normalised hash of a script (case and whitespace folded) for known-bad matching."""
    text = " ".join(code[:MAX_RAW_TEXT * 20].casefold().split())
    return hashlib.sha256(text.encode("utf-8")).hexdigest() if text else ""
