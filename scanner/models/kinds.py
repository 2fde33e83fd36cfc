"""Enumerations shared by every stage: severity, category, technique, verdict, lifecycle.

Part of ``scanner.models`` (import from there); see its docstring for the stage map.
"""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    """How bad a finding or incident is; ordered by ``rank``."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """0 for info up to 4 for critical, for sorting and thresholds."""
        return _SEVERITY_ORDER.index(self)


_SEVERITY_ORDER = (Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL)


class Category(StrEnum):
    """What kind of compromise a finding points at (JSON contract: these four values)."""

    GAMBLING = "gambling"
    DEFACEMENT = "defacement"
    MALICIOUS_SCRIPT = "malicious_script"
    INTEGRITY = "integrity"


class IncidentStatus(StrEnum):
    """Lifecycle state of an incident (JSON contract)."""

    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    SNOOZED = "snoozed"
    RESOLVED = "resolved"


class Change(StrEnum):
    """How an incident relates to the previous scan of the same site."""

    NEW = "new"
    ONGOING = "ongoing"
    RESOLVED = "resolved"


class Technique(StrEnum):
    """How the attacker did it. Detectors pick one; incidents are grouped by it."""

    HIDDEN_LINKS = "hidden_links"
    HIDDEN_CONTENT = "hidden_content"
    VISIBLE_CONTENT = "visible_content"
    CLOAKING_UA = "cloaking_ua"
    CLOAKING_REFERER = "cloaking_referer"
    CLOAKING_MOBILE = "cloaking_mobile"
    JS_INJECTION = "js_injection"
    JS_REDIRECT = "js_redirect"
    META_INJECTION = "meta_injection"
    DOORWAY_PAGE = "doorway_page"
    REDIRECT = "redirect"
    META_REFRESH = "meta_refresh"
    IFRAME = "iframe"
    EXTERNAL_SCRIPT = "external_script"
    MODIFIED_ASSET = "modified_asset"
    SPAM_COMMENT = "spam_comment"
    DEFACEMENT_PAGE = "defacement_page"
    DEFACEMENT_OVERLAY = "defacement_overlay"
    CONTENT_CHANGE = "content_change"
    KNOWN_BAD_HASH = "known_bad_hash"
    SITE_VERIFICATION = "site_verification"


class Verdict(StrEnum):
    """The judgement on one page (``scanner check`` prints it)."""

    CLEAN = "clean"
    SUSPICIOUS = "suspicious"
    INFECTED = "infected"
    DEFACED = "defaced"
    ERROR = "error"
