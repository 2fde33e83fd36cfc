"""The six CMS styles: WordPress, Joomla, Bootstrap portal, Laravel portal, table-layout, JDIH.

``render(kit)`` writes one complete HTML document. The main region is built from the page kind
(home, list, article, static, faq, links, contact, document) with the style's own markup
(``.entry-content`` and ``ol.commentlist`` in WordPress, ``itemprop=articleBody`` in Joomla, a
Bootstrap accordion and carousel...). A mobile layout with the same content exists for sites
whose look says so.
"""

from __future__ import annotations

from scanner.demo.world import pages, widgets
from scanner.demo.world.pages import esc
from scanner.demo.world.widgets import Kit


def _paras(k: Kit) -> str:
    return k.join([f"<p>{esc(p)}</p>" for p in k.paragraphs])


def _article_text(k: Kit) -> tuple[str, str]:
    """(headline, body HTML) of an article page, an SEO-article patch taking precedence."""
    if k.patch.article:
        head, paras = k.patch.article
        return head, k.join([f"<p>{p}</p>" for p in paras])
    return k.page.title, _paras(k)


def _figure(k: Kit) -> str:
    src = widgets.image_path(k, pages.esc(k.page.path.strip("/").split("/")[-1][:30] or "foto"))
    return (f'<figure class="{k.c("figure")}"><img src="{src}" alt="Dokumentasi kegiatan" '
            f'loading="lazy" width="800" height="450"><figcaption>Dokumentasi: Tim Humas '
            f"{esc(k.site.owner)}</figcaption></figure>")


def _faq(k: Kit) -> str:
    qa = pages.faq_items(k.rng)
    if k.site.style in ("bootstrap", "laravel"):
        items = []
        for i, (q, a) in enumerate(qa):
            items.append(
                f'<div class="accordion-item"><h2 class="accordion-header" id="h{i}"><button '
                f'class="accordion-button{" collapsed" if i else ""}" type="button" data-bs-'
                f'toggle="collapse" data-bs-target="#c{i}">{esc(q)}</button></h2><div id="c{i}" '
                f'class="accordion-collapse collapse{" show" if i == 0 else ""}"><div class='
                f'"accordion-body">{esc(a)}</div></div></div>')
        return f'<div class="accordion" id="faq">{"".join(items)}</div>'
    if k.site.style == "joomla":
        return "".join(f'<h3 class="toggler">{esc(q)}</h3><div class="element" style="display:'
                       f'none">{esc(a)}</div>' for q, a in qa)
    return "".join(f"<details><summary>{esc(q)}</summary><p>{esc(a)}</p></details>" for q, a in qa)


