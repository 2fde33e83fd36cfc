"""Chat messages (Telegram, Slack, Discord, Teams, webhooks...): who gets what, and the text.

Pure functions, like ``scanner.notify.policy``, whose decision (``team_decision``) they share:
a channel gets a message when the team's email would, counted over the sites the channel
follows. How a message is sent is ``scanner.notify.apprise``.

Every configured URL is its own ``Channel`` with its own ledger audience
(``apprise:<target>:<digest of the URL>``), so a Telegram group whose message failed gets the
news again next scan while the Slack channel that got it is not told twice. The digest keeps
the URL's secret out of the state DB; a changed URL (a rotated token) is a new channel, told
of every open incident once.

A message is short: a title (the email's subject), the open incidents counted by severity,
the coverage warnings, up to ``apprise.max_incidents`` incidents (news first) as
"site: summary" in the report language, "and N more", and a link to the report
(``report.base_url``). Summaries quote scanned pages, so they are hostile: markup and control
characters removed, URLs and domains defanged (``hxxps://slot88[.]example``) so no client
links them, length bounded, and Markdown's special characters escaped in ``markdown`` form.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.parse import quote

from scanner.config_apprise import TEAM_TARGET, AppriseSettings, AppriseTarget
from scanner.models import Change, Incident, IncidentStatus, ScanResult, Severity, SiteResult
from scanner.notify.policy import subject_line, team_decision
from scanner.report import translator
from scanner.report.build import coverage_alerts
from scanner.report.defang import defang_text

MAX_SUMMARY = 160
"""Characters of one incident summary in a chat message."""
MAX_TITLE = 200
_TAG = re.compile(r"<[^>]{0,500}>")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_MARKDOWN = re.compile(r"([\\`*_\[\]()<>#!|~])")
"""What Markdown reads inside a line (emphasis, links, images, HTML, code, tables); a line of
ours always starts the line, so the line-start-only marks (``-``, ``+``, ``1.``) are left."""


@dataclass(frozen=True, slots=True)
class Channel:
    """One configured Apprise URL: the target it belongs to and its ledger audience.

    ``url`` holds a secret and is never shown (``repr=False``); logs and errors use ``label``.
    """

    target: str
    index: int
    url: str = ""

    @property
    def service(self) -> str:
        """The URL's scheme (``tgram``, ``slack``, ``json``): safe to show."""
        return self.url.partition("://")[0].lower()

    @property
    def label(self) -> str:
        """``team#1 (tgram)``: names the channel without its secret."""
        return f"{self.target}#{self.index} ({self.service})"

    @property
    def audience(self) -> str:
        """The channel's audience in the notification ledger (``scanner.store.notified``)."""
        digest = hashlib.sha256(self.url.encode("utf-8")).hexdigest()[:12]
        return f"apprise:{self.target}:{digest}"

    def __repr__(self) -> str:
        return f"Channel({self.label})"


@dataclass(frozen=True, slots=True)
class ChatMessage:
    """One short message: ``kind`` as for email (``report``, ``all_clear``, ``not_checked``,
    ``incomplete``), ``news`` the incidents whose news it delivers (recorded once sent)."""

    title: str
    body: str
    format: str = "text"
    kind: str = "report"
    severity: Severity | None = None
    """The highest severity open (None: nothing open), for the service's message type."""
    news: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ChatDelivery:
    """A message due to one channel."""

    channel: Channel
    message: ChatMessage


def channels(settings: AppriseSettings) -> list[tuple[AppriseTarget, Channel]]:
    """Every configured URL as a channel, with the target (the team's first) it belongs to."""
    team = AppriseTarget(TEAM_TARGET, settings.urls, policy=settings.policy)
    out: list[tuple[AppriseTarget, Channel]] = []
    for target in (team, *settings.targets):
        out += [(target, Channel(target.name, n, url)) for n, url in enumerate(target.urls, 1)]
    return out


def followed(scan: ScanResult, target: AppriseTarget) -> ScanResult:
    """``scan`` with the sites ``target`` follows (the team: every site)."""
    if target.name == TEAM_TARGET:
        return scan
    tags = {t.lower() for t in target.tags}
    owners = {o.lower() for o in target.owners}
    sites = tuple(
        s
        for s in scan.sites
        if tags & {t.lower() for t in s.site.tags} or s.site.owner.strip().lower() in owners
    )
    return replace(scan, sites=sites)


