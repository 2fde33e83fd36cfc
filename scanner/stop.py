"""A request to stop a scan that a signal (Ctrl-C, SIGTERM) may make at any moment.

Kept apart from the library API so that the command line can install it from its very first
instruction, before the heavy imports, and a Ctrl-C during start-up still ends in a written,
incomplete scan rather than a traceback.
"""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType


class StopSignal:
    """A request to stop a scan, which a signal may make at any moment.

    While ``on_signals()`` is active, SIGINT (Ctrl-C) and SIGTERM (a scheduler stopping the
    job) only set this request: nothing is raised in the middle of writing a file. A scan that
    sees it cancels its site jobs, records what they analysed, and still writes the JSON and
    the report, marked incomplete. The request may come before the event loop runs.
    """

    def __init__(self) -> None:
        """Not requested yet."""
        self.requested = False
        self._wake: Callable[[], None] | None = None

    def request(self) -> None:
        """Ask the scan to stop (safe from a signal handler; repeated requests are one)."""
        self.requested = True
        if self._wake is not None:
            self._wake()

    def event(self) -> asyncio.Event:
        """An event of the running loop, set now or when the request comes."""
        loop = asyncio.get_running_loop()
        event = asyncio.Event()
        if self.requested:
            event.set()

        def wake() -> None:
            loop.call_soon_threadsafe(event.set)

        self._wake = wake
        return event

    @contextmanager
    def on_signals(self, *, exiting: bool = False) -> Iterator[None]:
        """Route SIGINT and SIGTERM to ``request`` inside the block; the previous handlers
        are restored after it. Only the main thread can take signals; elsewhere a no-op.

        ``exiting``: the process ends right after the block (a CLI command). If a stop was
        requested, further signals are then ignored instead of restored, so a second Ctrl-C
        cannot turn a scan that has written everything into a traceback and exit 130.
        """
        if threading.current_thread() is not threading.main_thread():
            yield
            return

        def handler(_signum: int, _frame: FrameType | None) -> None:
            self.request()

        previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        for sig in previous:
            signal.signal(sig, handler)
        try:
            yield
        finally:
            for sig, old in previous.items():
                signal.signal(sig, signal.SIG_IGN if exiting and self.requested else old)

    @staticmethod
    def ignore_signals() -> None:
        """Ignore SIGINT and SIGTERM from now on (a process in its last instructions)."""
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                signal.signal(sig, signal.SIG_IGN)
