"""Files that appear whole or not at all: a reader (the mailer, node_exporter, a web server)
never sees half a report, JSON document or metrics file.

The text goes to a temporary file beside the target, which takes the target's place only when
the writing ended without error; otherwise it is removed. One module, because the four writers
(report, JSON, the finish step's stream, the metrics textfile) each had their own copy, and one
of them used a fixed ``.tmp`` name that two writers of the same file would share.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


@contextmanager
def replacing(target: Path, *, mode: int | None = None, sync: bool = False) -> Iterator[TextIO]:
    """A UTF-8 text handle (``\\n`` line ends) whose content replaces ``target`` when the block
    ends without error. ``mode`` sets the file's permissions (default: the temporary file's
    0600); ``sync`` flushes it to disk before the rename. OSError is the caller's to word."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(target: Path, text: str, *, mode: int | None = None, sync: bool = False) -> Path:
    """``text`` written to ``target`` through ``replacing``; returns ``target``."""
    with replacing(target, mode=mode, sync=sync) as handle:
        handle.write(text)
    return target


def copy_into_place(source: Path, target: Path) -> Path:
    """``source`` copied to ``target`` through a temporary file renamed into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
