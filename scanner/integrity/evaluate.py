"""The integrity stage for one site: known-bad hashes and baseline drift -> findings.

``evaluate_site`` is what the pipeline calls once a site's crawl is done, with tonight's page
fingerprints and the site's baseline from the store. It raises only what points at an intrusion
and keeps the rest as notes, so a site is not reported as changed every night:

* a known-bad hash, with or without a baseline (critical for a defacement page);
* off-site values no baseline page had: script domains (EXTERNAL_SCRIPT), iframe targets,
  domains in hidden content, off-site form targets, search-engine verification tokens
  (SITE_VERIFICATION: attackers claim hacked sites in Search Console), off-site redirects,
  and a bulk of new pages under a new folder (DOORWAY_PAGE);
* a key page (homepage, menu pages) whose text was replaced or whose title changed, with no
  signature finding there to explain it: CONTENT_CHANGE with a before/after diff;
* a redesign (structure and text of most key pages changed together, nothing off-site new,
  no signature finding): one low "site changed" finding instead of one per page.

Findings are compared with the baseline, not with last night, so an unaccepted change stays the
same incident (same technique and target domain) every night until someone runs
``scanner baseline accept``; the store's incident lifecycle marks it ongoing, not new.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from scanner.integrity.drift import Drift, SiteDrift, compare_site
from scanner.integrity.knownbad import KnownBad, known_bad_finding
from scanner.models import (
    Category,
    Evidence,
    Finding,
    Fingerprint,
    Message,
    Severity,
    Site,
    Technique,
)
from scanner.report.i18n import english
from scanner.urls import domain_of

MAX_DIFF_LINES = 60
MAX_DIFF_LINE_CHARS = 200
MAX_EVIDENCE_URLS = 5
REDESIGN_SUMMARY = "site changed (redesign?) — run `scanner baseline accept`"


@dataclass(frozen=True, slots=True)
class IntegrityOutcome:
    """What the integrity stage found for one site.

    ``notes`` are the drift records that were not raised (volatile or explained), kept for the
    report and for people accepting a new baseline; ``is_first_baseline`` says the site had no
    baseline yet (the pipeline saves tonight's fingerprints as the first one if the scan is
    clean).
    """

    findings: tuple[Finding, ...]
    notes: tuple[Drift, ...] = ()
    is_first_baseline: bool = False
    redesign: bool = False


def unified_diff(before: str, after: str) -> str:
    """A readable, bounded before/after diff of two main texts (one line per text block)."""
    lines = list(
        difflib.unified_diff(
            before.splitlines(), after.splitlines(), "baseline", "tonight", lineterm="", n=1
        )
    )
    out = [
        line if len(line) <= MAX_DIFF_LINE_CHARS else line[: MAX_DIFF_LINE_CHARS - 1] + "…"
        for line in lines[:MAX_DIFF_LINES]
    ]
    if len(lines) > MAX_DIFF_LINES:
        out.append(f"… {len(lines) - MAX_DIFF_LINES} more diff lines")
    return "\n".join(out)


_VALUE_FINDINGS: dict[str, tuple[Technique, Category, str]] = {
    "script_domain": (Technique.EXTERNAL_SCRIPT, Category.INTEGRITY,
                      "new external script from {v} since baseline"),
    "iframe_domain": (Technique.IFRAME, Category.INTEGRITY, "new iframe to {v} since baseline"),
    "hidden_link_domain": (Technique.HIDDEN_LINKS, Category.INTEGRITY,
                           "new hidden links to {v} since baseline"),
    "form_action": (Technique.CONTENT_CHANGE, Category.INTEGRITY,
                    "form now posts to {v} (off-site) since baseline"),
    "verification": (Technique.SITE_VERIFICATION, Category.INTEGRITY,
                     "new search-engine verification token since baseline"),
    "redirect": (Technique.REDIRECT, Category.INTEGRITY, "page now redirects to {v}"),
    "pages_added": (Technique.DOORWAY_PAGE, Category.INTEGRITY, "{d}"),
}  # fmt: skip


def _value_finding(kind: str, drifts: Sequence[Drift]) -> Finding:
    """One finding for one new value (domain, token, folder) over every page it is on."""
    technique, category, template = _VALUE_FINDINGS[kind]
    first = sorted(drifts, key=lambda d: (not d.key_page, d.url))[0]
    key = any(d.key_page for d in drifts)
    severity = Severity.MEDIUM
    if kind in ("script_domain", "redirect") and (key or len(drifts) >= 3):
        severity = Severity.HIGH
    urls = sorted({d.url for d in drifts})
    evidence = tuple(
        Evidence(url=d.url, match=d.value, targets=(d.value,) if d.value else (),
                 detail=d.detail + (f"\nbefore: {d.before}" if d.before else ""),
                 message=_drift_detail(d))
        for d in sorted(drifts, key=lambda d: d.url)[:MAX_EVIDENCE_URLS]
    )  # fmt: skip
    if len(urls) > MAX_EVIDENCE_URLS:
        more = Message.of("detail.more_pages", n=len(urls) - MAX_EVIDENCE_URLS,
                          urls=", ".join(urls[MAX_EVIDENCE_URLS:][:20]))  # fmt: skip
        evidence += (Evidence(url=first.url, detail=english(more), message=more),)
    target = first.value if kind not in ("verification", "pages_added") else ""
    message = _drift_message(first) if kind == "pages_added" else None
    if message is None:
        message = Message.of(f"finding.drift.{kind}", value=first.value)
    return Finding(
        category=category,
        technique=technique,
        severity=severity,
        confidence=0.7 if kind != "verification" else 0.6,
        url=first.url,
        summary=template.format(v=first.value, d=first.detail),
        evidence=evidence,
        target_domain=target,
        new_since_baseline=True,
        message=message,
    )


_TEXT_DETAIL = re.compile(r"^(.*) \(similarity ([0-9.]+), (\d+) line\(s\) replaced\)$")
_SHARE = re.compile(r"^(\d+)% of the text replaced$")
_WHAT = {"text replaced": "text_replaced", "headline replaced": "headline_replaced",
         "text edited": "text_edited", "title changed": "title_changed"}  # fmt: skip


def _drift_message(d: Drift) -> Message | None:
    """A drift's English ``detail`` as a catalog message (``None`` when its shape is unknown).

    ``drift.py`` writes its details as English text; the few shapes a finding shows are read
    back here into key + parameters, so the report can say them in its own language.
    """
    if d.kind == "pages_added":
        count = d.detail.split(" ", 1)[0]
        if not count.isdigit():
            return None
        key = "drift.pages_under" if d.value else "drift.pages_new"
        return Message.of(key, n=int(count), folder=d.value.rstrip("/"))
    if d.kind == "text":
        m = _TEXT_DETAIL.match(d.detail)
        what = _what_message(m.group(1)) if m else None
        if m is None or what is None:
            return None
        return Message.of("drift.text_detail", what=what, similarity=m.group(2), n=int(m.group(3)))
    if d.kind == "title":
        return Message.of("drift.title_detail", before=d.before, after=d.after)
    return None


def _what_message(what: str) -> Message | None:
    """``text replaced``, ``45% of the text replaced``... as a message."""
    share = _SHARE.match(what)
    if share is not None:
        return Message.of("drift_what.share_replaced", pct=share.group(1))
    return Message.of(f"drift_what.{_WHAT[what]}") if what in _WHAT else None


def _drift_detail(d: Drift) -> Message | None:
    """The evidence detail of a value drift as a message (with the value before, if any)."""
    if d.kind == "pages_added":
        detail = _drift_message(d)
    else:
        detail = Message.of(f"detail.drift.{d.kind}", value=d.value)
    if detail is not None and d.before:
        return Message.of("prose.with_before", detail=detail, before=d.before)
    return detail


def _content_finding(url: str, drifts: Sequence[Drift]) -> Finding:
    """CONTENT_CHANGE on one key page: what changed and the before/after diff."""
    text = next((d for d in drifts if d.kind == "text"), None)
    title = next((d for d in drifts if d.kind == "title"), None)
    parts: list[str] = []
    if title is not None:
        parts.append(f"title: {title.before!r} -> {title.after!r}")
    if text is not None:
        parts.append(text.detail)
    diff = unified_diff(text.before, text.after) if text is not None else ""
    what = text.detail.split(" (")[0] if text is not None and not text.volatile else "title changed"
    what_message = _what_message(what)
    messages = [m for m in (title, text) if m is not None]
    details = tuple(_drift_message(d) for d in messages)
    detail = (
        Message.of("prose.reasons", items=tuple(m for m in details if m is not None))
        if all(m is not None for m in details)
        else None
    )
    return Finding(
        category=Category.INTEGRITY,
        technique=Technique.CONTENT_CHANGE,
        severity=Severity.MEDIUM,
        confidence=0.6,
        url=url,
        summary=f"key page changed since baseline: {what}",
        evidence=(Evidence(url=url, snippet=(text.after if text else title.after if title
                                             else "")[:300], detail="\n".join(parts),
                           diff=diff, message=detail),),
        new_since_baseline=True,
        message=Message.of("finding.content_change", what=what_message) if what_message else None,
    )  # fmt: skip


def _redesign_finding(site: Site, drift: SiteDrift, keys: Collection[str]) -> Finding:
    urls = sorted({d.url for d in drift.drifts if d.kind == "structure" and d.url in keys})
    return Finding(
        category=Category.INTEGRITY,
        technique=Technique.CONTENT_CHANGE,
        severity=Severity.LOW,
        confidence=0.5,
        url=urls[0] if urls else site.url,
        summary=REDESIGN_SUMMARY,
        evidence=(Evidence(url=urls[0] if urls else site.url,
                           detail=f"structure and text changed on {len(urls)} of "
                           f"{drift.key_pages_compared} key pages: " + ", ".join(urls[:10]),
                           message=Message.of("detail.redesign", n=len(urls),
                                              total=drift.key_pages_compared,
                                              urls=", ".join(urls[:10]))),),
        new_since_baseline=True,
        message=Message.of("finding.redesign"),
    )  # fmt: skip


def evaluate_site(
    site: Site,
    current: Mapping[str, Fingerprint],
    baseline: Mapping[str, Fingerprint] | None,
    key_pages: Collection[str],
    known_bad: KnownBad,
    *,
    findings: Sequence[Finding] = (),
    navigated: Collection[str] = (),
) -> IntegrityOutcome:
    """Integrity findings for one site from tonight's fingerprints and its baseline.

    ``key_pages`` are the homepage and main-menu pages (crawl depth <= 1); ``findings`` are the
    other detectors' findings for this site (optional): a page with a signature finding gets no
    extra CONTENT_CHANGE (the signature explains the change) and rules out a redesign.
    ``navigated`` are the URLs the key pages link to visibly: new pages there are the site's own.
    A key page whose new text the site publishes on another page (a new article featured on
    the homepage) is a routine update, noted and not raised.
    """
    out: list[Finding] = []
    for url, fp in current.items():
        entry = known_bad.match(fp)
        if entry is not None:
            out.append(known_bad_finding(url, entry))
    if not baseline:
        return IntegrityOutcome(tuple(out), (), is_first_baseline=True)
    keys = set(key_pages)
    drift = compare_site(current, baseline, keys, navigated)
    signed = {f.url for f in findings if f.technique is not Technique.CONTENT_CHANGE}
    signed |= {f.url for f in out}
    by_value: dict[tuple[str, str], list[Drift]] = {}
    per_page: dict[str, list[Drift]] = {}
    notes: list[Drift] = []
    for d in drift.drifts:
        if d.kind in _VALUE_FINDINGS and not d.volatile:
            group = d.value if d.kind != "redirect" else domain_of(d.after)
            by_value.setdefault((d.kind, group), []).append(d)
        elif d.kind in ("text", "title") and not d.volatile:
            per_page.setdefault(d.url, []).append(d)
        else:
            notes.append(d)
    for (kind, _), drifts in sorted(by_value.items()):
        out.append(_value_finding(kind, drifts))
    redesign = drift.redesign and not signed
    if redesign:
        out.append(_redesign_finding(site, drift, keys))
        notes.extend(d for ds in per_page.values() for d in ds)
    else:
        for url, drifts in sorted(per_page.items()):
            if url in signed or _published_elsewhere(url, drifts, current, baseline):
                notes.extend(drifts)
            else:
                out.append(_content_finding(url, drifts))
    return IntegrityOutcome(tuple(out), tuple(notes), False, redesign)


PUBLISHED_SHARE = 0.6
"""Share of a key page's new text found on the site's other pages that makes it routine."""
_MIN_LINE_WORDS = 4


def _published_elsewhere(
    url: str,
    drifts: Sequence[Drift],
    current: Mapping[str, Fingerprint],
    baseline: Mapping[str, Fingerprint],
) -> bool:
    """A key page now shows what the site publishes elsewhere: a routine news update.

    The homepage's featured story or an announcement box changes whenever a new article
    appears; the new lines are then the headline and lead of a page the site itself serves
    tonight (new since the baseline, or unchanged). A defacement's text is found nowhere else.
    Title-only drift is never routine.
    """
    text = next((d for d in drifts if d.kind == "text"), None)
    if text is None or any(d.kind == "title" for d in drifts):
        return False
    old = set(text.before.splitlines())
    new = [line for line in text.after.splitlines()
           if line not in old and len(line.split()) >= _MIN_LINE_WORDS]  # fmt: skip
    if not new:
        return False
    others = [
        fp.main_text
        for u, fp in current.items()
        if u != url
        and fp.main_text
        and (u not in baseline or baseline[u].content_sha256 == fp.content_sha256)
    ][:_MAX_OTHER_PAGES]
    found = sum(len(line) for line in new if any(line in other for other in others))
    return found >= PUBLISHED_SHARE * sum(len(line) for line in new)


_MAX_OTHER_PAGES = 2000


def mark_new(
    findings: Sequence[Finding],
    baseline: Mapping[str, Fingerprint] | None,
    current: Mapping[str, Fingerprint] | None = None,
) -> tuple[Finding, ...]:
    """Mark signature findings that coincide with drift as ``new_since_baseline``.

    A finding is new when the site has a baseline and its page is not in it, or (with
    ``current``) the page's content hash differs from its baseline, or its target domain appears
    on no baseline page. Without a baseline nothing can be called new; findings are unchanged.
    """
    if not baseline:
        return tuple(findings)
    known: set[str] = set()
    for fp in baseline.values():
        known.update(fp.script_domains, fp.iframe_domains, fp.link_domains,
                     fp.hidden_link_domains, fp.form_actions)  # fmt: skip
        if fp.redirect_target:
            known.add(domain_of(fp.redirect_target))
    out: list[Finding] = []
    for f in findings:
        base = baseline.get(f.url)
        now = current.get(f.url) if current is not None else None
        new = (
            base is None
            or (now is not None and now.content_sha256 != base.content_sha256)
            or bool(f.target_domain and f.target_domain not in known)
        )
        out.append(replace(f, new_since_baseline=True) if new and not f.new_since_baseline else f)
    return tuple(out)
