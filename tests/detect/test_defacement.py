"""defacement.detect: vocabulary plus page shape, minus awareness context."""

from __future__ import annotations

from scanner.detect import defacement
from scanner.models import Category, Finding, Severity, Technique
from scanner.signatures import SignatureSet

from .pages_support import context, sigs_fixture, view_of  # noqa: F401 (fixture)

HOME = "https://dlh.sukamajukab.go.id/"
DEFACE = (
    "<html><head><title>Hacked by Sh4d0wCrew</title></head><body bgcolor=black>"
    "<h1>Hacked by Sh4d0wCrew</h1><p>Your security is low, patch your site.</p>"
    "<marquee>greetz: all member</marquee></body></html>"
)


def detect(html: str, sigs: SignatureSet, url: str = HOME, **kw: bool) -> list[Finding]:
    return defacement.detect(view_of(html, url), context(url, **kw), sigs)


def test_homepage_defacement_is_critical(sigs: SignatureSet) -> None:
    (f,) = detect(DEFACE, sigs, is_homepage=True)
    assert f.category is Category.DEFACEMENT and f.technique is Technique.DEFACEMENT_PAGE
    assert f.severity is Severity.CRITICAL and f.confidence >= 0.7
    assert f.evidence[0].path == "title"
    assert f.evidence[0].match.lower() == "hacked by"


def test_inner_page_defacement_is_high(sigs: SignatureSet) -> None:
    (f,) = detect(DEFACE, sigs, url=HOME + "berita/x.html")
    assert f.severity is Severity.HIGH


def test_awareness_article_quoting_hacked_by_is_clean(sigs: SignatureSet) -> None:
    nav = "".join(f'<a href="/m{i}">Menu {i}</a> ' for i in range(8))
    text = (
        "Tim CSIRT mencatat insiden deface pada situs pemerintah. Halaman diganti tulisan "
        "'hacked by' nama peretas. BSSN meminta pengelola melakukan pemulihan dari cadangan, "
        "memperbarui CMS dan waspada terhadap serangan siber. "
    ) * 8
    html = (
        f"<html><head><title>Waspada serangan deface</title></head><body><nav>{nav}</nav>"
        f"<article><p>{text}</p></article></body></html>"
    )
    assert detect(html, sigs) == []


def test_script_written_overlay_is_detected(sigs: SignatureSet) -> None:
    nav = "".join(f'<a href="/m{i}">Menu {i}</a> ' for i in range(8))
    script = (
        "<script>document.body.innerHTML='<h1>Hacked by ZeroDay</h1>"
        "<p>your security is low</p>';</script>"
    )
    html = (
        f"<html><head><title>Pemkab</title></head><body><nav>{nav}</nav>"
        f"<p>{'Informasi layanan publik. ' * 100}</p>{script}</body></html>"
    )
    (f,) = detect(html, sigs)
    assert f.technique is Technique.DEFACEMENT_OVERLAY


def test_normal_short_page_is_clean(sigs: SignatureSet) -> None:
    html = (
        "<html><head><title>Galeri</title></head><body><img src=a.jpg><img src=b.jpg>"
        "<marquee>Selamat datang di website resmi Dinas Lingkungan Hidup</marquee></body></html>"
    )
    assert detect(html, sigs) == []


def test_base64_overlay_is_decoded_statically(sigs: SignatureSet) -> None:
    import base64

    payload = base64.b64encode(b"<h1>Hacked by CyberSenyap</h1><p>greetz all crew</p>").decode()
    nav = "".join(f'<a href="/m{i}">Menu {i}</a> ' for i in range(8))
    script = (
        "<script>window.addEventListener('load',function(){var d=document.createElement('div');"
        f"d.innerHTML=atob('{payload}');document.body.appendChild(d);}});</script>"
    )
    html = (
        f"<html><head><title>Pemkab</title></head><body><nav>{nav}</nav>"
        f"<p>{'Informasi layanan publik. ' * 100}</p>{script}</body></html>"
    )
    (f,) = detect(html, sigs)
    assert f.technique is Technique.DEFACEMENT_OVERLAY
    assert "Hacked by" in f.evidence[0].snippet
