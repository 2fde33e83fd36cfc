"""Indonesian government vocabulary for the fictitious world: places, agencies, people, news.

Everything here is invented (regions are fictitious) and picked with a caller-supplied
``random.Random`` so a world is a pure function of its seed. The text generators write the
ordinary content of a government site (berita, pengumuman, agenda, layanan) and the legitimate
*traps*: ordinary pages that use words the gambling signatures also use ("slot" antrean,
Bandar Lampung, bonus demografi, news about the judi online task force).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

REGION_PARTS_A = (
    "Suka", "Mekar", "Tirta", "Sumber", "Karang", "Wana", "Harapan", "Tanjung", "Batu", "Sinar",
    "Lembah", "Teluk", "Bumi", "Sari", "Rawa", "Giri", "Cahaya", "Pura",
)
REGION_PARTS_B = (
    "maju", "jaya", "sari", "makmur", "indah", "permai", "raya", "asri", "mulya", "damai",
    "lestari", "baru", "wangi", "rejo",
)
FIXED_REGIONS = ("Sukamaju", "Harapan", "Contoh", "Nusantara")

AGENCIES: tuple[tuple[str, str], ...] = (
    ("diskominfo", "Dinas Komunikasi dan Informatika"),
    ("dinkes", "Dinas Kesehatan"),
    ("disdik", "Dinas Pendidikan"),
    ("bappeda", "Badan Perencanaan Pembangunan Daerah"),
    ("dpmptsp", "Dinas Penanaman Modal dan PTSP"),
    ("bkpsdm", "Badan Kepegawaian dan Pengembangan SDM"),
    ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("dishub", "Dinas Perhubungan"),
    ("bpbd", "Badan Penanggulangan Bencana Daerah"),
    ("dinsos", "Dinas Sosial"),
    ("inspektorat", "Inspektorat Daerah"),
    ("dpkp", "Dinas Perumahan dan Kawasan Permukiman"),
    ("dispar", "Dinas Pariwisata"),
    ("rsud", "Rumah Sakit Umum Daerah"),
    ("jdih", "Jaringan Dokumentasi dan Informasi Hukum"),
    ("ppid", "Pejabat Pengelola Informasi dan Dokumentasi"),
)

FIRST_NAMES = (
    "Agus", "Budi", "Siti", "Dewi", "Rahmat", "Hendra", "Yuliana", "Bambang", "Sri", "Wahyu",
    "Rina", "Fajar", "Nurul", "Ahmad", "Lestari", "Eko", "Indah", "Teguh", "Ratna", "Dedi",
    "Putu", "Made", "Yohanes", "Maria", "Andi", "Irwan", "Fitri", "Joko", "Toto", "Asep",
)
LAST_NAMES = (
    "Santoso", "Wijaya", "Hidayat", "Saputra", "Lubis", "Nasution", "Siregar", "Pratama",
    "Kusuma", "Rahayu", "Setiawan", "Gunawan", "Permana", "Sugiarto", "Halim", "Tambunan",
    "Sinaga", "Purba", "Wibowo", "Nugroho", "Harahap", "Manurung", "Susanti", "Ardiansyah",
)
TITLES = ("S.Kom., M.M.", "S.H., M.H.", "S.E., M.Si.", "dr.", "Ir.", "S.Sos.", "S.T., M.T.", "")
POSITIONS = (
    "Kepala Dinas", "Sekretaris Daerah", "Bupati", "Wakil Bupati", "Wali Kota", "Camat",
    "Kepala Bidang Aplikasi Informatika", "Kepala Seksi Pelayanan", "Kepala Puskesmas",
    "Plt. Kepala Badan", "Kepala Bidang Statistik", "Lurah",
)
MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
VILLAGES = (
    "Desa Cibodas", "Kelurahan Sukajadi", "Desa Mekarwangi", "Kecamatan Pasirjaya",
    "Desa Karangmulya", "Kelurahan Tanjungsari", "Kecamatan Batuindah", "Desa Sumberagung",
)

NEWS_TOPICS: tuple[tuple[str, str], ...] = (
    ("Rapat Koordinasi {prog} Tingkat {lvl} Digelar di {place}", "pemerintahan"),
    ("{pos} Resmikan {facility} Baru di {village}", "pembangunan"),
    ("Sosialisasi {prog} kepada Perangkat Desa se-{lvl}", "sosialisasi"),
    ("Pelatihan Literasi Digital bagi {n} ASN {lvl}", "pelatihan"),
    ("Capaian Realisasi Anggaran Triwulan {q} Tahun {year}", "keuangan"),
    ("Penyaluran Bantuan Sosial Tahap {q} untuk {n} Keluarga Penerima Manfaat", "sosial"),
    ("Gerakan Tanam Pohon Serentak di {village}", "lingkungan"),
    ("Penilaian Keterbukaan Informasi Publik: {agency} Raih Predikat Informatif", "ppid"),
    ("Musrenbang {lvl} Tahun {year} Tetapkan {n} Usulan Prioritas", "perencanaan"),
    ("Peringatan Hari Jadi ke-{age} {region} Berlangsung Meriah", "budaya"),
    ("Pemeriksaan Kesehatan Gratis bagi Lansia di {village}", "kesehatan"),
    ("Upacara Peringatan Hari Kesadaran Nasional di Halaman Kantor {agency}", "kegiatan"),
    ("Penandatanganan Nota Kesepahaman dengan {partner}", "kerja sama"),
    ("Launching Aplikasi {app} untuk Layanan Administrasi Kependudukan", "inovasi"),
)
PROGRAMS = (
    "Satu Data Indonesia", "Sistem Pemerintahan Berbasis Elektronik",
    "Percepatan Penurunan Stunting",
    "Reformasi Birokrasi", "Smart City", "Pengendalian Inflasi Daerah", "Zona Integritas",
    "Gerakan Literasi Sekolah", "Pengelolaan Sampah Terpadu",
)
FACILITIES = (
    "Mal Pelayanan Publik", "Puskesmas Pembantu", "Jembatan Gantung", "Ruang Terbuka Hijau",
    "Pojok Baca Digital", "Posyandu Terpadu", "Command Center", "Pasar Rakyat",
)
PARTNERS = (
    "Badan Pusat Statistik", "Kejaksaan Negeri", "Universitas Negeri Nusantara", "BPJS Kesehatan",
    "Bank Pembangunan Daerah", "Politeknik Negeri Harapan", "Kantor Pertanahan",
)
APPS = ("SiCantik", "e-Lapor", "SIPANDU", "Dukcapil Go", "SIMPEG", "e-Kinerja", "SAPA Warga")

SENTENCES = (
    "Kegiatan tersebut dihadiri oleh {pos} {name} beserta jajaran perangkat daerah terkait.",
    "Dalam sambutannya, {name} menyampaikan bahwa {prog} merupakan prioritas pemerintah daerah.",
    "Sebanyak {n} peserta dari berbagai instansi mengikuti kegiatan ini dengan antusias.",
    "Ia berharap sinergi antarinstansi terus diperkuat demi pelayanan publik yang lebih baik.",
    "Program ini juga sejalan dengan arah kebijakan nasional yang ditetapkan pemerintah pusat.",
    "Masyarakat dapat menyampaikan aspirasi melalui kanal pengaduan resmi yang telah disediakan.",
    "Acara dilanjutkan dengan diskusi panel yang menghadirkan narasumber dari {partner}.",
    "Pada tahun {year}, pemerintah daerah menargetkan peningkatan cakupan layanan hingga {pct} "
    "persen.",
    "Menurutnya, keterbukaan informasi menjadi kunci kepercayaan masyarakat terhadap pemerintah.",
    "Kegiatan berlangsung di {place} pada hari {day}, {date}, mulai pukul {hour}.00 WIB.",
    "Anggaran kegiatan bersumber dari APBD Tahun Anggaran {year} sebesar Rp{money} juta.",
    "Pihaknya juga mengajak seluruh camat dan lurah untuk aktif menyosialisasikan program "
    "tersebut.",
    "Selain itu, dilakukan penandatanganan pakta integritas oleh seluruh kepala perangkat daerah.",
    "Data yang dihimpun akan dimanfaatkan sebagai dasar perencanaan pembangunan tahun berikutnya.",
    "Peserta mendapatkan materi mengenai tata kelola arsip, keamanan informasi, dan etika ASN.",
    "Hingga akhir {month}, realisasi program telah mencapai {pct} persen dari target yang "
    "ditetapkan.",
    "{name} menegaskan bahwa seluruh layanan tidak dipungut biaya alias gratis.",
    "Warga yang belum terdata dapat mendatangi kantor {village} dengan membawa KTP dan KK.",
)

# Traps: legitimate sentences that contain words the gambling vocabulary also uses.
TRAP_SENTENCES: dict[str, tuple[str, ...]] = {
    "slot_time": (
        "Pendaftaran dibuka secara daring dan setiap peserta dapat memilih slot waktu yang "
        "tersedia.",
        "Slot antrean layanan KTP elektronik dibatasi {n} orang per hari untuk menghindari "
        "kerumunan.",
        "Jadwal vaksinasi booster: slot pagi pukul 08.00-11.00 dan slot siang pukul 13.00-15.00 "
        "WIB.",
        "Masih tersedia {n} slot pendaftaran seleksi CPNS untuk formasi tenaga kesehatan.",
        "Gedung parkir baru menyediakan {n} slot parkir roda empat dan 300 slot roda dua.",
        "Satelit SATRIA menempati slot orbit 146 derajat Bujur Timur untuk pemerataan internet.",
    ),
    "bandar": (
        "Rombongan berangkat dari Bandar Udara Radin Inten II menuju Bandar Lampung.",
        "Studi tiru dilaksanakan ke Pemerintah Kota Bandar Lampung pada pekan lalu.",
        "Pengembangan bandar udara perintis diharapkan membuka akses wilayah terpencil.",
    ),
    "bonus_demografi": (
        "Bonus demografi harus dimanfaatkan dengan menyiapkan generasi muda yang terampil.",
        "Puncak bonus demografi diperkirakan terjadi pada periode 2030-2040.",
    ),
    "deposito": (
        "Dana bergulir disimpan dalam bentuk deposito pada bank milik daerah.",
        "Bunga deposito yang diperoleh dicatat sebagai pendapatan asli daerah yang sah.",
    ),
    "menang": (
        "Tim {village} berhasil menang dan meraih juara pertama lomba desa tingkat provinsi.",
        "Siswa SMP Negeri 2 menang dalam Olimpiade Sains Nasional bidang matematika.",
    ),
    "toto_name": (
        "Kegiatan dibuka oleh Kepala Bidang, Toto Sugiarto, S.Sos., M.Si.",
        "Menurut Toto Sugiarto, capaian tersebut merupakan hasil kerja bersama.",
    ),
}

JUDOL_NEWS = (
    "Satgas Pemberantasan Judi Online {region} Gelar Rapat Koordinasi",
    "Kominfo Blokir {n} Situs Judi Online Sepanjang Tahun {year}",
    "Polres {region} Amankan {k} Tersangka Bandar Togel",
    "Kampanye Stop Judol: {agency} Ajak Pelajar Jauhi Judi Online",
    "Bahaya Judi Online bagi Keluarga, Pemda {region} Perkuat Edukasi",
    "Polres {region} Ungkap Jaringan Promosi Situs Slot Gacor",
)
JUDOL_SENTENCES = (
    "Judi online dalam berbagai bentuk, mulai dari slot hingga togel, merusak ekonomi keluarga.",
    "Sepanjang tahun {year}, Kementerian Komunikasi dan Digital telah memblokir {n} situs judi "
    "online.",
    "Warga diimbau tidak tergiur iklan yang menjanjikan kemenangan besar atau bonus saat "
    "mendaftar.",
    "Polisi mengamankan {k} orang yang diduga berperan sebagai bandar togel beserta barang bukti.",
    "Masyarakat dapat melaporkan konten perjudian melalui aduankonten.id atau kanal pengaduan "
    "resmi.",
    "Kampanye Stop Judol akan digelar di seluruh sekolah menengah hingga akhir tahun.",
    "Menurut PPATK, perputaran dana judi online mencapai ratusan triliun rupiah per tahun.",
    "Para tersangka dijerat Pasal 303 KUHP dan UU ITE dengan ancaman pidana penjara.",
)
THESIS_TITLES = (
    "Kajian: Pengaruh Iklan Situs Slot Gacor terhadap Perilaku Berjudi Remaja di {region}",
    "Hasil Penelitian Balitbangda: Dampak Judi Online pada Ekonomi Rumah Tangga (Studi Kasus "
    "{region})",
)
THESIS_SENTENCES = (
    "Penelitian ini bertujuan untuk menganalisis pengaruh iklan situs slot gacor seperti Slot88, "
    "Olxtoto dan Gacor77 yang menjanjikan bonus new member 100 dan deposit pulsa tanpa potongan.",
    "Metode penelitian yang digunakan adalah kuantitatif dengan kuesioner kepada {k}0 responden "
    "di {region}.",
    "Hasil penelitian menunjukkan bahwa paparan iklan RTP live dan pola gacor berpengaruh "
    "signifikan terhadap intensi bermain.",
    "Kajian ini juga membahas dampak negatif bagi keuangan keluarga dan merekomendasikan "
    "penguatan literasi digital.",
)
DEFACE_NEWS = (
    "Situs Resmi Salah Satu Dinas Sempat Diretas, Diskominfo Lakukan Pemulihan",
    "Waspada Peretasan Website Pemerintah, {agency} Perketat Keamanan Sistem",
)
DEFACE_SENTENCES = (
    "Halaman depan situs sempat menampilkan tulisan \"hacked by\" disertai nama kelompok peretas.",
    "Tim CSIRT daerah segera mengisolasi server dan memulihkan data dari cadangan.",
    "Peretasan diduga memanfaatkan celah pada plugin yang belum diperbarui.",
    "Diskominfo mengimbau pengelola situs untuk rutin memperbarui CMS dan mengganti kata sandi.",
)


@dataclass(frozen=True, slots=True)
class Region:
    """A fictitious kabupaten/kota/provinsi: its display name and the slug used in hosts."""

    kind: str
    """``kab``, ``kota`` or ``prov``."""
    name: str
    slug: str

    @property
    def title(self) -> str:
        """``Kabupaten Sukamaju``, ``Kota Harapan``, ``Provinsi Nusantara``."""
        return {"kab": "Kabupaten", "kota": "Kota", "prov": "Provinsi"}[self.kind] + " " + self.name


def regions(rng: random.Random, count: int) -> list[Region]:
    """``count`` distinct fictitious regions; the well-known demo names come first."""
    names = list(FIXED_REGIONS)
    combos = [a + b for a in REGION_PARTS_A for b in REGION_PARTS_B]
    rng.shuffle(combos)
    names += [c for c in combos if c not in names]
    out: list[Region] = []
    for i, name in enumerate(names[:count]):
        kind = rng.choice(("kab", "kab", "kota", "prov")) if i >= 4 else ("kab", "kota", "kab",
                                                                           "prov")[i]
        out.append(Region(kind, name, name.lower()))
    return out


def person(rng: random.Random) -> str:
    """A plausible Indonesian full name with an academic title."""
    title = rng.choice(TITLES)
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    if title in ("dr.", "Ir."):
        return f"{title} {name}"
    return f"{name}, {title}" if title else name


def date_id(rng: random.Random, year: int | None = None) -> tuple[int, int, int, str]:
    """A (year, month, day, 'Senin, 12 Maret 2024') date in Indonesian."""
    y = year or rng.choice((2022, 2023, 2024, 2024, 2025, 2025))
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    return y, m, d, f"{rng.choice(DAYS)}, {d} {MONTHS[m - 1]} {y}"


def fill(template: str, rng: random.Random, region: Region, agency: str) -> str:
    """Fill the ``{slots}`` of a sentence template with plausible values."""
    values = {
        "pos": rng.choice(POSITIONS), "name": person(rng), "prog": rng.choice(PROGRAMS),
        "n": f"{rng.randint(12, 4800):,}".replace(",", "."), "k": str(rng.randint(2, 19)),
        "year": str(rng.choice((2023, 2024, 2025))), "pct": str(rng.randint(55, 99)),
        "place": rng.choice(("Aula Kantor Bupati", "Gedung Serbaguna", "Ruang Rapat Utama",
                             "Pendopo Kabupaten", "Hotel Grand Permata")),
        "day": rng.choice(DAYS), "date": f"{rng.randint(1, 28)} {rng.choice(MONTHS)}",
        "hour": f"{rng.randint(7, 14):02d}", "money": str(rng.randint(40, 2500)),
        "month": rng.choice(MONTHS), "village": rng.choice(VILLAGES),
        "partner": rng.choice(PARTNERS), "lvl": rng.choice(("Kabupaten", "Kecamatan", "Provinsi")),
        "facility": rng.choice(FACILITIES), "q": rng.choice(("I", "II", "III", "IV")),
        "age": str(rng.randint(50, 250)), "region": region.title, "agency": agency,
        "app": rng.choice(APPS),
    }
    return template.format(**values)


def paragraphs(rng: random.Random, region: Region, agency: str, count: int,
               extra: tuple[str, ...] = ()) -> list[str]:
    """``count`` paragraphs of 2-5 sentences; ``extra`` sentences are spread among them."""
    out = []
    pool = list(extra)
    for _ in range(count):
        sents = [fill(rng.choice(SENTENCES), rng, region, agency) for _ in range(rng.randint(2, 5))]
        if pool and rng.random() < 0.6:
            sents.insert(rng.randint(0, len(sents)), fill(pool.pop(0), rng, region, agency))
        out.append(" ".join(sents))
    if pool:
        out.append(" ".join(fill(s, rng, region, agency) for s in pool))
    return out


def news_title(rng: random.Random, region: Region, agency: str) -> tuple[str, str]:
    """An ordinary news headline and its category."""
    template, category = rng.choice(NEWS_TOPICS)
    return fill(template, rng, region, agency), category


def slugify(text: str, limit: int = 70) -> str:
    """URL slug of a headline: lower-case ASCII words joined by dashes."""
    out = []
    for ch in text.lower():
        out.append(ch if ch.isascii() and ch.isalnum() else "-")
    slug = "-".join(p for p in "".join(out).split("-") if p)
    return slug[:limit].rstrip("-")
