# Quick start:  make run   (set up, process the sample PDFs into data/warehouse/budget.duckdb)
#               make test  (set up with dev dependencies, run the test suite)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Dagster's instance (run history, sensor cursors) for `make run` and `make ui`; tests use their own.
DAGSTER_HOME_DIR := $(CURDIR)/.dagster_home

.PHONY: run test lint ui install install-dev samples schemas fuzz fuzz-deps fuzz-samples clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files so a second `make run` does not reinstall; pyproject.toml changes trigger it.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(DAGSTER_HOME_DIR)/dagster.yaml: dagster.yaml
	mkdir -p $(DAGSTER_HOME_DIR)
	cp dagster.yaml $@

run: install $(DAGSTER_HOME_DIR)/dagster.yaml
	DAGSTER_HOME=$(DAGSTER_HOME_DIR) $(BIN)/budget-etl run

# Lint and format first (seconds), then the suite. Exit status 5 is pytest's "no tests
# collected": say so, and fail.
test: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@$(BIN)/python -m pytest -n 2 --dist loadfile; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests" >&2; fi; exit $$rc

# Fix what ruff can fix and format the code (make test only checks).
lint: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Rewrite what the table declarations generate (schemas/warehouse.sql, the tables of docs/WAREHOUSE.md).
schemas: install
	$(BIN)/python -m schemas.generate

ui: install $(DAGSTER_HOME_DIR)/dagster.yaml
	DAGSTER_HOME=$(DAGSTER_HOME_DIR) $(BIN)/dagster dev -w workspace.yaml

# Regenerate the committed sample PDFs (needs LibreOffice and fonts-noto-cjk; see tools/make_samples.py).
samples: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[samples]'
	$(BIN)/python tools/make_samples.py

# Layout fuzzing (tools/fuzz_layouts.py): N random layouts over the three seeds, rendered through
# LibreOffice, every cell compared and every document loaded; the summary (failures grouped by
# layout dimension) goes to $(FUZZ_OUT)/fuzz_summary.md. Rendering needs LibreOffice and the CJK
# fonts: installed here with apt-get when missing (as root), otherwise named and the target stops.
N ?= 200
FUZZ_SEED ?= 1
FUZZ_OUT ?= $(CURDIR)/bench/fuzz
FUZZ_DEBS := libreoffice-writer-nogui fonts-noto-cjk fonts-wqy-microhei
fuzz-deps: install-dev
	@if ! command -v soffice >/dev/null || ! fc-list | grep -q "Noto Serif CJK" || ! fc-list | grep -q "WenQuanYi Micro Hei"; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(FUZZ_DEBS) >/dev/null; \
	  else \
	    echo "make fuzz needs LibreOffice and the CJK fonts: apt-get install $(FUZZ_DEBS)" >&2; exit 1; \
	  fi; \
	fi
	$(BIN)/python -m pip install --quiet -e '.[dev,samples]'

fuzz: fuzz-deps
	$(BIN)/python tools/fuzz_layouts.py --seed $(FUZZ_SEED) --count $(N) --out $(FUZZ_OUT)

# Re-render the committed fuzzed samples (data/samples/fuzz/, read by tests/test_fuzz_layouts.py).
fuzz-samples: fuzz-deps
	$(BIN)/python tools/fuzz_layouts.py --seed 7 --count 12 --out $(CURDIR)/bench/fuzz_samples --pdf-dir $(CURDIR)/data/samples/fuzz

clean:
	rm -rf data/warehouse data/inbox $(DAGSTER_HOME_DIR)
