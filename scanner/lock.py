"""A run lock so an overlapping cron scan exits at once instead of piling up.

An advisory ``flock`` on a lock file: the kernel releases it when the process dies, so a crashed
scan never leaves a stale lock behind. The file records the holder's PID for the message.

The lock lives beside the state DB (``lock_path_for``), not in the working directory: two scans
started from different directories on one ``--state`` must exclude each other. The lock file is
rewritten with our PID, so a path that holds anything but a PID (a mistyped ``lock = "sites.csv"``)
is refused rather than truncated.
"""

from __future__ import annotations

import fcntl
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from scanner.errors import LockError
from scanner.store.pg import sqlite_file

_PID_FILE = re.compile(rb"\s*\d{0,20}\s*")
"""What a lock file may hold: nothing, or the PID a previous holder wrote."""
MAX_LOCK_BYTES = 64


DEFAULT_LOCK = Path("state/scanner.lock")


def lock_path_for(state: str | Path) -> Path:
    """The lock file of a state DB: ``state/scanner.db`` -> ``state/scanner.lock``.

    ``sqlite:///path`` is the file ``path``. A state that is not a file (a database URL such as
    ``postgresql://…``) keeps the default ``state/scanner.lock`` (relative to the working
    directory); ``scan.lock`` sets another.
    """
    db = sqlite_file(state)
    if db is None:
        return DEFAULT_LOCK
    return db.with_name(db.stem + ".lock") if db.suffix else db.with_name(db.name + ".lock")


@contextmanager
def run_lock(path: str | Path) -> Iterator[Path]:
    """Hold the lock for the duration of the block.

    Raises LockError when another process holds it, or when ``path`` is not a lock file (a
    directory, a device, or a file with other content): that file is left untouched.
    """
    file = Path(path)
    file.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(file, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    except OSError as exc:
        raise LockError(f"cannot use {file} as the lock file: {exc.strerror}") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise LockError(f"{file} is not a regular file; refusing to use it as the lock")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
            raise LockError(
                f"another scan is running (lock {file} held by PID {holder}); exiting"
            ) from None
        content = os.pread(fd, MAX_LOCK_BYTES + 1, 0)
        if len(content) > MAX_LOCK_BYTES or not _PID_FILE.fullmatch(content):
            raise LockError(
                f"{file} is not a lock file (it has other content); refusing to overwrite it."
                " Set scan.lock to a new path, or leave it unset to keep the lock beside the DB"
            )
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield file
    finally:
        os.close(fd)
