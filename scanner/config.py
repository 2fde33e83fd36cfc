"""Settings: defaults in code, then ``scanner.toml``, then the environment, then flags.

Each layer overrides the one before; the result is validated once and frozen, and then passed
to the stages explicitly. Nothing deep in the code reads ``os.environ``: this module is the one
place that does.

``scanner.toml`` mirrors the sections below::

    [scan]    sites, state, reports_dir, json, report, lock, log_file, metrics_file, workers
    [crawl]   max_pages, max_depth, concurrency, per_host, per_ip, delay, timeouts, retries, caps,
              verify_tls, insecure_fallback, proxy, user_agent, query_variants
    [detect]  cloak_sample, cloak_profiles, mobile_sample, fetch_assets, max_assets,
              max_offsite_scripts
    [email]   host, port, user, password, security, sender, to, policy, all_clear,
              notify_contacts
    [report]  lang, timezone, min_severity, base_url, summarise_above
    [apprise] urls, policy, all_clear, format, max_incidents, targets (config_apprise.py)
    [evidence] enabled, dir, record_bytes, scan_bytes, spool_bytes, retention_days
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from scanner.config_apprise import AppriseSettings, expand, parse_targets, parse_urls, problems
from scanner.errors import ConfigError
from scanner.lock import lock_path_for

DEFAULT_USER_AGENT = "Mozilla/5.0 (compatible; GoIdIntegrityScanner/0.1; +https://github.com/)"


@dataclass(frozen=True, slots=True)
class CrawlSettings:
    """Limits and behaviour of the crawler."""

    max_pages: int = 200
    max_depth: int = 5
    concurrency: int = 64
    per_host: int = 4
    delay: float = 0.0
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 45.0
    retries: int = 2
    backoff: float = 0.5
    max_redirects: int = 10
    max_body_bytes: int = 5 * 1024 * 1024
    max_decompressed_bytes: int = 20 * 1024 * 1024
    query_variants: int = 20
    """Trap guard: at most this many query-string variants of one path are crawled."""
    max_sitemap_urls: int = 5000
    verify_tls: bool = True
    insecure_fallback: bool = True
    """After a certificate failure, fetch again without verification (recorded) to see content."""
    proxy: str | None = None
    trust_env: bool = True
    """Honour HTTP_PROXY / HTTPS_PROXY / NO_PROXY from the environment."""
    user_agent: str = DEFAULT_USER_AGENT
    host_overrides: tuple[tuple[str, str], ...] = ()
    """(host, "ip:port") pairs: a resolver override (the demo and tests use it)."""
    allow_private: bool = False
    """Address policy: also connect to private (RFC 1918, CGNAT, IPv6 ULA) addresses, for a
    deployment inside an intranet. Loopback, link-local, metadata, multicast and unspecified
    addresses are refused whatever this says (overridden hosts excepted)."""
    allowed_ports: tuple[int, ...] = ()
    """Ports the crawler may connect to besides 80 and 443 (a site served on :8080)."""
    site_deadline: float = 1800.0
    """Seconds one site may take (crawl, analysis, comparison); past it the site is stopped and
    recorded with what was analysed, incomplete, with a ``site_deadline`` limit."""
    scan_deadline: float = 0.0
    """Seconds the whole scan may take (0: no deadline; set it below the scheduler's own limit).
    Past it every site still running is stopped as by ``site_deadline`` (``scan_deadline``)."""
    per_ip: int = 2
    """Sites of one server address crawled at once by the worker processes of ``scan --workers
    N`` and by every ``scanner worker`` of a queued scan: many .go.id subdomains share one
    server, which then sees at most ``per_ip x per_host`` connections (docs/scale.md)."""
    min_transfer_rate: int = 512
    """Bytes per second a body must average once ``read_timeout`` has passed (0: no minimum): a
    server that trickles one byte a second is cut off as a ``timeout``, not waited on."""


@dataclass(frozen=True, slots=True)
class DetectSettings:
    """What the detection stage fetches beyond the crawl."""

    cloak_sample: int = 5
    """Besides the homepage, sitemap-only and suspicious pages: this many others per site."""
    cloak_profiles: tuple[str, ...] = ("googlebot", "mobile", "google-referer")
    mobile_sample: int = 30
    """Besides the cloaking sample: this many more pages compared with the mobile profile only
    (a phone-only server redirect on an inner page; one request per page)."""
    fetch_assets: bool = True
    max_assets: int = 30
    """Same-site JS/CSS assets fetched and analysed per site."""
    max_offsite_scripts: int = 15
    """Off-site (third-party) scripts fetched and analysed per site (0: none). Each URL is
    fetched once per scan, whichever sites load it; trusted CDNs are never fetched."""
    signatures_dir: str | None = None


@dataclass(frozen=True, slots=True)
class EmailSettings:
    """SMTP transport and the sending policy."""

    host: str = ""
    port: int = 587
    user: str = ""
    password: str = field(default="", repr=False)
    security: str = "starttls"
    sender: str = ""
    """The From address; required to send (``scanner@localhost`` would fail the address
    check every recipient gets, and many servers refuse it)."""
    to: tuple[str, ...] = ()
    policy: str = "on-new"
    all_clear: bool = False
    notify_contacts: bool = False
    timeout: float = 30.0


@dataclass(frozen=True, slots=True)
class EvidenceSettings:
    """WARC evidence of the pages with findings (docs/evidence.md)."""

    enabled: bool = True
    dir: str = ""
    """Where the per-scan WARC files go; empty = ``evidence/`` beside the state DB."""
    record_bytes: int = 2 * 1024 * 1024
    """Body bytes kept per response record; a longer body is cut (``WARC-Truncated: length``)."""
    scan_bytes: int = 200 * 1024 * 1024
    """Bytes of WARC written per scan at most; records past it are left out (logged)."""
    spool_bytes: int = 256 * 1024 * 1024
    """Bytes of one site's exchanges held on disk until its findings are known."""
    retention_days: int = 180
    """WARC files older than this are pruned when a scan starts (0 = keep for ever)."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting of a run, frozen before the stages see it."""

    sites: str = "sites.csv"
    state: str = "state/scanner.db"
    reports_dir: str = "reports"
    json: str | None = None
    report: str | None = None
    lock: str = ""
    """The run lock; empty = beside the state DB (`state/x.db` -> `state/x.lock`)."""
    log_file: str | None = None
    metrics_file: str | None = None
    """A Prometheus textfile written after each scan (node_exporter's textfile collector)."""
    lang: str = "id"
    timezone: str = "Asia/Jakarta"
    """``report.timezone``: the IANA zone every time in reports and mail is shown in."""
    workers: int = 0
    """``[scan] workers``: processes scanning sites at once (0: one per core; 1: in-process);
    ``scan --workers`` overrides it."""
    min_severity: str = "info"
    """``report.min_severity``: incidents below it are left out of the report, the mail and the
    exit code (still recorded in the state DB and the JSON)."""
    base_url: str = ""
    """``report.base_url``: where ``reports_dir`` is served (https://...); chat messages link
    the scan's report there. Empty: no link."""
    summarise_above: int = 500
    """``report.summarise_above``: a scan of more sites than this (a national scan) gets a
    report and mail that summarise per province and owner instead of listing every site; the
    JSON keeps every site. 0: always summarise."""
    crawl: CrawlSettings = field(default_factory=CrawlSettings)
    detect: DetectSettings = field(default_factory=DetectSettings)
    email: EmailSettings = field(default_factory=EmailSettings)
    evidence: EvidenceSettings = field(default_factory=EvidenceSettings)
    apprise: AppriseSettings = field(default_factory=AppriseSettings)


_SECTIONS: dict[str, type[Any]] = {
    "crawl": CrawlSettings,
    "detect": DetectSettings,
    "email": EmailSettings,
    "evidence": EvidenceSettings,
    "apprise": AppriseSettings,
}
_TOP_LEVEL_TABLES = {
    "scan": (
        "sites",
        "state",
        "reports_dir",
        "json",
        "report",
        "lock",
        "log_file",
        "metrics_file",
        "workers",
    )
}

_ENV: dict[str, tuple[str, str]] = {
    "SCANNER_SMTP_HOST": ("email", "host"),
    "SCANNER_SMTP_PORT": ("email", "port"),
    "SCANNER_SMTP_USER": ("email", "user"),
    "SCANNER_SMTP_PASSWORD": ("email", "password"),
    "SCANNER_SMTP_SECURITY": ("email", "security"),
    "SCANNER_EMAIL_FROM": ("email", "sender"),
    "SCANNER_EMAIL_TO": ("email", "to"),
    "SCANNER_EMAIL_POLICY": ("email", "policy"),
    "SCANNER_STATE": ("", "state"),
    "SCANNER_SITES": ("", "sites"),
    "SCANNER_METRICS_FILE": ("", "metrics_file"),
    "SCANNER_USER_AGENT": ("crawl", "user_agent"),
    "SCANNER_APPRISE_URLS": ("apprise", "urls"),
}


def _coerce(value: Any, default: Any, where: str) -> Any:
    """Convert a TOML/env value to the type of the default, or raise a ConfigError naming it."""
    kind = type(default)
    try:
        if isinstance(default, bool):
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
            raise ValueError(value)
        if isinstance(default, tuple):
            items = value.split(",") if isinstance(value, str) else list(value)
            return tuple(str(i).strip() for i in items if str(i).strip())
        if default is None:
            return None if value in (None, "") else str(value)
        return kind(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: cannot use {value!r} (expected {kind.__name__})") from exc


def _apply(section: Any, values: Mapping[str, Any], where: str) -> Any:
    known = {f.name: f for f in fields(section)}
    changes: dict[str, Any] = {}
    for key, value in values.items():
        name = key.replace("-", "_")
        if name not in known or name in _SECTIONS:
            raise ConfigError(f"{where}: unknown setting {key!r}")
        if name == "host_overrides":
            changes[name] = tuple((str(k), str(v)) for k, v in dict(value).items())
            continue
        if isinstance(section, AppriseSettings) and name in ("urls", "targets"):
            parse = parse_urls if name == "urls" else parse_targets
            changes[name] = parse(value, f"{where}.{key}")
            continue
        if name == "allowed_ports":
            changes[name] = _ports(value, f"{where}.{key}")
            continue
        changes[name] = _coerce(value, getattr(section, name), f"{where}.{key}")
    return dataclasses.replace(section, **changes)


def _ports(value: Any, where: str) -> tuple[int, ...]:
    """A list (or comma-separated text) of TCP ports."""
    items = value.split(",") if isinstance(value, str) else value
    try:
        ports = tuple(int(str(i).strip()) for i in items if str(i).strip())
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: cannot use {value!r} (expected a list of ports)") from exc
    bad = [p for p in ports if not 1 <= p <= 65535]
    if bad:
        raise ConfigError(f"{where}: port {bad[0]} out of range 1..65535")
    return ports


MAX_RETRIES = 10
MAX_PER_IP = 64
"""Sites of one server address at once, at most (the advisory-lock key layout's slots)."""
MAX_DEADLINE = 7 * 86400.0
"""Seconds; a site or scan deadline longer than a week is a mistake."""
MAX_TIMEOUT = 3600.0
"""Seconds; a longer timeout is a mistake (and 0 or less would mean 'wait forever')."""


def _ranges(settings: Settings) -> list[tuple[str, Any, bool, str]]:
    """(key, value, ok, requirement) for every numeric setting with a meaningful range."""
    c, d, e = settings.crawl, settings.detect, settings.email

    def positive_time(value: float) -> bool:
        return 0 < value <= MAX_TIMEOUT  # NaN fails both comparisons

    return [
        (
            "report.summarise_above",
            settings.summarise_above,
            settings.summarise_above >= 0,
            "0 or more",
        ),
        ("crawl.max_pages", c.max_pages, c.max_pages >= 1, "at least 1"),
        ("crawl.max_depth", c.max_depth, c.max_depth >= 0, "0 or more"),
        ("crawl.concurrency", c.concurrency, 1 <= c.concurrency <= 4096, "between 1 and 4096"),
        ("crawl.per_host", c.per_host, 1 <= c.per_host <= 256, "between 1 and 256"),
        ("crawl.per_ip", c.per_ip, 1 <= c.per_ip <= MAX_PER_IP, f"between 1 and {MAX_PER_IP}"),
        ("workers", settings.workers, 0 <= settings.workers <= 1024, "between 0 (one per core) "
         "and 1024"),
        ("crawl.delay", c.delay, 0 <= c.delay <= 60, "between 0 and 60 seconds"),
        *(
            (f"crawl.{name}", value, positive_time(value), f"> 0 and <= {MAX_TIMEOUT:g} seconds")
            for name, value in (
                ("connect_timeout", c.connect_timeout),
                ("read_timeout", c.read_timeout),
                ("total_timeout", c.total_timeout),
            )
        ),
        ("crawl.retries", c.retries, 0 <= c.retries <= MAX_RETRIES, f"between 0 and {MAX_RETRIES}"),
        ("crawl.backoff", c.backoff, 0 <= c.backoff <= 60, "between 0 and 60 seconds"),
        ("crawl.max_redirects", c.max_redirects, 0 <= c.max_redirects <= 50, "between 0 and 50"),
        ("crawl.max_body_bytes", c.max_body_bytes, c.max_body_bytes >= 1024, "at least 1024"),
        (
            "crawl.max_decompressed_bytes",
            c.max_decompressed_bytes,
            c.max_decompressed_bytes >= 1024,
            "at least 1024",
        ),
        ("crawl.query_variants", c.query_variants, c.query_variants >= 1, "at least 1"),
        ("crawl.max_sitemap_urls", c.max_sitemap_urls, c.max_sitemap_urls >= 0, "0 or more"),
        (
            "crawl.site_deadline",
            c.site_deadline,
            0 < c.site_deadline <= MAX_DEADLINE,
            f"> 0 and <= {MAX_DEADLINE:g} seconds",
        ),
        (
            "crawl.scan_deadline",
            c.scan_deadline,
            0 <= c.scan_deadline <= MAX_DEADLINE,
            f"0 (none) or up to {MAX_DEADLINE:g} seconds",
        ),
        (
            "crawl.min_transfer_rate",
            c.min_transfer_rate,
            0 <= c.min_transfer_rate <= 10_000_000,
            "between 0 (none) and 10000000 bytes per second",
        ),
        ("detect.cloak_sample", d.cloak_sample, d.cloak_sample >= 0, "0 or more"),
        ("detect.mobile_sample", d.mobile_sample, d.mobile_sample >= 0, "0 or more"),
        ("detect.max_assets", d.max_assets, d.max_assets >= 0, "0 or more"),
        ("detect.max_offsite_scripts", d.max_offsite_scripts, d.max_offsite_scripts >= 0,
         "0 or more"),
        ("email.port", e.port, 1 <= e.port <= 65535, "between 1 and 65535"),
        ("email.timeout", e.timeout, positive_time(e.timeout), f"> 0 and <= {MAX_TIMEOUT:g}"),
        *_evidence_ranges(settings),
    ]


def _evidence_ranges(settings: Settings) -> list[tuple[str, Any, bool, str]]:
    """The evidence caps: positive sizes, a retention of 0 (for ever) or more days."""
    v = settings.evidence
    return [
        (f"evidence.{name}", value, value >= 1024, "at least 1024")
        for name, value in (
            ("record_bytes", v.record_bytes),
            ("scan_bytes", v.scan_bytes),
            ("spool_bytes", v.spool_bytes),
        )
    ] + [("evidence.retention_days", v.retention_days, v.retention_days >= 0, "0 or more")]


def _validate(settings: Settings) -> Settings:
    """Check ranges and choices, naming the key; fill in the derived defaults (the lock)."""
    e = settings.email
    for key, value, ok, requirement in _ranges(settings):
        if not ok:
            raise ConfigError(f"{key} must be {requirement} (got {value!r})")
    checks = [
        (e.security in ("starttls", "ssl", "none"), "email.security must be starttls|ssl|none"),
        (e.policy in ("always", "on-new", "never"), "email.policy must be always|on-new|never"),
        (settings.lang in ("id", "en"), "lang must be id or en"),
        (
            settings.min_severity in ("info", "low", "medium", "high", "critical"),
            "report.min_severity must be info|low|medium|high|critical",
        ),
        (
            set(settings.detect.cloak_profiles) <= {"googlebot", "mobile", "google-referer"},
            "detect.cloak_profiles must be among googlebot, mobile, google-referer",
        ),
    ]
    for ok, message in checks:
        if not ok:
            raise ConfigError(message)
    _check_timezone(settings.timezone)
    wrong = problems(settings.apprise)
    if wrong:
        raise ConfigError("; ".join(wrong))
    if settings.base_url and not settings.base_url.lower().startswith(("https://", "http://")):
        raise ConfigError("report.base_url must start with https:// (or http://)")
    if not settings.lock:
        settings = dataclasses.replace(settings, lock=str(lock_path_for(settings.state)))
    return settings


def _check_timezone(name: str) -> None:
    """``report.timezone`` must be an IANA zone the system (or ``tzdata``) knows."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            f"report.timezone: unknown time zone {name!r} (an IANA name: Asia/Jakarta for WIB, "
            "Asia/Makassar for WITA, Asia/Jayapura for WIT)"
        ) from exc


def load_settings(
    path: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Build the frozen Settings: defaults, then the TOML file, then ``env``, then ``overrides``.

    ``path`` defaults to ``./scanner.toml`` when that exists. ``overrides`` takes dotted keys
    (``"crawl.max_pages"``, ``"state"``); ``None`` values are skipped so unset flags never win.
    """
    settings = Settings()
    file = Path(path) if path else Path("scanner.toml")
    if path or file.exists():
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError(f"{file}: file not found") from exc
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{file}: {exc}") from exc
        settings = _from_mapping(settings, data, str(file))
    env = os.environ if env is None else env
    for var, (section, key) in _ENV.items():
        if var in env and env[var] != "":
            settings = _set(settings, section, key, env[var], var)
    for dotted, value in (overrides or {}).items():
        if value is None:
            continue
        section, _, key = dotted.rpartition(".")
        settings = _set(settings, section, key, value, f"option {dotted}")
    settings = dataclasses.replace(settings, apprise=expand(settings.apprise, env))
    return _validate(settings)


def _from_mapping(settings: Settings, data: Mapping[str, Any], where: str) -> Settings:
    for table, values in data.items():
        if not isinstance(values, dict):
            if table in ("lang",):
                settings = _set(settings, "", table, values, f"{where}: {table}")
                continue
            raise ConfigError(f"{where}: unknown setting {table!r}")
        if table in _SECTIONS:
            current = getattr(settings, table)
            settings = dataclasses.replace(
                settings, **{table: _apply(current, values, f"{where}: [{table}]")}
            )
        elif table in _TOP_LEVEL_TABLES or table == "report":
            allowed = _TOP_LEVEL_TABLES.get(
                table, ("lang", "timezone", "min_severity", "base_url", "summarise_above")
            )
            for key, value in values.items():
                if key not in allowed:
                    raise ConfigError(f"{where}: [{table}] unknown setting {key!r}")
                settings = _set(settings, "", key, value, f"{where}: [{table}].{key}")
        else:
            raise ConfigError(f"{where}: unknown section [{table}]")
    return settings


def _set(settings: Settings, section: str, key: str, value: Any, where: str) -> Settings:
    if section:
        if section not in _SECTIONS:
            raise ConfigError(f"{where}: unknown section {section!r}")
        current = getattr(settings, section)
        return dataclasses.replace(settings, **{section: _apply(current, {key: value}, where)})
    if key not in {f.name for f in fields(settings)} or key in _SECTIONS:
        raise ConfigError(f"{where}: unknown setting {key!r}")
    return dataclasses.replace(settings, **{key: _coerce(value, getattr(settings, key), where)})
