"""The built site: every page in both languages, with the right language,
notices, language selector, sitemap, 404 pages and home-page contents."""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET

import pytest

from conftest import mkdocs_config, nav_pages, page_dir, strategy_pages
from site_html import DEFAULT, LANGS, all_pages, article, lang_prefix, page_path, resolve, soup, title, SITE_PATH

PAGES = nav_pages()
#: The strategy's pages (the contributors' guides left out) and its chapters.
STRATEGY = strategy_pages()
CHAPTERS = [p for p in STRATEGY if p != "index.md"]

#: Numbered subsections of the strategy's table of contents (the issue and
#: ../shared/strategy-brief/facts.md list them); chapter file -> numbers.
STRATEGY_SUBSECTIONS = {
    "political-and-institutional-outlook.md": ["2.1", "2.2", "2.3", "2.4"],
    "migration-outlook.md": ["3.1", "3.2", "3.3"],
    "institutional-development.md": ["5.1", "5.2", "5.3", "5.4", "5.5"],
}

#: The strategy's chapters in table-of-contents order, as numbered headings.
STRATEGY_CHAPTER_NUMBERS = {
    "introduction.md": "1.",
    "political-and-institutional-outlook.md": "2.",
    "migration-outlook.md": "3.",
    "regional-strategic-priorities.md": "4.",
    "institutional-development.md": "5.",
    "concluding-statement.md": "6.",
}


def h1(lang, page, site):
    return title(site, lang, page)


@pytest.mark.parametrize("lang,page", all_pages())
def test_every_nav_page_is_built_in_every_language(site, lang, page):
    assert page_path(site, lang, page).is_file(), f"{lang}: {page} was not built at /{lang_prefix(lang)}{page_dir(page)}"


@pytest.mark.parametrize("lang,page", all_pages())
def test_html_lang_attribute_matches_the_language(site, lang, page):
    html = soup(page_path(site, lang, page)).html
    assert html.get("lang") == lang, f"/{lang_prefix(lang)}{page_dir(page)} has <html lang={html.get('lang')!r}>, expected {lang!r}"


@pytest.mark.parametrize("page", PAGES)
def test_spanish_page_has_its_own_title(site, page):
    english, spanish = h1(DEFAULT, page, site), h1("es", page, site)
    assert english != spanish, f"{page}: the Spanish page's title is the English one ({english!r}); is it translated?"


def test_chapters_follow_the_strategy_numbering_in_nav_order(site):
    numbered = [p for p in PAGES if p in STRATEGY_CHAPTER_NUMBERS]
    assert numbered == list(STRATEGY_CHAPTER_NUMBERS), f"nav order {numbered} differs from the strategy's"
    for lang in LANGS:
        for page, number in STRATEGY_CHAPTER_NUMBERS.items():
            assert h1(lang, page, site).startswith(number), f"{lang}/{page}: title {h1(lang, page, site)!r} should start with {number!r}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page,numbers", STRATEGY_SUBSECTIONS.items())
def test_subsections_are_numbered_h2_headings_with_ids(site, lang, page, numbers):
    body = article(soup(page_path(site, lang, page)))
    found = [h2.get_text(" ", strip=True).split(" ")[0] for h2 in body.find_all("h2") if re.match(r"\d+\.\d+ ", h2.get_text(" ", strip=True))]
    assert found == numbers, f"{lang}/{page}: numbered subsections {found}, expected {numbers}"
    for h2 in body.find_all("h2"):
        assert h2.get("id"), f"{lang}/{page}: heading {h2.get_text(strip=True)!r} has no id"


@pytest.mark.parametrize("lang,page", all_pages())
def test_every_page_banner_states_the_edition_status_and_links_to_the_publication(site, lang, page):
    url = mkdocs_config()["extra"]["edition"]["source"]["url"]
    banner = soup(page_path(site, lang, page)).select_one(".md-banner")
    assert banner is not None, f"{lang}/{page}: no banner stating the edition"
    text = banner.get_text(" ", strip=True)
    expected = " ".join(mkdocs_config()["extra"]["edition"]["status"][lang].split())
    assert expected in text, f"{lang}/{page}: banner says {text!r}, expected it to contain {expected!r}"
    assert banner.find("a", href=url), f"{lang}/{page}: banner does not link to {url}"


@pytest.mark.parametrize("lang,page", all_pages())
def test_language_selector_leads_to_the_same_page_in_each_language(site, lang, page):
    path = page_path(site, lang, page)
    entries = soup(path).select("a.md-select__link[hreflang]")
    links = {a["hreflang"]: a["href"] for a in entries}
    assert set(links) == set(LANGS), f"{lang}/{page}: selector offers {sorted(links)}, expected {LANGS}"
    for a in entries:
        assert a.get("lang") == a["hreflang"], f"{lang}/{page}: selector entry {a.get_text(strip=True)!r} lacks lang={a['hreflang']!r}"
    for other, href in links.items():
        target = resolve(site, path, href)
        expected = f"{lang_prefix(other)}{page_dir(page)}"
        assert target == expected, f"{lang}/{page}: selector for {other} goes to /{target}, expected /{expected}"


