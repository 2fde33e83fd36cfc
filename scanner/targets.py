"""The sites a command is about: the inventory or ``--site`` arguments, and the baseline a
site's latest complete scan becomes (``scanner baseline accept``)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from scanner.config import Settings
from scanner.errors import InventoryError, StoreError
from scanner.models import Site
from scanner.store import Store
from scanner.urls import normalize_url

log = logging.getLogger(__name__)


def select_targets(
    settings: Settings, site_args: Sequence[str] = (), tags: Sequence[str] = ()
) -> list[Site]:
    """The ``--site`` sites (enriched from the inventory when listed), else the inventory;
    with ``tags`` only the sites carrying at least one of them (sites.csv ``tags`` column,
    compared without case).

    Inventory warnings are logged; an unusable inventory or ``--site`` raises InventoryError.
    """
    targets = _select(settings, site_args)
    if not tags:
        return targets
    wanted = {t.strip().lower() for t in tags if t.strip()}
    return [s for s in targets if wanted & {t.lower() for t in s.tags}]


def _select(settings: Settings, site_args: Sequence[str]) -> list[Site]:
    from scanner.inventory import load_sites, parse_site_arg

    if site_args:
        wanted = [parse_site_arg(s) for s in site_args]
        try:
            known = {s.host: s for s in load_sites(settings.sites).sites}
        except InventoryError:  # --site works without an inventory
            known = {}
        return [known.get(w.host, w) for w in wanted]
    inventory = load_sites(settings.sites)
    for warning in inventory.warnings:
        log.warning("%s", warning)
    return list(inventory.sites)


@dataclass(frozen=True, slots=True)
class AcceptedBaseline:
    """What ``accept_baseline`` saved."""

    site_url: str
    version: int
    pages: int


def accept_baseline(
    settings: Settings, site: str, urls: Sequence[str] = ()
) -> AcceptedBaseline:
    """Accept the site's latest complete scan as its baseline (all pages, or only ``urls``).

    ``site`` is a host or URL. Raises StoreError when the site has no completed scan.
    """
    site_url = site_url_of(site) or site
    with Store.open(settings.state) as store:
        prints = store.last_fingerprints(site_url)
        if not prints:
            raise StoreError(f"no completed scan of {site_url} to accept; scan it first")
        only = [normalize_url(u) or u for u in urls] or None
        version = store.save_baseline(site_url, prints, None, by="accept", urls=only)
    return AcceptedBaseline(site_url, version, len(only) if only else len(prints))


def site_url_of(site: str | None) -> str | None:
    """The site URL a ``--site`` host or URL names (None for None)."""
    if site is None:
        return None
    from scanner.inventory import parse_site_arg

    return parse_site_arg(site).url
