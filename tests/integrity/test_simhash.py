"""SimHash: near texts are near, unrelated texts are about half the bits apart."""

from __future__ import annotations

from scanner.integrity.simhash import distance, simhash, similarity, text_simhash

TEXT = (
    "Dinas Komunikasi dan Informatika melaksanakan urusan pemerintahan di bidang komunikasi "
    "informatika statistik dan persandian serta menyediakan informasi publik yang akurat cepat "
    "dan terbuka bagi seluruh warga kota melalui portal resmi dan kanal pengaduan terpadu"
)


def test_same_text_same_hash_and_stable_value() -> None:
    assert text_simhash(TEXT) == text_simhash(" ".join(TEXT.split()))
    assert len(text_simhash(TEXT)) == 16
    # BLAKE2b features: the value is the same in every process (baselines are stored).
    assert simhash(["a b c"]) == simhash(["a b c", "a b c"])


def test_small_edit_is_nearer_than_replacement() -> None:
    edited = TEXT.replace("akurat", "tepat")
    replaced = "pejabat sibuk pencitraan rakyat dilupakan jalan rusak tidak pernah diperbaiki kami"
    near = distance(text_simhash(TEXT), text_simhash(edited))
    far = distance(text_simhash(TEXT), text_simhash(replaced))
    assert near < far
    assert far >= 20


def test_similarity_edges() -> None:
    assert similarity("", "") == 1.0
    assert similarity(text_simhash(TEXT), "") == 0.0
    assert similarity("zz", text_simhash(TEXT)) == 0.0
    assert similarity(text_simhash(TEXT), text_simhash(TEXT)) == 1.0
    assert text_simhash("") == ""
