"""analyse(): visible/hidden text, links, scripts, frames and meta of realistic .go.id pages."""

from __future__ import annotations

import time

import pytest

from scanner.extract import MAX_LINKS, analyse, stylesheet_urls
from scanner.extract.css import parse_stylesheet, style_reason
from scanner.extract.reason import HideKind, hide_kind
from scanner.models import PageView

# --------------------------------------------------------------------------- fixture pages

WORDPRESS = """<!DOCTYPE html>
<html lang="id-ID"><head>
<meta charset="UTF-8">
<title>Berita &#8211; Dinas Kesehatan Kabupaten Sleman</title>
<meta name="generator" content="WordPress 6.4.2">
<meta name="description" content="Situs resmi Dinas Kesehatan Kabupaten Sleman">
<meta property="og:title" content="Vaksinasi Polio Serentak">
<meta property="og:type" content="article">
<meta name="twitter:card" content="summary">
<meta name="google-site-verification" content="AbCdEf123">
<link rel="canonical" href="https://dinkes.slemankab.go.id/2024/05/vaksinasi-polio/">
<link rel="stylesheet" href="/wp-content/themes/astra/style.css?ver=4.1">
<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
<style id="astra-inline">.screen-reader-text{clip:rect(1px,1px,1px,1px);position:absolute!important;
height:1px;width:1px;overflow:hidden}.ast-search-box{display:none}</style>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle"}</script>
<script src="https://dinkes.slemankab.go.id/wp-includes/js/jquery/jquery.min.js"></script>
</head>
<body class="post-template-default single">
<a class="skip-link screen-reader-text" href="#content">Langsung ke konten</a>
<header id="masthead"><nav class="main-navigation"><ul id="primary-menu" class="menu">
<li><a href="/">Beranda</a></li><li><a href="/profil/">Profil</a>
<ul class="sub-menu"><li><a href="/profil/visi-misi/">Visi &amp; Misi</a></li></ul></li>
<li><a href="/layanan/">Layanan</a></li></ul></nav>
<div class="ast-search-box"><form role="search" method="get" action="https://dinkes.slemankab.go.id/">
<input type="search" name="s"></form></div></header>
<main id="content"><article class="post">
<h1 class="entry-title">Vaksinasi Polio Serentak di 25 Puskesmas</h1>
<p>Dinas Kesehatan Kabupaten Sleman menggelar vaksinasi polio serentak. Slot waktu layanan
dibuka pukul 08.00 sampai 12.00 WIB.</p>
<p>Informasi lebih lanjut: <a href="https://www.kemkes.go.id/">Kementerian Kesehatan</a>.</p>
</article>
<div id="comments" class="comments-area"><h2 class="comments-title">2 Komentar</h2>
<ol class="comment-list"><li class="comment"><article class="comment-body">
<div class="comment-author">Budi</div>
<div class="comment-content"><p>Terima kasih infonya.</p></div>
</article></li><li class="comment"><article class="comment-body">
<div class="comment-author"><a href="https://slot-gacor-maxwin.com/" rel="external nofollow ugc">
slot gacor</a></div><div class="comment-content"><p>Situs slot gacor hari ini gampang menang</p>
</div></article></li></ol>
<div id="respond"><form action="/wp-comments-post.php" method="post" id="commentform">
<textarea name="comment"></textarea></form></div></div>
</main>
<footer class="site-footer"><p>&copy; 2024 Dinas Kesehatan Kabupaten Sleman</p></footer>
<script>var astra = {"break_point":"921"};</script>
</body></html>"""

JOOMLA = """<!DOCTYPE html>
<html lang="id-id" dir="ltr"><head>
<base href="https://disdik.bandarlampungkota.go.id/index.php/berita">
<meta name="generator" content="Joomla! - Open Source Content Management">
<title>Berita - Dinas Pendidikan Kota Bandar Lampung</title>
<meta name="keywords" content="pendidikan, bandar lampung, PPDB">
<link href="/templates/protostar/css/template.css" rel="stylesheet">
<script src="/media/jui/js/jquery.min.js?abc"></script>
<script>jQuery(function($){ $('.hasTooltip').tooltip(); });</script>
</head>
<body class="site com_content view-article">
<div class="container"><header class="header"><a class="brand" href="/">
<img src="/images/logo.png" alt="Logo Dinas Pendidikan"></a></header>
<nav class="navigation"><ul class="nav menu nav-pills">
<li class="item-101"><a href="/index.php">Beranda</a></li>
<li class="item-102 parent"><a href="pengumuman">Pengumuman</a></li>
<li class="item-103"><a href="ppdb-2024">PPDB 2024</a></li></ul></nav>
<main id="content" class="span9"><div class="item-page">
<h2 itemprop="headline">Jadwal PPDB Kota Bandar Lampung 2024</h2>
<p>Pendaftaran PPDB jenjang SMP dibuka mulai 1 Juni 2024 di Bandar Lampung.</p>
<div style="position:absolute;left:-9999px;top:-9999px">
<p>Bandar togel terpercaya <a href="https://togel-resmi.net/daftar">daftar togel online</a></p>
</div>
</div></main>
<div class="moduletable"><h3>Tautan</h3><ul><li><a href="https://www.kemdikbud.go.id">Kemdikbud</a>
</li></ul></div></div>
<footer class="footer"><p>Dinas Pendidikan Kota Bandar Lampung</p></footer>
</body></html>"""

