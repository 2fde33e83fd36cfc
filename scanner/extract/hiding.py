"""Why one element is hidden from visitors: inline style, attributes, stylesheet rules, colour.

The extract walk asks ``HidingRules.reason`` once per element that has attributes (or a tag a
rule names); the answer is a short reason string, or None. Descendants inherit the reason in the
walk, so this module never looks down the tree, only up (ancestors for descendant selectors and
for the background a text colour sits on).
"""

from __future__ import annotations

import re

from lxml import etree

from scanner.extract import css as css_rules
from scanner.extract.css import SR_ONLY_NAMES, UI_NAMES
from scanner.extract.reason import HideKind, hide_kind, unmarked
from scanner.urls import host_of, normalize_url

HIDING_TAGS = {"noscript": "noscript", "template": "template"}
"""Elements whose content a normal visitor never sees (recorded as hidden with the tag name)."""
_DARK_CLASS = re.compile(r"\bbg-|dark|inverse|navbar|footer|hero|jumbotron|banner|header", re.I)


def _size_px(value: str) -> float | None:
    value = value.strip().lower().removesuffix("px").strip()
    try:
        return float(value)
    except ValueError:
        return None


def tiny(width: str, height: str) -> bool:
    """True when a declared width or height is 0 or 1 pixel (1x1 frames, 0-size marquees)."""
    w, h = _size_px(width), _size_px(height)
    return (w is not None and w <= 1) or (h is not None and h <= 1)


class HidingRules:
    """The hiding rules of one page: its stylesheet, site host and base URL."""

    def __init__(self, sheet: css_rules.Stylesheet, site_host: str, base: str) -> None:
        self.sheet = sheet
        self.site_host = site_host
        self.base = base
        self.has_rules = bool(sheet.by_id or sheet.by_class or sheet.by_tag)
        self.css_cache: dict[tuple[str, str, str], tuple[css_rules.Rule, ...]] = {}

    def applies(self, tag: str, attrs: dict[str, str]) -> bool:
        """Cheap pre-test: can this element be hidden by itself at all?"""
        return bool(attrs) or tag in HIDING_TAGS or tag in self.sheet.by_tag

    def reason(
        self, el: etree._Element, tag: str, attrs: dict[str, str]
    ) -> tuple[str, bool] | None:
        """Why this element itself hides its content, and whether visitors still see it.

        The flag is True for hides that leave the text on screen (``aria-hidden``): such text is
        both visible and recorded as hidden.
        """
        if tag in HIDING_TAGS:
            return HIDING_TAGS[tag], False
        get = attrs.get
        style = get("style")
        if style:
            r = css_rules.style_reason(style)
            if r is None and "color" in style:
                r = self._colour_reason(el, style)
            if r:
                kind = hide_kind(r)
                names = f"{get('class', '')} {get('id', '')}"
                return self._classify(f"style: {unmarked(r)}", kind, names), False
        if "hidden" in attrs:
            names = f"{get('class', '')} {get('id', '')}"
            return self._classify("attr: hidden", HideKind.HIDE, names), False
        if self.has_rules and ("class" in attrs or "id" in attrs or tag in self.sheet.by_tag):
            r = self._css_reason(el, tag, get("id", ""), get("class"))
            if r:
                return r, False
        if tag == "marquee" and tiny(get("width", ""), get("height", "")):
            return f"marquee {get('width')}x{get('height')}", False
        if get("aria-hidden", "").strip().lower() == "true":
            if self._has_offsite_link(el):
                return "aria-hidden=true with off-site links", True
            return HideKind.A11Y.mark("aria-hidden=true"), True
        return None

    @staticmethod
    def _classify(text: str, kind: HideKind, names: str) -> str:
        """The reason text of an element's own hide, its kind refined by its class and id."""
        if kind is HideKind.A11Y or SR_ONLY_NAMES.search(names):
            return HideKind.A11Y.mark(text)
        if UI_NAMES.search(names):
            return HideKind.UI.mark(text)
        return text

    def _css_reason(self, el: etree._Element, tag: str, el_id: str, cls: str | None) -> str | None:
        key = (tag, el_id, cls or "")
        candidates = self.css_cache.get(key)
        if candidates is None:
            candidates = self.css_cache[key] = self._candidates(tag, el_id, cls)
        if not candidates:
            return None
        hide: css_rules.Rule | None = None
        shown = -1
        for rule in candidates:
            if (rule.reason is None and rule.specificity <= shown) or (
                hide is not None
                and rule.reason is not None
                and rule.specificity <= hide.specificity
            ):
                continue
            if len(rule.chain) == 1 or self._ancestors_match(el, rule.chain[:-1]):
                if rule.reason is None:
                    shown = rule.specificity
                else:
                    hide = rule
        if hide is None or shown >= hide.specificity:
            return None
        return hide.reason

    def _candidates(self, tag: str, el_id: str, cls: str | None) -> tuple[css_rules.Rule, ...]:
        """Rules whose last compound matches this tag/id/class combination (cached per walk:
        pages repeat the same class strings hundreds of times)."""
        sheet = self.sheet
        names = cls.split() if cls else []
        found: list[css_rules.Rule] = []
        if el_id and el_id in sheet.by_id:
            found.extend(sheet.by_id[el_id])
        for c in names:
            found.extend(sheet.by_class.get(c, ()))
        found.extend(sheet.by_tag.get(tag, ()))
        classes = frozenset(names)
        return tuple(
            r for r in found if css_rules.compound_matches(r.chain[-1], tag, el_id, classes)
        )

    @staticmethod
    def _ancestors_match(el: etree._Element, chain: tuple[css_rules.Compound, ...]) -> bool:
        i = len(chain) - 1
        for anc in el.iterancestors():
            if not isinstance(anc.tag, str):
                continue
            classes = frozenset((anc.get("class") or "").split())
            if css_rules.compound_matches(chain[i], anc.tag, anc.get("id") or "", classes):
                i -= 1
                if i < 0:
                    return True
        return False

    def _colour_reason(self, el: etree._Element, style: str) -> str | None:
        """Text colour equal to the background it sits on (inline, CSS class or page)."""
        fg = css_rules.colour(css_rules.declarations(style).get("color", ""))
        if fg is None or fg == "transparent":
            return None
        for node in (el, *el.iterancestors()):
            node_style = node.get("style")
            bg = css_rules.background(css_rules.declarations(node_style)) if node_style else None
            if bg is None and node.get("bgcolor"):
                bg = css_rules.colour(node.get("bgcolor") or "") or "?"
            if bg is None:
                for c in (node.get("class") or "").split():
                    bg = self.sheet.backgrounds.get(c, bg)
                if bg is None and _DARK_CLASS.search(node.get("class") or ""):
                    return None  # probably a dark section styled by a stylesheet we lack
            if bg == "transparent":
                continue
            if bg is not None:
                return f"color:{fg} on background {bg}" if bg == fg else None
        # Only a background the page declares counts: assuming the browser's white flags white
        # text on dark wrappers styled by CSS we never saw (defacement overlays, CDN themes).
        page = self.sheet.page_background
        return f"color:{fg} on page background {page}" if page == fg else None

    def _has_offsite_link(self, el: etree._Element) -> bool:
        for a in el.iter("a"):
            url = normalize_url(a.get("href") or "", self.base)
            if url is not None and host_of(url) != self.site_host:
                return True
        return False
