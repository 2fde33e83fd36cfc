"""Narrative promotion: planted stories of big wins at slot games (titles, scatter, a rupiah
amount) and none of the usual slang, versus news about judi online, lomba prizes, e-sport
tournaments and cautionary stories, which name amounts too."""

from __future__ import annotations

import pytest

from scanner.judge import page_verdict
from scanner.models import Category, Verdict

from .pages_support import Runner, run_fixture, sigs_fixture  # noqa: F401 (fixtures)

URL = "https://lppm.univ-sukamaju.ac.id/wp-content/uploads/kisah/petani-brebes.html"
NEWS_URL = "https://brebeskab.go.id/berita/2024/09/polres-ungkap-kasus"


def page(title: str, paragraphs: list[str], nav: bool = False) -> str:
    links = "".join(f'<a href="/{p}">{p.title()}</a> ' for p in
                    ("profil", "berita", "layanan", "ppid", "kontak", "galeri"))  # fmt: skip
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    menu = f"<nav>{links}</nav>" if nav else ""
    return f"""<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{title}</title>
</head><body>{menu}<article><h1>{title}</h1>{body}</article><footer>© 2024</footer></body></html>"""


STORIES = [
    (
        "Petani Asal Brebes Bawa Pulang Rp78.450.000 dari Mahjong Ways 2",
        [
            "Siapa sangka, Pak Darto (52), petani bawang asal Brebes, kini menjadi buah bibir "
            "warga desanya. Sepulang dari sawah, ia iseng membuka Mahjong Ways 2 di ponselnya.",
            "Pada putaran ke-37, scatter muncul tiga kali berturut-turut dan memicu free spin. "
            "Dalam waktu kurang dari setengah jam, Pak Darto memenangkan Rp78.450.000.",
            "Uang tersebut rencananya akan dipakai untuk merenovasi rumah dan membeli traktor "
            "baru. Ia berpesan agar warga sabar menunggu momen yang tepat.",
        ],
    ),
    (
        "Kisah Guru Honorer di Garut, Sekali Main Gates of Olympus Langsung Jackpot",
        [
            "Bu Wulan, guru honorer di Garut, tidak menyangka malam Minggunya berubah drastis.",
            "Dengan 25 kali spin di Gates of Olympus, petir sang dewa menurunkan perkalian x500 "
            "dan ia meraih jackpot Rp 112 juta.",
            "Kini Bu Wulan sudah melunasi cicilan motor dan membuka warung kecil.",
        ],
    ),
    (
        "Mahasiswa Semester Akhir Raup Rp45.600.000 Lewat Starlight Princess",
        [
            "Rizky, mahasiswa semester akhir, mengisi waktu senggang sambil menunggu sidang.",
            "Ia memilih Starlight Princess dan Sweet Bonanza. Setelah beberapa kali buy spin, "
            "multiplier besar muncul dan ia mengantongi Rp45.600.000 dalam satu malam.",
            "Sebagian uangnya dipakai untuk membayar UKT adiknya.",
        ],
    ),
]


@pytest.mark.parametrize(("title", "paragraphs"), STORIES, ids=["mahjong", "olympus", "princess"])
def test_planted_win_story_is_promotion(run: Runner, title: str, paragraphs: list[str]) -> None:
    findings = run(page(title, paragraphs), URL)
    assert page_verdict(URL, findings).verdict is Verdict.INFECTED, [f.summary for f in findings]
    assert all(f.category is Category.GAMBLING for f in findings)


def test_win_story_inside_the_sites_own_layout(run: Runner) -> None:
    title, paragraphs = STORIES[0]
    url = "https://fkip.univ-sukamaju.ac.id/2024/09/petani-brebes-menang"
    findings = run(page(title, paragraphs, nav=True), url)
    assert page_verdict(url, findings).verdict is Verdict.INFECTED


TRAPS = [
    (
        "Polres Brebes Ungkap Jaringan Judi Online Beromzet Miliaran",
        [
            "Satreskrim Polres Brebes menangkap tiga tersangka pengelola situs judi online. "
            "Kapolres menyebut para pelaku mempromosikan permainan Mahjong Ways dan Gates of "
            "Olympus melalui media sosial.",
            "Dari tangan tersangka, polisi mengamankan barang bukti uang Rp78.450.000. Seorang "
            "pemain mengaku pernah menang Rp 12.000.000 setelah scatter muncul, tetapi akhirnya "
            "kalah jauh lebih banyak.",
            "Para tersangka dijerat Pasal 303 KUHP dan UU ITE dengan ancaman 10 tahun penjara.",
        ],
    ),
    (
        "Kisah Pak Joko: Menang Sekali, Kehilangan Segalanya",
        [
            "Pak Joko (45) mengaku kecanduan judi slot sejak 2022. Ia pernah menang Rp 20 juta "
            "dari Gates of Olympus setelah free spin, lalu terus bermain mengejar kemenangan.",
            "Kini ia terlilit utang pinjol dan kehilangan sawah warisan orang tuanya. Dinas Sosial "
            "mendampinginya dalam program rehabilitasi.",
            "Waspada judi online: kemenangan kecil adalah umpan agar korban terus bermain.",
        ],
    ),
    (
        "Desa Sukamaju Juara Lomba Desa Wisata, Bawa Pulang Rp 50 Juta",
        [
            "Desa Sukamaju meraih juara pertama lomba desa wisata tingkat provinsi dan membawa "
            "pulang hadiah Rp 50 juta. Slot pameran UMKM pada festival berikutnya sudah penuh.",
            "Kepala desa menyebut hadiah akan dipakai untuk membangun gazebo dan spot foto.",
        ],
    ),
    (
        "Tim E-Sport SMKN 2 Brebes Juara Turnamen Mobile Legends",
        [
            "Tim e-sport SMKN 2 Brebes memenangkan turnamen Mobile Legends tingkat Jawa Tengah "
            "dan membawa pulang Rp 25.000.000. Pertandingan final berlangsung lima gim.",
            "Kepala sekolah berharap prestasi ini memacu siswa lain berprestasi di bidang digital.",
        ],
    ),
]


@pytest.mark.parametrize(("title", "paragraphs"), TRAPS,
                         ids=["arrest", "cautionary", "lomba", "esport"])  # fmt: skip
def test_amounts_in_news_and_prizes_are_not_promotion(
    run: Runner, title: str, paragraphs: list[str]
) -> None:
    findings = run(page(title, paragraphs, nav=True), NEWS_URL)
    assert page_verdict(NEWS_URL, findings).verdict is Verdict.CLEAN, [f.summary for f in findings]


def test_win_story_beside_a_sidebar_headline_about_the_dangers_of_judol(run: Runner) -> None:
    # The site's "recent posts" widget lists its own awareness article; the planted story
    # must not borrow that headline's discussion.
    title, paragraphs = STORIES[0]
    sidebar = ('<aside><h3>Berita Terbaru</h3><ul><li><a href="/2024/06/bahaya-judi-online">'
               "Bahaya Judi Online bagi Keluarga, Pemda Perkuat Edukasi</a></li></ul></aside>")
    html = page(title, paragraphs, nav=True).replace("<footer>", sidebar + "<footer>")
    url = "https://fkip.univ-sukamaju.ac.id/berita/1007/capaian-realisasi-anggaran"
    findings = run(html, url)
    assert page_verdict(url, findings).verdict is Verdict.INFECTED, [f.summary for f in findings]
    assert "visible_content" in {f.technique.value for f in findings}
