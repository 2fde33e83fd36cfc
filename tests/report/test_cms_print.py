"""Remediation fits the CMS the scan saw; the report prints on A4 without near-empty pages."""

from __future__ import annotations

import re

import pytest

from scanner.models import Evidence, PageRecord, Site, SiteResult, Technique
from scanner.report import remediation, render_html, render_text
from scanner.report.cms import Cms, infer_cms
from tests.report.builders import incident, scan

HOST = "bkd.contohkab.go.id"


def site_with(*paths: str, evidence: tuple[Evidence, ...] = ()) -> SiteResult:
    s = Site(url=f"https://{HOST}/", name="BKD")
    pages = tuple(
        PageRecord(url=f"https://{HOST}{p}", final_url=f"https://{HOST}{p}", status=200)
        for p in paths
    )
    inc = incident(HOST, Technique.HIDDEN_LINKS, evidence=evidence)
    return SiteResult(site=s, status="ok", pages=pages, incidents=(inc,))


@pytest.mark.parametrize(
    ("paths", "cms"),
    [
        (("/", "/wp-content/uploads/2024/01/pengumuman.pdf", "/?p=12"), Cms.WORDPRESS),
        (("/", "/index.php?option=com_content&view=article&id=7"), Cms.JOOMLA),
        (("/", "/component/content/article/12-berita"), Cms.JOOMLA),
        (("/", "/index.php/berita", "/index.php/berita/105-rapat-koordinasi"), Cms.JOOMLA),
        (("/", "/index.php/berita/detail/12", "/index.php/profil"), Cms.CODEIGNITER),
        (("/", "/storage/berita/foto.jpg", "/livewire/message/x"), Cms.LARAVEL),
        (("/", "/profil.html", "/berita/index.htm"), Cms.STATIC),
        (("/", "/berita/", "/profil/"), Cms.UNKNOWN),
        (("/", "/index.php?page=berita", "/profil.html"), Cms.UNKNOWN),
    ],
)
def test_infer_cms_from_the_sites_own_urls(paths: tuple[str, ...], cms: Cms) -> None:
    assert infer_cms(site_with(*paths)) is cms


def test_infer_cms_from_evidence_urls_but_not_from_attacker_targets() -> None:
    ev = Evidence(
        url=f"https://{HOST}/wp-includes/js/jquery/jquery.min.js",
        targets=("https://slot88.example/index.php?option=com_content",),
    )
    assert infer_cms(site_with("/", evidence=(ev,))) is Cms.WORDPRESS
    # the gambling site behind a hidden link is Joomla: that says nothing about our site
    attacker = Evidence(url=f"https://{HOST}/", targets=ev.targets)
    assert infer_cms(site_with("/berita/", evidence=(attacker,))) is Cms.UNKNOWN


def test_hints_follow_the_cms() -> None:
    wp = " ".join(remediation.hints(Technique.HIDDEN_LINKS, "id", Cms.WORDPRESS))
    joomla = " ".join(remediation.hints(Technique.HIDDEN_LINKS, "id", Cms.JOOMLA))
    laravel = " ".join(remediation.hints(Technique.HIDDEN_LINKS, "en", Cms.LARAVEL))
    ci = " ".join(remediation.hints(Technique.HIDDEN_LINKS, "en", Cms.CODEIGNITER))
    static = " ".join(remediation.hints(Technique.HIDDEN_LINKS, "id", Cms.STATIC))
    assert "wp-content/themes" in wp and "wp_posts" in wp
    assert "templates/" in joomla and "wp-" not in joomla and "#__modules" in joomla
    assert "resources/views" in laravel and "wp-" not in laravel
    assert "application/views" in ci and "wp-" not in ci
    assert "wp-" not in static and "database" not in static.lower()
    for cms in Cms:
        for technique in Technique:
            for lang in ("id", "en"):
                steps = remediation.hints(technique, lang, cms)
                assert steps and all("{" not in s for s in steps), (cms, technique, lang)
        for lang in ("id", "en"):
            general = " ".join(remediation.general_steps(lang, cms))
            assert ("wp-config.php" in general) is (cms is Cms.WORDPRESS), (cms, lang)


def test_report_names_the_cms_and_uses_its_steps() -> None:
    joomla = render_html(scan(site_with("/", "/index.php?option=com_content&id=3")), "en")
    assert "Joomla" in joomla and "wp-content" not in joomla and "wp-config" not in joomla
    wp = render_text(scan(site_with("/", "/wp-content/uploads/a.pdf")), "id")
    assert "WordPress" in wp and "wp-content/themes" in wp


def _css() -> str:
    html = render_html(scan(site_with("/")))
    return re.search(r"<style>(.*?)</style>", html, re.S).group(1)  # type: ignore[union-attr]


def test_print_css_is_a4_without_forced_or_whole_incident_breaks() -> None:
    css = _css()
    page = re.search(r"@page\s*{([^}]*)}", css)
    assert page and "A4" in page.group(1) and "margin" in page.group(1)
    assert "break-before: page" not in css and "page-break-before: always" not in css
    # a whole incident may be taller than a page: keeping it together leaves near-empty pages
    print_css = css[css.index("@media print") :]
    for rule in re.findall(r"([^{}]+){([^{}]*)}", print_css):
        selectors = {s.strip() for s in rule[0].split(",")}
        if ".incident" in selectors or "section" in selectors:
            assert "avoid" not in rule[1], rule
    # small blocks still stay together and headings stay with what follows
    assert re.search(r"\.ev[^{]*{[^}]*break-inside:\s*avoid", print_css)
    assert re.search(r"h3[^{]*{[^}]*break-after:\s*avoid", print_css)
