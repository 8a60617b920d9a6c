# Broadsheet's everyday commands. `make run` and `make test` are the README's quick start.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# The PostgreSQL half of the test suite; this database is created by pytest-django.
POSTGRES_TEST_URL ?= postgres://postgres@127.0.0.1:5432/test
# The bench makes (and drops) a scratch database per site on this server.
POSTGRES_BENCH_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: run test test-sqlite test-postgres browser-deps screenshots bench lint docs install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed-run
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed-run

## run: set everything up (venv, install, migrate, demo content, admin) and serve on :8000
run: $(VENV)/.installed-run
	$(BIN)/broadsheet setup
	$(BIN)/broadsheet serve

## test: the whole suite, on SQLite and then on PostgreSQL, labelled, with a summary of both
test: $(VENV)/.installed-test browser-deps
	MAKE="$(MAKE)" bash scripts/test_both.sh

test-sqlite: $(VENV)/.installed-test browser-deps
	env -u DATABASE_URL $(BIN)/pytest

# The browser tests need Debian's chromium, Java for the Nu Html Checker and
# axe-core from npm; the nginx-in-front test needs nginx (with its Brotli
# module). Installed when missing and we may (root); otherwise those tests
# skip with the reason, except under CI where they fail.
NGINX_BROTLI := /usr/lib/nginx/modules/ngx_http_brotli_static_module.so
browser-deps: tests/e2e/node_modules/axe-core/axe.min.js
	@if ! command -v chromium >/dev/null || ! command -v java >/dev/null \
		|| ! command -v nginx >/dev/null || [ ! -e $(NGINX_BROTLI) ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -q && DEBIAN_FRONTEND=noninteractive \
				apt-get install -y -q chromium default-jre-headless \
				nginx-light libnginx-mod-http-brotli-static; \
		else echo "NOTE: install chromium, Java and nginx-light to run the browser and nginx tests"; fi; \
	fi

tests/e2e/node_modules/axe-core/axe.min.js: tests/e2e/package.json tests/e2e/package-lock.json
	npm ci --prefix tests/e2e --no-audit --no-fund
	touch $@

## screenshots: copy the article screenshots of the last test run into docs/
screenshots:
	cp test-artifacts/article-*.png docs/screenshots/

test-postgres: $(VENV)/.installed-test browser-deps
	@if $(BIN)/python scripts/postgres_ready.py "$(POSTGRES_TEST_URL)"; then \
		DATABASE_URL="$(POSTGRES_TEST_URL)" $(BIN)/pytest; \
	elif [ -n "$$CI" ]; then \
		echo "PostgreSQL is required under CI and is not reachable at $(POSTGRES_TEST_URL)"; exit 1; \
	else \
		echo "SKIPPED: the PostgreSQL run; no server at $(POSTGRES_TEST_URL) (set POSTGRES_TEST_URL)"; \
	fi

## bench: the benchmark tables, SQLite then PostgreSQL (own servers and nginx on loopback)
bench: $(VENV)/.installed-test
	@if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then apt-get install -y -q wrk nginx-light || \
			(apt-get update -q && apt-get install -y -q wrk nginx-light); \
		else echo "bench needs wrk and nginx"; exit 1; fi; \
	fi
	$(BIN)/python bench/run.py
	@if $(BIN)/python scripts/postgres_ready.py "$(POSTGRES_BENCH_URL)"; then \
		DATABASE_URL="$(POSTGRES_BENCH_URL)" $(BIN)/python bench/run.py --database postgres; \
	else echo "SKIPPED: the PostgreSQL bench; no server at $(POSTGRES_BENCH_URL)"; fi

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## docs: regenerate docs/cli.md from the commands' --help
docs: $(VENV)/.installed-run
	DATA_DIR=$$(mktemp -d) $(BIN)/python scripts/cli_reference.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .ruff_cache
