# Quickstart targets: `make demo` and `make test` work on a fresh machine with Python 3.11, pip, make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest sigtest bench realworld clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
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

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache
