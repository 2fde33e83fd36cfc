"""The attack catalogue: which kinds exist, how one is planned on a site, what it changes.

``plan(kind, rng, site_pages, style, seed)`` decides variant, pages and profiles and returns the
``Attack`` records (ground truth). The rendering side asks, per attack, for the ``patch`` it adds
to a page, a ``redirect`` it answers with, a ``replacement`` document, extra ``doorways``, or
what it appends to an asset. Payloads are derived from ``Attack.seed`` only, so a site-wide
injection is byte-identical on every page, as a real footer injection is.
"""

from __future__ import annotations

import base64
import functools
import json
import random

from scanner.demo.world import defacement, gambling, payloads
from scanner.demo.world.gambling import Brand
from scanner.demo.world.records import Attack, Label, PageSpec, Patch
from scanner.models import Technique as T

KINDS: dict[str, tuple[Label, T]] = {
    "hidden_links": (Label.GAMBLING, T.HIDDEN_LINKS),
    "doorway_sitemap": (Label.GAMBLING, T.DOORWAY_PAGE),
    "doorway_folder": (Label.GAMBLING, T.DOORWAY_PAGE),
    "meta_injection": (Label.GAMBLING, T.META_INJECTION),
    "js_content": (Label.GAMBLING, T.JS_INJECTION),
    "external_script": (Label.MALICIOUS_SCRIPT, T.EXTERNAL_SCRIPT),
    "modified_asset": (Label.MALICIOUS_SCRIPT, T.MODIFIED_ASSET),
    "meta_refresh": (Label.GAMBLING, T.META_REFRESH),
    "hidden_iframe": (Label.GAMBLING, T.IFRAME),
    "spam_comments": (Label.GAMBLING, T.SPAM_COMMENT),
    "obfuscated_text": (Label.GAMBLING, T.VISIBLE_CONTENT),
    "seo_article": (Label.GAMBLING, T.VISIBLE_CONTENT),
    "after_html": (Label.GAMBLING, T.VISIBLE_CONTENT),
    "cloak_infected": (Label.GAMBLING, T.CLOAKING_UA),
    "cloak_ua": (Label.GAMBLING, T.CLOAKING_UA),
    "cloak_referer": (Label.GAMBLING, T.CLOAKING_REFERER),
    "cloak_mobile": (Label.GAMBLING, T.CLOAKING_MOBILE),
    "mobile_inner": (Label.GAMBLING, T.CLOAKING_MOBILE),
    "redirect_all": (Label.GAMBLING, T.REDIRECT),
    "js_redirect": (Label.GAMBLING, T.JS_REDIRECT),
    "script_widget": (Label.GAMBLING, T.EXTERNAL_SCRIPT),
    "mobile_redirect": (Label.MALICIOUS_SCRIPT, T.JS_REDIRECT),
    "deface_home": (Label.DEFACEMENT, T.DEFACEMENT_PAGE),
    "deface_subpage": (Label.DEFACEMENT, T.DEFACEMENT_PAGE),
    "deface_overlay": (Label.DEFACEMENT, T.DEFACEMENT_OVERLAY),
}
"""Every attack kind with its label and main technique."""

