"""The library API without Typer: targets, notifications through a Mailer, stop requests."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import signal
from pathlib import Path

import pytest

from scanner.api import (
    StopSignal,
    accept_baseline,
    exit_code,
    render_stored_report,
    select_targets,
    send_notifications,
)
from scanner.config import EmailSettings, load_settings
from scanner.demo.world import World
from scanner.errors import InventoryError, NotifyError, StoreError
from scanner.models import Technique
from scanner.notify import OutgoingMessage
from scanner.pipeline import scan_sites
from scanner.store import Store
from tests.pipeline.support import serve_logged, settings_for, sites_of
from tests.report.builders import incident, ok, scan, site

DINKES = site("dinkes.contohkab.go.id", "Dinas Kesehatan", "budi@dinkes.contohkab.go.id")


class MemoryMailer:
    """A Mailer that keeps what it was given."""

    def __init__(self) -> None:
        self.sent: list[OutgoingMessage] = []

    def send(self, message: OutgoingMessage) -> None:
        self.sent.append(message)


def test_notifications_go_through_the_given_mailer() -> None:
    base = load_settings(env={})
    settings = dataclasses.replace(
        base, email=EmailSettings(host="", to=("csirt@diskominfo.contohkab.go.id",))
    )
    result = scan(ok(DINKES, incident(DINKES.host, Technique.HIDDEN_LINKS)))
    mailer = MemoryMailer()
    assert send_notifications(result, settings, mailer) == 1
    assert mailer.sent[0].recipients == ("csirt@diskominfo.contohkab.go.id",)
    # No transport configured: an error only when there is something to send.
    with pytest.raises(NotifyError, match="no SMTP host"):
        send_notifications(result, settings, None)
    assert send_notifications(scan(ok(DINKES)), settings, None) == 0


def test_targets_from_site_arguments_are_enriched_from_the_inventory(tmp_path: Path) -> None:
    inventory = tmp_path / "sites.csv"
    inventory.write_text(
        "url,name,owner,contact\n"
        "https://dinkes.contohkab.go.id/,Dinas Kesehatan,Dinkes,budi@dinkes.contohkab.go.id\n"
        "https://bandarudara.contohkab.go.id/,Bandar Udara Contoh,Dishub,\n",
        encoding="utf-8",
    )
    settings = dataclasses.replace(load_settings(env={}), sites=str(inventory))
    (one, other) = select_targets(settings, ["dinkes.contohkab.go.id", "slot.contohkab.go.id"])
    assert one.owner == "Dinkes" and one.contact == "budi@dinkes.contohkab.go.id"
    assert other.host == "slot.contohkab.go.id" and other.owner == ""
    assert [s.host for s in select_targets(settings)] == [
        "dinkes.contohkab.go.id",
        "bandarudara.contohkab.go.id",
    ]
    missing = dataclasses.replace(settings, sites=str(tmp_path / "none.csv"))
    assert select_targets(missing, ["dinkes.contohkab.go.id"])[0].owner == ""
    with pytest.raises(InventoryError):
        select_targets(missing)


async def test_a_stop_requested_before_the_loop_sees_it_is_kept() -> None:
    stop = StopSignal()
    stop.request()
    assert stop.event().is_set()


async def test_signals_only_request_a_stop_and_handlers_are_restored() -> None:
    stop = StopSignal()
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    with stop.on_signals():
        event = stop.event()
        os.kill(os.getpid(), signal.SIGINT)  # would raise KeyboardInterrupt without it
        await asyncio.wait_for(event.wait(), 5)
        os.kill(os.getpid(), signal.SIGTERM)
        await asyncio.sleep(0)
    assert stop.requested
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before


async def test_accept_baseline_and_render_a_stored_scan(demo: World, tmp_path: Path) -> None:
    async with serve_logged(demo) as (port, _log):
        settings = dataclasses.replace(
            settings_for(demo, port), state=str(tmp_path / "s.db"), reports_dir=str(tmp_path)
        )
        infected = next(s for s in sites_of(demo) if s.host == "diskominfo.kotaharapan.go.id")
        with Store.open(settings.state) as store:
            result = await scan_sites([infected], settings, store=store)
            assert not store.has_baseline(infected.url)  # infected: no automatic baseline
    accepted = accept_baseline(settings, infected.url)
    assert accepted.site_url == infected.url and accepted.version == 1
    assert accepted.pages == sum(1 for p in result.sites[0].pages if p.fingerprint)
    one = accept_baseline(settings, infected.url, [infected.url])
    assert one.version == 2 and one.pages == 1
    with pytest.raises(StoreError, match="no completed scan"):
        accept_baseline(settings, "mati.kabcontoh.go.id")
    stored, (path,) = render_stored_report(settings, None, "json")
    assert path == tmp_path / "latest.json" and stored.id == result.id
    assert json.loads(path.read_text())["scan"]["id"] == result.id


def test_an_incomplete_scan_never_exits_0() -> None:
    clean = scan(ok(DINKES))
    assert exit_code(clean) == 0
    assert exit_code(dataclasses.replace(clean, complete=False)) == 3
    infected = scan(ok(DINKES, incident(DINKES.host, Technique.HIDDEN_LINKS)))
    assert exit_code(dataclasses.replace(infected, complete=False)) == 1