def _main(k: Kit) -> str:
    """The main region of the page, by kind."""
    page, kind = k.page, k.page.kind
    if kind == "home":
        cards = []
        for p in k.articles[:8]:
            cards.append(f'<div class="{k.c("card")}"><img src="{widgets.image_path(k, "thumb")}"'
                         f' alt=""><h3>{k.a(p)}</h3><p>{esc(k.paragraphs[0][:160])}...</p></div>')
        parts = [f'<section class="{k.c("sambutan")}"><h2>Sambutan Kepala</h2>{_paras(k)}'
                 f"</section>", f'<section class="{k.c("berita")}"><h2>Berita Terkini</h2>'
                 f'{"".join(cards)}</section>', widgets.pengumuman_widget(k)]
        if k.site.style == "bootstrap":
            slides = "".join(
                f'<div class="carousel-item{" active" if i == 0 else ""}"><img src="/assets/img/'
                f'slide{i}.jpg" class="d-block w-100" alt="Slide {i}"><div '
                'class="carousel-caption">'
                f"<h5>{esc(k.titles.get(p, ''))}</h5></div></div>"
                for i, p in enumerate(k.articles[:3]))
            parts.insert(0, f'<div id="hero" class="carousel slide" data-bs-ride="carousel">'
                            f'<div class="carousel-inner">{slides}</div></div>')
            parts.append('<div class="modal fade" id="popupInfo" tabindex="-1" aria-hidden="true">'
                         '<div class="modal-dialog"><div class="modal-content"><div class="modal-'
                         'body">Layanan perekaman KTP-el tetap buka pada hari Sabtu. Ambil slot '
                         "antrean melalui aplikasi.</div></div></div></div>")
        return k.join(parts)
    if kind == "list":
        rows = []
        for p in page.items:
            # WordPress themes repeat the title for screen readers in "continue reading".
            more = (f'<a href="{esc(p)}" class="more-link">Baca selengkapnya<span class="screen-'
                    f'reader-text"> &#8220;{esc(k.titles.get(p, ""))}&#8221;</span></a>'
                    if k.site.style == "wordpress" else "")  # fmt: skip
            rows.append(f'<article class="{k.c("item")}"><h2>{k.a(p)}</h2><p class="'
                        f'{k.c("excerpt")}">{esc(k.rng.choice(k.paragraphs)[:220])}...</p>'
                        f"{more}</article>")
        nav = " ".join(k.a(p, str(i + 1), "page-numbers" + (" current" if p == page.path else ""))
                       for i, p in enumerate(k.lists))
        return k.join([f"<h1>{esc(page.title)}</h1>", *rows,
                       f'<nav class="pagination {k.c("pager")}">{nav}</nav>', _paras(k)])
    if kind == "faq":
        return k.join([f"<h1>{esc(page.title)}</h1>", _faq(k), _paras(k)])
    if kind == "links":
        lis = "".join(f'<li><a href="{u}" target="_blank">{esc(t)}</a></li>'
                      for u, t in pages.link_directory(k.rng, list(k.neighbours)))
        return k.join([f"<h1>{esc(page.title)}</h1>", f'<ul class="{k.c("tautan")}">{lis}</ul>',
                       _paras(k)])
    if kind == "contact":
        return k.join([
            f"<h1>{esc(page.title)}</h1>", widgets.address(k),
            '<iframe src="https://www.google.com/maps/embed?pb=!1m18!1m12" width="600" '
            'height="300" style="border:0" loading="lazy"></iframe>',
            f'<form method="post" action="{esc(page.path)}"><input type="hidden" name="_token" '
            f'value="{widgets.TOKEN}"><input name="nama" placeholder="Nama"><textarea name="pesan">'
            "</textarea><button>Kirim</button></form>", _paras(k)])
    if kind == "document":
        num = k.rng.randint(1, 20)
        return k.join([
            f"<h1>{esc(page.title)}</h1>",
            f'<table class="{k.c("meta")}"><tr><th>Jenis</th><td>Peraturan Daerah</td></tr><tr><th>'
            f"Nomor</th><td>{num}</td></tr><tr><th>Tanggal Penetapan</th><td>{page.date}</td></tr>"
            "<tr><th>Status</th><td>Berlaku</td></tr></table>",
            f'<a class="btn" href="/uploads/dokumen/perda-{num}.pdf">Unduh PDF</a>',
            "<h2>Abstrak</h2>", _paras(k)])
    return k.join([f"<h1>{esc(page.title)}</h1>", _paras(k)])


