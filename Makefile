# The commands the README shows. Both work on a machine that has only python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Installed again only when pyproject.toml changes.
STAMP := $(VENV)/.installed

.PHONY: run test check lint format clean

run: $(STAMP)
	$(BIN)/webinarium serve --demo

test: check
	$(BIN)/pytest -n auto

check: $(STAMP)
	$(BIN)/ruff format --check src tests
	$(BIN)/ruff check src tests
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
