"""Real-browser quality gates, in Debian's Chromium driven by Playwright.

Every page of the nav, in every language, is loaded from the built site
(served on 127.0.0.1) in four browser set-ups: light and dark colour scheme,
desktop (1280x800) and phone (390x844). Each load is checked for WCAG 2.2 AA
violations (axe-core, pinned in package.json), requests to other hosts and
JavaScript errors. Further tests drive the site as a person would: the skip
link, the focus indicator and the language selector, with the keyboard alone
where it says so. The search is driven in tests/test_search.py.

Without /usr/bin/chromium or axe-core the tests are skipped, saying how to
install them; with CI=true they fail instead (tests/browser_support.py).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import material
import pytest
from playwright.sync_api import sync_playwright

from browser_support import AXE_TAGS, axe_source, launch_chromium, require_tools, serve_site, url_path
from conftest import i18n_languages, nav_pages, page_dir
from site_html import SITE_PATH

LANGS = i18n_languages()
DEFAULT = LANGS[0]
PAGES = [(lang, page) for lang in LANGS for page in nav_pages()]
#: prefers-color-scheme emulated → Material colour scheme expected (mkdocs.yml palette).
SCHEMES = {"light": "default", "dark": "slate"}
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
MODES = [(scheme, viewport) for scheme in SCHEMES for viewport in VIEWPORTS]
#: The most tab stops a keyboard test walks through before giving up.
TAB_LIMIT = 150

AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.map(n => n.target.join(" "))}));
}"""

from browser_support import FOCUSED  # noqa: E402  (shared with tests/test_phone_and_language.py)


def page_id(lang: str, page: str) -> str:
    return f"{lang}-{page_dir(page).rstrip('/') or 'home'}"


def url_of(base: str, lang: str, page: str) -> str:
    return base + url_path(lang, DEFAULT, page_dir(page))


def material_string(lang: str, key: str) -> str:
    """Material's interface text ``key`` in ``lang`` (its partials/languages/<lang>.html)."""
    source = Path(material.__file__).parent / "templates" / "partials" / "languages" / f"{lang}.html"
    found = re.search(rf'"{re.escape(key)}":\s*"([^"]*)"', source.read_text(encoding="utf-8"))
    assert found, f"Material has no {key!r} string for {lang}"
    return found.group(1)


def keyboard_page() -> str:
    """A chapter for the keyboard tests: the first nav page after the home page."""
    return next(page for page in nav_pages() if page != "index.md")


def describe(focus: dict | None) -> str:
    if focus is None:
        return "nothing (the page body)"
    what = focus["tag"] + ("." + ".".join(focus["cls"].split()) if focus["cls"] else "")
    return f"{what} {focus['href'] or focus['label'] or ''} {focus['text']!r}".strip()


# ---------------------------------------------------------------------------
# Fixtures: one server, one browser, one context per colour scheme and viewport
# (module scope: see ``browser``)
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def base_url(site, tmp_path_factory):
    """The built site served on 127.0.0.1 (a free port) for the session.

    A copy is served, so that another build into site/ while the tests run
    (a second test run in the same tree) cannot change pages under them.
    """
    require_tools()
    snapshot = tmp_path_factory.mktemp("browser") / "site"
    shutil.copytree(site, snapshot)
    with serve_site(snapshot, prefix=SITE_PATH) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium, started once for this module.

    Module scope, not session: Playwright's sync API allows one running
    instance at a time, and other test modules start their own.
    """
    require_tools()
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """What one page load showed: requests made, errors logged, axe violations."""

    where: str
    scheme: str | None
    requests: list[str]
    errors: list[str]
    violations: list[dict]


@pytest.fixture(scope="module")
def visit(browser, base_url):
    """Return ``visit(lang, page, scheme, viewport) -> Visit``; each page is
    loaded and checked once per set-up, then the result is reused."""
    version, axe = axe_source()
    contexts, done = {}, {}

    def load(lang: str, page: str, scheme: str, viewport: str) -> Visit:
        key = (lang, page, scheme, viewport)
        if key not in done:
            if (scheme, viewport) not in contexts:
                contexts[scheme, viewport] = browser.new_context(color_scheme=scheme, viewport=VIEWPORTS[viewport])
                # axe-core as an init script: the pages' Content-Security-Policy
                # refuses inline scripts added to them (add_script_tag).
                contexts[scheme, viewport].add_init_script(axe)
            url = url_of(base_url, lang, page)
            tab = contexts[scheme, viewport].new_page()
            requests, errors = watch(tab)
            tab.goto(url, wait_until="load")
            tab.wait_for_load_state("networkidle")
            found = tab.evaluate("document.body.getAttribute('data-md-color-scheme')")
            violations = tab.evaluate(AXE_RUN, AXE_TAGS)
            tab.close()
            done[key] = Visit(f"{url} [{scheme}, {viewport}; axe-core {version}]", found, requests, errors, violations)
        return done[key]

    yield load
    for context in contexts.values():
        context.close()


@pytest.fixture
def tab(browser):
    """A fresh desktop page in a context of its own (no shared storage);
    ``tab.errors`` collects its JavaScript errors."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.requests, page.errors = watch(page)
    yield page
    context.close()