def _article(k: Kit) -> str:
    """An article in the style's own markup, injected content-end blocks after its text."""
    head, body = _article_text(k)
    end = k.join(list(k.patch.content_end))
    date, style = k.page.date, k.site.style
    if style == "wordpress":
        return (f'<article id="post-{len(k.page.path) * 37}" class="post type-post status-publish '
                f'format-standard hentry category-{k.page.category.replace(" ", "-")}"><header '
                f'class="entry-header"><h1 class="entry-title">{esc(head)}</h1><div class="entry-'
                f'meta"><span class="posted-on"><time class="entry-date published">{date}</time>'
                f'</span> <span class="byline">oleh admin</span></div></header>{_figure(k)}'
                f'<div class="entry-content">{body}{end}</div><footer class="entry-footer">'
                f'<span class="cat-links">{esc(k.page.category)}</span></footer></article>'
                + widgets.comments_section(k))
    if style == "joomla":
        return (f'<div class="item-page" itemscope itemtype="https://schema.org/Article"><div '
                f'class="page-header"><h2 itemprop="headline">{esc(head)}</h2></div><dl class='
                f'"article-info muted"><dd class="published"><time itemprop="datePublished">{date}'
                f'</time></dd><dd class="hits">Dilihat: {k.rng.randint(10, 5000)}</dd></dl>'
                f'<div itemprop="articleBody">{_figure(k)}{body}{end}</div></div>')
    if style in ("bootstrap", "laravel"):
        return (f'<article class="{k.c("post")} card"><div class="card-body"><h1 class="card-'
                f'title">'
                f'{esc(head)}</h1><p class="text-muted small"><i class="bi bi-calendar"></i> {date}'
                f' <span class="sr-only visually-hidden">Tanggal terbit</span></p>{_figure(k)}'
                f'<div class="{k.c("content")} post-content">{body}{end}</div></div></article>')
    if style == "table":
        return (f'<table width="100%" cellpadding="4"><tr><td class="judul"><font size="4"><b>'
                f'{esc(head)}</b></font><br><font size="1" color="#666">{date}</font></td></tr><tr>'
                f'<td class="isi">{body}{end}</td></tr></table>')
    return (f'<div class="{k.c("berita-detail")}"><h1>{esc(head)}</h1><div class="tanggal">{date}'
            f'</div><div class="isi-berita">{body}{end}</div></div>')


def _region(k: Kit) -> str:
    if k.page.kind == "article":
        return _article(k)
    end = k.join(list(k.patch.content_end))
    return _main(k) + end


def _doc(k: Kit, body_attrs: str, body: str) -> str:
    title = k.page.title if k.page.kind == "home" else f"{k.page.title} - {k.site.name}"
    lang = ' lang="id"' if k.site.style != "table" else ""
    doctype = ("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">"
               if k.site.style == "table" else "<!DOCTYPE html>")
    return (f"{doctype}\n<html{lang}>\n<head>\n{widgets.head_common(k, title)}\n</head>\n"
            f"<body{body_attrs}>\n{k.join(list(k.patch.body_start))}{body}\n"
            f"{widgets.cookie_banner(k)}{k.join(list(k.patch.body_end))}\n</body>\n</html>\n"
            + "".join(k.patch.after_html))


def _wordpress(k: Kit) -> str:
    nav = "".join(f'<li class="menu-item">{m}</li>' for m in widgets.menu_items(k))
    side = (f'<aside id="secondary" class="widget-area">{widgets.sidebar(k)}</aside>'
            if k.site.look.sidebar != "none" else "")
    main = f'<main id="main" class="site-main">{_region(k)}</main>'
    body_class = {"home": "home blog", "article": "post-template-default single single-post",
                  "list": "archive category"}.get(k.page.kind, "page-template-default page")
    return _doc(k, f' class="{body_class} wp-theme-{k.site.look.theme}"', k.join([
        '<a class="skip-link screen-reader-text" href="#content">Langsung ke konten</a>',
        f'<div id="page" class="site"><header id="masthead" class="site-header"><div class='
        f'"site-branding"><img src="/wp-content/uploads/logo.png" alt="logo"><p class="site-title">'
        f'<a href="/">{esc(k.site.name)}</a></p></div><nav id="site-navigation" class="main-'
        f'navigation"><button class="menu-toggle" aria-expanded="false">Menu</button><ul id="'
        f'primary-menu" class="menu">{nav}</ul></nav></header>',
        '<div id="content" class="site-content">'
        f'{side + main if k.site.look.sidebar == "left" else main + side}</div>',
        f'<footer id="colophon" class="site-footer">{widgets.footer_inner(k)}</footer></div>',
    ]))


