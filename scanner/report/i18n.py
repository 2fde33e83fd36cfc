"""Translations for reports and emails: one dict catalog per language.

A plain dict per language (``messages_id.py``, ``messages_en.py``) instead of gettext: the
catalogs ship inside the package, need no compile step, and a test can check that both have
exactly the same keys and that every key a template uses exists. A missing key is a bug, so
lookup raises ``ReportError`` instead of silently showing the key to the reader.

Detector prose (finding summaries, evidence details, incident summaries) is stored as a
``Message`` (key + parameters) and rendered here by ``Translator.render``. Its templates use
a small format-spec language on top of ``str.format``:

* ``{n}`` an integer parameter, written with the language's digit grouping (Babel);
* ``{n:#unit.page}`` the plural message ``unit.page.one``/``.other`` chosen by the language's
  plural rule (Babel's CLDR data: English has two forms, Indonesian one) with ``n`` filled in;
* ``{where:@deface_where}`` the label ``deface_where.<value>`` (the raw value when unknown);
* a parameter that is itself a ``Message`` is rendered in place; a tuple of them is joined.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from babel import Locale
from babel.numbers import format_decimal

from scanner.errors import ReportError
from scanner.models import Message
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

    def plural_key(self, key: str, n: int) -> str:
        """``key.one`` or ``key.other``, by the language's CLDR plural rule for ``n``."""
        form = _locale(self.lang).plural_form(abs(n))
        return f"{key}.one" if form == "one" and f"{key}.one" in self.messages else f"{key}.other"

    def number(self, n: int) -> str:
        """``n`` with the language's digit grouping (``12.345`` in Indonesian)."""
        return format_decimal(n, locale=_locale(self.lang))

    def render(self, message: Message) -> str:
        """Detector prose: ``message`` in this language (see the module docstring).

        A key this catalog does not define raises ``ReportError``; callers that hold a stored
        English text fall back to it (``render_or``).
        """
        key = message.key
        args = message.args
        n = args.get("n")
        if key not in self.messages and isinstance(n, int):
            key = self.plural_key(key, n)  # a plural message used as a value
        return _Prose(self).vformat(self(key), (), args)

    def render_or(self, message: Message | None, fallback: str) -> str:
        """``message`` rendered, or ``fallback`` (the stored English text) when there is none
        or this catalog cannot render it (data written by a newer or older scanner)."""
        if message is None:
            return fallback
        try:
            return self.render(message)
        except (ReportError, KeyError, IndexError, ValueError, TypeError):
            return fallback

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


@functools.cache
def _locale(lang: str) -> Locale:
    """Babel's CLDR data for ``lang`` (plural rules, digit grouping), parsed once."""
    return Locale.parse(lang)


class _Prose(string.Formatter):
    """``str.format`` with the catalog lookups of detector prose (module docstring)."""

    def __init__(self, translator: Translator) -> None:
        self._ = translator

    def format_field(self, value: Any, format_spec: str) -> str:
        _ = self._
        if isinstance(value, Message):
            return _.render(value)
        if isinstance(value, tuple):
            return _("prose.join").join(_.render(m) for m in value if isinstance(m, Message))
        if format_spec.startswith("@"):
            return _.label(format_spec[1:], str(value))
        if format_spec.startswith("#"):
            n = int(value)
            return self.vformat(_(_.plural_key(format_spec[1:], n)), (), {"n": n})
        if isinstance(value, int) and not isinstance(value, bool) and not format_spec:
            return _.number(value)
        return str(super().format_field(value, format_spec))


def english(message: Message) -> str:
    """``message`` in English: the ``summary``/``detail`` text findings keep for JSON."""
    return translator("en").render(message)


def translator(lang: str = DEFAULT_LANG) -> Translator:
    """The translator for ``lang`` (``id`` or ``en``); ``ReportError`` for any other code."""
    try:
        return Translator(lang, CATALOGS[lang])
    except KeyError:
        known = ", ".join(LANGUAGES)
        raise ReportError(f"unsupported report language {lang!r} (known: {known})") from None
