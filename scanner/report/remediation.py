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
from enum import Enum
from types import MappingProxyType

from scanner.models import Technique
from scanner.report.cms import Cms
from scanner.report.places import PLACES, Places

_T = Technique


class Step(Enum):
    """A place-dependent step; its text comes from the CMS's ``Places``."""

    THEME = "theme"
    DATABASE = "database"
    UPLOADS = "uploads"
    USERS = "users"
    JS = "js"


_JS = {
    "id": "Bandingkan berkas JavaScript situs dengan versi aslinya; cari kode yang di-obfuscate "
    "(eval, atob, String.fromCharCode, document.write) dan hapus.",
    "en": "Compare the site's JavaScript files with their originals; look for obfuscated code "
    "(eval, atob, String.fromCharCode, document.write) and remove it.",
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
    return PLACES[cms][_lang(lang)]


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