def _joomla(k: Kit) -> str:
    nav = "".join(f'<li class="item-{101 + i}">{m}</li>'
                  for i, m in enumerate(widgets.menu_items(k)))
    return _doc(k, f' class="site com_content view-article itemid-{101 + len(k.page.path) % 9}"',
                k.join([
                    '<div class="body"><div class="container"><header class="header" '
                    'role="banner">'
                    '<a class="brand pull-left" href="/"><span class="site-title">'
                    f'{esc(k.site.name)}'
                    '</span></a></header><nav class="navigation" role="navigation"><div '
                    'class="navbar'
                    f' pull-left"><a class="btn btn-navbar collapsed" data-toggle="collapse" data-'
                    'target=".nav-collapse"><span class="element-invisible">Toggle '
                    'Navigation</span>'
                    f'</a></div><div class="nav-collapse"><ul class="nav menu nav-pills">{nav}</ul>'
                    f"</div></nav>",
                    f'<div class="row-fluid"><main id="content" role="main" class="span9">'
                    f'<div id="system-message-container"></div>{_region(k)}</main><div id="aside" '
                    f'class="span3">{widgets.sidebar(k)}</div></div></div></div>',
                    f'<footer class="footer" role="contentinfo"><div class="container">'
                    f"{widgets.footer_inner(k)}</div></footer>",
                ]))


def _bootstrap(k: Kit) -> str:
    links = [m.replace("<a ", '<a class="nav-link" ', 1) for m in widgets.menu_items(k)]
    nav = "".join(f'<li class="nav-item">{m}</li>' for m in links)
    return _doc(k, "", k.join([
        '<a class="sr-only sr-only-focusable" href="#main">Lewati ke konten utama</a>',
        f'<nav class="navbar navbar-expand-lg navbar-dark {k.c("navbar")}"><div class="container">'
        f'<a class="navbar-brand" href="/">{esc(k.site.name)}</a><button class="navbar-toggler" '
        f'type="button" data-bs-toggle="collapse" data-bs-target="#nav"><span class="navbar-'
        f'toggler-icon"></span><span class="sr-only">Buka menu navigasi</span></button><div '
        f'class="collapse navbar-collapse" id="nav"><ul class="navbar-nav ms-auto">{nav}</ul>'
        f"</div></div></nav>",
        f'<div class="container" id="main"><div class="row"><div class="col-lg-8">{_region(k)}'
        f'</div><div class="col-lg-4">{widgets.sidebar(k)}</div></div></div>',
        f'<footer class="{k.c("footer")} bg-dark text-light py-4"><div class="container">'
        f"{widgets.footer_inner(k)}</div></footer>",
    ]))


def _laravel(k: Kit) -> str:
    drop = "".join(f'<li><a class="dropdown-item" href="{esc(p)}">'
                   f"{esc(k.titles.get(p, p))}</a></li>"
                   for p in k.statics)
    return _doc(k, ' class="antialiased"', k.join([
        f'<header class="{k.c("topbar")}"><div class="container d-flex"><span><i class="bi '
        f'bi-telephone"></i> Layanan Pengaduan</span></div></header>',
        f'<nav class="navbar navbar-expand-md bg-white shadow-sm"><div class="container"><a class='
        f'"navbar-brand" href="/"><img src="/img/logo-{k.region.slug}.png" alt="Logo"> '
        f'{esc(k.site.name)}</a><button class="navbar-toggler" data-bs-toggle="collapse" data-'
        f'bs-target="#menu"></button><div class="collapse navbar-collapse" id="menu"><ul class='
        f'"navbar-nav"><li class="nav-item"><a class="nav-link" href="/">Beranda</a></li><li '
        f'class="nav-item dropdown"><a class="nav-link dropdown-toggle" href="#" data-bs-toggle='
        f'"dropdown">Profil</a><ul class="dropdown-menu">{drop}</ul></li><li class="nav-item">'
        f'{k.a(k.lists[0], "Berita") if k.lists else ""}</li></ul></div></div></nav>',
        f'<main class="py-4"><div class="container"><div class="row"><div class="col-md-9">'
        f'{_region(k)}</div><aside class="col-md-3">{widgets.sidebar(k)}</aside></div></div>'
        '</main>',
        f'<footer class="{k.c("footer")}"><div class="container">{widgets.footer_inner(k)}</div>'
        f"</footer>",
    ]))


