"""A throwaway PostgreSQL cluster for tests: Debian's binaries, a temp directory, loopback only.

``start_cluster()`` runs ``initdb`` and ``pg_ctl`` from ``/usr/lib/postgresql/*/bin`` (or PATH) as
an unprivileged user (root cannot run postgres: when we are root the cluster runs as the
``postgres`` system user, the directory chowned to it), listening on 127.0.0.1 and a free port,
with a random password, fsync off. ``PgCluster.stop()`` stops it and removes the directory.

Tests that need it are marked ``postgres``; when the cluster cannot start they skip with the
reason, unless ``SCANNER_REQUIRE_POSTGRES=1`` (set by ``.ci/run``) turns the skip into a failure.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

REQUIRE_ENV = "SCANNER_REQUIRE_POSTGRES"
"""Set to 1 where PostgreSQL must be there (CI): a cluster that cannot start fails the tests."""

SUPERUSER = "scanner_test"


class ClusterUnavailable(Exception):
    """PostgreSQL cannot be started here; the message says why."""


@dataclass(frozen=True, slots=True)
class PgCluster:
    """A running throwaway cluster: where it lives and how to reach it."""

    bindir: Path
    datadir: Path
    port: int
    password: str
    run_as: str | None

    def url(self, dbname: str = "postgres") -> str:
        """A libpq URL for ``dbname`` on this cluster."""
        return f"postgresql://{SUPERUSER}:{self.password}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, name: str) -> str:
        """Create an empty database and return its URL."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        """Stop the server (fast mode) and remove its directory."""
        _run(self.run_as, [str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "fast",
                           "-w", "stop"], check=False)
        shutil.rmtree(self.datadir.parent, ignore_errors=True)


BINDIR_ENV = "SCANNER_PG_BINDIR"
"""Where initdb and pg_ctl are, when not Debian's /usr/lib/postgresql/*/bin."""


def _bindir() -> Path:
    """``$SCANNER_PG_BINDIR``, else the newest Debian PostgreSQL bin directory, else the one
    holding ``initdb`` on PATH."""
    chosen = os.environ.get(BINDIR_ENV)
    if chosen:
        if not (Path(chosen) / "initdb").is_file():
            raise ClusterUnavailable(f"{BINDIR_ENV}={chosen} has no initdb")
        return Path(chosen)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name) if
                   Path(p).parent.parent.name.isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    raise ClusterUnavailable(
        "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run "
        "`make postgres-deps` as root"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(run_as: str | None, argv: list[str], check: bool = True) -> None:
    cmd = ["runuser", "-u", run_as, "--", *argv] if run_as else argv
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    if check and done.returncode != 0:
        raise ClusterUnavailable(
            f"{' '.join(argv[:1])} failed ({done.returncode}): {done.stderr.strip()[-500:]}"
        )


def start_cluster() -> PgCluster:
    """initdb + start a cluster; raises ClusterUnavailable saying why it could not."""
    bindir = _bindir()
    run_as: str | None = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError as exc:
            raise ClusterUnavailable("running as root and there is no `postgres` user") from exc
        if shutil.which("runuser") is None:
            raise ClusterUnavailable("running as root and `runuser` is missing")
        run_as = "postgres"
    root = Path(tempfile.mkdtemp(prefix="scanner-pg-"))
    datadir = root / "data"
    password = secrets.token_hex(16)
    pwfile = root / "pw"
    pwfile.write_text(password + "\n", encoding="utf-8")
    if run_as:
        entry = pwd.getpwnam(run_as)
        os.chown(root, entry.pw_uid, entry.pw_gid)
        os.chown(pwfile, entry.pw_uid, entry.pw_gid)
    try:
        _run(run_as, [str(bindir / "initdb"), "-D", str(datadir), "-U", SUPERUSER,
                      "--pwfile", str(pwfile), "--auth", "scram-sha-256", "-E", "UTF8",
                      "--locale", "C", "--no-sync"])
        port = _free_port()
        options = (f"-c listen_addresses=127.0.0.1 -c port={port} -c fsync=off "
                   f"-c synchronous_commit=off -c full_page_writes=off "
                   f"-c unix_socket_directories={root} -c max_connections=200")
        _run(run_as, [str(bindir / "pg_ctl"), "-D", str(datadir), "-l", str(root / "log"),
                      "-o", options, "-w", "-t", "60", "start"])
    except (ClusterUnavailable, OSError, subprocess.SubprocessError) as exc:
        log = root / "log"
        tail = log.read_text(errors="replace")[-500:] if log.exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise ClusterUnavailable(f"{exc} {tail}".strip()) from exc
    return PgCluster(bindir, datadir, port, password, run_as)
