# Two commands on a fresh machine: `make run` (app with demo data on SQLite) and `make test`.
# On PostgreSQL with two roles (README, "Database roles"): DATABASE_URL is the application's
# role, DATABASE_OWNER_URL the tables' owner; `make migrate` migrates as the owner, then
# grants the application's role what it needs, and the rest runs as the application.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export DEBUG ?= true

.PHONY: run migrate test install lint typecheck format check clean

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
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

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
