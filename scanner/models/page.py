"""Stage 3 records: the ``PageView`` of one HTML document and its parts.

Part of ``scanner.models`` (import from there); see its docstring for the stage map.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TextBlock:
    """A run of text from one element: the original text and where it sits.

    ``hidden`` names why it is hidden (``display:none``, ``class .x{display:none}``, ...) or is
    ``None`` for visible text.
    """

    text: str
    path: str
    hidden: str | None = None


@dataclass(frozen=True, slots=True)
class Link:
    """An ``<a href>`` (or ``<area>``) with its absolute target and anchor text."""

    url: str
    text: str
    host: str
    domain: str
    """Registered domain (tldextract), e.g. ``slot-gacor.com`` or ``jatimprov.go.id``."""
    path: str
    hidden: str | None = None
    rel: str = ""
    internal: bool = True


@dataclass(frozen=True, slots=True)
class Script:
    """A ``<script>``: external (``src`` set) or inline (``code`` set, bounded)."""

    path: str
    src: str | None = None
    domain: str | None = None
    internal: bool = True
    code: str = ""
    type: str = ""


@dataclass(frozen=True, slots=True)
class IFrame:
    """An ``<iframe>``/``<frame>`` with its declared size and hiding, if any."""

    path: str
    src: str
    domain: str
    width: str = ""
    height: str = ""
    hidden: str | None = None
    internal: bool = True


@dataclass(frozen=True, slots=True)
class Form:
    """A ``<form>``: where it posts to."""

    path: str
    action: str
    method: str = "get"
    domain: str = ""
    internal: bool = True


@dataclass(frozen=True, slots=True)
class MetaRefresh:
    """A ``<meta http-equiv=refresh>`` redirect."""

    url: str
    delay: float
    domain: str = ""
    internal: bool = True


@dataclass(frozen=True, slots=True)
class PageView:
    """One HTML document as the detectors see it (original text; normalise before matching).

    ``meta`` holds (name-or-property, content) pairs for description, keywords, og:*,
    twitter:* and google-site-verification; ``json_ld`` the raw JSON-LD texts (bounded).
    ``media`` counts the media elements (img, video, audio, embed, object, marquee) that make a
    mostly-image defacement recognisable.
    """

    url: str
    title: str = ""
    lang: str = ""
    visible_text: str = ""
    blocks: tuple[TextBlock, ...] = ()
    hidden: tuple[TextBlock, ...] = ()
    links: tuple[Link, ...] = ()
    scripts: tuple[Script, ...] = ()
    iframes: tuple[IFrame, ...] = ()
    forms: tuple[Form, ...] = ()
    meta: tuple[tuple[str, str], ...] = ()
    json_ld: tuple[str, ...] = ()
    meta_refresh: MetaRefresh | None = None
    canonical: str | None = None
    amphtml: str | None = None
    stylesheets: tuple[str, ...] = ()
    media: tuple[tuple[str, int], ...] = ()
    comments: tuple[TextBlock, ...] = ()
    """Blocks inside user-comment areas (``.comment``, ``#comments``, ...): spam candidates."""
    after_end: str = ""
    """Markup found after the document's closing ``</html>`` (or ``</body>``), bounded: browsers
    still show it, so injected link lists are appended there; a CMS never writes anything."""

    def meta_content(self, name: str) -> str:
        """The content of the first meta tag with this name/property ('' when absent)."""
        key = name.lower()
        for k, v in self.meta:
            if k == key:
                return v
        return ""

    @property
    def hidden_text(self) -> str:
        """All hidden text joined, for matchers with ``part: hidden_text``."""
        return "\n".join(b.text for b in self.hidden)
