"""Fetch profiles: the kinds of visitor the scanner pretends to be.

Judi-online injections are usually *cloaked*: the spam is served to Googlebot (so it ranks), to
phones, or to visitors arriving from a Google search, while the owner browsing the site directly
sees a clean page. Fetching the same URL as each of these visitors and comparing is how the
cloaking detector catches it, so each profile must look like the real thing.

The ``browser`` profile is a real desktop Chrome User-Agent with the scanner's token appended
(``... Safari/537.36 GoIdIntegrityScanner/0.1 (+...)``). Cloakers key on "Googlebot" or on mobile
and referer signals, not on a trailing product token, so the page we see is the one a person
sees, and site owners can still find and identify our requests in their access logs. An
operator who sets ``crawl.user_agent`` to something other than the default replaces that whole
string (their explicit choice wins). The other profiles never carry the token: a cloaker must
not be able to tell them apart from the real visitor they imitate.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from scanner.config import DEFAULT_USER_AGENT
from scanner.models import Profile

SCANNER_TOKEN = "GoIdIntegrityScanner/0.1 (+https://github.com/)"
"""Appended to the browser User-Agent so owners can recognise the scanner in their logs."""

CHROME_DESKTOP_UA = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
)
"""A current desktop Chrome on Windows: what most visitors of a .go.id site run."""

CHROME_ANDROID_UA = (
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36"
)
"""Chrome on Android (the reduced UA Chrome really sends): Indonesia browses mostly by phone."""

GOOGLEBOT_UA = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
"""Google's desktop crawler, verbatim: the string cloaking scripts test for."""

GOOGLE_REFERER = "https://www.google.com/"
"""What a browser sends after a click on a Google result (the query is never sent any more)."""

PROFILES: Mapping[str, Profile] = MappingProxyType(
    {
        "browser": Profile("browser", f"{CHROME_DESKTOP_UA} {SCANNER_TOKEN}"),
        "googlebot": Profile("googlebot", GOOGLEBOT_UA),
        "mobile": Profile("mobile", CHROME_ANDROID_UA, mobile=True),
        "google-referer": Profile("google-referer", CHROME_DESKTOP_UA, referer=GOOGLE_REFERER),
    }
)
"""The four built-in profiles by name (read-only)."""


def profile(name: str, user_agent: str | None = None) -> Profile:
    """The profile called ``name``; ``user_agent`` (``crawl.user_agent``) applies to ``browser``.

    ``user_agent`` is ignored when it is ``None`` or the built-in default (the browser profile
    then keeps its Chrome UA + scanner token) and for every other profile, whose point is to
    imitate one exact kind of visitor. Raises ``ValueError`` naming the known profiles.
    """
    try:
        found = PROFILES[name]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise ValueError(f"unknown fetch profile {name!r} (known: {known})") from None
    if name == "browser" and user_agent and user_agent != DEFAULT_USER_AGENT:
        return Profile("browser", user_agent, found.referer, found.mobile)
    return found
