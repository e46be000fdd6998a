# Teamboard — two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SEMGREP_VENV := .venv-semgrep
SEMGREP_STAMP := $(SEMGREP_VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export TEAMBOARD_DATA_DIR ?= $(CURDIR)/data

.PHONY: run test install frontend frontend-test client dev lint typecheck pytest pytest-postgres security bench bench-scale bench-ws bench-nginx bench-markdown bench-attachments bench-import lighthouse scale-test e2e screenshots clean

$(STAMP): backend/pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e "backend[test]"
	touch $(STAMP)

install: $(STAMP)

$(SEMGREP_STAMP): security/semgrep-requirements.txt
	test -x $(SEMGREP_VENV)/bin/python || $(PYTHON) -m venv $(SEMGREP_VENV)
	$(SEMGREP_VENV)/bin/python -m pip install -q -r security/semgrep-requirements.txt
	touch $(SEMGREP_STAMP)

# The React frontend: installed from the lock file, linted (ESLint with type-aware rules and
# the folder rules; no warning allowed), type-checked and built by Vite; the build prints
# each entry's gzip size and fails past its budget. Nothing built is committed.
frontend:
	cd frontend && npm ci --no-audit --no-fund && npm run lint && npm run build

# Vitest: ordering, optimistic updates, token refresh, event application, the live client,
# and that the generated API client matches the OpenAPI document.
frontend-test: frontend
	cd frontend && npm test

# Regenerate the API client from the backend's OpenAPI document, and the Markdown
# allow-list and limits and the catalogue of messages the SPA shares with the pages
# (no server needed).
client: install
	$(BIN)/teamboard openapi --output frontend/openapi.json
	$(BIN)/teamboard markdown-policy --output frontend/src/generated/markdown-policy.json
	$(BIN)/teamboard messages --output frontend/src/generated/messages.json
	cd frontend && npm run client

# Hot reload: Vite's dev server for the SPA (http://127.0.0.1:5173/app/) and the islands,
# the backend (with --reload) loading the islands from it.
dev: install
	cd frontend && npm ci --no-audit --no-fund
	$(BIN)/teamboard migrate
	$(BIN)/teamboard seed-demo
	trap 'kill 0' EXIT; \
	(cd frontend && TEAMBOARD_BASE_URL=http://$(HOST):$(PORT) npm run dev) & \
	TEAMBOARD_VITE_DEV_URL=http://127.0.0.1:5173 TEAMBOARD_CORS_ORIGINS=http://127.0.0.1:5173 \
		$(BIN)/teamboard serve --host $(HOST) --port $(PORT) --reload

run: install frontend
	$(BIN)/teamboard migrate
	$(BIN)/teamboard seed-demo
	@echo ""
	@echo "  Teamboard is at http://$(HOST):$(PORT)   (API docs: http://$(HOST):$(PORT)/docs)"
	@echo "  Demo log-in: demo@example.com / teamboard-demo"
	@echo ""
	$(BIN)/teamboard serve --host $(HOST) --port $(PORT)

lint: install
	cd backend && ../$(BIN)/ruff check teamboard tests ../bench ../e2e ../deploy ../security ../devkit
	cd backend && ../$(BIN)/ruff format --check teamboard tests ../bench ../e2e ../deploy ../security ../devkit
	# One-way layers (backend/pyproject.toml [tool.importlinter], docs/architecture.md).
	cd backend && ../$(BIN)/lint-imports

# mypy --strict over the backend and its tests (the packages in backend/pyproject.toml's
# [tool.mypy]), devkit, the deploy and security scripts, and the benchmarks.
typecheck: install
	cd backend && ../$(BIN)/mypy
	$(BIN)/mypy --config-file backend/pyproject.toml -p devkit -p deploy.nginx
	cd deploy && ../$(BIN)/mypy --config-file ../backend/pyproject.toml scale_test.py scaletest
	cd security && ../$(BIN)/mypy --config-file ../backend/pyproject.toml schemathesis_run.py schemathesis_hooks.py
	cd bench && MYPYPATH=../backend ../$(BIN)/mypy --config-file ../backend/pyproject.toml .

pytest: install
	cd backend && ../$(BIN)/pytest -q -p no:cacheprovider

# Same suite against PostgreSQL when a server is given (CI starts one).
pytest-postgres: install
	@if [ -n "$$TEAMBOARD_TEST_POSTGRES_URL" ]; then \
		cd backend && TEAMBOARD_TEST_DB=postgres ../$(BIN)/pytest -q -p no:cacheprovider; \
	else echo "pytest-postgres: TEAMBOARD_TEST_POSTGRES_URL not set, skipped"; fi

test: install frontend frontend-test lint typecheck pytest pytest-postgres e2e

# Security checks: bandit over the backend, the project's semgrep rules (their own tests
# first; offline, no registry), and schemathesis over the whole OpenAPI document against
# a real server (security/schemathesis_run.py, about 3 minutes). Each runs even when an
# earlier one failed; accepted exceptions are written down where they are configured.
SEMGREP := SEMGREP_ENABLE_VERSION_CHECK=0 $(SEMGREP_VENV)/bin/semgrep
SEMGREP_FLAGS := --metrics=off --disable-version-check --config security/semgrep
security: install $(SEMGREP_STAMP)
	@failed=""; \
	echo "== bandit"; \
	$(BIN)/bandit -q -c backend/pyproject.toml -r backend/teamboard || failed="$$failed bandit"; \
	echo "== semgrep: the rules' tests"; \
	$(SEMGREP) --test --metrics=off security/semgrep || failed="$$failed semgrep-tests"; \
	echo "== semgrep"; \
	$(SEMGREP) scan $(SEMGREP_FLAGS) --error --quiet --text backend/teamboard \
		|| failed="$$failed semgrep"; \
	echo "== schemathesis"; \
	$(PY) security/schemathesis_run.py || failed="$$failed schemathesis"; \
	if [ -n "$$failed" ]; then echo "make security: failed:$$failed"; exit 1; fi; \
	echo "make security: all passed"

bench: install
	$(PY) bench/run.py

# Growth: cost against size (200 to 10,000 cards, 1,000 to 1,000,000 events, 5 to 500
# boards) on data sets bulk-built on SQLite and PostgreSQL (bench/README.md, "Growth").
bench-scale: install
	$(PY) bench/scale.py

# WebSocket fan-out: needs redis-server; PostgreSQL too for the two-instance run.
bench-ws: install
	$(PY) bench/ws_bench.py

# Markdown: pages of 40 pathological 20,000-character texts, /healthz meanwhile.
bench-markdown: install
	$(PY) bench/markdown_bench.py

# Attachments: a 25 MB upload and download against the worker's idle memory, and board
# reads beside 25 MB transfers against reads alone.
bench-attachments: install
	$(PY) bench/attachments_bench.py

# Trello import: a 5,000-card, 20,000-action export timed alone (target: under 30 s), and
# board reads while it imports against reads alone (bench/import_bench.py --db postgres too).
bench-import: install
	$(PY) bench/import_bench.py

# Lighthouse 12 (mobile preset) on /login, /boards, a 200-card board page and the SPA's
# board, logged in with real cookies; needs Node and Chromium (bench/lighthouse.py).
lighthouse: install frontend
	$(PY) bench/lighthouse.py

# Load through nginx: one instance against two (PostgreSQL + Redis), and a bare baseline.
bench-nginx: install frontend
	$(PY) bench/nginx_bench.py

# The scaled-out set-up on loopback: PostgreSQL, Redis, two instances, nginx running the
# rendered deploy/nginx templates; prints every check and a summary (docs/deploying.md).
scale-test: install frontend
	$(PY) deploy/scale_test.py

# Browser tests and screenshots: Debian's Chromium (apt-get install chromium) driven by
# Playwright. Without Chromium the browser tests skip, except under CI where they fail.
e2e: install
	$(BIN)/pytest -q -p no:cacheprovider e2e

screenshots: install
	$(PY) e2e/screenshots.py

clean:
	rm -rf $(VENV) $(SEMGREP_VENV) data backend/*.egg-info
