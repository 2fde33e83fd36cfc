"""The message catalogs: complete, consistent, and covering every key the code uses."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

import scanner.notify
import scanner.notify.policy
import scanner.report.build
import scanner.report.render
import scanner.report.view
from scanner.crawl.profiles import PROFILES
from scanner.errors import ReportError
from scanner.models import Category, Change, IncidentStatus, Severity, Technique
from scanner.report import remediation
from scanner.report.cms import Cms
from scanner.report.i18n import CATALOGS, LANGUAGES, translator

TEMPLATES = Path(scanner.report.render.__file__).parent / "templates"
FETCH_ERROR_KINDS = [
    *("dns", "refused", "timeout", "tls", "http_status", "too_large", "decompression"),
    *("reset", "redirect_loop", "too_many_redirects", "unsupported_type", "decode"),
    *("connection", "other"),
]
_CALL = re.compile(r"""\b_\(\s*["']([\w.\-]+)["']""")
_PLURAL = re.compile(r"""\b_\.plural\(\s*["']([\w.\-]+)["']""")


def used_keys() -> set[str]:
    """Every literal key passed to ``_()`` / ``_.plural()`` in templates and Python modules."""
    sources = [p.read_text(encoding="utf-8") for p in TEMPLATES.glob("*.j2")]
    modules = (
        scanner.report.render,
        scanner.report.build,
        scanner.report.view,
        scanner.notify,
        scanner.notify.policy,
    )
    for module in modules:
        sources.append(Path(str(module.__file__)).read_text(encoding="utf-8"))
    keys: set[str] = set()
    for text in sources:
        keys.update(_CALL.findall(text))
        for key in _PLURAL.findall(text):
            keys.update({f"{key}.one", f"{key}.other"})
    return keys


def test_languages_indonesian_first() -> None:
    assert LANGUAGES == ("id", "en")


def test_both_catalogs_have_exactly_the_same_keys() -> None:
    ids, ens = set(CATALOGS["id"]), set(CATALOGS["en"])
    assert ids - ens == set() and ens - ids == set()


def test_placeholders_match_between_languages() -> None:
    fmt = string.Formatter()
    for key, text in CATALOGS["id"].items():
        names_id = {f for _, f, _, _ in fmt.parse(text) if f}
        names_en = {f for _, f, _, _ in fmt.parse(CATALOGS["en"][key]) if f}
        assert names_id == names_en, key


def test_every_key_used_in_templates_and_code_exists() -> None:
    keys = used_keys()
    assert len(keys) > 60  # the scan found the calls
    missing = keys - set(CATALOGS["id"])
    assert missing == set()


@pytest.mark.parametrize(
    ("prefix", "values"),
    [
        ("category", [c.value for c in Category]),
        ("technique", [t.value for t in Technique]),
        ("severity", [s.value for s in Severity]),
        ("status", [s.value for s in IncidentStatus]),
        ("change", [c.value for c in Change]),
        ("profile", list(PROFILES)),
        ("site_status", ["ok", "unreachable", "error"]),
        ("fetch_error", FETCH_ERROR_KINDS),
    ],
)
def test_every_enum_value_has_a_label(prefix: str, values: list[str]) -> None:
    for lang in LANGUAGES:
        catalog = CATALOGS[lang]
        for value in values:
            assert catalog.get(f"{prefix}.{value}", "").strip(), (lang, prefix, value)


def test_no_value_is_left_untranslated_by_accident() -> None:
    same = [k for k in CATALOGS["id"] if CATALOGS["id"][k] == CATALOGS["en"][k]]
    # brand and technical words may legitimately be identical, and so may a template made only
    # of placeholders ("{n:#unit.promo_comment}"); real sentences may not
    words = {k: re.sub(r"\{[^}]*\}", "", CATALOGS["en"][k]) for k in same}
    assert all(len(text) <= 12 for text in words.values()), same


def test_plural_and_parameters() -> None:
    en, id_ = translator("en"), translator("id")
    assert en.plural("count.sites", 1) == "1 site"
    assert en.plural("count.sites", 2) == "2 sites"
    assert id_.plural("count.sites", 2) == "2 situs"
    assert en("incident.more_urls", n=30) == "and 30 more pages"


def test_missing_key_and_unknown_language_raise_report_error() -> None:
    with pytest.raises(ReportError, match="nope"):
        translator("id")("nope")
    with pytest.raises(ReportError, match="xx"):
        translator("xx")


def test_label_falls_back_to_the_raw_value() -> None:
    assert translator("en").label("technique", "brand_new_trick") == "brand_new_trick"
    assert translator("en").label("technique", "iframe") == "Hidden / foreign iframe"


def test_remediation_for_every_technique_in_both_languages() -> None:
    for technique in Technique:
        for lang in LANGUAGES:
            hints = remediation.hints(technique, lang)
            assert hints and all(h.strip() for h in hints), (technique, lang)
        assert remediation.hints(technique, "id") != remediation.hints(technique, "en")
    assert remediation.hints("not-a-technique", "id") == ()
    for lang in LANGUAGES:
        steps = " ".join(remediation.general_steps(lang))
        assert "FTP/SSH" in steps and "BSSN" in steps and "Search Console" in steps


def test_remediation_names_the_places_to_look() -> None:
    cloak = " ".join(remediation.hints(Technique.CLOAKING_REFERER, "id"))
    assert ".htaccess" in cloak and "HTTP_REFERER" in cloak
    # WordPress sites get WordPress places (other platforms: tests/report/test_cms_print.py)
    hidden = " ".join(remediation.hints(Technique.HIDDEN_LINKS, "en", Cms.WORDPRESS))
    assert "footer.php" in hidden and "wp_options" in hidden
    uploads = " ".join(remediation.hints(Technique.DOORWAY_PAGE, "en", Cms.WORDPRESS))
    assert "uploads" in uploads
