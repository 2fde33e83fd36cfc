"""The signature records detectors and reports see: a signature, a hit, an example failure."""

from __future__ import annotations

from dataclasses import dataclass

from scanner.models import Category, Severity
from scanner.signatures.schema import Role


@dataclass(frozen=True, slots=True)
class Signature:
    """One signature's identity and metadata (what reports, listings and findings show)."""

    id: str
    name: str
    category: Category
    severity: Severity
    description: str
    references: tuple[str, ...]
    tags: tuple[str, ...]
    role: Role
    """The single role tag (promo, cta, brand, term, discussion, deface, ...)."""
    source: str
    """The file it came from."""
    parts: tuple[str, ...] = ()
    """The parts its matchers read (``any`` when a matcher reads every part)."""
    entries: int = 0
    """How many words, regexes and domain patterns its matchers hold."""


@dataclass(frozen=True, slots=True)
class Hit:
    """A signature that held on a part; ``terms`` are the distinct matched normalised strings."""

    signature: Signature
    part: str
    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ExampleFailure:
    """An example of a signature file that did not behave as declared."""

    signature_id: str
    example: str
    expected: str
    """``match`` (it should have matched and did not) or ``no_match`` (it matched)."""
    file: str

    def __str__(self) -> str:
        verb = "should match but did not" if self.expected == "match" else "matched but must not"
        return f"{self.file}: {self.signature_id}: {verb}: {self.example!r}"
