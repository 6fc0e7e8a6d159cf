# The index of what a developer can do. `make demo` and `make test` set everything up themselves.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
ASSETS := src/samen/static/vendor/.installed
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install demo test test-sqlite test-postgres lint format bench system-packages messages clean

install: $(STAMP) $(ASSETS)

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

$(ASSETS): frontend/package.json frontend/package-lock.json scripts/build-assets
	bash scripts/build-assets
	touch $(ASSETS)

demo: install
	$(VENV)/bin/samen demo

system-packages:
	bash scripts/system-packages

test: install system-packages test-sqlite test-postgres

test-sqlite:
	$(PY) -m pytest -q

test-postgres:
	SAMEN_TEST_DB=postgres $(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: install
	$(PY) scripts/translate-nl

bench: install
	SAMEN_DATABASE_URL=sqlite:///$$(mktemp -d)/bench.sqlite3 $(VENV)/bin/samen bench audit-chain --n 5000

clean:
	rm -rf $(VENV) frontend/node_modules src/samen/static/vendor var
