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
* ``aria-hidden=true with off-site links`` (text still visible, but a known injection pattern);
* prefixed ``a11y: `` for accessibility hides (sr-only, aria-hidden alone) and ``ui: `` for
  widgets that legitimately start hidden (menus, modals, accordions, cookie banners): those are
  recorded too, detection decides.

Element paths are lxml's ``getpath()`` form (``/html/body/div[2]/p``, a position only where a
tag repeats among siblings): unique, and a person can paste them into the browser console
(``$x(...)``) to find the element. Everything
is bounded; ``analyse`` never raises on hostile input.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml import etree

from scanner.extract import css as css_rules
from scanner.extract.hiding import HidingRules, tiny
from scanner.models import (
    Form,
    IFrame,
    Link,
    MetaRefresh,
    PageView,
    Script,
    TextBlock,
)
from scanner.urls import host_of, normalize_url, registered_domain

log = logging.getLogger(__name__)

MAX_HTML_CHARS = 5_000_000
MAX_LINKS = 5000
MAX_SCRIPTS = 1000
MAX_SCRIPT_CHARS = 200_000
MAX_EVENT_HANDLERS = 200
MAX_META = 500
MAX_JSON_LD = 50
MAX_BLOCKS = 50_000
MAX_ANCHOR_CHARS = 500

_BLOCK_TAG_NAMES = (
    "address article aside blockquote br caption center dd details dialog dir div dl dt"
    " fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup hr"
    " html body legend li main menu nav ol option p pre section summary table tbody td"
    " tfoot th thead tr ul marquee iframe select textarea"
)
_BLOCK_TAGS = frozenset(_BLOCK_TAG_NAMES.split())
_NO_TEXT_TAGS = frozenset(("script", "style", "title", "head", "iframe", "object"))
_MEDIA_TAGS = ("img", "video", "audio", "embed", "object", "marquee", "bgsound")
_OPAQUE_TAGS = frozenset(("script", "style"))
_LINK_TAGS = frozenset(("a", "area"))
_NO_ATTRS: dict[str, str] = {}
_MEDIA_SET = frozenset(_MEDIA_TAGS)
_FRAME_TAGS = frozenset(("iframe", "frame", "embed", "object"))
_COMMENT_AREA = re.compile(r"comment|komentar|respond|reply|disqus|guestbook|bukutamu", re.I)
_SKIP_HREF = ("javascript:", "mailto:", "tel:", "sms:", "data:", "#", "whatsapp:", "file:")
_TRIVIAL_JS_HREF = re.compile(r"^javascript:\s*(?:void\s*\(?\s*0?\s*\)?|false|true)?\s*;?$", re.I)
_EVENT_NAMES = (
    "load error click dblclick mousedown mouseup mouseover mouseout mousemove mouseenter"
    " mouseleave contextmenu focus blur focusin focusout change input submit reset select"
    " keydown keyup keypress scroll wheel resize unload beforeunload pageshow pagehide"
    " hashchange popstate message storage online offline toggle invalid search copy cut"
    " paste drag dragstart dragend dragover drop play playing pause ended canplay"
    " loadstart loadeddata loadedmetadata progress timeupdate animationstart animationend"
    " animationiteration transitionend transitionstart transitionrun pointerover"
    " pointerenter pointerdown pointerup pointermove pointerout pointerleave touchstart"
    " touchend touchmove begin end repeat readystatechange afterprint beforeprint"
    " auxclick beforeinput securitypolicyviolation"
)
_EVENT_ATTRS = frozenset("on" + name for name in _EVENT_NAMES.split())
"""Event-handler attribute names (a set test per element beats scanning every attribute)."""
_REFRESH = re.compile(
    r"^\s*(?P<delay>\d+(?:\.\d*)?)?\s*[;,]?\s*(?:url\s*=\s*)?(?P<url>.*?)\s*$", re.I | re.S
)
_STYLESHEET_LINK = re.compile(r"<link\b[^>]*>", re.I)
_ATTR = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def _collapse(text: str) -> str:
    return " ".join(text.split())


@functools.lru_cache(maxsize=8192)
def _is_comment_area(cls: str, el_id: str) -> bool:
    return bool((cls or el_id) and _COMMENT_AREA.search(f"{cls} {el_id}"))


