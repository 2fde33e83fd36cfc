"""Times as the reader's province reads them: ``report.timezone`` (default Asia/Jakarta).

Indonesia has three zones; the report and the mail print each time with the name people use
for it (WIB, WITA, WIT) and, for any other IANA zone, the UTC offset, so a time is never
ambiguous. The zone is validated where the settings are loaded (``ConfigError`` names the
key); here an unknown name is a ``ReportError``.
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scanner.errors import ReportError
from scanner.report.i18n import Translator

DEFAULT_TIMEZONE = "Asia/Jakarta"
"""Western Indonesia Time: where the operators and most sites are."""

INDONESIAN_NAMES: dict[str, str] = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Ujung_Pandang": "WITA",
    "Asia/Jayapura": "WIT",
}
"""The IANA zones of Indonesia and the abbreviation Indonesians use for each."""


def valid_timezone(name: str) -> bool:
    """Whether ``name`` is an IANA time zone this system knows."""
    try:
        zone(name)
    except ReportError:
        return False
    return True


@functools.cache
def zone(name: str = DEFAULT_TIMEZONE) -> ZoneInfo:
    """The zone called ``name`` (cached); ``ReportError`` for a name no tz database knows."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise ReportError(
            f"unknown time zone {name!r} (an IANA name such as Asia/Jakarta)"
        ) from exc


def zone_label(local: datetime) -> str:
    """``WIB``/``WITA``/``WIT`` for Indonesia's zones, ``UTC`` or ``UTC+5:30`` otherwise."""
    tz = local.tzinfo
    name = INDONESIAN_NAMES.get(getattr(tz, "key", ""))
    if name:
        return name
    offset = local.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def localize(value: datetime, tz: tzinfo | None = None) -> datetime:
    """``value`` in ``tz`` (the default zone when None); naive times are left as they are."""
    if value.tzinfo is None:
        return value
    return value.astimezone(tz or zone())


def fmt_time(value: datetime | None, _: Translator, tz: tzinfo | None = None) -> str:
    """``YYYY-mm-dd HH:MM WIB`` (or the zone's name) for aware times; naive ones as they are."""
    if value is None:
        return _("incident.unknown")
    if value.tzinfo is None:
        return value.strftime("%Y-%m-%d %H:%M")
    local = localize(value, tz)
    return f"{local:%Y-%m-%d %H:%M} {zone_label(local)}"


def fmt_duration(start: datetime, end: datetime | None, _: Translator) -> str:
    """A human duration such as ``4 menit 12 detik``."""
    if end is None:
        return _("duration.unknown")
    seconds = max(0, int((end - start).total_seconds()))
    if seconds >= 3600:
        return _("duration.hms", h=seconds // 3600, m=seconds % 3600 // 60)
    if seconds >= 60:
        return _("duration.ms", m=seconds // 60, s=seconds % 60)
    return _("duration.s", s=seconds)
