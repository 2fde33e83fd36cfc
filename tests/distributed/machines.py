"""Two queued-scan workers at once, as on two machines (threads: each runs its own loop)."""

from __future__ import annotations

import threading

from scanner.config import Settings
from scanner.distributed.queue import run_worker


def two_workers(conf: Settings, *, per_ip: int) -> list[BaseException]:
    """Run two workers of 3 jobs each until the queue is empty; the errors either raised."""
    errors: list[BaseException] = []

    def other() -> None:
        try:
            run_worker(conf, 3, heartbeat=0.5, wait=False, per_ip=per_ip)
        except BaseException as exc:  # pragma: no cover - reported by the caller
            errors.append(exc)

    thread = threading.Thread(target=other)
    thread.start()
    try:
        run_worker(conf, 3, heartbeat=0.5, wait=False, per_ip=per_ip)
    finally:
        thread.join(120)
    return errors
