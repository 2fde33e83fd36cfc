"""Shared building blocks of the page chrome: menus, sidebar widgets, footer, banners.

Every block takes the render ``Kit`` so that class names carry the site's own prefix and the
order of widgets follows the site's look: two sites of the same CMS never share markup exactly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from scanner.demo.world import pages, thirdparty, vocab
from scanner.demo.world.pages import esc
from scanner.demo.world.records import PageSpec, Patch, SiteSpec
from scanner.demo.world.vocab import Region

TOKEN = "__WORLD_TOKEN__"
"""Placeholder replaced per request by a fresh CSRF-like token (dynamic content, legitimately)."""
VISITS = "__WORLD_VISITS__"
"""Placeholder replaced per request by a growing visitor count."""


@dataclass(frozen=True, slots=True)
class Kit:
    """Everything a theme needs to render one page variant."""

    site: SiteSpec
    page: PageSpec
    region: Region
    titles: dict[str, str]
    """path -> title of every linked page of the site (menus, lists, sidebars)."""
    articles: tuple[str, ...]
    statics: tuple[str, ...]
    lists: tuple[str, ...]
    paragraphs: tuple[str, ...]
    """Article body paragraphs (plain text, escaped on output)."""
    neighbours: tuple[Region, ...]
    patch: Patch
    mobile: bool
    cookie: bool
    rng: random.Random

    def c(self, name: str) -> str:
        """A theme class name with the site's prefix."""
        return self.site.look.prefix + name

    def a(self, path: str, text: str | None = None, cls: str = "") -> str:
        """An ``<a>`` to a same-site path (titles looked up when ``text`` is None)."""
        label = text if text is not None else self.titles.get(path, path)
        klass = f' class="{cls}"' if cls else ""
        return f'<a href="{esc(path)}"{klass}>{esc(label)}</a>'

    def join(self, parts: list[str]) -> str:
        """Join blocks the site's way: indented lines or one dense run."""
        return "\n".join(parts) if self.site.look.pretty else "".join(parts)


def image_path(k: Kit, name: str) -> str:
    """A same-site image path in the CMS's usual upload folder."""
    folder = {"wordpress": "/wp-content/uploads/2024/0{}/", "joomla": "/images/berita/{}/",
              "bootstrap": "/assets/img/berita/{}/", "laravel": "/storage/uploads/{}/",
              "table": "/images/{}_", "jdih": "/static/img/{}/"}[k.site.style]
    return folder.format(k.rng.randint(1, 9)) + name + k.rng.choice((".jpg", ".jpeg", ".png"))


def menu_items(k: Kit) -> list[str]:
    """Main menu links: home, static pages, news."""
    items = [k.a("/", "Beranda")]
    items += [k.a(p) for p in k.statics[:6]]
    if k.lists:
        items.append(k.a(k.lists[0], "Berita"))
    return items


def recent_posts(k: Kit, n: int = 5) -> str:
    """Sidebar widget: latest articles."""
    picks = k.articles[:n]
    lis = "".join(f"<li>{k.a(p)}</li>" for p in picks)
    return (f'<section class="widget {k.c("recent")}"><h3 class="widget-title">Berita Terbaru'
            f"</h3><ul>{lis}</ul></section>")


def search_form(k: Kit) -> str:
    """Sidebar widget: site search."""
    return (f'<form role="search" method="get" class="{k.c("search")}" action="/">'
            f'<label class="{"screen-reader-text" if k.site.style == "wordpress" else "sr-only"}"'
            f' for="s">Cari:</label><input type="search" id="s" name="s" placeholder="Cari...">'
            f'<button type="submit">Cari</button></form>')


def counter(k: Kit) -> str:
    """Visitor statistics widget; the numbers change on every request."""
    return (f'<div class="{k.c("statistik")} widget"><h3>Statistik Pengunjung</h3><table>'
            f"<tr><td>Hari ini</td><td>{k.rng.randint(40, 900)}</td></tr>"
            f"<tr><td>Bulan ini</td><td>{k.rng.randint(2000, 30000)}</td></tr>"
            f"<tr><td>Total</td><td>{VISITS}</td></tr></table></div>")


