# interview-grader — `make run` serves, `make test` runs the whole suite; both set up first.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NATIVE := $(VENV)/.native
SCORING := $(wildcard service/scoring/*.py service/scoring/matchers/*.py)

.PHONY: setup system-deps run test lint bench clean

setup: system-deps $(STAMP) $(NATIVE)

system-deps:
	@bash scripts/system-deps.sh

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip check
	@touch $(STAMP)

# the scoring engine's matching modules compiled with mypyc, again after any change to scoring
$(NATIVE): $(STAMP) $(SCORING) scripts/compile_scoring.py
	$(BIN)/python scripts/compile_scoring.py
	@touch $(NATIVE)

run: setup
	$(BIN)/grader serve

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/grader lint

bench: setup
	$(BIN)/python bench/cli_start.py
	$(BIN)/python bench/score_latency.py
	$(BIN)/python bench/code_latency.py
	$(BIN)/python bench/answer_cost.py
	$(BIN)/python bench/group_commit.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/load.py --database postgresql
	$(BIN)/python bench/regrade.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache build
	find service -name '*.so' -delete
