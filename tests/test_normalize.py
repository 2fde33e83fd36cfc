"""normalize(): each obfuscation folds to plain text; ordinary Indonesian text is not damaged."""

from __future__ import annotations

import pytest

from scanner.normalize import Snippet, locate, normalize, normalize_map, snippet

FOLDS = [
    # compatibility forms
    ("math bold", "𝐬𝐥𝐨𝐭 𝐠𝐚𝐜𝐨𝐫", "slot gacor"),
    ("math italic", "𝑠𝑙𝑜𝑡 𝑔𝑎𝑐𝑜𝑟", "slot gacor"),
    ("math bold caps", "𝐒𝐋𝐎𝐓 𝐆𝐀𝐂𝐎𝐑", "slot gacor"),
    ("math sans bold", "𝘀𝗹𝗼𝘁 𝗴𝗮𝗰𝗼𝗿", "slot gacor"),
    ("math monospace", "𝚓𝚞𝚍𝚒 𝚘𝚗𝚕𝚒𝚗𝚎", "judi online"),
    ("fullwidth", "ｓｌｏｔ ｇａｃｏｒ", "slot gacor"),
    ("fullwidth caps", "ＳＬＯＴ８８", "slot88"),
    ("circled", "ⓢⓛⓞⓣ", "slot"),
    ("squared", "🆂🅻🅾🆃", "slot"),
    ("regional indicators", "🇸🇱🇴🇹", "slot"),
    ("small caps", "ᴊᴜᴅɪ ᴏɴʟɪɴᴇ", "judi online"),
    # zero-width and invisible characters inside words
    ("zwsp", "sl\u200bot ga\u200ccor", "slot gacor"),
    ("zwj and bom", "s\u200dl\ufeffot", "slot"),
    ("soft hyphen", "ga\u00adcor", "gacor"),
    ("word joiner", "max\u2060win", "maxwin"),
    ("mongolian vowel separator", "ju\u180edi", "judi"),
    ("grapheme joiner", "to\u034fgel", "togel"),
    ("lrm rlm", "slot\u200e\u200fgacor", "slotgacor"),
    # look-alikes from other scripts
    ("cyrillic", "ѕlоt gаcоr", "slot gacor"),
    ("cyrillic caps", "СЛОТ ВЕТ", "cnot bet"),
    ("cyrillic mixed", "Јudі оnlіnе", "judi online"),
    ("greek caps", "ΜΑΧWΙΝ", "maxwin"),
    ("greek lower", "ѕlοt gαcοr", "slot gacor"),
    ("armenian", "ѕlօt", "slot"),
    ("dotless i", "judı", "judi"),
    ("diacritics", "ślòt gäcör", "slot gacor"),
    ("diacritics decomposed", "slo\u0301t", "slot"),
    # leetspeak inside words
    ("leet slot", "sl0t", "slot"),
    ("leet gacor", "g4c0r", "gacor"),
    ("leet maxwin", "m4xw1n", "maxwin"),
    ("leet jackpot", "j4ckp0t", "jackpot"),
    ("leet poker", "p0k3r", "poker"),
    ("leet at sign", "j@ckpot", "jackpot"),
    ("leet dollar", "ca$ino", "casino"),
    ("leet keeps trailing number", "sl0t88", "slot88"),
    ("leet caps", "SL0T G4C0R", "slot gacor"),
    # spaced-out letters
    ("spaced", "s l o t g a c o r", "slotgacor"),
    ("spaced with double space boundary", "S L O T  G A C O R", "slot gacor"),
    ("dotted", "s.l.o.t", "slot"),
    ("dashed", "s-l-o-t", "slot"),
    ("underscored", "s_l_o_t", "slot"),
    ("starred", "j*u*d*i", "judi"),
    ("piped", "t|o|g|e|l", "togel"),
    ("mixed separators are a boundary", "s.l.o.t-g.a.c.o.r", "slot-gacor"),
    ("spaced inside a sentence", "Daftar s l o t sekarang", "daftar slot sekarang"),
    # entities and combinations
    ("decimal entity", "&#115;lot", "slot"),
    ("hex entity", "&#x73;l&#x6f;t", "slot"),
    ("named entity", "slot&nbsp;gacor", "slot gacor"),
    ("entity plus leet", "&#115;l0t", "slot"),
    ("bold plus zwsp", "𝐬𝐥\u200b𝐨𝐭", "slot"),
    ("cyrillic plus spacing", "ѕ l о t", "slot"),
    ("whitespace", "  judi\t\n online  ", "judi online"),
]

