"""Cloaking detector: gambling content or off-site redirects served only to Googlebot, phones or
Google-referred visitors are found; ordinary per-visitor differences are not incidents."""

from __future__ import annotations

import pytest

from scanner.detect.cloaking import Observation, compare_profiles
from scanner.extract import analyse
from scanner.models import Category, FetchError, FetchResult, Finding, Hop, Severity, Technique
from scanner.signatures import SignatureSet, load_signatures

HOST = "bappeda.lampungprov.go.id"
URL = f"https://{HOST}/"


@pytest.fixture(scope="module")
def sigs() -> SignatureSet:
    return load_signatures()


def clean_page(news: tuple[str, ...] = ("Musrenbang RKPD 2025", "Rapat koordinasi SPM"),
               extra: str = "", csrf: str = "a1b2c3") -> str:  # fmt: skip
    items = "".join(f"<li><a href='/berita/{i}'>{t}</a></li>" for i, t in enumerate(news))
    return f"""<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>Bappeda Provinsi Lampung</title>
<meta name="csrf-token" content="{csrf}"></head><body>
<nav><a href="/">Beranda</a><a href="/profil">Profil</a><a href="/dokumen">Dokumen RPJMD</a></nav>
<h1>Badan Perencanaan Pembangunan Daerah Provinsi Lampung</h1>
<p>Bappeda mengoordinasikan perencanaan pembangunan daerah di Bandar Lampung dan 15
kabupaten/kota. Jadwal slot konsultasi publik dibuka setiap Selasa.</p>
<ul>{items}</ul>{extra}<footer>Jl. Robert Wolter Monginsidi No. 69, Bandar Lampung</footer>
</body></html>"""


DOORWAY = """<!DOCTYPE html><html><head><title>SLOT GACOR 2024 ⚡ Link Situs Slot Gacor Gampang
Maxwin Hari Ini</title></head><body><h1>Situs Slot Gacor Gampang Maxwin</h1>
<p>Daftar slot gacor hari ini dengan bonus new member 100 dan RTP live tertinggi. Deposit pulsa
tanpa potongan, link alternatif resmi.</p>
<a href="https://gacor-maxwin88.com/daftar">DAFTAR SEKARANG</a></body></html>"""


def obs(profile: str, html: str | None, *, status: int | None = 200, final_url: str = URL,
        offsite: str | None = None, hops: tuple[Hop, ...] = (),
        error: FetchError | None = None) -> Observation:  # fmt: skip
    fetch = FetchResult(
        url=URL, final_url=final_url, profile=profile, status=status, redirects=hops,
        content_type="text/html" if html is not None else "", text=html, error=error,
        offsite_redirect=offsite,
    )  # fmt: skip
    view = analyse(html, final_url, site_host=HOST) if html is not None else None
    return Observation(profile, fetch, view)


def compare(sigs: SignatureSet, *observations: Observation) -> list[Finding]:
    return compare_profiles(URL, {o.profile: o for o in observations}, sigs, HOST)


@pytest.mark.parametrize(
    ("profile", "technique"),
    [
        ("googlebot", Technique.CLOAKING_UA),
        ("google-referer", Technique.CLOAKING_REFERER),
        ("mobile", Technique.CLOAKING_MOBILE),
    ],
)
def test_gambling_doorway_served_only_to_one_profile(
    sigs: SignatureSet, profile: str, technique: Technique
) -> None:
    (f,) = compare(sigs, obs("browser", clean_page()), obs(profile, DOORWAY))
    assert (f.technique, f.category, f.severity) == (technique, Category.GAMBLING, Severity.HIGH)
    ev = f.evidence[0]
    assert ev.profile == profile
    assert "Bappeda Provinsi Lampung" in ev.detail and "SLOT GACOR" in ev.detail
    assert "gacor-maxwin88.com" in ev.detail
    assert f.target_domain == "gacor-maxwin88.com"


def test_hidden_gambling_links_only_for_googlebot(sigs: SignatureSet) -> None:
    spam = (
        '<div style="display:none"><a href="https://slot-gacor88.net/">slot gacor</a>'
        '<a href="https://gacor-maxwin88.com/">bandar togel terpercaya</a></div>'
    )
    (f,) = compare(sigs, obs("browser", clean_page()), obs("googlebot", clean_page(extra=spam)))
    assert f.technique is Technique.CLOAKING_UA
    assert set(f.evidence[0].targets) == {
        "https://slot-gacor88.net/", "https://gacor-maxwin88.com/",
    }  # fmt: skip


