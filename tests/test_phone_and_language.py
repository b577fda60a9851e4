"""Phone, keyboard, interface language and layout, in Debian's Chromium.

What a reader and a designer found that axe does not look at (issue 9):

- at phone width (390x844) every Tab stop is visible, and the menu (the
  navigation drawer) opens with the keyboard, keeps the focus while open,
  closes with Escape and gives the focus back to the menu button;
- no English interface string on a Spanish page outside ``lang="en"``;
- no heading taller than its text needs (a ¶ permalink wrapped onto a line
  of its own);
- no table wider than its box without a visible sign that it scrolls, and no
  page that scrolls sideways;
- no year range or ISBN that can break across lines;
- the readers' path (nav, "Next") stays out of the contributors' guides,
  which the footer and About link; "Edit this page" ends every page;
- the last nav item is above the fold at 1280x800.

Screenshots of the home page and one chapter (phone and desktop, each
language, light and dark) are kept in ``test-artifacts/screenshots/``.
Without Chromium or axe-core the browser tests skip (or fail under CI=true).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import jinja2
import material
import pytest
from playwright.sync_api import sync_playwright

from browser_support import launch_chromium, require_tools, serve_site, url_path
from conftest import CONTRIBUTORS_FOLDER, ROOT, guide_pages, i18n_languages, mkdocs_config, nav_pages, page_dir, reading_order
from site_html import article, figure_page, page_path, resolve, soup, title

LANGS = i18n_languages()
DEFAULT = LANGS[0]
OTHER_LANGS = LANGS[1:]
PAGES = [(lang, page) for lang in LANGS for page in nav_pages()]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
SCHEMES = ("light", "dark")
#: The chapter of the keyboard tests and screenshots: the first nav page after the home page.
CHAPTER = next(page for page in reading_order() if page != "index.md")
#: A page inside a nav section (Annexes): in the drawer, its section opens as a panel over the rest.
SECTION_PAGE = next(item for entry in mkdocs_config()["nav"] if isinstance(entry, dict)
                    for value in entry.values() if isinstance(value, list)
                    for item in value if isinstance(item, str))
#: The most Tab stops walked on one page.
TAB_LIMIT = 250
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"

#: Checks run in each loaded page; see the test functions for what each means.
LAYOUT = r"""() => {
  for (const a of document.getAnimations()) { try { a.finish(); } catch (e) {} }
  const out = {tall: [], tables: [], breakable: [], overflow: null};
  const where = (e) => e.id ? `${e.tagName.toLowerCase()}#${e.id}` : e.tagName.toLowerCase() + (e.className ? "." + String(e.className).trim().split(/\s+/).join(".") : "");
  // Headings: does hiding the permalink make the box shorter?
  for (const h of document.querySelectorAll("article h1, article h2, article h3, article h4, article h5, article h6")) {
    const link = h.querySelector(":scope > .headerlink");
    if (!link || !h.getClientRects().length) continue;
    const withLink = h.getBoundingClientRect().height;
    link.style.display = "none";
    const without = h.getBoundingClientRect().height;
    link.style.display = "";
    if (withLink - without > 1) out.tall.push({heading: where(h), text: h.textContent.replace("¶", "").trim().slice(0, 60), extra: Math.round(withLink - without)});
  }
  // Tables wider than the article: in a box that scrolls and says so.
  const content = document.querySelector("article.md-content__inner").getBoundingClientRect().width;
  for (const table of document.querySelectorAll("article table")) {
    const width = table.getBoundingClientRect().width;
    const box = table.closest(".md-typeset__scrollwrap");
    if (!box) { if (width > content + 1) out.tables.push({table: where(table), problem: `${Math.round(width)} px wide in ${Math.round(content)} px, not in a scrolling box`}); continue; }
    if (box.scrollWidth <= box.clientWidth + 1) continue;  // fits
    const style = getComputedStyle(box);
    const cue = [style.maskImage, style.webkitMaskImage, style.boxShadow, style.backgroundImage].some(v => v && v !== "none");
    const head = [...table.querySelectorAll("th")].map(th => th.textContent.trim()).join(" | ").slice(0, 60);
    if (!cue) out.tables.push({table: head, problem: `scrolls (${box.scrollWidth} px in ${box.clientWidth} px) with no visible cue`});
    if (box.getAttribute("tabindex") !== "0") out.tables.push({table: head, problem: "scrolls but takes no keyboard focus"});
    box.scrollLeft = box.scrollWidth;  // at the far end the cue points back
    box.dispatchEvent(new Event("scroll"));
    const end = getComputedStyle(box);
    if (![end.maskImage, end.webkitMaskImage].some(v => v && v !== "none")) out.tables.push({table: head, problem: "scrolled to the end, shows no cue that it scrolls back"});
    box.scrollLeft = 0; box.dispatchEvent(new Event("scroll"));
  }
  // Year ranges and ISBNs in visible text: in an element that does not wrap.
  const keep = /\b97[89](?:[-\u2010\u2011 ]\d{1,7}){3}[-\u2010\u2011 ][\dX]\b|(?<![-\/.\w])(?:1[89]|20)\d\d\s?[–-]\s?(?:1[89]|20)\d\d(?![-\/\w])/g;  // not inside a web address
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    const parent = node.parentElement;
    if (!parent || parent.closest("script, style, noscript, template, pre, code, svg")) continue;
    for (const m of node.data.matchAll(keep)) {
      const ws = getComputedStyle(parent).whiteSpace;
      if (!/^(nowrap|pre)$/.test(ws)) out.breakable.push({text: m[0], in: where(parent), whiteSpace: ws});
    }
  }
  const width = document.documentElement.scrollWidth;
  if (width > innerWidth + 1) out.overflow = `the page is ${width} px wide in a ${innerWidth} px window`;
  return out;
}"""

#: Every string a screen reader may announce: each element's own text and
#: its aria-label, title, alt and placeholder, with the language it is in.
SPOKEN = r"""() => {
  const out = [];
  const lang = (e) => (e.closest("[lang]") || document.documentElement).getAttribute("lang") || "";
  for (const e of document.body.querySelectorAll("*")) {
    if (e.closest("script, style, noscript, template, svg, code, pre")) continue;
    const own = [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join(" ").replace(/\s+/g, " ").trim();
    const tag = e.tagName.toLowerCase() + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : "");
    if (own) out.push({where: tag, what: "text", value: own, lang: lang(e)});
    for (const name of ["aria-label", "title", "alt", "placeholder"]) {
      const v = e.getAttribute(name);
      if (v) out.push({where: tag, what: name, value: v.replace(/\s+/g, " ").trim(), lang: lang(e)});
    }
  }
  return out;
}"""

from browser_support import FOCUSED  # noqa: E402  (shared with tests/test_browser.py)


#: Resolves after the browser has drawn two more frames.
NEXT_FRAME = "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def url_of(base: str, lang: str, page: str) -> str:
    return base + url_path(lang, DEFAULT, page_dir(page))


def page_id(lang: str, page: str) -> str:
    return f"{lang}-{page_dir(page).rstrip('/').replace('/', '-') or 'home'}"


def describe(focus: dict | None) -> str:
    if focus is None:
        return "nothing (the page body)"
    what = focus["tag"] + ("." + ".".join(focus["cls"].split()) if focus["cls"] else "")
    return f"{what} {focus['href'] or focus['label']} {focus['text']!r} at {focus['box']}".strip()


# ---------------------------------------------------------------------------
# English interface strings (what must not appear on a Spanish page)
# ---------------------------------------------------------------------------

def material_strings(lang: str) -> dict[str, str]:
    """Material's interface text in ``lang`` (partials/languages/<lang>.html)."""
    source = Path(material.__file__).parent / "templates" / "partials" / "languages" / f"{lang}.html"
    return dict(re.findall(r'"([\w.]+)":\s*"([^"]*)"', source.read_text(encoding="utf-8")))


