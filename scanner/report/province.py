"""The province of an inventory site, for the national summary (``national.py``).

sites.csv has no province column, so it is derived, in this order (docs/national.md):

1. a tag ``province:<name>`` (or ``provinsi:<name>``) in the ``tags`` column: the inventory's
   word wins; a name not in the list below is kept as written;
2. the host: a label ``<code>prov`` of a provincial domain (``jatimprov.go.id``,
   ``kominfo.jabarprov.go.id``), or a province's own domain (``jakarta.go.id``, ``riau.go.id``,
   ``papua.go.id`` and their subdomains);
3. the owner: a province's full name in it, as a whole phrase, the longest first ("Dinas
   Kominfo Provinsi Jawa Timur", "Pemerintah Kabupaten Aceh Besar", "Pemerintah Kota Bandar
   Lampung"; "Kepulauan Riau" before "Riau", "Papua Barat Daya" before "Papua").

Anything else is ``UNKNOWN``: a regency's own domain (``slemankab.go.id``) or a ministry names
no province, and no table of the 500+ regencies is kept here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from scanner.models import Site

UNKNOWN = "unknown"
"""The province of a site nothing names one for (the report shows it in its language)."""

PROVINCES: dict[str, tuple[str, ...]] = {
    "Aceh": ("acehprov",),
    "Sumatera Utara": ("sumutprov",),
    "Sumatera Barat": ("sumbarprov",),
    "Riau": ("riauprov", "riau.go.id"),
    "Kepulauan Riau": ("kepriprov",),
    "Jambi": ("jambiprov",),
    "Sumatera Selatan": ("sumselprov",),
    "Kepulauan Bangka Belitung": ("babelprov",),
    "Bengkulu": ("bengkuluprov",),
    "Lampung": ("lampungprov",),
    "DKI Jakarta": ("jakarta.go.id",),
    "Jawa Barat": ("jabarprov",),
    "Banten": ("bantenprov",),
    "Jawa Tengah": ("jatengprov",),
    "DI Yogyakarta": ("jogjaprov",),
    "Jawa Timur": ("jatimprov",),
    "Bali": ("baliprov",),
    "Nusa Tenggara Barat": ("ntbprov",),
    "Nusa Tenggara Timur": ("nttprov",),
    "Kalimantan Barat": ("kalbarprov",),
    "Kalimantan Tengah": ("kaltengprov",),
    "Kalimantan Selatan": ("kalselprov",),
    "Kalimantan Timur": ("kaltimprov",),
    "Kalimantan Utara": ("kaltaraprov",),
    "Sulawesi Utara": ("sulutprov",),
    "Gorontalo": ("gorontaloprov",),
    "Sulawesi Tengah": ("sultengprov",),
    "Sulawesi Barat": ("sulbarprov",),
    "Sulawesi Selatan": ("sulselprov",),
    "Sulawesi Tenggara": ("sultraprov",),
    "Maluku": ("malukuprov",),
    "Maluku Utara": ("malutprov",),
    "Papua": ("papua.go.id",),
    "Papua Barat": ("papuabaratprov",),
    "Papua Barat Daya": ("papuabaratdayaprov",),
    "Papua Selatan": ("papuaselatanprov",),
    "Papua Tengah": ("papuatengahprov",),
    "Papua Pegunungan": ("papuapegununganprov",),
}
"""The 38 provinces by name, with their domain codes (``<code>.go.id``) or own domains."""

_ALIASES = {"daerah istimewa yogyakarta": "DI Yogyakarta", "yogyakarta": "DI Yogyakarta",
            "jakarta": "DKI Jakarta", "daerah khusus ibukota jakarta": "DKI Jakarta"}  # fmt: skip
_TAGS = ("province:", "provinsi:")


@lru_cache(maxsize=1)
def _by_label() -> dict[str, str]:
    """Host label (``jatimprov``) or own domain (``riau.go.id``) -> province name."""
    return {code: name for name, codes in PROVINCES.items() for code in codes}


@lru_cache(maxsize=1)
def _names() -> re.Pattern[str]:
    """Every province name and alias as a whole phrase, the longest first."""
    words = sorted({*(n.lower() for n in PROVINCES), *_ALIASES}, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b")


def _canonical(name: str) -> str:
    lower = " ".join(name.lower().split())
    if lower in _ALIASES:
        return _ALIASES[lower]
    return next((p for p in PROVINCES if p.lower() == lower), "")


def province_of(site: Site) -> str:
    """The province ``site`` belongs to (see the module docstring), else ``UNKNOWN``."""
    for tag in site.tags:
        if tag.lower().startswith(_TAGS):
            written = " ".join(tag.partition(":")[2].split())
            if written:
                return _canonical(written) or written
    by_label = _by_label()
    labels = site.host.lower().rstrip(".").split(".")
    if labels[-2:] == ["go", "id"]:
        for i, label in enumerate(labels[:-2]):
            found = by_label.get(label) or by_label.get(".".join(labels[i:]))
            if found:
                return found
    match = _names().search(" ".join(site.owner.lower().split()))
    if match:
        return _canonical(match.group(1)) or UNKNOWN
    return UNKNOWN
