"""The attacker's vocabulary: generated gambling brands, domains, promo wording and obfuscation.

Brands are assembled from the parts real judi-online operators use (``gacor``, ``maxwin``,
``88``, ``777``...) so that no fixed list of names can detect them; the detectors must rely on
general evidence. Obfuscators reproduce what injected spam does to dodge keyword filters.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

BRAND_HEADS = (
    "gacor", "maxwin", "toto", "slot", "hoki", "zeus", "bet", "jp", "mega", "raja", "dewa",
    "naga", "sultan", "koi", "pola", "bos", "wd", "garuda", "cuan", "olx", "ratu", "panen",
)
BRAND_TAILS = ("88", "777", "win", "4d", "303", "168", "138", "99", "69", "bet", "jp", "play",
               "x500", "gg", "online", "212", "365")
TLDS = (".com", ".xyz", ".site", ".online", ".top", ".vip", ".pro", ".link", ".net", ".org",
        ".live", ".cc", ".me", ".store")

PROMO = (
    "slot gacor hari ini", "link alternatif", "daftar sekarang", "bonus new member 100%",
    "gampang maxwin", "rtp live", "pola gacor", "deposit pulsa tanpa potongan",
    "situs toto togel terpercaya", "bandar togel online", "scatter hitam", "mahjong ways",
    "x500", "slot dana 10rb", "link slot terbaru", "situs slot online resmi", "slot thailand",
    "login alternatif", "jackpot terbesar", "toto macau", "slot777", "akun pro", "wd cepat",
    "anti rungkad", "bocoran rtp", "slot88 resmi", "gates of olympus", "sweet bonanza",
)
SENTENCE_TEMPLATES = (
    "{brand} adalah {p1} dengan {p2} dan proses wd cepat.",
    "Main di {brand} dijamin {p1}, cukup {p2} langsung main.",
    "Dapatkan {p1} hanya di {brand}, {p2} setiap hari.",
    "{brand} {p1} — {p2}, {p3}.",
    "Cek {p1} dan {p2} terbaru bersama {brand}.",
    "Situs {brand} menyediakan {p1}, {p2} serta {p3} 24 jam nonstop.",
)


@dataclass(frozen=True, slots=True)
class Brand:
    """A generated judi-online brand and the domain it promotes."""

    name: str
    domain: str

    @property
    def url(self) -> str:
        """The brand's landing page URL."""
        return f"https://{self.domain}/"


def brand(rng: random.Random) -> Brand:
    """A fresh brand: ``GACOR777`` at ``gacor777.xyz``, ``ZeusWin`` at ``link-zeuswin.vip``..."""
    head, tail = rng.choice(BRAND_HEADS), rng.choice(BRAND_TAILS)
    if rng.random() < 0.3:
        head = rng.choice(BRAND_HEADS) + head
    word = head + tail
    shown = rng.choice((word.upper(), word.capitalize(), head.capitalize() + tail.upper()))
    prefix = rng.choice(("", "", "", "link-", "daftar", "situs", "m.", "login-", "www."))
    return Brand(shown, f"{prefix}{word}{rng.choice(TLDS)}")


def promo_sentence(rng: random.Random, b: Brand) -> str:
    """One promotional sentence in Indonesian naming the brand."""
    p1, p2, p3 = rng.sample(PROMO, 3)
    return rng.choice(SENTENCE_TEMPLATES).format(brand=b.name, p1=p1, p2=p2, p3=p3)


def anchor_text(rng: random.Random, b: Brand) -> str:
    """Link text of an injected backlink: a keyword phrase or the brand."""
    return rng.choice((
        rng.choice(PROMO), b.name, f"{rng.choice(PROMO)} {b.name}", f"{b.name} {rng.choice(PROMO)}",
        rng.choice(PROMO).title(),
    ))


def keywords(rng: random.Random, b: Brand, n: int = 6) -> list[str]:
    """Spam keywords for meta keywords / JSON-LD."""
    return [b.name, *rng.sample(PROMO, n - 1)]


# --------------------------------------------------------------------------- obfuscation

_BOLD_A, _BOLD_LOWER_A, _BOLD_ZERO = 0x1D400, 0x1D41A, 0x1D7CE
_CYRILLIC = {"a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "i": "і",
             "s": "ѕ", "j": "ј", "T": "Т", "O": "О", "S": "Ѕ", "A": "А"}
_LEET = {"a": "4", "o": "0", "e": "3", "i": "1", "s": "5", "t": "7"}
_ZW = ("\u200b", "\u200c", "\u200d", "\u2060")