VARIANTS: dict[str, tuple[str, ...]] = {
    "hidden_links": payloads.HIDING,
    "doorway_sitemap": ("one", "several"),
    "doorway_folder": payloads.HIDING[:8],
    "meta_injection": ("title", "description_keywords", "open_graph", "json_ld", "all"),
    "js_content": payloads.JS_ENCODINGS,
    "external_script": ("gambling_cdn", "unknown_cdn"),
    "script_widget": ("writer", "mobile_redirect"),
    "mobile_redirect": ("mobile_width", "mobile_touch"),
    "modified_asset": ("referrer_redirect", "encoded_redirect"),
    "meta_refresh": ("instant", "delayed"),
    "hidden_iframe": ("one_pixel", "display_none", "offscreen", "unknown_domain"),
    "spam_comments": ("few", "many"),
    "obfuscated_text": tuple(f"{o}_{v}" for o in gambling.OBFUSCATIONS for v in ("visible",
                                                                                   "hidden")),
    "seo_article": ("narrative", "win_story"),
    "after_html": ("doorways", "brands"),
    "cloak_infected": ("footer_and_cloaks",),
    "cloak_ua": ("replace", "links"),
    "cloak_referer": ("http_302", "js_server"),
    "cloak_mobile": ("http_302", "meta_refresh"),
    "mobile_inner": ("http_302",),
    "redirect_all": ("subpage",),
    "js_redirect": ("referrer", "mobile_ua", "delayed"),
    "deface_home": defacement.TEMPLATES,
    "deface_subpage": defacement.TEMPLATES,
    "deface_overlay": ("overlay",),
}
STYLE_ONLY = {"spam_comments": ("wordpress",)}
"""Kinds that only make sense in some CMS styles."""

DOORWAY_DIRS = {
    "wordpress": ("/wp-content/uploads/{y}/", "/wp-includes/css/", "/wp-content/{b}/"),
    "joomla": ("/images/{b}/", "/media/system/", "/tmp/"),
    "bootstrap": ("/assets/{b}/", "/public/", "/assets/img/"),
    "laravel": ("/storage/{b}/", "/public/vendor/", "/uploads/"),
    "table": ("/images/{b}/", "/data/", "/files/"),
    "jdih": ("/uploads/{b}/", "/static/", "/dokumen/arsip/"),
}


@functools.lru_cache(maxsize=4096)
def brand_of(seed: int, n: int = 0) -> Brand:
    """The brand an attack promotes (``n`` > 0: extra brands of a link farm)."""
    return gambling.brand(random.Random(f"brand:{seed}:{n}"))


def _pick(rng: random.Random, pages: tuple[PageSpec, ...], kinds: tuple[str, ...]) -> PageSpec:
    cands = [p for p in pages if p.kind in kinds] or list(pages)
    return rng.choice(cands)


def _scope(rng: random.Random, pages: tuple[PageSpec, ...]) -> tuple[str, ...]:
    roll = rng.random()
    if roll < 0.4:
        return ("/",)
    if roll < 0.75:
        return tuple(p.path for p in pages)  # site-wide footer/header injection
    return tuple(sorted({"/", *(rng.choice(pages).path for _ in range(rng.randint(1, 3)))}))