def site_strings() -> dict:
    """Our templates' interface text, per language (overrides/partials/site-strings.html)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "overrides")))
    return env.get_template("partials/site-strings.html").module.strings


def flatten(value) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in flatten(item)]
    return [value] if isinstance(value, str) else []


def english_interface(site: Path, lang: str) -> dict[str, str]:
    """English interface strings that must not be heard on a ``lang`` page,
    each with where it comes from: Material's, ours, the colour-scheme
    switch's names and the English page titles (nav entries), each left out
    where the ``lang`` text is the same."""
    english: dict[str, str] = {}
    material_en, material_lang = material_strings("en"), material_strings(lang)
    for key, text in material_en.items():
        if material_lang.get(key) != text:
            english[text] = f"Material's {key!r}"
    ours = site_strings()
    for key, text in ours["en"].items():
        if text != ours.get(lang, {}).get(key):
            for item in flatten(text):
                english[item] = f"site-strings.html {key!r}"
    for option in mkdocs_config()["theme"]["palette"]:
        english[option["toggle"]["name"]] = "mkdocs.yml theme.palette toggle name"
    for page in nav_pages():
        english_title, own_title = title(site, DEFAULT, page), title(site, lang, page)
        if english_title != own_title:
            english[english_title] = f"the English title of {page}"
    return {text: source for text, source in english.items() if len(text) >= 4 and not text.startswith("#")}


# ---------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def base_url(site, tmp_path_factory):
    """A copy of the built site served on 127.0.0.1."""
    require_tools()
    snapshot = tmp_path_factory.mktemp("phone") / "site"
    shutil.copytree(site, snapshot)
    with serve_site(snapshot) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    require_tools()
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def layout(browser, base_url):
    """Return ``layout(lang, page, viewport) -> dict`` (the LAYOUT checks,
    and SPOKEN on pages not in the default language). Each page is loaded
    once, at phone size, checked, then the window is resized to each other
    viewport and checked again (light scheme)."""
    context = browser.new_context(viewport=VIEWPORTS["phone"], color_scheme="light")
    done = {}

    def load(lang: str, page: str, viewport: str) -> dict:
        if (lang, page, viewport) not in done:
            tab = context.new_page()
            tab.goto(url_of(base_url, lang, page), wait_until="load")
            for size in VIEWPORTS:
                tab.set_viewport_size(VIEWPORTS[size])
                tab.wait_for_function(f"innerWidth === {VIEWPORTS[size]['width']}")
                tab.evaluate(NEXT_FRAME)  # resize handlers (scroll-regions.js) have run
                done[lang, page, size] = tab.evaluate(LAYOUT) | {
                    "spoken": tab.evaluate(SPOKEN) if lang != DEFAULT and size == "phone" else []}
            tab.close()
        return done[lang, page, viewport]

    yield load
    context.close()


def phone_tab(browser, lang: str, base_url: str, page: str = CHAPTER):
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    tab = context.new_page()
    tab.errors = []
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.goto(url_of(base_url, lang, page))
    return context, tab


# ---------------------------------------------------------------------------
# Keyboard at phone width
# ---------------------------------------------------------------------------

def tab_stop_problems(browser, base_url: str, lang: str, page: str) -> list[str]:
    """Walk a page at phone width with Tab; return what is wrong: invisible
    stops, or a menu button that is never reached."""
    context, tab = phone_tab(browser, lang, base_url, page)
    where = f"{tab.url} [phone]"
    try:
        stops, problems = [], []
        for _ in range(TAB_LIMIT):
            tab.keyboard.press("Tab")
            focus = tab.evaluate(FOCUSED)
            if focus is None or (stops and "md-skip" in focus["cls"]):
                break  # round the whole page
            stops.append(focus)
            if not focus["visible"]:
                problems.append(f"{where}: Tab stop {len(stops)} is invisible: {describe(focus)}")
    finally:
        context.close()
    if len(stops) <= 3:
        problems.append(f"{where}: only {len(stops)} Tab stops")
    if not any(stop["menu"] for stop in stops):
        problems.append(f"{where}: Tab never reaches the menu button; stops: {[describe(s) for s in stops[:8]]}")
    return problems


def menu_problems(browser, base_url: str, lang: str, key: str, page: str = CHAPTER) -> list[str]:
    """Open the menu at phone width with ``key`` on the menu button, Tab
    round it (every stop in the menu, visible and not covered by another
    panel), close it with Escape; return the first thing that goes wrong (an
    empty list when nothing does)."""
    context, tab = phone_tab(browser, lang, base_url, page)
    where = f"{tab.url} [phone]"
    button = "[for='__drawer'].md-header__button"
    try:
        for _ in range(20):
            tab.keyboard.press("Tab")
            focus = tab.evaluate(FOCUSED)
            if focus and focus["menu"]:
                break
        if not (focus and focus["menu"]):
            return [f"{where}: Tab never reaches the menu button"]
        if not focus["visible"]:
            return [f"{where}: the focused menu button is not visible: {describe(focus)}"]
        if tab.get_attribute(button, "aria-expanded") != "false":
            return [f"{where}: the closed menu's button lacks aria-expanded=false"]
        tab.keyboard.press(key)
        if not tab.is_checked("#__drawer"):
            return [f"{where}: {key!r} on the menu button does not open the menu"]
        if tab.get_attribute(button, "aria-expanded") != "true":
            return [f"{where}: the open menu's button lacks aria-expanded=true"]
        inside = tab.evaluate(FOCUSED)
        if not (inside and inside["inDrawer"] and inside["visible"]):
            return [f"{where}: after opening the menu the focus is on {describe(inside)}, not a visible link in the menu"]
        for step in range(40):
            tab.keyboard.press("Tab")
            stop = tab.evaluate(FOCUSED)
            if stop is None:
                continue  # out of the page into the browser's own controls, and round again
            if not (stop["inDrawer"] and stop["visible"] and stop["onTop"]):
                return [f"{where}: with the menu open, Tab {step + 1} lands on {describe(stop)}, outside the menu, "
                        f"invisible or covered (visible={stop['visible']}, on top={stop['onTop']})"]
        tab.keyboard.press("Escape")
        if tab.is_checked("#__drawer"):
            return [f"{where}: Escape does not close the menu"]
        back = tab.evaluate(FOCUSED)
        if not (back and back["menu"]):
            return [f"{where}: after Escape the focus is on {describe(back)}, not the menu button"]
        shown = tab.evaluate("getComputedStyle(document.querySelector('.md-sidebar--primary')).visibility")
        if shown != "hidden":
            return [f"{where}: the closed menu is {shown}, its links stay in the Tab order"]
        return [f"{where}: JavaScript error: {error}" for error in tab.errors]
    finally:
        context.close()


@pytest.mark.parametrize("page", ["index.md", CHAPTER])
@pytest.mark.parametrize("lang", LANGS)
def test_at_phone_width_every_tab_stop_is_visible_and_the_menu_is_one(browser, base_url, lang, page):
    problems = tab_stop_problems(browser, base_url, lang, page)
    assert not problems, "\n".join(problems[:15])


#: Each language once, each key that activates a button once, a chapter and a page in a section.
MENU_KEYS = list(zip(LANGS, ["Enter", " "] * len(LANGS)))
MENU_CASES = [(lang, key, page) for lang, key in MENU_KEYS for page in (CHAPTER, SECTION_PAGE)]


@pytest.mark.parametrize(("lang", "key", "page"), MENU_CASES,
                         ids=[f"{page_id(lang, page)}-{key.strip() or 'Space'}" for lang, key, page in MENU_CASES])
def test_at_phone_width_the_menu_opens_and_closes_by_keyboard(browser, base_url, lang, key, page):
    problems = menu_problems(browser, base_url, lang, key, page)
    assert not problems, problems[0]


#: Where each panel of the open menu is after it opened: its title's box and
#: whether the title is what the reader sees at its centre.
PANEL_SEEN = r"""(id) => {
  const title = document.querySelector(`.md-sidebar--primary label.md-nav__title[for='${id}']`);
  const box = title.getBoundingClientRect();
  const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  const wrap = document.querySelector(".md-sidebar--primary .md-sidebar__scrollwrap");
  return {left: Math.round(box.left), right: Math.round(box.right), onTop: !!top && title.contains(top),
          scrolled: wrap ? wrap.scrollLeft : 0};
}"""


@pytest.mark.parametrize("how", ["tap", "Enter"])
@pytest.mark.parametrize("lang", LANGS)
def test_at_phone_width_each_panel_of_the_menu_opens_on_screen(browser, base_url, lang, how):
    """A section of the menu (Annexes) and the page's contents open as panels
    that slide in over the menu; each must end on screen, by tap and by
    keyboard (a focus moved into a panel still off screen used to scroll the
    menu sideways and leave it blank)."""
    context, tab = phone_tab(browser, lang, base_url, CHAPTER)
    problems = []
    try:
        tab.click("[for='__drawer'].md-header__button")
        tab.wait_for_timeout(400)
        panels = tab.eval_on_selector_all(
            ".md-sidebar--primary label.md-nav__link[for]",
            "labels => labels.filter(l => l.getClientRects().length && document.getElementById(l.htmlFor)"
            "?.classList.contains('md-nav__toggle')).map(l => l.htmlFor)")
        assert panels, "the open menu shows no section or contents entry"
        def press(label: str) -> None:
            """Tap the label, or focus it and press Enter; wait for the panel's slide."""
            if how == "tap":
                tab.click(label)
            else:
                tab.focus(label)
                tab.keyboard.press("Enter")
            tab.wait_for_timeout(500)

        for panel in panels:
            press(f".md-sidebar--primary label.md-nav__link[for='{panel}']")
            seen = tab.evaluate(PANEL_SEEN, panel)
            if seen["left"] < 0 or seen["right"] > VIEWPORTS["phone"]["width"] or not seen["onTop"] or seen["scrolled"]:
                problems.append(f"panel {panel}: its title is at x {seen['left']}–{seen['right']}, on top: "
                                f"{seen['onTop']}, menu scrolled sideways by {seen['scrolled']} px")
            press(f".md-sidebar--primary label.md-nav__title[for='{panel}']")
    finally:
        context.close()
    assert not problems, f"/{url_path(lang, DEFAULT, page_dir(CHAPTER))} [phone, {how}]: " + "; ".join(problems)


