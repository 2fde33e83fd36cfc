"""Detector prose comes from the message catalogs, in the report's language (issue 13, item 1).

Every finding summary, evidence detail and incident summary is a catalog key plus parameters;
the Indonesian report must carry no English sentence, and scans stored before the catalogs
(English text, no key) must still render.
"""

from __future__ import annotations

import ast
import re
import string
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from scanner.detect import detect_page
from scanner.detect.cloaking import _WHO, compare_profiles
from scanner.detect.embeds import _Flag
from scanner.detect.scripts.redirects import _conditions
from scanner.extract import analyse
from scanner.integrity.evaluate import _VALUE_FINDINGS, _WHAT
from scanner.judge import group_incidents
from scanner.models import (
    Evidence,
    FetchError,
    Hop,
    Incident,
    Message,
    MessageParam,
    SiteResult,
)
from scanner.output import finding_to_json, incident_to_json
from scanner.pipeline.site import INTERRUPTED
from scanner.report import build_view, render_html
from scanner.report.i18n import CATALOGS, english, translator
from scanner.signatures import SignatureSet, load_signatures
from scanner.store import codec

from ..detect.pages_support import context
from ..detect.test_cloaking import HOST as CLOAK_HOST
from ..detect.test_cloaking import URL as CLOAK_URL
from ..detect.test_cloaking import clean_page as cloak_clean_page
from ..detect.test_cloaking import obs as cloak_obs
from .builders import ok, scan, site

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"

# Words of English detector prose; none may reach the Indonesian report. Technical terms that
# Indonesian operators use as they are (cloaking, doorway, iframe, sitemap, baseline, title,
# meta, deface, hash, status, keyboard, embed) are deliberately not listed.
ENGLISH = re.compile(
    r"\b(hidden|links?|pages?|gambling|promoting|promotion|redirects?|visitors?|browsers?|"
    r"content|comments?|defacement|since|new|the|and|of|from|with|only|text|replaced|changed|"
    r"matches|known|loads|writes|shows|sends|phrases?|words?|navigation|pointing|linking|"
    r"example|appended|injected|unknown|before|distinct|terms?|served|listed|decoded|"
    r"depth|built|obfuscated|similarity|structure|signed|overlays?|refresh to|spam in|"
    r"possible|unrelated|online gambling|interrupted|fetched|attr|background|off-site|a11y|"
    r"size|sent|error)\b",
    re.IGNORECASE,
)

DETECTOR_PREFIXES = (
    "prose.", "incident_category.", "incident_what.", "unit.", "finding.", "detail.",
    "placement.", "link_reason.", "deface_where.", "deface_field.", "head_field.", "reason.",
    "cloak_who", "frame_how.", "host_oddity.", "via.", "code.", "condition.", "bad_kind.",
    "drift", "site_error.", "hide.", "cloak_went.",
)  # fmt: skip
DETECTOR_KEYS = sorted(k for k in CATALOGS["en"] if k.startswith(DETECTOR_PREFIXES))
NESTED = {"example", "what", "who", "how", "via", "finding", "detail", "reason", "went"}
PROSE_PARAMS = {"reason", "how", "went"}
"""Parameters that are words around data (why something is hidden, where a browser went):
always a message, never a raw English text the words check would strip as data."""
LISTS = {"items", "placement", "conditions"}

# A page of the kind these sites really get: a sports office's booking page ("slot" is a time
# slot, Bandar Lampung a city) with a cloaked redirect, a zero-size gambling frame, a refresh,
# a form posting off-site and a script from a bare IP address.
EMBEDS_PAGE = """<!doctype html><html lang="id"><head>
<title>Jadwal Slot Lapangan Futsal - Dispora Kabupaten Contoh</title>
<meta http-equiv="refresh" content="5;url=https://slotgacor-maxwin88.xyz/daftar">
<script src="https://45.12.33.9/stat.js"></script></head><body>
<nav><a href="/">Beranda</a> <a href="/profil">Profil</a> <a href="/berita">Berita</a>
<a href="/layanan">Layanan</a></nav>
<h1>Jadwal slot pemakaian lapangan futsal GOR Bandar Lampung</h1>
<p>Pemesanan slot waktu lapangan dibuka setiap Senin pukul 08.00 WIB di loket Dispora.</p>
<iframe src="https://slotgacor-maxwin88.xyz/promo" width="0" height="0"></iframe>
<form action="https://slotgacor-maxwin88.xyz/daftar" method="post"><input name="u"></form>
<script>if (/googlebot|bingbot/i.test(navigator.userAgent)) {
  window.location.href = "https://slotgacor-maxwin88.xyz/"; }</script>
</body></html>"""

