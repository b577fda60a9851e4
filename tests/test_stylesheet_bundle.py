"""The site's one stylesheet (overrides/hooks/stylesheet_bundle.py).

Every page links one stylesheet, fingerprinted and cached for a year, and it
removes nothing a page shows: each page below is rendered in Chromium with
the bundle and with the unpurged, unminified stylesheets it replaces
(Material's, ``extra_css``, print.css inside ``@media print``), in the states
a reader meets (desktop light and dark, scrolled, the phone's menu open,
print media, the keyboard focus on a nav link and on a link in the text), and the two screenshots must have the same pixels (up to a level of
anti-aliasing). A planted fault (the purge told nothing of the classes
Material's script adds) shows that the comparison sees a missing rule.
Differences are saved to ``test-artifacts/stylesheet-bundle/``.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
from pathlib import Path

import material
import pytest
from PIL import Image, ImageChops
from playwright.sync_api import sync_playwright

import stylesheet_bundle
from browser_support import launch_chromium, require_tools, serve_site
from conftest import ROOT, guide_pages, i18n_languages, mkdocs_config, nav_pages, page_dir
from site_html import SITE_PATH, figure_page, lang_prefix

LANGS = i18n_languages()
DEFAULT = LANGS[0]
ARTIFACTS = ROOT / "test-artifacts" / "stylesheet-bundle"
BUNDLE = re.compile(r"assets/stylesheets/bundle\.([0-9a-f]{8})\.min\.css$")
STYLESHEET_LINK = re.compile(r"<link\b[^>]*\brel=\"stylesheet\"[^>]*>")
MATERIAL_BASE = Path(material.__file__).parent / "templates" / "base.html"
#: Largest difference in a colour channel (0–255) taken as the same pixel: the
#: anti-aliased edge of a rounded corner can come out one level apart between
#: two renderings of the same stylesheet; a rule missing changes far more.
ROUNDING = 2
#: The reader's states compared: viewport, colour scheme, what is done after load.
STATES = {
    "desktop-light": ({"width": 1280, "height": 800}, "light", None),
    "desktop-dark": ({"width": 1280, "height": 800}, "dark", None),
    "focus-nav": ({"width": 1280, "height": 800}, "light", "focus"),
    "focus-link": ({"width": 1280, "height": 800}, "dark", "focus"),
    "scrolled": ({"width": 1280, "height": 800}, "dark", "scroll"),
    "phone-menu": ({"width": 390, "height": 844}, "light", "menu"),
    "print": ({"width": 1280, "height": 800}, "light", "print"),
}
#: The states of the pages other than the figures chapter (full-page shots).
PAGE_STATES = ("desktop-light", "desktop-dark", "print")
#: Keyboard focus (Material's script marks it with the class focus-visible):
#: Tab until the focus is in the first element matching the selector.
FOCUS_IN = {"focus-nav": ".md-sidebar--primary", "focus-link": "article p a"}
TAB_LIMIT = 80


def built_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if not p.relative_to(site).parts[0] in ("pdf", "pagefind"))


def reference_css(site: Path) -> str:
    """The stylesheets the bundle replaces, joined as the hook joins them, unpurged."""
    material_css = [a for a in stylesheet_bundle.material_assets(MATERIAL_BASE.read_text(encoding="utf-8"))
                    if a.endswith(".css")]
    return stylesheet_bundle.joined_stylesheets(site, material_css + mkdocs_config()["extra_css"],
                                                stylesheet_bundle.PRINT_CSS)


# ---------------------------------------------------------------------------
# The built site
# ---------------------------------------------------------------------------

def test_every_page_links_one_fingerprinted_stylesheet_that_exists(site):
    pages = built_pages(site)
    assert len(pages) >= 2 * len(nav_pages()), "fewer pages than expected"
    names = set()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        links = STYLESHEET_LINK.findall(html)
        where = page.relative_to(site).as_posix()
        assert len(links) == 1, f"{where}: {len(links)} stylesheets linked, expected only the bundle: {links}"
        href = re.search(r'href="([^"]+)"', links[0]).group(1)
        assert BUNDLE.search(href), f"{where}: links {href}, not the bundle"
        names.add(href.rsplit("/", 1)[-1])
        assert stylesheet_bundle.BUNDLE_LINK not in html, f"{where}: the placeholder link was not rewritten"
    assert len(names) == 1, f"pages link different bundles: {names}"
    bundle = site / "assets" / "stylesheets" / names.pop()
    digest = BUNDLE.search(bundle.as_posix()).group(1)
    assert hashlib.sha256(bundle.read_bytes()).hexdigest()[:8] == digest, f"{bundle.name}: the name is not its content's hash"


def test_the_bundle_holds_the_print_rules_and_is_much_smaller_than_its_parts(site):
    bundle = next((site / "assets" / "stylesheets").glob("bundle.*.min.css")).read_text(encoding="utf-8")
    assert "@media print" in bundle
    print_css = (site / stylesheet_bundle.PRINT_CSS).read_text(encoding="utf-8")
    assert "@page" in print_css and "@page" in bundle, "print.css's @page rules are missing from the bundle"
    reference = reference_css(site)
    # Material's main stylesheet alone is 137 KB; the pages use about a third of it.
    assert len(bundle) < len(reference) / 2, f"bundle {len(bundle)} bytes vs {len(reference)} unpurged"


# ---------------------------------------------------------------------------
# Helpers (no build)
# ---------------------------------------------------------------------------

def test_material_assets_are_read_from_materials_template():
    assets = stylesheet_bundle.material_assets(MATERIAL_BASE.read_text(encoding="utf-8"))
    assert [a.split("/")[1] for a in assets] == ["stylesheets", "stylesheets", "javascripts"]
    with pytest.raises(Exception, match="update _MATERIAL_ASSET"):
        stylesheet_bundle.material_assets("<link href='assets/stylesheets/main.css'>")


def test_runtime_class_names_leave_out_the_features_the_site_does_not_use():
    script = ('a("md-header--shadow"),b="md-tooltip2--active",c="data-md-state",d="md-search-result__item",'
              'e.classList.add("focus-visible"),f="success"')
    assert stylesheet_bundle.runtime_class_names(script) == ["data-md-state", "focus-visible", "md-header--shadow"]


def test_print_css_goes_last_inside_media_print(tmp_path):
    (tmp_path / "a.css").write_text('@charset "UTF-8";a{color:red}', encoding="utf-8")
    (tmp_path / "p.css").write_text("@page{size:A4}", encoding="utf-8")
    assert stylesheet_bundle.joined_stylesheets(tmp_path, ["a.css"], "p.css") == "a{color:red}\n@media print{\n@page{size:A4}\n}"
    with pytest.raises(Exception, match="missing.css: stylesheet not found"):
        stylesheet_bundle.joined_stylesheets(tmp_path, ["missing.css"], "p.css")


def test_enabling_a_feature_whose_classes_are_left_out_fails_the_build(project_copy):
    build = project_copy(lambda root: (root / "mkdocs.yml").write_text(
        (root / "mkdocs.yml").read_text(encoding="utf-8").replace("    - toc.follow\n", "    - toc.follow\n    - content.code.copy\n", 1),
        encoding="utf-8"))
    assert build.returncode != 0
    assert "content.code.copy" in build.output and "UNUSED_MATERIAL_CLASSES" in build.output, build.output[-2000:]


# ---------------------------------------------------------------------------
# In the browser: the bundle renders exactly as the stylesheets it replaces
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def rendering(site, tmp_path_factory):
    """Return ``shoot(path, state, css=None) -> PNG bytes``: the page at site
    path ``path`` in ``state`` (STATES), with the site's bundle, or with the
    stylesheet text ``css`` served in its place."""
    require_tools()
    snapshot = tmp_path_factory.mktemp("stylesheet-bundle") / "site"
    shutil.copytree(site, snapshot, ignore=shutil.ignore_patterns("pdf"))
    with serve_site(snapshot, prefix=SITE_PATH) as base, sync_playwright() as playwright:
        chromium = launch_chromium(playwright)

        def shoot(path: str, state: str, css: str | None = None) -> bytes:
            viewport, scheme, action = STATES[state]
            context = chromium.new_context(viewport=viewport, color_scheme=scheme)
            if css is not None:
                context.route(re.compile(r".*/assets/stylesheets/bundle\.[0-9a-f]{8}\.min\.css$"),
                              lambda route: route.fulfill(body=css, content_type="text/css"))
            tab = context.new_page()
            try:
                tab.goto(base + path, wait_until="load")
                tab.evaluate("document.fonts.ready")
                full = True
                if action == "focus":
                    for _ in range(TAB_LIMIT):
                        tab.keyboard.press("Tab")
                        if tab.evaluate("s => !!document.activeElement?.closest(s)", FOCUS_IN[state]):
                            break
                    full = False
                elif action == "scroll":
                    tab.mouse.wheel(0, 2400)
                    tab.wait_for_timeout(300)
                    tab.mouse.wheel(0, -400)
                    tab.wait_for_timeout(300)
                    full = False
                elif action == "menu":
                    tab.click("[for='__drawer'].md-header__button")
                    full = False
                elif action == "print":
                    tab.emulate_media(media="print")
                return tab.screenshot(full_page=full, animations="disabled", caret="hide")
            finally:
                context.close()

        yield shoot
        chromium.close()


def _cases():
    # The front page; the chapter with the figures (charts, tables, boxes,
    # "Cite this page"); a contributors' guide (code, tables); the not-found
    # page. The languages share every class, so one language is enough.
    return [(DEFAULT, "index.md"), (DEFAULT, "figures"), (DEFAULT, "guide"), (LANGS[-1], "404")]


def _path(site: Path, lang: str, page: str) -> str:
    if page == "404":
        return lang_prefix(lang) + "404.html"
    page = {"figures": figure_page(site), "guide": guide_pages()[0]}.get(page, page)
    return lang_prefix(lang) + page_dir(page)


def _differs(name: str, bundled: bytes, reference: bytes) -> str | None:
    """None when the two screenshots have the same pixels (up to ROUNDING); else a description,
    with both images and their difference saved under ARTIFACTS."""
    if bundled == reference:
        return None
    one, two = Image.open(io.BytesIO(bundled)).convert("RGB"), Image.open(io.BytesIO(reference)).convert("RGB")
    if one.size == two.size:
        difference = ImageChops.difference(one, two)
        if max(high for _, high in difference.getextrema()) <= ROUNDING:
            return None
        box = difference.getbbox()
    else:
        box = "size"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}-bundle.png").write_bytes(bundled)
    (ARTIFACTS / f"{name}-unpurged.png").write_bytes(reference)
    return f"{name}: sizes {one.size} vs {two.size}, differing box {box} (images in {ARTIFACTS})"


@pytest.mark.parametrize("lang,page", _cases())
def test_the_bundle_renders_like_the_stylesheets_it_replaces(site, rendering, lang, page):
    path, reference = _path(site, lang, page), reference_css(site)
    found = []
    # The header, menu, nav and focus are the same on every page: all states
    # on the figures chapter; the others' own content in light, dark and print.
    for state in STATES if page == "figures" else PAGE_STATES:
        name = f"{lang}-{page.replace('.md', '')}-{state}"
        problem = _differs(name, rendering(path, state), rendering(path, state, reference))
        if problem:
            found.append(problem)
    assert not found, f"/{path}: the bundle changes what the page shows (a rule purged that the page uses):\n" + "\n".join(found)


def test_the_comparison_sees_a_rule_purged_wrongly(site, rendering):
    """Planted fault: the purge is not told the classes Material's script adds
    (runtime_class_names), so their rules go; a state shows the difference."""
    page = _path(site, DEFAULT, "figures")
    names = stylesheet_bundle.runtime_class_names("")
    assert names == []
    wrong = stylesheet_bundle.minify(ROOT, stylesheet_bundle.purge(ROOT, reference_css(site), [f"{site.as_posix()}/**/*.html"]))
    # Material marks keyboard focus with the class focus-visible (its outline
    # and offset), and the scrolled page's current section with md-nav__link--active.
    for state in ("focus-link", "scrolled"):
        assert rendering(page, state, wrong) != rendering(page, state), (
            f"{state}: a stylesheet without the rules of Material's run-time classes rendered identically")
