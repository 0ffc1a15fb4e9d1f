# Liêm Chính — the two commands are `make run` and `make test`; the rest are their parts.
# GNU make. Everything lands in .venv/ (Python packages) and var/ (database, files, collected static).

SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= 8000
VENV ?= .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION ?= 0.13.9
PYTHON ?= $(shell command -v python3.11 || command -v python3)
# Installed once per change of the lock file or of pyproject.toml.
STAMP := $(VENV)/.liemchinh-installed

export PY PORT

.PHONY: help install run test lint test-checks test-sqlite test-postgres test-browser clean clean-data

help:
	@echo "make run            install, migrate, load the demo province, serve on http://127.0.0.1:$(PORT)/"
	@echo "make test           every test stage: lint, migrations, deploy checks, SQLite, PostgreSQL, browser"
	@echo "make install        create .venv and install the locked dependencies"
	@echo "make lint           ruff"
	@echo "make test-checks    migration drift and production deploy checks"
	@echo "make test-sqlite    the test suite on SQLite"
	@echo "make test-postgres  the test suite on a throwaway PostgreSQL server"
	@echo "make test-browser   browser tests in headless Chromium"
	@echo "make clean          remove .venv, caches and collected static files (keeps var/ data)"
	@echo "make clean-data     remove var/ (the embedded database and uploaded files)"

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@test -x $(UV) || $(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(UV) pip sync requirements.lock --python $(PY)
	$(UV) pip install -e . --no-deps --python $(PY)
	@touch $@

install: $(STAMP)
	@$(PY) manage.py compile_translations

run: install
	@scripts/run.sh

test: install
	@scripts/test.sh all

lint: install
	@scripts/test.sh lint

test-checks: install
	@scripts/test.sh migrations deploy

test-sqlite: install
	@scripts/test.sh sqlite

test-postgres: install
	@scripts/test.sh postgres

test-browser: install
	@scripts/test.sh browser

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-results var/staticfiles
	find . -path ./.git -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

clean-data:
	rm -rf var
