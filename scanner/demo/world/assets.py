"""Same-site static files: each site's ``style.css`` and a jquery.min.js look-alike.

The stylesheet carries the legitimate hiding rules a detector must not mistake for injection
(``.collapse:not(.show)``, ``.sr-only``, ``.screen-reader-text``, ``.dropdown-menu``, modals,
carousel items); an attack may append a rule hiding its own class. The script is generated
minified-looking code (no third-party source is copied) with the usual licence banner; an attack
may append a redirect to it.
"""

from __future__ import annotations

import functools
import random

from scanner.demo.world.records import SiteSpec

ASSET_PATHS = {
    "wordpress": ("/wp-content/themes/{theme}/style.css", "/wp-includes/js/jquery/jquery.min.js"),
    "joomla": ("/templates/{theme}/css/style.css", "/media/jui/js/jquery.min.js"),
    "bootstrap": ("/assets/css/style.css", "/assets/js/jquery.min.js"),
    "laravel": ("/css/style.css", "/js/jquery.min.js"),
    "table": ("/style.css", "/js/jquery.min.js"),
    "jdih": ("/static/css/style.css", "/static/js/jquery.min.js"),
}

_LEGIT_RULES = (
    ".collapse:not(.show){display:none}",
    ".sr-only,.visually-hidden{position:absolute!important;width:1px!important;height:1px!important;"
    "padding:0!important;margin:-1px!important;overflow:hidden!important;clip:rect(0,0,0,"
    "0)!important;"
    "white-space:nowrap!important;border:0!important}",
    ".screen-reader-text{border:0;clip:rect(1px,1px,1px,1px);clip-path:inset(50%);height:1px;"
    "margin:-1px;overflow:hidden;padding:0;position:absolute!important;width:1px}",
    ".element-invisible{position:absolute;padding:0;margin:0;border:0;height:1px;width:1px;"
    "overflow:hidden}",
    ".dropdown-menu{position:absolute;z-index:1000;display:none;min-width:10rem}",
    ".dropdown-menu.show{display:block}",
    ".modal{position:fixed;top:0;left:0;z-index:1055;display:none;width:100%;height:100%}",
    ".carousel-item{position:relative;display:none;float:left;width:100%}",
    ".carousel-item.active{display:block}",
    ".d-none{display:none!important}",
    "[hidden]{display:none!important}",
    ".menu-toggle{display:none}@media (max-width:768px){.menu-toggle{display:block}"
    ".main-navigation ul{display:none}.main-navigation.toggled ul{display:block}}",
    ".m-menu[hidden]{display:none}",
    "#cookie-consent{position:fixed;bottom:0;left:0;right:0;background:#222;color:#fff;padding:12px}",
)


def stylesheet(site: SiteSpec, extra_rules: tuple[str, ...] = ()) -> str:
    """The site's stylesheet: its theme rules, the legitimate hiding rules, then ``extra_rules``."""
    rng = random.Random(f"css:{site.seed}")
    p, accent = site.look.prefix, site.look.accent
    rules = [f"/* Theme: {site.look.theme} */",
             f"body{{font-family:{rng.choice(('Roboto', 'Open Sans', 'Poppins', 'Verdana'))},"
             f"sans-serif;color:#333;background:#fff}}",
             f"a{{color:{accent}}}a:hover{{text-decoration:underline}}"]
    for name in ("navbar", "footer", "card", "sambutan", "berita", "recent", "statistik", "banner",
                 "pengumuman", "social", "links", "pager", "item", "excerpt", "figure", "header",
                 "main", "side", "wrap", "brand", "content", "post", "tautan", "search", "soc"):
        props = [f"margin:{rng.randint(0, 24)}px {rng.randint(0, 16)}px",
                 f"padding:{rng.randint(0, 20)}px", f"border-radius:{rng.randint(0, 8)}px"]
        if rng.random() < 0.4:
            props.append(f"background:{accent}")
        if rng.random() < 0.3:
            props.append(f"font-size:{rng.choice(('14px', '0.9rem', '1.1em', '16px'))}")
        rules.append(f".{p}{name}{{{';'.join(props)}}}")
        for bp in (576, 768, 992):
            if rng.random() < 0.5:
                width = rng.randint(20, 100)
                rules.append(f"@media (min-width:{bp}px){{.{p}{name}{{width:{width}%}}}}")
    rules.extend(_LEGIT_RULES)
    sep = "\n" if site.look.pretty else ""
    return sep.join(rules + list(extra_rules)) + "\n"


@functools.lru_cache(maxsize=8)
def jquery(version: str) -> str:
    """A minified-looking jQuery stand-in (deterministic per version, about 25 KB)."""
    rng = random.Random(f"jq:{version}")
    letters = "abcdefghijklmnopqrstuvwxyz"
    chunks = [f"/*! jQuery v{version} | (c) OpenJS Foundation and other contributors | "
              "jquery.org/license */\n",
              '!function(e,t){"use strict";"object"==typeof module&&"object"==typeof module.exports'
              '?module.exports=e.document?t(e,'
              '!0):function(e){return t(e)}:t(e)}("undefined"!=typeof '
              'window?window:this,function(C,e){"use strict";']
    for _ in range(420):
        a, b, c = (rng.choice(letters) for _ in range(3))
        kind = rng.randrange(4)
        if kind == 0:
            chunks.append(f"function {a}{b}(e,t,n){{var r,i=[],o=0;for(r=e.length;o<r;o++)"
                          f"t.call(e[o],o,e[o])&&i.push(e[o]);return n?i:i.length}}")
        elif kind == 1:
            chunks.append(f'var {a}{c}=/^(?:{b}|[\\w-]+)$/i,{c}{a}="{rng.choice(letters) * 3}";')
        elif kind == 2:
            chunks.append(f"{a}.fn.{b}{c}=function(e){{return this.each(function(){{"
                          f"{a}(this).css(e)}})}};")
        else:
            chunks.append(f'"{a}{b}"in t&&({c}.support.{a}{b}=!!t.{a}{b});')
    chunks.append("return C.jQuery=C.$=ce,ce});\n")
    return "".join(chunks)
