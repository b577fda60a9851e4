"""The front page of each language works like the cover and contents of a
publication: title, subtitle and status from the edition's identity, the
strategy in brief, key facts, every page of the guide with its one-line
summary, the downloads and the way to the other language; it reads at
390 px and 1280 px (overrides/hooks/front_page.py, page-meta.html)."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

import front_page
from browser_support import launch_chromium, require_tools, serve_site
from conftest import ROOT, mkdocs_config, nav_pages, page_dir
from site_html import DEFAULT, LANGS, article, lang_prefix, page_path, resolve, soup, title

CONFIG = mkdocs_config()
EDITION = CONFIG["extra"]["edition"]
SKIP = tuple(CONFIG["extra"].get("pdf_skip") or ())
#: The pages the contents must list: the nav without the home page and the contributors' guides.
LISTED = [page for page in nav_pages() if page != "index.md" and not page.startswith(SKIP)]
DATA = yaml.safe_load((ROOT / "docs" / front_page.DATA).read_text(encoding="utf-8"))


def _text(element) -> str:
    """The element's text as a reader sees it: white space collapsed, none
    lost around inline elements (a year range kept together in a span)."""
    return " ".join(element.get_text().split())


def home(site, lang):
    return soup(page_path(site, lang, "index.md"))


@pytest.mark.parametrize("lang", LANGS)
def test_cover_shows_title_subtitle_and_status_from_the_identity(site, lang):
    body = article(home(site, lang))
    assert _text(body.h1).startswith(EDITION["title"][lang]), body.h1
    subtitle = body.h1.find_next_sibling()
    assert subtitle.get("class") == ["cover__subtitle"] and _text(subtitle) == EDITION["subtitle"][lang], subtitle
    assert _text(body.select_one(".page-meta__status")) == EDITION["status"][lang]


@pytest.mark.parametrize("lang", LANGS)
def test_contents_lists_every_page_in_nav_order_with_its_summary(site, lang):
    contents = article(home(site, lang)).select_one("ul.contents-list")
    assert contents is not None, f"/{lang_prefix(lang)}: no contents list"
    home_file = page_path(site, lang, "index.md")
    entries = [(resolve(site, home_file, a["href"]), a) for a in contents.select("li > a")
               if "#" not in a["href"]]
    assert [target for target, _ in entries] == [f"{lang_prefix(lang)}{page_dir(p)}" for p in LISTED], \
        f"/{lang_prefix(lang)}: contents list {[t for t, _ in entries]}"
    for (target, link), page in zip(entries, LISTED):
        assert _text(link) == title(site, lang, page), f"/{lang_prefix(lang)}: entry {_text(link)!r}"
        summary = link.find_next_sibling("span", class_="contents-list__summary")
        description = soup(page_path(site, lang, page)).find("meta", attrs={"name": "description"})["content"]
        assert summary is not None and _text(summary) == description, \
            f"/{lang_prefix(lang)}: the summary of {page} is not its front matter description"


@pytest.mark.parametrize("lang", LANGS)
def test_key_facts_come_from_the_identity_and_the_data_file(site, lang):
    facts = article(home(site, lang)).select_one("dl.key-facts")
    assert facts is not None, f"/{lang_prefix(lang)}: no key facts"
    values = [_text(dd) for dd in facts.find_all("dd")]
    source = EDITION["source"]
    for expected in (str(source["year"]), source["publisher"][lang], source["isbn"]):
        assert any(value.startswith(expected) for value in values), f"/{lang_prefix(lang)}: no key fact {expected!r} in {values}"
    for key in ("countries", "pillars"):
        names = ", ".join(name[lang] for name in DATA[key]["names"])
        assert any(value.startswith(names) for value in values), f"/{lang_prefix(lang)}: no {key} {names!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_front_page_leads_to_the_other_language_and_the_downloads(site, lang):
    page = home(site, lang)
    home_file = page_path(site, lang, "index.md")
    for other in (code for code in LANGS if code != lang):
        link = article(page).select_one(f".cover__language a[hreflang={other}]")
        assert link is not None and link.get("lang") == other, f"/{lang_prefix(lang)}: no link to the {other} guide"
        assert resolve(site, home_file, link["href"]).rstrip("/") == lang_prefix(other).rstrip("/"), link["href"]
    downloads = article(page).select(".pdf-strategy a[type='application/pdf']")
    assert len(downloads) == len(LANGS), f"/{lang_prefix(lang)}: downloads {downloads}"


def test_front_page_restates_iom_aims_without_the_corrected_wording(site):
    text = " ".join(article(home(site, "en")).get_text(" ").split())
    assert "coordinate more closely with United Nations agencies" not in text
    assert "technical support to governments and assistance to migrants" not in text
    assert "through its involvement with United Nations agencies" in text


def test_data_problems_name_the_entry_and_the_missing_language():
    broken = {"countries": {"note": {"en": "x"}, "names": [{"en": "Peru", "es": "Perú"}, {"en": "Chile"}]}, "pillars": {}}
    problems = front_page.data_problems(broken, ["en", "es"])
    assert "'countries:' note: the 'es' text is missing" in problems
    assert "'countries:' names, entry 2: the 'es' text is missing" in problems
    assert any(p.startswith("'pillars:' needs a 'names:' list") for p in problems)
    assert front_page.data_problems(DATA, LANGS) == []


def test_a_missing_translation_in_the_data_file_fails_the_build(project_copy):
    def plant(root):
        path = root / "docs" / front_page.DATA
        path.write_text(path.read_text(encoding="utf-8").replace("es: Perú}", "}"), encoding="utf-8")

    build = project_copy(plant)
    assert build.returncode != 0, "a country without its Spanish name should fail the build"
    assert f"docs/{front_page.DATA}: 'countries:' names, entry 8: the 'es' text is missing" in build.output, build.output[-2000:]


@pytest.mark.parametrize("lang", LANGS)
def test_front_page_fits_a_phone_and_a_laptop_without_sideways_scrolling(site, lang, tmp_path_factory):
    require_tools()
    from playwright.sync_api import sync_playwright

    snapshot = tmp_path_factory.mktemp("front-page") / "site"
    shutil.copytree(site, snapshot)
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    with serve_site(snapshot) as base, sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        for width, height in ((390, 844), (1280, 800)):
            context = chromium.new_context(viewport={"width": width, "height": height})
            tab = context.new_page()
            tab.goto(base + lang_prefix(lang), wait_until="load")
            wide = tab.evaluate("""() => [...document.querySelectorAll('.md-content .key-facts, .md-content .contents-list, .md-content .page-meta')]
                .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .map(el => el.className)""")
            overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            tab.screenshot(path=str(artifacts / f"front-page-{lang}-{width}.png"), full_page=True)
            context.close()
            assert overflow <= 0 and not wide, f"/{lang_prefix(lang)} at {width} px: scrolls sideways by {overflow} px ({wide})"
        chromium.close()
