"""Realistic generated pages for benchmarking the analysis stage (extract + detect) offline."""

from __future__ import annotations

import math
from dataclasses import dataclass

from scanner.models import Technique
from scanner.world import Label, build_world


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    """One page of the generated world as a browser receives it, with its ground truth."""

    url: str
    html: str
    label: Label
    techniques: tuple[Technique, ...] = ()


def generated_pages(
    n: int, size_kb: int = 50, seed: int = 1, infected_ratio: float = 0.5
) -> list[GeneratedPage]:
    """``n`` pages of about ``size_kb`` KB from a world of several CMS styles, clean and infected.

    Sites alternate styles, so the pages mix WordPress, Joomla, Bootstrap, Laravel, table-layout
    and JDIH markup; about ``infected_ratio`` of the sites carry an attack somewhere.
    """
    n_sites = max(6, math.ceil(n / 40))
    per_site = math.ceil(n / n_sites) + 1
    low, high = max(4, int(size_kb * 0.8)), max(5, int(size_kb * 1.2))
    world = build_world(seed, n_sites, infected_ratio, per_site, page_kb=(low, high))
    out: list[GeneratedPage] = []
    for url, body in world.iter_pages("browser"):
        truth = world.truth(url, "browser")
        out.append(GeneratedPage(url, body.decode("utf-8"), truth.label, truth.techniques))
        if len(out) >= n:
            break
    return out