# A district news page with every kind of hide the extract stage names: an inline style, the
# ``hidden`` attribute, a stylesheet rule, white-on-white text, aria-hidden around off-site
# links, noscript and a zero-size marquee, each around injected gambling promotion; the real
# news is ABOUT online gambling (a trap for the words check, not a finding).
HIDES_PAGE = """<!doctype html><html lang="id"><head>
<title>Satpol PP Kabupaten Contoh Tertibkan Warung Judi Online</title>
<style>.sponsor-area{display:none} body{background:#ffffff}</style></head><body>
<nav><a href="/">Beranda</a> <a href="/berita">Berita</a> <a href="/kontak">Kontak</a></nav>
<h1>Satpol PP menertibkan warung yang menyediakan judi online di Bandar Udara lama</h1>
<p>Kepala Satpol PP mengimbau warga melapor bila menemukan praktik judi online di lingkungannya.
Slot waktu pengaduan dibuka setiap hari kerja pukul 08.00-15.00 WIB.</p>
<div style="display:none"><a href="https://slotgacor-maxwin88.xyz/">SLOT GACOR HARI INI</a>
<a href="https://slotgacor-maxwin88.xyz/daftar">DAFTAR SLOT GACOR MAXWIN</a></div>
<div hidden><a href="https://togel-hoki77.com/">BANDAR TOGEL ONLINE TERPERCAYA</a>
<a href="https://togel-hoki77.com/login">LOGIN TOGEL HOKI77</a></div>
<div class="sponsor-area"><p>Situs slot gacor gampang maxwin, daftar slot online bonus new
member 100 deposit pulsa tanpa potongan.</p></div>
<p style="color:#ffffff">Agen judi bola terpercaya, daftar sbobet dan slot gacor maxwin bonus
new member, link alternatif resmi.</p>
<div aria-hidden="true"><a href="https://gacor-vip88.net/">Slot88 link alternatif gacor</a>
<a href="https://gacor-vip88.net/promo">Bonus new member slot gacor</a></div>
<noscript><a href="https://maxwin-toto.org/">TOTO SLOT GACOR MAXWIN</a></noscript>
<marquee width="0" height="0"><a href="https://maxwin-toto.org/slot">SITUS SLOT GACOR</a>
</marquee>
<footer>Satpol PP Kabupaten Contoh, Jl. Merdeka No. 1</footer></body></html>"""


@pytest.fixture(scope="module", name="sigs")
def sigs_fixture() -> SignatureSet:
    return load_signatures()


def _words(lang: str, text: str, message: Message | None = None) -> list[str]:
    """English prose words in ``text`` (Indonesian only), the message's text params left out:
    a CSS reason (``overflow:hidden``) or a page title is data, not prose."""
    if lang != "id":
        return []
    for value in sorted(_texts(message), key=len, reverse=True) if message else ():
        text = text.replace(value, " ")
    return ENGLISH.findall(text)


def _texts(message: Message) -> list[str]:
    out: list[str] = []
    for _name, value in message.params:
        if isinstance(value, Message):
            out += _texts(value)
        elif isinstance(value, tuple):
            out += [t for m in value for t in _texts(m)]
        elif isinstance(value, str) and value:
            out += [value, repr(value)]
    return out


def _sample(name: str, spec: str) -> MessageParam:
    """A parameter value that exercises ``spec`` (a real label value for ``@`` lookups)."""
    if spec.startswith("#") or name in {"n", "depth", "strong", "discussion", "terms",
                                        "domains", "pages", "total"}:  # fmt: skip
        return 3
    if spec.startswith("@"):
        prefix = spec[1:] + "."
        return next(k.removeprefix(prefix) for k in CATALOGS["en"] if k.startswith(prefix))
    if name in NESTED:
        return Message.of("unit.page", n=2)
    if name in LISTS:
        return (Message.of("placement.cms_folder"), Message.of("reason.no_nav"))
    if name == "css":
        return "display:none"
    return "slot88.xyz"


