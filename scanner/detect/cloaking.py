"""Cloaking detector: what Googlebot, phones or Google-referred visitors get that browsers do not.

Judi-online injections on .go.id sites are cloaked so the owner never sees them: the server (or a
script) serves the gambling doorway, or an off-site redirect, only to the search engine crawler,
to mobile visitors or to people arriving from a Google search. The pipeline fetches a page as
each of those visitors; this module compares each observation with the ``browser`` one.

Only differences that carry gambling content or send the visitor off-site are incidents. Pages
legitimately differ per visitor (a cookie banner hidden from Googlebot, a mobile layout, rotating
news, CSRF tokens, an ``m.`` or AMP redirect, a 304), so the comparison is on signature
evidence (promotional/brand terms, gambling link domains, redirect targets), never on raw text.

A page the browser already sees infected is compared too: every technique is its own incident,
and an owner who cleans the visible footer block must still learn that Googlebot gets a doorway
or that Google visitors are redirected. What the browser already shows is subtracted, and the
content test is stricter there (one more promotional term) because an infected page's own
injection may rotate between requests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from scanner.detect import scripts
from scanner.detect.base import PageContext, finding
from scanner.detect.embeds import classify_domain
from scanner.detect.evidence import gambling_link, scan_parts, snippet
from scanner.models import (
    Category,
    Evidence,
    FetchResult,
    Finding,
    Message,
    PageView,
    Severity,
    Technique,
)
from scanner.report.i18n import english
from scanner.signatures import Role, SignatureSet
from scanner.urls import host_of, registered_domain

_TECHNIQUE = {
    "googlebot": Technique.CLOAKING_UA,
    "google-referer": Technique.CLOAKING_REFERER,
    "mobile": Technique.CLOAKING_MOBILE,
}
_WHO = frozenset({"googlebot", "google-referer", "mobile"})
"""Profiles the catalogs name (``cloak_who.<profile>``); others read "the <name> profile"."""
_MIN_ADDED_TERMS = 2
"""Promotional/brand terms a profile must see beyond the browser (one stray word is noise)."""
_MAX_LIST = 10


@dataclass(frozen=True, slots=True)
class Observation:
    """One page as fetched with one profile: the fetch and, for HTML, its analysed view."""

    profile: str
    fetch: FetchResult
    view: PageView | None


@dataclass(frozen=True, slots=True)
class _Profile:
    """The gambling evidence and destinations one observation shows."""

    terms: frozenset[str]
    domains: frozenset[str]
    link_urls: tuple[str, ...]
    discussion: int
    title_gambling: bool
    redirects: frozenset[str]
    """Off-site destinations (HTTP redirect, meta refresh, JS redirect) as registered domains."""
    redirect_urls: tuple[str, ...]
    ids: frozenset[str]
    text: str


@dataclass(frozen=True, slots=True)
class BrowserSide:
    """The browser observation of a page reduced to what the comparison needs.

    The scan keeps one per page it may compare (the crawl's own browser fetch), so the page is
    not fetched again as a browser; it holds no body and no text, only the summary.
    """

    observation: Observation
    """The fetch without its body; the view, when there was one, with only its title."""
    summary: _Profile


def browser_side(url: str, obs: Observation, sigs: SignatureSet, site_host: str) -> BrowserSide:
    """Summarise the browser's observation of ``url`` once, dropping the body and text."""
    summary = _summarise(url, obs, sigs, site_host)
    view = obs.view
    small = Observation(
        profile=obs.profile,
        fetch=replace(obs.fetch, text=None),
        view=PageView(url=view.url, title=view.title[:120]) if view is not None else None,
    )
    return BrowserSide(observation=small, summary=replace(summary, text=""))


def compare_profiles(
    url: str,
    observations: Mapping[str, Observation],
    sigs: SignatureSet,
    site_host: str,
    browser_seen: BrowserSide | None = None,
) -> list[Finding]:
    """Findings for gambling content or off-site redirects some profile sees and browser does not.

    ``observations`` holds ``browser`` plus any of ``googlebot``, ``mobile``, ``google-referer``;
    or, when ``browser_seen`` is given (the crawl's browser fetch, summarised), only the others.
    Evidence names the profile and shows both sides (titles, added terms, targets, domains).
    """
    if browser_seen is None:
        observed = observations.get("browser")
        if observed is None:
            return []
        browser_seen = browser_side(url, observed, sigs, site_host)
    browser_obs, browser = browser_seen.observation, browser_seen.summary
    browser_failed = browser_obs.view is None and browser_obs.fetch.error is not None
    findings: list[Finding] = []
    for name, obs in observations.items():
        if name == "browser":
            continue
        seen = _summarise(url, obs, sigs, site_host)
        findings.extend(_compare(url, name, obs, seen, browser_obs, browser, browser_failed, sigs))
    return findings


def _already_gambling(p: _Profile) -> bool:
    """The browser itself sees gambling (the content detectors report that part)."""
    return (
        bool(p.domains)
        or p.title_gambling
        or (len(p.terms) >= _MIN_ADDED_TERMS and p.discussion == 0)
    )


def _summarise(url: str, obs: Observation, sigs: SignatureSet, site_host: str) -> _Profile:
    view = obs.view
    redirect_urls = _redirect_targets(url, obs, sigs, site_host)
    redirects = frozenset(registered_domain(host_of(u)) for u in redirect_urls)
    if view is None:
        return _Profile(
            frozenset(), frozenset(), (), 0, False, redirects, redirect_urls, frozenset(), ""
        )
    parts = {
        "visible_text": view.visible_text,
        "hidden_text": view.hidden_text,
        "title": view.title,
        "meta": " ".join(v for _, v in view.meta),
    }
    signals = scan_parts(sigs, parts)
    title = scan_parts(sigs, {"title": view.title}) if view.title else None
    links = [g for g in (gambling_link(sigs, link) for link in view.links) if g is not None]
    ids = set(signals.ids_for(sigs, Role.PROMO, Role.BRAND))
    ids.update(i for g in links for i in g.signature_ids)
    return _Profile(
        terms=signals.get(Role.PROMO, Role.BRAND),
        domains=frozenset(g.domain for g in links),
        link_urls=tuple(g.url for g in links),
        discussion=signals.count(Role.DISCUSSION),
        title_gambling=bool(
            title and title.count(Role.PROMO, Role.BRAND) and not title.count(Role.DISCUSSION)
        ),
        redirects=redirects,
        redirect_urls=redirect_urls,
        ids=frozenset(ids),
        text=f"{view.title}\n{view.visible_text}\n{view.hidden_text}",
    )


def _redirect_targets(
    url: str, obs: Observation, sigs: SignatureSet, site_host: str
) -> tuple[str, ...]:
    """Off-site destinations of this observation that are not the site's own organisation."""
    found: list[str] = []
    fetch = obs.fetch
    if fetch.offsite_redirect:
        found.append(fetch.offsite_redirect)
    elif fetch.final_url and host_of(fetch.final_url) != site_host:
        found.append(fetch.final_url)
    view = obs.view
    if view is not None:
        if view.meta_refresh is not None and not view.meta_refresh.internal:
            found.append(view.meta_refresh.url)
        ctx = PageContext(url=url, site_host=site_host, profile=obs.profile, fetch=fetch)
        found.extend(scripts.redirect_targets(view, ctx))
    own = registered_domain(site_host)
    kept = [
        u
        for u in dict.fromkeys(found)
        if registered_domain(host_of(u)) != own
        and classify_domain(sigs, u)[0] in ("gambling", "bad", "unknown")
    ]
    return tuple(kept[:_MAX_LIST])


def _compare(
    url: str,
    name: str,
    obs: Observation,
    seen: _Profile,
    browser_obs: Observation,
    browser: _Profile,
    browser_failed: bool,
    sigs: SignatureSet,
) -> list[Finding]:
    technique = _TECHNIQUE.get(name, Technique.CLOAKING_UA)
    who = Message.of(f"cloak_who.{name}" if name in _WHO else "cloak_who_other", name=name)
    # Both profiles' answers, as the evidence detail shows them (statuses, titles).
    seen_by = {
        "name": name,
        "status": str(obs.fetch.status),
        "browser_status": str(browser_obs.fetch.status),
        "title": _title(obs),
        "browser_title": _title(browser_obs),
    }
    confidence = 0.7 if browser_failed else 0.9
    findings: list[Finding] = []
    new_redirects = seen.redirects - browser.redirects
    if new_redirects:
        targets = [u for u in seen.redirect_urls if registered_domain(host_of(u)) in new_redirects]
        domain = registered_domain(host_of(targets[0]))
        # The snippet is the evidence itself (where the profile was sent); the sentence
        # around it is a catalog message, so it reads in the report's language.
        redirect_detail = Message.of(
            "detail.cloak_redirect_to",
            **seen_by,
            target=targets[0][:300],
            went=_went(browser, browser_obs),
        )
        ev = Evidence(
            url=url,
            snippet=targets[0][:300],
            match=targets[0][:500],
            profile=name,
            targets=tuple(t[:500] for t in targets[:_MAX_LIST]),
            detail=english(redirect_detail)[:500],
            message=redirect_detail,
        )
        gambling = classify_domain(sigs, targets[0])[0] == "gambling"
        findings.append(
            finding(
                category=Category.GAMBLING if gambling else Category.MALICIOUS_SCRIPT,
                technique=technique,
                severity=Severity.HIGH,
                confidence=confidence - 0.05,
                url=url,
                message=Message.of("finding.cloak_redirect", who=who, host=host_of(targets[0])),
                evidence=(ev,),
                signature_ids=sorted(seen.ids),
                target_domain=domain,
            )
        )
    added = sorted(seen.terms - browser.terms)
    new_domains = sorted(seen.domains - browser.domains)
    # On a page the browser already sees infected, only what the profile sees beyond it counts,
    # with one more term required (an injection may rotate its wording between requests).
    min_added = _MIN_ADDED_TERMS + (1 if _already_gambling(browser) else 0)
    content = (
        bool(new_domains)
        or (seen.title_gambling and not browser.title_gambling)
        or (len(added) >= min_added and seen.discussion <= browser.discussion)
    )
    if content:
        term = added[0] if added else ""
        snip, match = snippet(seen.text, term)
        urls = [u for u in seen.link_urls if registered_domain(host_of(u)) in new_domains]
        detail = Message.of(
            "detail.cloak_content",
            **seen_by,
            terms=", ".join(added[:_MAX_LIST]) or "-",
            domains=", ".join(new_domains[:_MAX_LIST]) or "-",
        )
        ev = Evidence(
            url=url,
            snippet=snip,
            match=match,
            profile=name,
            targets=tuple(u[:500] for u in urls[:_MAX_LIST]),
            detail=english(detail)[:500],
            message=detail,
        )
        findings.append(
            finding(
                category=Category.GAMBLING,
                technique=technique,
                severity=Severity.HIGH,
                confidence=confidence,
                url=url,
                message=Message.of("finding.cloak_content", who=who),
                evidence=(ev,),
                signature_ids=sorted(seen.ids),
                target_domain=new_domains[0] if new_domains else "",
            )
        )
    return findings


def _title(obs: Observation) -> str:
    """The title an observation saw ('' without a view), bounded for evidence."""
    return (obs.view.title if obs.view is not None else "")[:120]


def _went(browser: _Profile, obs: Observation) -> Message:
    """Where the browser went instead: its redirects, its final URL, or its fetch error."""
    if browser.redirect_urls:
        return Message.of("cloak_went.url", url=", ".join(browser.redirect_urls)[:200])
    if obs.fetch.error is not None:
        return Message.of("cloak_went.error", kind=obs.fetch.error.kind)
    return Message.of("cloak_went.url", url=obs.fetch.final_url[:200])
