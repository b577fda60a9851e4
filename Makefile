# Every target sets itself up: it creates .venv and installs the pinned
# packages (requirements.txt) the first time, and again when the pins change.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# npm packages pinned in package-lock.json (world-atlas, PurgeCSS and esbuild for
# the build; axe-core for the browser tests) and
# bench/package-lock.json (Lighthouse, only for `make bench`).
NPM_STAMP   := node_modules/.installed
BENCH_STAMP := bench/node_modules/.installed
SYSTEM_STAMP := .cache/system-packages.installed
# The static site generator: mkdocs, or its drop-in continuation properdocs
# (same mkdocs.yml, same output; decisions/0001-static-site-generator.md).
# Example: make build GENERATOR=properdocs
GENERATOR ?= mkdocs
# Material prints its end-of-life notice once per build (README, "Maintenance");
# the tests silence it (NO_MKDOCS_2_WARNING=1), `make build` and `make serve` show it.

.PHONY: help setup serve build check pdf-preview test bench lint translations linkcheck-external lock clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-19s %s\n", $$1, $$2}'

# Every package, dependencies included, is pinned and checked against its
# hash (requirements.txt, generated from requirements.in by `make lock`).
$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(NPM_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the build cannot draw the Annex 1 map and the browser tests will be skipped (apt-get install npm)"; fi

$(BENCH_STAMP): bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund --loglevel=error
	touch $@

setup: ## Install the Debian packages (tools/setup-system.sh; root or sudo), then the Python and npm packages
	tools/setup-system.sh
	$(MAKE) $(STAMP) $(NPM_STAMP)

# `make serve`, `make build`, `make check` and `make test` run the system set-up
# once per machine (the script writes this stamp), so the README's two commands
# do all set-up on a fresh machine. Where it cannot run (no apt-get, no root or
# sudo), say so and go on: the checks that need a missing tool skip with a hint.
$(SYSTEM_STAMP): tools/setup-system.sh
	@tools/setup-system.sh || echo "make: the system packages were not installed (see above); continuing"
	@mkdir -p $(dir $@) && touch $@

# The preview is served at the root (SITE_URL), not under the published path.
serve: $(SYSTEM_STAMP) $(STAMP) $(NPM_STAMP) ## Build both languages and serve them at http://127.0.0.1:8000 with live reload (no PDFs)
	SKIP_PDF=1 SITE_URL=http://127.0.0.1:8000/ $(BIN)/$(GENERATOR) serve --dev-addr 127.0.0.1:8000

build: $(STAMP) $(NPM_STAMP) ## Build the deployable site into site/ (fails on any warning)
	$(BIN)/$(GENERATOR) build --strict

# PDFs: `make build` writes site/pdf/*.pdf and site/es/pdf/*.pdf (WeasyPrint, cached
# in .cache/pdf/); the font is shipped in docs/assets/fonts/. SKIP_PDF=1 skips them.
pdf-preview: build ## Build the site with its PDFs and serve site/ at http://127.0.0.1:8000 (PDFs under /pdf/ and /es/pdf/)
	@ls site/pdf site/es/pdf
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory site 8000

# The whole suite on every core (pytest-xdist; the site is built once for all
# workers, and one page load's browser checks run side by side: tests/conftest.py),
# printing each failure as it happens (pytest-instafail).
test: $(SYSTEM_STAMP) $(STAMP) $(NPM_STAMP) ## Run the whole test suite (builds the site once; parallel; failures printed as they happen)
	$(BIN)/python -m pytest -n auto --instafail

# The translator's fast lane: everything about the Markdown, no PDFs, no browser.
check: $(SYSTEM_STAMP) $(STAMP) $(NPM_STAMP) ## Before a pull request: strict build without PDFs, translation checks, lint and spelling (about a minute)
	$(BIN)/python tools/check.py

lint: $(STAMP) ## Only the Markdown lint and the English and Spanish spelling checks (fast; part of make check)
	$(BIN)/python tools/check.py --lint

translations: $(STAMP) ## List Spanish pages whose English page changed since (git history; never fails)
	-$(BIN)/python overrides/hooks/outdated_translations.py

# Needs the internet; never part of `make test`. Settings and ignore list:
# tools/lychee.toml. The site is built without PDFs (their links are the pages').
linkcheck-external: $(STAMP) $(NPM_STAMP) ## Check every external link of the site (internet; report in linkcheck/report.md)
	SKIP_PDF=1 $(BIN)/$(GENERATOR) build --strict --site-dir .cache/linkcheck-site
	$(BIN)/python tools/linkcheck_external.py .cache/linkcheck-site

bench: $(STAMP) $(NPM_STAMP) $(BENCH_STAMP) ## Page weight per page type (gzip) and Lighthouse scores; not a gate
	$(BIN)/$(GENERATOR) build --strict
	$(BIN)/python bench/page_weight.py site

# Needs PyPI. The packages of requirements.in get its exact versions; their
# dependencies keep the versions requirements.txt already has unless those no
# longer fit. `make lock LOCK_FLAGS=--upgrade` moves every dependency to its newest release.
LOCK_FLAGS ?=
lock: $(STAMP) ## Regenerate requirements.txt (every package pinned, with hashes) from requirements.in
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links $(LOCK_FLAGS) --output-file=requirements.txt requirements.in

clean: ## Remove the built site, caches and the virtual environment
	rm -rf site .cache .pytest_cache $(VENV) test-artifacts linkcheck node_modules bench/node_modules
