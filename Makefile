# Storyline task index. `make demo` and `make test` are the two set-up commands in the README.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= storyline.db

.PHONY: help install install-dev demo test lint format typecheck pytest eval bench clean

help:            ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed          ## create .venv and install the package

install-dev: $(VENV)/.installed-dev  ## install with the dev extras (ruff, mypy, pytest)

demo: install                        ## run the whole pipeline on the bundled demo corpus
	$(BIN)/storyline --db $(DB) run examples/demo
	$(BIN)/storyline --db $(DB) stats
	@echo "Database: $(abspath $(DB))  (try: $(BIN)/storyline --db $(DB) search hostages)"

test: install-dev lint typecheck pytest  ## lint, type-check and run every test

lint: install-dev                    ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev                  ## apply ruff formatting and safe fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: install-dev               ## mypy on the package
	$(BIN)/mypy

pytest: install-dev                  ## pytest (exit code 5, "no tests collected", fails the build)
	$(BIN)/pytest

eval: install                        ## extraction and date accuracy beside published scores
	$(BIN)/storyline eval

bench: install                       ## ingest throughput and memory on 1k and 10k synthetic articles
	$(BIN)/python benchmarks/ingest.py

clean:                               ## remove the venv, caches and the demo database
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache $(DB) $(DB)-wal $(DB)-shm
