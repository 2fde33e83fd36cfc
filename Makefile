# Quickstart targets: `make demo` and `make test` work on a fresh machine with Python 3.11, pip, make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest sigtest bench realworld hostile wordpress bind9-utils clean postgres-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,distributed,apprise]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/scanner demo

lint: $(STAMP)
	$(BIN)/ruff check scanner tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

sigtest: $(STAMP)
	$(BIN)/scanner signatures test

pytest: $(STAMP)
	$(BIN)/pytest -q

test: lint typecheck sigtest pytest

bench: $(STAMP)
	$(BIN)/python -m bench

# Detection measured on the shared real-world samples (read in place, never copied here).
REALWORLD ?= ../shared/realworld
realworld: $(STAMP)
	$(BIN)/python -m bench.realworld $(REALWORLD)

# The hostile world of issue 12 at full size (60-page gzip bomb, 60 s site deadline), scanned
# through the real CLI on loopback; prints each site's outcome. `make test` runs the quick one.
hostile: $(STAMP)
	$(BIN)/python scripts/hostile_world.py

# A real WordPress (Debian's package, MariaDB + PHP's server on loopback) with traps and the
# issue-11 infections, scanned and scored. Needs root for apt the first time; not in `make test`.
WP_PACKAGES := wordpress php-cli php-mysql mariadb-server
wordpress: $(STAMP)
	@command -v php >/dev/null && command -v mariadbd >/dev/null && [ -f /usr/share/wordpress/wp-load.php ] \
		&& php -m | grep -qx mysqli || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(WP_PACKAGES))
	$(BIN)/python -m bench.wordpress $(WP_WORKDIR)

# Debian's bind9-utils: named-checkzone checks the RPZ blocklist export in the tests (issue 14).
# Needs root for apt (.ci/run calls it as root); without it that one test is skipped, saying so.
bind9-utils:
	@command -v named-checkzone >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bind9-utils)

# PostgreSQL (Debian's package) for the distributed mode's tests: installed when root and missing.
# `make test` runs without it (those tests skip, saying why); `.ci/run` installs it first and
# sets SCANNER_REQUIRE_POSTGRES=1 so that a skip there is a failure.
postgres-deps:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; \
		else echo "postgres-deps: PostgreSQL missing; run as root to install it" >&2; exit 1; fi; }

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache
