"""What the walk records for the elements that carry more than text.

Links (``a``/``area``) with their anchor text, scripts (inline, external, ``href:javascript`` and
``on*=`` handlers), the title, ``<meta>`` data and refreshes, ``<link rel>`` targets, frames and
forms. Each ``on_*`` handler is called by the walk once per element of its tag, with the hidden
reason in force there (``None`` when visible); ``SPECIAL`` maps tags to handlers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from lxml import etree

from scanner.extract import css as css_rules
from scanner.extract.hiding import tiny
from scanner.extract.targets import resolve
from scanner.models import Form, IFrame, Link, MetaRefresh, Script

if TYPE_CHECKING:
    from scanner.extract.walk import Walker

MAX_LINKS = 5000
MAX_SCRIPTS = 1000
MAX_INLINE_SCRIPT_CHARS = 200_000
"""Characters kept of one inline script, JSON-LD block or handler (the pipeline records a cut)."""
MAX_EVENT_HANDLERS = 200
MAX_META = 500
MAX_JSON_LD = 50
MAX_ANCHOR_CHARS = 500

_FRAME_TAGS = frozenset(("iframe", "frame", "embed", "object"))
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
EVENT_ATTRS = frozenset("on" + name for name in _EVENT_NAMES.split())
"""Event-handler attribute names (a set test per element beats scanning every attribute)."""
_REFRESH = re.compile(
    r"^\s*(?P<delay>\d+(?:\.\d*)?)?\s*[;,]?\s*(?:url\s*=\s*)?(?P<url>.*?)\s*$", re.I | re.S
)


def collapse(text: str) -> str:
    """``text`` with every run of whitespace made one space, stripped."""
    return " ".join(text.split())


def end_link(w: Walker, el: etree._Element, attrs: dict[str, str], hidden: str | None) -> None:
    """Record the link ``el`` that just closed, with the anchor text gathered inside it."""
    parts = w.link_parts.pop() if w.link_parts else []
    at = w.link_at.pop() if w.link_at else len(w.links)
    href = (attrs.get("href") or attrs.get("xlink:href") or "").strip()
    if not href or href.lower().startswith(_SKIP_HREF) or len(w.links) >= MAX_LINKS:
        if href[:11].lower() == "javascript:" and not _TRIVIAL_JS_HREF.match(href):
            add_script(w, w.path(), None, href[11:], "href:javascript")
        return
    target = resolve(href, w.base)
    if target is None:
        return
    text = collapse("".join(parts))
    if not text:
        img = next(el.iter("img"), None)
        alt = (img.get("alt") or img.get("title") or "") if img is not None else ""
        alt = alt or attrs.get("alt") or ""  # an <area> carries its own
        text = collapse(alt or attrs.get("title") or attrs.get("aria-label") or "")
    w.links.insert(
        at,
        Link(
            url=target.url,
            text=text[:MAX_ANCHOR_CHARS],
            host=target.host,
            domain=target.domain,
            path=target.path,
            hidden=hidden,
            rel=collapse(attrs.get("rel", "")).lower(),
            internal=target.scope == w.site_host,
        )
    )


def add_script(w: Walker, path: str, src: str | None, code: str, kind: str) -> None:
    """Record one script: inline ``code`` (``src`` None) or an external ``src``."""
    if len(w.scripts) >= MAX_SCRIPTS:
        return
    if src is None:
        w.scripts.append(Script(path, code=code[:MAX_INLINE_SCRIPT_CHARS], type=kind))
        return
    target = resolve(src, w.base)
    if target is not None:
        internal = target.scope == w.site_host
        w.scripts.append(Script(path, target.url, target.domain, internal, type=kind))


def event_handlers(w: Walker, attrs: dict[str, str]) -> None:
    """Inline ``on*=`` handlers as code-only Scripts (a common injection carrier)."""
    for name, value in attrs.items():
        if name in EVENT_ATTRS and value.strip() and w.handlers < MAX_EVENT_HANDLERS:
            w.handlers += 1
            add_script(w, w.path(), None, value[:2000], f"event:{name}")


def on_title(w: Walker, el: etree._Element, hidden: str | None) -> None:
    """The first ``<title>`` is the page title."""
    if w.title is None:
        w.title = collapse(el.text or "")[:1000]


def on_script(w: Walker, el: etree._Element, hidden: str | None) -> None:
    """A ``<script>``: JSON-LD data, an external file, or inline code."""
    kind = (el.get("type") or "").strip().lower()
    src = (el.get("src") or "").strip()
    if "ld+json" in kind:
        if len(w.json_ld) < MAX_JSON_LD:
            w.json_ld.append((el.text or "")[:MAX_INLINE_SCRIPT_CHARS])
    elif src:
        add_script(w, w.path(), src, "", kind)
    elif (el.text or "").strip():
        add_script(w, w.path(), None, el.text or "", kind)


def on_meta(w: Walker, el: etree._Element, hidden: str | None) -> None:
    """A ``<meta>``: named data, and a refresh (the first one that leaves the site wins)."""
    content = collapse(el.get("content") or "")
    equiv = (el.get("http-equiv") or "").strip().lower()
    # A refresh in swallowed raw text or in a frame's own document does not move the page.
    if equiv == "refresh" and not w.in_raw and (w.refresh is None or w.refresh.internal):
        # A page may carry its own auto-reload ("300") before an injected off-site refresh:
        # the first refresh that leaves the site is the one that matters.
        _refresh(w, content, keep=w.refresh)
    name = el.get("name") or el.get("property") or el.get("itemprop")
    if name and len(w.meta) < MAX_META:
        w.meta.append((collapse(name).lower()[:100], content[:2000]))


def _refresh(w: Walker, content: str, keep: MetaRefresh | None = None) -> None:
    m = _REFRESH.match(content)
    if not m:
        return
    raw = m.group("url").strip().strip("'\"").strip()
    target = resolve(raw, w.base) if raw else resolve(w.url, w.url)
    if target is None:
        return
    try:
        delay = float(m.group("delay") or 0)
    except ValueError:
        delay = 0.0
    internal = target.scope == w.site_host
    if keep is None or not internal:
        w.refresh = MetaRefresh(target.url, delay, target.domain, internal)


def on_link(w: Walker, el: etree._Element, hidden: str | None) -> None:
    """A ``<link>``: canonical, AMP and same-site stylesheet targets."""
    rel = (el.get("rel") or "").lower().split()
    href = (el.get("href") or "").strip()
    target = resolve(href, w.base) if href else None
    if target is None:
        return
    if "canonical" in rel and w.canonical is None:
        w.canonical = target.url
    if "amphtml" in rel and w.amphtml is None:
        w.amphtml = target.url
    if "stylesheet" in rel and target.domain == w.site_domain and len(w.stylesheets) < 100:
        w.stylesheets.append(target.url)


def on_frame(w: Walker, el: etree._Element, hidden: str | None) -> None:
    """An ``iframe``/``frame``/``embed``/``object`` with its target and declared size."""
    src = (el.get("src") or el.get("data") or "").strip()
    target = resolve(src, w.base) if src else None
    if target is None or len(w.iframes) >= MAX_LINKS:
        return
    decls = css_rules.declarations(el.get("style") or "")
    width = (el.get("width") or decls.get("width", "")).strip()[:20]
    height = (el.get("height") or decls.get("height", "")).strip()[:20]
    if hidden is None and tiny(width, height):
        hidden = f"size {width or '?'}x{height or '?'}"
    internal = target.scope == w.site_host
    w.iframes.append(
        IFrame(w.path(), target.url, target.domain, width, height, hidden, internal)
    )


def on_form(w: Walker, el: etree._Element, hidden: str | None) -> None:
    """A ``<form>`` and where it submits to."""
    target = resolve((el.get("action") or "").strip() or w.url, w.base)
    if target is None or len(w.forms) >= MAX_LINKS:
        return
    method = (el.get("method") or "get").strip().lower()[:10]
    internal = target.scope == w.site_host
    w.forms.append(Form(w.path(), target.url, method, target.domain, internal))


Handler = Callable[["Walker", etree._Element, "str | None"], None]
"""``handler(walker, element, hidden_reason)``."""

SPECIAL: dict[str, Handler] = {
    "title": on_title,
    "script": on_script,
    "meta": on_meta,
    "link": on_link,
    "form": on_form,
    **dict.fromkeys(_FRAME_TAGS, on_frame),
}
"""The tags whose elements get a handler, and the handler."""