PORTAL = """<!doctype html>
<html lang="id"><head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Portal Resmi Pemerintah Provinsi Jawa Tengah</title>
<meta name="robots" content="index, follow">
<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/bootstrap@5.3.0/dist/css/bootstrap.min.css">
<link rel="stylesheet" href="/assets/css/portal.css">
<link rel="amphtml" href="https://jatengprov.go.id/amp/">
<style>
  .collapse:not(.show){display:none}
  .visually-hidden{position:absolute!important;width:1px!important;height:1px!important;
    padding:0!important;margin:-1px!important;overflow:hidden!important;
    clip:rect(0,0,0,0)!important;white-space:nowrap!important;border:0!important}
  .modal{display:none;position:fixed}
  @media print { .no-print{display:none} }
  @media (max-width: 991.98px) { .desktop-only{display:none} }
  .tab-pane{display:none} .tab-pane.active{display:block}
</style>
<script async src="https://www.googletagmanager.com/gtag/js?id=G-XYZ"></script>
</head><body>
<nav class="navbar navbar-expand-lg bg-primary">
 <a class="navbar-brand" href="/">JATENGPROV</a>
 <button class="navbar-toggler" data-bs-toggle="collapse" data-bs-target="#nav">
   <span class="visually-hidden">Buka navigasi</span></button>
 <div class="collapse navbar-collapse" id="nav"><ul class="navbar-nav">
  <li class="nav-item"><a class="nav-link" href="/profil">Profil</a></li>
  <li class="nav-item"><a class="nav-link" href="/layanan">Layanan Publik</a></li>
 </ul></div>
</nav>
<div class="offcanvas-menu" id="mobileMenu" style="display:none">
 <a href="/profil">Profil</a><a href="/layanan">Layanan Publik</a></div>
<main class="container">
 <h1>Selamat Datang di Portal Jawa Tengah</h1>
 <p class="desktop-only no-print">Gubernur mengajak masyarakat menjaga kebersihan.</p>
 <div class="accordion" id="faq">
  <div class="accordion-item"><h2 class="accordion-header">
   <button>Bagaimana mengurus KTP?</button></h2>
   <div id="faq1" class="accordion-collapse collapse"><div class="accordion-body">
    Silakan datang ke Disdukcapil dengan membawa KK.</div></div></div>
 </div>
 <ul class="nav nav-tabs"><li><a href="#t1">Berita</a></li><li><a href="#t2">Agenda</a></li></ul>
 <div class="tab-content"><div class="tab-pane active" id="t1"><p>Berita terbaru.</p></div>
  <div class="tab-pane" id="t2"><p>Agenda rapat koordinasi.</p></div></div>
 <i class="bi bi-telephone" aria-hidden="true"></i> <span>Call center 1500-123</span>
 <iframe src="https://www.youtube.com/embed/abc123" width="560" height="315"></iframe>
</main>
<div class="modal fade" id="pengumuman"><div class="modal-dialog"><div class="modal-content">
 <p>Pengumuman: layanan tutup pada hari libur nasional.</p></div></div></div>
<div id="cookie-consent" class="cookie-banner" hidden><p>Situs ini menggunakan cookie.</p>
 <button>Setuju</button></div>
<footer><p>Hak Cipta &copy; 2024 Pemerintah Provinsi Jawa Tengah</p>
<a href="https://www.instagram.com/pemprovjateng/">Instagram</a></footer>
<script src="https://cdn.jsdelivr.net/npm/bootstrap@5.3.0/dist/js/bootstrap.bundle.min.js"></script>
</body></html>"""

