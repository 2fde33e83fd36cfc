"""A ``--workers`` child never outlives its parent (issue 12).

Seen once: after the parent's stdout pipe was cut, a worker spun at 100% CPU ignoring SIGTERM.
Here the parent of a ``--workers 2`` scan on a loopback world is SIGKILLed (no goodbye, no
``Stop``): every worker must be gone within seconds, read from /proc. Then the same with
workers stuck in a thread that spins for ever (a cancel cannot stop it, and the interpreter's
shutdown would wait for it): they end within their exit bound all the same.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from scanner.demo.world import World, build_world
from tests.pipeline.support import config_for, serve_logged_in_thread

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


@pytest.fixture(scope="module")
def world() -> World:
    return build_world(seed=23, n_sites=4, infected_ratio=0.5, pages_per_site=6)


def _children(pid: int) -> set[int]:
    """The live processes whose parent is ``pid`` (zombies are gone already)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(entry.name))
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def _workers(pid: int) -> set[int]:
    out = set()
    for child in _children(pid):
        with_args = Path(f"/proc/{child}/cmdline").read_bytes() if _alive({child}) else b""
        if b"spawn_main" in with_args:
            out.add(child)
    return out


def _wait(what: Callable[[], bool], seconds: float, why: str) -> None:
    deadline = time.monotonic() + seconds
    while not what():
        assert time.monotonic() < deadline, why
        time.sleep(0.05)


def _kill_parent_and_watch(proc: subprocess.Popen[bytes], ready: Callable[[], bool]) -> float:
    """Wait for two workers and ``ready``; SIGKILL the parent; seconds until no worker is left."""
    workers: set[int] = set()

    def two() -> bool:
        workers.update(_workers(proc.pid))
        assert proc.poll() is None, "the scan ended before the test could kill it"
        return len(workers) >= 2 and ready()

    _wait(two, 60, "two workers never started")
    proc.kill()
    proc.wait()
    killed = time.monotonic()
    _wait(lambda: not _alive(workers), 10, f"workers outlived their parent: {_alive(workers)}")
    return time.monotonic() - killed


def test_sigkill_of_the_parent_ends_every_worker(world: World, tmp_path: Path) -> None:
    with serve_logged_in_thread(world) as (port, log):
        config = config_for(tmp_path / "scanner.toml", world, port, "per_host = 1\ndelay = 0.3")
        rows = "".join(f"{s.url},{s.name},{s.owner},{s.contact}\n" for s in world.sites)
        (tmp_path / "sites.csv").write_text("url,name,owner,contact\n" + rows, encoding="utf-8")
        args = [sys.executable, "-m", "scanner", "scan", "--workers", "2", "--config"]
        args += [str(config), "--state", str(tmp_path / "s.db"), "--json", str(tmp_path / "o.json")]
        proc = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=tmp_path
        )
        try:
            took = _kill_parent_and_watch(proc, lambda: len(log.requests) >= 10)
        finally:
            proc.kill()
    assert took < 5


_DRIVER = textwrap.dedent(
    """
    import asyncio, sys
    from scanner.config import load_settings
    from scanner.inventory import load_sites
    from scanner.store import Store
    from scanner.workers import scan_with_workers
    from scanner.workers.messages import SiteRunnerRef

    settings = load_settings(sys.argv[1], env={}, overrides={"state": sys.argv[2]})
    sites = load_sites(sys.argv[3]).sites
    runner = SiteRunnerRef("tests.workers.stuck", "spin_for_ever")

    async def main():
        with Store.open(settings.state) as store:
            await scan_with_workers(sites, settings, store=store, workers=2, runner=runner)

    asyncio.run(main())
    """
)


def test_workers_stuck_in_a_spinning_thread_end_within_their_bound(
    world: World, tmp_path: Path
) -> None:
    stuck = tmp_path / "stuck"
    stuck.mkdir()
    with serve_logged_in_thread(world) as (port, _log):
        config = config_for(tmp_path / "scanner.toml", world, port)
        rows = "".join(f"{s.url},{s.name},{s.owner},{s.contact}\n" for s in world.sites)
        (tmp_path / "sites.csv").write_text("url,name,owner,contact\n" + rows, encoding="utf-8")
        args = [sys.executable, "-c", _DRIVER, str(config), str(tmp_path / "s.db")]
        args.append(str(tmp_path / "sites.csv"))
        env = {**os.environ, "SCANNER_TEST_STUCK": str(stuck)}
        root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
        proc = subprocess.Popen(args, stderr=subprocess.DEVNULL, env=env, cwd=tmp_path)
        try:
            took = _kill_parent_and_watch(proc, lambda: any(stuck.iterdir()))
        finally:
            proc.kill()
    assert took < 5  # the bound is 1 s here (tests/workers/stuck.py); 12 s in a real scan


def test_the_exit_bound_is_armed_once() -> None:
    """The first bound stands: a later stop path cannot push the end further away."""
    script = textwrap.dedent(
        """
        import signal
        from scanner.workers.child import exit_within
        exit_within(30)
        exit_within(1)
        print(signal.getitimer(signal.ITIMER_REAL)[0] > 20, flush=True)
        signal.alarm(0)
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
