# The two commands a newcomer needs: `make run` and `make test`. `make help` lists the rest.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# A public key for settings that must name one but receive no report anybody opens.
THROWAWAY_REPORTS_KEY := $(BIN)/python -c "from reports.offline import throwaway_public_key as k; print(k())"
# Test workers (pytest-xdist): one per core. Each has its own database, Redis database
# and media folder.
PYTEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal
# Python keeps compiled modules (__pycache__, ignored by git) even where the environment
# says not to: the test servers, commands and workers each start Python again, and the
# second run of the suite collects in half the time.
unexport PYTHONDONTWRITEBYTECODE

.DEFAULT_GOAL := help
.PHONY: help install install-dev run serve test test-postgres test-browser lint format \
	migrations-check deploy-check html-checker screenshots bench profile-bare lighthouse edge mirror icons clean

help: ## List the Makefile targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  make %-18s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

install: $(VENV)/.runtime ## Create .venv and install the runtime requirements

install-dev: $(VENV)/.dev ## Create .venv and install runtime, test and lint requirements

# Links in the emails the local server sends (password resets, moderation) lead back to it.
run: export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)
# The mirror make edge answers from follows the changes made here (docs/deploy.md).
run: export MIRROR_ROOT ?= $(CURDIR)/.local/mirror
run: install .local/reports-public.key ## Migrate, load demo content and local accounts, serve http://127.0.0.1:8000/
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_content
	@# A database from an earlier version gets the search index this one builds (1 s).
	$(MANAGE) update_index --verbosity 0
	$(MANAGE) create_local_accounts
	@echo ""
	@echo "  Site:  http://$(HOST):$(PORT)/"
	@echo "  Admin: http://$(HOST):$(PORT)/admin/"
	@echo "  Scheduled publishing: publish_scheduled runs every minute."
	@echo ""
	@# publish_scheduled runs in a loop beside the server and stops with it.
	@( trap 'kill $$pause 2>/dev/null; exit 0' TERM; \
		while :; do $(MANAGE) publish_scheduled >/dev/null; sleep 60 & pause=$$!; wait $$pause; done ) & \
		scheduler=$$!; \
		trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
		$(MANAGE) runserver $(HOST):$(PORT)

# The key pair local reports are sealed to, made once; the private half stays in .local/
# (ignored by git): `python -m reports.offline open EXPORT .local/reports-private.key OUT`.
.local/reports-public.key: | $(VENV)/.runtime
	@mkdir -p .local
	$(BIN)/python -m reports.offline keygen .local/reports-private.key --no-passphrase > $@.new
	@mv $@.new $@

serve: export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)
serve: install ## Serve without reloading demo content
	$(MANAGE) runserver $(HOST):$(PORT)

test: install-dev html-checker ## Run the whole suite (browser tests skip only where Chromium is absent outside CI)
	$(PYTEST) $(PYTEST_ARGS)

test-postgres: install-dev html-checker ## Run the suite on PostgreSQL (DATABASE_URL, default the local server)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/portal} \
		$(PYTEST) -m "not browser and not multiprocess" $(PYTEST_ARGS)

test-browser: install-dev ## Run only the browser journeys
	$(PYTEST) -m browser $(PYTEST_ARGS)

# The Nu HTML checker (vnu.jar from npm, into .local/, run with Java) for
# tests/frontend/test_html_validity.py, which skips outside CI where npm or Java is missing.
VNU_VERSION := 26.9.27
html-checker: .local/vnu/$(VNU_VERSION).installed
.local/vnu/$(VNU_VERSION).installed:
	@if command -v npm >/dev/null; then \
		npm install --prefix .local/vnu --save-exact --no-audit --no-fund --ignore-scripts \
			--silent vnu-jar@$(VNU_VERSION) && touch $@; \
	else echo "npm is missing: the HTML checker's test will skip (apt-get install -y npm)"; fi

screenshots: install-dev ## PNGs of every page type at 320, 390 and 1280 px in screenshots/ (ignored by git)
	SCREENSHOTS=$(CURDIR)/screenshots $(BIN)/pytest -p no:cacheprovider tests/browser/test_screenshots.py

lint: install-dev ## Check code style (ruff) and templates (djhtml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates

format: install-dev ## Format Python (ruff) and templates (djhtml)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

