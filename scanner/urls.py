"""URL helpers shared by the crawl and extract stages: normalisation, scope, registered domain.

tldextract is used with its bundled Public Suffix List snapshot only: a scanner that runs from
cron must never depend on fetching the list from the internet at start-up.
"""

from __future__ import annotations

import functools
import posixpath
import re
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

import tldextract


def host_of(url: str) -> str:
    """Lower-case host of ``url`` without a leading ``www.`` (the site's scope key)."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

_DEFAULT_PORTS = {"http": 80, "https": 443}
_SAFE_PATH = "/:@!$&'()*+,;=-._~%"
_SAFE_QUERY = _SAFE_PATH + "?/"


@functools.lru_cache(maxsize=65536)
def registered_domain(host: str) -> str:
    """``a.b.slot88.com`` -> ``slot88.com``; ``www.jatimprov.go.id`` -> ``jatimprov.go.id``.

    IP addresses and hosts without a known suffix are returned as they are (lower-cased).
    """
    host = host.lower().strip(".")
    if not host:
        return ""
    ext = _EXTRACT(host)
    if ext.domain and ext.suffix:
        return f"{ext.domain}.{ext.suffix}"
    return host


def domain_of(url: str) -> str:
    """Registered domain of a URL's host ('' when the URL has no host)."""
    return registered_domain(urlsplit(url).hostname or "")


def same_site(url: str, site_host: str) -> bool:
    """True when ``url`` is on the site's own host (``www.`` and the bare host count as one)."""
    return host_of(url) == site_host


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_TAB_NEWLINE = str.maketrans("", "", "\t\n\r")
_C0_SPACE = "".join(chr(i) for i in range(0x21))
_SPECIAL = ("http", "https")


def _plain(url: str) -> bool:
    """True when RFC 3986 and WHATWG resolve ``url`` alike (the common case, kept fast)."""
    if not url or url[0] <= " " or url[-1] <= " ":
        return False
    if "\\" in url or "\t" in url or "\n" in url or "\r" in url:
        return False
    if url[0] == "/":
        return url[1:2] != "/"  # "/path"; "//host" and "///host" take the slow path
    if url.startswith(("https://", "http://")):
        return url[url.index("//") + 2 : url.index("//") + 3] != "/"
    return ":" not in url  # "../a", "?q=1", "page.html"; "https:evil" takes the slow path


def resolve_url(url: str, base: str | None = None) -> str:
    """``url`` resolved against ``base`` as a browser does it (WHATWG URL parsing).

    Python's ``urljoin`` follows RFC 3986, browsers do not, and attackers use the difference:
    for http(s) a browser strips leading/trailing control characters and spaces, removes every
    tab and newline, reads ``\\`` as ``/`` before the query (so ``/\\evil.example/`` and
    ``\\\\evil.example`` are ``//evil.example/``: another host), ignores extra slashes after
    the scheme (``https:evil.example`` and ``///evil.example`` name the host ``evil.example``),
    and reads ``http:path`` on an http page as a relative path. Every URL taken from a page, a
    ``Location`` header or a meta refresh goes through here, so the scanner fetches and judges
    what a visitor's browser would reach. Other schemes (``mailto:``, ``javascript:``) are
    returned trimmed and otherwise unchanged.
    """
    if _plain(url):
        return urljoin(base, url) if base else url
    url = url.strip(_C0_SPACE).translate(_TAB_NEWLINE)
    match = _SCHEME.match(url)
    scheme = match.group(1).lower() if match else ""
    base_scheme = base.partition(":")[0].lower() if base else ""
    if scheme and scheme not in _SPECIAL:
        return url
    if not scheme and base_scheme not in _SPECIAL:
        return urljoin(base, url) if base else url
    cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    head, tail = url[:cut].replace("\\", "/"), url[cut:]
    if scheme:
        rest = head[len(scheme) + 1 :]
        if scheme == base_scheme and not rest.startswith("//"):
            head = rest  # "http:/x" or "http:x" on an http page: relative to the page
        else:
            return urljoin("", f"{scheme}://{rest.lstrip('/')}{tail}")
    if head.startswith("//"):
        head = "//" + head.lstrip("/")  # "///evil.example" names the host evil.example
    return urljoin(base or "", head + tail)


def normalize_url(url: str, base: str | None = None) -> str | None:
    """Absolute, canonical form of ``url`` for dedup; ``None`` for non-HTTP(S) or unusable URLs.

    Resolves like a browser (``resolve_url``), lower-cases scheme and host, drops default ports
    and the fragment, resolves dot segments, re-quotes path and query consistently.
    Query parameter order is kept (it can matter).
    """
    url = url.strip()
    if not url:
        return None
    try:
        absolute = resolve_url(url, base)
        parts = urlsplit(absolute)
        scheme = parts.scheme.lower()
        if scheme not in _DEFAULT_PORTS:
            return None
        host = (parts.hostname or "").lower().rstrip(".")
        if not host:
            return None
        port = parts.port
    except ValueError:
        return None
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = parts.path or "/"
    trailing = path.endswith("/")
    path = posixpath.normpath(unquote(path))
    if path in (".", "//"):
        path = "/"
    if trailing and not path.endswith("/"):
        path += "/"
    if not path.startswith("/"):
        path = "/" + path
    path = quote(path, safe=_SAFE_PATH)
    query = quote(unquote(parts.query), safe=_SAFE_QUERY) if parts.query else ""
    return urlunsplit((scheme, netloc, path, query, ""))


def site_root(url: str) -> str:
    """The root URL (``scheme://host/``) of a site given any URL or a bare host name."""
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    normalized = normalize_url(urlunsplit((parts.scheme, parts.netloc, "/", "", "")))
    return normalized or url