def banners(k: Kit) -> str:
    """Sidebar banners linking national services."""
    links = pages.link_directory(k.rng, list(k.neighbours[:2]))[:4]
    return (f'<div class="widget {k.c("banner")}">' + "".join(
        f'<a href="{u}" target="_blank" rel="noopener"><img src="/images/banner-'
        f'{vocab.slugify(t)[:20]}.png" alt="{esc(t)}"></a>' for u, t in links) + "</div>")


def pengumuman_widget(k: Kit) -> str:
    """Sidebar widget: announcements (plain text with dates)."""
    rows = "".join(f"<li><span>{vocab.date_id(k.rng)[3]}</span> Pengumuman "
                   f"{esc(k.rng.choice(ANNOUNCEMENTS))}</li>" for _ in range(4))
    return (f'<section class="widget {k.c("pengumuman")}"><h3>Pengumuman</h3><ul>{rows}'
            "</ul></section>")


ANNOUNCEMENTS = (
    "Hasil Seleksi Administrasi PPPK", "Jadwal Pelayanan Selama Libur Nasional",
    "Perubahan Jam Layanan Loket", "Lelang Barang Milik Daerah",
    "Pembukaan Slot Pendaftaran Magang",
    "Pemeliharaan Jaringan Internet Kantor", "Rekrutmen Tenaga Pendamping Desa",
)


def sidebar(k: Kit) -> str:
    """The sidebar, widgets in the site's order."""
    blocks = {"search": search_form(k), "recent": recent_posts(k), "counter": counter(k),
              "banner": banners(k), "pengumuman": pengumuman_widget(k)}
    order = [w for w in k.site.look.widget_order if w in blocks]
    if not k.site.look.counter and "counter" in order:
        order.remove("counter")
    return k.join([blocks[w] for w in order])


def social(k: Kit) -> str:
    """Social-media icon links."""
    handle = k.site.bare_host.split(".")[0] + k.region.slug
    return "".join(f'<a href="{u}" class="{k.c("soc")} {k.c("soc-" + n)}" target="_blank" '
                   f'rel="noopener" aria-label="{n}"><i class="fa fa-{n}"></i></a>'
                   for n, u in pages.social_links(k.rng, handle))


def address(k: Kit) -> str:
    """The agency's address block."""
    street = k.rng.choice(("Jl. Jenderal Sudirman", "Jl. Pahlawan", "Jl. Merdeka", "Jl. Diponegoro",
                           "Jl. Ahmad Yani", "Jl. Veteran"))
    return (f"<address><strong>{esc(k.site.owner)}</strong><br>{street} No. "
            f"{k.rng.randint(1, 150)}, {esc(k.region.title)} {k.rng.randint(20000, 99999)}<br>"
            f"Telp. (0{k.rng.randint(21, 999)}) {k.rng.randint(100000, 999999)}<br>"
            f'Email: <a href="mailto:{k.site.contact}">{k.site.contact}</a></address>')


def footer_inner(k: Kit) -> str:
    """Footer content: address, social, a few link-directory links, copyright; patch last."""
    links = pages.link_directory(k.rng, list(k.neighbours[:3]))
    k.rng.shuffle(links)
    lis = "".join(f'<li><a href="{u}">{esc(t)}</a></li>' for u, t in links[:4])
    return k.join([
        address(k), f'<div class="{k.c("social")}">{social(k)}</div>',
        f'<ul class="{k.c("links")}">{lis}</ul>',
        f"<p>&copy; {k.rng.choice((2023, 2024, 2025))} {esc(k.site.owner)}. Hak cipta "
        "dilindungi.</p>",
        footer_search(k),
        third_party_widget(k),
        *k.patch.footer,
    ])


def third_party_widget(k: Kit) -> str:
    """A legitimate widget from another host (prayer times, weather), on some sites."""
    src = thirdparty.widget_of(k.site)
    return f'<div id="widget-3p"></div><script src="{esc(src)}" async></script>' if src else ""