def plan(kind: str, rng: random.Random, pages: tuple[PageSpec, ...], style: str,
         seed: int, variant: str | None = None) -> tuple[Attack, ...]:
    """Plan one attack of ``kind`` on a site with these pages; returns its ground-truth records."""
    label, tech = KINDS[kind]
    variant = variant or rng.choice(VARIANTS[kind])
    b = brand_of(seed)
    target = b.domain
    profiles: tuple[str, ...] = ("browser", "googlebot", "mobile", "google-referer")
    extra: tuple[str, ...] = ()
    if kind == "cloak_infected":
        return _cloak_infected(rng, pages, seed)
    if kind in ("hidden_links", "js_content", "external_script", "script_widget", "js_redirect",
                "mobile_redirect", "hidden_iframe", "obfuscated_text", "after_html"):
        paths = _scope(rng, pages)
        if kind in ("external_script", "script_widget"):
            target = _cdn(seed, variant)
        if kind == "mobile_redirect":
            # Phones only, to a throw-away host named like nothing: the visitor test is the sign.
            target = _throwaway(seed)
        if kind == "hidden_iframe" and variant == "unknown_domain":
            label, target = Label.MALICIOUS_SCRIPT, _cdn(seed, "unknown_cdn")
        if kind == "obfuscated_text" and variant.endswith("hidden"):
            tech = T.HIDDEN_CONTENT
    elif kind == "meta_injection":
        paths = ("/",) if rng.random() < 0.7 else _scope(rng, pages)
        if rng.random() < 0.5:
            extra = (T.SITE_VERIFICATION.value,)
    elif kind in ("doorway_sitemap", "doorway_folder"):
        count = 1 if variant == "one" else rng.randint(2, 5)
        folder = rng.choice(DOORWAY_DIRS[style]).format(y=rng.choice((2023, 2024)),
                                                        b=b.name.lower())
        promo = gambling.PROMO  # "%" (bonus 100%) is no character for a file name
        slugs = [f"{promo[rng.randrange(len(promo))].replace(' ', '-').replace('%', '')}"
                 f"-{rng.randint(1, 99)}" for _ in range(count)]
        ext = rng.choice((".html", ".php", "/", ".htm"))
        paths = tuple(f"{folder}{s}{ext}" for s in dict.fromkeys(slugs))
        if kind == "doorway_folder":
            index = f"{folder}index.html"
            link = Attack("doorway_folder", variant, Label.GAMBLING, T.HIDDEN_LINKS,
                          ("/",) if rng.random() < 0.6 else tuple(p.path for p in pages),
                          target=index, seed=seed)
            return (Attack(kind, variant, label, tech, (index, *paths), target=target,
                           seed=seed), link)
    elif kind == "modified_asset":
        paths = ("<jquery>",)  # resolved to the site's jquery path by the catalog
        extra = (T.JS_REDIRECT.value,)
    elif kind == "spam_comments":
        arts = [p.path for p in pages if p.kind == "article"]
        paths = tuple(rng.sample(arts, min(len(arts), rng.randint(1, 3)))) if arts else ("/",)
    elif kind == "seo_article":
        paths = (_pick(rng, pages, ("article",)).path,)
    elif kind == "cloak_ua":
        profiles = ("googlebot",)
        paths = ("/",) if variant == "replace" or rng.random() < 0.5 else _scope(rng, pages)
    elif kind == "cloak_referer":
        profiles = ("google-referer",)
        paths = tuple(p.path for p in pages) if rng.random() < 0.6 else ("/",)
    elif kind == "cloak_mobile":
        profiles = ("mobile",)
        paths = tuple(p.path for p in pages) if rng.random() < 0.6 else ("/",)
    elif kind == "mobile_inner":
        # A server-side 302 for phones on an inner page or two, never the homepage: nothing in
        # the page's code shows it, and a small cloaking sample rarely includes it.
        profiles = ("mobile",)
        inner = [p for p in pages[1:] if p.kind in ("article", "static", "document")] or \
            list(pages[1:] or pages)
        paths = tuple(sorted({rng.choice(inner).path for _ in range(rng.randint(1, 2))}))
    elif kind == "redirect_all":
        paths = (_pick(rng, pages[1:] or pages, ("static", "article", "links")).path,)
    elif kind == "deface_home":
        paths = ("/",)
        target = ""
    elif kind == "deface_subpage":
        paths = (_pick(rng, pages[1:] or pages, ("static", "article", "faq", "links")).path,)
        target = ""
    elif kind == "deface_overlay":
        paths = ("/",) if rng.random() < 0.7 else tuple(p.path for p in pages)
        target = ""
    else:
        paths = (_pick(rng, pages, ("home", "static", "article")).path,)
    return (Attack(kind, variant, label, tech, paths, profiles, target, seed, extra),)


def _cloak_infected(rng: random.Random, pages: tuple[PageSpec, ...],
                    seed: int) -> tuple[Attack, ...]:
    """A visibly infected site that also cloaks (the issue's real WordPress case): a hidden
    footer block on every page, a Googlebot-only doorway on the homepage and a 302 for visitors
    from Google on one article. Each is its own technique and its own incident."""
    footer = Attack("cloak_infected", rng.choice(payloads.HIDING[:8]), Label.GAMBLING,
                    T.HIDDEN_LINKS, tuple(p.path for p in pages), target=brand_of(seed).domain,
                    seed=seed)  # fmt: skip
    ua = Attack("cloak_ua", "replace", Label.GAMBLING, T.CLOAKING_UA, ("/",), ("googlebot",),
                brand_of(seed + 1).domain, seed + 1)  # fmt: skip
    post = _pick(rng, pages, ("article",)).path
    ref = Attack("cloak_referer", "http_302", Label.GAMBLING, T.CLOAKING_REFERER, (post,),
                 ("google-referer",), brand_of(seed + 2).domain, seed + 2)  # fmt: skip
    return footer, ua, ref


