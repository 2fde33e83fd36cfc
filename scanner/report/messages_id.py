"""Indonesian message catalog (the default language of reports and emails).

Keys are shared with ``messages_en.py``; a test checks both catalogs have exactly the same keys
and that every key the templates use exists. Values are ``str.format`` templates. Plural forms
are two keys, ``<key>.one`` and ``<key>.other`` (Indonesian uses the same word for both).
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # ------------------------------------------------------------------ report frame
    "report.title": "Laporan Integritas Situs Web",
    "report.scan": "Pemindaian #{id}",
    "report.incomplete": "Pemindaian tidak selesai (dihentikan sebelum semua situs diperiksa): "
    "hasil di bawah ini belum lengkap dan tidak berarti situs lainnya bersih.",
    "report.nothing_checked": "Tidak ada situs yang berhasil diperiksa: {sites} tidak dapat "
    "diakses atau gagal dipindai. Pemindaian ini tidak membuktikan apa pun tentang keamanan "
    "situs; periksa jaringan, DNS dan proxy server pemindai.",
    "report.unseen": "{sites} tidak dapat diperiksa, jadi tidak adanya temuan di sana bukan "
    "berarti aman: {which}.",
    "report.limits": "Tidak dianalisis sepenuhnya (batas tercapai; bagian setelahnya tidak "
    "diperiksa): {which}.",
    "report.tls_unverified": "{pages} halaman diambil TANPA sertifikat TLS yang terverifikasi "
    "(mode cadangan tidak aman: isinya mungkin bukan dari situs itu): {which}.",
    "report.warning": "Peringatan",
    "report.previous": "Dibandingkan dengan pemindaian #{id} ({time}).",
    "report.footer": "Dibuat oleh scanner {version}. Laporan ini tidak memuat skrip atau sumber "
    "eksternal; semua cuplikan dari halaman yang dipindai ditampilkan sebagai teks biasa.",
    "report.toc": "Isi",
    # ------------------------------------------------------------------ header
    "header.scan_time": "Waktu pemindaian",
    "header.duration": "Durasi",
    "header.sites_scanned": "Situs dipindai",
    "header.sites_unreachable": "Situs tidak dapat diakses",
    "header.pages": "Halaman diperiksa",
    "header.open": "Insiden terbuka",
    "duration.hms": "{h} jam {m} menit",
    "duration.ms": "{m} menit {s} detik",
    "duration.s": "{s} detik",
    "duration.unknown": "belum selesai",
    # ------------------------------------------------------------------ summary table
    "summary.title": "Ringkasan insiden",
    "summary.severity": "Tingkat",
    "summary.new": "Baru",
    "summary.ongoing": "Berlanjut",
    "summary.resolved": "Selesai",
    "summary.total": "Jumlah",
    "summary.all_clear": "Tidak ada insiden terbuka. Semua situs yang dapat diakses terlihat "
    "bersih.",
    "summary.not_clear": "Tidak ada insiden di bagian yang sempat diperiksa, tetapi itu tidak "
    "berarti situs-situs ini bersih (lihat peringatan di atas).",
    # ------------------------------------------------------------------ affected sites
    "sites.title": "Situs terdampak",
    "sites.site": "Situs",
    "sites.owner": "Pemilik",
    "sites.contact": "Kontak",
    "sites.worst": "Tingkat tertinggi",
    "sites.incidents": "Insiden",
    "sites.new_of": "{new} baru dari {total}",
    "sites.no_contact": "tidak ada kontak",
    "sites.no_owner": "tidak diketahui",
    "sites.more": "dan {n} situs lainnya (lihat lampiran)",
    # ------------------------------------------------------------------ incidents
    "incidents.title": "Rincian insiden",
    "incident.site": "Situs",
    "incident.category": "Kategori",
    "incident.technique": "Teknik",
    "incident.severity": "Tingkat",
    "incident.status": "Status",
    "incident.change": "Perubahan",
    "incident.first_seen": "Pertama terlihat",
    "incident.last_seen": "Terakhir terlihat",
    "incident.times_seen": "Kali terlihat",
    "incident.confidence": "Keyakinan",
    "incident.target_domain": "Domain terkait",
    "incident.urls": "Halaman terdampak",
    "incident.more_urls": "dan {n} halaman lainnya",
    "incident.evidence": "Bukti",
    "incident.more_evidence": "dan {n} bukti lainnya tidak ditampilkan",
    "incident.path": "Lokasi elemen",
    "incident.seen_by": "Terlihat oleh",
    "incident.targets": "Tautan ke",
    "incident.more_targets": "dan {n} lainnya",
    "evidence.more_pages.one": "dan {n} halaman lainnya",
    "evidence.more_pages.other": "dan {n} halaman lainnya",
    "incident.cms": "Langkah untuk {cms} (dikenali dari alamat halaman situs)",
    "incidents.brief": "Daftar insiden",
    "incidents.more_brief": "dan {n} insiden lainnya (lihat lampiran)",
    "incident.diff": "Perubahan isi (sebelum/sesudah)",
    "incident.more_diff": "dan {n} baris lainnya",
    "incident.detail": "Keterangan",
    "incident.remediation": "Yang harus dilakukan",
    "incident.signatures": "Signature",
    "incident.id": "ID insiden",
    "incident.snoozed_until": "ditunda sampai {time}",
    "incident.unknown": "tidak diketahui",
    # ------------------------------------------------------------------ resolved
    "resolved.title": "Insiden yang sudah selesai",
    "resolved.none": "Tidak ada insiden yang selesai sejak pemindaian sebelumnya.",
    "resolved.since": "terakhir terlihat {time}",
    # ------------------------------------------------------------------ general steps
    "general.title": "Setelah membersihkan situs",
    # ------------------------------------------------------------------ appendix
    "appendix.title": "Lampiran: situs dan halaman yang gagal diambil",
    "appendix.none": "Semua situs dan halaman berhasil diambil.",
    "appendix.site": "Situs",
    "appendix.url": "URL",
    "appendix.problem": "Masalah",
    "appendix.message": "Pesan",
    "appendix.more": "dan {n} kegagalan lainnya",
    # ------------------------------------------------------------------ counts
    "count.incidents.one": "{n} insiden",
    "count.incidents.other": "{n} insiden",
    "count.new_incidents.one": "{n} insiden baru",
    "count.new_incidents.other": "{n} insiden baru",
    "count.open_incidents.one": "{n} insiden terbuka",
    "count.open_incidents.other": "{n} insiden terbuka",
    "count.sites.one": "{n} situs",
    "count.sites.other": "{n} situs",
    "count.times.one": "{n} kali",
    "count.times.other": "{n} kali",
    # ------------------------------------------------------------------ email
    "email.subject.new": "[scanner] {incidents} di {sites}",
    "email.subject.new_critical": "[scanner] {incidents} di {sites} ({critical} kritis)",
    "email.subject.open": "[scanner] {incidents} di {sites} (tidak ada yang baru)",
    "email.subject.all_clear": "[scanner] Semua aman: {sites} dipindai, tidak ada insiden terbuka",
    "email.subject.site": "[scanner] {incidents} di {site}",
    "email.all_clear.body": "Pemindaian #{id} ({time}) memeriksa {sites}. Tidak ada insiden "
    "terbuka.",
    "email.all_clear.unreachable": "Situs yang tidak dapat diakses: {n}. Lihat laporan "
    "lengkap untuk rinciannya.",
    "email.subject.not_checked": "[scanner] PERINGATAN: tidak ada situs yang dapat diperiksa "
    "({sites} gagal)",
    "email.subject.incomplete": "[scanner] Pemindaian tidak selesai: {checked} dari {total} "
    "diperiksa, tanpa insiden terbuka di bagian itu",
    "email.subject.incomplete_suffix": " (pemindaian tidak selesai)",
    "email.warning": "PERINGATAN: {text}",
    "email.attached": "Laporan lengkap terlalu besar untuk isi email; lihat lampiran: {files}.",
    "email.contact_intro": "Anda menerima email ini karena tercatat sebagai kontak situs {site}.",
    # ------------------------------------------------------------------ categories
    "category.gambling": "Judi online",
    "category.defacement": "Deface (tampilan diubah)",
    "category.malicious_script": "Skrip berbahaya",
    "category.integrity": "Integritas (perubahan tak terduga)",
    # ------------------------------------------------------------------ techniques
    "technique.hidden_links": "Tautan tersembunyi",
    "technique.hidden_content": "Konten tersembunyi",
    "technique.visible_content": "Konten spam terlihat",
    "technique.cloaking_ua": "Cloaking: konten berbeda untuk Googlebot",
    "technique.cloaking_referer": "Cloaking: konten berbeda bagi pengunjung dari Google",
    "technique.cloaking_mobile": "Cloaking: konten berbeda bagi pengunjung ponsel",
    "technique.js_injection": "Sisipan JavaScript",
    "technique.js_redirect": "Pengalihan lewat JavaScript",
    "technique.meta_injection": "Sisipan meta tag / judul",
    "technique.doorway_page": "Halaman doorway (halaman spam tersembunyi)",
    "technique.redirect": "Pengalihan ke situs luar",
    "technique.meta_refresh": "Pengalihan meta refresh",
    "technique.iframe": "Iframe tersembunyi / asing",
    "technique.external_script": "Skrip dari domain asing",
    "technique.modified_asset": "Berkas JS/CSS diubah",
    "technique.spam_comment": "Komentar spam",
    "technique.defacement_page": "Halaman deface",
    "technique.defacement_overlay": "Lapisan deface di atas halaman",
    "technique.content_change": "Perubahan isi halaman",
    "technique.known_bad_hash": "Berkas dikenal berbahaya",
    "technique.site_verification": "Token verifikasi Google tidak dikenal",
    # ------------------------------------------------------------------ platforms (CMS)
    "cms.wordpress": "WordPress",
    "cms.joomla": "Joomla",
    "cms.laravel": "Laravel",
    "cms.codeigniter": "CodeIgniter",
    "cms.static": "situs statis (HTML)",
    # ------------------------------------------------------------------ severities
    "severity.critical": "Kritis",
    "severity.high": "Tinggi",
    "severity.medium": "Sedang",
    "severity.low": "Rendah",
    "severity.info": "Info",
    # ------------------------------------------------------------------ statuses and changes
    "status.open": "Terbuka",
    "status.acknowledged": "Sudah ditangani",
    "status.snoozed": "Ditunda",
    "status.resolved": "Selesai",
    "change.new": "Baru",
    "change.ongoing": "Berlanjut",
    "change.resolved": "Selesai",
    # ------------------------------------------------------------------ profiles (who saw it)
    "profile.browser": "pengunjung biasa",
    "profile.googlebot": "hanya Googlebot",
    "profile.mobile": "hanya pengunjung ponsel",
    "profile.google-referer": "hanya pengunjung dari Google",
    "profile.other": "profil {name}",
    # ------------------------------------------------------------------ site statuses
    "site_status.ok": "Dapat diakses",
    "site_status.unreachable": "Tidak dapat diakses",
    "site_status.error": "Galat saat memindai",
    # ------------------------------------------------------------------ fetch error kinds
    "fetch_error.dns": "Nama domain tidak ditemukan (DNS)",
    "fetch_error.refused": "Koneksi ditolak",
    "fetch_error.timeout": "Waktu habis",
    "fetch_error.tls": "Sertifikat TLS/HTTPS bermasalah",
    "fetch_error.http_status": "Server menjawab dengan galat HTTP",
    "fetch_error.too_large": "Halaman terlalu besar",
    "fetch_error.decompression": "Kompresi rusak",
    "fetch_error.reset": "Koneksi terputus",
    "fetch_error.redirect_loop": "Pengalihan berputar",
    "fetch_error.too_many_redirects": "Terlalu banyak pengalihan",
    "fetch_error.unsupported_type": "Jenis konten tidak didukung",
    "fetch_error.decode": "Teks tidak dapat dibaca",
    "fetch_error.connection": "Galat koneksi",
    "fetch_error.analysis": "Berhasil diambil, tetapi analisisnya gagal (halaman tidak diperiksa)",
    "fetch_error.other": "Galat lain",
}
