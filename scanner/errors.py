"""The exception tree. Exceptions are for bugs and fatal configuration; a page or site that
fails is recorded as data (see ``models.FetchError``) and the scan goes on.

::

    ScannerError                 base: the CLI maps it to exit code 2 or 3
    ├── ConfigError              scanner.toml, environment or flags are wrong       (exit 2)
    ├── InventoryError           sites.csv cannot be used; names file and line       (exit 2)
    ├── SignatureError           a signature file is invalid; names file and field   (exit 2)
    ├── CrawlError               the crawler itself cannot run (not a page failure)  (exit 3)
    ├── StoreError               the state DB cannot be opened or migrated           (exit 3)
    ├── ReportError              a report cannot be rendered or written              (exit 3)
    ├── NotifyError              an email could not be sent; says why                (exit 3)
    ├── LockError                another scan holds the lock                         (exit 3)
    └── EvidenceError            no evidence kept for an incident, or unreadable     (exit 3)

Library errors are wrapped where they enter: ``raise CrawlError(...) from exc``.
"""

from __future__ import annotations


class ScannerError(Exception):
    """Base of every error the scanner raises on purpose."""

    exit_code = 3


class ConfigError(ScannerError):
    """Settings (file, environment, flags) are invalid."""

    exit_code = 2


class InventoryError(ScannerError):
    """The site inventory cannot be read; the message names the file and line."""

    exit_code = 2


class SignatureError(ScannerError):
    """A signature file is invalid; the message names the file and field."""

    exit_code = 2


class CrawlError(ScannerError):
    """The crawler cannot run at all (a single page failing is data, not this)."""


class StoreError(ScannerError):
    """The state database cannot be opened, migrated or written."""


class ReportError(ScannerError):
    """A report cannot be rendered or written."""


class NotifyError(ScannerError):
    """An email could not be sent; the message says why (never the password)."""


class LockError(ScannerError):
    """Another scan is running and holds the lock."""


class EvidenceError(ScannerError):
    """Evidence asked for cannot be given: none was kept (or it was pruned), or it is unreadable."""
