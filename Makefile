# The two commands: `make run` and `make test`. Everything they need is installed from here.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev system-deps services lint messages worker beat bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

messages:
	@command -v msgfmt >/dev/null || scripts/system-deps.sh gettext
	$(PY) manage.py compilemessages --ignore=$(VENV) -v0

## Serve the seeded site on the embedded default (SQLite, Celery eager).
run: install
	@scripts/system-deps.sh fonts-noto-cjk || echo "Without fonts-noto-cjk, certificate PDFs show no Korean text."
	$(MAKE) --no-print-directory messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

system-deps:
	scripts/system-deps.sh chromium fonts-noto-cjk gettext poppler-utils

services:
	scripts/services.sh

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

## Lint, migrations check and the whole suite on PostgreSQL and Redis (127.0.0.1).
test: install-dev system-deps services
	$(MAKE) --no-print-directory lint messages
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

## Speed figures (PostgreSQL on 127.0.0.1): concurrent applications for a cohort's last seats;
## the monthly hub report (gathering, XLSX, PDF) for the demo data and ten times it; serving speed of
## each public and signed-in page against a bare Django hello-world under gunicorn (wrk, README "Serving speed").
bench: install-dev services messages
	@command -v wrk >/dev/null || scripts/system-deps.sh wrk
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} $(PY) bench/cohort_seats.py --scratch --applicants 500 --capacity 30
	$(PY) bench/monthly_report.py --repeat 5
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} $(PY) bench/serving.py $(SERVING_ARGS)

## A real worker and beat against Redis/PostgreSQL (see README).
worker: install
	$(VENV)/bin/celery -A portal worker -Q mail,default,reports -l info

beat: install
	$(VENV)/bin/celery -A portal beat -l info

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
