"""Detection quality on the local test world: scan it for real, compare with its ground truth.

``python -m bench.evaluate [--seed N] [--sites N] [--pages N]`` prints page- and site-level
precision and recall and every miss and false alarm. The same function backs the world test in
``tests/test_world_detection.py``.

A page counts as *flagged* when the scan produced any finding on it (any profile); it is
*infected* when the world's ground truth labels it anything but clean. Assets (JS files) are
judged through the page that loads them, so they are not counted as pages of their own.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import time
from dataclasses import dataclass

from scanner.config import Settings, load_settings
from scanner.demo.world import World, build_world, serve_world, world_overrides
from scanner.demo.world.records import Attack
from scanner.models import ScanResult, Site, Technique
from scanner.pipeline import scan_sites
from scanner.urls import normalize_url


@dataclass(frozen=True, slots=True)
class Quality:
    """Confusion counts and the URLs behind the errors."""

    true_positive: int
    false_positive: int
    false_negative: int
    true_negative: int
    misses: tuple[str, ...]
    false_alarms: tuple[str, ...]
    site_misses: tuple[str, ...]
    site_false_alarms: tuple[str, ...]
    pages: int
    seconds: float
    technique_misses: tuple[str, ...] = ()
    """Planted attacks whose technique no incident of their site reports (``host kind:variant
    technique``): found, but as something else, or hidden behind another finding."""

    @property
    def precision(self) -> float:
        """Flagged pages that really are infected."""
        flagged = self.true_positive + self.false_positive
        return self.true_positive / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        """Infected pages that were flagged."""
        infected = self.true_positive + self.false_negative
        return self.true_positive / infected if infected else 1.0


def _key(url: str) -> str:
    return (normalize_url(url) or url).replace("://www.", "://")


def flagged_urls(result: ScanResult) -> dict[str, set[str]]:
    """URL -> techniques reported on it, over every site and incident."""
    out: dict[str, set[str]] = {}
    for site in result.sites:
        for incident in site.incidents:
            for url in incident.urls:
                out.setdefault(_key(url), set()).add(incident.technique.value)
    return out


def judge_world(world: World, result: ScanResult) -> Quality:
    """Compare a scan of ``world`` with its ground truth."""
    flagged = flagged_urls(result)
    crawled = {_key(p.url) for s in result.sites for p in s.pages}
    tp = fp = fn = tn = 0
    misses: list[str] = []
    alarms: list[str] = []
    for url, expected in world.expected.items():
        if expected.kind == "asset":
            continue
        key = _key(url)
        bad = expected.label.value != "clean"
        hit = key in flagged
        if bad and hit:
            tp += 1
        elif bad:
            fn += 1
            seen = "crawled" if key in crawled else "never crawled"
            misses.append(f"{url} [{', '.join(expected.attacks)}] ({seen})")
        elif hit:
            fp += 1
            alarms.append(f"{url} {sorted(flagged[key])} traps={list(expected.traps)}")
        else:
            tn += 1
    flagged_sites = {s.site.host for s in result.sites if s.incidents}
    site_misses = [
        s.bare_host for s in world.sites if s.infected and s.bare_host not in flagged_sites
    ]
    site_alarms = [
        s.bare_host for s in world.sites if not s.infected and s.bare_host in flagged_sites
    ]
    seconds = (result.finished - result.started).total_seconds() if result.finished else 0.0
    techniques = {s.site.host.removeprefix("www."): {i.technique for i in s.incidents}
                  for s in result.sites}  # fmt: skip
    technique_misses = [
        f"{s.bare_host} {a.kind}:{a.variant} {a.technique.value}"
        for s in world.sites
        for a in s.attacks
        if not ({a.technique} | _SAME.get(a.technique, set())) & techniques.get(s.bare_host, set())
        and not _unobservable(a, s.attacks)
    ]
    return Quality(
        tp,
        fp,
        fn,
        tn,
        tuple(misses),
        tuple(alarms),
        tuple(site_misses),
        tuple(site_alarms),
        pages=sum(len(s.pages) for s in result.sites),
        seconds=seconds,
        technique_misses=tuple(technique_misses),
    )


def _unobservable(attack: Attack, attacks: tuple[Attack, ...]) -> bool:
    """Every page of ``attack`` answers with another attack's HTTP redirect: no one sees it."""
    redirected = {p for a in attacks if a.kind == "redirect_all" for p in a.paths}
    return attack.kind != "redirect_all" and set(attack.paths) <= redirected


_SAME: dict[Technique, set[Technique]] = {Technique.HIDDEN_CONTENT: {Technique.HIDDEN_LINKS}}
"""A hidden block of promotional text that carries a link is reported as hidden links."""


async def scan_world(world: World, settings: Settings | None = None) -> ScanResult:
    """Serve ``world`` on loopback and scan every site with the real pipeline (no state DB)."""
    base = settings or load_settings(env={})
    async with serve_world(world) as (_host, port):
        crawl = dataclasses.replace(
            base.crawl,
            host_overrides=world_overrides(world, port),
            trust_env=False,
            retries=0,
            max_pages=max(base.crawl.max_pages, 400),
        )
        run = dataclasses.replace(base, crawl=crawl)
        sites = [
            Site(url=s.url, name=s.name, owner=s.owner, contact=s.contact) for s in world.sites
        ]
        return await scan_sites(sites, run)


def evaluate(seed: int = 7, n_sites: int = 24, pages: int = 12) -> Quality:
    """Build, serve, scan and judge one world."""
    world = build_world(seed=seed, n_sites=n_sites, pages_per_site=pages, page_kb=(8, 20))
    started = time.perf_counter()
    result = asyncio.run(scan_world(world))
    quality = judge_world(world, result)
    return dataclasses.replace(quality, seconds=time.perf_counter() - started)


def main() -> None:
    """Print precision/recall for a world given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sites", type=int, default=24)
    parser.add_argument("--pages", type=int, default=12)
    args = parser.parse_args()
    q = evaluate(args.seed, args.sites, args.pages)
    print(
        f"pages={q.pages} tp={q.true_positive} fp={q.false_positive} fn={q.false_negative} "
        f"tn={q.true_negative} precision={q.precision:.3f} recall={q.recall:.3f} "
        f"({q.seconds:.1f}s)"
    )
    for line in q.misses:
        print("MISS", line)
    for line in q.false_alarms:
        print("FALSE ALARM", line)
    for host in q.site_misses:
        print("SITE MISS", host)
    for line in q.technique_misses:
        print("TECHNIQUE MISS", line)
    for host in q.site_false_alarms:
        print("SITE FALSE ALARM", host)


if __name__ == "__main__":
    main()
