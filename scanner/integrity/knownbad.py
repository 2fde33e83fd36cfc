"""Known-bad hashes: defacement pages and scripts seen before, recognised by hash alone.

A defacement team reuses its page across hundreds of sites; once one copy is known, every other
copy matches by its normalised-content hash (``Fingerprint.content_sha256``) even when it has
no word a signature could catch (a black page with an image and a song). The list is a data
file next to the signatures, one entry per hash::

    - sha256: 3f0c...        # normalised-content hash (64 hex digits)
      name: "Defacement page, team X, 2026 wave"
      kind: defacement       # defacement | script
      reference: "internal ticket or public write-up"

``add_known_bad`` computes the hash of a saved page (or script) and appends an entry, so the
hash always matches what the scanner computes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from scanner.errors import SignatureError
from scanner.extract import analyse
from scanner.integrity.fingerprint import code_hash, fingerprint
from scanner.models import (
    Category,
    Evidence,
    FetchResult,
    Finding,
    Fingerprint,
    Message,
    Severity,
    Technique,
)
from scanner.report.i18n import english
from scanner.signatures import default_signatures_dir

FILE_NAME = "known-bad/hashes.yaml"
"""Where the list lives under the signatures directory (a sub-folder: ``load_signatures`` reads
every ``*.yaml`` directly in that directory and would reject this format)."""
KINDS = ("defacement", "script")
_KEYS = ("sha256", "name", "kind", "reference")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_HASH_URL = "https://known-bad.invalid/"
"""A neutral URL for hashing saved pages (the hash must not depend on where a copy was found)."""


@dataclass(frozen=True, slots=True)
class KnownBadEntry:
    """One known-bad hash and what it is."""

    sha256: str
    name: str
    kind: str
    reference: str = ""


def default_path() -> Path:
    """The known-bad list of the default signatures directory (packaged or repository)."""
    return default_signatures_dir() / FILE_NAME


def _entry(item: Any, where: str) -> KnownBadEntry:
    if not isinstance(item, Mapping):
        raise SignatureError(f"{where}: must be a mapping with {', '.join(_KEYS)}")
    unknown = sorted(set(map(str, item)) - set(_KEYS))
    if unknown:
        raise SignatureError(f"{where}.{unknown[0]}: unknown key (allowed: {', '.join(_KEYS)})")
    values: dict[str, str] = {}
    for key in _KEYS:
        value = item.get(key, "" if key == "reference" else None)
        if not isinstance(value, str) or (key != "reference" and not value.strip()):
            raise SignatureError(f"{where}.{key}: required, must be a non-empty string")
        values[key] = value.strip()
    if not _HEX64.match(values["sha256"].lower()):
        raise SignatureError(f"{where}.sha256: must be 64 hexadecimal digits")
    if values["kind"] not in KINDS:
        raise SignatureError(f"{where}.kind: must be one of {', '.join(KINDS)}")
    return KnownBadEntry(values["sha256"].lower(), values["name"], values["kind"],
                         values["reference"])  # fmt: skip


@dataclass(frozen=True, slots=True)
class KnownBad:
    """The loaded list, indexed by hash; ``match`` looks a page fingerprint up."""

    entries: tuple[KnownBadEntry, ...] = ()
    source: str = ""
    _index: dict[str, KnownBadEntry] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {e.sha256: e for e in self.entries})

    @classmethod
    def load(cls, path: str | Path | None = None) -> KnownBad:
        """Load and validate the list; a missing default file is an empty list.

        Errors are ``SignatureError`` naming the file and the field (``[3].kind``).
        """
        file = Path(path) if path is not None else default_path()
        if not file.exists():
            if path is None:
                return cls((), str(file))
            raise SignatureError(f"{file}: file not found")
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise SignatureError(f"{file}: cannot read: {exc}") from exc
        if data is None:
            return cls((), str(file))
        if not isinstance(data, list):
            raise SignatureError(f"{file}: top level must be a list of entries")
        entries = tuple(_entry(item, f"{file}: [{i}]") for i, item in enumerate(data))
        seen: set[str] = set()
        for i, entry in enumerate(entries):
            if entry.sha256 in seen:
                raise SignatureError(f"{file}: [{i}].sha256: duplicate hash")
            seen.add(entry.sha256)
        return cls(entries, str(file))

    @classmethod
    def for_signatures_dir(cls, directory: str | Path | None) -> KnownBad:
        """The list of a signatures directory (``DetectSettings.signatures_dir``, None for the
        default); a directory without a list gives an empty one."""
        if directory is None:
            return cls.load()
        file = Path(directory) / FILE_NAME
        return cls.load(file) if file.exists() else cls((), str(file))

    def match(self, fp: Fingerprint) -> KnownBadEntry | None:
        """The entry whose hash is the page's normalised-content (or exact body) hash."""
        if not self.entries:
            return None
        index = self._index
        return index.get(fp.content_sha256) or index.get(fp.body_sha256)

    def match_code(self, code: str) -> KnownBadEntry | None:
        """The entry whose hash is the normalised hash of this script text."""
        return self._index.get(code_hash(code)) if self.entries and code else None