TABLES = """<html><head><title>DESA SUKAMAJU</title>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head>
<body bgcolor="#FFFFFF" text="#000000">
<table width="780" border="0" align="center"><tr><td colspan="2">
<img src="images/header.jpg" width="780" height="120"></td></tr>
<tr><td width="180" valign="top"><a href="index.html">Beranda</a><br>
<a href="profil.html">Profil Desa</a><br><a href="berita.html">Berita</a><br></td>
<td valign="top"><font face="Verdana" size="2"><b>Selamat datang</b> di website resmi
Desa Sukamaju, Kecamatan Cibadak.<br>Jumlah penduduk: 4.512 jiwa (RT 05/RW 03).</font>
<font color="#FFFFFF">judi bola sbobet agen resmi</font>
<div style="color: white">slot deposit pulsa tanpa potongan</div>
</td></tr>
<tr><td colspan="2" align="center"><font size="1">Copyright 2009 Desa Sukamaju</font></td></tr>
</table></body></html>"""


def view(
    html: str, url: str = "https://dinkes.slemankab.go.id/2024/05/vaksinasi-polio/", **kw: str
) -> PageView:
    return analyse(html, url, **kw)


def hidden_texts(v: PageView) -> dict[str, str]:
    return {b.text: b.hidden or "" for b in v.hidden}


# --------------------------------------------------------------------------- CMS pages


def test_wordpress_page() -> None:
    v = view(WORDPRESS)
    assert v.title == "Berita – Dinas Kesehatan Kabupaten Sleman"
    assert v.lang == "id-ID"
    assert "Vaksinasi Polio Serentak di 25 Puskesmas" in v.visible_text
    assert "Slot waktu layanan dibuka pukul 08.00" in v.visible_text
    # screen-reader skip link: hidden, marked as an accessibility hide
    skip = hidden_texts(v)["Langsung ke konten"]
    assert hide_kind(skip) is HideKind.A11Y and "screen-reader-text" in skip
    assert "Langsung ke konten" not in v.visible_text
    assert v.meta_content("generator") == "WordPress 6.4.2"
    assert v.meta_content("og:title") == "Vaksinasi Polio Serentak"
    assert v.meta_content("google-site-verification") == "AbCdEf123"
    assert v.meta_content("twitter:card") == "summary"
    assert v.json_ld == ('{"@context":"https://schema.org","@type":"NewsArticle"}',)
    assert v.canonical == "https://dinkes.slemankab.go.id/2024/05/vaksinasi-polio/"
    assert v.stylesheets == (
        "https://dinkes.slemankab.go.id/wp-content/themes/astra/style.css?ver=4.1",
    )
    # comments area: both comments, still in the visible text
    comment_text = " ".join(b.text for b in v.comments)
    assert "Situs slot gacor hari ini gampang menang" in comment_text
    assert "Terima kasih infonya." in comment_text
    assert "Situs slot gacor hari ini gampang menang" in v.visible_text
    spam = next(link for link in v.links if link.domain == "slot-gacor-maxwin.com")
    assert spam.rel == "external nofollow ugc" and not spam.internal and spam.hidden is None
    forms = {f.action: f for f in v.forms}
    assert forms["https://dinkes.slemankab.go.id/wp-comments-post.php"].method == "post"
    assert forms["https://dinkes.slemankab.go.id/"].internal
    scripts = [s for s in v.scripts if s.src]
    assert scripts[0].internal and scripts[0].domain == "slemankab.go.id"
    assert any("break_point" in s.code for s in v.scripts)


def test_wordpress_search_box_hidden_by_ui_class() -> None:
    v = view(WORDPRESS)
    assert not [b for b in v.hidden if "slot" in b.text.lower()]
    menu = next(link for link in v.links if link.path == "/profil/visi-misi/")
    assert menu.text == "Visi & Misi" and menu.internal


def test_joomla_page_with_base_href_and_offscreen_spam() -> None:
    v = view(JOOMLA, "https://disdik.bandarlampungkota.go.id/index.php/berita/jadwal-ppdb")
    urls = {link.url for link in v.links}
    # relative links resolve against <base href>, not the page URL
    assert "https://disdik.bandarlampungkota.go.id/index.php/pengumuman" in urls
    assert "https://disdik.bandarlampungkota.go.id/index.php/ppdb-2024" in urls
    logo = next(link for link in v.links if link.path == "/")
    assert logo.text == "Logo Dinas Pendidikan"  # img alt as anchor text
    spam = next(link for link in v.links if link.domain == "togel-resmi.net")
    assert spam.hidden == "style: position:absolute;left:-9999px"
    assert spam.text == "daftar togel online" and not spam.internal
    assert "togel" not in v.visible_text
    assert "Bandar Lampung" in v.visible_text
    block = next(b for b in v.hidden if "togel" in b.text)
    assert block.text == "Bandar togel terpercaya daftar togel online"
    assert block.path == "/html/body/div/main/div/div"
    assert v.meta_content("keywords") == "pendidikan, bandar lampung, PPDB"
    assert v.stylesheets == (
        "https://disdik.bandarlampungkota.go.id/templates/protostar/css/template.css",
    )