def test_offsite_redirect_only_for_google_referer(sigs: SignatureSet) -> None:
    target = "https://gacor-maxwin88.com/?src=bappeda"
    referer = obs("google-referer", None, status=302, offsite=target,
                  hops=(Hop(URL, 302, target),))  # fmt: skip
    (f,) = compare(sigs, obs("browser", clean_page()), referer)
    assert f.technique is Technique.CLOAKING_REFERER and f.category is Category.GAMBLING
    assert f.evidence[0].targets == (target,) and f.evidence[0].profile == "google-referer"


def test_offsite_redirect_only_for_mobile_to_unknown_host(sigs: SignatureSet) -> None:
    target = "https://m-promo.zq81.example/"
    mobile = obs("mobile", None, status=301, offsite=target, hops=(Hop(URL, 301, target),))
    (f,) = compare(sigs, obs("browser", clean_page()), mobile)
    assert f.technique is Technique.CLOAKING_MOBILE and f.category is Category.MALICIOUS_SCRIPT
    assert f.severity is Severity.HIGH


def test_js_redirect_only_served_to_mobile(sigs: SignatureSet) -> None:
    script = "<script>window.location.replace('https://gacor-maxwin88.com/m');</script>"
    (f,) = compare(sigs, obs("browser", clean_page()), obs("mobile", clean_page(extra=script)))
    assert f.technique is Technique.CLOAKING_MOBILE
    assert f.target_domain == "gacor-maxwin88.com"


def test_meta_refresh_only_for_googlebot(sigs: SignatureSet) -> None:
    meta = '<meta http-equiv="refresh" content="0;url=https://slot-gacor88.net/">'
    page = clean_page().replace("</head>", meta + "</head>")
    (f,) = compare(sigs, obs("browser", clean_page()), obs("googlebot", page))
    assert f.technique is Technique.CLOAKING_UA and f.target_domain == "slot-gacor88.net"


def test_browser_failure_still_reports_with_lower_confidence(sigs: SignatureSet) -> None:
    browser = obs("browser", None, status=None, error=FetchError("timeout", "read timeout"))
    (f,) = compare(sigs, browser, obs("googlebot", DOORWAY))
    assert f.confidence < 0.9


# --------------------------------------------------------------------------- benign differences


def test_cookie_banner_hidden_from_googlebot(sigs: SignatureSet) -> None:
    banner = "<div id='cookie'>Situs ini menggunakan cookie. <button>Setuju</button></div>"
    assert compare(sigs, obs("browser", clean_page(extra=banner)),
                   obs("googlebot", clean_page())) == []  # fmt: skip


def test_rotating_news_and_csrf_tokens(sigs: SignatureSet) -> None:
    other = clean_page(news=("Rapat koordinasi SPM", "Forum perangkat daerah"), csrf="zz99")
    assert compare(sigs, obs("browser", clean_page()), obs("google-referer", other)) == []


def test_mobile_layout_and_internal_mobile_redirect(sigs: SignatureSet) -> None:
    m_url = f"https://m.{HOST.removeprefix('bappeda.')}/bappeda"
    mobile = obs("mobile", clean_page().replace("<nav>", "<nav class='mobile'>"),
                 final_url=m_url, hops=(Hop(URL, 302, m_url),))  # fmt: skip
    amp = obs("googlebot", clean_page(), final_url=f"{URL}?amp=1")
    assert compare(sigs, obs("browser", clean_page()), mobile, amp) == []


def test_not_modified_versus_ok(sigs: SignatureSet) -> None:
    assert compare(sigs, obs("browser", clean_page()), obs("googlebot", None, status=304)) == []


def test_news_about_gambling_seen_by_mobile_only(sigs: SignatureSet) -> None:
    news = clean_page(news=("Satgas memblokir situs slot gacor, polisi tangkap bandar togel",
                            "Bahaya judi online bagi pelajar"))  # fmt: skip
    assert compare(sigs, obs("browser", clean_page()), obs("mobile", news)) == []


