"""Academic, legal and regulator writing about judi online is discussion, not promotion: thesis
abstracts that name the betting brands they study, court rulings quoting the sites a defendant
ran, a regulator's list of blocked brands. A doorway that borrows one research word is still
promotion."""

from __future__ import annotations

import pytest

from scanner.judge import page_verdict
from scanner.models import Verdict

from .pages_support import Runner, run_fixture, sigs_fixture  # noqa: F401 (fixtures)

REPO = "https://repository.univ-sukamaju.ac.id/id/eprint/18842/"

THESIS = """<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>PENGARUH IKLAN SITUS SLOT GACOR DI MEDIA SOSIAL TERHADAP PERILAKU BERJUDI MAHASISWA
(STUDI KASUS PENGGUNA SLOT88 DAN OLXTOTO) - Repository Universitas Sukamaju</title></head><body>
<div class="ep_tm_header"><a href="/">Repository</a> <a href="/view/">Browse</a></div>
<h1 class="ep_tm_pagetitle">PENGARUH IKLAN SITUS SLOT GACOR DI MEDIA SOSIAL TERHADAP PERILAKU
BERJUDI MAHASISWA (STUDI KASUS PENGGUNA SLOT88 DAN OLXTOTO)</h1>
<p>Rahmawati, Dewi (2024) <em>Pengaruh Iklan Situs Slot Gacor di Media Sosial terhadap Perilaku
Berjudi Mahasiswa.</em> Skripsi thesis, Universitas Sukamaju.</p>
<h2>Abstract</h2><p>Penelitian ini bertujuan untuk menganalisis pengaruh iklan situs slot gacor
seperti Slot88, Olxtoto dan Gacor77 yang menawarkan bonus new member 100 dan deposit pulsa tanpa
potongan terhadap perilaku berjudi mahasiswa. Metode penelitian yang digunakan adalah kuantitatif
dengan kuesioner kepada 212 responden. Hasil penelitian menunjukkan bahwa paparan iklan RTP live
dan pola gacor berpengaruh signifikan terhadap intensi bermain. Penelitian ini juga membahas dampak
negatif bagi keuangan mahasiswa dan merekomendasikan literasi digital.</p>
<p>Kata kunci: slot gacor, iklan judi online, perilaku berjudi, mahasiswa</p>
<table class="ep_block"><tr><th>Item Type:</th><td>Thesis (Skripsi)</td></tr>
<tr><th>Subjects:</th><td>H Social Sciences</td></tr></table></body></html>"""

RULING = """<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>Putusan PN SUKAMAJU Nomor 123/Pid.Sus/2024/PN Skm</title></head><body>
<div><a href="/">Direktori Putusan</a></div><h2>Putusan PN SUKAMAJU Nomor 123/Pid.Sus/2024/PN Skm
</h2><p>Menimbang, bahwa Terdakwa telah mengelola situs Dewa303 dan Gunung388 yang menawarkan slot
gacor, togel hongkong dan toto macau dengan bonus new member 100 serta deposit pulsa.</p>
<p>Menimbang, bahwa perbuatan Terdakwa memenuhi unsur Pasal 45 ayat (3) UU ITE. Majelis Hakim
mengadili: menyatakan Terdakwa terbukti secara sah dan meyakinkan bersalah, menjatuhkan pidana
penjara 2 tahun. Barang bukti berupa akun Gunung388 dirampas untuk dimusnahkan.</p></body></html>"""

REGULATOR = """<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<title>Siaran Pers: Pemutusan Akses Situs Judi Online Periode Juli 2024</title></head><body>
<nav><a href="/">Beranda</a> <a href="/siaran-pers">Siaran Pers</a></nav>
<h1>Pemutusan Akses Situs Judi Online Periode Juli 2024</h1><p>Sesuai ketentuan peraturan
perundang-undangan, regulator telah melakukan pemutusan akses terhadap 4.321 situs dan 12 aplikasi,
antara lain Olxtoto, Slot88, Dewa303, Gacor77 dan Gunung388 yang menawarkan slot gacor, RTP live
dan bonus new member. Pengawasan dilakukan bersama penyelenggara sistem elektronik.</p>
<p>Masyarakat dapat menyampaikan pengaduan melalui kanal aduan resmi.</p></body></html>"""


BRANDS = ", ".join(
    f"{name}{n}" for name in ("Gacor", "Dewa", "Naga", "Hoki", "Raja") for n in (77, 88, 303)
)
LONG_NOTICE = REGULATOR.replace("antara lain Olxtoto,", f"antara lain {BRANDS}, Olxtoto,")


@pytest.mark.parametrize(
    ("html", "url"),
    [
        (THESIS, REPO),
        (LONG_NOTICE, "https://www.komdigi.go.id/berita/siaran-pers/detail/daftar-lengkap"),
        (RULING, "https://putusan3.mahkamahagung.go.id/direktori/putusan/zaef1.html"),
        (REGULATOR, "https://www.komdigi.go.id/berita/siaran-pers/detail/pemutusan-akses"),
    ],
    ids=["thesis", "regulator-15-brands", "ruling", "regulator"],
)
def test_research_court_and_regulator_text_is_discussion(run: Runner, html: str, url: str) -> None:
    findings = run(html, url)
    assert page_verdict(url, findings).verdict is Verdict.CLEAN, [f.summary for f in findings]


def test_doorway_borrowing_a_research_phrase_is_still_promotion(run: Runner) -> None:
    html = """<html><head><title>Slot88 Situs Slot Gacor Hari Ini Gampang Maxwin</title></head>
<body><h1>Slot88 Link Slot Gacor Hari Ini</h1><p>Studi kasus pemain kami: bonus new member 100,
deposit pulsa tanpa potongan, RTP live tertinggi dan pola gacor setiap hari. Daftar sekarang di
situs slot gacor terpercaya.</p><a href="https://slot88-gacor.com/daftar">DAFTAR</a></body></html>"""
    findings = run(html, REPO + "slot88.html")
    assert page_verdict(REPO, findings).verdict is Verdict.INFECTED


def test_obfuscated_injection_inside_a_thesis_abstract_is_still_found(run: Runner) -> None:
    zw = "\u200b"
    slogans = ["situs slot gacor", "gampang maxwin", "pola gacor", "scatter hitam"]
    spelt = ", ".join(zw.join(s) for s in slogans)
    injected = THESIS.replace(
        "<p>Kata kunci:",
        f'<p>{spelt} hanya di <a href="https://situszeusplay.example/">Z{zw}eusPLAY</a></p>'
        "<p>Kata kunci:",
    )
    findings = run(injected, REPO)
    assert page_verdict(REPO, findings).verdict is Verdict.INFECTED, [f.summary for f in findings]
