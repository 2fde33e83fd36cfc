"""Coordination only: runs the stages for every site, one straight job per site.

::

    scan_sites ─► SiteJob(site).run ─► SiteOutcome (frozen) ─► Recorder.record ─► SiteResult
                    │
                    ├─ crawl, and for each page: analyse_page   (page.py, assets.py)
                    ├─ compare profiles on a sample              (cloak.py)
                    ├─ integrity against the baseline            (integrity/)
                    └─ judge once: one final verdict per page, incidents per site (judge.py)

- ``scan.py``      ``scan_sites``: every site concurrently; stop and cancellation keep results
- ``site.py``      ``SiteJob``: the straight path for one site, ending in a ``SiteOutcome``
- ``page.py``      one page: extract, detect, fingerprint; an analysis failure is data
- ``assets.py``    same-site CSS and JS, fetched once per site; third-party scripts
- ``offsite.py``   third-party script findings, each URL fetched once per scan
- ``cloak.py``     which pages to compare across profiles; reuses the crawl's browser fetch
- ``guard.py``     a recorder that survives its state failing mid-scan (disk full)
- ``env.py``       what the jobs of a scan share; the injected clock; the fetch profiles

The ``Recorder`` seam the jobs write through lives with the state, in ``store/recorder.py``
(re-exported here): implementations beside it (``evidence.EvidenceRecorder``) import the seam
without importing this package, which imports them.
"""

from __future__ import annotations

from scanner.pipeline.cloak import observe_profiles
from scanner.pipeline.env import (
    Clock,
    Phase,
    PhaseProgress,
    ProgressFn,
    ScanEnv,
    profiles_for,
    utc_now,
)
from scanner.pipeline.scan import end_scan, scan_sites
from scanner.pipeline.site import SiteJob
from scanner.store.recorder import NullRecorder, PageSink, Recorder, StoreRecorder

__all__ = [
    "Clock",
    "NullRecorder",
    "PageSink",
    "Phase",
    "PhaseProgress",
    "ProgressFn",
    "Recorder",
    "ScanEnv",
    "SiteJob",
    "StoreRecorder",
    "end_scan",
    "observe_profiles",
    "profiles_for",
    "scan_sites",
    "utc_now",
]
