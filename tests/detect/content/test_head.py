"""detect.content.head: promotion in the title, meta/og:/twitter: fields and JSON-LD."""

from __future__ import annotations

from scanner.detect.content.head import head_may_promote, json_ld_strings
from scanner.models import Category, Severity, Technique
from scanner.signatures import SignatureSet

from ..pages_support import sigs_fixture, view_of  # noqa: F401 (fixture)
from .support import URL, detect, page


def test_injected_title_is_meta_injection_with_original_snippet(sigs: SignatureSet) -> None:
    html = page(title="Ѕlоt Gасоr Gampang Maxwin - Daftar Sekarang", body="<p>Profil dinas.</p>")
    (f,) = detect(html, sigs)
    assert f.technique is Technique.META_INJECTION
    assert f.category is Category.GAMBLING and f.severity is Severity.HIGH
    ev = f.evidence[0]
    assert ev.path == "title"
    assert ev.match and ev.match in ev.snippet  # the Cyrillic original, not the normalised form
    assert ev.match in "Ѕlоt Gасоr Gampang Maxwin - Daftar Sekarang"
    assert f.signature_ids


def test_enforcement_headline_is_discussion(sigs: SignatureSet) -> None:
    html = page(
        title="Satgas blokir 2.000 situs slot gacor dan tangkap bandar togel",
        head='<meta name="description" content="Polisi menangkap tersangka promosi judi online.">',
    )
    assert detect(html, sigs) == []


def test_json_ld_and_og_fields_are_read(sigs: SignatureSet) -> None:
    head = (
        '<meta property="og:description" content="RSUD Sukamaju melayani 24 jam">'
        '<script type="application/ld+json">{"@type":"WebSite","name":"Bandar togel '
        'terpercaya toto macau resmi","url":"https://rsud.sukamajukab.go.id/"}</script>'
    )
    (f,) = detect(page(head=head, body="<p>Jadwal poliklinik.</p>"), sigs)
    assert f.technique is Technique.META_INJECTION
    assert [e.path for e in f.evidence] == ["JSON-LD"]


def test_quoted_promo_phrase_in_title_is_reported_speech(sigs: SignatureSet) -> None:
    html = page(
        title="Ketika situs resmi tiba-tiba berjudul “TOGEL LOGIN”, apa yang terjadi?",
        body="<p>Penjelasan tentang pengelolaan website.</p>",
    )
    assert detect(html, sigs) == []


def test_the_same_text_in_several_fields_is_one_evidence(sigs: SignatureSet) -> None:
    slogan = "Slot Gacor Maxwin Daftar Sekarang"
    head = (
        f'<meta name="description" content="{slogan}">'
        f'<meta property="og:title" content="{slogan}">'
        f'<meta name="twitter:title" content="{slogan}">'
    )
    (f,) = detect(page(title=slogan, head=head, body="<p>Profil dinas.</p>"), sigs)
    assert f.technique is Technique.META_INJECTION
    assert [e.path for e in f.evidence] == ["title"]


def test_json_ld_strings_reads_only_human_readable_keys() -> None:
    raw = (
        '{"@context":"https://schema.org","@graph":[{"@type":"Organization",'
        '"name":"Dinas Kesehatan","url":"https://dinkes.sukamajukab.go.id/slot-gacor",'
        '"logo":{"@type":"ImageObject","caption":"x"}},'
        '{"@type":"Article","headline":"Jadwal Imunisasi","keywords":["a","b"]}]}'
    )
    assert sorted(json_ld_strings(raw)) == ["Dinas Kesehatan", "Jadwal Imunisasi"]


def test_json_ld_strings_keeps_broken_json_as_bounded_text() -> None:
    raw = '{"name": "Slot Gacor Maxwin", ' + "x" * 5000  # truncated by the attacker's editor
    (text,) = json_ld_strings(raw)
    assert text.startswith('{"name": "Slot Gacor Maxwin"') and len(text) == 2000


def test_json_ld_strings_is_bounded_on_deep_nesting() -> None:
    raw = '{"a":' * 500 + '{"name":"deep"}' + "}" * 500
    assert list(json_ld_strings(raw)) == []  # 200 nodes read at the most: never "deep"


def test_head_may_promote_only_on_promotional_fields(sigs: SignatureSet) -> None:
    injected = page(title="Situs Slot Gacor Hari Ini Gampang Maxwin", body="<p>Berita.</p>")
    news = page(title="Satgas blokir situs slot gacor", body="<p>Berita.</p>")
    airport = page(title="Jadwal slot penerbangan Bandar Udara Radin Inten II", body="<p>x</p>")
    assert head_may_promote(view_of(injected, URL), sigs)
    assert not head_may_promote(view_of(news, URL), sigs)
    assert not head_may_promote(view_of(airport, URL), sigs)