def test_government_portal_legitimate_hides_are_recorded_precisely() -> None:
    v = view(PORTAL, "https://jatengprov.go.id/")
    hidden = hidden_texts(v)
    assert hide_kind(hidden["Buka navigasi"]) is HideKind.A11Y
    menus = [(b.text, b.hidden) for b in v.hidden if b.text.startswith("Profil")]
    # Bootstrap's collapsed navbar (its CDN CSS is not fetched) and the off-canvas mobile menu
    assert menus == [
        ("Profil\nLayanan Publik", "ui: css .collapse:not(.show){display:none}"),
        ("Profil Layanan Publik", "ui: style: display:none"),
    ]
    assert hide_kind(hidden["Silakan datang ke Disdukcapil dengan membawa KK."]) is HideKind.UI
    assert hidden["Agenda rapat koordinasi."].startswith("ui: css .tab-pane")
    assert "Pengumuman: layanan tutup" in next(t for t in hidden if t.startswith("Pengumuman"))
    assert hide_kind(hidden["Pengumuman: layanan tutup pada hari libur nasional."]) is HideKind.UI
    assert hidden["Situs ini menggunakan cookie.\nSetuju"] == "ui: attr: hidden"
    # rules for print and small screens do not apply to the desktop page
    assert "Gubernur mengajak masyarakat menjaga kebersihan." in v.visible_text
    assert "Berita terbaru." in v.visible_text
    assert "Call center 1500-123" in v.visible_text
    assert "Agenda rapat koordinasi." not in v.visible_text
    assert v.amphtml == "https://jatengprov.go.id/amp/"
    assert v.stylesheets == ("https://jatengprov.go.id/assets/css/portal.css",)
    assert v.meta_content("robots") == "index, follow"
    frame = v.iframes[0]
    assert (frame.domain, frame.width, frame.height, frame.hidden) == (
        "youtube.com",
        "560",
        "315",
        None,
    )
    assert "JATENGPROV" in v.visible_text and "Instagram" in v.visible_text


def test_old_table_layout_with_white_text() -> None:
    v = view(TABLES, "http://www.sukamaju.desa.id/index.html")
    assert v.title == "DESA SUKAMAJU"
    assert "Selamat datang di website resmi Desa Sukamaju, Kecamatan Cibadak." in v.visible_text
    assert "Jumlah penduduk: 4.512 jiwa (RT 05/RW 03)." in v.visible_text
    hidden = hidden_texts(v)
    assert hidden["slot deposit pulsa tanpa potongan"].startswith("style: color:#ffffff")
    assert [link.url for link in v.links][:2] == [
        "http://www.sukamaju.desa.id/index.html",
        "http://www.sukamaju.desa.id/profil.html",
    ]
    assert all(link.internal for link in v.links)
    assert dict(v.media)["img"] == 1


# --------------------------------------------------------------------------- hiding techniques

INLINE_HIDES = [
    ("display:none", "display:none"),
    ("DISPLAY : NONE !important", "display:none"),
    ("visibility:hidden", "visibility:hidden"),
    ("font-size:0", "font-size:0"),
    ("font-size:1px", "font-size:1px"),
    ("height:0;overflow:hidden", "height:0;overflow:hidden"),
    ("max-height:0px;overflow:hidden", "max-height:0px;overflow:hidden"),
    ("width:0;overflow:hidden", "width:0;overflow:hidden"),
    ("position:absolute;left:-9999px", "position:absolute;left:-9999px"),
    ("position:fixed;top:-5000px", "position:fixed;top:-5000px"),
    ("position:absolute;left:-100em", "position:absolute;left:-100em"),
    ("text-indent:-9999px", "text-indent:-9999px"),
    ("opacity:0", "opacity:0"),
    ("opacity:0.0", "opacity:0.0"),
    ("color:#fff;background-color:#FFFFFF", "color:#ffffff on background #ffffff"),
    ("color:rgb(0,0,0);background:#000", "color:#000000 on background #000000"),
    ("clip:rect(0 0 0 0);position:absolute", "clip:rect(0)"),
    ("clip-path:inset(50%)", "clip-path:inset(50%)"),
    ("transform:scale(0)", "transform:scale(0)"),
    ("margin-left:-10000px", "margin-left:-10000px"),
]


