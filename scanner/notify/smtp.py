"""SMTP transport: turns an OutgoingMessage into a MIME email and hands it to the server.

Kept apart from ``scanner.notify`` (who gets what): this module only knows how to send. It is
synchronous on purpose (stdlib ``smtplib``); async callers run ``send`` in a thread.

The HTML part gets its CSS inlined (``css_inline``) because many mail clients drop ``<style>``;
``@media`` rules are kept so phones still get the stacked layout where the client allows it.
The password is never put in a message, a log line or an exception: server replies are
scrubbed of it (and of its base64 form) before they are reported.
"""

from __future__ import annotations

import base64
import logging
import smtplib
import socket
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from scanner.config import EmailSettings
from scanner.errors import NotifyError
from scanner.notify.policy import OutgoingMessage, clean_header, parse_recipients
from scanner.report.inline import inline_css

log = logging.getLogger(__name__)

__all__ = ["SmtpTransport", "inline_css"]


class SmtpTransport:
    """Sends OutgoingMessages through one SMTP server (``email.*`` settings).

    ``security`` is ``starttls`` (upgrade a plain connection, usually port 587), ``ssl``
    (implicit TLS, usually 465) or ``none`` (plain, for a local relay). ``ssl_context`` lets
    tests trust a self-signed certificate; the default verifies certificates.
    """

    def __init__(self, settings: EmailSettings, ssl_context: ssl.SSLContext | None = None) -> None:
        """Keep the settings; nothing connects until ``send``."""
        self.settings = settings
        self._context = ssl_context

    @property
    def where(self) -> str:
        """``host:port`` for messages and logs."""
        return f"{self.settings.host}:{self.settings.port}"

    def build(self, msg: OutgoingMessage) -> EmailMessage:
        """The MIME message: multipart/alternative with text/plain and CSS-inlined text/html."""
        recipients = parse_recipients(msg.recipients, "recipients")
        (sender,) = parse_recipients((self.settings.sender,), "email.sender")
        if not recipients:
            raise NotifyError("email has no recipients")
        mime = EmailMessage()
        try:
            mime["Subject"] = clean_header(msg.subject)
            mime["From"] = sender
            mime["To"] = ", ".join(recipients)
            mime["Date"] = formatdate(localtime=True)
            mime["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
            mime["Auto-Submitted"] = "auto-generated"
            mime.set_content(msg.text)
            mime.add_alternative(inline_css(msg.html), subtype="html")
            for item in msg.attachments:
                maintype, _sep, subtype = item.mime_type.partition("/")
                mime.add_attachment(
                    item.content.encode("utf-8"),
                    maintype=maintype,
                    subtype=subtype,
                    filename=item.filename,
                )
        except ValueError as exc:  # a header the email package refuses (defence in depth)
            raise NotifyError(f"cannot build email: {exc}") from exc
        return mime

    def send(self, msg: OutgoingMessage) -> None:
        """Send ``msg``; ``NotifyError`` with host:port and the server's reason on failure."""
        s = self.settings
        if not s.host:
            raise NotifyError("email.host is not set: cannot send email")
        mime = self.build(msg)
        recipients = list(parse_recipients(msg.recipients, "recipients"))
        try:
            with self._connect() as smtp:
                if s.user:
                    smtp.login(s.user, s.password)
                refused = smtp.send_message(mime, from_addr=mime["From"], to_addrs=recipients)
        except smtplib.SMTPRecipientsRefused as exc:
            raise self._error(f"every recipient was refused: {_refusals(exc.recipients)}") from None
        except smtplib.SMTPResponseException as exc:
            raise self._error(f"{exc.smtp_code} {_text(exc.smtp_error)}") from None
        except smtplib.SMTPNotSupportedError as exc:
            raise self._error(f"not supported by the server: {exc}") from None
        except (smtplib.SMTPException, ssl.SSLError, OSError) as exc:
            raise self._error(f"{type(exc).__name__}: {exc}") from None
        if refused:
            log.warning("email via %s: some recipients refused: %s", self.where, _refusals(refused))
        log.info("email %r sent to %d recipient(s) via %s", msg.kind, len(recipients), self.where)

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        context = self._context or ssl.create_default_context()
        local = socket.gethostname() or "localhost"  # avoid getfqdn(): a slow DNS lookup
        if s.security == "ssl":
            return smtplib.SMTP_SSL(
                s.host, s.port, local_hostname=local, timeout=s.timeout, context=context
            )
        smtp = smtplib.SMTP(s.host, s.port, local_hostname=local, timeout=s.timeout)
        try:
            if s.security == "starttls":
                smtp.ehlo()
                smtp.starttls(context=context)
                smtp.ehlo()
        except BaseException:
            smtp.close()
            raise
        return smtp

    def _error(self, reason: str) -> NotifyError:
        """A NotifyError naming the server, with the password scrubbed from the reason."""
        message = f"cannot send email via {self.where}: {reason}"
        log.error("%s", _scrub(message, self.settings))
        return NotifyError(_scrub(message, self.settings))


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _refusals(recipients: dict[str, tuple[int, bytes]]) -> str:
    return "; ".join(f"{r}: {code} {_text(err)}" for r, (code, err) in recipients.items())


def _scrub(text: str, settings: EmailSettings) -> str:
    """``text`` without the password or the base64 forms SMTP AUTH would have carried."""
    secret = settings.password
    if not secret:
        return text
    forms = {
        secret,
        base64.b64encode(secret.encode()).decode(),
        base64.b64encode(f"\0{settings.user}\0{secret}".encode()).decode(),
    }
    for form in sorted(forms, key=len, reverse=True):
        text = text.replace(form, "***")
    return text