#: Each bar chart's label size as drawn (px), and the body text's.
CHART_TEXT = r"""() => {
  const body = parseFloat(getComputedStyle(document.querySelector("article p")).fontSize);
  return {body, charts: [...document.querySelectorAll("svg.data-figure__chart:not(.data-figure__map)")].map(svg =>
    ({id: svg.id || svg.closest("figure")?.id, px: svg.getBoundingClientRect().width / svg.viewBox.baseVal.width
      * parseFloat(svg.getAttribute("font-size"))}))};
}"""


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_chart_labels_are_about_the_size_of_the_text(site, browser, base_url, viewport):
    """A chart scales with its width: its labels must stay readable on a
    phone (at least 12 px) and not outgrow the text beside them on a desktop."""
    page = figure_page(site)
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    tab = context.new_page()
    tab.goto(url_of(base_url, DEFAULT, page))
    seen = tab.evaluate(CHART_TEXT)
    context.close()
    assert seen["charts"], f"/{page_dir(page)}: no bar chart found"
    wrong = [f"{c['id']}: {c['px']:.1f} px" for c in seen["charts"] if not 12 <= c["px"] <= 1.1 * seen["body"]]
    assert not wrong, f"/{page_dir(page)} [{viewport}]: chart labels outside 12–{1.1 * seen['body']:.1f} px: {wrong}"


