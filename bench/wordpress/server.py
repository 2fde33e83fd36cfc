"""A real WordPress (Debian's ``wordpress`` package) on loopback: MariaDB + PHP's server.

``serve(sites, workdir)`` starts one MariaDB on a Unix socket inside ``workdir``, copies
``/usr/share/wordpress`` once per site, writes its ``wp-config.php``, installs it and its content
with WordPress's own PHP API (``wp_install``, ``wp_insert_post``, ``wp_insert_comment``), drops
the site's must-use plugins (the infections) and serves each copy with ``php -S`` on its own
127.0.0.1 port. Nothing listens beyond loopback and nothing is fetched from outside. Needs the
Debian packages ``wordpress php-cli php-mysql mariadb-server`` (``make wordpress`` installs them).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

WORDPRESS = Path("/usr/share/wordpress")
PACKAGES = ("wordpress", "php-cli", "php-mysql", "mariadb-server")
_START_TIMEOUT = 60.0


class SetupError(RuntimeError):
    """The WordPress target could not be set up (missing package, server did not start)."""


@dataclass(frozen=True, slots=True)
class Post:
    """A post or page to create: WordPress renders everything around it."""

    title: str
    content: str
    slug: str
    date: str = "2024-07-01 09:00:00"
    kind: str = "post"
    comments: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class WordPressSite:
    """One WordPress install: its host name, content and must-use plugins (PHP source)."""

    host: str
    title: str
    posts: tuple[Post, ...]
    mu_plugins: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Served:
    """Where each site answers: host -> ``127.0.0.1:port``."""

    ports: dict[str, int]

    @property
    def overrides(self) -> tuple[tuple[str, str], ...]:
        """``host_overrides`` for the crawler settings."""
        return tuple((h, f"127.0.0.1:{p}") for h, p in self.ports.items())


def missing_packages() -> list[str]:
    """The Debian packages this target needs that are not installed."""
    found = {
        "wordpress": (WORDPRESS / "wp-load.php").exists(),
        "php-cli": shutil.which("php") is not None,
        "php-mysql": _php_has_mysqli(),
        "mariadb-server": shutil.which("mariadbd") is not None,
    }
    return [pkg for pkg, ok in found.items() if not ok]


def _php_has_mysqli() -> bool:
    if shutil.which("php") is None:
        return False
    done = subprocess.run(["php", "-m"], capture_output=True, text=True, check=False)
    return "mysqli" in done.stdout.split()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + _START_TIMEOUT
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise SetupError(f"{what} did not start within {_START_TIMEOUT:.0f} s")


@contextlib.contextmanager
def _mariadb(workdir: Path) -> Iterator[Path]:
    """A private MariaDB on a Unix socket (no TCP), stopped on exit."""
    data, sock = workdir / "mysql", workdir / "mysql.sock"
    if not data.exists():
        subprocess.run(
            ["mariadb-install-db", "--user=root", f"--datadir={data}", "--skip-test-db",
             "--auth-root-authentication-method=normal"],
            check=True, capture_output=True,
        )  # fmt: skip
    log = (workdir / "mysql.log").open("w")
    proc = subprocess.Popen(
        ["mariadbd", "--no-defaults", "--user=root", f"--datadir={data}", f"--socket={sock}",
         "--skip-networking", f"--pid-file={workdir / 'mysql.pid'}"],
        stdout=log, stderr=log,
    )  # fmt: skip
    try:
        _wait(lambda: sock.exists() or proc.poll() is not None, "MariaDB")
        if proc.poll() is not None:
            raise SetupError(f"MariaDB exited, see {workdir / 'mysql.log'}")
        yield sock
    finally:
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=20)
        log.close()


def _sql(sock: Path, statement: str) -> None:
    subprocess.run(["mariadb", f"--socket={sock}", "-uroot", "-e", statement], check=True,
                   capture_output=True)  # fmt: skip


_CONFIG = """<?php
define('DB_NAME', '{db}');
define('DB_USER', 'wp');
define('DB_PASSWORD', 'wp-loopback');
define('DB_HOST', 'localhost:{sock}');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
$table_prefix = 'wp_';
define('WP_HOME', 'http://{host}');
define('WP_SITEURL', 'http://{host}');
define('WP_CONTENT_DIR', __DIR__ . '/wp-content');
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('WP_DEBUG', false);
if (!defined('ABSPATH')) {{ define('ABSPATH', __DIR__ . '/'); }}
require_once ABSPATH . 'wp-settings.php';
"""

_ROUTER = """<?php
// PHP's built-in server: real files as they are, everything else through WordPress.
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$file = __DIR__ . $path;
if ($path !== '/' && is_file($file) && substr($file, -4) !== '.php') { return false; }
if ($path !== '/' && is_file($file)) { $_SERVER['SCRIPT_NAME'] = $path; require $file; return; }
$_SERVER['SCRIPT_NAME'] = '/index.php';
require __DIR__ . '/index.php';
"""

_INSTALL = """<?php
$spec = json_decode(file_get_contents($argv[1]), true);
$_SERVER['HTTP_HOST'] = $spec['host'];
$_SERVER['SERVER_NAME'] = $spec['host'];
$_SERVER['REQUEST_URI'] = '/';
define('WP_INSTALLING', true);
require __DIR__ . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
wp_install($spec['title'], 'admin', 'admin@' . $spec['host'], true, '', 'loopback-only-x7');
update_option('blogdescription', 'Portal resmi');
update_option('posts_per_page', 4);
update_option('default_comment_status', 'open');
update_option('thread_comments', 1);
update_option('comment_moderation', 0);
update_option('comment_previously_approved', 0);
wp_delete_post(1, true);
wp_delete_post(2, true);
wp_delete_post(3, true);
foreach ($spec['posts'] as $p) {
    $id = wp_insert_post(array(
        'post_title' => $p['title'], 'post_content' => $p['content'], 'post_name' => $p['slug'],
        'post_status' => 'publish', 'post_type' => $p['kind'], 'post_date' => $p['date'],
        'comment_status' => 'open', 'post_author' => 1,
    ), true);
    if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message() . "\\n"); exit(1); }
    foreach ($p['comments'] as $c) {
        wp_insert_comment(array('comment_post_ID' => $id, 'comment_author' => $c[0],
            'comment_content' => $c[1], 'comment_approved' => 1, 'comment_date' => $p['date']));
    }
}
global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%year%/%monthnum%/%day%/%postname%/');
$wp_rewrite->flush_rules(false);
echo "installed\\n";
"""


def _install_site(site: WordPressSite, root: Path, sock: Path, db: str) -> None:
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(WORDPRESS, root, symlinks=False)
    (root / "wp-config.php").write_text(_CONFIG.format(db=db, sock=sock, host=site.host))
    (root / "router.php").write_text(_ROUTER)
    (root / "install-content.php").write_text(_INSTALL)
    spec = {
        "host": site.host,
        "title": site.title,
        "posts": [
            {"title": p.title, "content": p.content, "slug": p.slug, "date": p.date,
             "kind": p.kind, "comments": [list(c) for c in p.comments]}
            for p in site.posts
        ],
    }  # fmt: skip
    (root / "content.json").write_text(json.dumps(spec))
    done = subprocess.run(["php", "install-content.php", "content.json"], cwd=root,
                          capture_output=True, text=True, check=False)  # fmt: skip
    if done.returncode != 0 or "installed" not in done.stdout:
        why = done.stderr[-2000:] or done.stdout[-2000:]
        raise SetupError(f"{site.host}: install failed: {why}")
    mu = root / "wp-content" / "mu-plugins"
    mu.mkdir(parents=True, exist_ok=True)
    for name, code in site.mu_plugins.items():
        (mu / name).write_text(code)


@contextlib.contextmanager
def serve(sites: tuple[WordPressSite, ...], workdir: Path) -> Iterator[Served]:
    """Install every site and serve it on its own loopback port until the block ends."""
    missing = missing_packages()
    if missing:
        raise SetupError("missing Debian packages: " + " ".join(missing))
    workdir.mkdir(parents=True, exist_ok=True)
    procs: list[subprocess.Popen[bytes]] = []
    with _mariadb(workdir) as sock:
        _sql(sock, "CREATE USER IF NOT EXISTS 'wp'@'localhost' IDENTIFIED BY 'wp-loopback'; "
                   "GRANT ALL ON *.* TO 'wp'@'localhost';")  # fmt: skip
        ports: dict[str, int] = {}
        try:
            for i, site in enumerate(sites):
                db = f"wp_{i}"
                _sql(sock, f"DROP DATABASE IF EXISTS {db}; CREATE DATABASE {db};")
                root = workdir / f"site{i}"
                _install_site(site, root, sock, db)
                port = _free_port()
                env = dict(os.environ, PHP_CLI_SERVER_WORKERS="4")
                # Its own process group: the server forks workers, stopped together below.
                procs.append(subprocess.Popen(
                    ["php", "-S", f"127.0.0.1:{port}", "-t", str(root), str(root / "router.php")],
                    cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                    start_new_session=True,
                ))  # fmt: skip
                ports[site.host] = port
            for port in ports.values():
                _wait(functools.partial(_listening, port), f"php -S on {port}")
            yield Served(ports)
        finally:
            for proc in procs:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=10)


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0
