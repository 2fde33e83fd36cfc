"""Stage 1 records: a site of the inventory.

Part of ``scanner.models`` (import from there); see its docstring for the stage map.
"""

from __future__ import annotations

from dataclasses import dataclass

from scanner.urls import host_of


@dataclass(frozen=True, slots=True)
class Site:
    """One website of the inventory (a row of sites.csv, or a ``--site`` on the command line)."""

    url: str
    name: str = ""
    owner: str = ""
    contact: str = ""
    tags: tuple[str, ...] = ()
    max_pages: int | None = None
    notes: str = ""
    ignore: tuple[str, ...] = ()
    """Per-site ignore rules for known dynamic regions: CSS selectors or ``re:`` regexes."""

    @property
    def host(self) -> str:
        """Scope key: the host without ``www.``."""
        return host_of(self.url)
