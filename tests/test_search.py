"""Search (Pagefind, overrides/hooks/pagefind_index.py), driven in Debian's
Chromium as a reader would: the header's search button, Pagefind's dialog,
the keyboard.

* Nothing of the search is fetched before the search is opened (the
  requests are counted), and all of it comes from the site itself.
* Each language searches only its own pages; ``gestion`` finds ``gestión``;
  an acronym finds the Acronyms page and the chapters using it; a multi-word
  query ranks the page about that subject first; a Spanish plural finds the
  singular and the other way round; every page is found by a word of its title.
* The first results show within a second of the last keystroke.
* Keyboard alone, on desktop and phone: Tab to the button, Enter, type, the
  arrow keys, Enter on a result; Escape closes and returns the focus.
  The result count is announced (aria-live) in the page's language.
* With results shown, the dialog has no WCAG violation (axe-core).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser_support import AXE_TAGS, axe_source, serve_site, url_path
from conftest import nav_pages, page_dir
from pagefind_index import BUNDLE, excluded, mark_body, missing_languages, pagefind_command
from site_html import SITE_PATH, article, page_path, soup, title
from test_browser import (AXE_RUN, DEFAULT, LANGS, SCHEMES, VIEWPORTS, base_url, browser, describe,  # noqa: F401 (fixtures)
                          focused, keyboard_page, material_string, tab, tab_until, url_of, watch)

#: An acronym per language: it must find the Acronyms page and every chapter using it.
ACRONYMS = {"en": "SACM", "es": "CSM"}
#: Multi-word queries → the page about that subject, which must come first.
#: Each names a section of that chapter (its heading), not its title.
SUBJECTS = {
    "en": {"knowledge management": "institutional-development.md",
           "regional mobility regimes": "migration-outlook.md",
           "Quito Process": "political-and-institutional-outlook.md"},
    "es": {"gestión del conocimiento": "institutional-development.md",
           "regímenes de movilidad": "migration-outlook.md",
           "Proceso de Quito": "political-and-institutional-outlook.md"},
}
#: Spanish word forms: each form must find the pages that use only the other.
WORD_FORMS = ("fronteras", "frontera")
#: The most a reader waits for the first results after the last keystroke (ms).
FIRST_RESULTS_MS = 1000

SEARCH_BUTTON = "[data-search-open]"
RESULT_LINK = "pagefind-modal .pf-result-link"
#: Records every text written into an aria-live region (Pagefind empties them soon after).
RECORD_ANNOUNCEMENTS = """() => {
  window.__announced = [];
  new MutationObserver(() => document.querySelectorAll('[aria-live]').forEach(e => {
    const text = e.textContent.trim();
    if (text && window.__announced[window.__announced.length - 1] !== text) window.__announced.push(text);
  })).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def lang_root(lang: str) -> str:
    return "/" + url_path(lang, DEFAULT, "")


def page_url_path(lang: str, page: str) -> str:
    return lang_root(lang) + page_dir(page)


def search_requests(requests: list[str]) -> list[str]:
    """The requests that belong to the search: Pagefind's bundle and the dialog's styles."""
    return [u for u in requests if f"/{BUNDLE}/" in urlsplit(u).path or urlsplit(u).path.endswith("/search.css")]


def open_search(tab) -> None:
    tab.click(SEARCH_BUTTON)
    tab.wait_for_selector("pagefind-modal dialog[open]")


def type_and_wait(tab, query: str, timeout: float = 10_000) -> tuple[list[str], float]:
    """Type ``query`` into the open dialog; return (result page paths in the
    order shown, milliseconds from the last keystroke to the first result).

    The results shown are those of the query typed: the summary must end
    with the query (not an earlier one that contains it: ``fronteras`` for
    ``frontera``) and the list must no longer be busy.
    """
    tab.fill("pagefind-modal input", "")
    tab.keyboard.type(query)
    tab.evaluate("window.__typed = performance.now()")
    tab.wait_for_function("""(q) => {
        const s = document.querySelector('pagefind-modal .pf-summary');
        const list = document.querySelector('pagefind-modal .pf-results');
        return s && s.textContent.trim().endsWith(' ' + q) && list && list.getAttribute('aria-busy') === 'false'
               && document.querySelector('pagefind-modal .pf-result-link');
      }""", arg=query, timeout=timeout)
    elapsed = tab.evaluate("performance.now() - window.__typed")
    # Pagefind loads a result's page data when its placeholder scrolls into
    # view: scroll through them all.
    count = tab.evaluate("document.querySelectorAll('pagefind-modal li.pf-result').length")
    for index in range(count):
        tab.evaluate("(i) => document.querySelectorAll('pagefind-modal li.pf-result')[i].scrollIntoView()", index)
        tab.wait_for_function("(i) => document.querySelectorAll('pagefind-modal li.pf-result')[i].querySelector('.pf-result-link')",
                              arg=index, timeout=timeout)
    paths = tab.evaluate(f"[...document.querySelectorAll('{RESULT_LINK}')].map(a => new URL(a.href).pathname)")
    # The site is served under the published address's path (site_html.SITE_PATH).
    paths = ["/" + path[len(SITE_PATH):] if path.startswith(SITE_PATH) else path for path in paths]
    return paths, elapsed


def search(tab, base: str, lang: str, *queries: str) -> dict[str, list[str]]:
    """Open ``lang``'s home page, open the search, and type each query;
    return {query: result page paths, best first}."""
    tab.goto(url_of(base, lang, "index.md"))
    open_search(tab)
    return {q: type_and_wait(tab, q)[0] for q in queries}


def pages_using(site: Path, lang: str, word: str, skip: tuple[str, ...] = ()) -> set[str]:
    """Site paths of the nav pages of ``lang`` whose text has ``word`` as a
    whole word (case-insensitive)."""
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
    return {page_url_path(lang, p) for p in nav_pages()
            if p not in skip and pattern.search(article(soup(page_path(site, lang, p))).get_text(" "))}


# ---------------------------------------------------------------------------
# Costs nothing until used
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", LANGS)
def test_nothing_of_the_search_is_fetched_before_it_is_opened(browser, base_url, lang, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    tab = context.new_page()
    requests, errors = watch(tab)
    url = url_of(base_url, lang, keyboard_page())
    try:
        load_and_settle(tab, url)
        early = search_requests(requests)
        assert not early, f"{url} [{viewport}]: search files fetched before the search was opened:\n  " + "\n  ".join(early)
        open_search(tab)
        type_and_wait(tab, ACRONYMS[lang])
        used = search_requests(requests)
        assert any(u.endswith(".pf_index") for u in used) and any(u.endswith(".pf_fragment") for u in used), (
            f"{url} [{viewport}]: opening the search and typing fetched no Pagefind index: {used}")
        assert any(f"/{lang}_" in u or f"/pagefind.{lang}_" in u for u in used), (
            f"{url} [{viewport}]: the search fetched no {lang!r} index: {used}")
        foreign = [u for u in requests if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).hostname != "127.0.0.1"]
        assert not foreign, f"{url} [{viewport}]: the search requested other hosts:\n  " + "\n  ".join(foreign)
        assert not errors, f"{url} [{viewport}]: JavaScript errors while searching:\n  " + "\n  ".join(errors)
    finally:
        context.close()


def load_and_settle(tab, url: str) -> None:
    """Load ``url`` and wait until the network has been idle a while."""
    tab.goto(url)
    tab.wait_for_load_state("networkidle")
    tab.wait_for_timeout(500)


def test_the_request_count_catches_a_search_loaded_with_the_page(site, browser, tmp_path):
    """Planted fault: the search script loads Pagefind as the page loads."""
    copy = shutil.copytree(site, tmp_path / "site", ignore=shutil.ignore_patterns("pdf"))
    script = copy / "assets" / "javascripts" / "search.js"
    text = script.read_text(encoding="utf-8")
    planted = text.replace('button.addEventListener("click", open);', 'button.addEventListener("click", open); ready = load();')
    assert planted != text, f"{script}: the planting point has changed; update this test"
    script.write_text(planted, encoding="utf-8")
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    tab = context.new_page()
    requests, _ = watch(tab)
    try:
        with serve_site(copy) as base:
            load_and_settle(tab, url_of(base, DEFAULT, keyboard_page()))
    finally:
        context.close()
    assert any(u.endswith("pagefind-component-ui.js") for u in search_requests(requests)), requests


# ---------------------------------------------------------------------------
# Quality of the results
# ---------------------------------------------------------------------------

def test_each_language_searches_its_own_pages_only(tab, base_url):
    for lang, query in (("en", "migration"), ("es", "migración")):
        found = search(tab, base_url, lang, query)[query]
        assert found, f"{lang}: {query!r} finds nothing"
        own = {page_url_path(lang, p) for p in nav_pages()}
        assert set(found) <= own, f"{lang}: {query!r} lists pages outside the {lang} nav: {sorted(set(found) - own)}"


def test_a_query_without_accents_finds_the_accented_word(tab, base_url):
    found = search(tab, base_url, "es", "gestión", "gestion")
    assert found["gestion"], "es: 'gestion' finds nothing"
    assert set(found["gestion"]) >= set(found["gestión"]), (
        f"es: 'gestion' {found['gestion']} misses pages that 'gestión' finds {found['gestión']}")
    marked = tab.evaluate("[...document.querySelectorAll('pagefind-modal mark')].map(m => m.textContent.toLowerCase())")
    assert any("gestión" in m for m in marked), f"es: 'gestion' marks {marked[:10]}, none is 'gestión'"


@pytest.mark.parametrize("lang", LANGS)
def test_an_acronym_finds_the_acronyms_page_and_the_chapters_that_use_it(site, tab, base_url, lang):
    acronym = ACRONYMS[lang]
    found = set(search(tab, base_url, lang, acronym)[acronym])
    assert page_url_path(lang, "acronyms.md") in found, f"{lang}: {acronym!r} does not find the Acronyms page: {sorted(found)}"
    users = pages_using(site, lang, acronym, skip=("acronyms.md",))
    assert users, f"no {lang} page uses {acronym}: choose another acronym for this test"
    assert users <= found, f"{lang}: {acronym!r} misses pages that use it: {sorted(users - found)}"


@pytest.mark.parametrize("lang", LANGS)
def test_a_multi_word_query_ranks_the_page_about_it_first(tab, base_url, lang):
    found = search(tab, base_url, lang, *SUBJECTS[lang])
    wrong = {q: (found[q][:3], page_url_path(lang, page)) for q, page in SUBJECTS[lang].items()
             if not found[q] or found[q][0] != page_url_path(lang, page)}
    assert not wrong, f"{lang}: the page about the subject is not first:\n  " + "\n  ".join(
        f"{q!r}: first {got}, expected {want}" for q, (got, want) in wrong.items())


def test_a_spanish_plural_finds_the_singular_and_back(site, tab, base_url):
    plural, singular = WORD_FORMS
    only = {plural: pages_using(site, "es", plural) - pages_using(site, "es", singular),
            singular: pages_using(site, "es", singular) - pages_using(site, "es", plural)}
    assert only[plural] or only[singular], f"every Spanish page uses both {plural!r} and {singular!r}: choose other words"
    found = search(tab, base_url, "es", plural, singular)
    assert only[singular] <= set(found[plural]), f"es: {plural!r} misses pages that say only {singular!r}: {sorted(only[singular] - set(found[plural]))}"
    assert only[plural] <= set(found[singular]), f"es: {singular!r} misses pages that say only {plural!r}: {sorted(only[plural] - set(found[singular]))}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_is_found_by_a_word_of_its_title(site, tab, base_url, lang):
    tab.goto(url_of(base_url, lang, "index.md"))
    open_search(tab)
    missed = []
    for page in nav_pages():
        words = [w for w in re.findall(r"\w+", title(site, lang, page)) if len(w) > 4 and not w.isdigit()]
        if not words:
            continue
        word = max(words, key=len)
        if page_url_path(lang, page) not in type_and_wait(tab, word)[0]:
            missed.append(f"{word!r} (from the title of {page})")
    assert not missed, f"{lang}: these words do not find the page whose title they are from: {missed}"


@pytest.mark.parametrize("lang", LANGS)
def test_first_results_show_within_a_second(browser, base_url, lang):
    """Cold: a fresh browser profile, the search opened and the query typed
    at once; the time from the last keystroke to the first result shown.
    Best of two tries, each cold: the test machine is shared, and one stall
    of another job is not the search's."""
    url, query, times = url_of(base_url, lang, keyboard_page()), ACRONYMS[lang], []
    for _ in range(2):
        context = browser.new_context(viewport=VIEWPORTS["desktop"])
        tab = context.new_page()
        try:
            tab.goto(url)
            open_search(tab)
            tab.keyboard.type(query)
            tab.evaluate("window.__typed = performance.now()")
            tab.wait_for_function("""(q) => {
                const s = document.querySelector('pagefind-modal .pf-summary');
                return s && s.textContent.trim().endsWith(' ' + q) && document.querySelector('pagefind-modal .pf-result-link');
              }""", arg=query, timeout=10_000)
            times.append(tab.evaluate("performance.now() - window.__typed"))
        finally:
            context.close()
    assert min(times) < FIRST_RESULTS_MS, f"{url}: the first results for {query!r} took {[round(t) for t in times]} ms after the last keystroke"


# ---------------------------------------------------------------------------
# Keyboard and screen reader
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", LANGS)
def test_search_works_with_the_keyboard_alone_and_announces_results(browser, base_url, lang, viewport):
    # bypass_csp: Playwright evaluates the string conditions of wait_for_function
    # with eval when it polls, which the pages' policy refuses; the policy itself,
    # search included, is tested in tests/test_hosting.py.
    context = browser.new_context(viewport=VIEWPORTS[viewport], bypass_csp=True)
    tab = context.new_page()
    _, errors = watch(tab)
    url = url_of(base_url, lang, keyboard_page())
    label = material_string(lang, "search")
    where = f"{url} [{viewport}]"
    try:
        tab.goto(url)
        stops = tab_until(tab, lambda f: f["tag"] == "button" and f["label"] == label)
        assert stops[-1] and stops[-1]["label"] == label, (
            f"{where}: Tab never reaches the search button ({label!r}); stops: {[describe(s) for s in stops]}")
        assert stops[-1]["visible"], f"{where}: the focused search button is not visible ({stops[-1]['box']})"
        tab.keyboard.press("Enter")
        tab.wait_for_selector("pagefind-modal dialog[open]")
        tab.wait_for_function("document.activeElement && document.activeElement.matches('pagefind-modal input')")
        tab.keyboard.press("Escape")
        tab.wait_for_function("!document.querySelector('pagefind-modal dialog[open]')")
        back = focused(tab)
        assert back and back["label"] == label, f"{where}: after Escape the focus is on {describe(back)}, not the search button"
        tab.keyboard.press("Enter")
        tab.wait_for_function("document.activeElement && document.activeElement.matches('pagefind-modal input')")
        tab.evaluate(RECORD_ANNOUNCEMENTS)
        query = ACRONYMS[lang]
        tab.keyboard.type(query)
        tab.wait_for_selector(RESULT_LINK)
        tab.wait_for_function("window.__announced.some(t => /\\d/.test(t))", timeout=5000)
        announced = tab.evaluate("window.__announced")
        assert any(query in t for t in announced), f"{where}: the results were announced as {announced}, without the query"
        first = None
        for _ in range(3):
            tab.keyboard.press("ArrowDown")
            first = focused(tab)
            if first and "pf-result-link" in first["cls"]:
                break
        assert first and "pf-result-link" in first["cls"], f"{where}: ArrowDown from the search box lands on {describe(first)}, not on a result"
        assert first["visible"], f"{where}: the focused result is not visible ({first['box']})"
        target = tab.evaluate("document.activeElement.href")
        tab.keyboard.press("Enter")
        tab.wait_for_url(target)
        path = urlsplit(tab.url).path
        path = "/" + path[len(SITE_PATH):] if path.startswith(SITE_PATH) else path
        assert path.startswith(lang_root(lang)), f"{where}: Enter on a result went to {tab.url}"
        assert not errors, f"{where}: JavaScript errors while searching:\n  " + "\n  ".join(errors)
    finally:
        context.close()


def test_the_interface_speaks_the_pages_language(tab, base_url):
    """Pagefind's interface text follows <html lang>: the Spanish dialog is not the English one."""
    texts = {}
    for lang in LANGS:
        tab.goto(url_of(base_url, lang, "index.md"))
        open_search(tab)
        type_and_wait(tab, ACRONYMS[lang])
        texts[lang] = tab.evaluate("""[document.querySelector('pagefind-modal .pf-summary').textContent,
                                       document.querySelector('pagefind-modal input').getAttribute('placeholder'),
                                       document.querySelector('pagefind-modal .pf-results').getAttribute('aria-label')]""")
    assert texts["es"] != texts["en"] and "resultado" in texts["es"][0].lower(), f"the Spanish dialog's text: {texts}"
    assert texts["es"][1] == material_string("es", "search"), f"the Spanish search field says {texts['es'][1]!r}"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", LANGS)
def test_the_open_search_with_results_has_no_wcag_violations(browser, base_url, lang, scheme):
    version, axe = axe_source()
    context = browser.new_context(color_scheme=scheme, viewport=VIEWPORTS["desktop"])
    context.add_init_script(axe)  # the page's CSP refuses inline scripts added later
    tab = context.new_page()
    url = url_of(base_url, lang, keyboard_page())
    try:
        tab.goto(url)
        open_search(tab)
        type_and_wait(tab, ACRONYMS[lang])
        tab.keyboard.press("ArrowDown")
        violations = tab.evaluate(AXE_RUN, AXE_TAGS)
    finally:
        context.close()
    problems = [f"  {v['id']} ({v['impact']}): {v['help']} at {', '.join(v['nodes'][:5])}" for v in violations]
    assert not problems, f"{url} [{scheme}, search open; axe-core {version}]: {len(problems)} WCAG violations:\n" + "\n".join(problems)


# ---------------------------------------------------------------------------
# The hook's helpers
# ---------------------------------------------------------------------------

def test_mark_body_marks_materials_article_once():
    html = '<body><article class="md-content__inner md-typeset"><h1>T</h1></article></body>'
    marked, count = mark_body(html)
    assert count == 1 and '<article class="md-content__inner md-typeset" data-pagefind-body>' in marked
    assert mark_body("<body><main></main></body>")[1] == 0


def test_front_matter_can_leave_a_page_out_of_the_search():
    assert excluded({"search": {"exclude": True}})
    assert not excluded({}) and not excluded({"search": {"exclude": False}}) and not excluded({"search": "x"})


def test_missing_languages_names_a_language_without_an_index(tmp_path):
    (tmp_path / "pagefind.en_0123abcd.pf_meta").write_bytes(b"")
    assert missing_languages(tmp_path, ["en", "es"]) == ["es"]
    assert pagefind_command(tmp_path)[1:3] == ["-m", "pagefind"]


def test_the_built_site_has_a_pagefind_index_per_language_and_not_found_pages_are_not_indexed(site):
    bundle = site / BUNDLE
    assert (bundle / "pagefind-component-ui.js").is_file(), f"{bundle}: Pagefind's Component UI is missing"
    assert missing_languages(bundle, LANGS) == [], f"{bundle}: no index for {missing_languages(bundle, LANGS)}"
    for lang in LANGS:
        assert "data-pagefind-body" in page_path(site, lang, keyboard_page()).read_text(encoding="utf-8")
    assert "data-pagefind-body" not in (site / "404.html").read_text(encoding="utf-8")


def test_a_language_without_an_index_fails_the_build(project_copy):
    """Planted fault: a hook makes the Spanish pages claim to be Portuguese,
    so Pagefind writes no Spanish index; the build must fail and say so."""
    def plant(root):
        (root / "overrides" / "hooks" / "planted_lang.py").write_text(
            "def on_post_page(output, page, config):\n"
            "    return output.replace('<html lang=\"es\"', '<html lang=\"pt\"', 1)\n", encoding="utf-8")
        config = root / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace(
            "hooks:\n", "hooks:\n  - overrides/hooks/planted_lang.py\n", 1), encoding="utf-8")
    build = project_copy(plant)
    assert build.returncode != 0, "the build passed though Pagefind wrote no Spanish index"
    assert "no search index for es" in build.output, build.output[-2000:]