def _cdn(seed: int, variant: str) -> str:
    rng = random.Random(f"cdn:{seed}")
    if variant == "gambling_cdn":
        return "cdn." + brand_of(seed).domain.removeprefix("www.")
    if variant in ("writer", "mobile_redirect"):
        # A widget host named like a real service (visitor counters, weather, chat): its name
        # says nothing; only what its script does gives it away.
        return rng.choice(("widget", "counter", "static", "embed")) + "." + rng.choice(
            ("statpengunjung", "hitungkunjungan", "widgetkita", "infocuaca-widget", "chatdesa",
             "kalenderpintar")) + rng.choice((".net", ".com", ".web.id"))
    return rng.choice(("static", "cdn", "js", "assets", "api")) + "." + rng.choice(
        ("jqueryapi", "cloudstatic", "cdnjs-lib", "fontsync", "gstatics", "analytic-js")) + \
        rng.choice((".top", ".xyz", ".site", ".online", ".pro"))


def patch(a: Attack) -> Patch:
    """The HTML the attack adds to every page (and profile) it applies to."""
    rng = random.Random(f"patch:{a.seed}:{a.kind}")
    b = brand_of(a.seed)
    brands = [b] + [brand_of(a.seed, i) for i in range(1, rng.randint(1, 4))]
    if a.kind in ("hidden_links", "doorway_folder", "cloak_infected"):
        return _hidden_links(a)[0]
    if a.kind == "js_content":
        script = payloads.js_write(a.variant, payloads.link_farm(rng, brands, rng.randint(5, 20)),
                                   rng)
        return Patch(footer=(script,)) if rng.random() < 0.5 else Patch(body_end=(script,))
    if a.kind in ("external_script", "script_widget"):
        name = rng.choice(("js/jquery.min.js", "sc.js", "ga.js", "lib.js"))
        # Served by the world (plain http on loopback): its code is what the scan must read.
        scheme = "https" if a.variant == "gambling_cdn" else "http"
        if a.variant in ("writer", "mobile_redirect"):
            name = rng.choice(("counter/v2.js", "embed.js", "widget.min.js", "w.js?id=2231"))
        src = f"{scheme}://{a.target}/{name}"
        tag = f'<script src="{src}"{rng.choice(("", " async", " defer"))}></script>'
        return Patch(head=(tag,)) if rng.random() < 0.5 else Patch(body_end=(tag,))
    if a.kind == "meta_injection":
        return _meta_patch(a, rng, b)
    if a.kind == "meta_refresh" or (a.kind == "cloak_mobile" and a.variant == "meta_refresh"):
        delay = 0 if a.variant != "delayed" else rng.randint(2, 8)
        eq = rng.choice(("refresh", "Refresh", "REFRESH"))
        return Patch(head=(f'<meta http-equiv="{eq}" content="{delay}; url={b.url}">',))
    if a.kind == "hidden_iframe":
        src = f"https://{a.target}/" + rng.choice(("", "index.php", "ads/")) if \
            a.variant == "unknown_domain" else b.url
        attrs = {"one_pixel": 'width="1" height="1" frameborder="0"',
                 "display_none": 'style="display:none" width="300" height="250"',
                 "offscreen": 'style="position:absolute;left:-3000px" width="500"',
                 "unknown_domain": 'width="0" height="0" style="border:0"'}[a.variant]
        return Patch(body_end=(f'<iframe src="{src}" {attrs}></iframe>',))
    if a.kind == "spam_comments":
        n = rng.randint(2, 4) if a.variant == "few" else rng.randint(6, 14)
        return Patch(comments=tuple(gambling.spam_comment(rng, rng.choice(brands)) for _ in
                                    range(n)))
    if a.kind == "obfuscated_text":
        obf, _, vis = a.variant.rpartition("_")
        text = " ".join(gambling.obfuscate(obf, gambling.promo_sentence(rng, b), rng)
                        for _ in range(rng.randint(2, 5)))
        inner = f'{text} <a href="{b.url}">{gambling.obfuscate(obf, b.name, rng)}</a>'
        if vis == "hidden":
            block, _ = payloads.hidden_block(rng.choice(payloads.HIDING[:8]), inner, rng)
        else:
            block = f"<p>{inner}</p>"
        return Patch(content_end=(block,))
    if a.kind == "seo_article":
        head, paras = (gambling.win_story(rng) if a.variant == "win_story"
                       else gambling.seo_article(rng, b))  # fmt: skip
        return Patch(title=head, article=(head, tuple(paras)))
    if a.kind == "after_html":
        return Patch(after_html=(_after_html(a, rng, brands),))
    if a.kind == "cloak_ua":
        links = payloads.link_farm(rng, brands, rng.randint(8, 25))
        title = f"{b.name} - {rng.choice(gambling.PROMO).title()}"
        return Patch(title=title, body_start=(f"<div>{links}</div>",))
    if a.kind == "cloak_referer":
        return Patch(head=(f'<script>window.location.replace("{b.url}");</script>',))
    if a.kind in ("js_redirect", "mobile_redirect"):
        target = a.target if a.kind == "mobile_redirect" else ""
        return Patch(body_end=(_js_redirect(a.variant, b, rng, target),))
    if a.kind == "deface_overlay":
        return Patch(body_end=(defacement.overlay_script(rng),))
    return Patch()