def _params(key: str) -> dict[str, MessageParam]:
    fields: dict[str, MessageParam] = {}
    for lang in CATALOGS:
        for _lit, name, spec, _conv in string.Formatter().parse(CATALOGS[lang][key]):
            if name:
                fields[name] = _sample(name, spec or "")
    return fields


@pytest.mark.parametrize("key", DETECTOR_KEYS)
def test_every_detector_message_renders_in_both_languages(key: str) -> None:
    message = Message.of(key, **_params(key))
    for lang in CATALOGS:
        text = translator(lang).render(message)
        assert "{" not in text.replace("{display", ""), (lang, text)
        assert _words(lang, text) == [], (key, text)


def _keys_in_code() -> set[str]:
    """Every literal message key the detectors, integrity and the judge build."""
    keys: set[str] = set()
    paths = [*sorted((ROOT / "scanner" / "detect").rglob("*.py")),
             *sorted((ROOT / "scanner" / "integrity").rglob("*.py")),
             ROOT / "scanner" / "judge.py"]  # fmt: skip
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr != "of" or not node.args:
                continue
            first = node.args[0]
            options = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
            keys.update(o.value for o in options if isinstance(o, ast.Constant))
    return keys


def _defined(key: str, lang: str) -> bool:
    catalog = CATALOGS[lang]
    return key in catalog or (f"{key}.one" in catalog and f"{key}.other" in catalog)


def test_every_key_the_code_builds_is_in_both_catalogs() -> None:
    keys = _keys_in_code()
    assert len(keys) > 40, keys
    # keys built from data: embed flags, profiles, conditions, drift kinds, change kinds
    flags = {v.key for m in (__import__("scanner.detect.embeds", fromlist=["x"]),)
             for v in vars(m).values() if isinstance(v, _Flag)}  # fmt: skip
    keys |= {f"{kind}.embed.{flag}" for flag in flags for kind in ("finding", "detail")}
    keys |= {f"cloak_who.{name}" for name in _WHO}
    tests = "document.referrer google navigator.userAgent googlebot screen.width language"
    keys |= {f"condition.{c}" for c in _conditions(tests + " Intl timezone")}
    keys |= {f"finding.drift.{kind}" for kind in _VALUE_FINDINGS}
    keys |= {f"detail.drift.{kind}" for kind in _VALUE_FINDINGS if kind != "pages_added"}
    keys |= {f"drift_what.{what}" for what in _WHAT.values()}
    keys |= {f"finding.{k}_to" for k in ("doorway_page", "visible_content")}
    assert len(flags) >= 9 and len({k for k in keys if k.startswith("condition.")}) >= 2
    missing = sorted((k, lang) for k in keys for lang in CATALOGS if not _defined(k, lang))
    assert missing == []


def _page_findings(sigs: SignatureSet) -> list[tuple[str, Any]]:
    """Findings of every golden page with findings, plus the embeds page (url, findings)."""
    table = yaml.safe_load((GOLDEN / "expected.yaml").read_text())["pages"]
    pages = [(c["file"], (GOLDEN / c["file"]).read_text(encoding="utf-8"), c) for c in table]
    pages.append(("embeds.html", EMBEDS_PAGE, {}))
    pages.append(("hides.html", HIDES_PAGE, {}))
    out = []
    for name, html, case in pages:
        url = f"https://dispora.contohkab.go.id/{name}"
        ctx = context(url, is_homepage=case.get("homepage", False),
                      linked=case.get("linked", True), in_sitemap=case.get("in_sitemap", False))
        found = detect_page(analyse(html, url), ctx, sigs)  # fmt: skip
        if found:
            out.append((url, found))
    return out


def _prose_params(message: Message) -> list[tuple[str, str, MessageParam]]:
    """(key, name, value) of every prose parameter (``PROSE_PARAMS``) in ``message`` and the
    messages nested in it, except label lookups (``{reason:@link_reason}``)."""
    out: list[tuple[str, str, MessageParam]] = []
    specs = {name: spec or "" for _l, name, spec, _c in
             string.Formatter().parse(CATALOGS["en"].get(message.key, "")) if name}  # fmt: skip
    for name, value in message.params:
        if name in PROSE_PARAMS and not specs.get(name, "").startswith("@"):
            out.append((message.key, name, value))
        nested = value if isinstance(value, tuple) else (value,)
        for m in nested:
            if isinstance(m, Message):
                out += _prose_params(m)
    return out


