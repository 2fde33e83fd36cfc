"""hidden.detect: hidden gambling links, hidden gambling text, hidden link farms; legit hides."""

from __future__ import annotations

from scanner.detect import hidden
from scanner.models import Category, Finding, Severity, Technique
from scanner.signatures import SignatureSet

from .pages_support import context, sigs_fixture, view_of  # noqa: F401 (fixture)

URL = "https://bappeda.sukamajukab.go.id/"


def page(extra: str, style: str = "") -> str:
    return (
        f"<html><head><title>Bappeda Sukamaju</title><style>{style}</style></head><body>"
        '<nav><a href="/">Beranda</a> <a href="/profil">Profil</a> <a href="/rpjmd">RPJMD</a></nav>'
        "<main><p>Bappeda menyusun dokumen perencanaan pembangunan daerah.</p></main>"
        f"{extra}<footer>&copy; 2024</footer></body></html>"
    )


def detect(html: str, sigs: SignatureSet) -> list[Finding]:
    return hidden.detect(view_of(html, URL), context(URL), sigs)


def test_display_none_links_are_hidden_links(sigs: SignatureSet) -> None:
    extra = (
        '<div style="display:none"><a href="https://a.gacor88.xyz/">slot gacor</a> '
        '<a href="https://a.gacor88.xyz/rtp">rtp live</a> '
        '<a href="https://toto-macau.vip/">toto macau</a></div>'
    )
    (f,) = detect(page(extra), sigs)
    assert f.technique is Technique.HIDDEN_LINKS and f.category is Category.GAMBLING
    assert f.severity is Severity.HIGH and f.confidence >= 0.7
    assert f.target_domain == "gacor88.xyz"
    ev = f.evidence[0]
    assert "display:none" in ev.detail
    assert ev.path.startswith("/html/body")
    assert set(ev.targets) >= {"https://a.gacor88.xyz/", "https://toto-macau.vip/"}


def test_css_class_hidden_text_without_links_is_hidden_content(sigs: SignatureSet) -> None:
    extra = (
        '<div class="x7k">Daftar slot gacor hari ini, bonus new member 100, gampang maxwin.</div>'
    )
    (f,) = detect(page(extra, style=".x7k{display:none}"), sigs)
    assert f.technique is Technique.HIDDEN_CONTENT
    assert "x7k" in f.evidence[0].detail
    assert f.evidence[0].match.lower().startswith(("slot", "bonus", "gampang", "daftar"))


def test_unlabelled_hidden_link_farm_is_only_suspicious(sigs: SignatureSet) -> None:
    links = "".join(
        f'<a href="https://shop{i}.example-deals{i}.com/">Beli murah {i}</a>' for i in range(6)
    )
    (f,) = detect(page(f'<div style="position:absolute;left:-5000px">{links}</div>'), sigs)
    assert f.technique is Technique.HIDDEN_LINKS
    assert f.severity is Severity.MEDIUM and f.confidence < 0.7


def test_legitimate_hidden_widgets_are_clean(sigs: SignatureSet) -> None:
    extra = (
        '<nav class="mobile-menu" style="display:none"><a href="/">Beranda</a>'
        '<a href="https://www.facebook.com/pemkab">Facebook</a>'
        '<a href="https://www.instagram.com/pemkab">Instagram</a>'
        '<a href="https://www.youtube.com/@pemkab">YouTube</a>'
        '<a href="https://twitter.com/pemkab">Twitter</a>'
        '<a href="https://www.tiktok.com/@pemkab">TikTok</a></nav>'
        '<ul style="display:none">'
        + "".join(
            f'<li><a href="https://opd{i}.sukamajukab.go.id/">OPD {i}</a></li>' for i in range(8)
        )
        + '<li><a href="https://www.ugm.ac.id/">UGM</a></li></ul>'
        '<div class="accordion"><div class="collapse" style="display:none">Satgas memblokir '
        "situs slot gacor; laporkan judi online ke aduankonten.id, jangan deposit.</div></div>"
        '<span class="sr-only">Lewati ke konten</span>'
    )
    assert detect(page(extra), sigs) == []


def test_hidden_text_inside_the_links_block_is_not_reported_twice(sigs: SignatureSet) -> None:
    extra = (
        '<div style="display:none">Situs slot gacor terpercaya: '
        '<a href="https://gacor-hoki.top/">daftar slot gacor</a></div>'
    )
    found = detect(page(extra), sigs)
    assert [f.technique for f in found] == [Technique.HIDDEN_LINKS]


def test_hidden_links_to_planted_pages_on_the_site_count(sigs: SignatureSet) -> None:
    extra = (
        '<center style="font-size:0px"><a href="/static/index.html">Dewa168 anti rungkad</a>'
        '<a href="/static/pola-gacor-51.html">pola gacor</a></center>'
    )
    (f,) = detect(page(extra), sigs)
    assert f.technique is Technique.HIDDEN_LINKS
    assert f.target_domain == ""  # the site's own domain is not an attacker domain
