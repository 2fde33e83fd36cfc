"""The finish step at national size: a synthetic store of n sites x m pages, then its outputs.

``python -m bench.finish [--sites 40000] [--pages 20] [--full]`` builds, in a temporary
directory, an SQLite state of one finished scan by direct inserts (seconds, not a crawl): every
page with a fingerprint like a real one (~2 KB, most of it main text), 2% of the sites
unreachable, 1% infected with the sample's incidents and their evidence, owners and hosts that
name a province or do not. Then it runs the finish step (``read_for_report`` + ``write_outputs``:
the streamed JSON, the HTML report, which summarises per province and owner above
``report.summarise_above``) in a fresh process and prints its wall time and peak RSS.

``--full`` also times the old way (``load_scan``: every page and fingerprint) at the same size,
for comparison; it needs several GB at 40k sites.

Target (issue 10): peak RSS flat in the number of pages, under 300 MB at 40k sites.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.rss import peak_rss_mb
from scanner.config import Settings
from scanner.demo.sample import sample_incidents
from scanner.models import PageRecord, SiteResult, SiteStatus
from scanner.models.inventory import Site
from scanner.report.province import PROVINCES
from scanner.store import Store, codec

STARTED = datetime(2026, 12, 1, 19, 0, tzinfo=UTC)

_CODES = [(name, codes[0]) for name, codes in PROVINCES.items() if "." not in codes[0]]
_TEXT = "Pemerintah daerah menyampaikan informasi pelayanan publik kepada masyarakat. " * 24


def site_of(i: int) -> Site:
    """The i-th fictitious site: a third on a provincial domain, a third whose owner names a
    province, a third nothing names one for."""
    name, code = _CODES[i % len(_CODES)]
    if i % 3 == 0:
        return Site(url=f"https://dinas{i}.{code}.go.id/", name=f"Dinas {i}",
                    owner=f"Diskominfo Provinsi {name}")  # fmt: skip
    if i % 3 == 1:
        return Site(url=f"https://desa{i}.kab{i % 514}.go.id/", name=f"Desa {i}",
                    owner=f"Pemerintah Kabupaten {name} {i % 7}")  # fmt: skip
    return Site(url=f"https://layanan{i}.kementerian{i % 40}.go.id/", name=f"Layanan {i}",
                owner=f"Kementerian {i % 40}")  # fmt: skip


def _fingerprint(url: str) -> str:
    return codec.dumps(
        {
            "body_sha256": "ab" * 32,
            "content_sha256": "cd" * 32,
            "text_hash": "ef" * 8,
            "dom_hash": "01" * 8,
            "title": "Portal Resmi",
            "script_domains": ["code.jquery.com", "www.googletagmanager.com"],
            "link_domains": ["jdih.go.id", "lapor.go.id"],
            "main_text": f"{url} {_TEXT}",
        }
    )


def build_store(path: Path, n_sites: int, n_pages: int) -> int:
    """One finished scan of ``n_sites`` x ``n_pages`` at ``path``; returns the scan id."""
    sites = [site_of(i) for i in range(n_sites)]
    with Store.open(path) as store:
        scan_id = store.begin_scan(STARTED, "bench", sites)
        incidents = [i for found in sample_incidents().values() for i in found]
        for i in range(0, n_sites, 100):  # 1% infected: recorded through the store itself
            site = sites[i]
            pages = tuple(
                PageRecord(url=f"{site.url}hal/{p}", final_url=f"{site.url}hal/{p}", status=200)
                for p in range(n_pages)
            )
            found = tuple(
                replace(inc, id=f"inc-{i}-{k}", site=site.host, url=pages[0].url)
                for k, inc in enumerate(incidents[:2])
            )
            store.record_site_result(
                scan_id,
                SiteResult(site=site, status=SiteStatus.OK, pages=pages, incidents=found,
                           started=STARTED, finished=STARTED + timedelta(minutes=1)),
            )  # fmt: skip
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    ids = dict(conn.execute("SELECT url, id FROM sites").fetchall())
    rows = []
    for i, site in enumerate(sites):
        if i % 100 == 0:
            continue
        site_id = ids[site.url]
        if i % 50 == 1:  # 2% unreachable
            rows.append((scan_id, site_id, 0, site.url, site.url, None, "[]", "", "", 0, 0.0,
                         "dns", "Name or service not known", "error", "link", None))  # fmt: skip
            continue
        for p in range(n_pages):
            url = f"{site.url}hal/{p}"
            rows.append((scan_id, site_id, p, url, url, 200, "[]", "text/html", "ab" * 32,
                         40_000, 120.0, None, None, "clean", "link",
                         _fingerprint(url)))  # fmt: skip
        if len(rows) > 50_000:
            _insert_pages(conn, rows)
            rows = []
    _insert_pages(conn, rows)
    finished = codec.encode_dt(STARTED + timedelta(minutes=5))
    conn.execute(
        """UPDATE site_results SET status = CASE WHEN seq % 50 = 1 THEN 'unreachable' ELSE 'ok' END,
             error = CASE WHEN seq % 50 = 1 THEN 'dns: Name or service not known' ELSE '' END,
             pages_crawled = CASE WHEN seq % 50 = 1 THEN 0 ELSE ? END,
             started = ?, finished = ?
           WHERE scan_id = ? AND seq % 100 != 0""",
        (n_pages, codec.encode_dt(STARTED), finished, scan_id),
    )
    conn.execute("UPDATE scans SET finished = ?, complete = 1 WHERE id = ?", (finished, scan_id))
    conn.execute("COMMIT")
    conn.close()
    return scan_id


def _insert_pages(conn: sqlite3.Connection, rows: list[tuple[object, ...]]) -> None:
    conn.executemany(
        """INSERT INTO pages (scan_id, site_id, seq, url, final_url, status, redirects,
             content_type, body_sha256, size, elapsed_ms, error_kind, error_message, verdict,
             via, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        rows,
    )


