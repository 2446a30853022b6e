# The commands the README shows. Both work on a machine that has only python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Installed again only when pyproject.toml changes.
STAMP := $(VENV)/.installed

# Each case starts its own servers on fresh databases (see bench/README.md);
# BENCH_ARGS passes options to every case, e.g. BENCH_ARGS="--json bench.jsonl".
BENCH_CASES := bigmarker_register moc_attendees moc_webinars_list boomstream_list \
	conference_list_size registrants_size conference_show room_fanout reports media

.PHONY: run test check lint format clean bench sdk

run: $(STAMP)
	$(BIN)/webinarium serve --demo

test: check
	$(BIN)/pytest -n auto

check: $(STAMP)
	$(BIN)/ruff format --check src tests bench tools
	$(BIN)/ruff check src tests bench tools
	$(BIN)/mypy
	$(BIN)/mypy bench

format: $(STAMP)
	$(BIN)/ruff format src tests bench tools
	$(BIN)/ruff check --fix src tests bench tools

# The SDK's blocking clients, written from its asyncio ones (src/webinarium/client/_async/).
sdk: $(STAMP)
	$(BIN)/python tools/unasync_sdk.py

# Not part of `test`: minutes of load, figures for docs/performance.md.
bench: $(STAMP)
	set -e; for case in $(BENCH_CASES); do $(BIN)/python bench/$$case.py $(BENCH_ARGS); done

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