def test_real_findings_render_without_english_in_the_indonesian_report(
    sigs: SignatureSet,
) -> None:
    pages = _page_findings(sigs)
    findings = [f for _url, found in pages for f in found]
    # Why something is hidden is words around CSS: a message (hide.*), never an English text
    # that the words check below would strip as data ("hidden by style: display:none").
    messages = [m for f in findings for m in (f.message, *(e.message for e in f.evidence)) if m]
    prose = [p for m in messages for p in _prose_params(m)]
    assert [p for p in prose if p[2] != "" and not isinstance(p[2], Message)] == []
    hides = {v.key for _k, name, v in prose if name == "reason" and isinstance(v, Message)}
    assert {"hide.style", "hide.attribute", "hide.css"} <= hides, hides
    assert len(hides) >= 5, hides
    techniques = {f.technique for f in findings}
    assert len(techniques) >= 12, techniques  # the golden pages and the embeds page
    s = site("dispora.contohkab.go.id", "Dinas Pemuda dan Olahraga")
    incidents = group_incidents(s, findings, now=scan().started)
    id_ = translator("id")
    for f in findings:
        assert f.message is not None and f.summary == english(f.message)
        assert _words("id", id_.render(f.message), f.message) == [], f.summary
        for ev in f.evidence:
            assert ev.message is not None, (f.technique, ev.detail)
            assert ev.detail == english(ev.message)[:500]
    view_id = build_view(scan(ok(s, *incidents)), "id")
    view_en = build_view(scan(ok(s, *incidents)), "en")
    assert len(view_id.incidents) == len(incidents) >= 10
    by_id = {i.id: i for i in incidents}
    for inc_id, inc_en in zip(view_id.incidents, view_en.incidents, strict=True):
        inc = by_id[inc_id.id]
        assert inc_en.summary == " ".join(inc.summary.split())
        assert _words("id", inc_id.summary, inc.message) == [], inc_id.summary
        assert inc_id.summary.startswith(id_.label("incident_category", inc.category.value))
        for ev, stored in zip(inc_id.evidence, inc.evidence, strict=False):
            assert _words("id", ev.detail, stored.message) == [], ev.detail
    html = render_html(scan(ok(s, *incidents)), "id")
    assert "Example:" not in html and "Contoh:" in html and "hidden by" not in html


@pytest.mark.parametrize("browser_fails", [False, True])
def test_cloaking_redirect_evidence_reads_in_indonesian(
    sigs: SignatureSet, browser_fails: bool
) -> None:
    """The cloaked redirect's evidence: the snippet is where Googlebot was sent (data), the
    sentence around it (where the browser went instead) comes from the catalogs."""
    target = "https://gacor-maxwin88.com/?src=bappeda"
    googlebot = cloak_obs("googlebot", None, status=302, offsite=target,
                          hops=(Hop(CLOAK_URL, 302, target),))  # fmt: skip
    browser = (
        cloak_obs("browser", None, status=None, error=FetchError("timeout", "read timeout"))
        if browser_fails
        else cloak_obs("browser", cloak_clean_page())
    )
    (f,) = compare_profiles(CLOAK_URL, {"browser": browser, "googlebot": googlebot}, sigs,
                            CLOAK_HOST)  # fmt: skip
    (ev,) = f.evidence
    assert ev.message is not None and ev.detail == english(ev.message)[:500]
    assert ev.snippet == target and _words("id", ev.snippet) == []
    detail = translator("id").render(ev.message)
    assert _words("id", detail, ev.message) == [], detail
    assert f"googlebot dialihkan ke {target}; peramban: " in detail
    assert ("gagal dimuat (Waktu habis)" in detail) is browser_fails
    assert "was sent to" in english(ev.message) and "was sent to" not in detail


def test_plurals_and_numbers_follow_the_language() -> None:
    one = Message.of("finding.hidden_links_to", n=1, target="slot88.xyz", reason="style: x")
    many = replace(one, params=(("n", 1234), *one.params[1:]))
    assert english(one).startswith("1 hidden link to online gambling (slot88.xyz)")
    assert english(many).startswith("1,234 hidden links to online gambling")
    assert translator("id").render(many).startswith("1.234 tautan tersembunyi ke situs judi")
    pages = Message.of("prose.incident", category="gambling", technique="hidden_links",
                       pages=1, target="", example="x")  # fmt: skip
    assert "on 1 page." in english(pages) and "di 1 halaman." in translator("id").render(pages)