_AFTER_ANCHORS = ("slot gacor", "slot pulsa", "slot 5000", "slot dana", "link slot gacor",
                  "situs slot gacor", "slot deposit pulsa", "slot thailand")


def _after_html(a: Attack, rng: random.Random, brands: list[Brand]) -> str:
    """A visible link list appended after ``</html>``: to doorways planted on other hijacked
    public hosts (``doorways``) or to the brands themselves (``brands``)."""
    out: list[str] = []
    for i in range(rng.randint(4, 12)):
        anchor = rng.choice(_AFTER_ANCHORS)
        if a.variant == "doorways":
            host = rng.choice(("bkpsdm", "dinsos", "lppm", "perpus", "dpmptsp")) + "." + \
                rng.choice(("kabcontoh", "kotabaru-contoh", "univ-contoh")) + \
                rng.choice((".go.id", ".ac.id"))
            url = f"https://{host}/wp-content/uploads/{anchor.replace(' ', '-')}/?p={i}"
        else:
            url = rng.choice(brands).url
        out.append(f'<a href="{url}">{anchor}</a>')
    return "\n<p>" + " | ".join(out) + "</p>\n"


def _hidden_links(a: Attack) -> tuple[Patch, str]:
    """The hidden link block of a hidden-links attack and the CSS rule its class needs."""
    rng = random.Random(f"hidden:{a.seed}:{a.kind}")
    b = brand_of(a.seed)
    if a.technique is not T.HIDDEN_LINKS:
        return Patch(), ""
    if a.kind == "doorway_folder":
        inner = f'<a href="{a.target}">{gambling.anchor_text(rng, b)}</a>'
    else:
        brands = [b] + [brand_of(a.seed, i) for i in range(1, rng.randint(1, 4))]
        inner = payloads.link_farm(rng, brands, rng.randint(4, 30))
    block, rule = payloads.hidden_block(a.variant, inner, rng)
    head = (f"<style>{rule}</style>",) if rule and a.variant == "style_class" else ()
    where = rng.random()
    if where < 0.5:
        return Patch(head=head, footer=(block,)), rule
    if where < 0.75:
        return Patch(head=head, body_end=(block,)), rule
    return Patch(head=head, body_start=(block,)), rule


