"""The integrity stage: what changed since the site's last known-good state.

Signature detectors find what they have words for; a replaced headline, a protest message or a
script that appeared overnight has none. This stage fingerprints every page
(``fingerprint``), compares tonight with the baseline the store keeps (``drift``), recognises
known defacement pages and scripts by hash (``knownbad``) and turns what points at an intrusion
into findings (``evaluate``), leaving dates, counters, tokens and new news items out.

Modules: ``volatile`` (what changes on every visit, per-site ignore rules), ``simhash``
(similarity fingerprints), ``fingerprint``, ``drift``, ``knownbad``, ``evaluate``.
"""

from __future__ import annotations

from scanner.integrity.drift import Drift, SiteDrift, compare_site
from scanner.integrity.evaluate import IntegrityOutcome, evaluate_site, mark_new, unified_diff
from scanner.integrity.fingerprint import code_hash, fingerprint
from scanner.integrity.knownbad import (
    KnownBad,
    KnownBadEntry,
    add_known_bad,
    content_hash,
    known_bad_finding,
)

__all__ = [
    "Drift",
    "IntegrityOutcome",
    "KnownBad",
    "KnownBadEntry",
    "SiteDrift",
    "add_known_bad",
    "code_hash",
    "compare_site",
    "content_hash",
    "evaluate_site",
    "fingerprint",
    "known_bad_finding",
    "mark_new",
    "unified_diff",
]
