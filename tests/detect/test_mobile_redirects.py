"""Mobile-only redirects read statically: every way a page or script tells a phone from a
desktop (User-Agent words, media queries, screen and viewport widths, touch support) guarding a
change of location off the site is a conditional redirect; the same tests guarding a site's own
mobile page, a menu or a share button are not."""

from __future__ import annotations

import pytest

from scanner.detect import scripts
from scanner.detect.base import PageContext
from scanner.extract import analyse
from scanner.models import Category, Severity, Technique
from scanner.signatures import SignatureSet, load_signatures

HOST = "bappeda.kabsukamaju.go.id"
URL = f"https://{HOST}/perencanaan/rkpd-2026"
CTX = PageContext(url=URL, site_host=HOST)
PROMO = "https://go.zx81qv.site/m/?ref=bpd"


@pytest.fixture(scope="module")
def sigs() -> SignatureSet:
    return load_signatures()


def page(code: str) -> str:
    return f"""<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>RKPD 2026 - Bappeda Kabupaten Sukamaju</title></head><body>
<nav><a href="/">Beranda</a> <a href="/dokumen">Dokumen</a></nav><main><h1>Rencana Kerja
Pemerintah Daerah 2026</h1><p>Musrenbang kecamatan dibuka dengan slot waktu 30 menit per desa.
Dokumen RKPD dapat diunduh pada menu Dokumen.</p></main><script>{code}</script></body></html>"""


def run(sigs: SignatureSet, code: str) -> list:  # type: ignore[type-arg]
    return scripts.detect(analyse(page(code), URL, site_host=HOST), CTX, sigs)


MOBILE = {
    "media-query": f"""if (window.matchMedia("only screen and (max-width: 760px)").matches) {{
        window.location = "{PROMO}"; }}""",
    "mobi-word": f"""var isMobi = /Mobi/i.test(window.navigator.userAgent);
        if (isMobi) {{ document.location.href = "{PROMO}"; }}""",
    "client-width": f"""var w = document.documentElement.clientWidth || document.body.clientWidth;
        if (w < 768) {{ location.replace('{PROMO}'); }}""",
    "avail-width": f"if(screen.availWidth<=820){{top.location.href='{PROMO}'}}",
    "touch": f"""if ('ontouchstart' in window || navigator.maxTouchPoints > 1) {{
        setTimeout(function(){{ window.location.assign("{PROMO}"); }}, 800); }}""",
    "jquery-width": f"$(function(){{ if ($(window).width() < 800) {{ window.location.href = "
    f"'{PROMO}'; }} }});",
    "orientation": f"if (typeof window.orientation !== 'undefined') {{ location.href = "
    f"'{PROMO}' }}",
    "coarse-pointer": f"if (matchMedia('(pointer: coarse)').matches) location.href = '{PROMO}';",
    "ua-data": f"""if (navigator.userAgentData && navigator.userAgentData.mobile) {{
        window.location.replace("{PROMO}"); }}""",
    "array-target": f"""var _0x = ["{PROMO}", "x"];
        if (/android|iphone|ipad/i.test(navigator.userAgent)) {{
        window.location.href = _0x[0]; }}""",
}


@pytest.mark.parametrize("code", list(MOBILE.values()), ids=list(MOBILE))
def test_mobile_only_redirect_off_site_is_found(sigs: SignatureSet, code: str) -> None:
    found = [f for f in run(sigs, code) if f.technique is Technique.JS_REDIRECT]
    assert len(found) == 1, found
    finding = found[0]
    assert finding.category is Category.MALICIOUS_SCRIPT
    assert finding.severity is Severity.HIGH
    assert finding.target_domain == "zx81qv.site"
    assert "mobile" in finding.evidence[0].detail


BENIGN = {
    "own-mobile-site": """if (window.matchMedia("(max-width: 600px)").matches) {
        window.location.href = "https://m.kabsukamaju.go.id/bappeda/"; }""",
    "menu": """if ($(window).width() < 992) { $('.navbar-collapse').collapse('hide'); }""",
    "share": """if ('ontouchstart' in window) { window.open('https://wa.me/?text=' +
        encodeURIComponent(location.href)); }""",
    "app-store": """if (/android/i.test(navigator.userAgent)) {
        window.location.href = 'https://play.google.com/store/apps/details?id=id.go.sukamaju'; }""",
    "layout": """var mobile = screen.availWidth < 768; document.body.className +=
        mobile ? ' is-mobile' : ' is-desktop';""",
}


@pytest.mark.parametrize("code", list(BENIGN.values()), ids=list(BENIGN))
def test_mobile_tests_that_stay_on_site_or_on_known_services_are_quiet(
    sigs: SignatureSet, code: str
) -> None:
    assert run(sigs, code) == []


def test_third_party_script_with_a_mobile_redirect_is_an_external_script(
    sigs: SignatureSet,
) -> None:
    code = "/*! widget v1 */" + MOBILE["media-query"]
    url = "https://cdn.widget-cuaca.example.net/w.js"
    ctx = PageContext(url=url, site_host="cdn.widget-cuaca.example.net")
    (finding,) = scripts.detect_asset(url, code, ctx, sigs, offsite=True)
    assert finding.technique is Technique.EXTERNAL_SCRIPT
    assert finding.severity.rank >= Severity.HIGH.rank
    assert "third-party script" in finding.summary
