"""Defang hostile URLs for mail: ``hxxps://slot88[.]example/`` that no client turns into a link.

Mail clients link anything that looks like a URL or a domain, whatever the HTML says. A report
mailed to an on-call phone must not put a gambling or malware URL one tap away, so the mail
form of the report (``defang_view``) rewrites every URL and domain that came from a scanned
page or names a page of a compromised site. The inventory's own site URLs stay plain: they are
ours, and the reader needs them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from scanner.report.build import ReportView
from scanner.report.view import (
    DiffLine,
    EvidenceView,
    FailureRow,
    IncidentView,
    Link,
    Snippet,
)

_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"'`]+", re.IGNORECASE)
# A domain: labels joined by dots, ending in a TLD of letters (so "1.500", "08.00" and "S.E."
# stay as they are); file names such as "footer.php" are not domains.
_DOMAIN = re.compile(
    r"(?<![\w.\[-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}(?![\w\]-])",
    re.IGNORECASE,
)
_FILE_EXTENSIONS = frozenset(
    {
        *("php", "php5", "phtml", "html", "htm", "shtml", "js", "mjs", "css", "jpg", "jpeg"),
        *("png", "gif", "svg", "webp", "ico", "txt", "pdf", "xml", "json", "asp", "aspx"),
        *("jsp", "cgi", "pl", "py", "sh", "zip", "gz", "tar", "sql", "bak", "log", "ini"),
        *("env", "htaccess", "md"),
    }
)


def _scheme(scheme: str) -> str:
    """``http``/``https`` -> ``hxxp``/``hxxps``, ``ftp`` -> ``fxp`` (case kept)."""
    if scheme.lower() in ("http", "https"):
        return scheme[0] + "xx" + scheme[3:]
    if scheme.lower() == "ftp":
        return scheme[0] + "x" + scheme[2:]
    return scheme


def defang_url(url: str) -> str:
    """``https://a.example/x.php`` -> ``hxxps://a[.]example/x.php`` (dots of the host only)."""
    head, sep, rest = url.partition("://")
    if not sep:
        return defang_text(url)
    host, slash, path = rest.partition("/")
    return _scheme(head) + sep + host.replace(".", "[.]") + slash + path


def defang_urls(text: str) -> str:
    """Every ``scheme://`` URL inside ``text`` defanged (for element paths and code)."""
    return _URL.sub(lambda m: defang_url(m.group(0)), text)


def _domain(m: re.Match[str]) -> str:
    name = m.group(0)
    if name.rpartition(".")[2].lower() in _FILE_EXTENSIONS:
        return name
    return name.replace(".", "[.]")


def defang_text(text: str) -> str:
    """Every URL and domain name inside free ``text`` defanged; the rest unchanged."""
    return _DOMAIN.sub(_domain, defang_urls(text))


def _link(link: Link) -> Link:
    return Link(defang_url(link.text), None)


def _snippet(s: Snippet | None) -> Snippet | None:
    if s is None:
        return None
    return Snippet(defang_text(s.before), defang_text(s.match), defang_text(s.after))


def _evidence(e: EvidenceView) -> EvidenceView:
    return replace(
        e,
        url=_link(e.url),
        snippet=_snippet(e.snippet),
        path=defang_urls(e.path),
        targets=tuple(_link(t) for t in e.targets),
        detail=defang_text(e.detail),
        diff=tuple(DiffLine(d.kind, defang_text(d.text)) for d in e.diff),
    )


def _incident(i: IncidentView) -> IncidentView:
    return replace(
        i,
        summary=defang_text(i.summary),
        unchecked=defang_text(i.unchecked),
        target_domain=defang_text(i.target_domain),
        urls=tuple(_link(u) for u in i.urls),
        evidence=tuple(_evidence(e) for e in i.evidence),
    )


def _failure(f: FailureRow, inventory: frozenset[str]) -> FailureRow:
    url = f.url if f.url.text in inventory else _link(f.url)
    return replace(f, url=url, message=defang_text(f.message))


def defang_view(view: ReportView, inventory: frozenset[str] = frozenset()) -> ReportView:
    """``view`` for a mail client: only the ``inventory`` site URLs remain links.

    A failed page whose URL is an inventory URL keeps it (our own homepage could not be
    fetched); every other URL becomes defanged text.
    """
    return replace(
        view,
        mail=True,
        incidents=tuple(_incident(i) for i in view.incidents),
        resolved=tuple(
            replace(r, url=_link(r.url)) for r in view.resolved
        ),
        failures=tuple(_failure(f, inventory) for f in view.failures),
    )
