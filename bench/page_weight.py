"""Page weight and Lighthouse scores of the built site (a benchmark, not a gate).

Usage: ``python bench/page_weight.py [SITE_DIR]`` (``make bench`` builds the
site first). Serves SITE_DIR (default ``site/``) on 127.0.0.1 with gzip for
text files, as a static host would, and loads, each in a fresh browser
profile (first visit, empty cache), the home page and the heaviest chapter of
every language in Debian's Chromium. It prints, per page type, the bytes
transferred (compressed bodies plus headers, from Chromium's network events)
split into HTML, CSS, JS, fonts, search and other, where "search" is every
file of the search (Pagefind's bundle under ``pagefind/`` and the dialog's
stylesheet), which must be 0 on a first visit: the search loads only when it
is opened. A second table gives what opening the search and typing a query
then fetches, and how long the first results took. Then, if Lighthouse is
installed in ``bench/node_modules`` (``npm ci --prefix bench``), the median of
three Lighthouse runs of its four category scores (0–100) per page. Budget:
a chapter at most 80 KB on first visit; 100 for accessibility, best practices
and SEO.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402

from browser_support import CHROMIUM, LAUNCH_ARGS, launch_chromium, missing_tool, serve_site, url_path  # noqa: E402
from conftest import i18n_languages, nav_pages, page_dir  # noqa: E402

LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PARTS = ["HTML", "CSS", "JS", "fonts", "search", "other"]
RUNS = 3
BUDGET_KB = 80
#: A query per language for the search-on-use measurement (an acronym the site uses).
SEARCH_QUERY = {"en": "SACM", "es": "CSM"}


def part_of(url: str, resource_type: str) -> str:
    """Return the PARTS entry a response belongs to, from its URL and
    Chromium resource type (``document``, ``stylesheet``, ``script``, ...)."""
    path = urlsplit(url).path
    if "/pagefind/" in path or path.endswith(("/search.css", "search_index.json")) or "/workers/search." in path:
        return "search"
    if resource_type == "document":
        return "HTML"
    if resource_type == "stylesheet" or path.endswith(".css"):
        return "CSS"
    if resource_type == "script" or path.endswith(".js"):
        return "JS"
    if resource_type == "font" or path.endswith((".woff2", ".woff", ".ttf", ".otf")):
        return "fonts"
    return "other"


def weigh(browser, url: str, query: str | None = None) -> tuple[dict[str, int], dict[str, int], float]:
    """Load ``url`` in a fresh context; return (bytes transferred per part on
    load, bytes per part fetched by opening the search and typing ``query``,
    seconds from the last keystroke to the first result shown).

    Bytes are the compressed response body plus response headers, as
    Chromium reports them (``Request.sizes()``), summed over every request
    made until the network was idle, workers' included. Without ``query``
    the search is not opened (second and third values empty and 0).
    """
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    finished = []
    context.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1000)  # the favicon request can come after "networkidle"
    on_load = totals(finished)
    seconds = 0.0
    on_use = dict.fromkeys(PARTS, 0)
    if query:
        del finished[:]
        page.click("[data-search-open]")
        page.wait_for_selector("pagefind-modal input")
        page.keyboard.type(query)
        typed = time.monotonic()
        page.wait_for_selector("pagefind-modal .pf-result-link", timeout=30_000)
        seconds = time.monotonic() - typed
        page.wait_for_load_state("networkidle")
        on_use = totals(finished)
    context.close()
    return on_load, on_use, seconds


def totals(requests) -> dict[str, int]:
    """Return bytes transferred per part (PARTS) for finished ``requests``."""
    result = dict.fromkeys(PARTS, 0)
    for request in requests:
        sizes = request.sizes()
        result[part_of(request.url, request.resource_type)] += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return result


def lighthouse(url: str) -> tuple[dict[str, float], list[str]]:
    """Run Lighthouse RUNS times on ``url``; return ({category: median score,
    0–100}, [error of each failed run]). Lighthouse drives Debian's Chromium
    (CHROME_PATH) and downloads nothing. Scores are empty when every run failed."""
    runs, errors = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(RUNS):
            report = Path(tmp) / f"run{n}.json"
            done = subprocess.run(
                [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                 f"--only-categories={','.join(CATEGORIES)}", "--chrome-flags=--headless=new " + " ".join(LAUNCH_ARGS)],
                env=dict(os.environ, CHROME_PATH=str(CHROMIUM)), timeout=300, capture_output=True, text=True,
            )
            if done.returncode != 0:
                errors.append((done.stderr.strip().splitlines() or ["exit status %d" % done.returncode])[-1])
                continue
            categories = json.loads(report.read_text(encoding="utf-8"))["categories"]
            runs.append({c: categories[c]["score"] * 100 for c in CATEGORIES})
    return ({c: statistics.median(run[c] for run in runs) for c in CATEGORIES} if runs else {}), errors


def pages_to_weigh(site: Path) -> list[tuple[str, str, str]]:
    """Return [(label, site path, language)]: the home page and the heaviest
    chapter (largest HTML file among the nav pages) of every language."""
    langs = i18n_languages()
    chosen = []
    for lang in langs:
        folders = [page_dir(p) for p in nav_pages()]
        heaviest = max((f for f in folders if f), key=lambda f: (site / url_path(lang, langs[0], f) / "index.html").stat().st_size)
        chosen.append((f"home ({lang})", url_path(lang, langs[0], ""), lang))
        chosen.append((f"chapter ({lang}: {heaviest.rstrip('/')})", url_path(lang, langs[0], heaviest), lang))
    return chosen


def main(argv: list[str]) -> int:
    """Print the page-weight table and the Lighthouse scores; return 0, or 1
    when Chromium is missing or the site is not built."""
    site = Path(argv[1] if len(argv) > 1 else "site").resolve()
    reason = missing_tool()
    if reason and "Chromium" in reason:
        print(reason, file=sys.stderr)
        return 1
    if not (site / "index.html").exists():
        print(f"{site} has no index.html: run `make build` first", file=sys.stderr)
        return 1
    pages = pages_to_weigh(site)
    with tempfile.TemporaryDirectory(prefix="page-weight-") as tmp:
        snapshot = Path(tmp) / "site"
        shutil.copytree(site, snapshot)  # a rebuild of site/ meanwhile changes nothing here
        with serve_site(snapshot, compress=True) as base:
            report_weights(base, pages)
            report_lighthouse(base, pages)
    return 0


def report_weights(base: str, pages: list[tuple[str, str, str]]) -> None:
    """Print the bytes-transferred tables (KB) for ``pages`` served at ``base``."""
    used = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        print("Bytes transferred on a first visit (gzip), in KB (1 KB = 1000 bytes):\n")
        print("| page | " + " | ".join(PARTS) + " | total |")
        print("|---" * (len(PARTS) + 2) + "|")
        for label, path, lang in pages:
            query = SEARCH_QUERY.get(lang) if label.startswith("chapter") else None
            on_load, on_use, seconds = weigh(browser, base + path, query)
            total = sum(on_load.values())
            flag = " (over budget)" if label.startswith("chapter") and total > BUDGET_KB * 1000 else ""
            flag += " (search fetched before use)" if on_load["search"] else ""
            print(f"| {label} | " + " | ".join(f"{on_load[p] / 1000:.1f}" for p in PARTS) + f" | {total / 1000:.1f}{flag} |")
            if query:
                used.append((label, query, on_use, seconds))
        browser.close()
    print("\nThen opening the search and typing a query fetches (KB, gzip; the WebAssembly"
          " engine is not compressed further), and the first results show after:\n")
    print("| page | query | search | other | total | first results |")
    print("|---|---|---|---|---|---|")
    for label, query, on_use, seconds in used:
        other = sum(on_use.values()) - on_use["search"]
        print(f"| {label} | {query} | {on_use['search'] / 1000:.1f} | {other / 1000:.1f} | "
              f"{sum(on_use.values()) / 1000:.1f} | {seconds:.2f} s |")
    print()


def report_lighthouse(base: str, pages: list[tuple[str, str]]) -> None:
    """Print the median Lighthouse scores of ``pages``, or say that Lighthouse
    is not available."""
    if not LIGHTHOUSE.exists():
        print("Lighthouse was not available (run `npm ci --prefix bench`, or `make bench`).")
        return
    print(f"Lighthouse, median of {RUNS} runs (its defaults: mobile emulation, simulated throttling):\n")
    print("| page | " + " | ".join(CATEGORIES) + " |")
    print("|---" * (len(CATEGORIES) + 1) + "|")
    failures = []
    for label, path, _ in pages:
        scores, errors = lighthouse(base + path)
        failures += [f"{label}: {error}" for error in errors]
        print(f"| {label} | " + " | ".join(f"{scores[c]:.0f}" if scores else "–" for c in CATEGORIES) + " |")
    for failure in failures:
        print(f"\nA Lighthouse run failed (left out of the median): {failure}")

if __name__ == "__main__":
    sys.exit(main(sys.argv))