def css_rules(a: Attack) -> tuple[str, ...]:
    """Rules the attack appends to the site's own stylesheet (class hidden by style.css)."""
    if a.kind == "hidden_links" and a.variant == "css_file_class":
        return (_hidden_links(a)[1],)
    return ()


def _meta_patch(a: Attack, rng: random.Random, b: Brand) -> Patch:
    promo = rng.sample(gambling.PROMO, 4)
    title = f"{b.name} {rng.choice(('|', '-', '»', '🎰'))} {promo[0].title()} {promo[1].title()}"
    desc = gambling.promo_sentence(rng, b)
    head: list[str] = []
    v = a.variant
    if v in ("description_keywords", "all"):
        head += [f'<meta name="description" content="{desc}">',
                 f'<meta name="keywords" content="{", ".join(gambling.keywords(rng, b))}">']
    if v in ("open_graph", "all"):
        head += [f'<meta property="og:title" content="{title}">',
                 f'<meta property="og:description" content="{desc}">',
                 f'<meta property="og:url" content="{b.url}">',
                 f'<meta name="twitter:title" content="{title}">']
    if v in ("json_ld", "all"):
        data = {"@context": "https://schema.org", "@type": rng.choice(("Product", "WebSite")),
                "name": title, "description": desc, "url": b.url,
                "aggregateRating": {"@type": "AggregateRating", "ratingValue": "4.9",
                                    "reviewCount": str(rng.randint(1000, 99999))}}
        head.append(f'<script type="application/ld+json">{json.dumps(data)}</script>')
    if T.SITE_VERIFICATION.value in a.extra:
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        token = "".join(rng.choice(alphabet) for _ in range(43))
        head.append(f'<meta name="google-site-verification" content="{token}">')
    return Patch(head=tuple(head), title=title if v in ("title", "all") else None)


def _throwaway(seed: int) -> str:
    rng = random.Random(f"throwaway:{seed}")
    return rng.choice(("go", "m", "to", "r")) + "." + "".join(
        rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(rng.randint(5, 8))
    ) + rng.choice((".site", ".online", ".xyz", ".click"))


def _js_redirect(variant: str, b: Brand, rng: random.Random, target: str = "") -> str:
    url = f"https://{target}/" + rng.choice(("", "m/", "?id=77")) if target else b.url
    if variant == "mobile_width":
        query = rng.choice(("only screen and (max-width: 760px)", "(max-width: 767px)",
                            "(pointer: coarse)"))
        return rng.choice((
            f'<script>if(window.matchMedia("{query}").matches){{window.location.replace("{url}")'
            "}</script>",
            "<script>(function(){var w=document.documentElement.clientWidth||window.innerWidth;"
            f"if(w<{rng.choice((600, 768, 800))}){{location.href='{url}';}}}})();</script>",
            f"<script>if(screen.availWidth<=820){{top.location.href='{url}'}}</script>",
        ))
    if variant == "mobile_touch":
        return (f"<script>var _m=['{url}'];if('ontouchstart' in window||navigator.maxTouchPoints"
                f">1){{setTimeout(function(){{window.location.assign(_m[0])}},"
                f"{rng.randint(300, 1500)})}}</script>")
    if variant == "mobile_ua":
        return (f"<script>if(/Android|iPhone|iPad|Mobile/i.test(navigator.userAgent))"
                f"{{window.location.href='{b.url}';}}</script>")
    if variant == "delayed":
        return (f"<script>setTimeout(function(){{if(document.referrer.indexOf('google')!==-1)"
                f"{{top.location='{b.url}'}}}},{rng.randint(500, 3000)});</script>")
    return (f'<script>var r=document.referrer;if(r.match(/google|bing|yahoo|duckduckgo/i))'
            f'{{document.location.href="{b.url}";}}</script>')


