"""A run lock so an overlapping cron scan exits at once instead of piling up.

An advisory ``flock`` on a lock file: the kernel releases it when the process dies, so a crashed
scan never leaves a stale lock behind. The file records the holder's PID for the message.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from scanner.errors import LockError


@contextmanager
def run_lock(path: str | Path) -> Iterator[Path]:
    """Hold the lock for the duration of the block; LockError if another process holds it."""
    file = Path(path)
    file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(file, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
            raise LockError(
                f"another scan is running (lock {file} held by PID {holder}); exiting"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield file
    finally:
        os.close(fd)
