"""Embeds detector: gambling/known-bad script hosts, hidden frames, meta refresh, HTTP redirects
and off-site forms are reported; the widgets government sites really embed are not."""

from __future__ import annotations

import pytest

from scanner.detect import embeds
from scanner.detect.base import PageContext
from scanner.extract import analyse
from scanner.models import Category, FetchResult, Finding, Hop, Severity, Technique
from scanner.signatures import Role, SignatureSet, load_signatures

HOST = "disdukcapil.semarangkota.go.id"
URL = f"https://{HOST}/layanan/akta-kelahiran"
CTX = PageContext(url=URL, site_host=HOST)


@pytest.fixture(scope="module")
def sigs() -> SignatureSet:
    return load_signatures()


def page(head: str = "", body: str = "") -> str:
    return f"""<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>Layanan Akta Kelahiran - Disdukcapil Kota Semarang</title>{head}</head>
<body><h1>Persyaratan Akta Kelahiran</h1>
<p>Surat keterangan lahir dari bidan atau rumah sakit, KTP orang tua, dan Kartu Keluarga.</p>
{body}<footer>Disdukcapil Kota Semarang</footer></body></html>"""


def run(
    sigs: SignatureSet, head: str = "", body: str = "", ctx: PageContext = CTX
) -> list[Finding]:
    return embeds.detect(analyse(page(head, body), URL, site_host=HOST), ctx, sigs)


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


# --------------------------------------------------------------------------- scripts


def test_script_from_gambling_domain(sigs: SignatureSet) -> None:
    f = only(run(sigs, '<script src="https://cdn.gacor-maxwin88.com/js/p.js"></script>'))
    assert (f.technique, f.category, f.severity) == (
        Technique.EXTERNAL_SCRIPT, Category.GAMBLING, Severity.HIGH,
    )  # fmt: skip
    assert f.target_domain == "gacor-maxwin88.com"
    assert f.evidence[0].targets == ("https://cdn.gacor-maxwin88.com/js/p.js",)


def test_script_from_defacement_kit_path(sigs: SignatureSet) -> None:
    f = only(run(sigs, '<script src="https://kit.example.org/deface/js/type.js"></script>'))
    assert f.category is Category.DEFACEMENT and f.technique is Technique.EXTERNAL_SCRIPT


def test_random_unknown_script_host_is_only_low(sigs: SignatureSet) -> None:
    assert sigs.domain_hits("bkzxqwrtplm.com") == ()  # unknown to the signatures
    f = only(run(sigs, '<script src="https://cdn.bkzxqwrtplm.com/a.js"></script>'))
    assert f.severity is Severity.LOW and f.category is Category.MALICIOUS_SCRIPT


def test_script_from_known_bad_host(sigs: SignatureSet) -> None:
    bad = next(s for s in sigs.by_role(Role.BAD_SCRIPT_DOMAIN))
    assert bad  # the shipped signatures name some; a host they match is high
    findings = run(sigs, '<script src="https://xkq7z9wpt3.top/a.js"></script>')
    if sigs.domain_hits("xkq7z9wpt3.top"):
        assert only(findings).severity is Severity.HIGH
    else:
        assert only(findings).severity is Severity.LOW


@pytest.mark.parametrize(
    "src",
    [
        "https://www.googletagmanager.com/gtag/js?id=G-8XK2P1QZ7M",
        "https://ajax.googleapis.com/ajax/libs/jquery/3.7.1/jquery.min.js",
        "https://cdn.jsdelivr.net/npm/bootstrap@5.3.3/dist/js/bootstrap.bundle.min.js",
        "https://connect.facebook.net/id_ID/sdk.js",
        "https://ppid.semarangkota.go.id/widget/ppid.js",
        "https://widget.kemendagri.go.id/survei.js",
        "https://www.kotawisata-widget.com/embed.js",  # unknown but ordinary-looking: no alarm
    ],
)
def test_ordinary_script_hosts_are_clean(sigs: SignatureSet, src: str) -> None:
    assert run(sigs, f'<script src="{src}"></script>') == []


# --------------------------------------------------------------------------- iframes


def test_hidden_one_pixel_iframe_to_gambling(sigs: SignatureSet) -> None:
    body = (
        '<iframe src="https://gacor-maxwin88.com/" width="1" height="1" frameborder="0"></iframe>'
    )
    f = only(run(sigs, body=body))
    assert (f.technique, f.category, f.severity) == (
        Technique.IFRAME, Category.GAMBLING, Severity.HIGH,
    )  # fmt: skip
    assert f.evidence[0].path.startswith("/html/body")


def test_hidden_iframe_to_unknown_host(sigs: SignatureSet) -> None:
    body = '<iframe src="https://qz81.example.net/x" style="display:none"></iframe>'
    f = only(run(sigs, body=body))
    assert f.technique is Technique.IFRAME and f.severity is Severity.HIGH


