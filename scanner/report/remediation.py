"""What to do about an incident, per technique and per CMS, in plain language (id and en).

The reader is a provincial/regency CSIRT or web admin who has to act in minutes: each hint
says where to look on the server and what to remove, in the folders of the platform the site
runs (``scanner.report.cms``): WordPress, Joomla, Laravel, CodeIgniter, a static site, or
neutral wording when the platform is unknown. The steps every compromise needs after cleaning
(rotate credentials, update, Search Console, reporting) are kept apart in ``general_steps`` so
the report shows them once instead of under every incident.

A hint is either literal text or a ``Step``: a kind of place (templates, database, uploads...)
whose wording comes from the CMS's ``Places``. A step the platform does not have (a static site
has no database) is left out rather than printed as advice that cannot apply.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType

from scanner.models import Technique
from scanner.report.cms import Cms

_T = Technique


class Step(Enum):
    """A place-dependent step; its text comes from the CMS's ``Places``."""

    THEME = "theme"
    DATABASE = "database"
    UPLOADS = "uploads"
    USERS = "users"
    JS = "js"


@dataclass(frozen=True, slots=True)
class Places:
    """Where things are on one platform, in one language ("" = the platform has none)."""

    theme: str
    database: str
    uploads: str
    users: str
    config: str
    """The file holding the database password, for the rotate-credentials step."""
    entry: str
    """The files an attacker prepends redirect code to."""
    seo: str = ""
    mobile: str = ""
    update: str = ""


_JS = {
    "id": "Bandingkan berkas JavaScript situs dengan versi aslinya; cari kode yang di-obfuscate "
    "(eval, atob, String.fromCharCode, document.write) dan hapus.",
    "en": "Compare the site's JavaScript files with their originals; look for obfuscated code "
    "(eval, atob, String.fromCharCode, document.write) and remove it.",
}

