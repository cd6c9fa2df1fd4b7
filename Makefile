# The two commands of the README: `make demo` (run the portal) and `make test` (pass the suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
# The modules mypy checks: where the rules live (writes and reads), as files or packages.
TYPED = $(wildcard */services.py */services/*.py */selectors.py */selectors/*.py)

.PHONY: demo test install messages bench lint serve-worker clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	touch $@

install: $(VENV)/.installed

messages: install
	$(MANAGE) compile_catalogues

# Embedded default: SQLite, Celery tasks run eagerly, demo data and one account per role (printed).
demo: messages
	DJANGO_SETTINGS_MODULE=config.settings.local $(MANAGE) migrate --noinput -v0
	DJANGO_SETTINGS_MODULE=config.settings.local $(MANAGE) seed_demo
	@echo "产业培育 portal: http://127.0.0.1:$(PORT)/  (Ctrl-C to stop)"
	DJANGO_SETTINGS_MODULE=config.settings.local $(MANAGE) runserver 127.0.0.1:$(PORT)

# Tests run against PostgreSQL and Redis (DATABASE_URL / REDIS_URL; defaults: this machine's).
test: messages
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy $(TYPED)
	$(BIN)/pytest -m "not benchmark"

bench: messages
	$(BIN)/pytest benchmarks -m benchmark -s -p no:randomly

lint:
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3

# Re-extract the Chinese source strings into locale/en and locale/zh_Hans (needs GNU gettext:
# xgettext, msgmerge), then compile. Translate the new entries before committing:
# tests/core/test_i18n.py fails while any msgid is untranslated or missing.
.PHONY: messages-update
messages-update: install
	$(MANAGE) makemessages -l en -l zh_Hans --ignore=.venv --ignore=static/vendor --ignore=tests --no-obsolete
	$(MANAGE) compile_catalogues
