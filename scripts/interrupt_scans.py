"""Interrupt real ``scanner scan`` runs at random moments and check what each one left behind.

Issue 9 asks that a scan interrupted by Ctrl-C (SIGINT) or SIGTERM *at any moment* still writes
its JSON and its report, both saying ``complete: false``, prints its summary line and exits
non-zero. This script measures that, and reports whatever the code does (it fixes nothing):

1. a generated world (``scanner.demo.world.build_world``) is served on 127.0.0.1;
2. uninterrupted scans of it (``--clean-runs``, default 2) measure how long a scan takes
   (``D``, the fastest of them);
3. ``--runs`` scans follow, each a fresh ``python -m scanner scan`` process with its own
   temporary state DB, JSON, report, lock and a ``scanner.toml`` whose ``crawl.host_overrides``
   send every site host to the loopback server; each gets the signal (sent to its process
   group, as a terminal's Ctrl-C is) after a delay drawn, with ``--seed``, uniformly from
   ``[--min-delay, --max-share * D]``;
4. each run is checked: JSON written and ``scan.complete`` false, report written and showing the
   "incomplete" warning, a ``scan N: ...`` summary line on stdout, a non-zero exit code. A run
   that still runs ``--grace`` seconds after the signal is killed and counted as hung. Two kinds
   of run are counted apart, since they were not interrupted: one that exited before its
   signal was due, and one signalled after the scan had recorded its end (its JSON rightly
   says ``complete: true`` with a ``finished`` time before the signal).

Nothing leaves the machine. Not part of ``make test`` (50 runs take minutes)::

    .venv/bin/python scripts/interrupt_scans.py                 # 50 runs, SIGINT
    .venv/bin/python scripts/interrupt_scans.py --runs 10 --signal TERM --keep

Exit status: 0 when every interrupted run passed every check, 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import html
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from scanner.demo.world import World, build_world, serve_world, world_overrides
from scanner.report.messages_en import MESSAGES as MESSAGES_EN
from scanner.report.messages_id import MESSAGES as MESSAGES_ID

INCOMPLETE_WARNINGS = tuple(
    html.escape(m["report.incomplete"]) for m in (MESSAGES_ID, MESSAGES_EN)
)
"""What the HTML report shows when ``complete`` is false (either language)."""


@dataclass(frozen=True, slots=True)
class Run:
    """What one scan process did and left behind."""

    index: int
    delay: float | None
    """Seconds after start the signal was due; ``None`` for the uninterrupted run."""
    signalled: bool
    """The signal was sent while the process still ran."""
    late: bool
    """It was sent after the scan had recorded its end (``scan.finished`` in the JSON is
    earlier): the outputs rightly say ``complete: true``, so the run is counted apart."""
    exit_code: int
    seconds: float
    hung: bool
    json_written: bool
    json_incomplete: bool
    report_written: bool
    report_incomplete: bool
    summary: str | None
    stderr_tail: str

    @property
    def interrupted(self) -> bool:
        """The signal reached the scan before it had finished."""
        return self.signalled and not self.late

    @property
    def passed(self) -> bool:
        """Every check an interrupted run must meet.

        A run that was never signalled (a clean one, or one that exited before its signal)
        must have written complete outputs and exited 0 or 1.
        """
        if not self.signalled:
            clean = self.json_written and not self.json_incomplete and self.report_written
            return clean and self.exit_code in (0, 1) and not self.hung
        return (
            self.json_written
            and self.json_incomplete
            and self.report_written
            and self.report_incomplete
            and self.summary is not None
            and self.exit_code != 0
            and not self.hung
        )

    def line(self) -> str:
        """One line for the log of the runs."""
        when = "clean scan, no signal" if self.delay is None else f"signal at {self.delay:5.2f}s"
        if self.delay is not None and not self.signalled:
            when += " (exited first)"
        elif self.late:
            when += " (after the end)"
        checks = (
            f"json={_mark(self.json_written, self.json_incomplete)} "
            f"report={_mark(self.report_written, self.report_incomplete)} "
            f"summary={'yes' if self.summary else 'NO'} exit={self.exit_code}"
        )
        verdict = "hung" if self.hung else ("ok" if self.passed else "FAIL")
        if self.late:
            verdict = "counted apart"
        elif self.delay is not None and not self.signalled and self.passed:
            verdict = "not counted"
        name = f"run {self.index:>3}" if self.delay is not None else f"clean {self.index:>1}"
        return f"{name}: {when:<28} {self.seconds:5.1f}s  {checks}  {verdict}"


def _mark(written: bool, incomplete: bool) -> str:
    if not written:
        return "MISSING"
    return "incomplete" if incomplete else "COMPLETE"


def _write_inputs(workdir: Path, world: World, port: int, max_pages: int) -> list[str]:
    """The inventory and settings file of one run; returns the scan's command-line arguments."""
    sites = workdir / "sites.csv"
    with sites.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["url", "name", "owner", "contact"])
        for site in world.sites:
            writer.writerow([site.url, site.name, site.owner, site.contact])
    overrides = "\n".join(
        f"{json.dumps(host)} = {json.dumps(target)}"
        for host, target in world_overrides(world, port)
    )
    config = workdir / "scanner.toml"
    config.write_text(
        "[scan]\n"
        f"lock = {json.dumps(str(workdir / 'scanner.lock'))}\n"
        f"reports_dir = {json.dumps(str(workdir / 'reports'))}\n"
        "[crawl]\n"
        f"max_pages = {max_pages}\n"
        "trust_env = false\n"
        "retries = 0\n"
        "[crawl.host_overrides]\n"
        f"{overrides}\n",
        encoding="utf-8",
    )
    return [
        "scan",
        "--config", str(config),
        "--sites", str(sites),
        "--state", str(workdir / "state.db"),
        "--json", str(workdir / "scan.json"),
        "--report", str(workdir / "report.html"),
    ]  # fmt: skip