# ---------------------------------------------------------------------------
# Every page: headings, tables, unbreakable text, interface language
# ---------------------------------------------------------------------------

every_page = pytest.mark.parametrize(("lang", "page"), PAGES, ids=[page_id(*p) for p in PAGES])
every_viewport = pytest.mark.parametrize("viewport", VIEWPORTS)


@every_viewport
@every_page
def test_no_heading_is_taller_than_its_text_needs(layout, lang, page, viewport):
    found = layout(lang, page, viewport)["tall"]
    assert not found, (f"/{url_path(lang, DEFAULT, page_dir(page))} [{viewport}]: the ¶ permalink adds a line under "
                       + "; ".join(f"{h['heading']} {h['text']!r} (+{h['extra']} px)" for h in found))


@every_viewport
@every_page
def test_wide_tables_fit_or_show_that_they_scroll(layout, lang, page, viewport):
    seen = layout(lang, page, viewport)
    where = f"/{url_path(lang, DEFAULT, page_dir(page))} [{viewport}]"
    assert not seen["tables"], f"{where}: " + "; ".join(f"table {t['table']!r}: {t['problem']}" for t in seen["tables"])
    assert seen["overflow"] is None, f"{where}: {seen['overflow']} (it scrolls sideways)"


@every_page
def test_year_ranges_and_isbns_cannot_break_across_lines(layout, lang, page):
    found = layout(lang, page, "phone")["breakable"]
    assert not found, (f"/{url_path(lang, DEFAULT, page_dir(page))}: can break across lines: "
                       + "; ".join(f"{b['text']!r} in {b['in']} (white-space: {b['whiteSpace']})" for b in found[:10]))