def redirect(a: Attack) -> str | None:
    """The Location this attack answers with (HTTP 302), or None."""
    if (a.kind in ("cloak_referer", "cloak_mobile", "mobile_inner") and a.variant == "http_302") \
            or a.kind == "redirect_all":
        return brand_of(a.seed).url + random.Random(a.seed).choice(("", "?ref=go", "daftar"))
    return None


def replaces(a: Attack) -> bool:
    """True when the attack answers with a whole document of its own instead of the page."""
    return (a.kind in ("deface_home", "deface_subpage")
            or (a.kind == "cloak_ua" and a.variant == "replace")
            or (a.kind in ("doorway_sitemap", "doorway_folder")
                and a.technique is T.DOORWAY_PAGE))


def replacement(a: Attack, canonical: str) -> str | None:
    """A whole document replacing the page (defacement, cloaked page, doorway), or None."""
    rng = random.Random(f"repl:{a.seed}:{canonical}")
    if a.kind in ("deface_home", "deface_subpage"):
        return defacement.page(rng, a.variant)
    if a.kind == "cloak_ua" and a.variant == "replace":
        return gambling.landing_page(rng, brand_of(a.seed), canonical)
    if a.kind in ("doorway_sitemap", "doorway_folder") and a.technique is T.DOORWAY_PAGE:
        if canonical.endswith("index.html") and a.kind == "doorway_folder":
            links = "".join(f'<li><a href="{p}">{p.rsplit("/", 2)[-1]}</a></li>'
                            for p in a.paths[1:])
            return (f"<html><head><title>{brand_of(a.seed).name}</title></head><body><ul>{links}"
                    "</ul></body></html>")
        return gambling.landing_page(rng, brand_of(a.seed), canonical)
    return None


def third_party_script(a: Attack) -> str | None:
    """The code a third-party host serves for an external-script attack (None: not served).

    ``writer`` and ``unknown_cdn`` write a hidden gambling link farm into the page (a counter
    widget's code around it); ``mobile_redirect`` sends phones to the brand."""
    if a.kind not in ("external_script", "script_widget") or a.variant == "gambling_cdn":
        return None
    rng = random.Random(f"3p:{a.seed}")
    b = brand_of(a.seed)
    head = (f"/*! {a.target} widget v{rng.randint(1, 4)}.{rng.randint(0, 9)} */\n"
            "(function(w,d){var n=d.getElementById('widget-counter');if(n){n.textContent="
            "'Pengunjung: '+(w.__hits||0);}")
    if a.variant == "mobile_redirect":
        query = rng.choice(("only screen and (max-width: 760px)", "(max-width: 767px)"))
        return (head + f'if(/Android|iPhone|iPad|Mobi/i.test(navigator.userAgent)||w.matchMedia('
                f'"{query}").matches){{w.location.replace("{b.url}");}}}})(window,document);\n')
    brands = [b] + [brand_of(a.seed, i) for i in range(1, rng.randint(2, 4))]
    block, _ = payloads.hidden_block(rng.choice(payloads.HIDING[:4]),
                                     payloads.link_farm(rng, brands, rng.randint(6, 15)), rng)
    encoded = base64.b64encode(block.encode()).decode()
    sink = rng.choice((f"d.write(atob('{encoded}'));",
                       f"var e=d.createElement('div');e.innerHTML=atob('{encoded}');"
                       "(d.body||d.documentElement).appendChild(e);"))
    return head + sink + "})(window,document);\n"


def asset_append(a: Attack) -> str:
    """Code appended to the site's jquery.min.js by a modified-asset attack."""
    url = brand_of(a.seed).url
    if a.variant == "encoded_redirect":
        codes = ",".join(str(ord(c)) for c in url)
        return (f"\n;(function(){{var u=String.fromCharCode({codes});if(document.referrer.search"
                f"(/google\\.|bing\\./)>-1&&!document.cookie.match(/_vx=1/)){{document.cookie="
                f"'_vx=1;path=/';window.location=u}}}})();\n")
    return (f'\n;if(document.referrer.indexOf("google")>-1){{window.location.href="{url}";}}\n')
