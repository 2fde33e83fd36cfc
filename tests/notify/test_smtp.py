"""The SMTP transport against a real aiosmtpd server on 127.0.0.1."""

from __future__ import annotations

import base64
import logging
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from scanner.config import EmailSettings
from scanner.demo.sample import sample_scan
from scanner.errors import NotifyError
from scanner.notify import OutgoingMessage, plan_messages
from scanner.notify.smtp import SmtpTransport, inline_css
from scanner.report import render_html, render_text

PASSWORD = "Rahasia-Sekali-9f3b!"
USER = "scanner@diskominfo.contohkab.go.id"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Handler:
    """Collects delivered messages; can refuse one recipient address."""

    refuse: str = ""
    received: list[tuple[str, list[str], EmailMessage]] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address == self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = message_from_bytes(envelope.content, policy=default)
        assert isinstance(msg, EmailMessage)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), msg))
        return "250 Message accepted"


def authenticator(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login.decode() == USER
        and auth_data.password.decode() == PASSWORD
    )
    # handled=False: let aiosmtpd answer 535 itself (its default is handled=True)
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def smtpd() -> Iterator[tuple[Handler, int]]:
    handler = Handler(refuse="nobody@contohkab.go.id")
    port = free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticator,
        auth_require_tls=False,
        ready_timeout=5,
    )
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def settings(port: int, **kw: Any) -> EmailSettings:
    base: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": port,
        "security": "none",
        "user": USER,
        "password": PASSWORD,
        "sender": "scanner@diskominfo.contohkab.go.id",
        "to": ("csirt@diskominfo.contohkab.go.id", "kabid@diskominfo.contohkab.go.id"),
        "timeout": 5.0,
    }
    base.update(kw)
    return EmailSettings(**base)


def report_message(recipients: tuple[str, ...], subject: str = "[scanner] uji") -> OutgoingMessage:
    scan = sample_scan()
    return OutgoingMessage(recipients, subject, render_text(scan), render_html(scan))


def assert_no_secret(*texts: str) -> None:
    b64 = base64.b64encode(PASSWORD.encode()).decode()
    for text in texts:
        assert PASSWORD not in text and b64 not in text


def test_sends_multipart_alternative_with_inlined_css(
    smtpd: tuple[Handler, int], caplog: pytest.LogCaptureFixture
) -> None:
    handler, port = smtpd
    caplog.set_level(logging.DEBUG)
    s = settings(port)
    SmtpTransport(s).send(report_message(s.to, "[scanner] 4 insiden baru di 3 situs"))
    (mail_from, rcpts, msg) = handler.received[0]
    assert mail_from == s.sender
    assert rcpts == list(s.to)
    assert msg["To"] == ", ".join(s.to)
    assert msg["Subject"] == "[scanner] 4 insiden baru di 3 situs"
    assert msg.get_content_type() == "multipart/alternative"
    plain = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    assert plain is not None and html is not None
    assert "Laporan Integritas Situs Web" in plain.get_content()
    body = html.get_content()
    assert 'style="' in body and "<mark" in body
    assert "@media (max-width: 600px)" in body  # kept for phones
    assert_no_secret(caplog.text, msg.as_string())
    assert "127.0.0.1" in caplog.text  # the send was logged, without the secret


def test_every_planned_message_reaches_its_own_recipients(smtpd: tuple[Handler, int]) -> None:
    handler, port = smtpd
    s = settings(port, notify_contacts=True, policy="always")
    msgs = plan_messages(sample_scan(), s, "id")
    transport = SmtpTransport(s)
    for m in msgs:
        transport.send(m)
    got = {tuple(rcpts): msg["Subject"] for _f, rcpts, msg in handler.received}
    assert got[s.to].startswith("[scanner] 4 insiden baru di 3 situs")
    assert got[("budi.santoso@contohkab.go.id",)] == (
        "[scanner] 2 insiden baru di Dinas Kesehatan Kabupaten Contoh"
    )
    assert ("admin.web@disdik.contohprov.go.id",) in got


def test_wrong_password_raises_without_leaking_it(
    smtpd: tuple[Handler, int], caplog: pytest.LogCaptureFixture
) -> None:
    _handler, port = smtpd
    caplog.set_level(logging.DEBUG)
    wrong = "Salah-" + PASSWORD
    s = settings(port, password=wrong)
    with pytest.raises(NotifyError) as info:
        SmtpTransport(s).send(report_message(s.to))
    text = str(info.value)
    assert f"127.0.0.1:{port}" in text and "535" in text
    assert wrong not in text and wrong not in caplog.text
    assert info.value.__cause__ is None  # the smtplib error (with its args) is not chained
    assert_no_secret(text, caplog.text, repr(s))


def test_nothing_listening_raises_with_host_and_port(caplog: pytest.LogCaptureFixture) -> None:
    port = free_port()
    s = settings(port)
    with pytest.raises(NotifyError, match=f"127.0.0.1:{port}") as info:
        SmtpTransport(s).send(report_message(s.to))
    assert "refused" in str(info.value).lower()
    assert_no_secret(str(info.value), caplog.text)


def test_recipient_rejected_by_server(smtpd: tuple[Handler, int]) -> None:
    handler, port = smtpd
    s = settings(port)
    with pytest.raises(NotifyError, match="550") as info:
        SmtpTransport(s).send(report_message(("nobody@contohkab.go.id",)))
    assert "nobody@contohkab.go.id" in str(info.value)
    assert handler.received == []


def test_starttls_required_but_not_offered(smtpd: tuple[Handler, int]) -> None:
    _handler, port = smtpd
    s = settings(port, security="starttls")
    with pytest.raises(NotifyError, match=r"(?i)starttls"):
        SmtpTransport(s).send(report_message(s.to))


def test_header_injection_is_impossible(smtpd: tuple[Handler, int]) -> None:
    handler, port = smtpd
    s = settings(port)
    evil = report_message(s.to, "[scanner] Dinas\r\nBcc: victim@example.com\r\n\r\nbody")
    SmtpTransport(s).send(evil)
    (_f, rcpts, msg) = handler.received[0]
    assert rcpts == list(s.to) and msg["Bcc"] is None
    assert msg["Subject"] == "[scanner] Dinas Bcc: victim@example.com body"
    with pytest.raises(NotifyError, match="recipients"):
        SmtpTransport(s).send(report_message(("a@contohkab.go.id\r\nBcc: v@example.com",)))


def test_missing_host_is_a_clear_error() -> None:
    with pytest.raises(NotifyError, match=r"email\.host"):
        SmtpTransport(EmailSettings()).send(report_message(("a@contohkab.go.id",)))


def test_inline_css_moves_rules_into_attributes() -> None:
    out = inline_css("<html><head><style>p{color:red}</style></head><body><p>x</p></body></html>")
    assert '<p style="color: red;">' in out