def test_unknown_iframe_in_closed_modal_is_medium(sigs: SignatureSet) -> None:
    body = (
        '<div class="modal fade" id="video"><iframe src="https://video.pemprov-media.example/v/1"'
        ' width="560" height="315"></iframe></div>'
    )
    findings = run(sigs, body=body)
    assert all(f.severity.rank <= Severity.MEDIUM.rank for f in findings)


@pytest.mark.parametrize(
    "frame",
    [
        '<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>',
        '<iframe src="https://www.google.com/maps/embed?pb=!1m18" width="600" height="450">'
        "</iframe>",
        '<iframe src="https://sirup.lkpp.go.id/sirup/ro/rekap" width="100%" height="400"></iframe>',
        '<noscript><iframe src="https://www.googletagmanager.com/ns.html?id=GTM-5T8QW2L" '
        'height="0" width="0" style="display:none;visibility:hidden"></iframe></noscript>',
        '<iframe src="https://www.facebook.com/plugins/page.php?href=x" width="340" height="500">'
        "</iframe>",
    ],
    ids=["youtube", "maps", "lkpp", "gtm-noscript", "facebook"],
)
def test_ordinary_frames_are_clean(sigs: SignatureSet, frame: str) -> None:
    assert run(sigs, body=frame) == []


# --------------------------------------------------------------------------- meta refresh


def test_meta_refresh_to_gambling(sigs: SignatureSet) -> None:
    head = '<meta http-equiv="refresh" content="3;url=https://slot-gacor88.net/daftar">'
    f = only(run(sigs, head))
    assert (f.technique, f.category, f.severity) == (
        Technique.META_REFRESH, Category.GAMBLING, Severity.HIGH,
    )  # fmt: skip


def test_instant_meta_refresh_to_unknown_host_is_medium(sigs: SignatureSet) -> None:
    f = only(run(sigs, '<meta http-equiv="refresh" content="0; URL=\'https://go.qz81.example/\'">'))
    assert f.technique is Technique.META_REFRESH and f.severity is Severity.MEDIUM


@pytest.mark.parametrize(
    "content",
    [
        "0;url=/beranda",
        "300",
        f"0;url=https://www.{HOST}/beranda",
        "0;url=https://layanan.semarangkota.go.id/",
        "0;url=https://www.lapor.go.id/",
        "10;url=https://unknown-portal.example/",
    ],
)
def test_ordinary_meta_refresh_is_clean(sigs: SignatureSet, content: str) -> None:
    assert run(sigs, f'<meta http-equiv="refresh" content="{content}">') == []


def test_delayed_refresh_to_a_throwaway_host(sigs: SignatureSet) -> None:
    f = only(run(sigs, '<meta http-equiv="Refresh" content="8; url=https://cuangg.top/">'))
    assert f.technique is Technique.META_REFRESH and f.severity.rank >= Severity.MEDIUM.rank


def test_delayed_refresh_off_a_full_article_to_an_unknown_host(sigs: SignatureSet) -> None:
    # A hijacked inner page: the article stays, readers are sent away after eight seconds.
    article = "<p>" + " ".join(["Persyaratan dan alur layanan akta kelahiran warga."] * 25) + "</p>"
    head = '<meta http-equiv="Refresh" content="8; url=https://rajagg.store/">'
    f = only(run(sigs, head, article))
    assert f.technique is Technique.META_REFRESH and f.target_domain == "rajagg.store"
    # the same refresh on a short "we have moved" stub is a notice, not a hijack
    stub = '<meta http-equiv="refresh" content="8;url=https://portal-baru.example/">'
    assert run(sigs, stub) == []


def test_injected_refresh_after_the_pages_own_auto_reload(sigs: SignatureSet) -> None:
    # News pages reload themselves every few minutes; the injected refresh comes second.
    head = ('<meta http-equiv="refresh" content="300">'
            '<meta http-equiv="Refresh" content="2; URL=https://gacor-maxwin88.com/?ref=capil">')
    f = only(run(sigs, head))
    assert (f.technique, f.category, f.severity) == (
        Technique.META_REFRESH, Category.GAMBLING, Severity.HIGH,
    )  # fmt: skip
    assert f.evidence[0].targets == ("https://gacor-maxwin88.com/?ref=capil",)


@pytest.mark.parametrize(
    "target",
    [
        "https://pub-9f2c0d1e4b7a4c3e.r2.dev/index.html",
        "https://storage.googleapis.com/amp-promo-21/index.html",
        "https://bit.ly/3xYzAbc",
    ],
)
def test_refresh_to_a_free_static_or_short_link_host(sigs: SignatureSet, target: str) -> None:
    f = only(run(sigs, f'<meta http-equiv="refresh" content="1;url={target}">'))
    assert f.technique is Technique.META_REFRESH and f.severity.rank >= Severity.MEDIUM.rank


