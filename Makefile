# Two commands on a fresh machine: `make run` (app with demo data on SQLite, served on PORT,
# default 8000) and `make test` (which installs Debian's chromium for the end-to-end tests
# when it is missing and it can, as CI does).
# On PostgreSQL with two roles (README, "Database roles"): DATABASE_URL is the application's
# role, DATABASE_OWNER_URL the tables' owner; `make migrate` migrates as the owner, then
# grants the application's role what it needs, and the rest runs as the application.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The end-to-end tests drive this browser (tests/e2e/conftest.py reads CHROMIUM_PATH too).
CHROMIUM_PATH ?= /usr/bin/chromium
export DEBUG ?= true

.PHONY: run migrate test chromium install lint typecheck format check clean

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/activate

install: $(BIN)/activate

migrate: install
ifdef DATABASE_OWNER_URL
	DATABASE_URL="$$DATABASE_OWNER_URL" $(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py grant_app_role
else
	$(BIN)/python manage.py migrate --noinput
endif

run: migrate
	$(BIN)/python manage.py seed_demo
	@printf '\nServing the register at http://127.0.0.1:%s/ (another port: make run PORT=8001).\n' $(PORT)
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Debian's chromium for the end-to-end tests (no browser is downloaded): installed with apt
# when it is missing and we are root, as CI does; otherwise say how, and those tests fail.
chromium:
	@if [ ! -x "$(CHROMIUM_PATH)" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "== installing Debian's chromium for the end-to-end tests"; \
			{ DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
			{ echo "Could not install chromium with apt-get (see above)." >&2; exit 1; }; \
		else \
			echo "The end-to-end tests need Debian's chromium at $(CHROMIUM_PATH):" \
				"run 'sudo apt-get install chromium' (or set CHROMIUM_PATH);" \
				"until then they fail." >&2; \
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
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
