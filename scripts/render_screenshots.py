"""Render the HTML report to PNG screenshots (desktop and phone width) with headless Chromium.

Not run by the tests: it needs Debian's ``chromium`` package (``apt-get install -y chromium``).
Used to look at the report as a reader would, on a monitor and on a phone::

    .venv/bin/python scripts/render_screenshots.py                    # the sample scan, id + en
    .venv/bin/python scripts/render_screenshots.py --html report.html # an existing report
    .venv/bin/python scripts/render_screenshots.py --out shots/ --height 3000

Chromium runs with a throw-away profile and every background network feature off; the report
itself loads nothing (its CSP forbids it), so no request leaves the machine.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scanner.demo.sample import sample_scan
from scanner.report import render_html

WIDTHS = {"desktop": 1280, "phone": 390}


def find_chromium() -> str:
    """The Chromium binary on PATH, or exit with the install hint."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("chromium not found: apt-get install -y chromium")


def screenshot(chromium: str, html: Path, png: Path, width: int, height: int) -> None:
    """One PNG of ``html`` at ``width`` x ``height`` CSS pixels."""
    with tempfile.TemporaryDirectory(prefix="scanner-shot-") as profile:
        cmd = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            f"--screenshot={png}",
            f"--window-size={width},{height}",
            html.resolve().as_uri(),
        ]
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)


def main(argv: list[str] | None = None) -> int:
    """Render the report(s) and write ``<name>-<desktop|phone>.png`` files into ``--out``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, help="an existing report (default: the sample)")
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--height", type=int, default=2000)
    args = parser.parse_args(argv)
    chromium = find_chromium()
    args.out.mkdir(parents=True, exist_ok=True)
    pages: list[tuple[str, Path]] = []
    if args.html:
        pages.append((args.html.stem, args.html))
    else:
        scan = sample_scan()
        for lang in ("id", "en"):
            path = args.out / f"sample-{lang}.html"
            path.write_text(render_html(scan, lang), encoding="utf-8")
            pages.append((path.stem, path))
    for name, html in pages:
        for label, width in WIDTHS.items():
            png = args.out / f"{name}-{label}.png"
            screenshot(chromium, html, png, width, args.height)
            print(png)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
