"""What kind of hide a hidden reason is: accessibility, a UI widget, or a plain hide.

A hidden reason (``TextBlock.hidden``, ``Link.hidden``, ``IFrame.hidden``) is a short text meant
for people, stored and shown as it is: ``css .menu{display:none}``, ``style: font-size:0``. Two
kinds of hide are usually benign, and their reason text starts with a marker:

* ``a11y: `` for accessibility hides (screen-reader-only helpers, ``aria-hidden`` alone);
* ``ui: `` for widgets that legitimately start hidden (menus, modals, accordions, banners).

The text keeps the marker (reports and stored data read the same as before), but code asks this
module for the kind instead of matching the marker itself: ``is_benign(reason)``,
``hide_kind(reason)``, and ``HideKind.A11Y.mark(text)`` to write one.
"""

from __future__ import annotations

from enum import Enum


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
