"""Render the HTML report to PNG screenshots (desktop, phone, A4 print) with headless Chromium.

Not run by the tests: it needs Debian's ``chromium`` package (``apt-get install -y chromium``)
and, for the A4 pages, ``pdftoppm``/``pdftotext`` (``poppler-utils``). Used to look at the
report as a reader would, on a monitor, on a phone, on paper, and as a mail client that drops
``<style>`` shows the mailed form (``--mail``)::

    .venv/bin/python scripts/render_screenshots.py                    # the sample scan, id + en
    .venv/bin/python scripts/render_screenshots.py --html report.html # an existing report
    .venv/bin/python scripts/render_screenshots.py --out shots/ --height 3000
    .venv/bin/python scripts/render_screenshots.py --mail   # + the mail form without <style>

The A4 print goes through Chromium's print-to-PDF; each page becomes ``<name>-a4-<n>.png`` and
the characters per page are printed, so a near-empty page shows up as a small number.

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

from lxml import html as lxml_html

from scanner.demo.sample import sample_scan
from scanner.report import MailForm, render_html
from scanner.report.inline import inline_css

WIDTHS = {"desktop": 1280, "phone": 390}


def find_chromium() -> str:
    """The Chromium binary on PATH, or exit with the install hint."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("chromium not found: apt-get install -y chromium")


def _chromium(chromium: str, profile: str, *args: str) -> list[str]:
    return [
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
        *args,
    ]


def print_a4(chromium: str, html: Path, out: Path, name: str) -> list[Path]:
    """Print ``html`` to PDF (A4 comes from the report's ``@page``), one PNG per page."""
    pdf = out / f"{name}-a4.pdf"
    with tempfile.TemporaryDirectory(prefix="scanner-shot-") as profile:
        cmd = _chromium(
            chromium, profile, f"--print-to-pdf={pdf}", "--no-pdf-header-footer",
            html.resolve().as_uri(),
        )
        subprocess.run(cmd, check=True, capture_output=True, timeout=120)
    for old in out.glob(f"{name}-a4-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(pdf), str(out / f"{name}-a4")], check=True
    )
    pages = sorted(out.glob(f"{name}-a4-*.png"))
    for n, _png in enumerate(pages, 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
            check=True, capture_output=True, text=True,
        ).stdout
        print(f"{pdf.name} page {n}: {len(text.split())} words")
    return pages


def mail_without_style(scan_html: str) -> str:
    """The mailed HTML as a client that drops ``<style>`` shows it (inline styles only)."""
    doc = lxml_html.document_fromstring(inline_css(scan_html))
    for style in doc.xpath("//style"):
        style.getparent().remove(style)
    return lxml_html.tostring(doc, encoding="unicode", doctype="<!DOCTYPE html>")


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
    parser.add_argument("--mail", action="store_true", help="also the mail form without <style>")
    parser.add_argument("--no-print", action="store_true", help="skip the A4 print pages")
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
        if args.mail:
            path = args.out / "sample-id-mail-nostyle.html"
            mailed = render_html(scan, "id", mail=MailForm())
            path.write_text(mail_without_style(mailed), encoding="utf-8")
            screenshot(chromium, path, args.out / f"{path.stem}-phone.png", 390, args.height)
            print(args.out / f"{path.stem}-phone.png")
    for name, html in pages:
        for label, width in WIDTHS.items():
            png = args.out / f"{name}-{label}.png"
            screenshot(chromium, html, png, width, args.height)
            print(png)
        if not args.no_print:
            for png in print_a4(chromium, html, args.out, name):
                print(png)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