@pytest.mark.parametrize(
    "target",
    [
        f"https://{HOST}/wp-content/uploads/2024/slot-gacor-maxwin-hari-ini.html",
        "https://repository.univ-contoh.ac.id/slot-gacor/daftar-slot88.php",
    ],
)
def test_refresh_to_a_doorway_on_this_or_another_public_host(
    sigs: SignatureSet, target: str
) -> None:
    f = only(run(sigs, f'<meta http-equiv="refresh" content="0;url={target}">'))
    assert f.category is Category.GAMBLING and f.severity is Severity.HIGH


@pytest.mark.parametrize(
    "content",
    [
        "0;url=/berita/jadwal-slot-layanan-akta-kelahiran",
        "600;url=https://pub-9f2c0d1e4b7a4c3e.r2.dev/index.html",
        "0;url=https://jdih.semarangkota.go.id/dokumen/perda-2024-tentang-retribusi",
    ],
)
def test_refresh_traps_stay_clean(sigs: SignatureSet, content: str) -> None:
    assert run(sigs, f'<meta http-equiv="refresh" content="{content}">') == []


# --------------------------------------------------------------------------- HTTP redirects


def fetched(final_url: str, offsite: str | None = None, hops: tuple[Hop, ...] = ()) -> PageContext:
    fetch = FetchResult(
        url=URL, final_url=final_url, profile="browser", status=200, redirects=hops,
        offsite_redirect=offsite,
    )  # fmt: skip
    return PageContext(url=URL, site_host=HOST, fetch=fetch)


def test_http_redirect_to_gambling(sigs: SignatureSet) -> None:
    target = "https://gacor-maxwin88.com/?ref=capil"
    ctx = fetched(URL, offsite=target, hops=(Hop(URL, 302, target),))
    f = only(embeds.detect(analyse("", URL), ctx, sigs))
    assert (f.technique, f.category, f.severity) == (
        Technique.REDIRECT, Category.GAMBLING, Severity.HIGH,
    )  # fmt: skip
    assert f.evidence[0].targets == (target,)
    assert URL in f.evidence[0].snippet


def test_http_redirect_to_unknown_host_is_medium(sigs: SignatureSet) -> None:
    ctx = fetched("https://zq81.example/landing", hops=(Hop(URL, 301, "https://zq81.example/"),))
    f = only(embeds.detect(analyse("", URL), ctx, sigs))
    assert f.technique is Technique.REDIRECT and f.severity is Severity.MEDIUM


def test_redirects_within_the_organisation_are_clean(sigs: SignatureSet) -> None:
    same_org = fetched("https://semarangkota.go.id/disdukcapil")
    www = fetched(f"https://www.{HOST}/layanan/akta-kelahiran")
    for ctx in (same_org, www):
        assert embeds.detect(analyse("", URL), ctx, sigs) == []


def test_redirect_to_other_public_body_is_info(sigs: SignatureSet) -> None:
    f = only(embeds.detect(analyse("", URL), fetched("https://dukcapil.kemendagri.go.id/"), sigs))
    assert f.severity is Severity.INFO


# --------------------------------------------------------------------------- forms


def test_form_posting_to_gambling_domain(sigs: SignatureSet) -> None:
    body = (
        '<form action="https://gacor-maxwin88.com/register" method="post"><input name="u"></form>'
    )
    f = only(run(sigs, body=body))
    assert f.category is Category.GAMBLING and f.severity is Severity.MEDIUM


def test_search_and_survey_forms_are_clean(sigs: SignatureSet) -> None:
    body = (
        '<form action="/cari"><input name="q"></form>'
        '<form action="https://docs.google.com/forms/d/e/1FAIpQ/formResponse" method="post">'
        "</form>"
    )
    assert run(sigs, body=body) == []


def test_random_looking() -> None:
    assert embeds.random_looking("185.199.110.153") == "IP address host"
    assert embeds.random_looking("cdn.xkq7z9wpt3.top").startswith("often-abused")
    assert embeds.random_looking("bkzxqwrtplm.com") == "random-looking domain name"
    assert embeds.random_looking("ajax.googleapis.com") == ""
    assert embeds.random_looking("portalberita.com") == ""


def test_many_scripts_from_one_gambling_host_are_one_finding(sigs: SignatureSet) -> None:
    head = "".join(
        f'<script src="https://shop.gacor-maxwin88.com/assets/{n}.js"></script>'
        for n in ("constants", "pubsub", "global", "animations", "cart", "share", "modal")
    )
    f = only(run(sigs, head))
    assert f.technique is Technique.EXTERNAL_SCRIPT and len(f.evidence) == 5