PAGES_OTHER = [(lang, page) for lang in OTHER_LANGS for page in nav_pages()]


@pytest.mark.parametrize(("lang", "page"), PAGES_OTHER, ids=[page_id(*p) for p in PAGES_OTHER])
def test_no_english_interface_string_outside_lang_en(site, layout, lang, page):
    english = english_interface(site, lang)
    found = [f"  {s['where']} {s['what']}={s['value']!r} ({english[s['value']]})"
             for s in layout(lang, page, "phone")["spoken"]
             if s["value"] in english and not s["lang"].startswith(DEFAULT)]
    assert not found, (f"/{url_path(lang, DEFAULT, page_dir(page))}: English interface text outside lang=\"{DEFAULT}\":\n"
                       + "\n".join(sorted(set(found))))


def test_the_english_string_check_catches_a_planted_english_string(site, browser, base_url, tmp_path):
    """The check above finds an English string: a Spanish page with the
    English "Switch to dark mode" and "Permanent link" planted fails it."""
    lang = OTHER_LANGS[0]
    source = page_path(site, lang, CHAPTER).read_text(encoding="utf-8")
    planted = source.replace("</article>", '<p title="Permanent link">x</p><p>Switch to dark mode</p></article>', 1)
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    tab = context.new_page()
    tab.goto(url_of(base_url, lang, CHAPTER))
    tab.set_content(planted)
    spoken = tab.evaluate(SPOKEN)
    context.close()
    english = english_interface(site, lang)
    assert {"Permanent link", "Switch to dark mode"} <= {s["value"] for s in spoken if s["value"] in english}


