"""Stage 3, extract: one HTML document -> a ``PageView`` (what a visitor sees, what is hidden).

- ``walk``    the one lxml walk that builds the PageView (``analyse``)
- ``parse``   the tree the walk reads (never cut short by the parser), the markup after ``</html>``
- ``elements`` what links, scripts, frames, forms and meta elements record
- ``targets`` resolved link targets, and ``stylesheet_urls``
- ``css``     the CSS rules that hide, show or set a background, and the hiding reasons
- ``hiding``  why one element is hidden (inline style, attributes, classes, tiny boxes)

The package only re-exports; see ``walk`` for the limits and the hidden-reason vocabulary.
"""

from __future__ import annotations

from scanner.extract.elements import (
    MAX_ANCHOR_CHARS,
    MAX_EVENT_HANDLERS,
    MAX_INLINE_SCRIPT_CHARS,
    MAX_JSON_LD,
    MAX_LINKS,
    MAX_META,
    MAX_SCRIPTS,
)
from scanner.extract.parse import MAX_HTML_CHARS
from scanner.extract.targets import stylesheet_urls
from scanner.extract.walk import MAX_BLOCKS, analyse

__all__ = [
    "MAX_ANCHOR_CHARS",
    "MAX_BLOCKS",
    "MAX_EVENT_HANDLERS",
    "MAX_HTML_CHARS",
    "MAX_INLINE_SCRIPT_CHARS",
    "MAX_JSON_LD",
    "MAX_LINKS",
    "MAX_META",
    "MAX_SCRIPTS",
    "analyse",
    "stylesheet_urls",
]