def math_bold(text: str) -> str:
    """Mathematical bold letters: 𝐬𝐥𝐨𝐭 𝐠𝐚𝐜𝐨𝐫."""
    out = []
    for ch in text:
        if "a" <= ch <= "z":
            out.append(chr(_BOLD_LOWER_A + ord(ch) - ord("a")))
        elif "A" <= ch <= "Z":
            out.append(chr(_BOLD_A + ord(ch) - ord("A")))
        elif "0" <= ch <= "9":
            out.append(chr(_BOLD_ZERO + ord(ch) - ord("0")))
        else:
            out.append(ch)
    return "".join(out)


def fullwidth(text: str) -> str:
    """Fullwidth forms: ｓｌｏｔ ｇａｃｏｒ."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c
                   for c in text)


def zero_width(text: str, rng: random.Random) -> str:
    """Zero-width characters inside words: s\u200blot."""
    out = []
    for ch in text:
        out.append(ch)
        if ch.isalnum() and rng.random() < 0.45:
            out.append(rng.choice(_ZW))
    return "".join(out)


def cyrillic(text: str, rng: random.Random) -> str:
    """Latin letters swapped for Cyrillic look-alikes (most of them, not all)."""
    return "".join(_CYRILLIC[c] if c in _CYRILLIC and rng.random() < 0.75 else c for c in text)


def leet(text: str, rng: random.Random) -> str:
    """Leetspeak: sl0t g4c0r."""
    return "".join(_LEET[c] if c in _LEET and rng.random() < 0.7 else c for c in text)


def spaced(text: str, rng: random.Random) -> str:
    """Letters separated: s.l.o.t g.a.c.o.r / s l o t / s-l-o-t."""
    sep = rng.choice((".", " ", "-", "_", "*"))
    return " ".join(sep.join(word) for word in text.split())


OBFUSCATIONS = ("math_bold", "fullwidth", "zero_width", "cyrillic", "leet", "spaced")


def obfuscate(kind: str, text: str, rng: random.Random) -> str:
    """Apply one named obfuscation (one of ``OBFUSCATIONS``)."""
    if kind == "math_bold":
        return math_bold(text)
    if kind == "fullwidth":
        return fullwidth(text)
    if kind == "zero_width":
        return zero_width(text, rng)
    if kind == "cyrillic":
        return cyrillic(text, rng)
    if kind == "leet":
        return leet(text, rng)
    return spaced(text, rng)


# --------------------------------------------------------------------------- pages


def landing_page(rng: random.Random, b: Brand, canonical: str) -> str:
    """A complete gambling landing page, as dropped into a hacked site's folder (doorway)."""
    title = f"{b.name} {rng.choice(('🎰', '🔥', '⚡', '|', '-', '»'))} " + " ".join(
        w.title() for w in rng.sample(PROMO, 3))
    desc = " ".join(promo_sentence(rng, b) for _ in range(2))
    games = rng.sample(("Mahjong Ways 2", "Gates of Olympus", "Sweet Bonanza", "Starlight Princess",
                        "Wild West Gold", "Aztec Gems", "Lucky Neko", "Koi Gate", "Toto Macau",
                        "Sugar Rush"), 6)
    rows = "\n".join(
        f'<tr><td>{g}</td><td class="rtp">{rng.randint(91, 98)}.{rng.randint(10, 99)}%</td>'
        f"<td>{rng.choice(('Pola Manual 10x', 'Auto 50x', 'Turbo 30x + DC on'))}</td></tr>"
        for g in games)
    paras = "\n".join(f"<p>{promo_sentence(rng, b)} {promo_sentence(rng, b)}</p>"
                      for _ in range(rng.randint(4, 9)))
    btn = rng.choice(("DAFTAR", "LOGIN", "DAFTAR SEKARANG", "MAIN SEKARANG", "LINK ALTERNATIF"))
    amp = f'<link rel="amphtml" href="https://amp.{b.domain}/">' if rng.random() < 0.5 else ""
    return f"""<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<meta name="description" content="{desc}">
<meta name="keywords" content="{', '.join(keywords(rng, b))}">
<meta name="robots" content="index, follow">
<link rel="canonical" href="{canonical}">{amp}
<meta property="og:title" content="{title}">
<meta property="og:description" content="{desc}">
<meta property="og:site_name" content="{b.name}">
<style>body{{background:#0b0b1a;color:#f4d35e;font-family:Arial}}.btn{{background:#e63946;
color:#fff;padding:12px 30px;border-radius:30px;display:inline-block}}</style>
</head>
<body>
<div class="hero"><img src="https://i.imgur.com/{rng.randrange(10**6):06d}.gif" alt="{b.name}">
<h1>{b.name}: {rng.choice(PROMO).title()}</h1>
<a class="btn" href="{b.url}daftar" rel="nofollow noopener">{btn}</a>
<a class="btn" href="{b.url}login">LOGIN</a></div>
<table class="rtp-table"><tr><th>Game</th><th>RTP</th><th>Pola</th></tr>
{rows}
</table>
{paras}
<footer>&copy; {rng.choice((2024, 2025))} {b.name}. 18+ Bermain dengan bijak.</footer>
</body>
</html>
"""


