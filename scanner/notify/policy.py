"""Who gets which email when: the notification policy, as pure functions (no I/O).

Deciding what to send is kept apart from sending it (``scanner.notify.smtp``), so the policy is
tested without a mail server and the transport without a scan.

Policy (``email.policy``):

* ``on-new`` (default): the team gets the report only when this scan found NEW incidents;
* ``always``: the team gets the report after every scan (an all-clear when nothing is open);
* ``never``: no email (``force=True``, e.g. ``scanner notify --force``, overrides the policy).

``email.all_clear`` adds a short all-clear when nothing is open, so a silent night can be told
apart from a broken cron. ``email.notify_contacts`` also sends each site's contact (from
sites.csv) the incidents of their own site only, under the same policy, never an all-clear.

Acknowledged and snoozed incidents never trigger an email. Site names come from the inventory
and page titles may leak into summaries, so every header value is cleaned of CR/LF and control
characters and every address is validated: no header injection is possible.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from email.utils import parseaddr

from markupsafe import escape

from scanner.config import EmailSettings
from scanner.errors import NotifyError
from scanner.models import Change, Incident, IncidentStatus, ScanResult, Severity, SiteResult
from scanner.report import render_html, render_text, translator
from scanner.report.view import fmt_time

MAX_SUBJECT = 200
_ADDRESS = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
_FIND_ADDRESS = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_HEADER_UNSAFE = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """One email to send: who to, the subject and both bodies (HTML not yet CSS-inlined).

    ``kind`` says why it is sent (``report``, ``all_clear`` or ``contact``) for logs and tests.
    """

    recipients: tuple[str, ...]
    subject: str
    text: str
    html: str
    kind: str = "report"


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


def _subject(scan: ScanResult, lang: str) -> str:
    _ = translator(lang)
    new = [(s, i) for s in scan.sites for i in _new(s)]
    if new:
        sites = len({id(s) for s, _i in new})
        critical = sum(1 for _s, i in new if i.severity is Severity.CRITICAL)
        params = {
            "incidents": _.plural("count.new_incidents", len(new)),
            "sites": _.plural("count.sites", sites),
        }
        if critical:
            return _("email.subject.new_critical", critical=critical, **params)
        return _("email.subject.new", **params)
    open_ = [(s, i) for s in scan.sites for i in _open(s)]
    if open_:
        return _(
            "email.subject.open",
            incidents=_.plural("count.open_incidents", len(open_)),
            sites=_.plural("count.sites", len({id(s) for s, _i in open_})),
        )
    return _("email.subject.all_clear", sites=_.plural("count.sites", len(scan.sites)))


def _report(scan: ScanResult, recipients: tuple[str, ...], lang: str) -> OutgoingMessage:
    return OutgoingMessage(
        recipients=recipients,
        subject=clean_header(_subject(scan, lang)),
        text=render_text(scan, lang),
        html=render_html(scan, lang),
    )


def _all_clear(scan: ScanResult, recipients: tuple[str, ...], lang: str) -> OutgoingMessage:
    _ = translator(lang)
    lines = [
        _(
            "email.all_clear.body",
            id=scan.id,
            time=fmt_time(scan.started, _),
            sites=_.plural("count.sites", len(scan.sites)),
        )
    ]
    unreachable = sum(1 for s in scan.sites if s.status != "ok")
    if unreachable:
        lines.append(_("email.all_clear.unreachable", n=unreachable))
    return OutgoingMessage(
        recipients=recipients,
        subject=clean_header(_subject(scan, lang)),
        text="\n\n".join(lines) + "\n",
        html=render_html(scan, lang),
        kind="all_clear",
    )


def _for_contact(
    scan: ScanResult, site: SiteResult, recipients: tuple[str, ...], lang: str
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
    html = render_html(own, lang)
    # The intro is our text around an inventory value: escaped, then placed after <body>.
    html = html.replace("<body>", f'<body>\n<p class="intro">{escape(intro)}</p>', 1)
    return OutgoingMessage(
        recipients=recipients,
        subject=clean_header(_("email.subject.site", incidents=count, site=name)),
        text=intro + "\n\n" + render_text(own, lang),
        html=html,
        kind="contact",
    )


def plan_messages(
    scan: ScanResult, settings: EmailSettings, lang: str, force: bool = False
) -> list[OutgoingMessage]:
    """The emails this scan calls for under ``settings`` (see the module docstring).

    ``force`` sends the team's report (or all-clear) whatever the policy. Raises
    ``NotifyError`` for an invalid configured recipient; invalid contact addresses from the
    inventory are skipped (inventory data, not configuration).
    """
    if settings.policy == "never" and not force:
        return []
    team = parse_recipients(settings.to)
    sends_always = force or settings.policy == "always"
    has_open = any(_open(s) for s in scan.sites)
    has_new = any(_new(s) for s in scan.sites)
    messages: list[OutgoingMessage] = []
    if team:
        if has_new or (has_open and sends_always):
            messages.append(_report(scan, team, lang))
        elif not has_open and (settings.all_clear or sends_always):
            messages.append(_all_clear(scan, team, lang))
    if settings.notify_contacts:
        for site in scan.sites:
            recipients = contact_addresses(site.site.contact)
            if recipients and (_new(site) or (_open(site) and sends_always)):
                messages.append(_for_contact(scan, site, recipients, lang))
    return messages
