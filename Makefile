# Teamboard — two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export TEAMBOARD_DATA_DIR ?= $(CURDIR)/data

.PHONY: run test install frontend lint typecheck pytest pytest-postgres bench bench-ws e2e screenshots clean

$(STAMP): backend/pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e "backend[test]"
	touch $(STAMP)

install: $(STAMP)

# The React frontend arrives with its own issue; until then there is nothing to build.
frontend:
	@if [ -f frontend/package.json ]; then cd frontend && npm ci --no-audit --no-fund && npm run build; \
	else echo "frontend: nothing to build yet"; fi

run: install frontend
	$(BIN)/teamboard migrate
	$(BIN)/teamboard seed-demo
	@echo ""
	@echo "  Teamboard is at http://$(HOST):$(PORT)   (API docs: http://$(HOST):$(PORT)/docs)"
	@echo "  Demo log-in: demo@example.com / teamboard-demo"
	@echo ""
	$(BIN)/teamboard serve --host $(HOST) --port $(PORT)

lint: install
	cd backend && ../$(BIN)/ruff check teamboard tests ../bench ../e2e
	cd backend && ../$(BIN)/ruff format --check teamboard tests ../bench ../e2e

typecheck: install
	cd backend && ../$(BIN)/mypy

pytest: install
	cd backend && ../$(BIN)/pytest -q -p no:cacheprovider

# Same suite against PostgreSQL when a server is given (CI starts one).
pytest-postgres: install
	@if [ -n "$$TEAMBOARD_TEST_POSTGRES_URL" ]; then \
		cd backend && TEAMBOARD_TEST_DB=postgres ../$(BIN)/pytest -q -p no:cacheprovider; \
	else echo "pytest-postgres: TEAMBOARD_TEST_POSTGRES_URL not set, skipped"; fi

test: install frontend lint typecheck pytest pytest-postgres e2e

bench: install
	$(PY) bench/run.py

# WebSocket fan-out: needs redis-server; PostgreSQL too for the two-instance run.
bench-ws: install
	$(PY) bench/ws_bench.py

# Browser tests and screenshots: Debian's Chromium (apt-get install chromium) driven by
# Playwright. Without Chromium the browser tests skip, except under CI where they fail.
e2e: install
	$(BIN)/pytest -q -p no:cacheprovider e2e

screenshots: install
	$(PY) e2e/screenshots.py

clean:
	rm -rf $(VENV) data backend/*.egg-info