@pytest.mark.parametrize(("style", "reason"), INLINE_HIDES, ids=[s for s, _ in INLINE_HIDES])
def test_inline_hiding(style: str, reason: str) -> None:
    html = (
        f"<html><body><p>Berita daerah</p><div style='{style}'>agen <b>sl</b>ot "
        "<a href='https://judi.example.com/'>daftar</a></div></body></html>"
    )
    v = analyse(html, "https://kominfo.go.id/")
    assert v.hidden == (v.hidden[0],)
    assert v.hidden[0].text == "agen slot daftar"
    assert v.hidden[0].hidden == f"style: {reason}"
    assert v.hidden[0].path == "/html/body/div"
    assert v.visible_text == "Berita daerah"
    assert v.links[0].hidden == f"style: {reason}"


NOT_HIDING = [
    "display:block",
    "position:absolute;left:10px",
    "font-size:12px",
    "height:0",  # no overflow:hidden: content still overflows visibly
    "opacity:0.9",
    "color:#000;background:#fff",
    "text-indent:2em",
    "transform:scale(1.2)",
]


@pytest.mark.parametrize("style", NOT_HIDING)
def test_styles_that_do_not_hide(style: str) -> None:
    v = analyse(f"<p style='{style}'>Layanan publik</p>", "https://kominfo.go.id/")
    assert v.hidden == ()
    assert v.visible_text == "Layanan publik"


def test_hidden_attribute_noscript_template_and_marquee() -> None:
    html = """<body><p>Info</p><div hidden>satu</div><noscript><a href="https://x.com/">dua</a>
    </noscript><template><p>tiga</p></template><marquee width="1" height="1">empat</marquee>
    <marquee>Selamat datang</marquee></body>"""
    v = analyse(html, "https://kominfo.go.id/")
    assert hidden_texts(v) == {
        "satu": "attr: hidden",
        "dua": "noscript",
        "tiga": "template",
        "empat": "marquee 1x1",
    }
    assert v.links[0].hidden == "noscript"
    assert "Selamat datang" in v.visible_text
    assert dict(v.media)["marquee"] == 2


def test_aria_hidden_alone_is_a11y_and_still_visible() -> None:
    html = """<body><span aria-hidden="true">★ Favorit</span>
    <div aria-hidden="true"><a href="https://bandar-slot.xyz/">slot</a></div></body>"""
    v = analyse(html, "https://kominfo.go.id/")
    hidden = hidden_texts(v)
    assert hidden["★ Favorit"] == "a11y: aria-hidden=true"
    assert hidden["slot"] == "aria-hidden=true with off-site links"
    assert "★ Favorit" in v.visible_text and "slot" in v.visible_text
    assert v.links[0].hidden == "aria-hidden=true with off-site links"


def test_class_hidden_by_style_block() -> None:
    html = """<html><head><style>
    /* footer */ .ftr-lnk , .x-9 { display : none }
    div.wrap span.hdn{font-size:0px}
    </style></head><body><div class="ftr-lnk other"><a href="https://a.com/">A</a></div>
    <p class="x-9">B</p><div class="wrap"><p><span class="hdn">C</span></p></div>
    <span class="hdn">D</span></body></html>"""
    v = analyse(html, "https://kominfo.go.id/")
    hidden = hidden_texts(v)
    assert hidden["A"] == "css .ftr-lnk{display:none}"
    assert hidden["B"] == "css .x-9{display:none}"
    assert hidden["C"] == "css div.wrap span.hdn{font-size:0px}"
    assert "D" in v.visible_text  # not inside div.wrap: the descendant rule does not match


def test_id_hidden_by_external_css_argument() -> None:
    html = "<body><div id='sponsor'><a href='https://situs-toto.net/'>toto</a></div></body>"
    css = "body{margin:0}\n#sponsor{position:absolute;top:-9999px}\n"
    v = analyse(html, "https://kominfo.go.id/", css=css)
    assert v.links[0].hidden == "css #sponsor{position:absolute;top:-9999px}"
    assert analyse(html, "https://kominfo.go.id/").links[0].hidden is None


def test_media_query_rules_are_ignored_but_min_width_kept() -> None:
    css = """@media print{.a{display:none}} @media screen and (max-width:768px){.b{display:none}}
    @media (min-width: 992px){.c{display:none}} @font-face{font-family:x;src:url(a.woff)}
    @keyframes k{from{opacity:0}to{opacity:1}} .d{display:none}"""
    html = "<p class=a>A</p><p class=b>B</p><p class=c>C</p><p class=d>D</p><p>E</p>"
    v = analyse(html, "https://kominfo.go.id/", css=css)
    assert set(hidden_texts(v)) == {"C", "D"}
    assert "E" in v.visible_text


