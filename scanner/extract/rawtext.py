"""Markup the parser keeps as text, and documents kept in attributes: what the walk must still see.

An HTML parser (libxml2, like a browser) reads the content of some elements as plain text, not
as elements: ``title``, ``textarea``, ``style``, ``script``, ``xmp``, ``iframe``, ``noembed``,
``noframes`` and ``plaintext``. Left unclosed, such an element swallows the rest of the page:
the injected links after it are no links to the parser, and no text of the page either. Whether
a visitor sees them or not, they are in the page's source, so the walk parses that text again
as HTML and records what it holds as hidden content with a reason (``raw_reason``):

==================== =========================== =====================================
container            a browser shows             the walk records
==================== =========================== =====================================
``iframe``           never (the frame's page)    its content, hidden ``iframe content``
``noembed`` ...      never                       its content, hidden ``noembed``/``noframes``
``textarea``/``xmp`` the markup as literal text  the literal text as visible (as before);
``plaintext``                                    when unclosed, its markup too, hidden
                                                 ``unclosed textarea`` (``plaintext`` has
                                                 no end tag: always)
``title``/``style``  nothing (title: the tab)    when unclosed, its markup, hidden
``script``                                       ``unclosed style`` ...
==================== =========================== =====================================

A closed ``textarea`` holding an embed code, or a script writing HTML, is left alone: only a
container that runs to the end of the document is "unclosed". ``frame_document`` is the other
way content hides in plain sight: ``<iframe srcdoc="...">`` and ``data:text/html`` frames are
whole documents a browser renders, kept in an attribute.
"""

from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import unquote

from lxml import etree

from scanner.extract.parse import MAX_HTML_CHARS

MAX_RAW_CHARS = MAX_HTML_CHARS
"""Characters of raw text and frame documents parsed again per page. Each is a part of the page,
so one level never needs more than the page; the cap bounds raw text inside raw text (at most
twice the work of the page's own parse)."""
MAX_RAW_DEPTH = 2
"""Raw text inside raw text parsed again at most this deep (each level a new parse)."""

NEVER_SHOWN = {"iframe": "iframe content", "noembed": "noembed", "noframes": "noframes"}
"""Raw-text containers whose content a browser never renders, and the hidden reason."""
SWALLOWING = frozenset({"textarea", "xmp", "plaintext", "title", "style", "script"})
"""Raw-text containers whose markup counts only when they are left unclosed."""
RAW_CONTAINERS = frozenset(NEVER_SHOWN) | SWALLOWING
_MARKUP = re.compile(r"<[A-Za-z!/]")
_DATA_HTML = re.compile(r"^\s*data:\s*text/html\s*(?P<params>[^,]*),(?P<data>.*)$", re.I | re.S)


def runs_to_end(el: etree._Element) -> bool:
    """True when nothing follows ``el`` in its document (no sibling or text after it or after
    any ancestor): where a raw-text element left unclosed ends up."""
    node: etree._Element | None = el
    while node is not None:
        if (node.tail or "").strip() or node.getnext() is not None:
            return False
        node = node.getparent()
    return True


def raw_reason(el: etree._Element, tag: str, text: str, source: str) -> str | None:
    """The hidden reason to walk the raw ``text`` of ``el`` as markup, or None to leave it.

    ``source`` is the document's markup: an element is unclosed only when it is the last node
    of the tree *and* no end tag follows its last start tag in the source (a closed
    ``<textarea>`` at the very end of a page is no evasion).
    """
    never = NEVER_SHOWN.get(tag)
    if never is not None:
        return never if text.strip() else None
    if not _MARKUP.search(text):
        return None
    if tag != "plaintext":
        if not runs_to_end(el):
            return None
        lower = source.lower()
        start = lower.rfind("<" + tag)
        if start < 0 or lower.find("</" + tag, start) >= 0:
            return None
    return f"unclosed {tag}"


def frame_document(el: etree._Element, limit: int) -> str:
    """The document a frame renders from its own attributes ('' if none): ``srcdoc``, or a
    ``data:text/html`` URL in ``src`` (or ``data`` of an ``<object>``), at most ``limit``
    characters."""
    srcdoc = el.get("srcdoc")
    if srcdoc:
        return srcdoc[:limit]
    src = el.get("src") or el.get("data") or ""
    m = _DATA_HTML.match(src[: 4 * limit + 200])
    if m is None:
        return ""
    data = m.group("data")
    if "base64" in m.group("params").lower():
        try:
            raw = base64.b64decode(unquote(data).strip() + "==", validate=False)
        except (binascii.Error, ValueError):
            return ""
        return raw.decode("utf-8", "replace")[:limit]
    return unquote(data)[:limit]
