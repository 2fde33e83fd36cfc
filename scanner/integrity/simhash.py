"""64-bit SimHash: a similarity fingerprint that survives small edits.

Two pages whose text shares most word 3-shingles get fingerprints a few bits apart; a page whose
text was replaced gets one about 32 bits away (the expectation for unrelated texts). Stored as 16
hex digits in ``Fingerprint.text_hash`` / ``dom_hash``; ``similarity`` turns two of them into a
number between 0 (unrelated) and 1 (same).

Why SimHash and not TLSH (py-tlsh is installed): both were measured on the homepage of the
fixture site (``tests/integrity/site.py``) against variants, on its main text (~0.5 KB):

=====================  ============  =====  ==============
variant                SimHash bits  TLSH   shingle Jaccard
=====================  ============  =====  ==============
next day, 2 new news   0             0      1.00
typo fix (one word)    10            107    0.87
headline reworded      8             19     0.82
headline replaced      13            100    0.76
headline + protest     34            244    0.00
full defacement        36            276    0.00
one-line defacement    27            (none) 0.00
=====================  ============  =====  ==============

TLSH is cheaper (9 us against 80 us for 4 KB) but orders a typo fix above a replaced headline,
has no hash at all for a page under 50 bytes (the one-line defacement) and no fixed scale to set
a threshold on. SimHash keeps the order, works on any length, has a fixed 0..64 scale and needs
no new dependency. Neither separates a typo from a replaced headline on a short text, so the
drift decisions use the stored main text itself (``drift.text_similarity``/``replaced_lines``);
the SimHash is the compact, comparable record of it. Features are hashed with BLAKE2b (stable
across processes, unlike ``hash()``) and the 64 per-bit votes are counted column-wise on the
packed digests (``bytes.translate``/``count`` in C) instead of a Python loop over 64 bits.
"""

from __future__ import annotations

from collections.abc import Iterable
from hashlib import blake2b

BITS = 64
MAX_FEATURES = 2000
"""Bound on the features hashed per fingerprint (main text is bounded too, this is a backstop)."""

_BIT_OF = tuple(bytes((value >> bit) & 1 for value in range(256)) for bit in range(8))


def simhash(features: Iterable[str]) -> int:
    """The 64-bit SimHash of a set of features (duplicates count once); 0 for no features."""
    unique = list(dict.fromkeys(features))[:MAX_FEATURES]
    if not unique:
        return 0
    packed = b"".join(blake2b(f.encode("utf-8", "replace"), digest_size=8).digest()
                      for f in unique)  # fmt: skip
    half = len(unique) / 2
    value = 0
    for byte in range(8):
        column = packed[byte::8]
        for bit in range(8):
            if column.translate(_BIT_OF[bit]).count(1) > half:
                value |= 1 << (byte * 8 + bit)
    return value


def shingles(words: list[str], size: int = 3) -> list[str]:
    """Word ``size``-shingles of ``words`` (the words themselves when there are fewer)."""
    if len(words) < size:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]


def text_simhash(text: str) -> str:
    """SimHash of the word 3-shingles of ``text`` as 16 hex digits ('' for empty text)."""
    features = shingles(text.split())
    return f"{simhash(features):016x}" if features else ""


def distance(a: str, b: str) -> int:
    """Bits that differ between two hex fingerprints (64 when either is missing or invalid)."""
    try:
        return (int(a, 16) ^ int(b, 16)).bit_count() if a and b else BITS
    except ValueError:
        return BITS


def similarity(a: str, b: str) -> float:
    """1.0 for equal fingerprints down to 0.0 for unrelated ones (32+ bits apart).

    Unrelated texts differ in 32 bits on average, so the scale is stretched over 0..32 bits:
    a value of 0.5 means about 16 bits apart. Two empty fingerprints are equal (1.0); an empty
    and a non-empty one are unrelated (0.0).
    """
    if not a and not b:
        return 1.0
    bits = distance(a, b)
    return max(0.0, 1.0 - bits / 32)
