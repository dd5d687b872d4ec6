# mockprep: `make run` starts the product, `make test` checks it. Both set up .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RUN_STAMP  := $(VENV)/.stamp-run
DEV_STAMP  := $(VENV)/.stamp-dev
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt

.DEFAULT_GOAL := help
.PHONY: help run test lint typecheck pytest bench doctor clean

help: ## List the make targets
	@echo "mockprep make targets:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-install only when the dependency files change: a second `make run` starts at once.
$(RUN_STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(PIP_INSTALL) -e .
	@touch $@

$(DEV_STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(PIP_INSTALL) -e ".[dev]"
	@touch $@ $(RUN_STAMP)

run: $(RUN_STAMP) ## Set up (first time) and serve the web app on its embedded defaults
	$(BIN)/mockprep run

doctor: $(RUN_STAMP) ## Check this installation, one line per check
	$(BIN)/mockprep doctor

lint: $(DEV_STAMP) ## ruff lint and format check
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(DEV_STAMP) ## mypy, strict, on src/
	$(BIN)/mypy

pytest: $(DEV_STAMP) ## pytest only
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck pytest ## Set up (first time) and run ruff, mypy and every test

bench: $(DEV_STAMP) ## Speed, memory and quality benchmarks; each prints its figures
	$(BIN)/python benchmarks/run_all.py

clean: ## Remove the virtualenv and caches (your data is untouched)
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