def test_sitemap_lists_every_page_with_hreflang_alternates(site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(site / "sitemap.xml").getroot()
    site_url = root.find("s:url/s:loc", ns).text.split("es/")[0]
    entries = {}
    for url in root.findall("s:url", ns):
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        entries[url.find("s:loc", ns).text] = alternates
    for lang in LANGS:
        for page in PAGES:
            loc = f"{site_url}{lang_prefix(lang)}{page_dir(page)}"
            assert loc in entries, f"sitemap.xml lacks {loc}"
            expected = {other: f"{site_url}{lang_prefix(other)}{page_dir(page)}" for other in LANGS}
            assert entries[loc] == expected, f"sitemap.xml: {loc} has alternates {entries[loc]}, expected {expected}"


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_a_404_page_linking_home_in_that_language(site, lang):
    path = site / lang_prefix(lang) / "404.html"
    assert path.is_file(), f"no 404 page for {lang} at /{lang_prefix(lang)}404.html"
    page = soup(path)
    assert page.html.get("lang") == lang, f"/{lang_prefix(lang)}404.html has lang={page.html.get('lang')!r}"
    expected = {"en": "Page not found", "es": "Página no encontrada"}[lang]
    body = article(page)
    assert body.h1.get_text(strip=True) == expected
    homes = [a["href"] for a in body.find_all("a") if not a.get("hreflang")]
    site_root = SITE_PATH  # 404 pages use absolute paths from site_url
    assert any(h.rstrip(".").rstrip("/") + "/" == f"{site_root}{lang_prefix(lang)}" for h in homes), \
        f"/{lang_prefix(lang)}404.html links {homes}, none to the {lang} home page"


@pytest.mark.parametrize("lang", LANGS)
def test_home_page_contents_link_every_chapter_and_numbered_subsection(site, lang):
    home = page_path(site, lang, "index.md")
    targets = {resolve(site, home, a["href"]) + ("#" + a["href"].split("#", 1)[1] if "#" in a["href"] else "")
               for a in article(soup(home)).find_all("a", href=True)}
    for page in CHAPTERS:
        assert f"{lang_prefix(lang)}{page_dir(page)}" in targets, f"{lang} home page does not link {page}"
    for page in STRATEGY_SUBSECTIONS:
        body = article(soup(page_path(site, lang, page)))
        for h2 in body.find_all("h2"):
            if re.match(r"\d+\.\d+ ", h2.get_text(" ", strip=True)):
                anchor = f"{lang_prefix(lang)}{page_dir(page)}#{h2['id']}"
                assert anchor in targets, f"{lang} home page does not link subsection {anchor}"


def test_english_edition_has_at_least_4000_words(site):
    words = sum(len(article(soup(page_path(site, DEFAULT, page))).get_text(" ").split()) for page in STRATEGY)
    assert words >= 4000, f"the English pages hold {words} words; the edition needs at least 4,000"


@pytest.mark.parametrize("lang,page", [(lang, page) for lang, page in all_pages() if page in STRATEGY])
def test_every_page_ends_with_linked_sources(site, lang, page):
    body = article(soup(page_path(site, lang, page)))
    last = body.find_all("h2")[-1]
    assert last.get("id") == "sources", f"{lang}/{page}: last section is {last.get('id')!r}, expected 'sources'"
    links = [a["href"] for a in last.find_all_next("a", href=True) if a["href"].startswith("http")]
    assert links, f"{lang}/{page}: the Sources section has no links"


@pytest.mark.parametrize("lang,page", all_pages())
def test_pages_load_nothing_from_third_party_hosts(site, lang, page):
    page_soup = soup(page_path(site, lang, page))
    for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
        for element in page_soup.find_all(tag):
            value = element.get(attr) or ""
            if tag == "link" and not set(element.get("rel", [])) & {"stylesheet", "preload", "modulepreload", "icon", "manifest", "preconnect"}:
                continue
            assert not re.match(r"^(https?:)?//", value), f"{lang}/{page}: <{tag} {attr}={value!r}> loads from another host"


@pytest.mark.parametrize("page", PAGES)
def test_spanish_pages_use_the_official_spanish_terms(site, page):
    """Terminology list: OIM (not IOM) in running text; 'Suramericana' for the CSM."""
    body = copy.copy(article(soup(page_path(site, "es", page))))  # the parsed page is shared: edit a copy
    for table in body.find_all("table"):
        table.decompose()  # the acronyms table lists English acronyms on purpose
    for quoted in body.select("[lang]:not([lang=es])"):
        quoted.decompose()  # titles of English documents, marked lang="en"
    for a in body.find_all("a"):
        a.unwrap()
    text = body.get_text(" ")
    assert "OIM" in text, f"es/{page}: never says 'OIM'"
    assert not re.search(r"\bIOM\b", text), f"es/{page}: says 'IOM' in Spanish text; use 'OIM'"
    assert "Conferencia Sudamericana" not in text, f"es/{page}: write 'Conferencia Suramericana sobre Migraciones'"
