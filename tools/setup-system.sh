#!/usr/bin/env bash
# Install the Debian packages the build and the tests need, in one step.
#
# Used by `make setup` (README) and by `.ci/run` (CI): one list, kept here.
# Works as root or, for any other user, through sudo. Runs `apt-get update`
# first. Node.js and npm are added only when `node` / `npm` are missing, so a
# machine with Node.js from another source (nodesource, nvm) is not refused
# by apt. Prints what it installs and why.
set -euo pipefail

PACKAGES=(
  python3-venv                                          # the .venv that `make` creates
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0  # WeasyPrint: the PDFs (overrides/hooks/chapter_pdfs.py)
  poppler-utils                                         # pdftotext/pdftoppm: the PDF tests
  chromium chromium-driver                              # real-browser tests (tests/test_browser.py): /usr/bin/chromium
  hunspell hunspell-es                                  # Spanish spelling (tools/spelling_es.py)
  hunspell-en-us                                        # tells English words in a Spanish page apart (tools/spelling_es.py)
  faketime                                              # a build with the clock moved (tests/test_reproducible.py)
)
command -v make >/dev/null 2>&1 || PACKAGES+=(make)
# git: page dates, out-of-date translations and their tests read git history.
command -v git >/dev/null 2>&1 || PACKAGES+=(git)
# Node.js + npm install axe-core for the browser tests and world-atlas for the
# Annex 1 map (`npm ci`, run by `make build` and `make test`).
# Listing npm while another Node.js is installed makes apt refuse the whole line.
command -v node >/dev/null 2>&1 || PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-system: apt-get not found; this script is for Debian and Ubuntu." >&2
  echo "Install the equivalents of: ${PACKAGES[*]}" >&2
  exit 2
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "setup-system: run this as root (or install sudo): it installs Debian packages." >&2
  exit 2
fi

echo "setup-system: installing ${PACKAGES[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
# The Makefile's targets run this script once per machine: this file records it.
STAMP="$(cd "$(dirname "$0")/.." && pwd)/.cache/system-packages.installed"
mkdir -p "$(dirname "$STAMP")" && touch "$STAMP"
echo "setup-system: done"
