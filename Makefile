# Synergies — `make` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Python 3.12: pyenv's when it has one (this is how the project's machines provide it), else python3.12.
PYTHON312 ?= $(shell (command -v pyenv >/dev/null 2>&1 && v=$$(pyenv versions --bare 2>/dev/null | grep -E '^3\.12(\.|$$)' | tail -n 1) && [ -n "$$v" ] && echo "$$(pyenv prefix $$v)/bin/python3.12") || command -v python3.12)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist workers: one per core (each worker has its own test database).
TEST_WORKERS ?= auto

.PHONY: help
help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(PY):
	@test -n "$(PYTHON312)" || { echo "Python 3.12 est introuvable : installez python3.12 (ou pyenv install 3.12)."; exit 1; }
	$(PYTHON312) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(PY) requirements/base.txt requirements/dev.txt requirements/constraints.txt
	$(PY) -m pip install --quiet -r requirements/dev.txt -c requirements/constraints.txt
	touch $(STAMP)

.PHONY: install
install: $(STAMP) ## Create the virtual environment and install everything

.PHONY: demo
# Links in e-mails, feeds and exports point to the port the demo is served on (make demo PORT=8100).
demo: export SYNERGIES_SITE_URL ?= http://$(HOST):$(PORT)
demo: install ## Set up the embedded SQLite database, load the demo territory and serve on http://127.0.0.1:8000
	mkdir -p var
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	@echo "Synergies : http://$(HOST):$(PORT)/ (le travailleur de tâches et le planificateur tournent à côté ; Ctrl-C arrête tout)"
	@$(PY) manage.py db_worker --queue-name '*' >var/worker.log 2>&1 & worker=$$!; \
	$(PY) manage.py run_scheduler >var/scheduler.log 2>&1 & scheduler=$$!; \
	trap "kill $$worker $$scheduler 2>/dev/null" EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

.PHONY: serve
serve: install ## Production path: migrate, collect static files, gunicorn + tasks worker + scheduler (settings from the environment)
	mkdir -p var
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input --verbosity 0
	@echo "Synergies (gunicorn) : http://$(HOST):$(PORT)/ — voir docs/operations.md"
	@$(PY) manage.py db_worker --queue-name '*' >>var/worker.log 2>&1 & worker=$$!; \
	$(PY) manage.py run_scheduler >>var/scheduler.log 2>&1 & scheduler=$$!; \
	trap "kill $$worker $$scheduler 2>/dev/null" EXIT INT TERM; \
	$(VENV)/bin/gunicorn config.wsgi --config config/gunicorn.conf.py --bind $(HOST):$(PORT)

.PHONY: test
test: install ## Install and run the whole test suite (browser tests skip without Chromium, unless CI=true)
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

.PHONY: quality
quality: install ## Formatting, lint, templates, missing migrations
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/djlint synergies/templates --lint
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

.PHONY: fix
fix: install ## Reformat and fix what can be fixed automatically
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/djlint synergies/templates --reformat --quiet || true

.PHONY: bench
bench: install ## Run the benchmarks (results to write in docs/benchmarks.md)
	$(PY) bench/sirene_import.py --rows 1000000 3000000
	$(PY) bench/directory_search.py --organisations 100000
	$(PY) bench/opportunities.py --opportunities 5000 --saved-searches 1000
	$(PY) bench/matching_quality.py own
	$(PY) bench/matching_quality.py cnil_epitca
	$(PY) bench/matching_quality.py cdtn_datafiller --passage-chars 400
	$(PY) bench/matching_speed.py --sizes 10000 100000 1000000 --end-to-end 10000
	$(PY) bench/steering.py
	$(PY) bench/platforms.py
	$(PY) bench/load.py --organisations 100000 --users 50 --minutes 5

.PHONY: clean
clean: ## Remove the virtual environment and local data
	rm -rf $(VENV) var staticfiles
