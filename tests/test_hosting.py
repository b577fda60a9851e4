"""Hosting headers: site/_headers exists and parses, its Content-Security-
Policy allows exactly the site's inline scripts, fingerprinted assets are
cached for a year, and in Debian's Chromium no page of the site, served
with those headers, breaks the CSP (a planted inline script does)."""

from __future__ import annotations

import concurrent.futures
import re
import shutil
from pathlib import Path

import pytest

from browser_support import CHROMIUM, INSTALL_HINT, SiteHandler, launch_chromium, serve_site, skip_or_fail
from conftest import nav_pages, page_dir
from hosting_headers import HEADERS_FILE, IMMUTABLE, headers_for, inline_script_hashes, parse_headers
from site_html import LANGS, lang_prefix

#: Collects CSP violations in the page (an init script runs before any page script).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
"""


def rules(site: Path) -> list[tuple[str, dict[str, str]]]:
    return parse_headers((site / HEADERS_FILE).read_text(encoding="utf-8"))


def csp_sources(site: Path) -> dict[str, list[str]]:
    policy = headers_for(rules(site), "/")["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in policy.split(";")) if d}


# The file ------------------------------------------------------------------------------

def test_headers_file_is_in_the_site_and_parses(site):
    assert (site / HEADERS_FILE).is_file(), "site/_headers was not written (overrides/hooks/hosting_headers.py)"
    headers = headers_for(rules(site), "/es/foreword/")
    for name in ("Content-Security-Policy", "Strict-Transport-Security", "X-Content-Type-Options"):
        assert name in headers, f"_headers sends no {name} for pages"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert int(headers["Strict-Transport-Security"].split("max-age=")[1].split(";")[0]) >= 31536000


def test_parse_headers_rejects_a_header_without_a_path():
    with pytest.raises(ValueError, match="line 1"):
        parse_headers("  X-Frame-Options: DENY\n")


def test_csp_allows_the_sites_own_files_only_and_exactly_its_inline_scripts(site):
    sources = csp_sources(site)
    assert sources["default-src"] == ["'self'"] and sources["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in sources["script-src"] and "'unsafe-eval'" not in sources["script-src"]
    found = set()
    for page in site.rglob("*.html"):
        found |= inline_script_hashes(page.read_text(encoding="utf-8"))
    assert found, "no inline script found: has Material changed?"
    assert set(sources["script-src"]) - {"'self'", "'wasm-unsafe-eval'"} == found


def test_fingerprinted_assets_are_cached_for_a_year_and_others_are_not(site):
    table = rules(site)
    bundles = [p for p in (site / "assets").rglob("*") if p.is_file() and re.search(r"\.[0-9a-f]{8}\.min\.", p.name)]
    assert len(bundles) >= 4, bundles  # Material's bundle, search worker, main and palette stylesheets
    for asset in bundles:
        path = "/" + asset.relative_to(site).as_posix()
        assert headers_for(table, path).get("Cache-Control") == IMMUTABLE, f"{path} is not cached as immutable"
    assert "Cache-Control" not in headers_for(table, "/assets/stylesheets/site.css")
    assert "Cache-Control" not in headers_for(table, "/es/foreword/")
    for pattern, _ in table:
        assert pattern == "/*" or (site / pattern.lstrip("/")).is_file(), f"_headers names a missing file {pattern}"


# In the browser ------------------------------------------------------------------------

def need_chromium() -> None:
    """Skip without Chromium or Playwright (fail instead when CI=true), as
    tests/browser_support.py does for the other browser tests."""
    import importlib.util

    reason = None
    if not CHROMIUM.exists():
        reason = f"Chromium is not installed at {CHROMIUM}: {INSTALL_HINT}"
    elif importlib.util.find_spec("playwright") is None:
        reason = "Playwright is not installed: run `make test` (requirements.txt)"
    skip_or_fail(reason)


class HeadersHandler(SiteHandler):
    """Serves the site as Netlify would: with the headers of its _headers file."""

    header_rules: list = []

    def end_headers(self):
        for name, value in headers_for(self.header_rules, self.path.split("?", 1)[0]).items():
            self.send_header(name, value)
        super().end_headers()


def serve_with_headers(site: Path):
    """Serve ``site`` on 127.0.0.1 with the headers of its ``_headers``; a
    context manager yielding the base URL."""
    return serve_site(site, handler_class=type("Handler", (HeadersHandler,), {"header_rules": rules(site)}))


def copy_site(site: Path, target: Path) -> Path:
    """A copy of the built site without its PDFs (not needed here, and large)."""
    shutil.copytree(site, target, ignore=shutil.ignore_patterns("pdf"))
    return target


def csp_violations(base_url: str, paths: list[str], search: dict[str, str] | None = None) -> dict[str, list[str]]:
    """Load each path in Chromium; return ``{path: [violations]}`` for the
    paths with any. ``search`` maps a path to a query typed into the search
    box there, so that the search worker and its index load as well; the
    query must find something.

    Runs in a thread of its own: Playwright's sync API refuses to start in a
    thread where another sync Playwright (tests/test_browser.py's session
    browser) is running.
    """
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_csp_violations, base_url, paths, search).result()


def _csp_violations(base_url: str, paths: list[str], search: dict[str, str] | None) -> dict[str, list[str]]:
    from playwright.sync_api import sync_playwright

    found: dict[str, list[str]] = {}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            context = browser.new_context()
            context.add_init_script(RECORD_VIOLATIONS)
            for path in paths:
                tab = context.new_page()
                console: list[str] = []
                tab.on("console", lambda msg: "Content Security Policy" in msg.text and console.append(msg.text))
                tab.goto(base_url + path, wait_until="load")
                if search and path in search:
                    tab.click("input.md-search__input")
                    tab.keyboard.type(search[path])
                    tab.wait_for_selector(".md-search-result__item", timeout=15_000)
                tab.wait_for_load_state("networkidle")
                violations = tab.evaluate("window.__cspViolations") + console
                if violations:
                    found[path] = violations
                tab.close()
        finally:
            browser.close()
    return found


def site_paths() -> list[str]:
    """Every nav page in every language, and each language's 404 page."""
    return ([f"{lang_prefix(lang)}{page_dir(page)}" for lang in LANGS for page in nav_pages()]
            + [f"{lang_prefix(lang)}404.html" for lang in LANGS])


def test_every_page_satisfies_the_csp_in_chromium(site, tmp_path):
    need_chromium()
    copy = copy_site(site, tmp_path / "site")
    with serve_with_headers(copy) as base_url:
        found = csp_violations(base_url, site_paths(), search={"": "migration", "es/": "migración"})
    assert not found, "CSP violations (fix the page, or the policy in overrides/hooks/hosting_headers.py):\n" + \
        "\n".join(f"/{path}: {v}" for path, vs in found.items() for v in vs)


def test_the_browser_check_catches_an_inline_script_the_csp_does_not_allow(site, tmp_path):
    need_chromium()
    copy = copy_site(site, tmp_path / "site")
    page = copy / "foreword" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</body>", "<script>document.title = 'planted';</script></body>"), encoding="utf-8")
    with serve_with_headers(copy) as base_url:
        found = csp_violations(base_url, ["foreword/", "introduction/"])
    assert list(found) == ["foreword/"], found
    assert any("script-src" in v for v in found["foreword/"]), found
