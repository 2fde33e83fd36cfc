"""evaluate_site and mark_new on hand-made fingerprints: what is raised, what is a note."""

from __future__ import annotations

import dataclasses

from scanner.integrity import KnownBad, KnownBadEntry, evaluate_site, mark_new, unified_diff
from scanner.models import Category, Finding, Fingerprint, Severity, Site, Technique

ROOT = "https://dpmptsp.kabcontoh.go.id"
SITE = Site(url=ROOT + "/")
HOME = ROOT + "/"
KEYS = (HOME, ROOT + "/profil")
WELCOME = ("selamat datang di layanan perizinan terpadu satu pintu kabupaten contoh\n"
           "kami melayani perizinan berusaha dan non berusaha secara daring dan luring\n"
           "jam layanan senin sampai jumat di mal pelayanan publik")  # fmt: skip


def fp(**kw: object) -> Fingerprint:
    base: dict[str, object] = dict(content_sha256="c" * 64, text_hash="0" * 16, dom_hash="0" * 16,
                title="Beranda", main_text=WELCOME)  # fmt: skip
    base.update(kw)
    return Fingerprint(**base)  # type: ignore[arg-type]


BASELINE = {HOME: fp(), ROOT + "/profil": fp(main_text="profil dinas"), ROOT + "/a": fp()}


def run(current: dict[str, Fingerprint], **kw: object) -> tuple[Finding, ...]:
    return evaluate_site(SITE, current, BASELINE, KEYS, KnownBad(), **kw).findings  # type: ignore[arg-type]


def test_title_change_on_key_page_is_raised_on_other_pages_noted() -> None:
    current = dict(BASELINE)
    current[HOME] = fp(title="Hacked by nobody")
    current[ROOT + "/a"] = fp(title="Judul lain")
    outcome = evaluate_site(SITE, current, BASELINE, KEYS, KnownBad())
    assert [(f.technique, f.url) for f in outcome.findings] == [(Technique.CONTENT_CHANGE, HOME)]
    assert "Hacked by nobody" in outcome.findings[0].evidence[0].detail
    assert any(n.kind == "title" and n.url == ROOT + "/a" for n in outcome.notes)


def test_small_edit_on_key_page_is_only_a_note() -> None:
    current = dict(BASELINE)
    current[HOME] = fp(main_text=WELCOME.replace("daring dan luring", "daring, luring"))
    outcome = evaluate_site(SITE, current, BASELINE, KEYS, KnownBad())
    assert outcome.findings == ()
    assert [n.kind for n in outcome.notes] == ["text"]


def test_signature_finding_explains_the_change() -> None:
    current = dict(BASELINE)
    current[HOME] = fp(main_text="hacked by someone\ngreetz to all")
    sig = Finding(Category.DEFACEMENT, Technique.DEFACEMENT_PAGE, Severity.CRITICAL, 0.9, HOME,
                  "defacement page")  # fmt: skip
    assert run(current, findings=[sig]) == ()
    assert [f.technique for f in run(current)] == [Technique.CONTENT_CHANGE]


def test_offsite_redirect_and_iframe_and_hidden_links() -> None:
    current = dict(BASELINE)
    current[HOME] = fp(redirect_target="https://m.slot-gacor.com/")
    current[ROOT + "/a"] = fp(iframe_domains=("evil-frame.example",),
                              hidden_link_domains=("togel88.example",))  # fmt: skip
    found = {(f.technique, f.severity, f.target_domain) for f in run(current)}
    assert found == {
        (Technique.REDIRECT, Severity.HIGH, "slot-gacor.com"),
        (Technique.IFRAME, Severity.MEDIUM, "evil-frame.example"),
        (Technique.HIDDEN_LINKS, Severity.MEDIUM, "togel88.example"),
    }


def test_one_script_domain_on_many_pages_is_one_finding() -> None:
    current = {u: dataclasses.replace(f, script_domains=("miner.example",))
               for u, f in BASELINE.items()}  # fmt: skip
    findings = run(current)
    assert len(findings) == 1
    assert findings[0].url == HOME  # the key page first
    assert len(findings[0].evidence) == 3


def test_bulk_pages_under_a_new_folder() -> None:
    current = dict(BASELINE)
    for i in range(12):
        current[f"{ROOT}/wp-content/uploads/slot/{i}.html"] = fp(main_text=f"halaman {i}")
    outcome = evaluate_site(SITE, current, BASELINE, KEYS, KnownBad())
    assert [(f.technique, f.summary) for f in outcome.findings] == [
        (Technique.DOORWAY_PAGE, "12 new pages under /wp-content/")
    ]
    few = dict(BASELINE)
    few[f"{ROOT}/berita/baru"] = fp()
    assert run(few) == ()


def test_mass_text_replacement_is_not_taken_for_a_redesign() -> None:
    current = {u: fp(dom_hash="f" * 16, main_text="kami kembali\nsalam dari tim") for u in BASELINE}
    outcome = evaluate_site(SITE, current, BASELINE, KEYS, KnownBad())
    assert not outcome.redesign
    assert {f.url for f in outcome.findings} == set(KEYS)
    assert all(f.severity is Severity.MEDIUM for f in outcome.findings)


def test_known_bad_without_baseline() -> None:
    entry = KnownBadEntry("d" * 64, "Tim X", "script")
    outcome = evaluate_site(SITE, {HOME: fp(content_sha256="d" * 64)}, None, KEYS,
                            KnownBad((entry,)))  # fmt: skip
    assert outcome.is_first_baseline
    assert [(f.technique, f.severity, f.category) for f in outcome.findings] == [
        (Technique.KNOWN_BAD_HASH, Severity.HIGH, Category.MALICIOUS_SCRIPT)
    ]


def test_mark_new() -> None:
    def finding(url: str, domain: str = "") -> Finding:
        return Finding(Category.GAMBLING, Technique.HIDDEN_LINKS, Severity.HIGH, 0.9, url, "x",
                       target_domain=domain)  # fmt: skip

    old = fp(link_domains=("slot-lama.example",))
    baseline = {HOME: old, ROOT + "/profil": fp()}
    found = [finding(HOME, "slot-lama.example"), finding(ROOT + "/new"),
             finding(ROOT + "/profil", "slot-baru.example"), finding(HOME)]  # fmt: skip
    current = {HOME: dataclasses.replace(old, content_sha256="e" * 64)}
    marked = mark_new(found, baseline)
    assert [f.new_since_baseline for f in marked] == [False, True, True, False]
    assert mark_new(found, baseline, current)[0].new_since_baseline is True
    assert mark_new(found, None) == tuple(found)


def test_diff_is_bounded() -> None:
    before = "\n".join(f"baris lama {i}" for i in range(200))
    after = "\n".join(f"baris baru {i} " + "x" * 500 for i in range(200))
    diff = unified_diff(before, after)
    lines = diff.splitlines()
    assert len(lines) <= 61 and lines[-1].startswith("…")
    assert max(map(len, lines)) <= 200