_PLACES: dict[Cms, dict[str, Places]] = {
    Cms.WORDPRESS: {
        "id": Places(
            theme="Periksa berkas tema: header.php, footer.php, functions.php dan index.php di "
            "wp-content/themes/<tema>/; bandingkan dengan salinan asli tema atau cadangan yang "
            "bersih.",
            database="Cari di database: tabel wp_posts (isi tulisan/halaman) dan wp_options "
            "(widget, siteurl/home, opsi yang memuat <script> atau nama domain judi).",
            uploads="Cari folder atau berkas PHP asing, terutama di wp-content/uploads/ dan "
            "folder yang baru dibuat (urutkan menurut tanggal ubah); hapus setelah dicadangkan "
            "sebagai bukti.",
            users="Periksa Pengguna > Semua Pengguna di WordPress: hapus akun "
            "administrator/editor yang tidak dikenal.",
            config="wp-config.php",
            entry="index.php dan wp-config.php",
            seo=" Periksa juga pengaturan plugin SEO (Yoast, Rank Math, All in One SEO).",
            mobile=" Cari wp_is_mobile() dan pemeriksaan User-Agent ponsel.",
            update="Perbarui WordPress, tema dan semua plugin; hapus plugin/tema yang tidak "
            "dipakai atau bajakan (nulled).",
        ),
        "en": Places(
            theme="Check the theme files: header.php, footer.php, functions.php and index.php "
            "in wp-content/themes/<theme>/; compare them with the original theme or a clean "
            "backup.",
            database="Search the database: the wp_posts table (post/page content) and "
            "wp_options (widgets, siteurl/home, options containing <script> or gambling domain "
            "names).",
            uploads="Look for foreign folders or PHP files, especially under wp-content/uploads/ "
            "and recently created folders (sort by modification date); remove them after keeping "
            "a copy as evidence.",
            users="Check Users > All Users in WordPress: remove unknown administrator/editor "
            "accounts.",
            config="wp-config.php",
            entry="index.php and wp-config.php",
            seo=" Also check SEO plugin settings (Yoast, Rank Math, All in One SEO).",
            mobile=" Look for wp_is_mobile() and mobile User-Agent checks.",
            update="Update WordPress, the theme and every plugin; remove unused or pirated "
            "(nulled) plugins/themes.",
        ),
    },
    Cms.JOOMLA: {
        "id": Places(
            theme="Periksa berkas template: templates/<template>/index.php dan folder html/ "
            "(override) di dalamnya; bandingkan dengan paket asli template atau cadangan yang "
            "bersih.",
            database="Cari di database: tabel #__content (artikel), #__modules (modul Custom "
            "HTML) dan #__menu yang memuat <script> atau nama domain judi (#__ = $dbprefix di "
            "configuration.php).",
            uploads="Cari folder atau berkas PHP asing, terutama di images/, media/, tmp/ dan "
            "cache/ (urutkan menurut tanggal ubah); hapus setelah dicadangkan sebagai bukti.",
            users="Periksa Users > Manage di Joomla: hapus akun Super User/Administrator yang "
            "tidak dikenal.",
            config="configuration.php",
            entry="index.php dan configuration.php",
            seo=" Periksa juga ekstensi SEO (mis. sh404SEF, 4SEO) dan Metadata di Global "
            "Configuration.",
            update="Perbarui Joomla dan semua ekstensi (System > Update); hapus ekstensi yang "
            "tidak dipakai atau bajakan.",
        ),
        "en": Places(
            theme="Check the template files: templates/<template>/index.php and its html/ "
            "overrides folder; compare them with the original template package or a clean "
            "backup.",
            database="Search the database: the #__content (articles), #__modules (Custom HTML "
            "modules) and #__menu tables for <script> or gambling domain names (#__ is $dbprefix "
            "in configuration.php).",
            uploads="Look for foreign folders or PHP files, especially under images/, media/, "
            "tmp/ and cache/ (sort by modification date); remove them after keeping a copy as "
            "evidence.",
            users="Check Users > Manage in Joomla: remove unknown Super User/Administrator "
            "accounts.",
            config="configuration.php",
            entry="index.php and configuration.php",
            seo=" Also check SEO extensions (e.g. sh404SEF, 4SEO) and the Metadata in Global "
            "Configuration.",
            update="Update Joomla and every extension (System > Update); remove unused or "
            "pirated extensions.",
        ),
    },
    Cms.LARAVEL: {
        "id": Places(
            theme="Periksa berkas view: resources/views/ (terutama layouts/*.blade.php dan "
            "partial header/footer) serta routes/web.php; bandingkan dengan repositori kode "
            "(git status, git diff) atau cadangan yang bersih.",
            database="Cari di database aplikasi: tabel isi (berita, halaman, pengaturan) yang "
            "memuat <script> atau nama domain judi.",
            uploads="Cari berkas PHP asing di public/ dan storage/app/public/ (urutkan menurut "
            "tanggal ubah); hapus setelah dicadangkan sebagai bukti, lalu pasang ulang vendor/ "
            "dengan composer install dari composer.lock.",
            users="Periksa tabel users aplikasi: hapus akun admin yang tidak dikenal.",
            config=".env",
            entry="public/index.php dan bootstrap/app.php",
            update="Perbarui Laravel dan paket Composer (composer audit); pastikan APP_DEBUG=false "
            "di server produksi.",
        ),
        "en": Places(
            theme="Check the view files: resources/views/ (especially layouts/*.blade.php and the "
            "header/footer partials) and routes/web.php; compare them with the code repository "
            "(git status, git diff) or a clean backup.",
            database="Search the application database: content tables (news, pages, settings) "
            "containing <script> or gambling domain names.",
            uploads="Look for foreign PHP files under public/ and storage/app/public/ (sort by "
            "modification date); remove them after keeping a copy as evidence, then reinstall "
            "vendor/ with composer install from composer.lock.",
            users="Check the application's users table: remove unknown admin accounts.",
            config=".env",
            entry="public/index.php and bootstrap/app.php",
            update="Update Laravel and the Composer packages (composer audit); make sure "
            "APP_DEBUG=false on the production server.",
        ),
    },
    Cms.CODEIGNITER: {
        "id": Places(
            theme="Periksa berkas view: application/views/ (CodeIgniter 3) atau app/Views/ "
            "(CodeIgniter 4), terutama template header/footer, serta index.php; bandingkan "
            "dengan repositori kode atau cadangan yang bersih.",
            database="Cari di database aplikasi: tabel isi (berita, halaman, pengaturan) yang "
            "memuat <script> atau nama domain judi.",
            uploads="Cari berkas PHP asing di folder unggahan (uploads/, assets/) dan di root "
            "web (urutkan menurut tanggal ubah); hapus setelah dicadangkan sebagai bukti.",
            users="Periksa tabel pengguna/admin aplikasi: hapus akun yang tidak dikenal.",
            config="application/config/database.php (CI3) atau .env (CI4)",
            entry="index.php",
            update="Perbarui CodeIgniter dan pustaka pihak ketiga (CodeIgniter 3 tidak lagi "
            "mendapat pembaruan keamanan: rencanakan pindah ke versi 4).",
        ),
        "en": Places(
            theme="Check the view files: application/views/ (CodeIgniter 3) or app/Views/ "
            "(CodeIgniter 4), especially the header/footer templates, and index.php; compare "
            "them with the code repository or a clean backup.",
            database="Search the application database: content tables (news, pages, settings) "
            "containing <script> or gambling domain names.",
            uploads="Look for foreign PHP files in the upload folders (uploads/, assets/) and the "
            "web root (sort by modification date); remove them after keeping a copy as "
            "evidence.",
            users="Check the application's user/admin table: remove unknown accounts.",
            config="application/config/database.php (CI3) or .env (CI4)",
            entry="index.php",
            update="Update CodeIgniter and third-party libraries (CodeIgniter 3 no longer gets "
            "security fixes: plan the move to version 4).",
        ),
    },
    Cms.STATIC: {
        "id": Places(
            theme="Periksa berkas HTML situs (index.html, halaman lain dan berkas include bila "
            "ada) di root web; bandingkan dengan sumber asli atau repositori, lalu unggah ulang "
            "versi yang bersih.",
            database="",
            uploads="Situs statis tidak memerlukan berkas PHP: setiap .php, .phtml atau folder "
            "asing di root web adalah tanda penyusupan; hapus setelah dicadangkan sebagai bukti.",
            users="Periksa akun FTP/SSH dan panel hosting: hapus akun yang tidak dikenal.",
            config="",
            entry="index.html dan berkas .php asing di root web",
            update="Perbarui perangkat lunak server (web server, panel hosting) dan unggah "
            "ulang situs dari sumber yang bersih.",
        ),
        "en": Places(
            theme="Check the site's HTML files (index.html, the other pages and any include "
            "files) in the web root; compare them with the original source or repository and "
            "upload the clean version again.",
            database="",
            uploads="A static site needs no PHP files: any .php, .phtml or foreign folder in "
            "the web root is a sign of compromise; remove it after keeping a copy as evidence.",
            users="Check the FTP/SSH and hosting panel accounts: remove unknown accounts.",
            config="",
            entry="index.html and any foreign .php file in the web root",
            update="Update the server software (web server, hosting panel) and upload the site "
            "again from a clean source.",
        ),
    },
    Cms.UNKNOWN: {
        "id": Places(
            theme="Periksa berkas template/tema situs (header, footer, layout utama dan "
            "index.php); bandingkan dengan salinan asli atau cadangan yang bersih.",
            database="Cari di database CMS: tabel isi (tulisan, halaman, artikel), widget/modul "
            "dan pengaturan yang memuat <script> atau nama domain judi.",
            uploads="Cari folder atau berkas PHP asing, terutama di folder unggahan dan gambar "
            "serta folder yang baru dibuat (urutkan menurut tanggal ubah); hapus setelah "
            "dicadangkan sebagai bukti.",
            users="Periksa akun pengguna CMS: hapus akun admin/editor yang tidak dikenal.",
            config="berkas konfigurasi aplikasi",
            entry="index.php dan berkas konfigurasi aplikasi",
            seo=" Periksa juga pengaturan SEO di CMS.",
            update="Perbarui CMS, tema/template dan semua plugin/ekstensi; hapus yang tidak "
            "dipakai atau bajakan (nulled).",
        ),
        "en": Places(
            theme="Check the site's template/theme files (header, footer, main layout and "
            "index.php); compare them with the originals or a clean backup.",
            database="Search the CMS database: content tables (posts, pages, articles), "
            "widgets/modules and settings containing <script> or gambling domain names.",
            uploads="Look for foreign folders or PHP files, especially in upload and image "
            "folders and recently created folders (sort by modification date); remove them "
            "after keeping a copy as evidence.",
            users="Check the CMS user accounts: remove unknown admin/editor accounts.",
            config="the application's configuration file",
            entry="index.php and the application's configuration file",
            seo=" Also check the CMS's SEO settings.",
            update="Update the CMS, theme/template and every plugin/extension; remove unused or "
            "pirated (nulled) ones.",
        ),
    },
}