def _table(k: Kit) -> str:
    nav = " | ".join(widgets.menu_items(k))
    popup = ('<div id="popup" style="display:none">Pengumuman: kantor tutup pada hari libur '
             "nasional.</div>")
    return _doc(k, ' bgcolor="#ffffff" topmargin="0" leftmargin="0"', k.join([
        '<table width="900" align="center" border="0" cellspacing="0" cellpadding="0">',
        f'<tr><td colspan="2" bgcolor="{k.site.look.accent}"><img src="/images/header.jpg" '
        f'width="900" height="120" alt="{esc(k.site.name)}"></td></tr>',
        f'<tr><td colspan="2" class="menu" bgcolor="#eeeeee"><font face="Verdana" size="2">{nav}'
        f"</font></td></tr>",
        f'<tr><td width="200" valign="top" class="kiri">{widgets.sidebar(k)}</td><td valign="top" '
        f'class="kanan">{_region(k)}</td></tr>',
        '<tr><td colspan="2" align="center" class="footer"><font size="1">'
        f'{widgets.footer_inner(k)}'
        f"</font></td></tr></table>", popup,
    ]))


def _jdih(k: Kit) -> str:
    nav = "".join(f"<li>{m}</li>" for m in widgets.menu_items(k))
    return _doc(k, ' class="jdih"', k.join([
        f'<header class="{k.c("header")}"><img src="/static/img/logo-jdih.png" alt="JDIH"><div>'
        f'<h1 class="{k.c("brand")}">{esc(k.site.name)}</h1><span class="sr-only">Jaringan '
        f"Dokumentasi dan Informasi Hukum</span></div></header>",
        f'<div class="{k.c("wrap")}"><nav class="{k.c("side")}"><ul>{nav}</ul></nav>'
        f'<section class="{k.c("main")}">{_region(k)}</section></div>',
        f'<div class="{k.c("search-doc")}"><form action="/dokumen" method="get"><input name="q" '
        f'placeholder="Cari produk hukum"><select name="jenis"><option>Perda</option><option>'
        f"Perbup</option></select><button>Cari</button></form></div>",
        f'<footer class="{k.c("footer")}">{widgets.footer_inner(k)}</footer>',
    ]))


def _mobile(k: Kit) -> str:
    """A separate mobile layout (same content, different markup): served to mobile profiles."""
    nav = "".join(f"<li>{m}</li>" for m in widgets.menu_items(k))
    return _doc(k, ' class="mobile"', k.join([
        f'<div class="m-header"><a href="/" class="m-logo">{esc(k.site.name)}</a><button class='
        f'"m-burger" aria-label="Menu">&#9776;</button></div><ul class="m-menu" hidden>{nav}</ul>',
        f'<div class="m-content">{_region(k)}</div>',
        f'<div class="m-footer">{widgets.footer_inner(k)}</div>',
    ]))


_STYLES = {"wordpress": _wordpress, "joomla": _joomla, "bootstrap": _bootstrap,
           "laravel": _laravel, "table": _table, "jdih": _jdih}


def render(k: Kit) -> str:
    """One complete HTML document for the kit's page, style and variant."""
    if k.mobile and k.site.look.mobile_layout:
        return _mobile(k)
    return _STYLES[k.site.style](k)
