"""Who gets which email when: the notification policy, as pure functions (no I/O).

Deciding what to send is kept apart from sending it (``scanner.notify.smtp``), so the policy is
tested without a mail server and the transport without a scan.

Policy (``email.policy``):

* ``on-new`` (default): the team gets the report only when there is news: an open incident the
  team has not been told of (new in this scan, or new earlier but its email failed; the
  state DB records what was delivered, ``scanner.store.notified``);
* ``always``: the team gets the report after every scan (an all-clear when nothing is open);
* ``never``: no email (``force=True``, e.g. ``scanner notify --force``, overrides the policy).

``email.all_clear`` adds a short all-clear when nothing is open, so a silent night can be told
apart from a broken cron. ``email.notify_contacts`` also sends each site's contact (from
sites.csv) the incidents of their own site only, under the same policy, never an all-clear.

A scan that checked nothing (every site unreachable) always warns the team, whatever the
policy short of ``never``: a blind monitor must not look like a quiet night. A scan that checked
nothing or did not finish never says "all clear": its subject and first line say so instead.

The mail form of the report fits mail clients: hostile URLs are defanged, and when the HTML
would pass Gmail's ~102 KB clipping once its CSS is inlined, the body carries the summary and
the full report (HTML) and the scan (JSON) are attached. Above ``report.summarise_above``
sites (a national scan) the mail is summarised per province and owner like the report, and the
JSON (25 MB at 40k sites) is not attached: the mail says where it is (``--json`` path, and the
``scanner report`` command that writes it), so a message stays well under Gmail's 25 MB and
is never built whole in memory.

Acknowledged and snoozed incidents never trigger an email. Site names come from the inventory
and page titles may leak into summaries, so every header value is cleaned of CR/LF and control
characters and every address is validated: no header injection is possible.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from email.utils import parseaddr

from markupsafe import escape

from scanner.config import EmailSettings
from scanner.errors import NotifyError
from scanner.models import Change, Incident, IncidentStatus, ScanResult, Severity, SiteResult
from scanner.report import MailForm, coverage, render_html, render_report, render_text, translator
from scanner.report.build import coverage_alerts
from scanner.report.clock import DEFAULT_TIMEZONE, fmt_time, zone
from scanner.report.inline import inlined_size
from scanner.report.national import SUMMARISE_ABOVE

MAX_SUBJECT = 200
MAIL_HTML_BUDGET = 90 * 1024
"""Bytes of inlined HTML a mail body may have: under Gmail's ~102 KB clipping, with room for
the transfer encoding."""
SUMMARY_FORMS = (
    (40, None, None),
    (10, None, None),
    (0, None, None),
    (0, 50, None),
    (0, 20, None),
    (0, 5, None),
    (0, 5, 30),
    (0, 5, 10),
    (0, 5, 0),
)
"""(one-line incidents, affected-site rows, owner rows of a national summary) the summary
form tries, longest first: at 40k sites the 38 provinces and 100 owners alone, CSS inlined,
are ~250 KB, so a national mail cuts the owners table to fit."""
_ADDRESS = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
_FIND_ADDRESS = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_HEADER_UNSAFE = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file attached to an email (the full report or the scan's JSON)."""

    filename: str
    content: str
    mime_type: str


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """One email to send: who to, the subject and both bodies (HTML not yet CSS-inlined).

    ``kind`` says why it is sent (``report``, ``all_clear``, ``not_checked``, ``incomplete``
    or ``contact``) for logs and tests.
    """

    recipients: tuple[str, ...]
    subject: str
    text: str
    html: str
    kind: str = "report"
    attachments: tuple[Attachment, ...] = ()
    audience: str = "team"
    """Who this is for in the notification ledger: ``team`` or ``contact:<site url>``."""
    news: tuple[str, ...] = ()
    """The incidents whose news this message delivers: recorded as notified once it is sent."""


@dataclass(frozen=True, slots=True)
class PendingNews:
    """Incident ids whose news an audience has not received yet (from the state DB).

    ``team`` for the team's report; ``contacts`` per site URL for ``email.notify_contacts``.
    A site missing from ``contacts`` has nothing pending for its contact.
    """

    team: frozenset[str] = frozenset()
    contacts: Mapping[str, frozenset[str]] = field(default_factory=dict)


