"""Peak resident memory of *this* process image, for the figures measured in child processes.

``getrusage().ru_maxrss`` survives ``execve`` on Linux: a child started by ``spawn`` (fork,
then exec) or ``subprocess`` reports at least the RSS its parent had when it forked. The bench
parent holds the served world's bodies and the earlier stages (300+ MB), so every child figure
read that way showed the parent's peak, not its own. ``VmHWM`` in /proc/self/status is the
high-water mark of the current address space, which starts anew at exec.
"""

from __future__ import annotations

import resource
from pathlib import Path


def peak_rss_mb() -> float:
    """This process image's peak RSS in MB (VmHWM; ru_maxrss where /proc is absent)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
