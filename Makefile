# rasd: `make demo` and `make test` are all a newcomer types; both run `setup` first when needed.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.rasd-installed

.PHONY: setup demo test check bench eval clean

setup: $(STAMP)

# Reinstall when the dependency pins or the npm lock change.
$(STAMP): pyproject.toml $(wildcard package-lock.json)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@# The fuzzer ships wheels for x86_64 Linux; elsewhere the fuzz tests skip and say why.
	$(BIN)/pip install -q -e '.[dev,fuzz]' || echo "atheris not installable here: fuzz targets will be skipped"
	@if [ -f package-lock.json ] && command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; fi
	@if [ -f scripts/vendor_web_assets.py ]; then $(BIN)/python scripts/vendor_web_assets.py; fi
	$(BIN)/rasd gazetteer build --quiet || echo "gazetteer: will be built on first use"
	touch $(STAMP)

demo: setup
	$(BIN)/rasd demo

# Starts a throwaway PostgreSQL when the server binaries exist, so the store tests run on both backends.
test: setup
	@set -e; \
	if [ -z "$$RASD_TEST_PG_URL" ] && [ -x scripts/pg_test_server.sh ]; then \
	  url=$$(scripts/pg_test_server.sh start 2>/dev/null || true); \
	  if [ -n "$$url" ]; then export RASD_TEST_PG_URL="$$url"; echo "PostgreSQL for tests: $$url"; fi; \
	fi; \
	status=0; $(BIN)/pytest $(PYTEST_ARGS) || status=$$?; \
	if [ -n "$${url:-}" ]; then scripts/pg_test_server.sh stop >/dev/null 2>&1 || true; fi; \
	exit $$status

check: setup
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

bench: setup
	$(BIN)/python bench/run.py

# Dev-gold scores (needs ../shared): see docs/quality.md.
eval: setup
	scripts/eval_dev.sh

clean:
	rm -rf $(VENV) node_modules build dist rasd-demo .pytest_cache .mypy_cache .ruff_cache