def test_browser_already_gambling_is_not_cloaking(sigs: SignatureSet) -> None:
    assert compare(sigs, obs("browser", DOORWAY), obs("googlebot", DOORWAY)) == []


@pytest.mark.parametrize(
    "script",
    [
        'window.location.replace("https://www.nagaolxx500.online/");',
        "var u='https://promo-'+'zeus.site/';\nsetTimeout(function(){top.location.href=u},300);",
    ],
)
def test_plain_js_redirect_only_for_google_visitors_is_cloaking(
    sigs: SignatureSet, script: str
) -> None:
    # The redirect itself carries no condition: the server decides who gets it.
    cloaked = clean_page(extra=f"<script>{script}</script>")
    findings = compare(sigs, obs("browser", clean_page()), obs("google-referer", cloaked))
    assert [f.technique for f in findings] == [Technique.CLOAKING_REFERER]
    assert findings[0].severity is Severity.HIGH
    assert findings[0].evidence[0].profile == "google-referer"


def test_same_plain_redirect_for_everyone_is_not_cloaking(sigs: SignatureSet) -> None:
    page = clean_page(extra='<script>location.href="https://portal-baru.example.org/"</script>')
    assert compare(sigs, obs("browser", page), obs("google-referer", page)) == []


# --------------------------------------------------------------------------- already infected

FOOTER_SPAM = (
    '<div style="position:absolute;left:-9999px"><a href="https://olxtoto88.org/">olxtoto</a>'
    '<a href="https://olxtoto88.org/daftar">situs toto togel terpercaya</a></div>'
)


def test_googlebot_doorway_on_a_page_already_visibly_infected(sigs: SignatureSet) -> None:
    # The owner sees (and cleans) the footer block; the Googlebot-only doorway is another incident.
    infected = clean_page(extra=FOOTER_SPAM)
    (f,) = compare(sigs, obs("browser", infected), obs("googlebot", DOORWAY))
    assert f.technique is Technique.CLOAKING_UA and f.category is Category.GAMBLING
    assert f.target_domain == "gacor-maxwin88.com"


def test_google_referer_redirect_on_a_page_already_visibly_infected(sigs: SignatureSet) -> None:
    target = "https://gacor-maxwin88.com/?ref=google"
    referer = obs("google-referer", None, status=302, offsite=target,
                  hops=(Hop(URL, 302, target),))  # fmt: skip
    (f,) = compare(sigs, obs("browser", clean_page(extra=FOOTER_SPAM)), referer)
    assert f.technique is Technique.CLOAKING_REFERER and f.target_domain == "gacor-maxwin88.com"


def test_cloaked_links_of_the_same_attacker_beside_a_visible_block(sigs: SignatureSet) -> None:
    # Same brand as the footer, but Googlebot alone gets a gambling title and a new link farm.
    more = FOOTER_SPAM + (
        '<div><a href="https://slot-gacor88.net/">slot gacor hari ini</a>'
        '<a href="https://slot-gacor88.net/rtp">rtp live</a></div>'
    )
    page = clean_page(extra=more).replace(
        "<title>Bappeda Provinsi Lampung</title>", "<title>OLXTOTO Situs Toto Togel</title>"
    )
    findings = compare(sigs, obs("browser", clean_page(extra=FOOTER_SPAM)), obs("googlebot", page))
    assert [f.technique for f in findings] == [Technique.CLOAKING_UA]
    assert findings[0].target_domain == "slot-gacor88.net"


def test_infected_page_served_alike_to_every_profile_is_not_cloaking(sigs: SignatureSet) -> None:
    infected = clean_page(extra=FOOTER_SPAM)
    assert compare(sigs, obs("browser", infected), obs("googlebot", infected),
                   obs("mobile", infected), obs("google-referer", infected)) == []  # fmt: skip


def test_infected_page_whose_injection_adds_one_rotating_word(sigs: SignatureSet) -> None:
    rotated = FOOTER_SPAM.replace("terpercaya</a>", "terpercaya maxwin</a>")
    assert compare(sigs, obs("browser", clean_page(extra=FOOTER_SPAM)),
                   obs("googlebot", clean_page(extra=rotated))) == []  # fmt: skip