def known_bad_finding(url: str, entry: KnownBadEntry) -> Finding:
    """A finding for a page (or script) that matched a known-bad hash."""
    defacement = entry.kind == "defacement"
    message = Message.of("finding.known_bad", kind=entry.kind, name=entry.name)
    detail = Message.of(
        "detail.known_bad_ref" if entry.reference else "detail.known_bad",
        sha256=entry.sha256,
        name=entry.name,
        reference=entry.reference,
    )
    return Finding(
        category=Category.DEFACEMENT if defacement else Category.MALICIOUS_SCRIPT,
        technique=Technique.KNOWN_BAD_HASH,
        severity=Severity.CRITICAL if defacement else Severity.HIGH,
        confidence=0.99,
        url=url,
        summary=english(message),
        evidence=(Evidence(url=url, match=entry.sha256, detail=english(detail), message=detail),),
        signature_ids=(f"known-bad:{entry.sha256[:12]}",),
        message=message,
    )


def content_hash(text: str, kind: str) -> str:
    """The hash ``KnownBad`` matches: normalised page content (HTML) or normalised code (JS)."""
    if kind == "script":
        return code_hash(text)
    view = analyse(text, _HASH_URL)
    fetch = FetchResult(url=_HASH_URL, final_url=_HASH_URL, profile="browser", status=200,
                        content_type="text/html", text=text)  # fmt: skip
    return fingerprint(view, fetch).content_sha256


def add_known_bad(
    file: Path, name: str, kind: str, reference: str = "", target: Path | None = None
) -> KnownBadEntry:
    """Hash a saved page (``kind='defacement'``) or script (``'script'``) and append it.

    The list is validated first (a broken list is not made worse); an entry whose hash is
    already listed is returned as it is. Raises ``SignatureError`` for a bad kind, an empty
    name, an unreadable file or content with nothing to hash.
    """
    if kind not in KINDS:
        raise SignatureError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if not name.strip():
        raise SignatureError("name must not be empty")
    try:
        text = Path(file).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise SignatureError(f"{file}: cannot read: {exc}") from exc
    sha = content_hash(text, kind)
    if not sha:
        raise SignatureError(f"{file}: no text to hash (empty page or script)")
    path = Path(target) if target is not None else default_path()
    current = KnownBad.load(path) if path.exists() else KnownBad((), str(path))
    for entry in current.entries:
        if entry.sha256 == sha:
            return entry
    entry = KnownBadEntry(sha, name.strip(), kind, reference.strip())
    item = {"sha256": entry.sha256, "name": entry.name, "kind": entry.kind,
            "reference": entry.reference}  # fmt: skip
    block = yaml.safe_dump([item], allow_unicode=True, sort_keys=False, width=100)
    path.parent.mkdir(parents=True, exist_ok=True)
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    if existing.strip() == "[]":
        existing = ""  # an explicitly empty list: the appended block replaces it
    if existing and not existing.endswith("\n"):
        existing += "\n"
    path.write_text(existing + block, encoding="utf-8")
    return entry