UNCHANGED = [
    ("city", "Bandar Lampung", "bandar lampung"),
    ("year", "2024", "2024"),
    ("brand with number", "slot88", "slot88"),
    ("4d", "Togel 4D", "togel 4d"),
    ("togel suffix glued", "TOGEL4D daftar", "togel4d daftar"),
    ("leet before togel suffix", "g4c0r4d", "gacor4d"),
    ("rt rw", "RT 05/RW 03", "rt 05/rw 03"),
    ("covid", "COVID-19", "covid-19"),
    ("email", "humas@kominfo.go.id", "humas@kominfo.go.id"),
    ("email with digits", "ppid2024@jatimprov.go.id", "ppid2024@jatimprov.go.id"),
    ("acronym p4gn", "Kegiatan P4GN BNN", "kegiatan p4gn bnn"),
    ("acronym dp3ap2kb", "DP3AP2KB Kota", "dp3ap2kb kota"),
    ("acronym p3k", "Seleksi PPPK dan P3K", "seleksi pppk dan p3k"),
    ("acronym p3dn", "Belanja P3DN", "belanja p3dn"),
    ("k3", "Bulan K3 Nasional", "bulan k3 nasional"),
    ("degrees", "Dr. Ir. H. Budi, S.H., M.H.", "dr. ir. h. budi, s.h., m.h."),
    ("initials", "H. M. Soeharto", "h. m. soeharto"),
    ("date", "12/05/2024 pukul 09.30 WIB", "12/05/2024 pukul 09.30 wib"),
    ("phone", "Telp. (0721) 481107", "telp. (0721) 481107"),
    ("time slot", "Slot waktu layanan 08.00-12.00", "slot waktu layanan 08.00-12.00"),
    (
        "sentence",
        "Pemerintah Kota Bandung menggelar rapat",
        "pemerintah kota bandung menggelar rapat",
    ),
    ("copyright", "© 2024 Diskominfo – Hak Cipta", "© 2024 diskominfo – hak cipta"),
    ("quotes", "“Bersinergi” membangun ‘daerah’", "“bersinergi” membangun ‘daerah’"),
    ("ampersand", "Sarana & Prasarana", "sarana & prasarana"),
    ("url", "https://dinkes.jatengprov.go.id/p/2024", "https://dinkes.jatengprov.go.id/p/2024"),
    ("two single letters", "a b", "a b"),
    ("spaced letters before a number", "s l o t88", "s l o t88"),
    ("list of options", "pilihan a, b, c", "pilihan a, b, c"),
    ("empty", "", ""),
]


@pytest.mark.parametrize(("name", "text", "expected"), FOLDS, ids=[c[0] for c in FOLDS])
def test_obfuscation_is_folded(name: str, text: str, expected: str) -> None:
    assert normalize(text) == expected


@pytest.mark.parametrize(("name", "text", "expected"), UNCHANGED, ids=[c[0] for c in UNCHANGED])
def test_ordinary_text_is_not_damaged(name: str, text: str, expected: str) -> None:
    assert normalize(text) == expected


