"""What kind of hide a hidden reason is: accessibility, a UI widget, or a plain hide.

A hidden reason (``TextBlock.hidden``, ``Link.hidden``, ``IFrame.hidden``) is a short text meant
for people, stored and shown as it is: ``css .menu{display:none}``, ``style: font-size:0``. Two
kinds of hide are usually benign, and their reason text starts with a marker:

* ``a11y: `` for accessibility hides (screen-reader-only helpers, ``aria-hidden`` alone);
* ``ui: `` for widgets that legitimately start hidden (menus, modals, accordions, banners).

The text keeps the marker (reports and stored data read the same as before), but code asks this
module for the kind instead of matching the marker itself: ``is_benign(reason)``,
``hide_kind(reason)``, and ``HideKind.A11Y.mark(text)`` to write one.

A report is read in Indonesian, so the words around the CSS are not left in English:
``reason_message(reason)`` turns a reason text into a catalog message (``hide.*`` keys) whose
parameters are only the technical parts (CSS declarations, selectors, sizes, colours, tag
names), which read the same in every language.
"""

from __future__ import annotations

import re
from enum import Enum

from scanner.models import Message


class HideKind(Enum):
    """The kind of a hide; the value is the marker its reason text starts with."""

    A11Y = "a11y: "
    """Accessibility hide (sr-only, ``aria-hidden=true``): text for screen readers."""
    UI = "ui: "
    """A known UI widget hidden until used (menu, modal, accordion, cookie banner)."""
    HIDE = ""
    """Any other hide: what an injection uses."""

    @property
    def benign(self) -> bool:
        """True for the kinds a legitimate site uses every day (accessibility, widgets)."""
        return self is not HideKind.HIDE

    def mark(self, text: str) -> str:
        """The reason text for a hide of this kind (the marker, then ``text``)."""
        return self.value + text


_MARKED = (HideKind.A11Y, HideKind.UI)
_MARKERS = tuple(kind.value for kind in _MARKED)


def hide_kind(reason: str) -> HideKind:
    """The kind of hide a reason text records."""
    for kind in _MARKED:
        if reason.startswith(kind.value):
            return kind
    return HideKind.HIDE


def is_benign(reason: str | None) -> bool:
    """True when ``reason`` records an accessibility or UI-widget hide (False for ``None``)."""
    return reason is not None and reason.startswith(_MARKERS)


def unmarked(reason: str) -> str:
    """The reason text without its kind marker (as it reads inside a larger reason)."""
    return reason[len(hide_kind(reason).value) :]


_CSS_RULE = re.compile(r"css (?P<selector>[^{]*)\{(?P<css>.*?)\}?$", re.DOTALL)
_COLOUR = re.compile(r"color:(?P<color>\S+) on (?P<page>page )?background (?P<background>\S+)$")
_SIZED = {"marquee": "hide.marquee", "size": "hide.size", "iframe": "hide.size"}
_SIZE = re.compile(r"^[^\sx]*x[^\sx]*$")
_TAGS = ("noscript", "template", "noembed", "noframes")
"""Elements whose content is hidden by what they are (the reason is the tag name alone)."""


def reason_message(reason: str) -> Message:
    """The catalog message of a hidden reason text (see the module docstring).

    Every form the extract stage writes has its key; a text of another form (a newer
    scanner's, or stored data) is kept whole as ``hide.other`` rather than guessed at.
    """
    kind = hide_kind(reason)
    if kind is not HideKind.HIDE:
        key = "hide.a11y" if kind is HideKind.A11Y else "hide.ui"
        return Message.of(key, how=reason_message(unmarked(reason)))
    if reason.startswith("style: "):
        return Message.of("hide.style", css=_declarations(reason.removeprefix("style: ")))
    rule = _CSS_RULE.match(reason)
    if rule:
        selector = rule["selector"].strip()
        return Message.of("hide.css", selector=selector, css=_declarations(rule["css"]))
    if reason == "attr: hidden":
        return Message.of("hide.attribute", attribute="hidden")
    if reason == "aria-hidden=true":
        return Message.of("hide.aria", attribute="aria-hidden=true")
    if reason == "aria-hidden=true with off-site links":
        return Message.of("hide.aria_offsite", attribute="aria-hidden=true")
    if reason in _TAGS:
        return Message.of("hide.tag", tag=reason)
    if reason == "iframe content":
        return Message.of("hide.frame_content", tag="iframe")
    first, _, rest = reason.partition(" ")
    if first == "unclosed" and rest.isalpha():
        return Message.of("hide.unclosed", tag=rest)
    if first in _SIZED and _SIZE.match(rest):
        return Message.of(_SIZED[first], size=rest)
    return Message.of("hide.other", how=reason)


def _declarations(css: str) -> Message | str:
    """CSS declarations as they are, or the colour-on-same-colour sentence as a message."""
    colour = _COLOUR.match(css)
    if colour is None:
        return css
    key = "hide.colour_page" if colour["page"] else "hide.colour"
    return Message.of(key, color=colour["color"], background=colour["background"])