@dataclass(frozen=True, slots=True)
class JsonSeen:
    """What the JSON output of a run says about the scan."""

    written: bool = False
    incomplete: bool = False
    finished: datetime | None = None


def _read_json(path: Path) -> JsonSeen:
    """Whether the JSON was written, says ``scan.complete: false``, and when the scan ended."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return JsonSeen()
    scan = doc.get("scan") if isinstance(doc, dict) else None
    if not isinstance(scan, dict):
        return JsonSeen(written=True)
    finished, raw = None, scan.get("finished")
    with contextlib.suppress(ValueError):
        finished = datetime.fromisoformat(raw) if isinstance(raw, str) else None
    return JsonSeen(True, scan.get("complete") is False, finished)


def _report_incomplete(path: Path) -> tuple[bool, bool]:
    """(written, shows the "incomplete" warning) for the HTML report."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return False, False
    return bool(text), any(w in text for w in INCOMPLETE_WARNINGS)


async def run_once(
    index: int,
    args: Sequence[str],
    workdir: Path,
    delay: float | None,
    sig: signal.Signals,
    grace: float,
) -> Run:
    """Run one scan process, signal it after ``delay`` seconds, and inspect its outputs."""
    start = time.monotonic()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "scanner", *args,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        start_new_session=True,  # its own process group, signalled as a terminal would
        cwd=workdir,
    )  # fmt: skip
    talk = asyncio.ensure_future(proc.communicate())
    signalled = hung = False
    sent_at = None
    if delay is not None:
        done, _ = await asyncio.wait({talk}, timeout=delay)
        if not done and proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                sent_at = datetime.now(UTC)
                os.killpg(proc.pid, sig)
                signalled = True
    try:
        stdout, stderr = await asyncio.wait_for(asyncio.shield(talk), timeout=grace)
    except TimeoutError:
        hung = True
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        stdout, stderr = await talk
    seconds = time.monotonic() - start
    out = stdout.decode("utf-8", "replace")
    summary = next((ln for ln in out.splitlines() if ln.startswith("scan ")), None)
    seen = _read_json(workdir / "scan.json")
    late = (
        sent_at is not None
        and not seen.incomplete
        and seen.finished is not None
        and seen.finished <= sent_at
    )
    report_written, report_incomplete = _report_incomplete(workdir / "report.html")
    tail = stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
    return Run(
        index=index,
        delay=delay,
        signalled=signalled,
        late=late,
        exit_code=proc.returncode if proc.returncode is not None else -1,
        seconds=seconds,
        hung=hung,
        json_written=seen.written,
        json_incomplete=seen.incomplete,
        report_written=report_written,
        report_incomplete=report_incomplete,
        summary=summary,
        stderr_tail=" | ".join(tail),
    )


