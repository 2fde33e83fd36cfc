"""Signature loading, validation and matching semantics (scanner.signatures)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from scanner.errors import SignatureError
from scanner.models import Category
from scanner.normalize import normalize
from scanner.signatures import (
    ExampleFailure,
    Role,
    SignatureSet,
    default_signatures_dir,
    load_signatures,
    run_examples,
)
from scanner.signatures.schema import ROLES

HEADER = """\
signatures:
  - id: {id}
    name: Test signature
    category: {category}
    severity: high
    description: A signature written by a test.
    tags: [{tag}]
"""


def write(tmp_path: Path, body: str, name: str = "a.yaml") -> Path:
    (tmp_path / name).write_text(textwrap.dedent(body), encoding="utf-8")
    return tmp_path


def sig(
    tmp_path: Path,
    matchers: str,
    *,
    sid: str = "t-one",
    tag: str = "promo",
    category: str = "gambling",
    extra: str = "",
) -> SignatureSet:
    text = HEADER.format(id=sid, category=category, tag=tag) + extra + "    matchers:\n"
    text += textwrap.indent(textwrap.dedent(matchers), "      ")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    return load_signatures(tmp_path)


def ids(hits: object) -> list[str]:
    return [h.signature.id for h in hits]  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("matchers", "expected"),
    [
        ("- type: word\n  part: body\n  words: [x]\n", "signatures[0].matchers[0].part"),
        ("- type: word\n  words: [x]\n  colour: red\n", "signatures[0].matchers[0].colour"),
        ("- type: regex\n  regex: ['ok', '(bad']\n", "signatures[0].matchers[0].regex[1]"),
        ("- type: glob\n  words: [x]\n", "signatures[0].matchers[0].type"),
        ("- type: word\n  words: [x]\n  min: 0\n", "signatures[0].matchers[0].min"),
        ("- type: word\n  words: [2024]\n", "signatures[0].matchers[0].words[0]"),
        ("- type: word\n  words: [x]\n  negative: true\n", "signatures[0].matchers"),
    ],
)
def test_invalid_matcher_names_file_and_field(
    tmp_path: Path, matchers: str, expected: str
) -> None:
    with pytest.raises(SignatureError) as err:
        sig(tmp_path, matchers)
    message = str(err.value)
    assert "a.yaml" in message
    assert expected in message


def test_missing_role_tag_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(SignatureError, match=r"a\.yaml: signatures\[0\]\.tags: .*role"):
        sig(tmp_path, "- type: word\n  words: [x]\n", tag="spam")


def test_two_role_tags_and_foreign_role_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(SignatureError, match="exactly one role"):
        sig(tmp_path, "- type: word\n  words: [x]\n", tag="promo, cta")
    with pytest.raises(SignatureError, match="not a defacement role"):
        sig(tmp_path, "- type: word\n  words: [x]\n", tag="promo", category="defacement")


def test_unknown_signature_key_and_missing_field(tmp_path: Path) -> None:
    with pytest.raises(SignatureError, match=r"signatures\[0\]\.author: unknown key"):
        sig(tmp_path, "- type: word\n  words: [x]\n", extra="    author: me\n")
    write(tmp_path, "signatures:\n  - id: x-y\n    name: n\n")
    with pytest.raises(SignatureError, match=r"signatures\[0\]\.category: required"):
        load_signatures(tmp_path)


def test_negative_matcher_needs_and(tmp_path: Path) -> None:
    with pytest.raises(SignatureError, match="condition"):
        sig(tmp_path, "- type: word\n  words: [x]\n- type: word\n  words: [y]\n"
                      "  negative: true\n")


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    write(tmp_path, "signatures:\n  - id: [unclosed\n")
    with pytest.raises(SignatureError, match=r"a\.yaml: YAML syntax error at line \d+"):
        load_signatures(tmp_path)


def test_duplicate_yaml_key_is_rejected(tmp_path: Path) -> None:
    write(tmp_path, HEADER.format(id="d-d", category="gambling", tag="term")
          + "    name: again\n    matchers: [{type: word, words: [x]}]\n")
    with pytest.raises(SignatureError, match="duplicate key 'name'"):
        load_signatures(tmp_path)


def test_duplicate_id_across_files(tmp_path: Path) -> None:
    body = HEADER.format(id="same-id", category="gambling", tag="term")
    body += "    matchers: [{type: word, words: [judi]}]\n"
    write(tmp_path, body, "a.yaml")
    write(tmp_path, body, "b.yaml")
    with pytest.raises(SignatureError, match=r"b\.yaml: .*duplicate id 'same-id'.*a\.yaml"):
        load_signatures(tmp_path)


def test_missing_directory_and_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(SignatureError, match="not found"):
        load_signatures(tmp_path / "nope")
    with pytest.raises(SignatureError, match=r"no \*\.yaml"):
        load_signatures(tmp_path)


# --------------------------------------------------------------------------- matching


def test_words_match_on_word_boundaries(tmp_path: Path) -> None:
    sigs = sig(tmp_path, "- type: word\n  words: [slot]\n")
    assert ids(sigs.scan({"visible_text": "main slot di sini"})) == ["t-one"]
    assert ids(sigs.scan({"visible_text": "slot"})) == ["t-one"]
    assert sigs.scan({"visible_text": "timeslotting dan slotter"}) == ()
    assert ids(sigs.scan({"visible_text": "(slot)"})) == ["t-one"]


def test_words_are_normalised_at_load(tmp_path: Path) -> None:
    sigs = sig(tmp_path, "- type: word\n  words: ['SLOT   GACOR']\n")
    hits = sigs.scan({"visible_text": "daftar slot gacor hari ini"})
    assert [h.terms for h in hits] == [("slot gacor",)]


def test_obfuscated_text_hits_through_scan_text(tmp_path: Path) -> None:
    sigs = sig(tmp_path, "- type: word\n  words: [slot gacor]\n")
    for text in ("𝐒𝐋𝐎𝐓 𝐆𝐀𝐂𝐎𝐑", "sl0t g4c0r", "s\u200bl\u200bo\u200bt gacor", "S.L.O.T GACOR"):
        assert ids(sigs.scan_text(text)) == ["t-one"], text


def test_word_condition_and_min(tmp_path: Path) -> None:
    sigs = sig(tmp_path, "- type: word\n  condition: and\n  words: [slot, gacor]\n")
    assert sigs.scan({"title": "slot saja"}) == ()
    assert ids(sigs.scan({"title": "gacor slot"})) == ["t-one"]
    sigs = sig(tmp_path, "- type: word\n  min: 2\n  words: [maxwin, rtp live, pola gacor]\n")
    assert sigs.scan({"title": "maxwin maxwin maxwin"}) == ()
    assert ids(sigs.scan({"title": "maxwin dan rtp live"})) == ["t-one"]


def test_overlapping_phrases_count_once_towards_min(tmp_path: Path) -> None:
    sigs = sig(tmp_path, "- type: word\n  min: 2\n"
                         "  words: [slot gacor, gacor hari ini, slot gacor hari ini]\n")
    assert sigs.scan({"title": "slot gacor hari ini"}) == ()
    hits = sigs.scan({"title": "slot gacor hari ini, slot gacor"})
    assert hits and "slot gacor hari ini" in hits[0].terms


def test_signature_condition_and_negative(tmp_path: Path) -> None:
    sigs = sig(
        tmp_path,
        "- type: word\n  words: [slot gacor]\n"
        "- type: word\n  negative: true\n  words: [satgas, ditangkap]\n",
        extra="    condition: and\n",
    )
    assert ids(sigs.scan({"visible_text": "link slot gacor"})) == ["t-one"]
    assert sigs.scan({"visible_text": "satgas memblokir slot gacor"}) == ()


def test_part_selection_and_any(tmp_path: Path) -> None:
    sigs = sig(tmp_path, "- type: word\n  part: title\n  words: [judi]\n")
    assert sigs.scan({"visible_text": "judi"}) == ()
    assert [h.part for h in sigs.scan({"title": "judi"})] == ["title"]
    sigs = sig(tmp_path, "- type: word\n  part: any\n  words: [judi]\n")
    hits = sigs.scan({"visible_text": "judi", "hidden_text": "judi", "title": "berita"})
    assert sorted(h.part for h in hits) == ["hidden_text", "visible_text"]
    assert [h.part for h in sigs.scan_text("judi")] == ["any"]
    with pytest.raises(ValueError, match="unknown part"):
        sigs.scan({"body": "judi"})


def test_mixed_parts_evaluate_once(tmp_path: Path) -> None:
    sigs = sig(
        tmp_path,
        "- type: word\n  part: title\n  words: [togel]\n- type: word\n  words: [daftar]\n",
        extra="    condition: and\n",
    )
    hits = sigs.scan({"title": "togel", "link_text": "daftar"})
    assert [(h.part, h.terms) for h in hits] == [("title", ("togel", "daftar"))]
    assert sigs.scan({"title": "togel"}) == ()


def test_regex_matchers_with_triggers(tmp_path: Path) -> None:
    sigs = sig(tmp_path, "- type: regex\n  regex: ['\\bslot\\s?(?:88|777)\\b']\n")
    filler = "layanan publik kabupaten " * 500
    assert sigs.scan({"visible_text": filler}) == ()
    hits = sigs.scan({"visible_text": filler + " daftar slot88 " + filler})
    assert [h.terms for h in hits] == [("slot88",)]
    assert sigs.scan({"visible_text": "slot889"}) == ()
    # case-insensitive even with upper case in the pattern
    sigs = sig(tmp_path, "- type: regex\n  regex: ['HACKED\\s+BY']\n", tag="deface",
               category="defacement")
    assert ids(sigs.scan_text("Hacked By someone")) == ["t-one"]


def test_domain_matchers(tmp_path: Path) -> None:
    sigs = sig(
        tmp_path,
        "- type: domain\n  part: link_url\n"
        "  domains: ['*gacor*', 'slot88.com', '!*.go.id']\n",
        tag="gambling-domain",
    )
    assert [s.id for s in sigs.domain_hits("www.slot88.com")] == ["t-one"]
    assert [s.id for s in sigs.domain_hits("https://x.gacor-maxwin.xyz/a")] == ["t-one"]
    assert sigs.domain_hits("notslot88.com") == ()
    assert sigs.domain_hits("slotgacor.desa.go.id") == ()
    hits = sigs.scan({"link_url": "https://kemenkeu.go.id/ https://a.gacor.io/x"})
    assert [h.terms for h in hits] == [("a.gacor.io",)]
    assert sigs.scan({"visible_text": "https://a.gacor.io/x"}) == ()


# --------------------------------------------------------------------------- shipped set


@pytest.fixture(scope="module")
def shipped() -> SignatureSet:
    return load_signatures()


def test_default_dir_and_cache(shipped: SignatureSet) -> None:
    assert (default_signatures_dir() / "gambling.yaml").is_file()
    assert load_signatures() is shipped


def test_shipped_examples_all_pass(shipped: SignatureSet) -> None:
    failures = run_examples(shipped)
    assert failures == [], "\n".join(map(str, failures))


def test_run_examples_reports_a_wrong_example(tmp_path: Path) -> None:
    sigs = sig(tmp_path, "- type: word\n  words: [judi]\n",
               extra="    examples:\n      match: [poker]\n      no_match: [judi]\n")
    failures = run_examples(sigs)
    assert {(f.expected, f.example) for f in failures} == {("match", "poker"),
                                                           ("no_match", "judi")}
    assert isinstance(failures[0], ExampleFailure)
    assert "t-one" in str(failures[0])


def test_every_role_is_present(shipped: SignatureSet) -> None:
    for role in Role:
        assert shipped.by_role(role), role
    assert all(s.category in set(Category) for s in shipped.signatures)


def test_each_role_belongs_to_one_category() -> None:
    owners = {role: [c for c, roles in ROLES.items() if role in roles] for role in Role}
    assert all(len(cats) == 1 for cats in owners.values()), owners


def test_yaml_role_string_loads_as_the_enum(tmp_path: Path) -> None:
    loaded = sig(tmp_path, "- type: word\n  words: [x]\n", tag="deface-discussion",
                 category="defacement")
    (only,) = loaded.signatures
    assert only.role is Role.DEFACE_DISCUSSION
    assert loaded.by_role(Role.DEFACE_DISCUSSION) == (only,)
    assert f"{only.role}" == "deface-discussion"  # what `signatures list` prints


def roles_on(shipped: SignatureSet, text: str) -> set[str]:
    return {h.signature.role for h in shipped.scan({"visible_text": normalize(text)})}


def test_gambling_landing_text_is_promo(shipped: SignatureSet) -> None:
    text = ("MAXWIN88 Link Slot Gacor Hari Ini Gampang Menang, RTP Live tertinggi, "
            "bonus new member 100, deposit pulsa tanpa potongan. Daftar sekarang!")
    dense = [h for h in shipped.scan({"hidden_text": normalize(text)})
             if h.signature.id == "gambling-promo-dense"]
    assert dense and len(dense[0].terms) >= 3
    assert {"promo", "cta", "brand"} <= roles_on(shipped, text)


def test_government_traps_are_not_promo(shipped: SignatureSet) -> None:
    traps = [
        "Jadwal slot vaksinasi booster di Puskesmas Kedaton, Kota Bandar Lampung.",
        "Slot antrean pelayanan KTP elektronik dibuka pukul 08.00 WIB.",
        "Bonus demografi menjadi peluang pembangunan daerah.",
        "Bunga deposito bank daerah turun 0,25 persen.",
        "Toto Sugiarto, S.T. menang lomba inovasi pelayanan publik.",
    ]
    for text in traps:
        found = roles_on(shipped, text)
        assert not found & {"promo", "brand", "deface"}, (text, found)


def test_news_about_judi_online_is_discussion_not_dense_promo(shipped: SignatureSet) -> None:
    news = ("Satgas Pemberantasan Perjudian Daring bersama Polres Metro menangkap tiga "
            "tersangka admin situs judi online. Polisi menyita barang bukti akun bertuliskan "
            "slot gacor, rtp live dan pola gacor. Kapolres mengimbau warga waspada.")
    hits = shipped.scan({"visible_text": normalize(news)})
    roles = {h.signature.role for h in hits}
    assert "discussion" in roles
    assert "gambling-promo-dense" not in ids(hits)


def test_defacement_texts(shipped: SignatureSet) -> None:
    for text in ("Hacked by SomeCrew1337 - your security is low, admin tolong patch",
                 "Sistem keamanan anda lemah! Greetz: crew A",
                 "Site piraté par quelqu'un", "তোমাদের সাইট হ্যাক করা হয়েছে"):
        assert "deface" in roles_on(shipped, text), text
    news = "BSSN melakukan pemulihan sistem setelah insiden peretasan laman Pemkab."
    found = roles_on(shipped, news)
    assert "deface-discussion" in found and "deface" not in found


def test_script_signatures(shipped: SignatureSet) -> None:
    js = ('var r=document.referrer;if(r.indexOf("google")>0){window.location.href='
          '"https://slotgacor.top/"}eval(atob("ZG9jdW1lbnQ="))')
    roles = {h.signature.role for h in shipped.scan({"script": normalize(js)})}
    assert {"script-redirect", "obfuscation"} <= roles
    assert [s.role for s in shipped.domain_hits("ajax.googleapis.com")] == ["cdn-allow"]
    assert "cdn-allow" in {s.role for s in shipped.domain_hits("dinkes.jatimprov.go.id")}
    bad = {s.role for s in shipped.domain_hits("cdn.slotgacor.top")}
    assert {"bad-script-domain", "gambling-domain"} <= bad