@dataclass(frozen=True, slots=True)
class _Target:
    """A resolved URL with the parts every record needs (cached: sites repeat their links)."""

    url: str
    host: str
    domain: str
    path: str
    scope: str
    """The host without ``www.``, compared with the site host for ``internal``."""


def _resolve(href: str, base: str) -> _Target | None:
    """``href`` resolved against ``base``, memoised under the part of ``base`` it depends on.

    An absolute URL does not depend on the base and a root-relative one only on its origin,
    so the menu and footer links that every page of a site repeats hit the cache.
    """
    if href.startswith(("https://", "http://")):
        if href.partition("://")[2][:1] not in ("", "/", "?", "#"):  # has a host
            return _resolve_cached(href, "")
    elif href.startswith("/") and not href.startswith("//"):
        slash = base.find("/", base.find("//") + 2)
        return _resolve_cached(href, base if slash < 0 else base[:slash])
    return _resolve_cached(href, base)


@functools.lru_cache(maxsize=16384)
def _resolve_cached(href: str, base: str) -> _Target | None:
    url = normalize_url(href, base)
    if url is None:
        return None
    parts = urlsplit(url)
    host = parts.hostname or ""
    return _Target(url, host, registered_domain(host), parts.path, host_of(url))


@dataclass(slots=True)
class _Region:
    """An open hidden subtree: its reason and the text gathered inside it."""

    path: str
    reason: str
    also_visible: bool
    parts: list[str] = field(default_factory=list)