def _stored_incident() -> dict[str, Any]:
    """An incident as a scanner before the catalogs stored it: English text, no keys."""
    return {
        "id": "0123456789abcdef", "site": "dinkes.contohkab.go.id", "category": "gambling",
        "technique": "hidden_links", "severity": "high", "confidence": 0.9,
        "url": "https://dinkes.contohkab.go.id/berita/1",
        "urls": ["https://dinkes.contohkab.go.id/berita/1"],
        "summary": "Online gambling (judi online): hidden links on 1 page. Example: 8 hidden "
        "link(s) to online gambling, hidden by style: display:none",
        "evidence": [{"url": "https://dinkes.contohkab.go.id/berita/1", "snippet": "slot gacor",
                      "detail": "hidden by style: display:none: 8 gambling link(s)"}],
        "status": "open", "change": "new",
    }  # fmt: skip


def test_an_old_stored_scan_without_keys_still_renders_its_english_text() -> None:
    old = codec.decode_incident(_stored_incident())
    assert old.message is None and old.evidence[0].message is None
    s = site("dinkes.contohkab.go.id", "Dinas Kesehatan")
    view = build_view(scan(ok(s, old)), "id")
    assert view.incidents[0].summary == " ".join(old.summary.split())
    assert view.incidents[0].evidence[0].detail == old.evidence[0].detail
    assert "hidden by style: display:none" in render_html(scan(ok(s, old)), "id")


def test_messages_survive_the_codec_and_an_unknown_key_falls_back(sigs: SignatureSet) -> None:
    _url, found = _page_findings(sigs)[0]
    s = site("dispora.contohkab.go.id")
    incident: Incident = group_incidents(s, found, now=scan().started)[0]
    again = codec.decode_incident(codec.loads(codec.dumps(codec.encode_incident(incident))))
    assert again == incident and again.message is not None
    encoded = codec.encode_finding(found[0])
    assert encoded["message_key"] == found[0].message.key if found[0].message else False
    assert codec.decode_finding(encoded) == found[0]
    # a newer scanner's key this catalog does not know: the stored English text is shown
    newer = replace(incident, message=Message.of("finding.from_the_future", n=2))
    assert build_view(scan(ok(s, newer)), "id").incidents[0].summary == incident.summary[:500]


def test_evidence_json_adds_message_key_and_params() -> None:
    detail = Message.of("detail.hidden_links", reason="style: display:none", n=8)
    ev = Evidence(url="https://a.go.id/", detail=english(detail), message=detail)
    data = codec.encode_evidence(ev)
    assert data["message_key"] == "detail.hidden_links"
    assert data["message_params"] == {"reason": "style: display:none", "n": 8}
    assert "message" not in data and codec.decode_evidence(data) == ev


@pytest.mark.parametrize(
    ("error", "label", "detail"),
    [
        ("dns: ClientConnectorDNSError: Cannot connect to host dinkes.contohkab.go.id:443",
         "fetch_error.dns", "ClientConnectorDNSError: Cannot connect to host"),
        (INTERRUPTED, "site_error.interrupted", ""),
        ("no page could be fetched", "site_error.no_page", ""),
    ],
)  # fmt: skip
def test_site_errors_get_catalog_labels_and_keep_the_technical_message(
    error: str, label: str, detail: str
) -> None:
    s = site("dinkes.contohkab.go.id")
    failed = SiteResult(site=s, status="unreachable", error=error)
    for lang in CATALOGS:
        row = build_view(scan(failed), lang).failures[0]
        assert translator(lang)(label) in row.problem
        assert row.message.startswith(detail)
        assert _words(lang, row.problem) == []


def test_json_output_adds_message_key_and_params_and_keeps_summary(sigs: SignatureSet) -> None:
    _url, found = _page_findings(sigs)[0]
    incident = group_incidents(site("dispora.contohkab.go.id"), found, now=scan().started)[0]
    data = incident_to_json(incident)
    assert data["summary"] == incident.summary and data["message_key"] == "prose.incident_to"
    assert data["message_params"]["example"]["key"].startswith("finding.")
    assert data["evidence"][0]["message_key"].startswith("detail.")
    assert finding_to_json(found[0])["message_key"] == found[0].message.key  # type: ignore[union-attr]
    old = incident_to_json(codec.decode_incident(_stored_incident()))
    assert old["message_key"] is None and old["message_params"] is None
    assert old["evidence"][0]["message_key"] is None
