"""Settings of the chat channels (``[apprise]`` in scanner.toml): records, parsing, checks.

Kept beside ``scanner.config`` (which imports it) because the ``targets`` table and the
``${VAR}`` expansion of URLs need more code than a plain setting, and config.py is long enough.

Apprise URLs carry secrets (a Telegram bot token, a Slack webhook path), so:

* no error message here ever echoes a URL: errors name the setting and the URL's position
  (``apprise.targets.jatim.urls[2]``);
* the URL fields are ``repr=False``: a logged or printed ``Settings`` shows none of them;
* ``${NAME}`` inside a URL is replaced from the environment when the settings are loaded, so
  ``scanner.toml`` (read by many) can hold ``tgram://${SCANNER_TELEGRAM_TOKEN}/-100123`` while
  the token lives in the service's root-owned 0600 environment file (docs/operations.md).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scanner.errors import ConfigError

TEAM_TARGET = "team"
"""The name of the target made of ``apprise.urls``: every site, the team's channels."""
POLICIES = ("always", "on-new", "never")
FORMATS = ("text", "markdown")
_TARGET_NAME = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]{0,30}://\S+$")
_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_TARGET_KEYS = ("urls", "tags", "owners", "policy")


@dataclass(frozen=True, slots=True)
class AppriseTarget:
    """A named group of channels for some sites only: those with one of ``tags`` (sites.csv
    ``tags``) or whose ``owner`` is one of ``owners`` (compared without case)."""

    name: str
    urls: tuple[str, ...] = field(default=(), repr=False)
    tags: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()
    policy: str = ""
    """``always`` | ``on-new`` | ``never``; empty: ``apprise.policy``."""


@dataclass(frozen=True, slots=True)
class AppriseSettings:
    """Chat channels through Apprise (``scanner[apprise]``): the team's and per-site targets.

    ``policy`` and ``all_clear`` mean what ``email.policy`` and ``email.all_clear`` mean.
    """

    urls: tuple[str, ...] = field(default=(), repr=False)
    """The team's channels (every site); SCANNER_APPRISE_URLS, separated by spaces."""
    policy: str = "on-new"
    all_clear: bool = False
    format: str = "text"
    """``text`` (Apprise escapes it for each service) or ``markdown``."""
    max_incidents: int = 5
    """Incidents listed in one message; the rest are "and N more"."""
    targets: tuple[AppriseTarget, ...] = ()

    @property
    def configured(self) -> bool:
        """Whether any channel is configured."""
        return bool(self.urls) or any(t.urls for t in self.targets)


def parse_urls(value: Any, where: str) -> tuple[str, ...]:
    """A list of URLs, or one text of URLs separated by whitespace (the environment form).

    Commas are not separators: Apprise URLs may hold them (``?to=a,b``).
    """
    items = value.split() if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise ConfigError(f"{where}: expected a list of Apprise URLs")
    out: list[str] = []
    for n, item in enumerate(items, 1):
        if not isinstance(item, str):
            raise ConfigError(f"{where}[{n}]: expected a text (an Apprise URL)")
        if item.strip():
            out.append(item.strip())
    return tuple(out)


def parse_targets(value: Any, where: str) -> tuple[AppriseTarget, ...]:
    """``{name = {urls = [...], tags = [...], owners = [...], policy = "..."}}``."""
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}: expected a table of named targets")
    targets: list[AppriseTarget] = []
    for name, spec in value.items():
        here = f"{where}.{name}"
        if not _TARGET_NAME.fullmatch(str(name)) or str(name) == TEAM_TARGET:
            raise ConfigError(
                f"{here}: a target name is 1-40 letters, digits, - or _ "
                f"(and not {TEAM_TARGET!r}, the name of apprise.urls)"
            )
        if not isinstance(spec, Mapping):
            raise ConfigError(f"{here}: expected a table (urls, tags, owners, policy)")
        unknown = [k for k in spec if k not in _TARGET_KEYS]
        if unknown:
            raise ConfigError(f"{here}: unknown setting {unknown[0]!r}")
        targets.append(
            AppriseTarget(
                name=str(name),
                urls=parse_urls(spec.get("urls", []), f"{here}.urls"),
                tags=_words(spec.get("tags", []), f"{here}.tags"),
                owners=_words(spec.get("owners", []), f"{here}.owners"),
                policy=str(spec.get("policy", "")),
            )
        )
    return tuple(targets)


def _words(value: Any, where: str) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise ConfigError(f"{where}: expected a list")
    return tuple(str(i).strip() for i in items if str(i).strip())


def expand(settings: AppriseSettings, env: Mapping[str, str]) -> AppriseSettings:
    """Every ``${NAME}`` in the URLs replaced from ``env``; a missing one is a ConfigError
    naming the variable and the setting (never the URL)."""

    def one(urls: tuple[str, ...], where: str) -> tuple[str, ...]:
        out = []
        for n, url in enumerate(urls, 1):
            for name in _VARIABLE.findall(url):
                if not env.get(name):
                    raise ConfigError(f"{where}[{n}]: environment variable {name} is not set")
            out.append(_VARIABLE.sub(lambda m: env[m.group(1)], url))
        return tuple(out)

    return dataclasses.replace(
        settings,
        urls=one(settings.urls, "apprise.urls"),
        targets=tuple(
            dataclasses.replace(t, urls=one(t.urls, f"apprise.targets.{t.name}.urls"))
            for t in settings.targets
        ),
    )


def problems(settings: AppriseSettings) -> list[str]:
    """What is wrong with ``settings``, each naming its setting (never a URL's text)."""
    out: list[str] = []
    if settings.policy not in POLICIES:
        out.append("apprise.policy must be always|on-new|never")
    if settings.format not in FORMATS:
        out.append("apprise.format must be text|markdown")
    if not 1 <= settings.max_incidents <= 50:
        out.append(f"apprise.max_incidents must be between 1 and 50 (got {settings.max_incidents})")
    groups = [("apprise.urls", settings.urls)]
    for t in settings.targets:
        here = f"apprise.targets.{t.name}"
        groups.append((f"{here}.urls", t.urls))
        if not t.urls:
            out.append(f"{here}: no urls")
        if not t.tags and not t.owners:
            out.append(f"{here}: needs tags or owners (the team's channels are apprise.urls)")
        if t.policy and t.policy not in POLICIES:
            out.append(f"{here}.policy must be always|on-new|never")
    for where, urls in groups:
        out += [
            f"{where}[{n}]: not an Apprise URL (service://...; see docs/operations.md)"
            for n, url in enumerate(urls, 1)
            if not _URL.fullmatch(url)
        ]
    return out
