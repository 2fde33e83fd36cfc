"""Script detector: what inline scripts and same-site JS files do to a visitor, read statically.

Attackers who plant judi-online on a .go.id site through JavaScript do one of three things:

* write gambling HTML into the page (``document.write``/``innerHTML``), usually encoded
  (base64, char codes, ``\\x`` escapes) so the owner's grep finds nothing -> ``JS_INJECTION``;
* send visitors elsewhere, typically only those who come from Google or use a phone, so the owner
  typing the address never sees it -> ``JS_REDIRECT``;
* overlay a defacement (``document.body.innerHTML = '<h1>Hacked by ...'``) ->
  ``DEFACEMENT_OVERLAY``.

Legitimate scripts (analytics, SDKs, jQuery, language switchers, http->https redirects) use the
same functions, so nothing here fires on the mere presence of ``atob`` or ``location``: the
DECODED payload must carry gambling or defacement content, or a redirect must leave the
organisation's domain, for a gambling domain or under a referrer/User-Agent condition. Nothing is
ever executed (``jsdecode`` folds the encodings), and every input is bounded.

Modules: ``detector`` (entry points), ``redirects`` (redirect rules), ``written`` (content
written or loaded by code), ``code`` (the unit of analysis and evidence helpers). The package
only re-exports.
"""

from __future__ import annotations

from scanner.detect.scripts.detector import detect, detect_asset
from scanner.detect.scripts.redirects import redirect_targets

__all__ = ["detect", "detect_asset", "redirect_targets"]
