"""Where things are on each platform the remediation steps know, in Indonesian and English.

Data for ``scanner.report.remediation``: a WordPress admin looks in ``wp-content/themes``, a
Joomla admin in ``templates/``, a Laravel developer in ``resources/views``; a static site has
no database, so its ``database`` is empty and that step is left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from scanner.report.cms import Cms


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


PLACES: dict[Cms, dict[str, Places]] = {
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
"""``Places`` by CMS and language (every CMS, ``id`` and ``en``)."""