def test_nested_hidden_content_is_one_block_with_the_outer_reason() -> None:
    html = """<body><div style="display:none"><p>satu</p><div style="opacity:0">
    <p>dua <b>tiga</b></p></div></div></body>"""
    v = analyse(html, "https://kominfo.go.id/")
    assert len(v.hidden) == 1
    assert v.hidden[0].text == "satu\ndua tiga"
    assert v.hidden[0].hidden == "style: display:none"


def test_color_equal_to_page_background_from_css() -> None:
    html = """<html><head><style>body{background:#0a0a0a}</style></head><body>
    <p style="color:#0A0A0A">tersembunyi</p><p style="color:#fff">terlihat</p></body></html>"""
    v = analyse(html, "https://kominfo.go.id/")
    assert hidden_texts(v) == {"tersembunyi": "style: color:#0a0a0a on page background #0a0a0a"}


def test_white_text_on_a_dark_section_is_not_hidden() -> None:
    html = """<body><footer class="bg-dark"><p style="color:#fff">Alamat kantor</p></footer>
    <div style="background:#123456"><span style="color:white">Kontak</span></div></body>"""
    v = analyse(html, "https://kominfo.go.id/")
    assert v.hidden == ()


def test_white_text_without_a_declared_background_is_not_hidden() -> None:
    html = """<div style="padding-top:60px"><h1>By Ngawal</h1>
    <p style="color:white;font-size:16px">+++ZI1337+++</p></div>"""
    v = analyse(html, "https://desa.go.id/")
    assert v.hidden == ()
    assert "+++ZI1337+++" in v.visible_text


def test_inline_screen_reader_style_is_marked_a11y() -> None:
    html = """<a href="/"><span style="position:absolute;width:1px;height:1px;overflow:hidden;
    clip:rect(0,0,0,0)">Beranda</span></a>"""
    v = analyse(html, "https://kominfo.go.id/")
    assert v.hidden[0].hidden == "a11y: style: height:1px;overflow:hidden;clip"
    assert v.links[0].text == "Beranda"


@pytest.mark.parametrize("html", [WORDPRESS, JOOMLA, PORTAL, TABLES])
def test_paths_agree_with_lxml_getpath(html: str) -> None:
    from lxml import etree

    v = analyse(html, "https://dinkes.slemankab.go.id/")
    root = etree.fromstring(html.encode(), etree.HTMLParser(encoding="utf-8"))
    tree = root.getroottree()
    paths = [b.path for b in v.blocks + v.hidden] + [s.path for s in v.scripts]
    paths += [f.path for f in v.iframes] + [f.path for f in v.forms]
    for path in paths:
        found = tree.xpath(path)
        assert isinstance(found, list) and len(found) == 1
        assert tree.getpath(found[0]) == path  # type: ignore[arg-type]


def test_inline_text_is_joined_across_tags() -> None:
    v = analyse("<p>sl<b>ot</b> gac<i>or</i></p><p>baru</p>", "https://kominfo.go.id/")
    assert v.visible_text == "slot gacor\nbaru"
    assert [b.path for b in v.blocks] == ["/html/body/p[1]", "/html/body/p[2]"]


def test_script_style_and_comments_are_not_text() -> None:
    html = """<body><!-- slot gacor --><script>var a='judi';</script><style>p{color:red}</style>
    <p>Teks<!-- tersembunyi --> resmi</p></body>"""
    v = analyse(html, "https://kominfo.go.id/")
    assert v.visible_text == "Teks resmi"


# --------------------------------------------------------------------------- links, scripts, frames


def test_links_resolve_and_classify() -> None:
    html = """<body><a href="/a">A</a><a href="//www.kominfo.go.id/b#x">B</a>
    <a href="https://sub.kominfo.go.id/c">C</a><a href="HTTPS://WWW.Slot88.COM/Daftar?ref=1">D</a>
    <a href="javascript:void(0)">E</a><a href="mailto:a@b.go.id">F</a><a href="tel:123">G</a>
    <a href="#top">H</a><a href="">I</a><area href="/peta" alt="Peta"><a title="Judul">x</a>
    </body>"""
    v = analyse(html, "https://kominfo.go.id/index.php")
    got = [(link.url, link.internal, link.domain) for link in v.links]
    assert got == [
        ("https://kominfo.go.id/a", True, "kominfo.go.id"),
        ("https://www.kominfo.go.id/b", True, "kominfo.go.id"),
        ("https://sub.kominfo.go.id/c", False, "kominfo.go.id"),
        ("https://www.slot88.com/Daftar?ref=1", False, "slot88.com"),
        ("https://kominfo.go.id/peta", True, "kominfo.go.id"),
    ]
    assert v.links[3].host == "www.slot88.com" and v.links[3].path == "/Daftar"


