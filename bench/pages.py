"""Realistic generated pages for benchmarking the analysis stage (extract + detect) offline.

A real CMS page of 50 KB is mostly markup: theme CSS inlined in the head, an SVG icon sprite,
configuration scripts, wrapper elements. Visible text is about a quarter of the bytes on the
39 real pages under ``../shared/realworld`` (measured: 0.25). The world's own pages are sized
with article paragraphs (text is ~87% of their bytes), so ``text_share`` builds each page as a
world page of that share of the size plus benign CMS chrome for the rest. ``text_share=1`` keeps
the world pages as they are: the text-heavy worst case.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from scanner.demo.world import Label, build_world
from scanner.models import Technique

DEFAULT_TEXT_SHARE = 0.45
"""Share of a generated page's bytes that comes from the world page; visible text is then ~0.29
of the bytes, more than the 0.25 measured on real pages (a conservative mix)."""


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    """One page of the generated world as a browser receives it, with its ground truth."""

    url: str
    html: str
    label: Label
    techniques: tuple[Technique, ...] = ()


def generated_pages(
    n: int,
    size_kb: int = 50,
    seed: int = 1,
    infected_ratio: float = 0.5,
    text_share: float = DEFAULT_TEXT_SHARE,
) -> list[GeneratedPage]:
    """``n`` pages of about ``size_kb`` KB from a world of several CMS styles, clean and infected.

    Sites alternate styles, so the pages mix WordPress, Joomla, Bootstrap, Laravel, table-layout
    and JDIH markup; about ``infected_ratio`` of the sites carry an attack somewhere. Each page
    is a world page of ``text_share`` of the size, filled up with its site's CMS chrome.
    """
    n_sites = max(6, math.ceil(n / 40))
    per_site = math.ceil(n / n_sites) + 1
    world_kb = max(5, round(size_kb * min(1.0, text_share)))
    low, high = max(4, int(world_kb * 0.8)), max(5, int(world_kb * 1.2))
    world = build_world(seed, n_sites, infected_ratio, per_site, page_kb=(low, high))
    chrome_kb = size_kb * (1.0 - min(1.0, text_share))
    themes: dict[str, tuple[str, str]] = {}
    out: list[GeneratedPage] = []
    for url, body in world.iter_pages("browser"):
        truth = world.truth(url, "browser")
        html = body.decode("utf-8")
        if text_share < 1.0:
            host = url.split("/")[2]
            if host not in themes:  # one theme per site, as a CMS serves it on every page
                rng = random.Random(f"chrome:{seed}:{host}")
                room = int(chrome_kb * 1024)
                themes[host] = (theme_css(rng, room // 2), sprite_svg(rng, room * 3 // 10))
            html = with_chrome(html, size_kb * 1024 - len(body), themes[host])
        out.append(GeneratedPage(url, html, truth.label, truth.techniques))
        if len(out) >= n:
            break
    return out


def with_chrome(html: str, room: int, theme: tuple[str, str]) -> str:
    """``html`` with the site's theme CSS in the head and icon sprite at the start of the body,
    and a settings script before ``</body>`` filling the rest of ``room`` bytes."""
    css, sprite = theme
    rng = random.Random(len(html))
    script = settings_script(rng, room - len(css) - len(sprite))
    html = html.replace("</head>", f'<style id="global-styles-inline-css">{css}</style></head>', 1)
    at = html.find(">", html.find("<body")) + 1
    html = html[:at] + sprite + html[at:]
    return html.replace("</body>", script + "</body>", 1)


_PROPS = ("color", "background-color", "margin", "padding", "font-size", "line-height",
          "border-radius", "letter-spacing", "font-weight", "gap")  # fmt: skip


def theme_css(rng: random.Random, size: int) -> str:
    """Theme CSS: preset custom properties and utility classes (nothing that hides)."""
    out: list[str] = []
    total = 0
    i = 0
    while total < size:
        i += 1
        if i % 3:
            rule = (f".has-preset-{i}-{rng.choice(('color', 'font-size', 'spacing'))}"
                    f"{{{rng.choice(_PROPS)}:var(--wp--preset--{i})!important}}")  # fmt: skip
        else:
            rule = f":root{{--wp--preset--{i}:#{rng.randrange(16**6):06x}}}"
        out.append(rule)
        total += len(rule)
    return "".join(out)


def sprite_svg(rng: random.Random, size: int) -> str:
    """An inline SVG icon sprite (zero-sized, paths only: no text)."""
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0" aria-hidden="true">']
    total = len(out[0])
    i = 0
    while total < size:
        i += 1
        pts = " ".join(f"{rng.randint(0, 24)}.{rng.randint(0, 99)}" for _ in range(12))
        sym = f'<symbol id="icon-{i}" viewBox="0 0 24 24"><path d="M{pts}z"/></symbol>'
        out.append(sym)
        total += len(sym)
    out.append("</svg>")
    return "".join(out)


def settings_script(rng: random.Random, size: int) -> str:
    """A theme settings script: a JSON object of options assigned to ``window``."""
    items: list[str] = []
    total = 60
    while total < size:
        flag = rng.choice(("true", "false"))
        item = f'"opt_{len(items)}":{{"enabled":{flag},"v":{rng.randint(0, 999)}}}'
        items.append(item)
        total += len(item) + 1
    return f'<script id="theme-settings">window.themeSettings={{{",".join(items)}}};</script>'
