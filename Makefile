# Two commands on a fresh machine: `make run` (app with demo data on SQLite, served on PORT,
# default 8000, with the background worker beside it) and `make test` (which installs
# Debian's chromium for the end-to-end tests when it is missing and it can, as CI does).
# On PostgreSQL with two roles (README, "Database roles"): DATABASE_URL is the application's
# role, DATABASE_OWNER_URL the tables' owner; `make migrate` migrates as the owner, then
# grants the application's role what it needs, and the rest runs as the application.
# `make serve` runs the register as production does (gunicorn, DEBUG off: bring SECRET_KEY).
# Everything installs from the lock files (requirements/), which `make lock` regenerates.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The end-to-end tests drive this browser (tests/e2e/conftest.py reads CHROMIUM_PATH too).
CHROMIUM_PATH ?= /usr/bin/chromium
export DEBUG ?= true
# uv writes the lock files (`make lock`); it runs from a virtualenv of its own, outside the
# project, at this version, in the user's own cache (not a shared folder such as /tmp,
# where another account could put a uv of its own first). UV_ARGS passes options on,
# e.g. UV_ARGS=--upgrade.
UV_VERSION := 0.13.9
UV_VENV ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/conduct-register/uv-$(UV_VERSION)
UV := $(UV_VENV)/bin/uv
UV_COMPILE := $(UV) pip compile pyproject.toml --quiet --generate-hashes --python-version 3.11 \
	--python-platform linux --custom-compile-command "make lock" $(UV_ARGS)

.PHONY: run serve migrate test chromium install lock lint typecheck format check clean

# The project itself is not installed (pyproject.toml has no packages): only what the lock
# file pins, each checked against its hash.
$(BIN)/activate: requirements/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	touch $(BIN)/activate

install: $(BIN)/activate

migrate: install
ifdef DATABASE_OWNER_URL
	DATABASE_URL="$$DATABASE_OWNER_URL" $(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py grant_app_role
else
	$(BIN)/python manage.py migrate --noinput
endif

# The background worker (exports, emails, scheduled jobs) runs beside the development
# server and stops with it (without autoreload, whose child process would outlive a kill).
run: migrate
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	printf '\nServing the register at http://127.0.0.1:%s/ (another port: make run PORT=8001).\n' $(PORT); \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production settings: DEBUG off, so SECRET_KEY (and ALLOWED_HOSTS) must come from the
# environment; the settings refuse to start without a SECRET_KEY. The worker is a separate
# process (README, "Deployment").
serve: DEBUG = false
serve: migrate
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/gunicorn -c gunicorn.conf.py conduct_register.wsgi

# Regenerates both lock files from pyproject.toml, keeping every pin that still fits its
# range (UV_ARGS=--upgrade for the newest of everything, or --upgrade-package django).
lock: $(UV)
	$(UV_COMPILE) -o requirements/main.txt
	$(UV_COMPILE) --extra dev -o requirements/dev.txt

$(UV):
	$(PYTHON) -m venv $(UV_VENV)
	$(UV_VENV)/bin/pip install --quiet uv==$(UV_VERSION)

test: install chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Debian's chromium for the end-to-end tests (no browser is downloaded), and Liberation
# Sans, the font metric-compatible with the Arial the pages ask for (without it Chromium
# falls back to the wider DejaVu Sans and the layout tests measure another page):
# installed with apt when missing and we are root, as CI does; otherwise say how, and
# those tests fail.
E2E_PACKAGES := chromium fonts-liberation
chromium:
	@if [ ! -x "$(CHROMIUM_PATH)" ] || ! fc-list 2>/dev/null | grep -q "Liberation Sans"; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "== installing Debian's $(E2E_PACKAGES) for the end-to-end tests"; \
			{ DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(E2E_PACKAGES) >/dev/null; } || \
			{ echo "Could not install $(E2E_PACKAGES) with apt-get (see above)." >&2; exit 1; }; \
		else \
			echo "The end-to-end tests need Debian's chromium at $(CHROMIUM_PATH) and the" \
				"Liberation fonts: run 'sudo apt-get install $(E2E_PACKAGES)' (or set" \
				"CHROMIUM_PATH); until then they fail." >&2; \
		fi; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy's Django plugin loads the settings: DEBUG (exported above) gives them a development key.
typecheck: install
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles exports .pytest_cache
