"""Hiding rules: which inline styles and stylesheet rules make content invisible to a visitor.

The extract stage asks two questions of CSS, and only these: "does this declaration block hide
the element?" and "which colour is the background?". A full CSS engine would answer more and cost
far more; attackers use a small, well-known set of tricks (``display:none``, off-screen
positioning, zero size with ``overflow:hidden``, ``font-size:0``, white-on-white...), so a fast
declaration parser plus simple selectors (``tag``, ``.cls``, ``#id``, compounds and descendant
chains) covers what matters.

Rules inside ``@media print`` or ``max-width`` queries are ignored: that is where legitimate sites
hide their desktop menus on phones, and the scanner sees the desktop page. Screen-reader-only
patterns (``clip:rect(0 0 0 0)`` with 1px size) are kept but marked as ``HideKind.A11Y``
(``extract.reason``) so detection can tell them apart from real hiding.

Everything parsed here comes from a scanned page: sizes are bounded and parsing never raises.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from scanner.extract.reason import HideKind, hide_kind, unmarked

MAX_CSS_CHARS = 2_000_000
"""Stylesheet text beyond this is ignored (hostile pages may ship megabytes of CSS)."""
MAX_RULES = 20_000
MAX_REASON_CHARS = 160

_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.S)
_DECL = re.compile(r"\s*([-a-zA-Z]+)\s*:\s*([^;]*)")
_LENGTH = re.compile(r"^(-?\d*\.?\d+)\s*(px|em|rem|pt|%|vw|vh|cm|mm|in)?$")
_COMPOUND = re.compile(r"^([a-zA-Z][a-zA-Z0-9-]*|\*)?((?:[.#][-\w]+)*)$")
_PSEUDO = re.compile(r"::?[-\w]+(?:\([^)]*\))?")
_NOT_CLASS = re.compile(r":not\(\s*\.([-\w]+)\s*\)")
_SHOWS = re.compile(r"display\s*:\s*(?!none)[a-z]|visibility\s*:\s*visible")
_ATTR_SEL = re.compile(r"\[[^\]]*\]")
_SCALE0 = re.compile(r"scale[xy3d]*\(\s*0(?:\.0+)?\s*[,)]")
_TRANSLATE_OFF = re.compile(r"translate[xy3d]*\(\s*(-\d{4,})")
_RECT0 = re.compile(r"rect\(\s*[01](?:px)?[\s,]+[01](?:px)?[\s,]+[01](?:px)?[\s,]+[01](?:px)?\s*\)")
_CLIP_PATH0 = re.compile(r"inset\(\s*50%|circle\(\s*0|polygon\(\s*0(?:px)?\s+0(?:px)?\s*,\s*0")
_RGB = re.compile(r"rgba?\(\s*(\d+)\s*[, ]\s*(\d+)\s*[, ]\s*(\d+)\s*(?:[,/]\s*([\d.]+%?)\s*)?\)")
_HEX = re.compile(r"#([0-9a-f]{3,8})\b")
_MEDIA_SKIP = re.compile(r"print|speech|max-(?:device-)?width|prefers-color-scheme", re.I)
_NON_RULE_AT = re.compile(
    r"@(?:-[a-z]+-)?(?:keyframes|font-face|page|counter-style|property)", re.I
)

_NAMED_COLOURS = {
    "white": "#ffffff", "black": "#000000", "red": "#ff0000", "green": "#008000",
    "blue": "#0000ff", "yellow": "#ffff00", "silver": "#c0c0c0", "gray": "#808080",
    "grey": "#808080", "navy": "#000080", "maroon": "#800000", "orange": "#ffa500",
    "snow": "#fffafa", "whitesmoke": "#f5f5f5", "ivory": "#fffff0", "transparent": "transparent",
}  # fmt: skip

SR_ONLY_NAMES = re.compile(
    r"sr-only|screen-reader|visually-?hidden|element-invisible|assistive|hidden-accessible"
    r"|skip-link|u-hidden-visually|a11y",
    re.I,
)
"""Class names of screen-reader-only helpers (Bootstrap, WordPress, Drupal, Joomla)."""
UI_NAMES = re.compile(
    r"dropdown|sub-?menu|mega-?menu|modal|popup|pop-up|popover|tooltip|collapse|accordion"
    r"|tab-pane|tab-content|offcanvas|off-canvas|mobile|navbar|menu|cookie|gdpr|consent"
    r"|lightbox|carousel|slide|toggle|search|overlay|preload|loader|spinner|back-to-top",
    re.I,
)
"""Class/id fragments of widgets that legitimately start hidden."""


@dataclass(frozen=True, slots=True)
class Compound:
    """One compound selector (``div#main.a.b``): every given part must match the element."""

    tag: str | None
    id: str | None
    classes: frozenset[str]
    not_classes: frozenset[str] = frozenset()
    """Classes the element must not have (``.collapse:not(.show)``, Bootstrap's pattern)."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule that hides (``reason`` set) or shows again (``reason`` None, e.g. ``.active``).

    A showing rule at least as specific as the hiding one wins: ``.tab-pane{display:none}``
    with ``.tab-pane.active{display:block}`` leaves the active tab visible.
    """

    chain: tuple[Compound, ...]
    reason: str | None
    specificity: int = 0


@dataclass(frozen=True, slots=True)
class Stylesheet:
    """The hiding rules of a page, indexed by the key of their last compound for fast lookup."""

    by_id: Mapping[str, tuple[Rule, ...]] = field(default_factory=dict)
    by_class: Mapping[str, tuple[Rule, ...]] = field(default_factory=dict)
    by_tag: Mapping[str, tuple[Rule, ...]] = field(default_factory=dict)
    backgrounds: Mapping[str, str] = field(default_factory=dict)
    """Class name -> background colour set by a rule (``"?"`` for images/gradients)."""
    page_background: str | None = None
    """The background of ``body``/``html`` when a rule sets it."""

    def __bool__(self) -> bool:
        return bool(
            self.by_id or self.by_class or self.by_tag or self.backgrounds or self.page_background
        )


EMPTY = Stylesheet()


@functools.lru_cache(maxsize=4096)
def declarations(style: str) -> Mapping[str, str]:
    """``"Display: NONE !important; color:red"`` -> ``{"display": "none", "color": "red"}``."""
    out: dict[str, str] = {}
    for m in _DECL.finditer(style[:4000]):
        value = m.group(2).strip().lower().replace("!important", "").strip()
        out[m.group(1).lower()] = value
    return out


def _px(value: str) -> float | None:
    """A CSS length in (approximate) pixels; None when it is not a plain length."""
    m = _LENGTH.match(value.strip())
    if not m:
        return None
    number = float(m.group(1))
    unit = m.group(2) or "px"
    if unit in ("em", "rem"):
        return number * 16
    if unit == "pt":
        return number * 4 / 3
    if unit in ("cm", "mm", "in"):
        return number * {"cm": 37.8, "mm": 3.78, "in": 96.0}[unit]
    if unit in ("vw", "vh", "%"):
        return number * 10  # relative: only "0" and large negatives matter
    return number


def colour(value: str) -> str | None:
    """Normalise a CSS colour to ``#rrggbb`` (``transparent`` kept); None when unknown."""
    value = value.strip().lower()
    if value in _NAMED_COLOURS:
        return _NAMED_COLOURS[value]
    m = _HEX.search(value)
    if m and value.startswith("#"):
        h = m.group(1)
        if len(h) in (3, 4):
            return "#" + "".join(c * 2 for c in h[:3])
        if len(h) in (6, 8):
            return "#" + h[:6]
        return None
    m = _RGB.match(value)
    if m:
        if m.group(4) not in (None, "1", "1.0", "100%") and float(m.group(4).rstrip("%")) == 0:
            return "transparent"
        return "#" + "".join(f"{min(int(g), 255):02x}" for g in m.group(1, 2, 3))
    return None


def background(decls: Mapping[str, str]) -> str | None:
    """The background colour a declaration block sets; ``"?"`` for images/gradients."""
    if "background-color" in decls:
        return colour(decls["background-color"]) or "?"
    if "background" in decls:
        bg = decls["background"]
        if "url(" in bg or "gradient" in bg:
            return "?"
        for token in re.split(r"\s+(?![^(]*\))", bg):
            c = colour(token)
            if c:
                return c
        return "?"
    return None


def _off(decls: Mapping[str, str], *names: str) -> str | None:
    for name in names:
        if name in decls:
            v = _px(decls[name])
            if v is not None and v <= -999:
                return f"{name}:{decls[name]}"
    return None


@functools.lru_cache(maxsize=8192)
def style_reason(style: str) -> str | None:
    """Why an inline ``style`` (or a rule body) hides its element, or None when it does not.

    The reason names the declaration(s) involved, e.g. ``display:none`` or
    ``position:absolute;left:-9999px``.
    """
    d = declarations(style)
    if not d:
        return None
    if d.get("display") == "none":
        return "display:none"
    if d.get("visibility") in ("hidden", "collapse"):
        return f"visibility:{d['visibility']}"
    if "opacity" in d:
        try:
            if float(d["opacity"].rstrip("%") or "1") <= 0.05:
                return f"opacity:{d['opacity']}"
        except ValueError:
            pass
    if "font-size" in d:
        fs = _px(d["font-size"])
        if fs is not None and fs <= 1:
            return f"font-size:{d['font-size']}"
    clipped = d.get("overflow", "") == "hidden" or "hidden" in d.get("overflow-y", "") + d.get(
        "overflow-x", ""
    )
    sizes = [n for n in ("height", "max-height", "width", "max-width") if n in d]
    for name in sizes:
        v = _px(d[name])
        if v is not None and v <= 1 and clipped:
            reason = f"{name}:{d[name]};overflow:hidden"
            if "clip" in d or "clip-path" in d:
                return HideKind.A11Y.mark(reason + ";clip")
            return reason
    if d.get("position") in ("absolute", "fixed", "relative"):
        off = _off(d, "left", "top", "right", "bottom")
        if off:
            return f"position:{d['position']};{off}"
    off = _off(d, "text-indent", "margin-left", "margin-top")
    if off:
        return off
    if "clip" in d and _RECT0.search(d["clip"]):
        if _px(d.get("width", "")) == 1:
            return HideKind.A11Y.mark("clip:rect(0 0 0 0)")
        return "clip:rect(0)"
    if "clip-path" in d and _CLIP_PATH0.search(d["clip-path"]):
        return f"clip-path:{d['clip-path'][:40]}"
    if "transform" in d:
        t = d["transform"]
        if _SCALE0.search(t) or _TRANSLATE_OFF.search(t):
            return f"transform:{t[:40]}"
    fg = colour(d["color"]) if "color" in d else None
    bg = background(d)
    if fg and fg != "transparent" and fg == bg:
        return f"color:{fg} on background {bg}"
    return None


def _compound(text: str) -> Compound | None:
    m = _COMPOUND.match(text)
    if not m or not text:
        return None
    tag = m.group(1)
    ids = [p[1:] for p in re.findall(r"[.#][-\w]+", m.group(2)) if p[0] == "#"]
    classes = frozenset(p[1:] for p in re.findall(r"[.#][-\w]+", m.group(2)) if p[0] == ".")
    return Compound(
        tag=None if tag in (None, "*") else tag.lower(), id=ids[0] if ids else None, classes=classes
    )


def _selector_chain(selector: str) -> tuple[Compound, ...] | None:
    """Parse one selector into a descendant chain; None for selectors we do not model."""
    if "+" in selector or "~" in selector:
        return None  # sibling combinators: not modelled, skipping beats over-matching
    parts = selector.replace(">", " ").split()
    if not parts or len(parts) > 8:
        return None
    last = parts[-1]
    negated = frozenset(_NOT_CLASS.findall(last))
    last = _NOT_CLASS.sub("", last)
    if ":" in last or "[" in last:
        return None  # :hover, ::before, [type=hidden]: not a hide of the element itself
    chain: list[Compound] = []
    for part in [*parts[:-1], last]:
        part = _ATTR_SEL.sub("", _PSEUDO.sub("", part))
        if not part:
            continue
        c = _compound(part)
        if c is None:
            return None
        chain.append(c)
    if not chain or chain[-1] == Compound(None, None, frozenset()):
        return None
    if negated:
        c = chain[-1]
        chain[-1] = Compound(c.tag, c.id, c.classes, negated)
    return tuple(chain)


def _specificity(chain: tuple[Compound, ...]) -> int:
    return sum(
        (100 if c.id else 0) + 10 * (len(c.classes) + len(c.not_classes)) + (1 if c.tag else 0)
        for c in chain
    )


def _bounded(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_REASON_CHARS else text[: MAX_REASON_CHARS - 1] + "…"


def _rule_reason(selector: str, reason: str) -> str:
    kind = hide_kind(reason)
    if kind is HideKind.HIDE and SR_ONLY_NAMES.search(selector):
        kind = HideKind.A11Y
    elif kind is HideKind.HIDE and UI_NAMES.search(selector):
        kind = HideKind.UI
    return kind.mark(_bounded(f"css {selector}{{{unmarked(reason)}}}"))


def _rule_blocks(text: str) -> Iterable[tuple[str, str]]:
    """(selector list, declaration body) of every style rule that applies on a desktop screen."""
    skip: list[bool] = []
    i, n = 0, len(text)
    while i < n:
        ob = text.find("{", i)
        if ob < 0:
            return
        cb = text.find("}", i)
        if 0 <= cb < ob:
            if skip:
                skip.pop()
            i = cb + 1
            continue
        prelude = text[i:ob].rsplit(";", 1)[-1].strip()
        if prelude.startswith("@"):
            ignored = prelude.startswith("@media") and bool(_MEDIA_SKIP.search(prelude))
            skip.append(any(skip) or ignored or bool(_NON_RULE_AT.match(prelude)))
            i = ob + 1
            continue
        end = text.find("}", ob)
        end = n if end < 0 else end
        if not any(skip):
            yield prelude, text[ob + 1 : end]
        i = end + 1


@functools.lru_cache(maxsize=256)
def parse_stylesheet(text: str) -> Stylesheet:
    """Index the hiding rules and backgrounds of CSS text (cached: sites reuse their CSS)."""
    if not text or "{" not in text:
        return EMPTY
    text = _COMMENT.sub("", text[:MAX_CSS_CHARS])
    by_id: dict[str, list[Rule]] = {}
    by_class: dict[str, list[Rule]] = {}
    by_tag: dict[str, list[Rule]] = {}
    backgrounds: dict[str, str] = {}
    page_bg: str | None = None
    count = 0
    for selectors, body in _rule_blocks(text):
        count += 1
        if count > MAX_RULES:
            break
        reason = style_reason(body)
        shows = reason is None and bool(_SHOWS.search(body.lower()))
        bg = background(declarations(body)) if "background" in body else None
        if reason is None and not shows and bg is None:
            continue  # most theme rules: nothing to index, so no selector to parse
        for selector in selectors.split(","):
            selector = " ".join(selector.split())
            chain = _selector_chain(selector)
            if chain is None:
                continue
            last = chain[-1]
            if bg is not None:
                if last.tag in ("body", "html") and not last.classes and last.id is None:
                    page_bg = bg
                for cls in last.classes:
                    backgrounds[cls] = bg
            if reason is None and not shows:
                continue
            why = _rule_reason(selector, reason) if reason else None
            rule = Rule(chain, why, _specificity(chain))
            if last.id:
                by_id.setdefault(last.id, []).append(rule)
            elif last.classes:
                by_class.setdefault(min(last.classes), []).append(rule)
            elif last.tag:
                by_tag.setdefault(last.tag, []).append(rule)
    return Stylesheet(
        by_id={k: tuple(v) for k, v in by_id.items()},
        by_class={k: tuple(v) for k, v in by_class.items()},
        by_tag={k: tuple(v) for k, v in by_tag.items()},
        backgrounds=backgrounds,
        page_background=page_bg,
    )


def merge(sheets: Iterable[Stylesheet]) -> Stylesheet:
    """One Stylesheet from several (page ``<style>`` blocks plus same-site CSS files)."""
    sheets = [s for s in sheets if s]
    if not sheets:
        return EMPTY
    if len(sheets) == 1:
        return sheets[0]
    by_id: dict[str, tuple[Rule, ...]] = {}
    by_class: dict[str, tuple[Rule, ...]] = {}
    by_tag: dict[str, tuple[Rule, ...]] = {}
    backgrounds: dict[str, str] = {}
    page_bg: str | None = None
    for s in sheets:
        for target, source in ((by_id, s.by_id), (by_class, s.by_class), (by_tag, s.by_tag)):
            for key, rules in source.items():
                target[key] = target.get(key, ()) + rules
        backgrounds.update(s.backgrounds)
        page_bg = s.page_background or page_bg
    return Stylesheet(by_id, by_class, by_tag, backgrounds, page_bg)


def compound_matches(c: Compound, tag: str, el_id: str, classes: frozenset[str]) -> bool:
    """True when an element with this tag, id and classes matches the compound selector."""
    return (
        (c.tag is None or c.tag == tag)
        and (c.id is None or c.id == el_id)
        and (not c.classes or c.classes <= classes)
        and (not c.not_classes or not (c.not_classes & classes))
    )
