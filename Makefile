# The project's commands; each sets up what it needs in .venv/ first.
# make demo          set up, migrate, load demo content, serve at http://127.0.0.1:$(PORT)/
# make test          the whole test suite on SQLite (plus the example project's tests)
# make test-fast     the edit-run loop: the app's suite on SQLite without the browser tests,
#                    Hypothesis's quick profile, stopping at the first failure
# make test-postgres the same suite on PostgreSQL (DATABASE_URL, default: local test database)
# make lint          ruff, import layers, migrations in sync, every string of the source
#                    translated into German (the check extracts them: needs GNU gettext)
# make messages      update and compile locale/de (needs GNU gettext, developers only)
# make migrations    generate migrations with the oldest supported pair (Wagtail 7.4, Django 5.2)
# make screenshots   render the screenshots into docs/screenshots/ with Chromium
# make dist          build the sdist and the wheel into dist/, checked as CI checks them
# make host-site     a new `wagtail start` site gets the built wheel and the README's install
#                    steps, used over HTTP (about 2 minutes)
# make docs          build the documentation (docs/, mkdocs.yml) strictly: broken links fail
# make bench         render times, queries and comment posts against a bare page (a few minutes)
# make serve-prod    the example on its production settings: gunicorn, 2 workers, PostgreSQL, Redis
# make test-reliability  that server under concurrency, load and faults (about 2 minutes)

PYTHON ?= python3
PORT ?= 8000
# The suites run on every core (pytest-xdist); WORKERS=0 runs them in this one process.
WORKERS ?= auto
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
OLDEST := .venv-oldest
PIP_FLAGS := --quiet --disable-pip-version-check
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/kundenforum_test
MANAGE := cd example_project && ../$(BIN)/python manage.py
MAIL_WORKER := db_worker --backend kundenforum_mail --no-reload

.PHONY: host-site dist docs serve-prod test-reliability demo test test-fast test-postgres test-app test-example lint messages migrations screenshots bench venv clean

venv: $(INSTALLED)

$(INSTALLED): setup.cfg pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "wagtail-kundenforum needs Python 3.11 or newer as $(PYTHON)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_FLAGS) --upgrade pip
	$(BIN)/python -m pip install $(PIP_FLAGS) -e '.[test,example]'
	touch $@

# The outbox's worker (it sends the e-mail, printed to the console here) runs in the
# background beside the server, and is stopped by its PID when the server stops.
demo: venv
	$(MANAGE) migrate --noinput
	$(MANAGE) kundenforum_demo --port $(PORT) --create-admin
	cd example_project && { ../$(BIN)/python manage.py $(MAIL_WORKER) & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		../$(BIN)/python manage.py runserver 127.0.0.1:$(PORT) --noreload; }

test: venv test-app test-example

test-app: venv
	$(BIN)/python -m pytest -n $(WORKERS) $(PYTEST_ARGS)

# HYPOTHESIS_PROFILE: quick (the default) or thorough (CI's example counts); see tests/conftest.py.
test-fast: venv
	env -u DATABASE_URL HYPOTHESIS_PROFILE=quick $(BIN)/python -m pytest -n $(WORKERS) -m "not browser" -x -q $(PYTEST_ARGS)

test-example: venv
	cd example_project && ../$(BIN)/python -m pytest -c pytest.ini -n $(WORKERS) $(PYTEST_ARGS)

test-postgres: venv
	DATABASE_URL=$${DATABASE_URL:-$(POSTGRES_URL)} $(MAKE) --no-print-directory test-app test-example

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/python .ci/check_locale.py

messages: venv
	cd wagtail_kundenforum && ../$(BIN)/django-admin makemessages -l de --no-obsolete
	$(BIN)/python .ci/check_locale.py --compile

$(OLDEST)/.installed: setup.cfg
	$(PYTHON) -m venv $(OLDEST)
	$(OLDEST)/bin/python -m pip install $(PIP_FLAGS) 'wagtail==7.4.*' 'Django==5.2.*' -e '.[test,example]'
	touch $@

migrations: $(OLDEST)/.installed
	DJANGO_SETTINGS_MODULE=tests.settings PYTHONPATH=. $(OLDEST)/bin/django-admin makemigrations wagtail_kundenforum testapp
	cd example_project && ../$(OLDEST)/bin/python manage.py makemigrations home

screenshots: venv
	$(BIN)/python docs/make_screenshots.py

docs: venv
	bash .ci/check_docs.sh

host-site: venv
	$(BIN)/python hostsite/build_and_check.py --builder $(BIN)/python $(HOST_SITE_ARGS)

dist: venv
	rm -rf dist
	bash .ci/check_wheel.sh dist

# PostgreSQL when DATABASE_URL names one (the run uses its own database there), else SQLite.
bench: venv
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

# DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS, TRUSTED_PROXIES, PORT: see serve_prod.py.
serve-prod: venv
	cd example_project && ../$(BIN)/python serve_prod.py

# Needs PostgreSQL (role RELIABILITY_POSTGRES_USER, default postgres), Redis and redis-server.
test-reliability: venv
	$(BIN)/python -m pytest -c reliability/pytest.ini reliability $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) $(OLDEST) build dist *.egg-info