class _Walker:
    """The mutable state of one walk; ``run`` returns the finished PageView."""

    def __init__(self, root: etree._Element, url: str, site_host: str, css: str) -> None:
        self.root = root
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
        self.link_parts: list[str] | None = None
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
        if self.link_parts is not None:
            self.link_parts.append(s)

    def _path(self, depth: int | None = None) -> str:
        return "/" + "/".join(self.segs if depth is None else self.segs[:depth])

    def _flush(self, owner: int) -> None:
        if self.regions:
            self.regions[-1].parts.append("\n")
        if not self.vis:
            return
        text = " ".join("".join(self.vis).split())
        self.vis.clear()
        if text and len(self.blocks) < MAX_BLOCKS:
            block = TextBlock(text, self._path(owner))
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
                regions.append(_Region(self._path(), found[0], found[1]))
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
            if not attrs.keys().isdisjoint(_EVENT_ATTRS):
                self._event_handlers(attrs)
            comment = _is_comment_area(attrs.get("class", ""), attrs.get("id", ""))
            if comment:
                self.in_comment += 1
            if tag in _LINK_TAGS and self.link_parts is None and "href" in attrs:
                self.link_parts = []
                in_link = True
        hidden = regions[-1].reason if regions else None
        if tag in _SPECIAL:
            _SPECIAL[tag](self, el, hidden)
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
        if in_link:
            self._end_link(el, attrs, hidden)
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

    def _end_region(self) -> None:
        region = self.regions.pop()
        lines = (_collapse(line) for line in "".join(region.parts).split("\n"))
        text = "\n".join(line for line in lines if line)
        if text and len(self.hidden) < MAX_BLOCKS:
            block = TextBlock(text, region.path, region.reason)
            self.hidden.append(block)
            if self.in_comment:
                self.comments.append(block)

    def _end_link(self, el: etree._Element, attrs: dict[str, str], hidden: str | None) -> None:
        parts, self.link_parts = self.link_parts or [], None
        href = attrs.get("href", "").strip()
        if not href or href.lower().startswith(_SKIP_HREF) or len(self.links) >= MAX_LINKS:
            if href[:11].lower() == "javascript:" and not _TRIVIAL_JS_HREF.match(href):
                self._add_script(self._path(), None, href[11:], "href:javascript")
            return
        target = _resolve(href, self.base)
        if target is None:
            return
        text = _collapse("".join(parts))
        if not text:
            img = next(el.iter("img"), None)
            alt = (img.get("alt") or img.get("title") or "") if img is not None else ""
            text = _collapse(alt or attrs.get("title") or attrs.get("aria-label") or "")
        self.links.append(
            Link(
                url=target.url,
                text=text[:MAX_ANCHOR_CHARS],
                host=target.host,
                domain=target.domain,
                path=target.path,
                hidden=hidden,
                rel=_collapse(attrs.get("rel", "")).lower(),
                internal=target.scope == self.site_host,
            )
        )

    def _add_script(self, path: str, src: str | None, code: str, kind: str) -> None:
        if len(self.scripts) >= MAX_SCRIPTS:
            return
        if src is None:
            self.scripts.append(Script(path, code=code[:MAX_SCRIPT_CHARS], type=kind))
            return
        target = _resolve(src, self.base)
        if target is not None:
            internal = target.scope == self.site_host
            self.scripts.append(Script(path, target.url, target.domain, internal, type=kind))

    # ------------------------------------------------------------------ element handlers

    def on_title(self, el: etree._Element, hidden: str | None) -> None:
        if self.title is None:
            self.title = _collapse(el.text or "")[:1000]

    def on_script(self, el: etree._Element, hidden: str | None) -> None:
        kind = (el.get("type") or "").strip().lower()
        src = (el.get("src") or "").strip()
        if "ld+json" in kind:
            if len(self.json_ld) < MAX_JSON_LD:
                self.json_ld.append((el.text or "")[:MAX_SCRIPT_CHARS])
        elif src:
            self._add_script(self._path(), src, "", kind)
        elif (el.text or "").strip():
            self._add_script(self._path(), None, el.text or "", kind)

    def on_meta(self, el: etree._Element, hidden: str | None) -> None:
        content = _collapse(el.get("content") or "")
        equiv = (el.get("http-equiv") or "").strip().lower()
        if equiv == "refresh" and (self.refresh is None or self.refresh.internal):
            # A page may carry its own auto-reload ("300") before an injected off-site refresh:
            # the first refresh that leaves the site is the one that matters.
            self._refresh(content, keep=self.refresh)
        name = el.get("name") or el.get("property") or el.get("itemprop")
        if name and len(self.meta) < MAX_META:
            self.meta.append((_collapse(name).lower()[:100], content[:2000]))

    def _refresh(self, content: str, keep: MetaRefresh | None = None) -> None:
        m = _REFRESH.match(content)
        if not m:
            return
        raw = m.group("url").strip().strip("'\"").strip()
        target = _resolve(raw, self.base) if raw else _resolve(self.url, self.url)
        if target is None:
            return
        try:
            delay = float(m.group("delay") or 0)
        except ValueError:
            delay = 0.0
        internal = target.scope == self.site_host
        if keep is None or not internal:
            self.refresh = MetaRefresh(target.url, delay, target.domain, internal)

    def on_link(self, el: etree._Element, hidden: str | None) -> None:
        rel = (el.get("rel") or "").lower().split()
        href = (el.get("href") or "").strip()
        target = _resolve(href, self.base) if href else None
        if target is None:
            return
        if "canonical" in rel and self.canonical is None:
            self.canonical = target.url
        if "amphtml" in rel and self.amphtml is None:
            self.amphtml = target.url
        if (
            "stylesheet" in rel
            and target.domain == self.site_domain
            and len(self.stylesheets) < 100
        ):
            self.stylesheets.append(target.url)

    def on_frame(self, el: etree._Element, hidden: str | None) -> None:
        src = (el.get("src") or el.get("data") or "").strip()
        target = _resolve(src, self.base) if src else None
        if target is None or len(self.iframes) >= MAX_LINKS:
            return
        decls = css_rules.declarations(el.get("style") or "")
        width = (el.get("width") or decls.get("width", "")).strip()[:20]
        height = (el.get("height") or decls.get("height", "")).strip()[:20]
        if hidden is None and tiny(width, height):
            hidden = f"size {width or '?'}x{height or '?'}"
        internal = target.scope == self.site_host
        self.iframes.append(
            IFrame(self._path(), target.url, target.domain, width, height, hidden, internal)
        )

    def on_form(self, el: etree._Element, hidden: str | None) -> None:
        target = _resolve((el.get("action") or "").strip() or self.url, self.base)
        if target is None or len(self.forms) >= MAX_LINKS:
            return
        method = (el.get("method") or "get").strip().lower()[:10]
        internal = target.scope == self.site_host
        self.forms.append(Form(self._path(), target.url, method, target.domain, internal))

    def _event_handlers(self, attrs: dict[str, str]) -> None:
        """Inline ``on*=`` handlers as code-only Scripts (a common injection carrier)."""
        for name, value in attrs.items():
            if name in _EVENT_ATTRS and value.strip() and self.handlers < MAX_EVENT_HANDLERS:
                self.handlers += 1
                self._add_script(self._path(), None, value[:2000], f"event:{name}")

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


