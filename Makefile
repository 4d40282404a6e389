# The two commands: `make run` (portal with demo data on the embedded default) and `make test`.
# Each sets up what it needs on a fresh machine: virtual environment, packages, migrations,
# compiled translations, static files.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
MANAGE := $(BIN)/python manage.py
# manage.py and the Celery app fall back to the production settings (no DEBUG, no default key): each
# target names the settings it runs under.
LOCAL := DJANGO_SETTINGS_MODULE=muqeem.settings.local
TESTING := DJANGO_SETTINGS_MODULE=muqeem.settings.test

.PHONY: run test install messages compilemessages static lint format vendor bench clean

# The virtual environment, rebuilt when pyproject.toml changes. Debian's python3 without the
# python3-venv package has no ensurepip: then the venv is made without pip and the system pip
# installs pip into it (pip >= 22.3 knows --python).
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  rm -rf $(VENV) && $(PYTHON) -m venv --without-pip $(VENV) && \
	  $(PYTHON) -m pip --python $(BIN)/python install --quiet pip; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

# Compiled catalogues (.mo files are not committed). GNU gettext's msgfmt when present, else polib.
compilemessages: install
	@if command -v msgfmt >/dev/null 2>&1; then \
	  $(LOCAL) $(MANAGE) compilemessages --ignore=.venv --ignore=var --ignore=node_modules >/dev/null; \
	else \
	  $(BIN)/python scripts/compile_messages.py; \
	fi

messages: install
	$(LOCAL) $(MANAGE) makemessages -l ar -l en --ignore=.venv --ignore=var --ignore=node_modules --no-obsolete
	$(BIN)/python scripts/po_english.py
	$(MAKE) --no-print-directory compilemessages

static: install
	mkdir -p var
	$(LOCAL) $(MANAGE) collectstatic --noinput >/dev/null

# The portal on http://127.0.0.1:8000 with demo data: SQLite in var/, tasks run in-process (no
# broker), e-mails written to var/mail/*.eml.
run: install compilemessages static
	$(LOCAL) $(MANAGE) migrate --noinput
	$(LOCAL) $(MANAGE) seed_demo
	@echo "E-mails the portal sends are written to $(CURDIR)/var/mail/ (open the .eml files)."
	$(LOCAL) $(MANAGE) runserver 127.0.0.1:8000

# The whole suite. DATABASE_URL + REDIS_URL switch the real-service layer on; REQUIRE_REAL_SERVICES=1
# makes it fail, not skip, when those servers do not answer (CI sets it).
test: install compilemessages
	mkdir -p var
	$(TESTING) $(MANAGE) collectstatic --noinput >/dev/null
	$(TESTING) $(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	$(BIN)/djlint jinja2 --lint --profile=jinja

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djlint templates --reformat
	$(BIN)/djlint jinja2 --reformat --profile=jinja

# Measured speed (issue 5): gunicorn + PostgreSQL + Redis on loopback, driven by wrk; prints one table
# and writes bench/results/<date>.md. BENCH_SCALE=0 skips the 1,000,000-request part.
bench: install compilemessages
	$(BIN)/python -m bench

vendor:
	bash scripts/vendor_assets.sh

clean:
	rm -rf $(VENV) var
