"""Which pages a site has (paths per CMS style) and their style-agnostic main content.

``plan_pages`` decides the page list at build time; ``main_content`` writes the HTML of a
page's main region on demand. The CMS chrome around it (header, menus, sidebars, footers) is
``themes.py``'s job.
"""

from __future__ import annotations

import html
import math
import random

from scanner.demo.world import vocab
from scanner.demo.world.records import PageSpec
from scanner.demo.world.vocab import Region

STYLES = ("wordpress", "joomla", "bootstrap", "laravel", "table", "jdih")

_STATICS = (
    ("profil", "Profil", "static"), ("visi-misi", "Visi dan Misi", "static"),
    ("layanan", "Layanan Publik", "static"), ("faq", "Tanya Jawab (FAQ)", "faq"),
    ("tautan", "Tautan Instansi", "links"), ("kontak", "Kontak Kami", "contact"),
    ("struktur-organisasi", "Struktur Organisasi", "static"), ("ppid", "PPID", "static"),
    ("standar-pelayanan", "Standar Pelayanan", "static"),
    ("maklumat", "Maklumat Pelayanan", "static"),
)
STYLE_TRAPS = {
    "bootstrap": ("hidden_mobile_menu", "sr_only", "modal", "carousel"),
    "laravel": ("hidden_mobile_menu", "dropdown_menu", "csrf_token"),
    "wordpress": ("screen_reader_text",),
    "joomla": ("hidden_mobile_menu",),
    "table": ("hidden_popup",),
    "jdih": ("sr_only", "csrf_token"),
}
TRAP_KINDS = ("slot_time", "bandar", "bonus_demografi", "deposito", "menang", "toto_name")


def _static_path(style: str, slug: str) -> str:
    return {
        "wordpress": f"/{slug}/", "joomla": f"/index.php/{slug}", "bootstrap": f"/{slug}.html",
        "laravel": f"/halaman/{slug}", "table": f"/{slug}.htm", "jdih": f"/informasi/{slug}",
    }[style]


def _article_path(style: str, idx: int, slug: str, date: tuple[int, int, int]) -> str:
    y, m, d = date
    if style == "wordpress":
        return f"/{y}/{m:02d}/{d:02d}/{slug}/"
    if style == "joomla":
        if idx % 3 == 0:
            return (f"/index.php?option=com_content&view=article&id={100 + idx}:{slug[:40]}"
                    f"&catid={8 + idx % 4}&Itemid={101 + idx % 7}")
        return f"/index.php/berita/{100 + idx}-{slug[:50]}"
    if style == "bootstrap":
        return f"/berita/{slug}.html"
    if style == "laravel":
        return f"/berita/{1000 + idx}/{slug}"
    if style == "table":
        return f"/berita/berita{idx + 1:03d}.htm"
    return f"/produk-hukum/{rng_doc(idx)}/{idx + 1}" if idx % 2 else f"/berita/{slug}"


def rng_doc(idx: int) -> str:
    """The legal-document type of a JDIH document page."""
    return ("perda", "perbup", "sk-bupati", "perwal")[idx % 4]


def _list_path(style: str, page_no: int) -> str:
    first = {"wordpress": "/category/berita/", "joomla": "/index.php/berita",
             "bootstrap": "/berita/", "laravel": "/berita", "table": "/berita.htm",
             "jdih": "/dokumen"}[style]
    if page_no == 1:
        return first
    return {"wordpress": f"/category/berita/page/{page_no}/",
            "joomla": f"/index.php/berita?start={(page_no - 1) * 10}",
            "bootstrap": f"/berita/?page={page_no}", "laravel": f"/berita?page={page_no}",
            "table": f"/berita{page_no}.htm", "jdih": f"/dokumen?page={page_no}"}[style]


