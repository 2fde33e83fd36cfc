"""Scan the hostile world (issue 12) through the real CLI and say, per site, what came out.

``make hostile`` runs this with the full-size world: one site per item of issue 12 (deep
nesting, backslash redirects, a payload after 5M characters of a gzipped page and after 200k
characters of inline script, a sitemap over 5 MiB, a brotli homepage, homepages too large,
undecodable or timed out, names resolving to 169.254.169.254 and 10.x, pages steering to other
ports of the own host, a one-byte-per-second server, a 60-page gzip CPU bomb, a self-signed
certificate, a site listed twice) beside clean neighbours with traps. The quick world of
``tests/hostile`` is the same with a smaller bomb and shorter deadlines.

Everything is served on 127.0.0.1; the scan runs in ``scanner.demo.hostile.sandbox`` (a fake
DNS, and a guard that refuses any connection outside loopback). Nothing leaves the machine::

    .venv/bin/python scripts/hostile_world.py                  # full world, --workers 2
    .venv/bin/python scripts/hostile_world.py --size quick --workers 1 --keep

Exit status: 0 when every site and the run as a whole came out as expected, 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
from pathlib import Path

from scanner.demo.hostile import Size, check_run, check_site, run_hostile


def main(argv: list[str] | None = None) -> int:
    """Run once, print the table, return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", choices=[s.value for s in Size], default=Size.FULL.value)
    parser.add_argument("--workers", type=int, default=2, help="scan --workers (default 2)")
    parser.add_argument("--workdir", type=Path, help="keep the run here (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="hostile-"))
    try:
        run = asyncio.run(run_hostile(workdir, Size(args.size), workers=args.workers))
        print(f"hostile world ({args.size}): {len(run.sites)} sites, exit {run.exit_code}, "
              f"{run.seconds:.1f} s, TLS site {'served' if run.tls_served else 'LEFT OUT'}")
        failures = 0
        for site in run.sites:
            doc = run.site_doc(site) or {}
            problems = check_site(run, site)
            failures += bool(problems)
            found = ",".join(sorted({str(i.get("technique")) for i in doc.get("incidents", [])}))
            limits = ",".join(str(x.get("kind")) for x in doc.get("limits", []))
            mark = "FAIL" if problems else "ok  "
            print(f"{mark} {site.key:<12} {doc.get('status', '-'):<11} complete="
                  f"{doc.get('complete')!s:<5} found=[{found}] limits=[{limits}]")
            print(f"      {site.item}")
            if doc.get("error"):
                print(f"      error: {str(doc['error'])[:150]}")
            for problem in problems:
                print(f"      - {problem}")
        for problem in check_run(run):
            failures += 1
            print(f"FAIL run: {problem}")
        print(f"{failures} failure(s); JSON, report and state in {workdir}"
              if args.keep or args.workdir else f"{failures} failure(s)")
        return 1 if failures else 0
    finally:
        if not (args.keep or args.workdir):
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
