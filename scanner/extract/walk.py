"""Extract stage: one HTML document -> a ``PageView`` (what a visitor sees, what is hidden).

One lxml parse and one walk of the tree (an explicit stack: hostile pages nest thousands of
levels deep, see ``_parse``) compute everything: visible text blocks, hidden content with the
reason it is hidden, links, scripts, iframes, forms, meta data and media counts. Hidden state is
decided top down: once an element is hidden, its whole subtree is hidden with the same reason and
recorded as one block, the way a visitor would (not) see it.

Hidden reasons are short strings meant for people and for detectors:

* ``style: display:none``, ``style: position:absolute;left:-9999px`` (inline style);
* ``css .hdn{display:none}`` (a rule of a ``<style>`` block or of the ``css`` argument);
* ``attr: hidden``, ``noscript``, ``template``, ``marquee 0x0``, ``iframe 1x1``;
* ``iframe content``, ``noembed``, ``noframes``, ``unclosed textarea`` (``title``, ``style``...):
  markup the parser kept as text, parsed again (see ``rawtext``);
* ``aria-hidden=true with off-site links`` (text still visible, but a known injection pattern);
* prefixed ``a11y: `` for accessibility hides (sr-only, aria-hidden alone) and ``ui: `` for
  widgets that legitimately start hidden (menus, modals, accordions, cookie banners): those are
  recorded too, detection decides.

Element paths are lxml's ``getpath()`` form (``/html/body/div[2]/p``, a position only where a
tag repeats among siblings): unique, and a person can paste them into the browser console
(``$x(...)``) to find the element. Everything is bounded; ``analyse`` never raises on hostile
input.

Beside it: ``parse`` (the tree, never cut short by the parser), ``elements`` (what links, scripts,
frames, forms and meta elements record), ``targets`` (resolved URLs, stylesheet links).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from scanner.extract import css as css_rules
from scanner.extract.elements import EVENT_ATTRS, SPECIAL, collapse, end_link, event_handlers
from scanner.extract.hiding import HidingRules
from scanner.extract.parse import after_end, parse_html
from scanner.extract.rawtext import (
    MAX_RAW_CHARS,
    MAX_RAW_DEPTH,
    RAW_CONTAINERS,
    frame_document,
    raw_reason,
)
from scanner.models import Form, IFrame, Link, MetaRefresh, PageView, Script, TextBlock
from scanner.urls import host_of, normalize_url, registered_domain

MAX_BLOCKS = 50_000

_BLOCK_TAG_NAMES = (
    "address article aside blockquote br caption center dd details dialog dir div dl dt"
    " fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup hr"
    " html body legend li main menu nav ol option p pre section summary table tbody td"
    " tfoot th thead tr ul marquee iframe select textarea"
)
_BLOCK_TAGS = frozenset(_BLOCK_TAG_NAMES.split())
_NO_TEXT_TAGS = frozenset(("script", "style", "title", "iframe", "noembed", "noframes"))
"""Their text is no page text: a browser never shows it (``rawtext`` still reads it).
``<object>`` content is page text: a browser renders it (the fallback) whenever the object
itself cannot be shown, and an unclosed one holds the rest of the page."""
_MEDIA_TAGS = ("img", "video", "audio", "embed", "object", "marquee", "bgsound")
_OPAQUE_TAGS = frozenset(("script", "style"))
_LINK_TAGS = frozenset(("a", "area"))
_EMBEDDING = RAW_CONTAINERS | {"frame", "object", "embed"}
"""Elements that may carry markup the parser did not make elements (see ``rawtext``)."""
_NO_ATTRS: dict[str, str] = {}
_MEDIA_SET = frozenset(_MEDIA_TAGS)
_FRAME_TAGS = frozenset(("iframe", "frame", "embed", "object"))
_COMMENT_AREA = re.compile(r"comment|komentar|respond|reply|disqus|guestbook|bukutamu", re.I)


@functools.lru_cache(maxsize=8192)
def _is_comment_area(cls: str, el_id: str) -> bool:
    return bool((cls or el_id) and _COMMENT_AREA.search(f"{cls} {el_id}"))


@dataclass(slots=True)
class _Region:
    """An open hidden subtree: its reason and the text gathered inside it."""

    path: str
    reason: str
    also_visible: bool
    parts: list[str] = field(default_factory=list)


class Walker:
    """The mutable state of one walk: ``visit`` the root, then ``view`` is the PageView.

    The element handlers of ``elements`` read and fill its public fields.
    """

    def __init__(
        self, root: etree._Element, url: str, site_host: str, css: str, source: str = ""
    ) -> None:
        """Walk ``root``, parsed from ``source`` (the markup, to tell unclosed elements)."""
        self.root = root
        self.source = source
        self.url = url
        self.site_host = site_host
        self.site_domain = registered_domain(site_host)
        self.base = url
        for b in root.iter("base"):
            href = b.get("href")
            if href:
                self.base = normalize_url(href, url) or url
                break
        styles = [s.text or "" for s in root.iter("style")]
        sheet = css_rules.merge(
            [css_rules.parse_stylesheet(t) for t in styles] + [css_rules.parse_stylesheet(css)]
        )
        self.hiding = HidingRules(sheet, site_host, self.base)
        self.title: str | None = None
        self.lang = (root.get("lang") or "").strip()[:20]
        self.vis: list[str] = []
        self.blocks: list[TextBlock] = []
        self.hidden: list[TextBlock] = []
        self.comments: list[TextBlock] = []
        self.segs: list[str] = []
        """Path segments of the open elements (``div[2]``), counted during the walk. Same form
        as lxml's getpath(), which counts siblings on every call: quadratic on hostile pages."""
        self.owners: list[int] = [0]
        """Depths (in ``segs``) of the open block elements that own the text being gathered."""
        self.regions: list[_Region] = []
        self.notext = 0
        self.in_comment = 0
        self.link_parts: list[list[str]] = []
        """The anchor text of each open link, innermost last (a link may sit inside a link)."""
        self.link_at: list[int] = []
        """Where each open link goes in ``links``: document order, though an outer link ends
        after the links inside it."""
        self.in_raw = 0
        """Depth of raw text or frame documents being walked (``rawtext``): no page refresh."""
        self.raw_left = MAX_RAW_CHARS
        self.links: list[Link] = []
        self.scripts: list[Script] = []
        self.iframes: list[IFrame] = []
        self.forms: list[Form] = []
        self.meta: list[tuple[str, str]] = []
        self.json_ld: list[str] = []
        self.refresh: MetaRefresh | None = None
        self.canonical: str | None = None
        self.amphtml: str | None = None
        self.stylesheets: list[str] = []
        self.media = dict.fromkeys(_MEDIA_TAGS, 0)
        self.handlers = 0

    # ------------------------------------------------------------------ text

    def _text(self, s: str) -> None:
        if self.notext:
            return
        region = self.regions[-1] if self.regions else None
        if region is not None:
            region.parts.append(s)
        if region is None or region.also_visible:
            self.vis.append(s)
        if self.link_parts:
            self.link_parts[-1].append(s)

    def path(self, depth: int | None = None) -> str:
        """The element path of the open element (or of its ancestor at ``depth``)."""
        return "/" + "/".join(self.segs if depth is None else self.segs[:depth])

    def _flush(self, owner: int) -> None:
        if self.regions:
            self.regions[-1].parts.append("\n")
        if not self.vis:
            return
        text = " ".join("".join(self.vis).split())
        self.vis.clear()
        if text and len(self.blocks) < MAX_BLOCKS:
            block = TextBlock(text, self.path(owner))
            self.blocks.append(block)
            if self.in_comment:
                self.comments.append(block)

    # ------------------------------------------------------------------ hiding

    # ------------------------------------------------------------------ walk

    def visit(self, el: etree._Element, seg: str) -> None:
        """Walk ``el`` and its subtree (text, then children with their tails).

        An explicit stack, not recursion: a hostile page nests thousands of elements (the
        parser keeps up to 2048 levels) and Python's recursion limit must not end the walk.
        Each element is a generator (``_element``) that yields its children in order and
        resumes after each child's subtree is done.
        """
        stack = [self._element(el, seg)]
        push, pop = stack.append, stack.pop
        while stack:
            step = next(stack[-1], None)
            if step is None:
                pop()
            else:
                push(self._element(*step))

    def _element(self, el: etree._Element, seg: str) -> Iterator[tuple[etree._Element, str]]:
        """One element: its own work, its children (yielded to ``visit``), then closing work.

        The hot loop of the stage: attributes are read once into a dict and the common case
        (a visible element without hiding attributes) touches as little state as possible.
        """
        tag = el.tag
        if not isinstance(tag, str):
            return  # comments and processing instructions are not text
        segs = self.segs
        segs.append(seg)
        children = list(el)
        items = el.items()
        # The HTML parser gives str names and values; the stubs also allow bytes.
        attrs: dict[str, str] = dict(items) if items else _NO_ATTRS  # type: ignore[arg-type]
        if tag in _MEDIA_SET:
            self.media[tag] += 1
        regions = self.regions
        opened = False
        if (not regions or regions[-1].also_visible) and self.hiding.applies(tag, attrs):
            found = self.hiding.reason(el, tag, attrs)
            if found is not None and not (regions and found[1]):
                regions.append(_Region(self.path(), found[0], found[1]))
                opened = True
        notext = tag in _NO_TEXT_TAGS
        if notext:
            self.notext += 1
        is_block = tag in _BLOCK_TAGS
        if is_block:
            if self.vis:
                self._flush(self.owners[-1])
            elif regions:
                regions[-1].parts.append("\n")
            self.owners.append(len(segs))
        comment = False
        in_link = False
        if attrs:
            if not attrs.keys().isdisjoint(EVENT_ATTRS):
                event_handlers(self, attrs)
            comment = _is_comment_area(attrs.get("class", ""), attrs.get("id", ""))
            if comment:
                self.in_comment += 1
            if tag in _LINK_TAGS and ("href" in attrs or "xlink:href" in attrs):
                self.link_parts.append([])
                self.link_at.append(len(self.links))
                in_link = True
        hidden = regions[-1].reason if regions else None
        if tag in SPECIAL:
            SPECIAL[tag](self, el, hidden)
        if tag not in _OPAQUE_TAGS:
            text = self._text
            if el.text:
                text(el.text)
            if len(children) == 1:
                child = children[0]
                yield child, child.tag  # a comment's tag is not a str: _element skips it
                if child.tail:
                    text(child.tail)
            elif children:
                for child, child_seg in zip(children, _segments(children), strict=True):
                    yield child, child_seg
                    if child.tail:
                        text(child.tail)
        if tag in _EMBEDDING and self.raw_left > 0 and self.in_raw < MAX_RAW_DEPTH:
            yield from self._embedded(el, tag)
        if in_link:
            end_link(self, el, attrs, hidden)
            self._text(" ")  # adjacent menu links are separate words, not "ProfilLayanan"
        if is_block:
            self._flush(self.owners.pop())
        if notext:
            self.notext -= 1
        if comment:
            self.in_comment -= 1
        if opened:
            self._end_region()
        segs.pop()

    def _embedded(self, el: etree._Element, tag: str) -> Iterator[tuple[etree._Element, str]]:
        """The markup ``el`` holds as text or in an attribute, walked as elements (``rawtext``):
        a frame's own document as the frame's content, swallowed raw text as hidden."""
        if tag in _FRAME_TAGS:
            document = frame_document(el, self.raw_left)
            if document:
                yield from self._fragment(document, None)
        text = el.text
        if tag in RAW_CONTAINERS and text:
            reason = raw_reason(el, tag, text, self.source)
            if reason is not None:
                yield from self._fragment(text, reason)

    def _fragment(self, markup: str, reason: str | None) -> Iterator[tuple[etree._Element, str]]:
        """Parse ``markup`` and yield its nodes to ``visit`` as children of the open element,
        inside a hidden region with ``reason`` (None: as visible as the element itself)."""
        markup = markup[: self.raw_left]
        self.raw_left -= len(markup)
        root = parse_html(markup)
        if root is None:
            return
        regions = self.regions
        opened = reason is not None and (not regions or regions[-1].also_visible)
        if opened and reason is not None:
            regions.append(_Region(self.path(), reason, False))
        notext, self.notext = self.notext, 0  # the container's own text rule does not apply
        self.in_raw += 1
        for part in root:
            if part.tag not in ("head", "body"):
                continue
            if part.text:
                self._text(part.text)
            nodes = list(part)
            for child, child_seg in zip(nodes, _segments(nodes), strict=True):
                yield child, child_seg
                if child.tail:
                    self._text(child.tail)
        self.in_raw -= 1
        self.notext = notext
        if opened:
            self._end_region()

    def _end_region(self) -> None:
        region = self.regions.pop()
        lines = (collapse(line) for line in "".join(region.parts).split("\n"))
        text = "\n".join(line for line in lines if line)
        if text and len(self.hidden) < MAX_BLOCKS:
            block = TextBlock(text, region.path, region.reason)
            self.hidden.append(block)
            if self.in_comment:
                self.comments.append(block)

    def view(self) -> PageView:
        return PageView(
            url=self.url,
            title=self.title or "",
            lang=self.lang,
            visible_text="\n".join(b.text for b in self.blocks),
            blocks=tuple(self.blocks),
            hidden=tuple(self.hidden),
            links=tuple(self.links),
            scripts=tuple(self.scripts),
            iframes=tuple(self.iframes),
            forms=tuple(self.forms),
            meta=tuple(self.meta),
            json_ld=tuple(self.json_ld),
            meta_refresh=self.refresh,
            canonical=self.canonical,
            amphtml=self.amphtml,
            stylesheets=tuple(self.stylesheets),
            media=tuple(self.media.items()),
            comments=tuple(self.comments),
        )