def test_the_checks_fail_on_materials_own_header_and_layout(browser, project_copy):
    """Planted fault: without our header override, drawer script, layout.css
    and keep_together hook (Material's label-only menu button, the closed
    drawer's links in the Tab order, the orphaned ¶, tables without a scroll
    cue, breakable year ranges and ISBNs), the keyboard and layout checks
    above fail."""
    def plant(root):
        (root / "overrides" / "partials" / "header.html").unlink()
        (root / "docs" / "assets" / "stylesheets" / "layout.css").write_text("", encoding="utf-8")
        (root / "docs" / "assets" / "javascripts" / "drawer-keyboard.js").write_text("", encoding="utf-8")
        config = root / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("  - overrides/hooks/keep_together.py\n", ""), encoding="utf-8")

    build = project_copy(plant)
    assert build.returncode == 0, build.output
    found = {"tall": [], "tables": [], "breakable": []}
    wanted = {"2020–2024", mkdocs_config()["extra"]["edition"]["source"]["isbn"]}
    with serve_site(build.site) as url:
        stops = tab_stop_problems(browser, url, DEFAULT, CHAPTER)
        menu = menu_problems(browser, url, DEFAULT, "Enter")
        context = browser.new_context(viewport=VIEWPORTS["phone"])
        tab = context.new_page()
        for page in reading_order():
            tab.goto(url_of(url, DEFAULT, page))
            seen = tab.evaluate(LAYOUT)
            for key in found:
                found[key] += seen[key]
            if found["tall"] and found["tables"] and {b["text"] for b in found["breakable"]} >= wanted:
                break
        context.close()
    assert any("invisible" in p for p in stops), stops
    assert any("never reaches the menu button" in p for p in stops), stops
    assert menu and "never reaches the menu button" in menu[0], menu
    assert found["tall"], "no orphaned permalink found without layout.css"
    assert any("no visible cue" in t["problem"] for t in found["tables"]), found["tables"]
    assert {b["text"] for b in found["breakable"]} >= wanted, found["breakable"]


