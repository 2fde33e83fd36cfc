"""Which CMS a site runs, guessed from what the report already holds: the site's own URLs.

Remediation steps differ by platform (a Joomla admin has no ``wp-content``); the guess picks
the steps. Only URLs on the site's own host count: a hidden link to a gambling site that runs
Joomla says nothing about ours. When the signals are absent or contradict, the answer is
``UNKNOWN`` and the report gives CMS-neutral steps: a wrong guess would send someone to look
in folders that do not exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from urllib.parse import urlsplit

from scanner.models import SiteResult


class Cms(StrEnum):
    """The platforms the remediation steps know."""

    WORDPRESS = "wordpress"
    JOOMLA = "joomla"
    LARAVEL = "laravel"
    CODEIGNITER = "codeigniter"
    STATIC = "static"
    UNKNOWN = "unknown"


# Each pattern is tested on "path?query" (lower case) of a URL on the site's own host.
_SIGNALS: tuple[tuple[Cms, re.Pattern[str]], ...] = (
    (
        Cms.WORDPRESS,
        re.compile(
            r"/wp-(?:content|includes|admin|json|login\.php|cron\.php)\b|/xmlrpc\.php|"
            r"^/\?p=\d+$|^/\?page_id=\d+$|[?&]rest_route="
        ),
    ),
    (
        Cms.JOOMLA,
        re.compile(
            r"[?&]option=com_|/components/com_|/modules/mod_|/media/(?:jui|system)/|"
            r"^/component/|^/administrator/|/index\.php/component/|"
            # search-friendly article URLs: /index.php/<menu>/<id>-<alias>
            r"^/index\.php/(?:[\w-]+/)*\d+-[a-z][\w-]*$"
        ),
    ),
    (
        Cms.LARAVEL,
        re.compile(r"^/storage/|^/livewire/|^/vendor/livewire/|^/_ignition/|^/sanctum/"),
    ),
    (
        Cms.CODEIGNITER,
        re.compile(r"^/index\.php/[a-z_][\w-]*(?:/|$)|^/application/|^/system/core/"),
    ),
)
_STATIC_PAGE = re.compile(r"\.s?html?$")
_DYNAMIC = re.compile(r"\.(?:php\d?|phtml|aspx?|jsp|cfm|cgi|pl)$")


def _own_paths(site: SiteResult) -> Iterable[str]:
    """``path?query`` of every URL the report has on the site's own host."""
    host = (urlsplit(site.site.url).hostname or "").lower()
    urls: list[str] = []
    for page in site.pages:
        urls += [page.url, page.final_url]
    for incident in (*site.incidents, *site.resolved):
        urls += [incident.url, *incident.urls]
        urls += [e.url for e in incident.evidence]  # never e.targets: the attacker's URLs
    for url in urls:
        try:
            parts = urlsplit(url)
        except ValueError:
            continue
        if (parts.hostname or "").lower() != host:
            continue
        path = (parts.path or "/").lower()
        yield path + ("?" + parts.query.lower() if parts.query else "")


def infer_cms(site: SiteResult) -> Cms:
    """The CMS ``site`` most likely runs, or ``Cms.UNKNOWN`` (pure; no request is made)."""
    found: set[Cms] = set()
    static_pages = dynamic = 0
    for path in _own_paths(site):
        for cms, pattern in _SIGNALS:
            if pattern.search(path):
                found.add(cms)
                break
        plain = path.partition("?")[0]
        if "?" in path or _DYNAMIC.search(plain):
            dynamic += 1
        elif _STATIC_PAGE.search(plain):
            static_pages += 1
    # Joomla's search-friendly URLs also look like CodeIgniter's /index.php/<segment>.
    if Cms.JOOMLA in found:
        found.discard(Cms.CODEIGNITER)
    if len(found) == 1:
        return found.pop()
    if not found and static_pages and not dynamic:
        return Cms.STATIC
    return Cms.UNKNOWN


def common_cms(sites: Iterable[SiteResult]) -> Cms:
    """The CMS shared by every one of ``sites``, else ``Cms.UNKNOWN`` (for steps shown once)."""
    kinds = {infer_cms(s) for s in sites}
    return kinds.pop() if len(kinds) == 1 else Cms.UNKNOWN
