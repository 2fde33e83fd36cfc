"""Assets a cap skips are recorded on the site, never silently dropped (issue 12).

``detect.max_assets`` (same-site scripts and stylesheets per site) and
``detect.max_offsite_scripts`` (third-party scripts per site) used to skip further files with
no trace: a gambling writer loaded as the site's 51st script was simply never looked at. Each
cap hit is now an ``assets`` / ``offsite_scripts`` limit on the site, in the JSON and the report.
The sites and scripts are test_reach's (in-memory transport, no socket).
"""

from __future__ import annotations

import pytest

from scanner.models import LimitKind, ScanResult, SiteOutcome
from scanner.output import scan_to_json
from scanner.report.coverage import blind_spot_alerts
from scanner.report.i18n import translator
from scanner.signatures import SignatureSet, load_signatures
from tests.pipeline.test_reach import COUNTER, DINKES, DISDIK, SHOLAT, _scan, _settings, _transport


@pytest.fixture(scope="module")
def sigs() -> SignatureSet:
    return load_signatures()


def _limits(outcome: SiteOutcome, kind: LimitKind) -> list[tuple[str, str]]:
    return [(x.url, x.detail) for x in outcome.limits if x.kind is kind]


async def test_third_party_scripts_past_the_cap_are_a_limit_on_the_site(
    sigs: SignatureSet,
) -> None:
    outcomes = await _scan(_transport(), sigs, _settings(max_offsite_scripts=1))
    # DINKES loads one third-party script: within the cap, nothing to say.
    assert _limits(outcomes[DINKES], LimitKind.OFFSITE_SCRIPTS) == []
    # DISDIK loads two: the second (on every page) is skipped, said once.
    [(url, detail)] = _limits(outcomes[DISDIK], LimitKind.OFFSITE_SCRIPTS)
    assert url == SHOLAT and detail.startswith("1 file(s) past detect.max_offsite_scripts 1")
    assert outcomes[DISDIK].complete  # a cap chosen by the operator, like a sitemap cut


async def test_same_site_assets_past_the_cap_are_a_limit_on_the_site(sigs: SignatureSet) -> None:
    outcomes = await _scan(_transport(), sigs, _settings(max_assets=0, max_offsite_scripts=0))
    [(url, detail)] = _limits(outcomes[DINKES], LimitKind.ASSETS)
    assert url == f"{DINKES}/js/app.js" and "detect.max_assets 0" in detail
    assert _limits(outcomes[DISDIK], LimitKind.ASSETS) == []  # it has no same-site asset
    [(url, detail)] = _limits(outcomes[DISDIK], LimitKind.OFFSITE_SCRIPTS)
    assert url in (COUNTER, SHOLAT) and detail.startswith("2 file(s)")


async def test_no_cap_hit_no_limit(sigs: SignatureSet) -> None:
    outcomes = await _scan(_transport(), sigs, _settings())
    for outcome in outcomes.values():
        kinds = {x.kind for x in outcome.limits}
        assert not kinds & {LimitKind.ASSETS, LimitKind.OFFSITE_SCRIPTS}, outcome.limits


async def test_the_asset_limit_is_in_the_json_and_the_report(sigs: SignatureSet) -> None:
    from datetime import UTC, datetime

    outcomes = await _scan(_transport(), sigs, _settings(max_assets=0))
    now = datetime(2026, 12, 1, 1, 30, tzinfo=UTC)
    sites = tuple(o.result() for o in outcomes.values())
    scan = ScanResult(1, now, now, complete=True, scanner_version="t", sites=sites)
    document = scan_to_json(scan)
    kinds = {x["kind"] for s in document["sites"] for x in s["limits"]}
    assert "assets" in kinds
    [alert] = [a for a in blind_spot_alerts(scan, translator("en")) if "assets" in a]
    assert f"{DINKES}/js/app.js" in alert