def watch(page) -> tuple[list[str], list[str]]:
    """Record the URLs a page requests and the JavaScript errors it logs."""
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda msg: msg.type == "error" and errors.append(f"console error: {msg.text} (at {msg.location.get('url')})"))
    page.on("pageerror", lambda error: errors.append(f"uncaught exception: {error}"))
    return requests, errors


# ---------------------------------------------------------------------------
# Every page, every set-up: accessibility, privacy, JavaScript errors
# ---------------------------------------------------------------------------

every_page = pytest.mark.parametrize(("lang", "page"), PAGES, ids=[page_id(*p) for p in PAGES])
every_setup = pytest.mark.parametrize(("scheme", "viewport"), MODES, ids=[f"{s}-{v}" for s, v in MODES])


@every_setup
@every_page
def test_page_has_no_wcag_violations(visit, lang, page, scheme, viewport):
    seen = visit(lang, page, scheme, viewport)
    assert seen.scheme == SCHEMES[scheme], (
        f"{seen.where}: Material shows colour scheme {seen.scheme!r}, expected {SCHEMES[scheme]!r}")
    problems = [f"  {v['id']} ({v['impact']}): {v['help']} at {', '.join(v['nodes'][:5])}" for v in seen.violations]
    assert not problems, f"{seen.where}: axe-core reports {len(problems)} WCAG violations:\n" + "\n".join(problems)


@every_setup
@every_page
def test_page_requests_nothing_from_other_hosts(visit, lang, page, scheme, viewport):
    seen = visit(lang, page, scheme, viewport)
    assert seen.requests, f"{seen.where}: no request recorded"
    foreign = [u for u in seen.requests if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).hostname != "127.0.0.1"]
    assert not foreign, f"{seen.where}: requests to other hosts:\n  " + "\n  ".join(foreign)


@every_setup
@every_page
def test_page_logs_no_javascript_errors(visit, lang, page, scheme, viewport):
    seen = visit(lang, page, scheme, viewport)
    assert not seen.errors, f"{seen.where}: JavaScript errors:\n  " + "\n  ".join(seen.errors)


@every_page
def test_language_selector_leads_to_the_same_page_in_the_other_language(tab, base_url, lang, page):
    start = url_of(base_url, lang, page)
    for other in (l for l in LANGS if l != lang):
        tab.goto(start)
        tab.hover(".md-select")
        tab.click(f"a.md-select__link[hreflang='{other}']")
        expected = url_of(base_url, other, page)
        tab.wait_for_load_state()
        assert tab.url == expected, f"{start}: the selector's {other!r} entry leads to {tab.url}, expected {expected}"
        shown = tab.evaluate("document.documentElement.lang")
        assert shown == other, f"{tab.url} (from {start}): <html lang={shown!r}>, expected {other!r}"
    assert not tab.errors, f"{start}: JavaScript errors:\n  " + "\n  ".join(tab.errors)


@pytest.mark.parametrize("lang", LANGS)
def test_missing_address_shows_the_not_found_page_of_its_language(tab, base_url, lang):
    url = base_url + url_path(lang, DEFAULT, "no-such-page/")
    response = tab.goto(url)
    assert response.status == 404, f"{url}: status {response.status}, expected 404"
    shown = tab.evaluate("document.documentElement.lang")
    assert shown == lang, f"{url}: not-found page has <html lang={shown!r}>, expected {lang!r}"
    errors = [e for e in tab.errors if "status of 404" not in e or url not in e]
    assert not errors, f"{url}: JavaScript errors:\n  " + "\n  ".join(errors)


# ---------------------------------------------------------------------------
# Keyboard alone
# ---------------------------------------------------------------------------

def focused(tab) -> dict | None:
    return tab.evaluate(FOCUSED)


def tab_until(tab, wanted, limit: int = 40) -> list[dict | None]:
    """Press Tab until ``wanted(focus)`` is true; return the stops, the last one
    first-wanted (or all ``limit`` stops when none was)."""
    stops = []
    for _ in range(limit):
        tab.keyboard.press("Tab")
        stops.append(focused(tab))
        if stops[-1] and wanted(stops[-1]):
            break
    return stops