def open_ids(scan: ScanResult) -> list[str]:
    """The ids of ``scan``'s open incidents (what a channel's ledger is asked about)."""
    return [i.id for s in scan.sites for i in _open(s)]


def plan_chat(
    scan: ScanResult,
    settings: AppriseSettings,
    lang: str,
    *,
    link: str = "",
    force: bool = False,
    pending: Mapping[str, frozenset[str]] | None = None,
) -> list[ChatDelivery]:
    """The messages this scan calls for on every channel (see the module docstring).

    ``pending`` maps a channel's audience to the open incidents it has not heard of (the
    ledger); without it news is ``change=new``. A target's own ``policy`` overrides
    ``apprise.policy``; a target whose sites are not in this scan gets nothing.
    """
    deliveries: list[ChatDelivery] = []
    for target, channel in channels(settings):
        scope = followed(scan, target)
        if not scope.sites:
            continue
        told = None if pending is None else pending.get(channel.audience, frozenset())
        policy = target.policy or settings.policy
        decision = team_decision(scope, policy, settings.all_clear, force, told)
        if decision is not None:
            message = build_message(scope, decision, lang, settings, link=link, news=told)
            deliveries.append(ChatDelivery(channel, message))
    return deliveries


def build_message(
    scan: ScanResult,
    kind: str,
    lang: str,
    settings: AppriseSettings,
    *,
    link: str = "",
    news: frozenset[str] | None = None,
) -> ChatMessage:
    """The short message of ``scan`` (already narrowed to the channel's sites)."""
    _ = translator(lang)
    markdown = settings.format == "markdown"
    opened = [(s, i) for s in scan.sites for i in _open(s)]
    lines: list[str] = []
    if opened:
        counts = {sev: sum(1 for _s, i in opened if i.severity is sev) for sev in Severity}
        lines.append(
            " · ".join(
                f"{_.label('severity', sev.value)}: {n}"
                for sev, n in sorted(counts.items(), key=lambda kv: -kv[0].rank)
                if n
            )
        )
    lines += [_("email.warning", text=a) for a in coverage_alerts(scan, _)]
    if kind == "all_clear":
        unreachable = sum(1 for s in scan.sites if s.status != "ok")
        if unreachable:
            lines.append(_("email.all_clear.unreachable", n=unreachable))
    fresh = [(s, i) for s, i in opened if _is_news(i, news)]
    ordered = fresh + [(s, i) for s, i in opened if not _is_news(i, news)]
    shown = ordered[: settings.max_incidents]
    if shown:
        lines.append("")
    for site, incident in shown:
        name = clean(site.site.name or site.site.host, 60)
        summary = defang_text(clean(_.render_or(incident.message, incident.summary), MAX_SUMMARY))
        lines.append(f"- {_md(name, markdown)}: {_md(summary, markdown)}")
    if len(ordered) > len(shown):
        lines.append(_md(_("incident.more_targets", n=len(ordered) - len(shown)), markdown))
    if link:
        lines += ["", f"{_md(_('notify.report_link'), markdown)} {link}"]
    severity = max((i.severity for _s, i in opened), key=lambda s: s.rank, default=None)
    return ChatMessage(
        title=clean(subject_line(scan, lang), MAX_TITLE),
        body="\n".join(lines).strip("\n") + "\n",
        format=settings.format,
        kind=kind,
        severity=severity,
        news=tuple(i.id for _s, i in opened),
    )


def report_link(base_url: str, report_file: str) -> str:
    """``base_url`` joined with the report's file name (escaped), or "" without a base URL."""
    if not base_url or not report_file:
        return ""
    return base_url.rstrip("/") + "/" + quote(report_file)


def clean(text: str, limit: int) -> str:
    """``text`` as one plain line: markup and control characters removed, length bounded."""
    flat = " ".join(_CONTROL.sub(" ", _TAG.sub(" ", text)).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _md(text: str, markdown: bool) -> str:
    """``text`` with Markdown's special characters escaped (in ``markdown`` form only)."""
    return _MARKDOWN.sub(r"\\\1", text) if markdown else text


def _is_news(incident: Incident, news: frozenset[str] | None) -> bool:
    return incident.change is Change.NEW if news is None else incident.id in news


def _open(site: SiteResult) -> list[Incident]:
    return [i for i in site.incidents if i.status is IncidentStatus.OPEN]


__all__: Sequence[str] = (
    "Channel",
    "ChatDelivery",
    "ChatMessage",
    "build_message",
    "channels",
    "clean",
    "followed",
    "open_ids",
    "plan_chat",
    "report_link",
)