migrations-check: install-dev ## Fail if a model change has no migration
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) makemigrations --check --dry-run

deploy-check: install-dev ## Run Django's deployment checks with production settings
	DJANGO_SETTINGS_MODULE=portal.settings.production \
	SECRET_KEY=$${SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-portal.example.org} \
	WAGTAILADMIN_BASE_URL=$${WAGTAILADMIN_BASE_URL:-https://portal.example.org} \
	REPORTS_PUBLIC_KEY=$${REPORTS_PUBLIC_KEY:-$$($(THROWAWAY_REPORTS_KEY))} \
	DATABASE_URL=$${DATABASE_URL:-sqlite://:memory:} \
		$(MANAGE) check --deploy --fail-level WARNING

bench: install-dev ## Benchmark every page type with gunicorn and wrk; writes docs/performance.md
	@command -v wrk >/dev/null || apt-get install -y wrk || \
		{ echo "make bench needs wrk (apt-get install -y wrk)"; exit 1; }
	@command -v redis-server >/dev/null || apt-get install -y redis-server || \
		{ echo "make bench needs redis-server (apt-get install -y redis-server)"; exit 1; }
	$(BIN)/python -m bench.run $(BENCH_ARGS)

# Lighthouse from npm, in a folder of its own (.local/ is ignored by git), run with Debian's
# Chromium; nothing else is downloaded.
LIGHTHOUSE_VERSION := 12.2.3
LIGHTHOUSE_ARGS ?=
.local/lighthouse/$(LIGHTHOUSE_VERSION).installed:
	@command -v npm >/dev/null || apt-get install -y npm || \
		{ echo "make lighthouse needs npm (apt-get install -y npm)"; exit 1; }
	npm install --prefix .local/lighthouse --save-exact --no-audit --no-fund --ignore-scripts \
		lighthouse@$(LIGHTHOUSE_VERSION)
	touch $@

lighthouse: install .local/lighthouse/$(LIGHTHOUSE_VERSION).installed ## Lighthouse on nine pages through nginx (mobile, desktop; median of 3); adds it to docs/performance.md
	@test -x /usr/bin/chromium || apt-get install -y chromium || \
		{ echo "make lighthouse needs Chromium (apt-get install -y chromium)"; exit 1; }
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || apt-get install -y nginx || \
		{ echo "make lighthouse needs nginx (apt-get install -y nginx)"; exit 1; }
	@command -v redis-server >/dev/null || apt-get install -y redis-server || \
		{ echo "make lighthouse needs redis-server (apt-get install -y redis-server)"; exit 1; }
	$(BIN)/python -m tools.lighthouse $(LIGHTHOUSE_ARGS)

# The edge (docs/deploy.md): nginx in front of an app already running (make run or
# gunicorn), answering from the mirror in MIRROR_ROOT when the app is down.
EDGE_PORT ?= 8080
APP_URL ?= http://$(HOST):$(PORT)
MIRROR_ROOT ?= $(CURDIR)/.local/mirror
edge: export EDGE_PORT := $(EDGE_PORT)
edge: export APP_URL := $(APP_URL)
edge: export MIRROR_ROOT := $(MIRROR_ROOT)
edge: install ## nginx in front of the app (EDGE_PORT 8080, APP_URL, MIRROR_ROOT, STATIC_ROOT, MEDIA_ROOT)
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || apt-get install -y nginx || \
		{ echo "make edge needs nginx (apt-get install -y nginx)"; exit 1; }
	$(MANAGE) collectstatic --noinput -v0
	$(MANAGE) render_edge --run

mirror: export MIRROR_ROOT := $(MIRROR_ROOT)
mirror: install ## Keep the mirror in MIRROR_ROOT current (builds it first if empty)
	$(MANAGE) mirror_worker

icons: install-dev ## Render the PNG icons and share image from static/img/emblem.svg and social.svg
	$(BIN)/python -m tools.icons

PROFILE_ARGS ?=
profile-bare: install-dev ## Where a bare request's time goes (cProfile, by part); adds it to docs/performance.md
	$(BIN)/python -m bench.profile_bare $(PROFILE_ARGS)

clean: ## Remove the virtualenv, the local database and generated files
	rm -rf $(VENV) db.sqlite3 media .test-media static_collected .pytest_cache .ruff_cache screenshots
