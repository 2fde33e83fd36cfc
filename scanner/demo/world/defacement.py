"""Defacement pages and overlays, written fresh in several styles and languages.

Real defacements range from a wall of text ("Hacked by X", greetz, a political message) to a
black page with one image, a marquee and background audio and almost no words. Both ends are
produced here so a detector cannot lean on any single cue.
"""

from __future__ import annotations

import base64
import random

HANDLES = (
    "Sh4d0wR00t", "GarudaXploit", "./N1ghtCr3w", "Mr.Bl4ckC0de", "AnonSec_ID", "Z3r0Byt3",
    "KuroNeko1337", "PhantomGh0st", "Xr4y_Team", "CyberSenyap", "ZeroDayKid", "Ph4nt0m_Leg1on",
)
TEAMS = ("Indonesian Fighter Cyber", "Bekasi Blackhat", "Garuda Security Team", "Xploit Crew",
         "Moslem Cyber Army", "Tersakiti Crew", "Ghost Squad", "1337 Family")

MESSAGES: dict[str, tuple[str, ...]] = {
    "id": (
        "Sistem keamanan anda lemah, segera perbaiki sebelum terlambat.",
        "Kami hanya ingin mengingatkan admin bahwa website ini tidak aman.",
        "Tidak ada data yang kami hapus. Patch sistem anda, min!",
        "Salam dari kami untuk rakyat yang tertindas. Pejabat jangan korupsi!",
    ),
    "en": (
        "Your security is low. Patch your system, admin.",
        "We are not criminals, we just show you the hole.",
        "Nothing was deleted. This is a warning.",
        "Your site has been owned. Sorry admin, just testing your security.",
    ),
    "fr": ("Votre sécurité est faible. Rien n'a été supprimé.", "Piraté par notre équipe."),
    "ar": ("تم الاختراق بواسطة الفريق", "أمنكم ضعيف جدا"),
    "pt": ("Sua segurança é fraca, admin.", "Hackeado por amor ao conhecimento."),
    "tr": ("Güvenliğiniz zayıf, admin.", "Hacklendi. Hiçbir veri silinmedi."),
}
HACKED_BY = {"id": "Diretas oleh", "en": "Hacked by", "fr": "Piraté par", "ar": "Hacked by",
             "pt": "Hackeado por", "tr": "Hacked by"}
TEMPLATES = ("wall_of_text", "terminal", "image_audio", "greetz_marquee", "minimal")


def page(rng: random.Random, template: str | None = None, lang: str | None = None) -> str:
    """A complete defacement page in one of ``TEMPLATES`` and one of the ``MESSAGES`` languages."""
    template = template or rng.choice(TEMPLATES)
    lang = lang or rng.choice(("id", "id", "en", "en", "fr", "ar", "pt", "tr"))
    handle, team = rng.choice(HANDLES), rng.choice(TEAMS)
    greetz = " - ".join(rng.sample(HANDLES, 5))
    msg = " ".join(rng.sample(MESSAGES[lang], min(2, len(MESSAGES[lang]))))
    img = f"https://i.ibb.co/{rng.randrange(16**6):06x}/{rng.choice(('mask', 'skull', 'flag'))}.png"
    audio = f"https://files.catbox.moe/{rng.randrange(36**6):06x}.mp3"
    hacked = f"{HACKED_BY[lang]} {handle}"
    direction = ' dir="rtl"' if lang == "ar" else ""
    if template == "image_audio":
        body = (f'<center><img src="{img}" width="{rng.choice((420, 500, 640))}">'
                f'<br><font color="red" size="2">{handle}</font>'
                f'<audio autoplay loop><source src="{audio}" type="audio/mpeg"></audio></center>')
        title = rng.choice((handle, f"./{handle.lower()}", "Owned", "#"))
    elif template == "terminal":
        body = (f'<pre style="color:#0f0">root@{handle.lower()}:~# cat pesan.txt\n{msg}\n'
                f"root@{handle.lower()}:~# whoami\n{handle} | {team}\n</pre>"
                '<p style="color:#666">mirror: '
                f'zone-h.org/mirror/id/{rng.randint(10**7, 10**8)}</p>')
        title = hacked
    elif template == "greetz_marquee":
        body = (f'<marquee behavior="alternate" scrollamount="{rng.randint(4, 12)}">'
                f"<h1>{hacked}</h1></marquee><img src=\"{img}\"><h3>{msg}</h3>"
                f"<p>Greetz: {greetz}</p><p>{team}</p>"
                f'<embed src="{audio}" autostart="true" hidden="true">')
        title = f"{hacked} | {team}"
    elif template == "minimal":
        body = f"<h1>{hacked}</h1><p>{msg}</p>"
        title = hacked
    else:
        body = (f"<h1>{hacked}</h1><h2>{team}</h2>" + "".join(
            f"<p>{m}</p>" for m in MESSAGES[lang]) + f"<p>Thanks to: {greetz}</p>"
                f'<p>Contact: {handle.lower().strip("./")}@protonmail.com</p>')
        title = f"{hacked} — {rng.choice(('Owned', 'Defaced', 'Pwned', 'Hacked'))}"
    bg = rng.choice(("#000", "black", "#0a0a0a", "#111"))
    return (f'<!DOCTYPE html>\n<html lang="{lang}"{direction}><head><meta charset="utf-8">'
            f"<title>{title}</title>"
            f'<meta name="description" content="{hacked}">'
            f"<style>body{{background:{bg};color:#eee;font-family:monospace;text-align:center}}"
            f"</style></head>\n<body bgcolor=\"{bg}\">\n{body}\n</body></html>\n")


def overlay_script(rng: random.Random) -> str:
    """An inline ``<script>`` that covers the real page with a full-screen defacement."""
    handle = rng.choice(HANDLES)
    lang = rng.choice(("id", "en"))
    inner = (f'<div style="position:fixed;top:0;left:0;width:100%;height:100%;background:#000;'
             f'color:#f00;z-index:99999;text-align:center;padding-top:15%">'
             f"<h1>{HACKED_BY[lang]} {handle}</h1><p>{rng.choice(MESSAGES[lang])}</p></div>")
    if rng.random() < 0.5:
        encoded = base64.b64encode(inner.encode()).decode()
        return (f"<script>window.addEventListener('load',function(){{var d=document.createElement"
                f"('div');d.innerHTML=atob('{encoded}');document.body.appendChild(d);}});</script>")
    escaped = inner.replace("'", "\\'")
    return (f"<script>document.addEventListener('DOMContentLoaded',function(){{document.body"
            f".innerHTML='{escaped}';document.title='{HACKED_BY[lang]} {handle}';}});</script>")
