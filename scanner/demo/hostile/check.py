"""Judge a ``Run`` of the hostile world: per site, did the scan say what it should have?

``check_site`` returns the problems of one site (empty: as expected); ``check_run`` those of the
whole run (exit code, the guard, the report's Indonesian warnings). Both return plain sentences
so that a test failure or the ``make hostile`` table reads as a finding.
"""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from scanner.demo.hostile.run import Run
from scanner.demo.hostile.sites import HostileSite
from scanner.report.messages_id import MESSAGES

UNSEEN_ALERT = MESSAGES["report.unseen"].split("{")[1].split("}", 1)[1].split(",")[0].strip()
"""The fixed words of the report's "could not be checked" warning (``tidak dapat diperiksa``)."""
LIMITS_ALERT = MESSAGES["report.limits"].split("(")[0].strip()
"""The fixed words of the report's "not fully analysed" warning."""
TLS_ALERT = MESSAGES["report.tls_unverified"].split("}", 1)[1].split("(")[0].strip()
"""The fixed words of the report's insecure-TLS warning."""


def _seconds(doc: dict[str, Any]) -> float | None:
    try:
        return (datetime.fromisoformat(doc["finished"])
                - datetime.fromisoformat(doc["started"])).total_seconds()
    except (KeyError, TypeError, ValueError):
        return None


def check_site(run: Run, site: HostileSite) -> list[str]:
    """What the scan got wrong about ``site`` (empty: everything as expected)."""
    exp, doc = site.expect, run.site_doc(site)
    if doc is None:
        return ["missing from the JSON document"]
    out: list[str] = []
    status, error = doc.get("status"), str(doc.get("error") or "")
    incidents = doc.get("incidents") or []
    techniques = {i.get("technique") for i in incidents}
    limits = [x.get("kind") for x in doc.get("limits") or []]
    kinds = {x.get("kind") for x in doc.get("fetch_errors") or []}
    if status != exp.status:
        out.append(f"status {status!r}, expected {exp.status!r} (error {error!r})")
    if exp.complete is not None and doc.get("complete") is not exp.complete:
        out.append(f"complete {doc.get('complete')!r}, expected {exp.complete!r}")
    if exp.error and exp.error not in error:
        out.append(f"error {error!r} does not say {exp.error!r}")
    out += [f"no {k!r} fetch error (got {sorted(map(str, kinds))})"
            for k in exp.fetch_errors if k not in kinds]
    out += [f"no {k!r} limit (got {limits})" for k in exp.limits if k not in limits]
    if exp.no_limits and limits:
        out.append(f"limits {limits} on a site that hits none")
    out += [f"{t!r} not found (incidents: {sorted(map(str, techniques))})"
            for t in exp.found if t not in techniques]
    named = {u for i in incidents for u in i.get("urls") or [i.get("url")]}
    out += [f"no incident names {site.scheme}://{site.host}{path}" for path in exp.found_at
            if f"{site.scheme}://{site.host}{path}" not in named]
    if exp.clean and incidents:
        out.append(f"{len(incidents)} incident(s) on a clean site: {sorted(map(str, techniques))}")
    if status != "ok" and exp.status != "ok" and incidents:
        out.append("incidents on a site that was not seen")
    if exp.tls_unverified and (doc.get("tls_verified") is not False
                               or not doc.get("pages_tls_unverified")):
        out.append("insecure TLS fallback not recorded (tls_verified / pages_tls_unverified)")
    if not exp.tls_unverified and doc.get("tls_verified") is False:
        out.append("tls_verified false on a site with a valid (or no) certificate")
    took = _seconds(doc)
    if exp.budget and (took is None or took > exp.budget):
        out.append(f"took {took} s, over its budget of {exp.budget:g} s")
    for hit in run.hits_of(site):
        for needle in exp.never_requested:
            if needle in hit.host + hit.path:
                out.append(f"requested {hit.host}{hit.path} (must never be: {needle!r})")
    seen_in_full = status == "ok" and doc.get("complete") is True
    baseline = str(doc.get("url")) in run.baselines
    if baseline and not seen_in_full:
        out.append("became a baseline although it was not seen in full")
    if seen_in_full and not incidents and not baseline:
        out.append("a complete clean first scan, yet no baseline")
    if site.dns and run.hits_of(site):
        out.append("connected to a name the address policy must refuse")
    out += _report_problems(run, site, doc)
    return out


def _report_problems(run: Run, site: HostileSite, doc: dict[str, Any]) -> list[str]:
    """The report must show, in Indonesian, why a site was not seen or not fully analysed."""
    text = html.unescape(run.report)
    out = []
    if doc.get("status") != "ok" and not (UNSEEN_ALERT in text and site.host in text):
        out.append(f"report does not say {site.host} {UNSEEN_ALERT!r}")
    hits = [x for x in doc.get("limits") or [] if x.get("kind") != "nothing_analysed"]
    if hits and not (LIMITS_ALERT in text and f"{site.host}: {hits[0]['kind']}" in text):
        out.append(f"report does not list the {hits[0]['kind']} limit of {site.host}")
    if site.expect.tls_unverified and not (TLS_ALERT in text and site.host in text):
        out.append(f"report does not warn that {site.host} was fetched {TLS_ALERT!r}")
    for kind in site.expect.fetch_errors:  # the per-site error list, in Indonesian
        label = MESSAGES.get(f"fetch_error.{kind}", kind)
        if label not in text:
            out.append(f"report does not list a {kind} fetch error ({label!r})")
    return out


def check_run(run: Run) -> list[str]:
    """Problems of the run as a whole: exit code, refused connections, sites listed twice."""
    out = []
    if not run.document:
        out.append(f"no JSON document (exit {run.exit_code}): {run.output[-2000:]}")
    if run.exit_code == 0:
        out.append("exit code 0 although sites could not be seen")
    if run.exit_code not in (1, 3):
        out.append(f"exit code {run.exit_code} (a crash?): {run.output[-2000:]}")
    if run.report and 'lang="id"' not in run.report:
        out.append("the report is not in Indonesian (report.lang = id is the default)")
    if run.refused:
        out.append(f"connections outside loopback were attempted: {list(run.refused)}")
    urls = [str(s.get("url")) for s in run.document.get("sites", [])]
    if run.document and f"{len(run.sites)} site(s)" not in run.output:
        out.append(f"the summary does not count {len(run.sites)} site(s) (one listed twice)")
    hosts = [u.split("/")[2].removeprefix("www.") for u in urls]
    out += [f"{h} scanned {hosts.count(h)} times" for h in sorted(set(hosts))
            if hosts.count(h) > 1]
    for site in run.sites:
        if site.expect.status != "ok" and f"not checked: {site.host}" not in run.output:
            out.append(f"--cron output has no 'not checked: {site.host}' line")
    return out