def _summarise(runs: list[Run], sig: signal.Signals) -> int:
    """Print the counts; return the script's exit status."""
    hit = [r for r in runs if r.interrupted]
    early = sum(1 for r in runs if not r.signalled)
    broken = sum(1 for r in runs if not r.signalled and not r.passed)
    late = sum(1 for r in runs if r.late)

    def count(pred: str) -> int:
        return sum(1 for r in hit if getattr(r, pred))

    passed = sum(1 for r in hit if r.passed)
    print()
    print(
        f"{len(runs)} runs: {len(hit)} interrupted by {sig.name}; not counted: {early} exited "
        f"before the signal, {late} signalled after the scan had recorded its end"
    )
    print(f"  JSON written               {count('json_written'):>3}/{len(hit)}")
    print(f"  JSON complete: false       {count('json_incomplete'):>3}/{len(hit)}")
    print(f"  report written             {count('report_written'):>3}/{len(hit)}")
    print(f"  report says incomplete     {count('report_incomplete'):>3}/{len(hit)}")
    print(f"  summary line printed       {sum(1 for r in hit if r.summary):>3}/{len(hit)}")
    print(f"  non-zero exit              {sum(1 for r in hit if r.exit_code != 0):>3}/{len(hit)}")
    print(f"  hung (killed)              {count('hung'):>3}/{len(hit)}")
    codes = sorted({r.exit_code for r in hit})
    print(f"  exit codes seen            {', '.join(map(str, codes)) or '-'}")
    print(f"ALL CHECKS PASSED            {passed:>3}/{len(hit)}")
    if broken:
        print(f"and {broken} run(s) that exited before their signal left no complete outputs")
    if late:
        quiet = sum(1 for r in runs if r.late and r.summary is None)
        killed = sorted({r.exit_code for r in runs if r.late})
        print(
            f"signalled after the end: {late} run(s), outputs complete; {quiet} printed no "
            f"summary line; exit codes {', '.join(map(str, killed))}"
        )
    return 0 if hit and passed == len(hit) and not broken else 1


async def main_async(opts: argparse.Namespace) -> int:
    """Serve the world, time one clean scan, then run and check the interrupted ones."""
    sig = signal.Signals[f"SIG{opts.signal}"]
    world = build_world(seed=opts.world_seed, n_sites=opts.sites, pages_per_site=opts.pages)
    rng = random.Random(opts.seed)
    root = Path(tempfile.mkdtemp(prefix="interrupt-scans-"))
    runs: list[Run] = []
    try:
        async with serve_world(world) as (_host, port):
            clean: list[Run] = []
            for index in range(max(opts.clean_runs, 1)):
                base = root / f"clean-{index}"
                base.mkdir()
                args = _write_inputs(base, world, port, opts.max_pages)
                first = await run_once(index + 1, args, base, None, sig, opts.timeout)
                print(first.line())
                if not first.passed:
                    print(f"the uninterrupted scan failed: {first.stderr_tail}", file=sys.stderr)
                    return 2
                clean.append(first)
            # The fastest clean scan: a busy machine slows some, and a window longer than a
            # scan would only add runs that exit before their signal.
            full = min(r.seconds for r in clean)
            upper = max(opts.min_delay, opts.max_share * full)
            print(
                f"world: {len(world.sites)} sites x {opts.pages} pages on 127.0.0.1:{port}; "
                f"a full scan takes {full:.1f}s; signals fall in "
                f"[{opts.min_delay:.2f}, {upper:.2f}]s (seed {opts.seed})"
            )
            for index in range(1, opts.runs + 1):
                workdir = root / f"run-{index:03d}"
                workdir.mkdir()
                args = _write_inputs(workdir, world, port, opts.max_pages)
                delay = round(rng.uniform(opts.min_delay, upper), 2)
                run = await run_once(index, args, workdir, delay, sig, opts.grace)
                runs.append(run)
                print(run.line(), flush=True)
                if not run.passed and run.interrupted and run.stderr_tail:
                    print(f"         stderr: {run.stderr_tail[:300]}", flush=True)
    finally:
        if opts.keep:
            print(f"outputs kept in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return _summarise(runs, sig)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=50, help="interrupted scans (default 50)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the signal moments")
    parser.add_argument("--signal", choices=("INT", "TERM"), default="INT")
    parser.add_argument("--sites", type=int, default=12, help="sites in the world (default 12)")
    parser.add_argument("--pages", type=int, default=30, help="pages per site (default 30)")
    parser.add_argument("--max-pages", type=int, default=60, help="crawl.max_pages")
    parser.add_argument("--world-seed", type=int, default=7)
    parser.add_argument("--min-delay", type=float, default=0.3, help="earliest signal (s)")
    parser.add_argument(
        "--max-share", type=float, default=0.95, help="latest signal, as a share of a full scan"
    )
    parser.add_argument("--grace", type=float, default=60.0, help="wait after the signal (s)")
    parser.add_argument("--clean-runs", type=int, default=2, help="uninterrupted scans timed")
    parser.add_argument("--timeout", type=float, default=600.0, help="limit of a clean scan")
    parser.add_argument("--keep", action="store_true", help="keep the runs' outputs")
    return parser.parse_args(argv)


def _restore_signal_defaults() -> None:
    """Let the scans receive the signals: an ignored disposition is inherited across exec.

    A script started in the background by a non-interactive shell (``cmd &``) has SIGINT set
    to "ignore", and so would every scan it starts: each SIGINT would be silently lost and the
    runs would wrongly look like scans that ignore Ctrl-C.
    """
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if signal.getsignal(signal.SIGTERM) == signal.SIG_IGN:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point."""
    opts = parse_args(argv)
    _restore_signal_defaults()
    return asyncio.run(main_async(opts))


if __name__ == "__main__":
    sys.exit(main())