_HTACCESS = {
    "id": "Periksa .htaccess di root situs dan di setiap folder (juga konfigurasi Nginx/Apache): "
    "hapus aturan RewriteCond/RewriteRule yang memeriksa {what}.",
    "en": "Check .htaccess in the site root and in every folder (and the Nginx/Apache "
    "configuration): remove RewriteCond/RewriteRule rules that test {what}.",
}

Hint = str | Step

# Literal hints may use {htaccess_ua}, {htaccess_ref}, {htaccess_mobile}, {htaccess_redirect},
# {seo}, {mobile}, {entry}: filled from the CMS's Places and _HTACCESS.
_HINTS: dict[Technique, dict[str, tuple[Hint, ...]]] = {
    _T.HIDDEN_LINKS: {
        "id": (
            "Tautan judi disembunyikan (display:none, teks sangat kecil, di luar layar) agar "
            "tidak terlihat pengunjung tetapi dibaca Google.",
            Step.THEME,
            Step.DATABASE,
            "Hapus blok tautan tersembunyi dan elemen pembungkusnya (lihat lokasi elemen).",
        ),
        "en": (
            "Gambling links are hidden (display:none, tiny text, off-screen) so visitors do not "
            "see them but Google reads them.",
            Step.THEME,
            Step.DATABASE,
            "Remove the hidden link block and its wrapper element (see the element path).",
        ),
    },
    _T.HIDDEN_CONTENT: {
        "id": ("Teks spam disembunyikan dengan CSS di dalam halaman.", Step.THEME, Step.DATABASE),
        "en": ("Spam text is hidden with CSS inside the page.", Step.THEME, Step.DATABASE),
    },
    _T.VISIBLE_CONTENT: {
        "id": (
            "Konten judi tampil di halaman: cari tulisan, halaman atau widget yang tidak dibuat "
            "oleh admin (urutkan menurut tanggal).",
            Step.DATABASE,
            Step.UPLOADS,
            Step.USERS,
        ),
        "en": (
            "Gambling content is visible on the page: look for posts, pages or widgets the "
            "admins did not create (sort by date).",
            Step.DATABASE,
            Step.UPLOADS,
            Step.USERS,
        ),
    },
    _T.CLOAKING_UA: {
        "id": (
            "Situs menampilkan isi lain kepada Googlebot: admin yang membuka situs biasa tidak "
            "akan melihatnya. Cek dengan 'Inspeksi URL' di Google Search Console.",
            "{htaccess_ua}",
            Step.THEME,
            "Cari pemeriksaan $_SERVER['HTTP_USER_AGENT'] di kode situs.",
            Step.UPLOADS,
        ),
        "en": (
            "The site shows different content to Googlebot: an admin browsing normally will "
            "not see it. Check with 'URL Inspection' in Google Search Console.",
            "{htaccess_ua}",
            Step.THEME,
            "Look for checks of $_SERVER['HTTP_USER_AGENT'] in the site's code.",
            Step.UPLOADS,
        ),
    },
    _T.CLOAKING_REFERER: {
        "id": (
            "Pengunjung yang datang dari hasil pencarian Google dialihkan atau diberi isi lain.",
            "{htaccess_ref}",
            Step.THEME,
            "Cari pemeriksaan $_SERVER['HTTP_REFERER'] dan document.referrer di kode situs.",
        ),
        "en": (
            "Visitors arriving from a Google search are redirected or shown other content.",
            "{htaccess_ref}",
            Step.THEME,
            "Look for checks of $_SERVER['HTTP_REFERER'] and document.referrer in the code.",
        ),
    },
    _T.CLOAKING_MOBILE: {
        "id": (
            "Pengunjung ponsel diberi isi lain atau dialihkan.",
            "{htaccess_mobile}",
            Step.THEME,
            "Cari pemeriksaan User-Agent ponsel di kode situs.{mobile}",
            Step.JS,
        ),
        "en": (
            "Mobile visitors are shown other content or redirected.",
            "{htaccess_mobile}",
            Step.THEME,
            "Look for mobile User-Agent checks in the site's code.{mobile}",
            Step.JS,
        ),
    },
    _T.JS_INJECTION: {
        "id": (Step.JS, Step.THEME, Step.DATABASE),
        "en": (Step.JS, Step.THEME, Step.DATABASE),
    },
    _T.JS_REDIRECT: {
        "id": (
            "Skrip mengalihkan pengunjung ke situs lain (window.location, location.replace).",
            Step.JS,
            Step.THEME,
            Step.DATABASE,
        ),
        "en": (
            "A script sends visitors to another site (window.location, location.replace).",
            Step.JS,
            Step.THEME,
            Step.DATABASE,
        ),
    },
    _T.META_INJECTION: {
        "id": (
            "Judul/deskripsi halaman diganti dengan kata kunci judi (terlihat di hasil "
            "Google).{seo}",
            Step.THEME,
            Step.DATABASE,
        ),
        "en": (
            "The page title/description was replaced with gambling keywords (visible in Google "
            "results).{seo}",
            Step.THEME,
            Step.DATABASE,
        ),
    },
    _T.DOORWAY_PAGE: {
        "id": (
            "Halaman spam dibuat di dalam situs (sering hanya tercantum di sitemap).",
            Step.UPLOADS,
            "Periksa sitemap.xml dan robots.txt: hapus entri halaman yang tidak dikenal.",
            Step.DATABASE,
        ),
        "en": (
            "Spam pages were created inside the site (often listed only in the sitemap).",
            Step.UPLOADS,
            "Check sitemap.xml and robots.txt: remove entries for pages you do not know.",
            Step.DATABASE,
        ),
    },
    _T.REDIRECT: {
        "id": (
            "Halaman mengalihkan ke situs luar lewat jawaban server (HTTP 301/302).",
            "{htaccess_redirect}",
            "Periksa bagian paling atas {entry} (kode sebelum kode asli).",
        ),
        "en": (
            "The page redirects to an outside site in the server's answer (HTTP 301/302).",
            "{htaccess_redirect}",
            "Check the very top of {entry} (code before the legitimate code).",
        ),
    },
    _T.META_REFRESH: {
        "id": ("Tag <meta http-equiv=refresh> mengalihkan pengunjung.", Step.THEME, Step.DATABASE),
        "en": ("A <meta http-equiv=refresh> tag redirects visitors.", Step.THEME, Step.DATABASE),
    },
    _T.IFRAME: {
        "id": ("Iframe asing dimuat di halaman.", Step.THEME, Step.DATABASE, Step.JS),
        "en": ("A foreign iframe is loaded into the page.", Step.THEME, Step.DATABASE, Step.JS),
    },
    _T.EXTERNAL_SCRIPT: {
        "id": (
            "Halaman memuat skrip dari domain yang tidak dikenal; pastikan apakah itu layanan "
            "resmi (statistik, chat) atau sisipan penyerang.",
            Step.THEME,
            Step.DATABASE,
        ),
        "en": (
            "The page loads a script from an unknown domain; confirm whether it is a legitimate "
            "service (analytics, chat) or an attacker's injection.",
            Step.THEME,
            Step.DATABASE,
        ),
    },
    _T.MODIFIED_ASSET: {
        "id": (
            "Berkas JS/CSS situs berubah sejak baseline terakhir.",
            Step.JS,
            "Pulihkan berkas dari paket aslinya atau dari cadangan yang bersih.",
        ),
        "en": (
            "A JS/CSS file of the site changed since the last baseline.",
            Step.JS,
            "Restore the file from its original package or a clean backup.",
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
            "Pulihkan dari cadangan yang bersih; cari web shell (berkas PHP asing) karena "
            "penyerang biasanya masuk lagi lewat sana.",
            Step.UPLOADS,
        ),
        "en": (
            "The page was replaced by the attacker's page. Keep a copy of the page and the server "
            "logs as evidence before restoring.",
            "Restore from a clean backup; look for web shells (foreign PHP files), since "
            "attackers usually come back through them.",
            Step.UPLOADS,
        ),
    },
    _T.DEFACEMENT_OVERLAY: {
        "id": (
            "Lapisan deface disisipkan di atas halaman asli (biasanya lewat skrip atau HTML di "
            "template).",
            Step.THEME,
            Step.JS,
            Step.DATABASE,
        ),
        "en": (
            "A defacement overlay is injected on top of the real page (usually through a script "
            "or HTML in the template).",
            Step.THEME,
            Step.JS,
            Step.DATABASE,
        ),
    },
    _T.CONTENT_CHANGE: {
        "id": (
            "Isi halaman berubah sejak baseline. Jika perubahan itu dibuat oleh admin, abaikan; "
            "jika tidak, periksa riwayat perubahan halaman.",
            Step.DATABASE,
            Step.THEME,
        ),
        "en": (
            "The page content changed since the baseline. If an admin made the change, ignore "
            "it; otherwise check the page's change history.",
            Step.DATABASE,
            Step.THEME,
        ),
    },
    _T.KNOWN_BAD_HASH: {
        "id": (
            "Berkas identik dengan berkas berbahaya yang sudah dikenal: hapus atau ganti dengan "
            "versi asli.",
            Step.UPLOADS,
        ),
        "en": (
            "The file is identical to a known malicious file: remove it or replace it with the "
            "original.",
            Step.UPLOADS,
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

_HTACCESS_WHAT = {
    "id": {
        "htaccess_ua": "HTTP_USER_AGENT (Googlebot, bot, crawler)",
        "htaccess_ref": "HTTP_REFERER (google.)",
        "htaccess_mobile": "User-Agent ponsel (Android, iPhone, Mobile)",
        "htaccess_redirect": "User-Agent/Referer, atau Redirect ke domain luar",
    },
    "en": {
        "htaccess_ua": "HTTP_USER_AGENT (Googlebot, bot, crawler)",
        "htaccess_ref": "HTTP_REFERER (google.)",
        "htaccess_mobile": "mobile User-Agents (Android, iPhone, Mobile)",
        "htaccess_redirect": "User-Agent/Referer, or Redirect to outside domains",
    },
}

_GENERAL: dict[str, dict[str, str]] = {
    "id": {
        "passwords": "Ganti semua kata sandi: admin CMS, FTP/SSH, database (perbarui {config}) "
        "dan panel hosting; hapus kunci SSH dan akun yang tidak dikenal.",
        "passwords_static": "Ganti semua kata sandi: FTP/SSH dan panel hosting; hapus kunci SSH "
        "dan akun yang tidak dikenal.",
        "google": "Google Search Console: periksa pemilik terverifikasi dan hapus token "
        "verifikasi yang tidak dikenal; ajukan pengindeksan ulang halaman yang sudah bersih dan "
        "permintaan penghapusan URL spam.",
        "evidence": "Simpan log akses server dan salinan berkas yang disusupi sebagai bukti, lalu "
        "laporkan ke BSSN / CSIRT pemerintah daerah.",
        "rescan": "Jalankan pemindaian ulang setelah pembersihan untuk memastikan insiden "
        "selesai.",
    },
    "en": {
        "passwords": "Change every password: CMS admin, FTP/SSH, database (update {config}) and "
        "the hosting panel; remove unknown SSH keys and accounts.",
        "passwords_static": "Change every password: FTP/SSH and the hosting panel; remove "
        "unknown SSH keys and accounts.",
        "google": "Google Search Console: check the verified owners and remove unknown "
        "verification tokens; request re-indexing of cleaned pages and removal of spam URLs.",
        "evidence": "Keep the server access logs and copies of compromised files as evidence, "
        "then report to BSSN / the regional government CSIRT.",
        "rescan": "Run a new scan after cleaning to confirm the incident is resolved.",
    },
}

HINTS: Mapping[Technique, Mapping[str, tuple[Hint, ...]]] = MappingProxyType(
    {t: MappingProxyType(v) for t, v in _HINTS.items()}
)
"""Remediation hints by technique and language (every technique, ``id`` and ``en``)."""


def _lang(lang: str) -> str:
    return lang if lang in ("id", "en") else "en"


def places(cms: Cms, lang: str) -> Places:
    """Where things are on ``cms``, worded in ``lang``."""
    return _PLACES[cms][_lang(lang)]


def _step(step: Step, where: Places, lang: str) -> str:
    if step is Step.JS:
        return _JS[lang]
    return str(getattr(where, step.value))


def hints(technique: Technique | str, lang: str, cms: Cms = Cms.UNKNOWN) -> tuple[str, ...]:
    """The remediation hints for ``technique`` on ``cms`` in ``lang`` (empty if unknown)."""
    try:
        by_lang = HINTS[Technique(technique)]
    except (KeyError, ValueError):
        return ()
    lang = _lang(lang)
    where = places(cms, lang)
    fill = {k: _HTACCESS[lang].format(what=v) for k, v in _HTACCESS_WHAT[lang].items()}
    fill.update(seo=where.seo, mobile=where.mobile, entry=where.entry)
    out = []
    for hint in by_lang[lang]:
        text = _step(hint, where, lang) if isinstance(hint, Step) else hint.format(**fill)
        if text and text not in out:
            out.append(text)
    return tuple(out)


def general_steps(lang: str, cms: Cms = Cms.UNKNOWN) -> tuple[str, ...]:
    """The steps every compromised site on ``cms`` needs after cleaning (once per report)."""
    lang = _lang(lang)
    where, text = places(cms, lang), _GENERAL[lang]
    passwords = text["passwords"].format(config=where.config) if where.config else (
        text["passwords_static"]
    )
    return (passwords, where.update, text["google"], text["evidence"], text["rescan"])
