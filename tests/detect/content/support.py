"""Pages and a runner shared by the tests of the ``detect.content`` modules."""

from __future__ import annotations

from scanner.detect import content
from scanner.models import Finding, Technique
from scanner.signatures import SignatureSet

from ..pages_support import context, view_of

NAV = (
    '<nav><a href="/">Beranda</a> <a href="/profil">Profil</a> <a href="/berita">Berita</a>'
    ' <a href="/layanan">Layanan</a> <a href="/kontak">Kontak</a></nav>'
)
URL = "https://disdik.sukamajukab.go.id/berita/1"

LANDING = (
    "<h1>Situs Slot Gacor Hari Ini</h1><p>Daftar sekarang di situs slot online terpercaya, "
    "bonus new member 100 dan rtp live tertinggi, gampang maxwin. Deposit pulsa tanpa "
    "potongan, withdraw cepat 24 jam, link alternatif anti rungkad.</p>"
)
"""The text of a planted landing page: slogans, calls to action, no discussion."""


def page(title: str = "Dinas Pendidikan", body: str = "", head: str = "") -> str:
    """A school-office page with navigation, ``body`` in its main element."""
    return (
        f"<html><head><title>{title}</title>{head}</head><body>{NAV}<main>{body}</main>"
        "<footer>&copy; 2024 Pemkab Sukamaju</footer></body></html>"
    )


def detect(html: str, sigs: SignatureSet, url: str = URL, **kw: bool) -> list[Finding]:
    """The whole content detector on ``html`` at ``url`` (extracted for real)."""
    return content.detect(view_of(html, url), context(url, **kw), sigs)


def techniques(findings: list[Finding]) -> set[Technique]:
    """The techniques of ``findings``."""
    return {f.technique for f in findings}
