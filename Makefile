# Every target sets itself up: it creates .venv and installs the pinned
# packages (requirements.txt) the first time, and again when the pins change.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: help serve build test clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

serve: $(STAMP) ## Build both languages and serve them at http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP) ## Build the deployable site into site/ (fails on any warning)
	$(BIN)/mkdocs build --strict

test: $(STAMP) ## Run the whole test suite (builds the site once)
	$(BIN)/python -m pytest

clean: ## Remove the built site, caches and the virtual environment
	rm -rf site .cache .pytest_cache $(VENV) test-artifacts
