"""What every site job of one scan shares: settings, network, signatures, profiles, the clock."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Protocol, runtime_checkable

from scanner.config import Settings
from scanner.crawl import Fetcher, profile
from scanner.evidence.capture import CaptureSpool
from scanner.integrity import KnownBad
from scanner.models import Profile
from scanner.pipeline.offsite import OffsiteScripts
from scanner.signatures import SignatureSet

Clock = Callable[[], datetime]
"""Returns "now" as an aware UTC datetime; injected so tests and workers agree on time."""

ProgressFn = Callable[[str, int], None]
"""Called with (site host, pages fetched so far) as a scan advances."""


class Phase(StrEnum):
    """Where one site job is: the crawl (each page analysed with its stylesheets and scripts
    as it arrives), then the checks that run once the crawl is done."""

    CRAWL = "crawl"
    CLOAK = "cloak"
    """Fetching a sample of pages again as Googlebot, a phone and a Google visitor."""
    INTEGRITY = "integrity"
    """Comparing the pages with the site's baseline and the known-bad hashes."""
    DONE = "done"
    """Judged: the outcome is ready to be recorded."""


@runtime_checkable
class PhaseProgress(Protocol):
    """A ``ProgressFn`` that also wants each site's phase (the terminal display does).

    Optional on purpose: a plain ``(host, pages)`` callable (a worker process forwarding page
    counts, a test) stays a valid ``ProgressFn``; only a display that can show phases gets them.
    """

    def __call__(self, host: str, pages: int, /) -> None:
        """Pages fetched so far on ``host``."""

    def phase(self, host: str, phase: Phase, /) -> None:
        """``host`` entered ``phase``."""

BROWSER = "browser"
"""The profile the crawl fetches with; the others are only for the cloaking comparison."""


def utc_now() -> datetime:
    """The current UTC time, second precision (what the store and reports show)."""
    return datetime.now(UTC).replace(microsecond=0)


def profiles_for(settings: Settings) -> dict[str, Profile]:
    """Every fetch profile, the browser one carrying the configured User-Agent."""
    names = (BROWSER, *settings.detect.cloak_profiles)
    return {name: profile(name, settings.crawl.user_agent) for name in names}


@dataclass(frozen=True, slots=True)
class ScanEnv:
    """What every site job of one scan shares (read-only; the fetcher holds the host limits)."""

    settings: Settings
    fetcher: Fetcher
    sigs: SignatureSet
    profiles: Mapping[str, Profile]
    known_bad: KnownBad
    clock: Clock = utc_now
    progress: ProgressFn | None = None
    offsite_scripts: OffsiteScripts = field(default_factory=OffsiteScripts)
    """Third-party script findings per URL, shared by the scan's site jobs (the one mutable
    part: a cache, each URL fetched once per scan)."""
    capture: CaptureSpool | None = None
    """Where the exchanges of the sites wait until their findings are known (evidence on)."""
