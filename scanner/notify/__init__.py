"""Stage 8, notify: who gets what (``policy``, pure functions) apart from how it is sent.

- ``policy``  the email policy: which ``OutgoingMessage`` goes to whom, and when
- ``smtp``    ``SmtpTransport``, the SMTP ``Mailer``

``Mailer`` is the seam: the library API takes any object with ``send(message)``, so tests pass
an in-memory mailer and the CLI passes the SMTP one.
"""

from __future__ import annotations

from typing import Protocol

from scanner.notify.policy import (
    MAX_SUBJECT,
    Attachment,
    OutgoingMessage,
    clean_header,
    contact_addresses,
    parse_recipients,
    plan_messages,
    valid_address,
)


class Mailer(Protocol):
    """Sends one message or raises ``NotifyError`` with the reason (never a password)."""

    def send(self, message: OutgoingMessage) -> None:
        """Deliver ``message``."""


__all__ = [
    "MAX_SUBJECT",
    "Attachment",
    "Mailer",
    "OutgoingMessage",
    "clean_header",
    "contact_addresses",
    "parse_recipients",
    "plan_messages",
    "valid_address",
]