@pytest.mark.parametrize("lang", LANGS)
def test_skip_link_is_the_first_tab_stop_and_moves_on_to_the_content(tab, base_url, lang):
    url = url_of(base_url, lang, keyboard_page())
    tab.goto(url)
    tab.keyboard.press("Tab")
    first = focused(tab)
    assert first and "md-skip" in first["cls"], f"{url} [desktop]: the first Tab lands on {describe(first)}, expected the skip link"
    expected = material_string(lang, "action.skip")
    assert first["text"] == expected, f"{url}: the skip link says {first['text']!r}, expected {expected!r}"
    assert first["visible"], f"{url}: the focused skip link is not visible ({first['box']})"
    tab.keyboard.press("Enter")
    assert urlsplit(tab.url).fragment == first["href"].lstrip("#"), f"{url}: Enter on the skip link went to {tab.url}"
    tab.keyboard.press("Tab")
    after = focused(tab)
    assert after and after["inContent"], f"{url}: after the skip link, Tab lands on {describe(after)}, not in the page content"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", LANGS)
def test_every_tab_stop_shows_where_the_focus_is(browser, base_url, lang, scheme):
    """Each tab stop must be on screen and look different focused and unfocused."""
    url = url_of(base_url, lang, keyboard_page())
    context = browser.new_context(color_scheme=scheme, viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.goto(url)
    problems, stops = [], 0
    try:
        for _ in range(TAB_LIMIT):
            page.keyboard.press("Tab")
            focus = focused(page)
            if focus is None or (stops and "md-skip" in focus["cls"]):
                break  # round the whole page
            stops += 1
            if not focus["visible"]:
                problems.append(f"  stop {stops}: {describe(focus)} is focused but not visible ({focus['box']})")
                continue
            clip = clip_around(focus["box"])
            shot = page.screenshot(clip=clip, animations="disabled", caret="hide")
            page.evaluate("window.__stop = document.activeElement; window.__stop.blur()")
            plain = page.screenshot(clip=clip, animations="disabled", caret="hide")
            page.evaluate("window.__stop.focus()")  # the next Tab goes on from here
            if shot == plain:
                problems.append(f"  stop {stops}: {describe(focus)} looks the same focused and unfocused")
    finally:
        context.close()
    assert stops > 5, f"{url} [{scheme}, desktop]: only {stops} tab stops found"
    assert not problems, f"{url} [{scheme}, desktop]: focus not visible at {len(problems)} of {stops} tab stops:\n" + "\n".join(problems)


def clip_around(box: dict, margin: int = 6) -> dict:
    """The screenshot area: the element's box plus a margin for outlines, kept on screen."""
    x, y = max(0, box["x"] - margin), max(0, box["y"] - margin)
    right = min(VIEWPORTS["desktop"]["width"], box["x"] + box["width"] + margin)
    bottom = min(VIEWPORTS["desktop"]["height"], box["y"] + box["height"] + margin)
    return {"x": x, "y": y, "width": max(1, right - x), "height": max(1, bottom - y)}


@pytest.mark.parametrize("lang", LANGS)
def test_language_selector_works_with_the_keyboard_alone(tab, base_url, lang):
    page = keyboard_page()
    url = url_of(base_url, lang, page)
    other = next(l for l in LANGS if l != lang)
    tab.goto(url)
    label = material_string(lang, "select.language")
    stops = tab_until(tab, lambda f: f["tag"] == "button" and f["label"] == label)
    assert stops[-1] and stops[-1]["label"] == label, (
        f"{url}: Tab never reaches the language selector ({label!r}); stops: {[describe(s) for s in stops]}")
    stops = tab_until(tab, lambda f: f["hreflang"] == other, limit=len(LANGS) + 1)
    entry = stops[-1]
    assert entry and entry["hreflang"] == other, f"{url}: Tab from the language selector reaches {describe(entry)}, not the {other!r} entry"
    assert entry["visible"], f"{url}: the focused {other!r} entry of the language selector is not visible ({entry['box']})"
    tab.keyboard.press("Enter")
    expected = url_of(base_url, other, page)
    tab.wait_for_url(expected)
    shown = tab.evaluate("document.documentElement.lang")
    assert shown == other, f"{tab.url}: reached with the keyboard from {url}, <html lang={shown!r}>, expected {other!r}"


# The search (Pagefind) is tested in tests/test_search.py, with these fixtures.