@pytest.mark.parametrize("case", FOLDS + UNCHANGED, ids=[c[0] for c in FOLDS + UNCHANGED])
def test_map_agrees_with_normalize(case: tuple[str, str, str]) -> None:
    _, text, _ = case
    out, index = normalize_map(text)
    assert out == normalize(text)
    assert len(index) == len(out)
    assert all(0 <= i < len(text) for i in index)
    assert index == sorted(index)


def test_normalize_is_idempotent() -> None:
    for _, text, _ in FOLDS + UNCHANGED:
        once = normalize(text)
        assert normalize(once) == once


@pytest.mark.parametrize(
    ("original", "term", "found"),
    [
        ("Daftar sl0t g4c0r hari ini", "slot gacor", "sl0t g4c0r"),
        ("Kunjungi 𝐬𝐥𝐨𝐭 sekarang", "slot", "𝐬𝐥𝐨𝐭"),
        ("ini s&#108;ot resmi", "slot", "s&#108;ot"),
        ("main &#115;lot", "slot", "&#115;lot"),
        ("judi\u200b online terpercaya", "judi online", "judi\u200b online"),
        ("Link S L O T  G A C O R", "slot gacor", "S L O T  G A C O R"),
        ("ѕlоt", "slot", "ѕlоt"),
    ],
)
def test_locate_points_into_the_original(original: str, term: str, found: str) -> None:
    span = locate(original, term)
    assert span is not None
    assert original[span[0] : span[1]] == found


def test_locate_misses() -> None:
    assert locate("Pemerintah Kota Bandar Lampung", "slot") is None
    assert locate("apa saja", "") is None


def test_locate_accepts_an_unnormalised_term() -> None:
    assert locate("Situs SLOT Gacor", "SLOT GACOR") == (6, 16)


def test_snippet_centres_the_match_and_bounds_it() -> None:
    text = "a" * 500 + "SLOT GACOR" + "b" * 500
    s = snippet(text, (500, 510), width=60)
    assert isinstance(s, Snippet)
    assert len(s.text) == 60
    assert s.match == "SLOT GACOR"
    assert s.start == 25


def test_snippet_at_the_edges_and_with_a_long_match() -> None:
    assert snippet("slot gacor di sini", (0, 4), width=10) == Snippet("slot gacor", 0, 4)
    end = snippet("x" * 50 + "slot", (50, 54), width=10)
    assert end.text == "x" * 6 + "slot" and end.match == "slot"
    long = snippet("z" * 1000, (10, 900), width=100)
    assert len(long.text) == 100 and long.end - long.start == 100


def test_large_text_is_handled() -> None:
    text = ("Pemerintah Kabupaten melayani masyarakat 2024. " * 2000) + "sl0t g4c0r"
    out = normalize(text)
    assert out.endswith("2024. slot gacor")
    assert out.startswith("pemerintah kabupaten melayani masyarakat 2024.")


@pytest.mark.parametrize("offset", [0, 700, 767, 768, 1000, 3000, 5990])
def test_locate_in_a_long_text_finds_an_obfuscated_term_anywhere(offset: int) -> None:
    """Long texts are mapped window by window; a term across a window edge is still found."""
    filler = "Dinas Pendidikan membuka pendaftaran sekolah. " * 140  # ~6,400 characters
    hidden = "ѕ l о t  g4c0r"  # Cyrillic look-alikes, spaced letters, leetspeak
    cut = filler.find(" ", offset)  # between words
    original = filler[:cut] + " " + hidden + filler[cut:]
    span = locate(original, "slot gacor")
    assert span is not None
    assert original[span[0] : span[1]].startswith("ѕ")
    assert normalize(original[span[0] : span[1]]) == "slot gacor"


def test_locate_in_a_long_text_accepts_an_unnormalised_term() -> None:
    filler = "Dinas Pendidikan membuka pendaftaran sekolah. " * 140
    original = filler[:3000] + " ѕlоt g4c0r " + filler[3000:]
    span = locate(original, "SL0T GACOR")
    assert span is not None
    assert normalize(original[span[0] : span[1]]) == "slot gacor"