def seo_article(rng: random.Random, b: Brand) -> tuple[str, list[str]]:
    """A 'narrative' backlink article (headline, paragraphs) about a big win, linking the brand."""
    who = rng.choice(("Pak Slamet", "Bu Ani", "Mas Dimas", "Seorang ojol", "Pemuda asal Sukamaju"))
    game = rng.choice(("Mahjong Ways 2", "Gates of Olympus x1000", "Starlight Princess"))
    head = f"{who} Menang {rng.randint(2, 900)} Juta dari {game}, Ini Pola yang Digunakan"
    link = f'<a href="{b.url}">{b.name}</a>'
    paras = [
        f"Kisah {who.lower()} yang meraih kemenangan besar di {game} ramai dibicarakan warganet.",
        f"Ia mengaku hanya bermain dengan modal kecil di {link} dan menggunakan "
        f"{rng.choice(PROMO)}.",
        f"Menurutnya, kunci kemenangan adalah membaca {rng.choice(PROMO)} dan {rng.choice(PROMO)}.",
        promo_sentence(rng, b),
        f"Bagi pembaca yang penasaran, {link} menyediakan {rng.choice(PROMO)} setiap hari.",
    ]
    return head, paras


def win_story(rng: random.Random) -> tuple[str, list[str]]:
    """A planted 'news' story of a big slot win with none of the usual slang (no link, no
    gacor/maxwin, no deposit wording): a game title, scatter or free spins, a rupiah amount."""
    who, origin = rng.choice((("Pak Darto", "petani bawang asal Brebes"),
                              ("Bu Wulan", "guru honorer di Garut"),
                              ("Rizky", "mahasiswa semester akhir di Semarang"),
                              ("Mas Yogi", "pengemudi ojek daring di Bekasi")))  # fmt: skip
    game = rng.choice(("Mahjong Ways 2", "Gates of Olympus", "Starlight Princess",
                       "Sweet Bonanza", "Wild Bandito"))  # fmt: skip
    amount = f"Rp{rng.randint(12, 250)}.{rng.randint(100, 999)}.000"
    spins = rng.randint(18, 90)
    head = f"{who}, {origin.split(' asal ')[0].split(' di ')[0].title()}, Bawa Pulang {amount} " \
           f"dari {game}"
    paras = [
        f"Siapa sangka, {who}, {origin}, kini menjadi buah bibir warga sekitarnya. Sepulang "
        f"bekerja, ia iseng membuka {game} di ponselnya.",
        f"Pada putaran ke-{spins}, scatter muncul tiga kali berturut-turut dan memicu free spin. "
        f"Dalam waktu kurang dari satu jam, {who} memenangkan {amount}.",
        "Uang tersebut rencananya dipakai untuk merenovasi rumah dan membuka usaha kecil. "
        "Ia berpesan agar pembaca sabar menunggu momen yang tepat.",
    ]
    return head, paras


def spam_comment(rng: random.Random, b: Brand) -> tuple[str, str]:
    """A spam comment: (author name, comment HTML) promoting the brand."""
    author = rng.choice((b.name, f"{b.name} Official", "slot gacor", "admin " + b.name,
                         rng.choice(PROMO).title()))
    text = rng.choice((
        f'Mantap infonya min, jangan lupa mampir ke <a href="{b.url}">{anchor_text(rng, b)}</a>',
        f"{promo_sentence(rng, b)} <a href=\"{b.url}\" rel=\"nofollow ugc\">{b.url}</a>",
        f'Artikel bagus! Kunjungi juga <a href="{b.url}">{b.name}</a> {rng.choice(PROMO)}.',
        f"{rng.choice(PROMO)} {rng.choice(PROMO)} {b.name} {b.url}",
    ))
    return author, text
