"""Stage 8, notify: who gets what (``policy``, pure functions) apart from how it is sent.

- ``policy``  the email policy: which ``OutgoingMessage`` goes to whom, and when
- ``smtp``    ``SmtpTransport``, the SMTP ``Mailer``
- ``chat``    the chat policy and the short message (same decision as email), per channel
- ``apprise`` ``AppriseSender``, the ``ChannelSender`` of Apprise URLs (optional dependency)

``Mailer`` and ``ChannelSender`` are the seams: the library API takes any object with
``send``, so tests pass in-memory fakes and the CLI passes the SMTP and Apprise ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from scanner.notify.chat import Channel, ChatMessage
from scanner.notify.policy import (
    MAX_SUBJECT,
    Attachment,
    MailScale,
    OutgoingMessage,
    PendingNews,
    clean_header,
    contact_addresses,
    missing_email_settings,
    parse_recipients,
    plan_messages,
    valid_address,
)


class NotifyLedger(Protocol):
    """What was notified (the state DB's ``Store``): news stays pending until delivered."""

    def pending_news(self, incident_ids: Iterable[str], audience: str = "team") -> frozenset[str]:
        """Those of ``incident_ids`` whose latest news ``audience`` has not received."""

    def mark_notified(
        self, incident_ids: Iterable[str], audience: str = "team", scan_id: int | None = None
    ) -> None:
        """Record that ``audience`` received the news of ``incident_ids``."""


class Mailer(Protocol):
    """Sends one message or raises ``NotifyError`` with the reason (never a password)."""

    def send(self, message: OutgoingMessage) -> None:
        """Deliver ``message``."""


class ChannelSender(Protocol):
    """Sends one chat message to one channel or raises ``NotifyError`` naming the channel
    (``Channel.label``), never its URL."""

    def send(self, channel: Channel, message: ChatMessage) -> None:
        """Deliver ``message`` to ``channel``."""


__all__ = [
    "MAX_SUBJECT",
    "Attachment",
    "Channel",
    "ChannelSender",
    "ChatMessage",
    "MailScale",
    "Mailer",
    "NotifyLedger",
    "OutgoingMessage",
    "PendingNews",
    "clean_header",
    "contact_addresses",
    "missing_email_settings",
    "parse_recipients",
    "plan_messages",
    "valid_address",
]
