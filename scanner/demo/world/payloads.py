"""Attack payload markup: hidden blocks (every hiding technique), JS encoders, link farms.

Each function varies its markup with the rng it is given (wrapper element, spacing, case,
property order) so detectors have to understand the technique rather than one spelling of it.
"""

from __future__ import annotations

import base64
import random
import re

from scanner.demo.world import gambling
from scanner.demo.world.gambling import Brand

HIDING = ("display_none", "visibility_hidden", "font_size_0", "height_0", "offscreen",
          "text_indent", "opacity_0", "same_color", "style_class", "css_file_class")
"""Every hiding technique; ``style_class``/``css_file_class`` hide through a class rule."""

_INLINE = {
    "display_none": ("display:none", "display: none;", "DISPLAY:NONE", "display:none !important"),
    "visibility_hidden": ("visibility:hidden", "visibility: hidden; height:1px"),
    "font_size_0": ("font-size:0px", "font-size:0;line-height:0", "font-size: 0px; color: #fff"),
    "height_0": ("height:0;overflow:hidden", "max-height:0px; overflow:hidden;",
                 "height:0px;width:0px;overflow:hidden"),
    "offscreen": ("position:absolute;left:-9999px", "position: absolute; top: -5000px;",
                  "position:absolute;left:-10000px;top:auto;width:1px;height:1px"),
    "text_indent": ("text-indent:-9999px;overflow:hidden;white-space:nowrap",
                    "text-indent: -99999px; display:block"),
    "opacity_0": ("opacity:0", "opacity:0.0;filter:alpha(opacity=0)", "opacity: 0; height:2px"),
    "same_color": ("color:#ffffff;background-color:#ffffff", "color:#fff;background:#fff",
                   "color: white; background: white"),
}


def hide_style(technique: str, rng: random.Random) -> str:
    """One inline-style spelling of an inline hiding technique."""
    return rng.choice(_INLINE[technique])


def class_name(rng: random.Random) -> str:
    """A plausible-looking class name for a class-based hide."""
    return rng.choice(("wp-footer-credit", "site-info-extra", "clearfix-2", "sponsor-box",
                       "ft-widget", "mod-custom99", "tagcloud-x", "partner-links", "seo-block",
                       "pwd-footer", "hdn")) + str(rng.randint(1, 99))


def class_rule(cls: str, rng: random.Random) -> str:
    """A CSS rule hiding ``.cls`` (one of the inline techniques, as a rule)."""
    technique = rng.choice(("display_none", "offscreen", "height_0", "font_size_0", "opacity_0"))
    return f".{cls}{{{hide_style(technique, rng)}}}"


def link_farm(rng: random.Random, brands: list[Brand], count: int) -> str:
    """``count`` backlinks to gambling domains, as list items, inline links or a paragraph."""
    links = []
    for i in range(count):
        b = brands[0] if i == 0 else rng.choice(brands)  # the attack's own target always appears
        path = rng.choice(("", "", "daftar/", "login", f"?ref={rng.randint(100, 999)}",
                           rng.choice(gambling.PROMO).replace(" ", "-") + "/"))
        rel = rng.choice(("", "", ' rel="dofollow"', ' target="_blank"', ' title="' + b.name + '"'))
        links.append(f'<a href="{b.url}{path}"{rel}>{gambling.anchor_text(rng, b)}</a>')
    form = rng.randrange(3)
    if form == 0:
        return "<ul>" + "".join(f"<li>{a}</li>" for a in links) + "</ul>"
    if form == 1:
        return rng.choice((" | ", ", ", " ", " - ", "<br>")).join(links)
    return "<p>" + " ".join(f"{gambling.promo_sentence(rng, rng.choice(brands))} {a}"
                            for a in links[: max(2, count // 3)]) + "</p>"


def hidden_block(technique: str, inner: str, rng: random.Random) -> tuple[str, str]:
    """(element HTML, CSS rule or '') hiding ``inner`` with the named technique."""
    tag = rng.choice(("div", "div", "span", "p", "section", "center"))
    if tag == "p" and re.search(r"<(?:ul|ol|p|div|table|section)\b", inner):
        tag = "div"  # a <p> ends where a block starts: the links would be visible in a browser
    if technique in ("style_class", "css_file_class"):
        cls = class_name(rng)
        return f'<{tag} class="{cls}">{inner}</{tag}>', class_rule(cls, rng)
    style = hide_style(technique, rng)
    if technique == "same_color" and rng.random() < 0.5:
        return (f'<div style="background:#fff"><{tag} style="{style}">{inner}</{tag}></div>', "")
    attrs = [f'style="{style}"']
    if rng.random() < 0.4:
        attrs.insert(0, f'id="{rng.choice(("ftr", "sp", "ads", "info"))}{rng.randint(1, 999)}"')
    return f"<{tag} {' '.join(attrs)}>{inner}</{tag}>", ""


JS_ENCODINGS = ("atob", "fromcharcode", "unescape", "hex_escape", "innerhtml")


def js_write(encoding: str, markup: str, rng: random.Random) -> str:
    """A ``<script>`` that writes ``markup`` into the page, encoded the named way."""
    if encoding == "atob":
        data = base64.b64encode(markup.encode()).decode()
        return rng.choice((f"<script>document.write(atob('{data}'));</script>",
                           f'<script type="text/javascript">var _d="{data}";document.write('
                           f"decodeURIComponent(escape(window.atob(_d))));</script>"))
    if encoding == "fromcharcode":
        codes = ",".join(str(ord(c)) for c in markup)
        return f"<script>document.write(String.fromCharCode({codes}));</script>"
    if encoding == "unescape":
        data = "".join(f"%{b:02X}" for b in markup.encode())
        return f"<script language=\"javascript\">document.write(unescape('{data}'));</script>"
    if encoding == "hex_escape":
        data = "".join(f"\\x{b:02x}" for b in markup.encode())
        var = f"_0x{rng.randrange(16**4):04x}"
        return f'<script>var {var}=["{data}"];document["write"]({var}[0]);</script>'
    target = f"{rng.choice(('ft', 'box', 'wrap', 'sidebar-x'))}{rng.randint(10, 99)}"
    escaped = markup.replace("\\", "\\\\").replace("'", "\\'")
    return (f'<div id="{target}"></div><script>document.getElementById("{target}").innerHTML = '
            f"'{escaped}';</script>")
