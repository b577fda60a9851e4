# Every target sets itself up: it creates .venv and installs the pinned
# packages (requirements.txt) the first time, and again when the pins change.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# npm packages pinned in package-lock.json (axe-core for the browser tests) and
# bench/package-lock.json (Lighthouse, only for `make bench`).
NPM_STAMP   := node_modules/.installed
BENCH_STAMP := bench/node_modules/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: help setup serve build check pdf-preview test bench lint translations linkcheck-external clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-19s %s\n", $$1, $$2}'

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(NPM_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the browser tests will be skipped (apt-get install npm)"; fi

$(BENCH_STAMP): bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund --loglevel=error
	touch $@

setup: ## Install the Debian packages (tools/setup-system.sh; root or sudo), then the Python and npm packages
	tools/setup-system.sh
	$(MAKE) $(STAMP) $(NPM_STAMP)

serve: $(STAMP) ## Build both languages and serve them at http://127.0.0.1:8000 with live reload (no PDFs)
	SKIP_PDF=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP) ## Build the deployable site into site/ (fails on any warning)
	$(BIN)/mkdocs build --strict

# PDFs: `make build` writes site/pdf/*.pdf and site/es/pdf/*.pdf (WeasyPrint, cached
# in .cache/pdf/); the font is shipped in docs/assets/fonts/. SKIP_PDF=1 skips them.
pdf-preview: build ## Build the site with its PDFs and serve site/ at http://127.0.0.1:8000 (PDFs under /pdf/ and /es/pdf/)
	@ls site/pdf site/es/pdf
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory site 8000

# The whole suite on every core (pytest-xdist; the site is built once for all
# workers, and one page load's browser checks run side by side: tests/conftest.py),
# printing each failure as it happens (pytest-instafail).
test: $(STAMP) $(NPM_STAMP) ## Run the whole test suite (builds the site once; parallel; failures printed as they happen)
	$(BIN)/python -m pytest -n auto --instafail

# The translator's fast lane: everything about the Markdown, no PDFs, no browser.
check: $(STAMP) ## Before a pull request: strict build without PDFs, translation checks, lint and spelling (about a minute)
	$(BIN)/python tools/check.py

lint: $(STAMP) ## Only the Markdown lint and the English and Spanish spelling checks (fast; part of make check)
	$(BIN)/python tools/check.py --lint

translations: $(STAMP) ## List Spanish pages whose English page changed since (git history; never fails)
	-$(BIN)/python overrides/hooks/outdated_translations.py

# Needs the internet; never part of `make test`. Settings and ignore list:
# tools/lychee.toml. The site is built without PDFs (their links are the pages').
linkcheck-external: $(STAMP) ## Check every external link of the site (internet; report in linkcheck/report.md)
	SKIP_PDF=1 $(BIN)/mkdocs build --strict --site-dir .cache/linkcheck-site
	$(BIN)/python tools/linkcheck_external.py .cache/linkcheck-site

bench: $(STAMP) $(NPM_STAMP) $(BENCH_STAMP) ## Page weight per page type (gzip) and Lighthouse scores; not a gate
	$(BIN)/mkdocs build --strict
	$(BIN)/python bench/page_weight.py site

clean: ## Remove the built site, caches and the virtual environment
	rm -rf site .cache .pytest_cache $(VENV) test-artifacts linkcheck node_modules bench/node_modules