def clean_header(value: str, limit: int = MAX_SUBJECT) -> str:
    """``value`` safe for a mail header: CR/LF and control characters gone, length bounded."""
    flat = " ".join(_HEADER_UNSAFE.sub(" ", value).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def valid_address(address: str) -> bool:
    """Whether ``address`` is a plain ``local@domain`` address (no name, no CR/LF, no comma)."""
    return len(address) <= 254 and _ADDRESS.fullmatch(address) is not None


def parse_recipients(values: Iterable[str], where: str = "email.to") -> tuple[str, ...]:
    """Configured recipients as bare addresses (``Name <a@b>`` accepted), de-duplicated.

    An invalid configured address is a configuration mistake: ``NotifyError`` names it.
    """
    out: list[str] = []
    for value in values:
        _name, address = parseaddr(value)
        if _HEADER_UNSAFE.search(value) or not valid_address(address):
            raise NotifyError(f"invalid email address in {where}: {value!r}")
        if address.lower() not in (a.lower() for a in out):
            out.append(address)
    return tuple(out)


def missing_email_settings(settings: EmailSettings) -> list[str]:
    """The settings ``--email`` needs that are unset or unusable, each with its variable.

    Empty when email can be sent: an SMTP host, a valid sender, and someone to send to (the
    team's ``email.to``, or the sites' contacts with ``email.notify_contacts``).
    """
    missing: list[str] = []
    if not settings.host:
        missing.append("email.host (SCANNER_SMTP_HOST)")
    if not valid_address(parseaddr(settings.sender)[1]) or _HEADER_UNSAFE.search(settings.sender):
        state = f"{settings.sender!r} is not an address" if settings.sender else "not set"
        missing.append(f"email.sender (SCANNER_EMAIL_FROM): {state}")
    if not settings.to and not settings.notify_contacts:
        missing.append("email.to (SCANNER_EMAIL_TO) or email.notify_contacts")
    return missing


def contact_addresses(contact: str) -> tuple[str, ...]:
    """The valid addresses inside a free-text sites.csv contact; anything else is ignored."""
    found: list[str] = []
    for match in _FIND_ADDRESS.findall(contact):
        address = match.strip(".'")
        if valid_address(address) and address.lower() not in (a.lower() for a in found):
            found.append(address)
    return tuple(found)


def _open(site: SiteResult) -> list[Incident]:
    return [i for i in site.incidents if i.status is IncidentStatus.OPEN]


def _new(site: SiteResult) -> list[Incident]:
    return [i for i in _open(site) if i.change is Change.NEW]


def subject_line(scan: ScanResult, lang: str) -> str:
    """The one-line headline of ``scan`` (an email's subject, a chat message's title)."""
    _ = translator(lang)
    cov = coverage(scan)
    suffix = "" if cov.complete else _("email.subject.incomplete_suffix")
    new = [(s, i) for s in scan.sites for i in _new(s)]
    if new:
        sites = len({id(s) for s, _i in new})
        critical = sum(1 for _s, i in new if i.severity is Severity.CRITICAL)
        params = {
            "incidents": _.plural("count.new_incidents", len(new)),
            "sites": _.plural("count.sites", sites),
        }
        if critical:
            return _("email.subject.new_critical", critical=critical, **params) + suffix
        return _("email.subject.new", **params) + suffix
    open_ = [(s, i) for s in scan.sites for i in _open(s)]
    if open_:
        return _(
            "email.subject.open",
            incidents=_.plural("count.open_incidents", len(open_)),
            sites=_.plural("count.sites", len({id(s) for s, _i in open_})),
        ) + suffix
    if cov.nothing_checked:
        return _("email.subject.not_checked", sites=_.plural("count.sites", cov.sites))
    if not cov.complete:
        return _("email.subject.incomplete", checked=cov.checked, total=cov.sites)
    return _("email.subject.all_clear", sites=_.plural("count.sites", len(scan.sites)))


@dataclass(frozen=True, slots=True)
class MailScale:
    """How big a scan the mail is for: above ``summarise_above`` sites the report is summarised
    per province and owner and the JSON is left out, pointing at ``json_path`` (``--json``,
    where the finish step wrote it) and the command that writes it."""

    summarise_above: int = SUMMARISE_ABOVE
    json_path: str = ""

    def national(self, scan: ScanResult) -> bool:
        """True when ``scan`` has more sites than a mail attaches the JSON of."""
        return len(scan.sites) > self.summarise_above

    def json_where(self, scan: ScanResult) -> str:
        """Where the JSON left out of the mail is (a path and a command: not translated)."""
        command = f"scanner report --scan {scan.id} --format json -o scan-{scan.id}.json"
        return f"{self.json_path}; {command}" if self.json_path else command


@dataclass(frozen=True, slots=True)
class _Bodies:
    """Both bodies of one email and what is attached when the HTML would be clipped."""

    text: str
    html: str
    attachments: tuple[Attachment, ...] = ()


def _bodies(
    scan: ScanResult, lang: str, tz: str | None, scale: MailScale = MailScale()
) -> _Bodies:
    """The mail form of the report: whole when it fits a mail client, else its summary.

    The text part opens with the coverage warnings (a scan that checked nothing or did not
    finish), so a reader who sees only the first line is not misled.
    """
    _ = translator(lang)
    above = scale.summarise_above
    html = render_html(scan, lang, tz=tz, mail=MailForm(), summarise_above=above)
    attachments: tuple[Attachment, ...] = ()
    form = MailForm()
    if inlined_size(html) > MAIL_HTML_BUDGET:
        report = Attachment(f"scan-{scan.id}.html", html, "text/html")
        json_where = ""
        if scale.national(scan):  # the JSON would be tens of MB: say where it is instead
            attachments = (report,)
            json_where = scale.json_where(scan)
        else:
            data = render_report(scan, "json")
            attachments = (Attachment(f"scan-{scan.id}.json", data, "application/json"), report)
        names = tuple(a.filename for a in attachments)
        for brief, sites, owners in SUMMARY_FORMS:
            form = MailForm(
                summary_only=True,
                attachments=names,
                brief_limit=brief,
                sites_limit=sites,
                json_where=json_where,
                owners_limit=owners,
            )
            html = render_html(scan, lang, tz=tz, mail=form, summarise_above=above)
            if inlined_size(html) <= MAIL_HTML_BUDGET:
                break
    text = render_text(scan, lang, tz=tz, mail=form, summarise_above=above)
    warnings = [_("email.warning", text=a) for a in coverage_alerts(scan, _)]
    if warnings:
        text = "\n".join(warnings) + "\n\n" + text
    return _Bodies(text, html, attachments)


def _report(
    scan: ScanResult,
    recipients: tuple[str, ...],
    lang: str,
    tz: str | None,
    kind: str = "report",
    scale: MailScale = MailScale(),
) -> OutgoingMessage:
    bodies = _bodies(scan, lang, tz, scale)
    return OutgoingMessage(
        recipients=recipients,
        subject=clean_header(subject_line(scan, lang)),
        text=bodies.text,
        html=bodies.html,
        kind=kind,
        attachments=bodies.attachments,
        news=tuple(i.id for s in scan.sites for i in _open(s)),
    )


def _all_clear(
    scan: ScanResult,
    recipients: tuple[str, ...],
    lang: str,
    tz: str | None,
    scale: MailScale = MailScale(),
) -> OutgoingMessage:
    """The short all-clear; a scan that did not finish gets its warning report instead."""
    if not coverage(scan).trustworthy:
        return _report(scan, recipients, lang, tz, kind="incomplete", scale=scale)
    _ = translator(lang)
    lines = [
        _(
            "email.all_clear.body",
            id=scan.id,
            time=fmt_time(scan.started, _, zone(tz or DEFAULT_TIMEZONE)),
            sites=_.plural("count.sites", len(scan.sites)),
        )
    ]
    unreachable = sum(1 for s in scan.sites if s.status != "ok")
    if unreachable:
        lines.append(_("email.all_clear.unreachable", n=unreachable))
    return OutgoingMessage(
        recipients=recipients,
        subject=clean_header(subject_line(scan, lang)),
        text="\n\n".join(lines) + "\n",
        html=_bodies(scan, lang, tz, scale).html,
        kind="all_clear",
    )


def _for_contact(
    scan: ScanResult,
    site: SiteResult,
    recipients: tuple[str, ...],
    lang: str,
    tz: str | None,
    scale: MailScale = MailScale(),
) -> OutgoingMessage:
    """The report of ``site`` alone, with a line saying why the contact receives it."""
    _ = translator(lang)
    own = replace(scan, sites=(site,))
    name = clean_header(site.site.name or site.site.host, 80)
    new = _new(site)
    count = (
        _.plural("count.new_incidents", len(new))
        if new
        else _.plural("count.open_incidents", len(_open(site)))
    )
    intro = _("email.contact_intro", site=name)
    bodies = _bodies(own, lang, tz, scale)
    # The intro is our text around an inventory value: escaped, then placed after <body>.
    html = bodies.html.replace("<body>", f'<body>\n<p class="intro">{escape(intro)}</p>', 1)
    return OutgoingMessage(
        recipients=recipients,
        subject=clean_header(_("email.subject.site", incidents=count, site=name)),
        text=intro + "\n\n" + bodies.text,
        html=html,
        kind="contact",
        attachments=bodies.attachments,
        audience=f"contact:{site.site.url}",
        news=tuple(i.id for i in _open(site)),
    )


def team_decision(
    scan: ScanResult,
    policy: str,
    all_clear: bool,
    force: bool = False,
    pending: frozenset[str] | None = None,
) -> str | None:
    """What an audience that follows every site of ``scan`` gets under ``policy``, or None.

    ``report`` (there is news, or something is open under ``always``/``force``),
    ``not_checked`` (nothing open, but the scan checked nothing: always said, short of
    ``never``), ``incomplete`` (nothing open, an all-clear was due, but the scan did not finish:
    never an all-clear) or ``all_clear``. ``pending`` (the ledger's ids this audience has not
    heard of) makes those open incidents news; without it news is ``change=new``. Email and
    the chat channels (``scanner.notify.chat``) share this one decision.
    """
    if policy == "never" and not force:
        return None
    sends_always = force or policy == "always"
    has_open = any(_open(s) for s in scan.sites)
    if pending is None:
        has_new = any(_new(s) for s in scan.sites)
    else:
        has_new = any(i.id in pending for s in scan.sites for i in _open(s))
    if has_new or (has_open and sends_always):
        return "report"
    if has_open:
        return None
    if coverage(scan).nothing_checked:
        return "not_checked"
    if all_clear or sends_always:
        return "all_clear" if coverage(scan).trustworthy else "incomplete"
    return None


def plan_messages(
    scan: ScanResult,
    settings: EmailSettings,
    lang: str,
    force: bool = False,
    *,
    tz: str | None = None,
    pending: PendingNews | None = None,
    scale: MailScale = MailScale(),
) -> list[OutgoingMessage]:
    """The emails this scan calls for under ``settings`` (see the module docstring).

    Times are shown in ``tz`` (``report.timezone``; Asia/Jakarta when None). ``force`` sends
    the team's report (or all-clear) whatever the policy. ``pending`` (from the state DB's
    notification ledger) makes "news" every open incident an audience has not heard of yet,
    so news whose email failed is sent by a later scan; without it news is ``change=new``.
    ``scale`` (``report.summarise_above``, the ``--json`` path) shapes a national scan's mail.
    Raises
    ``NotifyError`` for an invalid configured recipient; invalid contact addresses from the
    inventory are skipped (inventory data, not configuration).
    """
    if settings.policy == "never" and not force:
        return []
    team = parse_recipients(settings.to)
    sends_always = force or settings.policy == "always"
    messages: list[OutgoingMessage] = []
    decision = team_decision(
        scan, settings.policy, settings.all_clear, force, None if pending is None else pending.team
    )
    if team and decision == "all_clear":
        messages.append(_all_clear(scan, team, lang, tz, scale))
    elif team and decision is not None:
        messages.append(_report(scan, team, lang, tz, kind=decision, scale=scale))
    if settings.notify_contacts:
        for site in scan.sites:
            recipients = contact_addresses(site.site.contact)
            if pending is None:
                news = bool(_new(site))
            else:
                told = pending.contacts.get(site.site.url, frozenset())
                news = any(i.id in told for i in _open(site))
            if recipients and (news or (_open(site) and sends_always)):
                messages.append(_for_contact(scan, site, recipients, lang, tz, scale))
    return messages