def _segments(children: list[etree._Element]) -> list[str]:
    """Each child's path segment: its tag, with ``[n]`` when siblings share it (as getpath)."""
    totals: dict[object, int] = {}
    for child in children:
        totals[child.tag] = totals.get(child.tag, 0) + 1
    seen: dict[str, int] = {}
    out: list[str] = []
    for child in children:
        tag = child.tag
        if not isinstance(tag, str):
            out.append("")
        elif totals[tag] > 1:
            n = seen[tag] = seen.get(tag, 0) + 1
            out.append(f"{tag}[{n}]")
        else:
            out.append(tag)
    return out


def analyse(html: str, url: str, *, site_host: str | None = None, css: str = "") -> PageView:
    """Turn one HTML document into the PageView every detector reads.

    ``site_host`` is the site's scope key (defaults to the page's host without ``www.``) and
    decides ``internal`` on links, scripts, frames and forms; ``css`` is the text of same-site
    stylesheets, so class-based hiding defined there is seen. Never raises: an empty or
    unparseable document gives an empty PageView with ``url`` set.
    """
    root = parse_html(html) if isinstance(html, str) else None
    if root is None or not isinstance(root.tag, str):
        return PageView(url=url)
    walker = Walker(root, url, site_host if site_host is not None else host_of(url), css, html)
    walker.visit(root, root.tag)
    while walker.regions:  # defensive: regions are closed by visit(), never left open
        walker._end_region()
    view = walker.view()
    trailing = after_end(html)
    return dataclasses.replace(view, after_end=trailing) if trailing else view