def test_site_host_decides_internal() -> None:
    html = "<a href='https://dinkes.jatimprov.go.id/x'>x</a>"
    v = analyse(html, "https://dinkes.jatimprov.go.id/", site_host="jatimprov.go.id")
    assert not v.links[0].internal


def test_scripts_event_handlers_and_javascript_hrefs() -> None:
    html = """<html><head><script src="/js/app.js"></script>
    <script src="https://cdn-slot.example.net/x.js" type="text/javascript"></script>
    <script type="module">import x from './y.js';</script></head>
    <body onload="window.location='https://judi.example.com'">
    <img src="x.png" onerror="eval(atob('YWxlcnQoMSk='))">
    <a href="javascript:document.location='https://bandar.example.org'">klik</a></body></html>"""
    v = analyse(html, "https://kominfo.go.id/")
    by_kind = {s.type: s for s in v.scripts}
    assert v.scripts[0].src == "https://kominfo.go.id/js/app.js" and v.scripts[0].internal
    assert by_kind["text/javascript"].domain == "example.net"
    assert not by_kind["text/javascript"].internal
    assert by_kind["module"].code.startswith("import x")
    assert "judi.example.com" in by_kind["event:onload"].code
    assert by_kind["event:onload"].path == "/html/body"
    assert by_kind["event:onerror"].path == "/html/body/img"
    assert by_kind["event:onerror"].code.startswith("eval(")
    assert "bandar.example.org" in by_kind["href:javascript"].code


def test_inline_script_code_is_bounded() -> None:
    v = analyse("<script>" + "a" * 300_000 + "</script>", "https://kominfo.go.id/")
    assert len(v.scripts[0].code) == 200_000


def test_iframes_tiny_and_hidden() -> None:
    html = """<body><iframe src="https://judi.example.com/" width="1" height="1"></iframe>
    <iframe src="/peta" style="width:0;height:0;border:0"></iframe>
    <div style="display:none"><iframe src="https://x.example.org/"></iframe></div>
    <object data="/flash/banner.swf" width="300" height="100"></object>
    <embed src="https://evil.example.net/a.swf"></body>"""
    v = analyse(html, "https://kominfo.go.id/")
    got = [(f.src, f.hidden, f.internal) for f in v.iframes]
    assert got == [
        ("https://judi.example.com/", "size 1x1", False),
        ("https://kominfo.go.id/peta", "size 0x0", True),
        ("https://x.example.org/", "style: display:none", False),
        ("https://kominfo.go.id/flash/banner.swf", None, True),
        ("https://evil.example.net/a.swf", None, False),
    ]
    media = dict(v.media)
    assert (media["object"], media["embed"]) == (1, 1)


@pytest.mark.parametrize(
    ("content", "url", "delay"),
    [
        ("0; url=https://slot.example.com/", "https://slot.example.com/", 0.0),
        ("0;URL='https://slot.example.com/a'", "https://slot.example.com/a", 0.0),
        ("3 ; Url = '/baru'", "https://kominfo.go.id/baru", 3.0),
        ("5,url=https://x.example.org", "https://x.example.org/", 5.0),
        ("1.5; https://y.example.org/", "https://y.example.org/", 1.5),
        ("30", "https://kominfo.go.id/lama", 30.0),
    ],
)
def test_meta_refresh_variants(content: str, url: str, delay: float) -> None:
    html = f"<html><head><meta http-equiv='REFRESH' content=\"{content}\"></head></html>"
    v = analyse(html, "https://kominfo.go.id/lama")
    assert v.meta_refresh is not None
    assert (v.meta_refresh.url, v.meta_refresh.delay) == (url, delay)
    assert v.meta_refresh.internal == url.startswith("https://kominfo.go.id/")


def test_media_counts_of_a_defacement_page() -> None:
    html = """<html><body bgcolor=black><center><img src="hacker.gif"><br>
    <marquee><font color=red>Hacked by Anonymous</font></marquee>
    <audio autoplay src="lagu.mp3"></audio><bgsound src="a.mid"><video src="v.mp4"></video>
    </center></body></html>"""
    v = analyse(html, "https://desa.go.id/")
    assert dict(v.media) == {
        "img": 1,
        "video": 1,
        "audio": 1,
        "embed": 0,
        "object": 0,
        "marquee": 1,
        "bgsound": 1,
    }
    assert "Hacked by Anonymous" in v.visible_text


