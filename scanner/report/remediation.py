"""What to do about an incident, per technique, in plain language (Indonesian and English).

The reader is a provincial/regency CSIRT or web admin who has to act in minutes: each hint
says where to look on the server and what to remove. The steps every compromise needs after
cleaning (rotate credentials, update, Search Console, re-indexing, reporting) are kept apart in
``general_steps`` so the report shows them once instead of under every incident.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from scanner.models import Technique

_T = Technique

_THEME_ID = (
    "Periksa berkas tema: header.php, footer.php, functions.php dan index.php (WordPress: "
    "wp-content/themes/<tema>/); bandingkan dengan salinan asli tema atau cadangan yang bersih."
)
_THEME_EN = (
    "Check the theme files: header.php, footer.php, functions.php and index.php (WordPress: "
    "wp-content/themes/<theme>/); compare them with the original theme or a clean backup."
)
_DB_ID = (
    "Cari di database: tabel wp_posts (isi tulisan/halaman) dan wp_options (widget, "
    "siteurl/home, opsi yang memuat <script> atau nama domain judi)."
)
_DB_EN = (
    "Search the database: the wp_posts table (post/page content) and wp_options (widgets, "
    "siteurl/home, options containing <script> or gambling domain names)."
)
_HTACCESS_ID = (
    "Periksa .htaccess di root situs dan di setiap folder (juga konfigurasi Nginx/Apache): "
    "hapus aturan RewriteCond/RewriteRule yang memeriksa {what}."
)
_HTACCESS_EN = (
    "Check .htaccess in the site root and in every folder (and the Nginx/Apache configuration): "
    "remove RewriteCond/RewriteRule rules that test {what}."
)
_UPLOADS_ID = (
    "Cari folder atau berkas PHP asing, terutama di wp-content/uploads/, folder gambar dan "
    "folder yang baru dibuat (urutkan menurut tanggal ubah); hapus setelah dicadangkan sebagai "
    "bukti."
)
_UPLOADS_EN = (
    "Look for foreign folders or PHP files, especially under wp-content/uploads/, image folders "
    "and recently created folders (sort by modification date); remove them after keeping a copy "
    "as evidence."
)
_JS_ID = (
    "Bandingkan berkas JavaScript situs (dan tema/plugin) dengan versi aslinya; cari kode yang "
    "di-obfuscate (eval, atob, String.fromCharCode, document.write) dan hapus."
)
_JS_EN = (
    "Compare the site's JavaScript files (and theme/plugin files) with their originals; look "
    "for obfuscated code (eval, atob, String.fromCharCode, document.write) and remove it."
)

_HINTS: dict[Technique, dict[str, tuple[str, ...]]] = {
    _T.HIDDEN_LINKS: {
        "id": (
            "Tautan judi disembunyikan (display:none, teks sangat kecil, di luar layar) agar "
            "tidak terlihat pengunjung tetapi dibaca Google.",
            _THEME_ID,
            _DB_ID,
            "Hapus blok tautan tersembunyi dan elemen pembungkusnya (lihat lokasi elemen).",
        ),
        "en": (
            "Gambling links are hidden (display:none, tiny text, off-screen) so visitors do not "
            "see them but Google reads them.",
            _THEME_EN,
            _DB_EN,
            "Remove the hidden link block and its wrapper element (see the element path).",
        ),
    },
    _T.HIDDEN_CONTENT: {
        "id": (
            "Teks spam disembunyikan dengan CSS di dalam halaman.",
            _THEME_ID,
            _DB_ID,
        ),
        "en": (
            "Spam text is hidden with CSS inside the page.",
            _THEME_EN,
            _DB_EN,
        ),
    },
    _T.VISIBLE_CONTENT: {
        "id": (
            "Konten judi tampil di halaman: cari tulisan, halaman atau widget yang tidak dibuat "
            "oleh admin (urutkan menurut tanggal).",
            _DB_ID,
            _UPLOADS_ID,
            "Periksa akun pengguna CMS: hapus akun admin/editor yang tidak dikenal.",
        ),
        "en": (
            "Gambling content is visible on the page: look for posts, pages or widgets the "
            "admins did not create (sort by date).",
            _DB_EN,
            _UPLOADS_EN,
            "Check the CMS user accounts: remove unknown admin/editor accounts.",
        ),
    },
    _T.CLOAKING_UA: {
        "id": (
            "Situs menampilkan isi lain kepada Googlebot: admin yang membuka situs biasa tidak "
            "akan melihatnya. Cek dengan 'Inspeksi URL' di Google Search Console.",
            _HTACCESS_ID.format(what="HTTP_USER_AGENT (Googlebot, bot, crawler)"),
            _THEME_ID + " Cari pemeriksaan $_SERVER['HTTP_USER_AGENT'].",
            _UPLOADS_ID,
        ),
        "en": (
            "The site shows different content to Googlebot: an admin browsing normally will "
            "not see it. Check with 'URL Inspection' in Google Search Console.",
            _HTACCESS_EN.format(what="HTTP_USER_AGENT (Googlebot, bot, crawler)"),
            _THEME_EN + " Look for checks of $_SERVER['HTTP_USER_AGENT'].",
            _UPLOADS_EN,
        ),
    },
    _T.CLOAKING_REFERER: {
        "id": (
            "Pengunjung yang datang dari hasil pencarian Google dialihkan atau diberi isi lain.",
            _HTACCESS_ID.format(what="HTTP_REFERER (google.)"),
            _THEME_ID + " Cari pemeriksaan $_SERVER['HTTP_REFERER'] dan document.referrer.",
        ),
        "en": (
            "Visitors arriving from a Google search are redirected or shown other content.",
            _HTACCESS_EN.format(what="HTTP_REFERER (google.)"),
            _THEME_EN + " Look for checks of $_SERVER['HTTP_REFERER'] and document.referrer.",
        ),
    },
    _T.CLOAKING_MOBILE: {
        "id": (
            "Pengunjung ponsel diberi isi lain atau dialihkan.",
            _HTACCESS_ID.format(what="User-Agent ponsel (Android, iPhone, Mobile)"),
            _THEME_ID + " Cari wp_is_mobile() dan pemeriksaan User-Agent ponsel.",
            _JS_ID,
        ),
        "en": (
            "Mobile visitors are shown other content or redirected.",
            _HTACCESS_EN.format(what="mobile User-Agents (Android, iPhone, Mobile)"),
            _THEME_EN + " Look for wp_is_mobile() and mobile User-Agent checks.",
            _JS_EN,
        ),
    },
    _T.JS_INJECTION: {
        "id": (_JS_ID, _THEME_ID, _DB_ID),
        "en": (_JS_EN, _THEME_EN, _DB_EN),
    },
    _T.JS_REDIRECT: {
        "id": (
            "Skrip mengalihkan pengunjung ke situs lain (window.location, location.replace).",
            _JS_ID,
            _THEME_ID,
            _DB_ID,
        ),
        "en": (
            "A script sends visitors to another site (window.location, location.replace).",
            _JS_EN,
            _THEME_EN,
            _DB_EN,
        ),
    },
    _T.META_INJECTION: {
        "id": (
            "Judul/deskripsi halaman diganti dengan kata kunci judi (terlihat di hasil Google).",
            _THEME_ID + " Periksa juga pengaturan plugin SEO (Yoast, Rank Math, All in One SEO).",
            _DB_ID,
        ),
        "en": (
            "The page title/description was replaced with gambling keywords (visible in Google "
            "results).",
            _THEME_EN + " Also check SEO plugin settings (Yoast, Rank Math, All in One SEO).",
            _DB_EN,
        ),
    },
    _T.DOORWAY_PAGE: {
        "id": (
            "Halaman spam dibuat di dalam situs (sering hanya tercantum di sitemap).",
            _UPLOADS_ID,
            "Periksa sitemap.xml dan robots.txt: hapus entri halaman yang tidak dikenal.",
            _DB_ID,
        ),
        "en": (
            "Spam pages were created inside the site (often listed only in the sitemap).",
            _UPLOADS_EN,
            "Check sitemap.xml and robots.txt: remove entries for pages you do not know.",
            _DB_EN,
        ),
    },
    _T.REDIRECT: {
        "id": (
            "Halaman mengalihkan ke situs luar lewat jawaban server (HTTP 301/302).",
            _HTACCESS_ID.format(what="User-Agent/Referer, atau Redirect ke domain luar"),
            "Periksa index.php dan wp-config.php pada bagian paling atas (kode sebelum <?php "
            "yang sah) serta plugin pengalihan.",
        ),
        "en": (
            "The page redirects to an outside site in the server's answer (HTTP 301/302).",
            _HTACCESS_EN.format(what="User-Agent/Referer, or Redirect to outside domains"),
            "Check the very top of index.php and wp-config.php (code before the legitimate "
            "<?php) and redirect plugins.",
        ),
    },
    _T.META_REFRESH: {
        "id": ("Tag <meta http-equiv=refresh> mengalihkan pengunjung.", _THEME_ID, _DB_ID),
        "en": ("A <meta http-equiv=refresh> tag redirects visitors.", _THEME_EN, _DB_EN),
    },
    _T.IFRAME: {
        "id": ("Iframe asing dimuat di halaman.", _THEME_ID, _DB_ID, _JS_ID),
        "en": ("A foreign iframe is loaded into the page.", _THEME_EN, _DB_EN, _JS_EN),
    },
    _T.EXTERNAL_SCRIPT: {
        "id": (
            "Halaman memuat skrip dari domain yang tidak dikenal; pastikan apakah itu layanan "
            "resmi (statistik, chat) atau sisipan penyerang.",
            _THEME_ID,
            _DB_ID,
        ),
        "en": (
            "The page loads a script from an unknown domain; confirm whether it is a legitimate "
            "service (analytics, chat) or an attacker's injection.",
            _THEME_EN,
            _DB_EN,
        ),
    },
    _T.MODIFIED_ASSET: {
        "id": (
            "Berkas JS/CSS situs berubah sejak baseline terakhir.",
            _JS_ID,
            "Pulihkan berkas dari paket asli CMS/tema/plugin atau dari cadangan yang bersih.",
        ),
        "en": (
            "A JS/CSS file of the site changed since the last baseline.",
            _JS_EN,
            "Restore the file from the original CMS/theme/plugin package or a clean backup.",
        ),
    },
    _T.SPAM_COMMENT: {
        "id": (
            "Komentar berisi tautan judi: hapus komentarnya, aktifkan moderasi dan anti-spam, "
            "atau matikan komentar bila tidak dipakai.",
        ),
        "en": (
            "Comments contain gambling links: delete them, turn on moderation and anti-spam, "
            "or disable comments if they are not used.",
        ),
    },
    _T.DEFACEMENT_PAGE: {
        "id": (
            "Halaman diganti tampilan penyerang. Simpan salinan halaman dan log server sebagai "
            "bukti sebelum memulihkan.",
            "Pulihkan dari cadangan yang bersih; cari web shell (berkas PHP asing, mis. di "
            "uploads/) karena penyerang biasanya masuk lagi lewat sana.",
            _UPLOADS_ID,
        ),
        "en": (
            "The page was replaced by the attacker's page. Keep a copy of the page and the server "
            "logs as evidence before restoring.",
            "Restore from a clean backup; look for web shells (foreign PHP files, e.g. under "
            "uploads/), since attackers usually come back through them.",
            _UPLOADS_EN,
        ),
    },
    _T.DEFACEMENT_OVERLAY: {
        "id": (
            "Lapisan deface disisipkan di atas halaman asli (biasanya lewat skrip atau HTML di "
            "tema).",
            _THEME_ID,
            _JS_ID,
            _DB_ID,
        ),
        "en": (
            "A defacement overlay is injected on top of the real page (usually through a script "
            "or HTML in the theme).",
            _THEME_EN,
            _JS_EN,
            _DB_EN,
        ),
    },
    _T.CONTENT_CHANGE: {
        "id": (
            "Isi halaman berubah sejak baseline. Jika perubahan itu dibuat oleh admin, abaikan; "
            "jika tidak, periksa riwayat revisi halaman di CMS.",
            _DB_ID,
        ),
        "en": (
            "The page content changed since the baseline. If an admin made the change, ignore "
            "it; otherwise check the page's revision history in the CMS.",
            _DB_EN,
        ),
    },
    _T.KNOWN_BAD_HASH: {
        "id": (
            "Berkas identik dengan berkas berbahaya yang sudah dikenal: hapus atau ganti dengan "
            "versi asli.",
            _UPLOADS_ID,
        ),
        "en": (
            "The file is identical to a known malicious file: remove it or replace it with the "
            "original.",
            _UPLOADS_EN,
        ),
    },
    _T.SITE_VERIFICATION: {
        "id": (
            "Ada token google-site-verification yang tidak dikenal: penyerang mendaftarkan diri "
            "sebagai pemilik situs di Google Search Console untuk mengirim sitemap spam.",
            "Hapus meta tag atau berkas googleXXXX.html yang tidak dikenal; di Search Console, "
            "buka Setelan > Pengguna dan pemilik, lalu hapus pemilik yang tidak dikenal.",
        ),
        "en": (
            "There is an unknown google-site-verification token: the attacker registered as a "
            "site owner in Google Search Console to submit spam sitemaps.",
            "Remove the unknown meta tag or googleXXXX.html file; in Search Console open "
            "Settings > Users and permissions and remove unknown owners.",
        ),
    },
}

_GENERAL: dict[str, tuple[str, ...]] = {
    "id": (
        "Ganti semua kata sandi: admin CMS, FTP/SSH, database (perbarui wp-config.php) dan "
        "panel hosting; hapus kunci SSH dan akun yang tidak dikenal.",
        "Perbarui CMS, tema dan semua plugin; hapus plugin/tema yang tidak dipakai atau bajakan "
        "(nulled).",
        "Google Search Console: periksa pemilik terverifikasi dan hapus token verifikasi yang "
        "tidak dikenal; ajukan pengindeksan ulang halaman yang sudah bersih dan permintaan "
        "penghapusan URL spam.",
        "Simpan log akses server dan salinan berkas yang disusupi sebagai bukti, lalu laporkan "
        "ke BSSN / CSIRT pemerintah daerah.",
        "Jalankan pemindaian ulang setelah pembersihan untuk memastikan insiden selesai.",
    ),
    "en": (
        "Change every password: CMS admin, FTP/SSH, database (update wp-config.php) and the "
        "hosting panel; remove unknown SSH keys and accounts.",
        "Update the CMS, theme and every plugin; remove unused or pirated (nulled) plugins/themes.",
        "Google Search Console: check the verified owners and remove unknown verification "
        "tokens; request re-indexing of cleaned pages and removal of spam URLs.",
        "Keep the server access logs and copies of compromised files as evidence, then report "
        "to BSSN / the regional government CSIRT.",
        "Run a new scan after cleaning to confirm the incident is resolved.",
    ),
}

HINTS: Mapping[Technique, Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {t: MappingProxyType(v) for t, v in _HINTS.items()}
)
"""Remediation hints by technique and language (every technique, ``id`` and ``en``)."""


def hints(technique: Technique | str, lang: str) -> tuple[str, ...]:
    """The remediation hints for ``technique`` in ``lang`` (empty for an unknown technique)."""
    try:
        by_lang = HINTS[Technique(technique)]
    except (KeyError, ValueError):
        return ()
    return by_lang.get(lang, by_lang["en"])


def general_steps(lang: str) -> tuple[str, ...]:
    """The steps every compromised site needs after cleaning (credentials, updates, Google)."""
    return _GENERAL.get(lang, _GENERAL["en"])
