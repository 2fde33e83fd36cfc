"""``scanner init``: write a commented ``scanner.toml`` that lists every setting.

Every setting is commented out at its default, so the file changes nothing until a line is
uncommented; a test checks the template names every setting of ``scanner.config`` and that
each uncommented value loads (docs/configuration.md describes the same settings).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scanner.cli.base import app

TEMPLATE = """\
# scanner.toml: settings of the .go.id integrity scanner (docs/configuration.md).
# Priority: defaults < this file < environment (SCANNER_*) < command-line flags.
# Every setting below is at its default and commented out: uncomment what you change.

[scan]
# sites = "sites.csv"                 # the inventory (url,name,owner,contact[,tags,max_pages])
# state = "state/scanner.db"          # state DB: SQLite path, or postgresql://user@host/db
# reports_dir = "reports"             # latest.html plus a dated copy per scan
# json = "reports/latest.json"        # write the scan JSON here (unset: no JSON)
# report = "reports/latest.html"      # write the HTML report here (unset: reports_dir)
# lock = "state/scanner.lock"         # unset: beside the state DB
# log_file = "state/scanner.log"      # --cron logs here (unset: beside the state DB)
# metrics_file = "/var/lib/node_exporter/textfile_collector/scanner.prom"  # Prometheus
# workers = 0                         # processes scanning at once (0: one per core)

[report]
# lang = "id"                         # id | en
# timezone = "Asia/Jakarta"           # WIB; Asia/Makassar (WITA), Asia/Jayapura (WIT)
# min_severity = "info"               # lesser incidents: not in report, mail, exit code
# base_url = "https://scanner.example.go.id/reports"  # where reports_dir is served: chat links
# summarise_above = 500               # more sites: report and mail per province and owner

[crawl]
# max_pages = 200                     # pages per site (a site's max_pages column wins)
# max_depth = 5                       # link depth from the homepage
# concurrency = 64                    # concurrent requests, all sites together
# per_host = 4                        # concurrent requests per host
# per_ip = 2                          # sites of one server address at once (--workers, workers)
# delay = 0.0                         # seconds between requests to one host
# connect_timeout = 10.0              # seconds (each timeout: > 0 and <= 3600)
# read_timeout = 20.0
# total_timeout = 45.0
# min_transfer_rate = 512             # bytes/s a body must average (0: no minimum)
# site_deadline = 1800.0              # seconds one site may take; then stopped, incomplete
# scan_deadline = 0.0                 # seconds the whole scan may take (0: none)
# retries = 2                         # transient errors only (timeouts, resets, 502/503/504)
# backoff = 0.5                       # seconds before the first retry, doubled after
# max_redirects = 10
# max_body_bytes = 5242880            # bigger pages are failed pages (too_large)
# max_decompressed_bytes = 20971520   # gzip, deflate, brotli
# query_variants = 20                 # trap guard: query-string variants of one path
# max_sitemap_urls = 5000
# verify_tls = true
# insecure_fallback = true            # after a certificate failure, fetch unverified (recorded)
# proxy = "http://proxy.example.go.id:3128"
# trust_env = true                    # honour HTTP_PROXY / HTTPS_PROXY / NO_PROXY
# user_agent = "Mozilla/5.0 (compatible; GoIdIntegrityScanner/0.1; +https://github.com/)"
# host_overrides = { "www.example.go.id" = "10.0.0.5:443" }   # resolver override
# allow_private = false               # also 10/8, 172.16/12, 192.168/16, CGNAT, ULA
# allowed_ports = [8080]              # ports besides 80 and 443

[detect]
# cloak_sample = 5                    # pages compared across profiles, besides the suspicious
# cloak_profiles = ["googlebot", "mobile", "google-referer"]
# mobile_sample = 30                  # more pages compared with the mobile profile only
# fetch_assets = true                 # fetch and analyse same-site JS/CSS
# max_assets = 30
# max_offsite_scripts = 15            # third-party scripts analysed per site
# signatures_dir = "signatures"       # unset: the signatures shipped with the scanner

[evidence]
# enabled = true                      # keep WARC records of pages with findings (evidence.md)
# dir = ""                            # unset: evidence/ beside the state DB
# record_bytes = 2097152              # body bytes kept per record
# scan_bytes = 209715200              # WARC bytes per scan at most
# spool_bytes = 268435456             # one site's exchanges held until its findings are known
# retention_days = 180                # older WARC files pruned at scan start (0: for ever)

[email]
# The SMTP password does not belong here: set SCANNER_SMTP_PASSWORD in the service's
# environment file (mode 0600, docs/operations.md).
# host = "smtp.example.go.id"         # required by --email
# port = 587
# user = "scanner"
# security = "starttls"               # starttls | ssl | none
# sender = "scanner@example.go.id"    # required by --email
# to = ["csirt@example.go.id"]        # the team (or notify_contacts = true)
# policy = "on-new"                   # on-new | always | never
# all_clear = false                   # also mail when nothing is open
# notify_contacts = false             # also mail each site's contact its own incidents
# timeout = 30.0                      # seconds

[apprise]
# Chat channels (scan --notify; pip install 'scanner[apprise]'). URLs hold tokens: put them in
# SCANNER_APPRISE_URLS, or write ${VARIABLE} in a URL, in the 0600 environment file
# (docs/operations.md), not here in clear.
# urls = ["tgram://${SCANNER_TELEGRAM_TOKEN}/-1001234567890"]   # the team: every site
# policy = "on-new"                   # on-new | always | never (as email.policy)
# all_clear = false                   # also a message when nothing is open
# format = "text"                     # text | markdown
# max_incidents = 5                   # incidents listed; the rest are "and N more"
# targets = { jatim = { urls = ["json://hooks.example.go.id/scanner"], tags = ["jatim"] } }
"""


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write it.", metavar="FILE")] = Path(
        "scanner.toml"
    ),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented scanner.toml listing every setting at its default."""
    if path.exists() and not force:
        typer.secho(f"error: {path} exists (use --force to overwrite)", err=True)
        raise typer.Exit(2)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TEMPLATE, encoding="utf-8")
    except OSError as exc:
        typer.secho(f"error: {path}: {exc.strerror or exc}", err=True)
        raise typer.Exit(3) from None
    typer.echo(f"wrote {path}")