def child(state: str, out: str, full: bool) -> None:
    """The finish step on ``state`` (run in a fresh process); prints its figures as JSON."""
    from scanner.finish import read_for_report, write_outputs

    settings = Settings(state=state, json=f"{out}/scan.json", reports_dir=out)
    started = time.perf_counter()
    with Store.open(state) as store:
        result = store.load_scan() if full else read_for_report(store, None, settings)
    written = write_outputs(result, settings)
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": seconds,
                "rss_mb": peak_rss_mb(),
                "sites": len(result.sites),
                "json_mb": (written.json_path.stat().st_size / 1e6) if written.json_path else 0,
                "html_kb": written.report_paths[0].stat().st_size / 1e3,
            }
        )
    )


def measure(n_sites: int, n_pages: int, full: bool = False) -> list[str]:
    """Build the store, run the finish step in a fresh process; one line per way measured."""
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp) / "state.db"
        began = time.perf_counter()
        build_store(state, n_sites, n_pages)
        built = time.perf_counter() - began
        size = state.stat().st_size / 1e6
        lines.append(
            f"finish step: synthetic store of {n_sites} sites x {n_pages} pages built in "
            f"{built:.1f}s ({size:.0f} MB)"
        )
        for way in ("read side", "load_scan") if full else ("read side",):
            out = Path(tmp) / way.replace(" ", "_")
            cmd = [sys.executable, "-m", "bench.finish", "--child", str(state), str(out)]
            if way == "load_scan":
                cmd.append("--full")
            done = subprocess.run(cmd, check=True, capture_output=True, text=True)
            f = json.loads(done.stdout.strip().splitlines()[-1])
            lines.append(
                f"finish step ({way}) at {f['sites']} sites x {n_pages} pages: "
                f"{f['seconds']:.1f}s, peak RSS {f['rss_mb']:.0f} MB "
                f"(JSON {f['json_mb']:.0f} MB, HTML {f['html_kb']:.0f} KB)"
            )
    return lines


def main() -> None:
    """Parse the command line and print the figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.finish", description=__doc__)
    parser.add_argument("--sites", type=int, nargs="+", default=[40_000])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--full", action="store_true", help="also time load_scan")
    parser.add_argument("--child", nargs=2, metavar=("STATE", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.full)
        return
    for n in args.sites:
        for line in measure(n, args.pages, args.full):
            print(line, flush=True)


if __name__ == "__main__":
    main()
