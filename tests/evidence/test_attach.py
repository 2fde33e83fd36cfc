"""A stored scan's evidence is its own: two state files side by side share ``evidence/``.

Operators keep a test state beside the production one (``state/s.db``, ``state/uji.db``): both
number their first scan 1, and both write WARC files to ``state/evidence``. ``scanner report``
and ``scan --finish`` read each site's records back from the index files; matched by scan id
alone, each state's report listed the other's records too.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scanner.api import render_stored_report
from scanner.models import ScanResult
from scanner.pipeline import scan_sites
from scanner.store import Store
from tests.evidence.sites import serve, settings_for, sites

NIGHT = datetime(2026, 12, 1, 19, 0, 0, 250_000, tzinfo=UTC)


def _records(result: ScanResult) -> set[tuple[str, str, str]]:
    return {(s.site.url, e.record_id, e.warc_file) for s in result.sites for e in s.evidence}


@pytest.mark.parametrize(
    "second_start",
    [NIGHT.replace(hour=20), NIGHT.replace(microsecond=750_000)],
    ids=["an-hour-later", "the-same-second"],
)
async def test_two_states_in_one_directory_each_report_only_their_own_records(
    tmp_path: Path, second_start: datetime
) -> None:
    states = {"s.db": NIGHT, "uji.db": second_start}
    live: dict[str, ScanResult] = {}
    async with serve() as port:
        for name, started in states.items():
            with Store.open(tmp_path / "state" / name) as store:
                live[name] = await scan_sites(
                    sites(), settings_for(port), store=store, clock=lambda t=started: t
                )
    assert live["s.db"].id == live["uji.db"].id == 1  # the same scan id in both files
    assert len(list((tmp_path / "state" / "evidence").glob("*.index.jsonl"))) == 2
    for name, ran in live.items():
        settings = dataclasses.replace(
            settings_for(0), state=str(tmp_path / "state" / name), reports_dir=str(tmp_path)
        )
        stored, _paths = render_stored_report(settings, 1, "json", str(tmp_path / f"{name}.json"))
        assert _records(ran) and _records(stored) == _records(ran), name
    assert not _records(live["s.db"]) & _records(live["uji.db"])


async def test_an_export_holds_only_the_records_of_its_own_state(tmp_path: Path) -> None:
    from scanner.evidence.export import export_from_state

    live: dict[str, ScanResult] = {}
    async with serve() as port:
        for name, started in {"s.db": NIGHT, "uji.db": NIGHT.replace(hour=20)}.items():
            with Store.open(tmp_path / "state" / name) as store:
                live[name] = await scan_sites(
                    sites(), settings_for(port), store=store, clock=lambda t=started: t
                )
    ids = {i.id for s in live["s.db"].sites for i in s.incidents}
    assert ids == {i.id for s in live["uji.db"].sites for i in s.incidents}  # site + findings
    incident = sorted(ids)[0]
    for name, ran in live.items():
        done = export_from_state(
            str(tmp_path / "state" / name),
            tmp_path / "state" / "evidence",
            incident,
            tmp_path / name / "x.warc.gz",
        )
        own = {e.record_id for s in ran.sites for e in s.evidence if incident in e.incidents}
        exported = {r["record_id"] for r in done.manifest["records"] if r["type"] == "response"}
        assert own and exported == own, name