_SPECIAL = {
    "title": _Walker.on_title,
    "script": _Walker.on_script,
    "meta": _Walker.on_meta,
    "link": _Walker.on_link,
    "form": _Walker.on_form,
    **dict.fromkeys(_FRAME_TAGS, _Walker.on_frame),
}


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


MAX_AFTER_END_CHARS = 20_000
_DOC_END = re.compile(r"</\s*(?:html|body)\s*>", re.I)
_MARKUP_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)


def after_end(html: str) -> str:
    """The markup after the last ``</html>``/``</body>``, without HTML comments ('' if none).

    Browsers render it (the parser moves it into the body), so it reads as part of the page,
    yet nothing a CMS writes sits there: appended link lists are. Bounded; never raises.
    """
    tail = html[-10 * MAX_AFTER_END_CHARS :]
    # ``</ body>`` with a space is no end tag to a browser (a bogus comment), so find is exact;
    # the usual spellings first, lower-casing the whole tail only for odd ones ("</Body>").
    at = max(tail.rfind("</body"), tail.rfind("</BODY"))
    if at < 0:
        lower = tail.lower()
        at = lower.rfind("</body")
        if at < 0:
            at = lower.rfind("</html")
    close = tail.find(">", at) if at >= 0 else -1
    if close < 0:
        return ""
    rest = _MARKUP_COMMENT.sub(" ", tail[close + 1 :])
    rest = _DOC_END.sub(" ", rest).strip()
    return rest[:MAX_AFTER_END_CHARS]


FLATTEN_DEPTH = 1024
"""Nesting kept when a page is deeper than the parser allows (see ``_parse``)."""
_TOKEN = re.compile(r"<!--.*?(?:-->|$)|<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^>]*>", re.S)
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "noembed", "noframes"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr", "keygen"}
)  # fmt: skip


_EVIDENCE = frozenset({"a", "iframe", "frame", "form", "object"})
"""Kept at any depth by default: they carry the link targets detection needs (the parser
closes an open ``<a>`` or ``<form>`` when a new one starts, so they do not pile up)."""


def flatten_nesting(
    html: str, limit: int = FLATTEN_DEPTH, keep: frozenset[str] = _EVIDENCE
) -> str:
    """``html`` with the start and end tags of elements nested deeper than ``limit`` removed.

    Their content stays, in order, inside the element at the limit (Chromium, too, caps the
    DOM depth, at 512, and moves deeper elements up). Tags in ``keep`` stay wherever they are,
    so a deep link keeps its target; a style on a removed tag is lost, so deep hidden text
    shows as visible text (still judged, never dropped). Script, style and similar raw-text
    contents are copied unchanged.
    """
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # (tag, kept) of the open elements
    open_count: dict[str, int] = {}  # so a stray end tag costs O(1), not a scan of the stack
    kept = pos = 0
    while True:
        m = _TOKEN.search(html, pos)
        if m is None:
            out.append(html[pos:])
            return "".join(out)
        out.append(html[pos : m.start()])
        pos = m.end()
        token, name = m.group(0), (m.group(2) or "").lower()
        if not name:  # a comment
            out.append(token)
        elif m.group(1):  # an end tag: closes its element and any left open inside it
            if not open_count.get(name):
                out.append(token)  # stray: the parser ignores it
                continue
            at = next(i for i in range(len(stack) - 1, -1, -1) if stack[i][0] == name)
            closed = stack[at:]  # each entry is popped once: linear overall
            del stack[at:]
            for tag, was_kept in closed:
                open_count[tag] -= 1
                kept -= was_kept
            if closed[0][1]:
                out.append(token)
        elif name in _RAW_TEXT:
            end = re.compile(f"</{name}", re.I).search(html, pos)
            stop = len(html) if end is None else end.start()
            out.append(token + html[pos:stop])
            pos = stop
        elif name in _VOID or token.endswith("/>"):
            out.append(token)
        else:
            kept_here = kept < limit or name in keep
            stack.append((name, kept_here))
            open_count[name] = open_count.get(name, 0) + 1
            kept += kept_here
            if kept_here:
                out.append(token)