def test_stylesheet_urls_cheap_scan() -> None:
    html = """<link rel="stylesheet" href="/css/a.css"><LINK REL='Stylesheet' HREF='b.css?v=2'>
    <link href="https://cdn.example.com/c.css" rel="stylesheet"><link rel="icon" href="/f.ico">
    <link rel="alternate stylesheet" href="https://static.kominfo.go.id/d.css">"""
    assert stylesheet_urls(html, "https://www.kominfo.go.id/berita/") == (
        "https://www.kominfo.go.id/css/a.css",
        "https://www.kominfo.go.id/berita/b.css?v=2",
        "https://static.kominfo.go.id/d.css",
    )


# --------------------------------------------------------------------------- hostile input


@pytest.mark.parametrize("html", ["", "   ", "\x00\x00", "<", "<!-- only a comment -->", "<<<>>>"])
def test_empty_or_junk_gives_an_empty_view(html: str) -> None:
    v = analyse(html, "https://kominfo.go.id/")
    assert v.url == "https://kominfo.go.id/"
    assert v.links == () and v.hidden == ()


def test_malformed_html_is_recovered() -> None:
    html = """<html><body><div><p>Paragraf <b>tebal <i>miring</p></div>
    <table><tr><td>sel<td>dua</table><a href="/x">tautan<div style="display:none">x</a>"""
    v = analyse(html, "https://kominfo.go.id/")
    assert "Paragraf tebal miring" in v.visible_text
    assert "sel" in v.visible_text and "dua" in v.visible_text
    assert v.links[0].url == "https://kominfo.go.id/x"


def test_nul_bytes_and_broken_encodings() -> None:
    html = "<p>Dinas\x00 Pendidikan \udcff\udcfe \ufffd Kota</p><p>Ã©tÃ© mojibake</p>"
    v = analyse(html, "https://kominfo.go.id/")
    assert v.blocks[0].text.startswith("Dinas Pendidikan")
    assert "mojibake" in v.visible_text


def test_non_string_input_does_not_raise() -> None:
    v = analyse(b"<p>bytes</p>", "https://kominfo.go.id/")  # type: ignore[arg-type]
    assert v.url == "https://kominfo.go.id/"


def test_hostile_six_megabyte_page_is_bounded() -> None:
    link = "<a href='https://slot{0}.example.com/'>slot {0}</a>"
    body = "".join(link.format(i) for i in range(60_000))
    html = "<html><body><div>" + body + "</div>" + "<p>x</p>" * 400_000 + "</body></html>"
    assert len(html) > 6_000_000
    started = time.perf_counter()
    v = analyse(html, "https://kominfo.go.id/")
    assert time.perf_counter() - started < 20
    assert len(v.links) == MAX_LINKS


def test_deep_nesting_does_not_crash() -> None:
    v = analyse("<div>" * 50_000 + "dalam" + "</div>" * 50_000, "https://kominfo.go.id/")
    assert v.url == "https://kominfo.go.id/"


def test_hostile_css_is_bounded() -> None:
    css = ".a{display:none}" * 50_000 + "{{{{ }}}} @media { .b{" + "x" * 10_000
    sheet = parse_stylesheet(css)
    assert "a" in sheet.by_class
    assert style_reason(";;;:::" * 1000) is None


def test_links_resolve_against_each_page_even_when_memoised() -> None:
    """The resolution memo keys on what the result depends on: a relative href differs per page,
    a root-relative one per origin, an absolute one not at all."""
    html = (
        '<html><body><a href="lampiran.pdf">Lampiran</a><a href="/profil">Profil</a>'
        '<a href="http://">kosong</a><a href="//cdn.contoh.go.id/x">cdn</a>'
        '<a href="HTTPS://Dinas.Contoh.go.id/a/../b">abs</a></body></html>'
    )
    first = {lk.text: lk.url for lk in analyse(html, "http://contoh.go.id/berita/2024/a.html").links}
    second = {lk.text: lk.url for lk in analyse(html, "https://lain.go.id/dok/b.html").links}
    assert first["Lampiran"] == "http://contoh.go.id/berita/2024/lampiran.pdf"
    assert second["Lampiran"] == "https://lain.go.id/dok/lampiran.pdf"
    assert first["Profil"] == "http://contoh.go.id/profil"
    assert second["Profil"] == "https://lain.go.id/profil"
    assert first["cdn"] == "http://cdn.contoh.go.id/x"
    assert second["cdn"] == "https://cdn.contoh.go.id/x"
    assert first["abs"] == second["abs"] == "https://dinas.contoh.go.id/b"