def plan_pages(rng: random.Random, style: str, region: Region, agency: str, n: int,
               size: tuple[int, int]) -> tuple[PageSpec, ...]:
    """The ``n`` HTML pages of a site: home, some static pages, news lists and articles."""
    n = max(n, 3)
    base_traps = STYLE_TRAPS[style]
    statics = list(_STATICS)
    rng.shuffle(statics)
    statics.sort(key=lambda s: s[0] not in ("profil", "kontak", "faq", "tautan"))
    n_static = min(len(statics), max(1, n // 5))
    rest = n - 1 - n_static
    n_lists = max(1, math.ceil(rest / 11))
    n_articles = max(1, rest - n_lists)

    def size_of() -> int:
        return rng.randint(size[0], size[1])

    articles: list[PageSpec] = []
    for i in range(n_articles):
        y, m, d, date = vocab.date_id(rng)
        roll = rng.random()
        traps: tuple[str, ...] = ()
        category = "berita"
        if roll < 0.08 or (i == 1 and rng.random() < 0.5):
            title = vocab.fill(rng.choice(vocab.JUDOL_NEWS), rng, region, agency)
            traps = ("judol_news",)
        elif roll < 0.11:
            title = vocab.fill(rng.choice(vocab.DEFACE_NEWS), rng, region, agency)
            traps = ("deface_news",)
        elif roll < 0.14:
            title = vocab.fill(rng.choice(vocab.THESIS_TITLES), rng, region, agency)
            traps = ("thesis",)
        else:
            title, category = vocab.news_title(rng, region, agency)
            if roll < 0.35:
                traps = (rng.choice(TRAP_KINDS),)
        if style == "jdih" and i % 2:
            kind, category = "document", vocab.MONTHS[m - 1]
            title = (f"Peraturan Daerah {region.title} Nomor {rng.randint(1, 20)} Tahun {y} "
                     f"tentang {rng.choice(vocab.PROGRAMS)}")
            traps = ()
        else:
            kind = "article"
        path = _article_path(style, i, vocab.slugify(title), (y, m, d))
        articles.append(PageSpec(path, kind, title, category, date, traps + base_traps,
                                 target_bytes=size_of()))
    per = math.ceil(len(articles) / n_lists)
    lists = [
        PageSpec(_list_path(style, p + 1), "list", f"Berita - Halaman {p + 1}" if p else "Berita",
                 items=tuple(a.path for a in articles[p * per:(p + 1) * per]),
                 traps=base_traps, target_bytes=size_of())
        for p in range(n_lists)
    ]
    static_pages = []
    for slug, title, kind in statics[:n_static]:
        traps = base_traps + {"faq": ("accordion",), "links": ("link_directory",),
                              "contact": ("map_iframe",)}.get(kind, ())
        static_pages.append(PageSpec(_static_path(style, slug), kind, title, traps=traps,
                                     target_bytes=size_of()))
    home = PageSpec("/", "home", f"Beranda - {agency} {region.title}", traps=base_traps,
                    target_bytes=size_of())
    return (home, *static_pages, *lists, *articles)


# --------------------------------------------------------------------------- content


def esc(text: str) -> str:
    """HTML-escape text and attribute values."""
    return html.escape(text, quote=True)


def article_paragraphs(rng: random.Random, page: PageSpec, region: Region, agency: str,
                       pool: list[str], count: int) -> list[str]:
    """Paragraph texts of an article: its trap sentences first, then site boilerplate."""
    extra: tuple[str, ...] = ()
    if "judol_news" in page.traps:
        extra = tuple(rng.sample(vocab.JUDOL_SENTENCES, 5))
    elif "deface_news" in page.traps:
        extra = vocab.DEFACE_SENTENCES
    elif "thesis" in page.traps:
        extra = vocab.THESIS_SENTENCES
    for trap in page.traps:
        if trap in vocab.TRAP_SENTENCES:
            extra += tuple(rng.sample(vocab.TRAP_SENTENCES[trap], 2))
    head = vocab.paragraphs(rng, region, agency, 2, extra)
    tail = [pool[rng.randrange(len(pool))] for _ in range(max(0, count - len(head)))]
    return head + tail


def faq_items(rng: random.Random) -> list[tuple[str, str]]:
    """Questions and answers of a FAQ page (answers hidden in a collapsed accordion)."""
    qa = [
        ("Bagaimana cara mengurus KTP elektronik?",
         "Datang ke kantor Disdukcapil dengan membawa KK. Pilih slot antrean melalui aplikasi."),
        ("Apakah layanan ini dipungut biaya?", "Tidak. Seluruh layanan administrasi gratis."),
        ("Kapan jam pelayanan kantor?", "Senin-Kamis 08.00-15.30 WIB, Jumat 08.00-11.00 WIB."),
        ("Bagaimana cara menyampaikan pengaduan?",
         "Melalui SP4N-LAPOR!, surel resmi, atau datang langsung ke loket pengaduan."),
        ("Di mana melaporkan situs judi online?",
         "Laporkan melalui aduankonten.id; tim akan meneruskan untuk pemblokiran."),
        ("Apakah tersedia slot konsultasi daring?",
         "Ya, slot konsultasi tersedia setiap Selasa dan Kamis pukul 09.00-12.00 WIB."),
    ]
    rng.shuffle(qa)
    return qa[: rng.randint(4, 6)]


def link_directory(rng: random.Random, regions: list[Region]) -> list[tuple[str, str]]:
    """Links to other government sites (ordinary outbound links, all .go.id)."""
    fixed = [("https://www.indonesia.go.id/", "Portal Informasi Indonesia"),
             ("https://www.komdigi.go.id/", "Kementerian Komunikasi dan Digital"),
             ("https://www.lapor.go.id/", "SP4N-LAPOR!"),
             ("https://jdihn.go.id/", "JDIH Nasional"), ("https://www.bps.go.id/", "BPS")]
    local = [(f"https://{rng.choice(('diskominfo', 'dinkes', 'bappeda', 'www'))}."
              f"{r.kind}{r.slug}.go.id/", f"Website {r.title}") for r in regions]
    return fixed + local


def social_links(rng: random.Random, handle: str) -> list[tuple[str, str]]:
    """The agency's social-media accounts."""
    nets = [("facebook", f"https://www.facebook.com/{handle}"),
            ("instagram", f"https://www.instagram.com/{handle}/"),
            ("youtube", f"https://www.youtube.com/@{handle}"),
            ("x", f"https://x.com/{handle}"), ("tiktok", f"https://www.tiktok.com/@{handle}")]
    return nets[: rng.randint(3, 5)]