def _parse_data(html: str) -> tuple[etree._Element | None, bool]:
    """Parse; also say whether libxml2 stopped at its depth limit (and dropped the rest)."""
    data = html.encode("utf-8", "replace")
    if not data.strip():
        return None, False
    # huge_tree lifts libxml2's default depth limit of 256, which hid every element after 300
    # nested <div>s; even so it stops at 2048 (reported as a resource-limit error).
    parser = etree.HTMLParser(
        recover=True, remove_comments=False, encoding="utf-8", huge_tree=True
    )
    try:
        root = etree.fromstring(data, parser)
    except (etree.LxmlError, ValueError):
        return None, False
    last = parser.error_log.last_error  # the depth limit is fatal: parsing stops there
    return root, last is not None and "Excessive depth" in last.message


def parse_document(html: str) -> etree._Element | None:
    """The tree ``analyse`` walks (for other stages whose element paths must agree with it)."""
    return _parse(html)


def _parse(html: str) -> etree._Element | None:
    """The document tree; never a tree silently cut short by the parser's depth limit.

    A page nested deeper than the parser allows is parsed again with the nesting beyond
    ``FLATTEN_DEPTH`` flattened, so the content after the deep part is still walked.
    """
    text = html[:MAX_HTML_CHARS].replace("\x00", "")
    root, too_deep = _parse_data(text)
    if too_deep:
        log.info("document nested deeper than the parser allows; nesting flattened")
        root, too_deep = _parse_data(flatten_nesting(text))
    if too_deep:  # thousands of nested links or forms: flatten those too
        root, _ = _parse_data(flatten_nesting(text, keep=frozenset()))
    return root


def analyse(html: str, url: str, *, site_host: str | None = None, css: str = "") -> PageView:
    """Turn one HTML document into the PageView every detector reads.

    ``site_host`` is the site's scope key (defaults to the page's host without ``www.``) and
    decides ``internal`` on links, scripts, frames and forms; ``css`` is the text of same-site
    stylesheets, so class-based hiding defined there is seen. Never raises: an empty or
    unparseable document gives an empty PageView with ``url`` set.
    """
    root = _parse(html) if isinstance(html, str) else None
    if root is None or not isinstance(root.tag, str):
        return PageView(url=url)
    walker = _Walker(root, url, site_host if site_host is not None else host_of(url), css)
    walker.visit(root, root.tag)
    while walker.regions:  # defensive: regions are closed by visit(), never left open
        walker._end_region()
    view = walker.view()
    trailing = after_end(html)
    return dataclasses.replace(view, after_end=trailing) if trailing else view


def stylesheet_urls(html: str, url: str) -> tuple[str, ...]:
    """Absolute URLs of ``<link rel=stylesheet>`` on the page's registered domain (cheap scan).

    The pipeline fetches these before ``analyse`` so class-based hiding defined in the site's
    own CSS is seen; third-party CSS (CDNs, fonts) is not fetched.
    """
    domain = registered_domain(host_of(url))
    base = url
    found: list[str] = []
    for m in _STYLESHEET_LINK.finditer(html[:MAX_HTML_CHARS]):
        attrs = {a.group(1).lower(): a.group(2) or a.group(3) or a.group(4) or "" for a in
                 _ATTR.finditer(m.group(0))}  # fmt: skip
        if "stylesheet" not in attrs.get("rel", "").lower().split():
            continue
        target = _resolve(attrs.get("href", "").strip(), base) if attrs.get("href") else None
        if target is not None and target.domain == domain and target.url not in found:
            found.append(target.url)
        if len(found) >= 100:
            break
    return tuple(found)