def test_keep_together_wraps_year_ranges_and_isbns_in_text_only():
    from keep_together import keep_together

    html = ('<head><title>2020–2024</title></head><body><p title="2020–2024">Strategy 2020–2024, '
            'ISBN 978-92-9068-886-0, 2019-2023</p><pre>2020–2024</pre><script>"2020–2024"</script></body>')
    out = keep_together(html)
    assert out.count('<span class="nowrap">') == 3, out
    assert '<span class="nowrap">2020–2024</span>,' in out and '<span class="nowrap">978-92-9068-886-0</span>' in out
    assert '<title>2020–2024</title>' in out and 'title="2020–2024"' in out
    assert '<pre>2020–2024</pre>' in out and '<script>"2020–2024"</script>' in out


def test_a_language_without_a_permalink_title_fails_the_build(project_copy):
    def plant(root):
        strings = root / "overrides" / "partials" / "site-strings.html"
        strings.write_text(strings.read_text(encoding="utf-8").replace('"permalink": "Enlace permanente",', ""), encoding="utf-8")

    build = project_copy(plant)
    assert build.returncode != 0, "a language without a 'permalink' string built"
    assert "overrides/partials/site-strings.html: no 'permalink' string for 'es'" in build.output, build.output


@pytest.mark.parametrize("lang", LANGS)
def test_the_header_shows_the_site_title_uncut(browser, base_url, lang):
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    tab = context.new_page()
    tab.goto(url_of(base_url, lang, "index.md"))
    problems = []
    for width in (390, 768, 1024, 1280):
        tab.set_viewport_size({"width": width, "height": 800})
        tab.wait_for_function(f"innerWidth === {width}")
        shown = tab.evaluate("""() => [...document.querySelectorAll('.md-header__topic:first-child > span')]
        .filter(s => s.getClientRects().length)
        .map(s => ({text: s.textContent.trim(), cut: s.scrollWidth > s.clientWidth + 1 || s.scrollHeight > s.clientHeight + 1,
                    inside: s.getBoundingClientRect().right <= s.closest('.md-header__title').getBoundingClientRect().right + 1}))""")
        if len(shown) != 1:
            problems.append(f"{lang} home [{width} px]: header titles shown: {shown}")
        elif shown[0]["cut"] or not shown[0]["inside"]:
            problems.append(f"{lang} home [{width} px]: the header title {shown[0]['text']!r} is cut")
    context.close()
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------
# Desktop: the whole nav above the fold
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_at_1280x800_the_last_nav_item_is_above_the_fold_and_every_nav_link_is_a_24px_target(browser, base_url, lang):
    """The sidebar's links are at least 24 px high (WCAG 2.5.8), so axe's
    target-size holds whatever their spacing, however many pages the nav lists."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    tab = context.new_page()
    tab.goto(url_of(base_url, lang, "index.md"))
    bottom, height, small = tab.evaluate("""() => {
      const links = [...document.querySelectorAll('.md-sidebar--primary a.md-nav__link')].filter(a => a.getClientRects().length);
      const small = links.filter(a => a.getBoundingClientRect().height < 24)
                         .map(a => `${a.textContent.trim()} (${a.getBoundingClientRect().height.toFixed(1)} px)`);
      return [links[links.length - 1].getBoundingClientRect().bottom, innerHeight, small];
    }""")
    context.close()
    assert bottom <= height, f"{lang} home [1280x800]: the last nav item ends at {bottom:.0f} px, below the fold ({height} px)"
    assert not small, f"{lang} home [1280x800]: nav links under 24 px high: {small}"


# ---------------------------------------------------------------------------
# The readers' path and the contributors' guides (built HTML)
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_readers_path_never_leads_into_the_guides(site, lang):
    for page in reading_order():
        path = page_path(site, lang, page)
        for link in soup(path).select("a.md-footer__link"):
            target = resolve(site, path, link["href"])
            assert f"/{CONTRIBUTORS_FOLDER}" not in "/" + target, (
                f"{path.relative_to(site)}: the footer's {link.get('aria-label')!r} leads to {target}, a contributors' guide")
        nav = soup(path).select_one("nav.md-nav--primary")
        assert not [a["href"] for a in nav.select("a[href]") if f"{CONTRIBUTORS_FOLDER}" in a["href"]], (
            f"{path.relative_to(site)}: the nav lists the contributors' guides")


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_footer_and_the_about_page_link_the_guides(site, lang):
    entry = url_path(lang, DEFAULT, page_dir(guide_pages()[0]))
    for page in nav_pages():
        path = page_path(site, lang, page)
        links = [resolve(site, path, a["href"]) for a in soup(path).select("footer a[href]")]
        assert entry in links, f"{path.relative_to(site)}: the footer does not link the contributors' guides ({entry})"
    about = page_path(site, lang, "about.md")
    links = {resolve(site, about, a["href"]) for a in article(soup(about)).select("a[href]")}
    missing = [g for g in guide_pages() if url_path(lang, DEFAULT, page_dir(g)) not in links]
    assert not missing, f"{about.relative_to(site)}: does not link the guides {missing}"


@pytest.mark.parametrize("lang", LANGS)
def test_edit_this_page_ends_the_page_and_the_header_has_no_repository_widget(site, lang):
    expected = material_strings(lang)["action.edit"]
    for page in nav_pages():
        path = page_path(site, lang, page)
        page_soup = soup(path)
        assert not page_soup.select("header .md-source, header .md-header__source"), (
            f"{path.relative_to(site)}: the header shows the repository widget")
        body = article(page_soup)
        edit = body.select_one("a[rel=edit]")
        assert edit is not None and " ".join(edit.get_text().split()) == expected, (
            f"{path.relative_to(site)}: no 'Edit this page' link ({expected!r}) in the page")
        first_heading = body.find(["h1"])
        assert edit in first_heading.find_all_next("a"), f"{path.relative_to(site)}: 'Edit this page' comes before the H1"


# ---------------------------------------------------------------------------
# Screenshots to look at (kept as test artifacts)
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("scheme", SCHEMES)
@every_viewport
@pytest.mark.parametrize("lang", LANGS)
def test_screenshots_of_home_and_a_chapter(browser, base_url, lang, viewport, scheme):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme)
    tab = context.new_page()
    shots = []
    for page in ("index.md", CHAPTER):
        tab.goto(url_of(base_url, lang, page))
        shot = ARTIFACTS / f"{viewport}-{scheme}-{page_id(lang, page)}.png"
        tab.screenshot(path=str(shot), full_page=viewport == "phone", animations="disabled")
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= VIEWPORTS[viewport]["width"], f"{tab.url} [{viewport}, {scheme}]: the page is {width} px wide"
        shots.append(shot)
    context.close()
    assert all(shot.stat().st_size > 10_000 for shot in shots), [str(s) for s in shots]
