# The two commands: `make run` (portal with demo data on the embedded default) and `make test`.
# Each sets up what it needs on a fresh machine: virtual environment, packages, migrations,
# compiled translations, static files.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
MANAGE := $(BIN)/python manage.py

.PHONY: run test install messages compilemessages static lint format vendor bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

compilemessages: install
	cd $(CURDIR) && $(MANAGE) compilemessages --ignore=.venv --ignore=var >/dev/null

messages: install
	$(MANAGE) makemessages -l ar -l en --ignore=.venv --ignore=var --ignore=node_modules --no-obsolete
	$(MANAGE) compilemessages --ignore=.venv --ignore=var >/dev/null

run: install compilemessages
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) runserver 127.0.0.1:8000

test: install compilemessages
	mkdir -p var
	DJANGO_SETTINGS_MODULE=muqeem.settings.test $(MANAGE) collectstatic --noinput >/dev/null
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djlint templates --reformat

# Measured speed (issue 5): gunicorn + PostgreSQL + Redis on loopback, driven by wrk; prints one table
# and writes bench/results/<date>.md. BENCH_SCALE=0 skips the 1,000,000-request part.
bench: install compilemessages
	$(BIN)/python bench/run.py

vendor:
	bash scripts/vendor_assets.sh

clean:
	rm -rf $(VENV) var
