"""Apprise transport: sends a ChatMessage to one channel (Telegram, Slack, Discord, Teams, a
JSON webhook... any Apprise URL). Kept apart from who-gets-what (``scanner.notify.chat``).

Apprise is an optional dependency (``pip install 'scanner[apprise]'``): it brings requests,
Markdown and OAuth libraries that a mail-only installation does not need. It is imported when
a message is sent (or when ``require_apprise`` checks before a scan), never at start-up.

Secrets: an Apprise URL holds the service's token. While Apprise works, a logging filter on
its logger (and urllib3's, whose debug lines print request paths such as Telegram's
``/bot<token>/sendMessage``) replaces the URL and every run of 6+ URL characters in it with
``***``: Apprise's own privacy form shows a webhook's path, which often is the secret, so
nothing of the URL is trusted as public. Errors name the channel by ``Channel.label``
(``team#1 (tgram)``), never by URL. Persistent storage is kept in memory, so
nothing is written to the service user's home.

Synchronous (Apprise and requests are); async callers run ``send`` in a thread.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

from scanner.errors import ConfigError, NotifyError
from scanner.models import Severity
from scanner.notify.chat import Channel, ChatMessage

log = logging.getLogger(__name__)

INSTALL_HINT = "pip install 'scanner[apprise]'"
_TOKEN = re.compile(r"[A-Za-z0-9_%+=~-]{6,}")
_LOGGERS = ("apprise", "urllib3.connectionpool", "urllib3.util.retry")
"""The loggers that see a channel's URL while it is sent (filters apply per logger)."""


def require_apprise() -> ModuleType:
    """The ``apprise`` module, or a ConfigError (exit 2) saying how to install it."""
    try:
        import apprise
    except ImportError as exc:
        raise ConfigError(
            f"the Apprise channels (apprise.*) need the apprise package: {INSTALL_HINT}"
        ) from exc
    return apprise


class AppriseSender:
    """Sends chat messages through Apprise, one channel per call (``ChannelSender``)."""

    def send(self, channel: Channel, message: ChatMessage) -> None:
        """Deliver ``message`` to ``channel``; ``NotifyError`` naming the channel (not its
        URL) with Apprise's reason on failure."""
        apprise = require_apprise()
        secrets = _parts(channel.url)
        with _scrubbed(secrets) as reasons:
            try:
                client = apprise.Apprise(asset=apprise.AppriseAsset(storage_mode="memory"))
                added = client.add(channel.url)
                ok = added and client.notify(
                    body=message.body,
                    title=message.title,
                    body_format=_format(apprise, message.format),
                    notify_type=_type(apprise, message),
                )
            except Exception as exc:  # a bug in a plugin fails this channel, not the others
                raise self._error(channel, f"{type(exc).__name__}: {exc}", secrets) from None
        if not added:
            raise self._error(
                channel, "Apprise cannot use this URL (unknown service or a missing field)", secrets
            )
        if not ok:
            raise self._error(channel, reasons[-1] if reasons else "delivery failed", secrets)
        log.info("%s message %r sent to %s", "chat", message.kind, channel.label)

    def _error(self, channel: Channel, reason: str, secrets: list[str]) -> NotifyError:
        message = scrub(f"cannot notify {channel.label}: {reason}", secrets)
        log.error("%s", message)
        return NotifyError(message)


def _format(apprise: ModuleType, name: str) -> Any:
    return apprise.NotifyFormat.MARKDOWN if name == "markdown" else apprise.NotifyFormat.TEXT


def _type(apprise: ModuleType, message: ChatMessage) -> Any:
    """Apprise's message type: the colour or icon a service shows."""
    if message.kind in ("not_checked", "incomplete"):
        return apprise.NotifyType.WARNING
    if message.severity is None:
        quiet = message.kind == "all_clear"
        return apprise.NotifyType.SUCCESS if quiet else apprise.NotifyType.INFO
    if message.severity.rank >= Severity.HIGH.rank:
        return apprise.NotifyType.FAILURE
    return apprise.NotifyType.WARNING


def _parts(url: str) -> list[str]:
    """The URL, what follows its scheme, and each run of 6+ URL characters in it, longest
    first (a longer secret is replaced before a part of it)."""
    rest = url.partition("://")[2]
    return sorted({url, rest, *_TOKEN.findall(rest)}, key=len, reverse=True)


def scrub(text: str, secrets: list[str]) -> str:
    """``text`` with every secret replaced by ``***``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


class _Scrub(logging.Filter):
    """Rewrites log records without the channel's secrets; keeps Apprise's warnings (the
    reason a delivery failed)."""

    def __init__(self, secrets: list[str], reasons: list[str]) -> None:
        super().__init__()
        self.secrets = secrets
        self.reasons = reasons

    def filter(self, record: logging.LogRecord) -> bool:
        text = scrub(record.getMessage(), self.secrets)
        record.msg, record.args = text, None
        if record.levelno >= logging.WARNING and record.name == "apprise":
            self.reasons.append(text)
        return True


@contextmanager
def _scrubbed(secrets: list[str]) -> Iterator[list[str]]:
    """While Apprise works: its log records scrubbed; yields its warnings (the reasons)."""
    reasons: list[str] = []
    guard = _Scrub(secrets, reasons)
    loggers = [logging.getLogger(name) for name in _LOGGERS]
    for logger in loggers:
        logger.addFilter(guard)
    try:
        yield reasons
    finally:
        for logger in loggers:
            logger.removeFilter(guard)


__all__ = ["INSTALL_HINT", "AppriseSender", "require_apprise", "scrub"]
