"""The recorder seam and its implementations import in any order (no import cycle).

``evidence.recorder`` once imported the ``Recorder`` protocol from the pipeline package, which
imports ``evidence.recorder``: whoever imported it first (a worker process) got an ImportError,
so callers had to import it inside functions. Each module here must import first, alone.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

FIRST = (
    "scanner.evidence.recorder",
    "scanner.store.recorder",
    "scanner.pipeline.guard",
    "scanner.workers.pool",
    "scanner.workers.run",
    "scanner.evidence",
    "scanner.evidence.export",
    "scanner.evidence.domains",
)


@pytest.mark.parametrize("module", FIRST)
def test_module_imports_first_in_a_fresh_interpreter(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_pipeline_still_offers_the_recorders() -> None:
    from scanner import pipeline
    from scanner.store import recorder

    assert pipeline.Recorder is recorder.Recorder
    assert pipeline.StoreRecorder is recorder.StoreRecorder
    assert pipeline.NullRecorder is recorder.NullRecorder
