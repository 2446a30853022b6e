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

.PHONY: run test check lint format clean bench sdk translations settings-doc

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

# docs/settings.md, from the Settings class and the comments above its fields
# (tests/ops/test_settings_doc.py fails while the doc is stale).
settings-doc: $(STAMP)
	$(BIN)/python tools/settings_doc.py

# The public pages' strings (src/webinarium/pages/translations/): extracted from
# the templates into pages.pot, merged into every language's pages.po, which
# a translator then completes (pages/i18n.py reads .po files; nothing to compile).
TRANSLATIONS := src/webinarium/pages/translations
translations: $(STAMP)
	$(BIN)/pybabel extract --no-location --sort-output -F $(TRANSLATIONS)/babel.cfg \
		-k _ -k gettext -k ngettext:1,2 -o $(TRANSLATIONS)/pages.pot src/webinarium/pages/templates
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -D pages \
		-i $(TRANSLATIONS)/pages.pot -d $(TRANSLATIONS)

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
