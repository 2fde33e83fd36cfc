"""Translations for reports and emails: one dict catalog per language.

A plain dict per language (``messages_id.py``, ``messages_en.py``) instead of gettext: the
catalogs ship inside the package, need no compile step, and a test can check that both have
exactly the same keys and that every key a template uses exists. A missing key is a bug, so
lookup raises ``ReportError`` instead of silently showing the key to the reader.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from scanner.errors import ReportError
from scanner.report import messages_en, messages_id

CATALOGS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "id": MappingProxyType(messages_id.MESSAGES),
        "en": MappingProxyType(messages_en.MESSAGES),
    }
)
"""Every catalog by language code; Indonesian is the default."""

LANGUAGES: tuple[str, ...] = tuple(CATALOGS)
"""Supported language codes (``id`` first: the default)."""

DEFAULT_LANG = "id"


@dataclass(frozen=True, slots=True)
class Translator:
    """Looks messages up in one language's catalog and fills in their parameters.

    Templates receive an instance as ``_``: ``{{ _("summary.title") }}`` and
    ``{{ _.plural("count.sites", 3) }}``. Results are plain ``str``, so HTML autoescaping
    still applies to them and to any value passed as a parameter.
    """

    lang: str
    messages: Mapping[str, str]

    def __call__(self, key: str, /, **params: object) -> str:
        """The message ``key`` with ``params`` substituted (``str.format``)."""
        try:
            template = self.messages[key]
        except KeyError:
            raise ReportError(f"missing message {key!r} in catalog {self.lang!r}") from None
        return template.format(**params) if params else template

    def plural(self, key: str, n: int, /, **params: object) -> str:
        """``key.one`` when ``n == 1`` else ``key.other``, with ``n`` and ``params`` filled in."""
        form = "one" if n == 1 else "other"
        return self(f"{key}.{form}", n=n, **params)

    def has(self, key: str) -> bool:
        """Whether the catalog defines ``key`` (for labels of values that may be unknown)."""
        return key in self.messages

    def label(self, prefix: str, value: str, fallback: str | None = None) -> str:
        """The label ``prefix.value`` or, for a value no catalog knows, ``fallback``/``value``.

        Used for data-driven keys (technique, fetch-error kind, profile) where a newer scanner
        may produce a value this catalog predates: the raw value is better than a crash.
        """
        key = f"{prefix}.{value}"
        if key in self.messages:
            return self.messages[key]
        return value if fallback is None else fallback


def translator(lang: str = DEFAULT_LANG) -> Translator:
    """The translator for ``lang`` (``id`` or ``en``); ``ReportError`` for any other code."""
    try:
        return Translator(lang, CATALOGS[lang])
    except KeyError:
        known = ", ".join(LANGUAGES)
        raise ReportError(f"unsupported report language {lang!r} (known: {known})") from None
