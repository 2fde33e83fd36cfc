"""Parsing one HTML document for the walk: the tree, never silently cut short; the tail after it.

libxml2 stops at a nesting depth (256 by default, 2048 with ``huge_tree``) and drops everything
after the cut: ``parse_html`` detects that and parses again with the excess nesting flattened
(``flatten_nesting``), so content after a deep block is still walked. ``after_end`` returns the
markup a page carries after ``</html>``, which browsers render and CMSs never write.
"""

from __future__ import annotations

import logging
import re

from lxml import etree

log = logging.getLogger(__name__)

MAX_HTML_CHARS = 5_000_000
"""Characters of one document parsed (the rest is cut; the pipeline records the cut)."""

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
    return parse_html(html)


def parse_html(html: str) -> etree._Element | None:
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

