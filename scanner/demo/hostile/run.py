"""Scan the hostile world through the real CLI, in a subprocess, and read what it said.

``run_hostile`` serves the world on loopback, writes ``sites.csv``, a ``scanner.toml`` with short
deadlines and the fake DNS map, runs ``scanner scan`` inside the sandbox
(``scanner.demo.hostile.sandbox``) and returns a ``Run``: exit code, output, the JSON document,
the report, the requests the world received and the connections the guard refused.
``scanner.demo.hostile.check`` judges it against each site's ``Expect``.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scanner.demo.hostile.sandbox import DNS_ENV, GUARD_ENV
from scanner.demo.hostile.server import Hit, Served, serve_hostile
from scanner.demo.hostile.sites import HostileSite, Size, build_sites

SITE_DEADLINE = {Size.QUICK: 20.0, Size.FULL: 60.0}
"""``crawl.site_deadline`` of the run (the gzip bomb may meet it: recorded, never clean)."""
MAX_PAGES = {Size.QUICK: 30, Size.FULL: 100}
"""``crawl.max_pages``: the full world's bomb has all its 60 pages crawled."""


@dataclass(frozen=True, slots=True)
class Run:
    """One scan of the hostile world: what the CLI said and what the world saw."""

    sites: tuple[HostileSite, ...]
    exit_code: int
    output: str
    document: dict[str, Any]
    report: str
    hits: tuple[Hit, ...]
    refused: tuple[str, ...]
    """Connections the sandbox guard refused (not loopback): must be empty."""
    seconds: float
    tls_served: bool
    baselines: frozenset[str] = frozenset()
    """URLs of the sites that have a baseline in the state DB after the scan."""

    def site_doc(self, site: HostileSite) -> dict[str, Any] | None:
        """The JSON document's entry of ``site`` (None when the scan left it out)."""
        bare = site.host.removeprefix("www.")
        for entry in self.document.get("sites", []):
            host = str(entry.get("url", "")).split("/")[2].split(":")[0]
            if host.removeprefix("www.") == bare:
                return dict(entry)
        return None

    def hits_of(self, site: HostileSite) -> list[Hit]:
        """The requests the world received for ``site``."""
        bare = site.host.removeprefix("www.")
        return [x for x in self.hits
                if x.host.split(":")[0].lower().removeprefix("www.") == bare]


def write_inputs(served: Served, workdir: Path, size: Size, crawl: str = "") -> list[str]:
    """sites.csv, scanner.toml and dns.json for ``served``; returns the CLI arguments.

    ``crawl`` is more ``[crawl]`` lines (TOML), after the run's own (a later key wins? no:
    TOML refuses a key twice, so pass only keys the run does not set)."""
    rows = ["url,name,owner,contact,tags,max_pages,notes"]
    for site in served.sites:
        if site.tls and served.tls_port is None:
            continue  # no openssl: the TLS site is left out (the run records it)
        for url in (site.url, *site.listed):
            rows.append(f"{url},{site.name},{site.name},csirt@kabtirta.go.id,hostile,,{site.key}")
    (workdir / "sites.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    overrides = "\n".join(f'"{host}" = "{target}"' for host, target in served.overrides())
    config = f"""[crawl]
retries = 0
trust_env = false
connect_timeout = 2.0
read_timeout = 2.0
total_timeout = 4.0
max_pages = {MAX_PAGES[size]}
max_sitemap_urls = 100000
site_deadline = {SITE_DEADLINE[size]}
{crawl}
[crawl.host_overrides]
{overrides}
"""
    (workdir / "scanner.toml").write_text(config, encoding="utf-8")
    dns = {site.host: site.dns for site in served.sites if site.dns}
    (workdir / "dns.json").write_text(json.dumps(dns), encoding="utf-8")
    return [
        "scan", "--config", str(workdir / "scanner.toml"), "--sites", str(workdir / "sites.csv"),
        "--state", str(workdir / "state" / "hostile.db"), "--json", str(workdir / "scan.json"),
        "--report", str(workdir / "report.html"),
    ]  # fmt: skip


async def run_hostile(workdir: Path, size: Size = Size.QUICK, *, cron: bool = True,
                      sites: list[HostileSite] | None = None, workers: int = 2,
                      crawl: str = "", timeout: float = 600.0) -> Run:
    """Serve the world, scan it once through ``scanner scan --workers N`` and return what
    happened (``workers`` fixed, not one per core, so that every machine runs the same scan)."""
    workdir.mkdir(parents=True, exist_ok=True)
    chosen = sites if sites is not None else build_sites(size)
    async with serve_hostile(chosen, workdir) as served:
        args = write_inputs(served, workdir, size, crawl)
        args += ["--workers", str(workers)]
        if cron:
            args.append("--cron")
        guard = workdir / "refused.log"
        guard.write_text("", encoding="utf-8")
        env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200",
               DNS_ENV: str(workdir / "dns.json"), GUARD_ENV: str(guard)}
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
            env.pop(name, None)
        started = time.monotonic()
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "scanner.demo.hostile.sandbox", *args, cwd=workdir, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        try:
            out, _ = await asyncio.wait_for(proc.communicate(), timeout)
        except TimeoutError:
            proc.kill()
            out, _ = await proc.communicate()
        seconds = time.monotonic() - started
        hits = tuple(served.hits)
        tls_served = served.tls_port is not None
    doc_path, report_path = workdir / "scan.json", workdir / "report.html"
    document = json.loads(doc_path.read_text("utf-8")) if doc_path.exists() else {}
    report = report_path.read_text("utf-8") if report_path.exists() else ""
    refused = tuple(x for x in guard.read_text("utf-8").splitlines() if x)
    return Run(tuple(chosen), proc.returncode if proc.returncode is not None else -1,
               out.decode("utf-8", "replace"), document, report, hits, refused, seconds,
               tls_served, _baselines(workdir / "state" / "hostile.db", document))


def _baselines(state: Path, document: dict[str, Any]) -> frozenset[str]:
    if not state.exists():
        return frozenset()
    from scanner.store import Store

    with Store.open(state) as store:
        urls = [str(s.get("url")) for s in document.get("sites", [])]
        return frozenset(u for u in urls if store.has_baseline(u))
