# Quick start:  make run   (set up, process the sample PDFs into data/warehouse/budget.duckdb)
#               make test  (set up with dev dependencies, run the test suite)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Dagster's instance (run history, sensor cursors) for `make run` and `make ui`; tests use their own.
DAGSTER_HOME_DIR := $(CURDIR)/.dagster_home

.PHONY: run test ui install install-dev samples clean

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

# Exit status 5 is pytest's "no tests collected": say so, and fail.
test: install-dev
	@$(BIN)/python -m pytest -n 2 --dist loadfile; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests" >&2; fi; exit $$rc

ui: install $(DAGSTER_HOME_DIR)/dagster.yaml
	DAGSTER_HOME=$(DAGSTER_HOME_DIR) $(BIN)/dagster dev -w workspace.yaml

# Regenerate the committed sample PDFs (needs LibreOffice and fonts-noto-cjk; see tools/make_samples.py).
samples: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[samples]'
	$(BIN)/python tools/make_samples.py

clean:
	rm -rf data/warehouse data/inbox $(DAGSTER_HOME_DIR)