def footer_search(k: Kit) -> str:
    """The footer's search box (GET, to the site's search page; '' when it has none)."""
    if not k.site.search:
        return ""
    return (f'<form method="get" action="{esc(k.site.search)}" class="{k.c("search")}">'
            '<input type="text" name="q" placeholder="Cari informasi..."><button type="submit">'
            "Cari</button></form>")


def cookie_banner(k: Kit) -> str:
    """Cookie consent banner (served to browsers, not to Googlebot)."""
    if not (k.cookie and k.site.look.cookie_banner):
        return ""
    return (f'<div id="cookie-consent" class="{k.c("cookie")}" role="dialog" aria-live="polite">'
            "Situs ini menggunakan cookie untuk meningkatkan pengalaman Anda. "
            '<a href="/kebijakan-privasi">Kebijakan Privasi</a> '
            '<button type="button" onclick="this.parentNode.style.display=\'none\'">Setuju'
            "</button></div>")


def head_common(k: Kit, title: str) -> str:
    """The usual <head> tags; the stylesheet and jquery are the site's own files."""
    css, js = k.site.assets[0], k.site.assets[1]
    desc = f"Website resmi {k.site.owner}: berita, pengumuman, dan layanan publik."
    parts = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(k.patch.title or title)}</title>",
        f'<meta name="description" content="{esc(desc)}">',
        f'<meta property="og:title" content="{esc(title)}">',
        f'<meta property="og:site_name" content="{esc(k.site.name)}">',
        f'<link rel="stylesheet" href="{css}?ver={k.site.seed % 9}.{k.site.seed % 7}">',
        f'<script src="{js}"></script>',
        '<link rel="icon" href="/favicon.ico">',
    ]
    # An injected description / og:title replaces the site's own (as a hacked SEO plugin does).
    injected = "".join(k.patch.head)
    parts = [p for p in parts if not (
        ('name="description"' in p and 'name="description"' in injected)
        or ('property="og:title"' in p and 'property="og:title"' in injected))]
    if k.site.style in ("laravel", "jdih"):
        parts.insert(2, f'<meta name="csrf-token" content="{TOKEN}">')
    if k.rng.random() < 0.5:
        parts.append('<script async src="https://www.googletagmanager.com/gtag/js?id=G-'
                     f'{k.site.seed % 10**8:08d}"></script>')
    return k.join(parts + list(k.patch.head))


def comments_section(k: Kit) -> str:
    """WordPress comments: a few genuine residents' comments, then any spam ones."""
    genuine = [
        (vocab.person(k.rng).split(",")[0], "Terima kasih informasinya, sangat bermanfaat."),
        ("Warga " + k.region.name, "Mohon info jadwal pelayanan di kecamatan kami, min."),
        (vocab.person(k.rng).split(",")[0], "Semoga programnya berjalan lancar dan tepat sasaran."),
    ][: k.rng.randint(1, 3)]
    entries = genuine + list(k.patch.comments)
    lis = []
    for i, (author, text) in enumerate(entries):
        lis.append(
            f'<li class="comment even thread-{"odd" if i % 2 else "even"} depth-1" id="comment-'
            f'{k.rng.randint(100, 9999)}"><article class="comment-body"><footer class="comment-'
            f'meta"><div class="comment-author vcard"><b class="fn">{esc(author)}</b> '
            f'<span class="says">berkata:</span></div><div class="comment-metadata">'
            f"{vocab.date_id(k.rng)[3]}</div></footer><div class=\"comment-content\"><p>{text}"
            f"</p></div></article></li>")
    return (f'<div id="comments" class="comments-area"><h2 class="comments-title">{len(entries)} '
            f'tanggapan</h2><ol class="commentlist">{"".join(lis)}</ol>'
            '<div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-'
            'reply-title">Tinggalkan Balasan <small><a rel="nofollow" id="cancel-comment-reply-'
            f'link" href="{esc(k.page.path)}#respond" style="display:none;">Batalkan balasan</a>'
            '</small></h3><form action="/wp-comments-post.php" '
            'method="post" id="commentform"><textarea name="comment"></textarea>'
            f'<input type="hidden" name="_wpnonce" value="{TOKEN}"><input type="submit" '
            'value="Kirim Komentar"></form></div></div>')
