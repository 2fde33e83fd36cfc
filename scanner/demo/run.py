"""``scanner demo``: three fictitious .go.id sites served on 127.0.0.1, scanned for real.

One site is clean (with a news article about judi online as a trap), one carries hidden judi
online links and a sitemap-only doorway page, one has a defaced homepage. The sites are reached
through the real crawler with a resolver override (the site hosts resolve to the loopback
server), so nothing leaves the machine. The state DB of the demo is its own (under the output
folder), so the demo never mixes with a real inventory's history.
"""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass
from pathlib import Path

from scanner.api import ScanOutputs, run_scan_async
from scanner.config import Settings, load_settings
from scanner.models import Site


@dataclass(frozen=True, slots=True)
class DemoOutcome:
    """Where the demo wrote its outputs and a one-line summary."""

    report: Path
    json: Path
    summary: str
    outputs: ScanOutputs


async def run_demo_async(out_dir: Path, settings: Settings | None = None) -> DemoOutcome:
    """Serve the demo world, scan it with the real pipeline, write JSON + HTML to ``out_dir``."""
    from scanner.demo.world import demo_world, serve_world, world_overrides

    world = demo_world()
    base = settings or load_settings(env={})
    out_dir.mkdir(parents=True, exist_ok=True)
    state = out_dir / "demo-state.db"
    for suffix in ("", "-wal", "-shm"):  # every demo run starts from an empty history
        state.with_name(state.name + suffix).unlink(missing_ok=True)
    json_path = out_dir / "demo.json"
    report_path = out_dir / "demo.html"
    async with serve_world(world) as (_host, port):
        crawl = dataclasses.replace(
            base.crawl,
            host_overrides=world_overrides(world, port),
            max_pages=60,
            trust_env=False,
            retries=0,
        )
        run_settings = dataclasses.replace(
            base,
            crawl=crawl,
            state=str(state),
            json=str(json_path),
            report=str(report_path),
            reports_dir=str(out_dir),
        )
        sites = [
            Site(url=s.url, name=s.name, owner=s.owner, contact=s.contact) for s in world.sites
        ]
        outputs = await run_scan_async(sites, run_settings)
    result = outputs.result
    lines = [f"demo scan {result.id}: {len(result.sites)} sites"]
    for site in result.sites:
        kinds = sorted({f"{i.category.value}/{i.technique.value}" for i in site.incidents})
        lines.append(
            f"  {site.site.host:<34} {site.status:<11} pages={site.pages_crawled:<3} "
            f"incidents={len(site.incidents)} {' '.join(kinds)}"
        )
    return DemoOutcome(
        report=report_path, json=json_path, summary="\n".join(lines), outputs=outputs
    )


def run_demo(out_dir: Path) -> DemoOutcome:
    """Synchronous ``run_demo_async``."""
    return asyncio.run(run_demo_async(out_dir))
