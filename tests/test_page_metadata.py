"""Every page's metadata: the block under the H1 (status, last updated,
source), "Cite this page" (APA, BibTeX, a copy button that works by
keyboard), the head's hreflang, citation_*, Open Graph and JSON-LD tags,
and the same block on paper (browser print and the page PDFs).

overrides/hooks/page_metadata.py, citations.py and the partials
page-meta.html, page-cite.html and head-meta.html make them.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

import citations
import page_dates
import page_metadata
from browser_support import AXE_TAGS, axe_source, launch_chromium, require_tools, serve_site
from conftest import ROOT, mkdocs_config, nav_pages, page_dir
from site_html import DEFAULT, LANGS, all_pages, article, heading_text, lang_prefix, page_path, resolve, soup

EDITION = mkdocs_config()["extra"]["edition"]
PDF_SKIP = tuple(mkdocs_config()["extra"].get("pdf_skip") or ())
#: A chapter for the browser and PDF checks.
CHAPTER = "foreword.md"


def head_meta(page_soup, attribute: str, name: str) -> list[str]:
    return [tag.get("content", "") for tag in page_soup.find_all("meta", attrs={attribute: name})]


def hreflang_links(page_soup) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in page_soup.find_all("link", rel="alternate", hreflang=True)}


def canonical(page_soup) -> str:
    return page_soup.find("link", rel="canonical")["href"]


def page_title(site: Path, lang: str, page: str) -> str:
    """What the page's citation calls it: its H1, or the guide's subtitle on the home page."""
    if page == "index.md":
        return EDITION["subtitle"][lang]
    return heading_text(article(soup(page_path(site, lang, page))).h1)


def source_file(lang: str, page: str) -> Path:
    own = ROOT / "docs" / lang / page
    return own if own.exists() else ROOT / "docs" / DEFAULT / page


# ---------------------------------------------------------------------------
# The head: hreflang, citation_*, Open Graph, JSON-LD
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("lang,page", all_pages())
def test_hreflang_links_are_absolute_reciprocal_and_include_x_default(site, lang, page):
    here = soup(page_path(site, lang, page))
    links = hreflang_links(here)
    where = f"{lang_prefix(lang)}{page_dir(page)}"
    assert set(links) == {*LANGS, "x-default"}, f"/{where}: hreflang links {sorted(links)}"
    for code, href in links.items():
        assert urlsplit(href).scheme in ("http", "https") and urlsplit(href).netloc, f"/{where}: hreflang {code} is not absolute: {href}"
    assert links[lang] == canonical(here), f"/{where}: its own hreflang link {links[lang]} is not its canonical address"
    assert links["x-default"] == links[DEFAULT], f"/{where}: x-default {links['x-default']} is not the {DEFAULT} page"
    for other in LANGS:
        there = soup(page_path(site, other, page))
        assert canonical(there) == links[other], f"/{where}: hreflang {other} {links[other]} is not that page ({canonical(there)})"
        assert hreflang_links(there).get(lang) == links[lang], f"/{where}: the {other} page does not link back"


@pytest.mark.parametrize("lang,page", all_pages())
def test_citation_tags_name_the_page_the_editors_and_the_date(site, lang, page):
    here = soup(page_path(site, lang, page))
    where = f"/{lang_prefix(lang)}{page_dir(page)}"
    updated = here.select_one(".page-meta time")["datetime"]
    expected = {
        "citation_title": [page_title(site, lang, page)],
        "citation_author": [EDITION["editor"][lang]],
        "citation_publisher": [EDITION["editor"][lang]],
        "citation_publication_date": [updated.replace("-", "/")],
        "citation_language": [lang],
        "citation_fulltext_html_url": [canonical(here)],
    }
    for name, values in expected.items():
        assert head_meta(here, "name", name) == values, f"{where}: {name} is {head_meta(here, 'name', name)}, expected {values}"
    assert not head_meta(here, "name", "citation_isbn"), f"{where}: the source's ISBN is not this page's (citation_isbn)"
    for name in ("citation_author", "citation_publisher"):
        assert "IOM" not in " ".join(head_meta(here, "name", name)) and "OIM" not in " ".join(head_meta(here, "name", name)), \
            f"{where}: {name} names IOM, which is not the author or publisher of this guide"
    if page != "index.md" and not page.startswith(PDF_SKIP):
        pdf = head_meta(here, "name", "citation_pdf_url")
        root = canonical(soup(page_path(site, DEFAULT, "index.md")))
        assert len(pdf) == 1 and pdf[0].startswith(root), f"{where}: citation_pdf_url {pdf}"
        assert (site / pdf[0][len(root):]).is_file(), f"{where}: citation_pdf_url {pdf[0]} names no PDF of the site"


@pytest.mark.parametrize("lang,page", all_pages())
def test_open_graph_and_twitter_tags_describe_the_page_in_its_language(site, lang, page):
    here = soup(page_path(site, lang, page))
    where = f"/{lang_prefix(lang)}{page_dir(page)}"
    description = head_meta(here, "name", "description")
    assert head_meta(here, "property", "og:title") == [page_title(site, lang, page)], where
    assert head_meta(here, "property", "og:url") == [canonical(here)], where
    assert head_meta(here, "property", "og:description") == description, where
    assert head_meta(here, "name", "twitter:description") == description, where
    assert head_meta(here, "name", "twitter:card") == ["summary"], where
    locale = head_meta(here, "property", "og:locale")
    assert len(locale) == 1 and locale[0].split("_")[0] == lang, f"{where}: og:locale {locale}"
    alternates = head_meta(here, "property", "og:locale:alternate")
    assert sorted(a.split("_")[0] for a in alternates) == sorted(set(LANGS) - {lang}), f"{where}: og:locale:alternate {alternates}"
    assert not head_meta(here, "property", "og:image"), f"{where}: no image service, no og:image"


@pytest.mark.parametrize("lang,page", all_pages())
def test_json_ld_parses_and_names_the_source_as_the_basis(site, lang, page):
    here = soup(page_path(site, lang, page))
    where = f"/{lang_prefix(lang)}{page_dir(page)}"
    blocks = here.find_all("script", type="application/ld+json")
    assert len(blocks) == 1, f"{where}: {len(blocks)} JSON-LD blocks"
    data = json.loads(blocks[0].string)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == ("WebSite" if page == "index.md" else "WebPage"), where
    assert data["inLanguage"] == lang and data["url"] == canonical(here), where
    assert data["author"]["name"] == EDITION["editor"][lang], where
    assert data["dateModified"] == here.select_one(".page-meta time")["datetime"], where
    source = data["isBasedOn"]
    assert (source["@type"], source["isbn"], source["url"]) == ("Book", EDITION["source"]["isbn"], EDITION["source"]["url"]), where
    assert source["publisher"]["name"] == EDITION["source"]["publisher"][lang], where
    if lang != DEFAULT:
        assert data["translationOfWork"]["url"] == hreflang_links(here)[DEFAULT], where


# ---------------------------------------------------------------------------
# The block under the H1 and "Cite this page"
# ---------------------------------------------------------------------------

DATE_FORMS = {"en": r"\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}",
              "es": r"\d{1,2} de (enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre) de \d{4}"}


@pytest.mark.parametrize("lang,page", all_pages())
def test_metadata_block_follows_the_h1_with_status_date_and_source(site, lang, page):
    body = article(soup(page_path(site, lang, page)))
    where = f"/{lang_prefix(lang)}{page_dir(page)}"
    block = body.select_one(".page-meta")
    assert block is not None, f"{where}: no metadata block"
    between = []
    for element in block.find_previous_siblings():
        if element.name == "h1":
            break
        between.append(element)
    assert element.name == "h1", f"{where}: the block is not after the H1"
    assert all(any(c.startswith("cover__") for c in e.get("class", [])) for e in between), \
        f"{where}: the block is not right under the H1 (between them: {[e.name for e in between]})"
    assert block.select_one(".page-meta__status").get_text(strip=True) == EDITION["status"][lang], where
    time = block.select_one(".page-meta__updated time")
    assert time["datetime"] == page_dates.source_date(source_file(lang, page)), \
        f"{where}: last updated {time['datetime']}, git says {page_dates.source_date(source_file(lang, page))}"
    assert re.fullmatch(DATE_FORMS[lang], time.get_text(strip=True)), f"{where}: date written {time.get_text(strip=True)!r}"
    source = block.select_one(".page-meta__source a")
    assert source["href"] == EDITION["source"]["url"], where
    assert EDITION["source"]["title"] in source.get_text(" ", strip=True), where
    assert block.select_one(".page-meta__url dd").get_text(strip=True) == canonical(soup(page_path(site, lang, page))), where


def test_dates_are_written_in_each_language():
    strings = {"en": {"date_locale": "en_GB", "date_pattern": "d MMMM y"}, "es": {"date_locale": "es", "date_pattern": "d 'de' MMMM 'de' y"}}
    assert page_metadata.format_date("2026-12-02", **{"locale": strings["en"]["date_locale"], "pattern": strings["en"]["date_pattern"]}) == "2 December 2026"
    assert page_metadata.format_date("2026-12-02", strings["es"]["date_locale"], strings["es"]["date_pattern"]) == "2 de diciembre de 2026"


@pytest.mark.parametrize("lang,page", all_pages())
def test_cite_this_page_gives_apa_and_bibtex_for_this_page(site, lang, page):
    here = soup(page_path(site, lang, page))
    where = f"/{lang_prefix(lang)}{page_dir(page)}"
    cite = article(here).select_one(".page-meta details.page-cite")
    assert cite is not None, f"{where}: no Cite this page"
    url, updated = canonical(here), here.select_one(".page-meta time")["datetime"]
    apa = cite.select_one("#cite-apa")["data-copy-text"]
    assert apa.startswith(EDITION["editor"][lang] + ". (" + updated[:4] + ", "), f"{where}: APA {apa!r}"
    assert page_title(site, lang, page) in apa and apa.endswith(url), f"{where}: APA {apa!r}"
    shown = " ".join(cite.select_one("#cite-apa").get_text().split())  # no spaces added around inline elements
    assert shown.split() == apa.split(), f"{where}: shown APA differs from the copied text"
    bibtex = cite.select_one("#cite-bibtex").get_text()
    fields = dict(re.findall(r"^\s+(\w+)\s+= \{(.*)\},?$", bibtex, re.MULTILINE))
    assert bibtex.startswith("@misc{") and bibtex.rstrip().endswith("}"), f"{where}: {bibtex}"
    assert fields["url"] == url and fields["date"] == updated and fields["year"] == updated[:4], f"{where}: {fields}"
    assert fields["author"] == "{" + EDITION["editor"][lang] + "}", f"{where}: {fields['author']}"
    assert bibtex.count("{") == bibtex.count("}"), f"{where}: unbalanced braces"
    buttons = cite.select("button.page-cite__copy")
    assert [b.get("type") for b in buttons] == ["button", "button"], f"{where}: copy buttons {buttons}"
    about = cite.select_one(".page-cite__intro a")["href"]
    target, _, anchor = about.partition("#")
    about_page = site / resolve(site, page_path(site, lang, page), target) / "index.html"
    assert soup(about_page).find(id=anchor) is not None, f"{where}: 'how to cite' leads to {about}, which has no #{anchor}"


def test_bibtex_escapes_special_characters_and_keeps_group_authors_whole():
    cited = citations.CitedPage(title="Data & 100% of #1_x", container="A – B", author="Editors of the guide", date="2026-12-02",
                                apa_date="2026, December 2", url="https://example.org/a_b/", version="1", note="n",
                                language="english", key=citations.bibtex_key("annexes/a_b", "en", "2026"))
    entry = citations.bibtex(cited)
    assert r"title        = {{Data \& 100\% of \#1\_x}}" in entry
    assert "howpublished = {A -- B}" in entry and "url          = {https://example.org/a_b/}" in entry
    assert entry.startswith("@misc{guide2026-en-annexes-a-b,")
    assert citations.apa_text(cited) == "Editors of the guide. (2026, December 2). Data & 100% of #1_x. A – B. https://example.org/a_b/"


def test_json_ld_cannot_close_its_script_element():
    edition = {**EDITION, "subtitle": {"en": "</script><script>alert(1)</script>", "es": "x"}}
    text = page_metadata.json_ld(edition, "en", "t", "d", "https://e/x/", "https://e/", "2026-01-01", False,
                                 [("en", "https://e/x/")], "en")
    assert "</script" not in text and json.loads(text)["isPartOf"]["name"].startswith("</script>")


@pytest.mark.parametrize("lang", LANGS)
def test_about_page_shows_how_to_cite_iom_publication_from_the_identity(site, lang):
    section = soup(page_path(site, lang, "about.md")).find(id="how-to-cite")
    assert section is not None, f"/{lang_prefix(lang)}about/: no #how-to-cite"
    apa = " ".join(section.find_next("p", class_="source-cite__apa").get_text().split())
    source = EDITION["source"]
    assert apa.startswith(source["publisher"][lang]) and source["title"] in apa and apa.endswith(source["url"]), apa
    bibtex = section.find_next("pre", class_="source-cite__bibtex").get_text()
    assert f"isbn      = {{{source['isbn']}}}" in bibtex and bibtex.startswith("@book{"), bibtex


# ---------------------------------------------------------------------------
# Paper: the page PDFs and the browser's print
# ---------------------------------------------------------------------------

def squash(text: str) -> str:
    """Text with its spaces collapsed and ligatures (ﬃ) undone, for comparing
    what a PDF holds."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def block_facts(site: Path, lang: str, page: str) -> dict[str, str]:
    """What the printed block must show, read from the built page."""
    here = soup(page_path(site, lang, page))
    return {
        "title": heading_text(article(here).h1),
        "status": EDITION["status"][lang],
        "url": canonical(here),
        "updated": here.select_one(".page-meta time").get_text(strip=True),
        "source": EDITION["source"]["title"],
    }


@pytest.mark.parametrize("lang", LANGS)
def test_page_pdf_carries_the_metadata_block(site, lang):
    pdf = site / lang_prefix(lang) / "pdf" / f"{page_dir(CHAPTER).rstrip('/')}.pdf"
    text = squash(PdfReader(pdf).pages[0].extract_text())
    for name, value in block_facts(site, lang, CHAPTER).items():
        assert squash(value) in text, f"{pdf.relative_to(site)}: page 1 lacks the {name} {value!r}"


@pytest.fixture(scope="module")
def browser_site(site, tmp_path_factory):
    """A copy of the built site served on 127.0.0.1, and a Chromium."""
    require_tools()
    from playwright.sync_api import sync_playwright

    snapshot = tmp_path_factory.mktemp("page-metadata") / "site"
    shutil.copytree(site, snapshot)
    with serve_site(snapshot) as url, sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield url, chromium
        chromium.close()


@pytest.mark.parametrize("lang", LANGS)
def test_printed_chapter_carries_the_metadata_block(site, browser_site, lang, tmp_path):
    base, chromium = browser_site
    context = chromium.new_context()
    tab = context.new_page()
    tab.goto(base + lang_prefix(lang) + page_dir(CHAPTER), wait_until="load")
    tab.emulate_media(media="print")
    target = tmp_path / "printed.pdf"
    tab.pdf(path=str(target), format="A4")
    context.close()
    text = squash(PdfReader(target).pages[0].extract_text())
    for name, value in block_facts(site, lang, CHAPTER).items():
        assert squash(value) in text, f"printed /{lang_prefix(lang)}{page_dir(CHAPTER)}: page 1 lacks the {name} {value!r}"
    cite = EDITION["editor"][lang] + ". ("
    assert cite not in text, "the Cite this page block is for the screen, not for paper"


@pytest.mark.parametrize("lang", LANGS)
def test_hreflang_links_cause_no_sitemap_request_404_or_console_error(browser_site, lang):
    base, chromium = browser_site
    for block_guard in (False, True):
        context = chromium.new_context()
        tab = context.new_page()
        requests, failures = [], []
        tab.on("request", lambda request: requests.append(request.url))
        tab.on("response", lambda response: response.status >= 400 and failures.append(f"{response.status} {response.url}"))
        tab.on("console", lambda message: message.type == "error" and failures.append(message.text))
        if block_guard:  # the planted fault: without alternate-links.js, Material asks for sitemap.xml
            tab.route("**/alternate-links.js", lambda route: route.fulfill(body="", content_type="text/javascript"))
        tab.goto(base + lang_prefix(lang) + page_dir(CHAPTER), wait_until="load")
        tab.wait_for_load_state("networkidle")
        rels = tab.eval_on_selector_all("link[hreflang]", "links => links.map(l => l.rel)")
        context.close()
        sitemaps = [url for url in requests if url.endswith("sitemap.xml")]
        if block_guard:
            assert sitemaps, "without alternate-links.js Material should request sitemap.xml (the cause this file works around)"
            continue
        assert not sitemaps, f"/{lang_prefix(lang)}{page_dir(CHAPTER)} requested {sitemaps}"
        assert not failures, f"/{lang_prefix(lang)}{page_dir(CHAPTER)}: {failures}"
        assert rels and set(rels) == {"alternate"}, f"after load the hreflang links have rel {rels}"


@pytest.mark.parametrize("lang", LANGS)
def test_copy_button_copies_the_citation_by_keyboard_and_says_so(site, browser_site, lang):
    base, chromium = browser_site
    origin = base.rstrip("/")
    context = chromium.new_context(permissions=["clipboard-read", "clipboard-write"])
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    tab = context.new_page()
    tab.goto(base + lang_prefix(lang) + page_dir(CHAPTER), wait_until="load")
    tab.focus(".page-cite > summary")
    tab.keyboard.press("Enter")  # opens the details
    for _ in range(6):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.matches('button.page-cite__copy')"):
            break
    assert tab.evaluate("document.activeElement.getAttribute('data-copy')") == "cite-apa", "Tab does not reach the APA copy button"
    tab.keyboard.press("Enter")
    status = tab.locator(".page-cite__status")
    expected = status.get_attribute("data-copied")
    tab.wait_for_function("el => el.textContent.trim().length > 0", arg=status.element_handle(), timeout=3000)
    said = status.text_content().strip()
    copied = tab.evaluate("navigator.clipboard.readText()")
    context.close()
    assert said == expected and expected == {"en": "Copied", "es": "Copiado"}.get(lang, expected), f"live region says {said!r}"
    apa = soup(page_path(site, lang, CHAPTER)).select_one("#cite-apa")["data-copy-text"]
    assert copied == apa, f"clipboard holds {copied!r}, expected {apa!r}"


def test_a_page_git_cannot_date_is_cited_without_a_date():
    """A copy of the project outside git has no page dates (page_dates.py):
    APA says "n.d." and BibTeX has no year, rather than a made-up date."""
    cited = citations.CitedPage(title="Foreword", container="Guide", author="Editors", date="", apa_date="",
                                url="https://example.org/foreword/", version="1", note="n", language="english",
                                key="guide2026-en-foreword")
    assert citations.apa_text(cited) == "Editors. (n.d.). Foreword. Guide. https://example.org/foreword/"
    assert "year" not in citations.bibtex(cited) and "date " not in citations.bibtex(cited)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_open_cite_block_has_no_wcag_violations(browser_site, scheme):
    """test_browser.py runs axe with the block closed; here it is open, copy buttons shown."""
    base, chromium = browser_site
    _, axe = axe_source()
    context = chromium.new_context(color_scheme=scheme)
    context.add_init_script(axe)  # the page's CSP refuses inline scripts added later
    tab = context.new_page()
    tab.goto(base + lang_prefix(LANGS[-1]) + page_dir(CHAPTER), wait_until="load")
    tab.evaluate("document.querySelector('.page-cite').open = true")
    assert tab.locator("button.page-cite__copy").first.is_visible(), "the copy buttons stay hidden"
    violations = tab.evaluate("""async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))
        .violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))""", AXE_TAGS)
    context.close()
    assert not violations, f"open Cite this page ({scheme}): {violations}"


def test_every_language_has_every_interface_string():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "overrides")))
    strings = env.get_template(page_metadata.STRINGS_TEMPLATE).module.strings
    assert set(strings) == set(LANGS), f"overrides/{page_metadata.STRINGS_TEMPLATE}: languages {sorted(strings)}, site has {LANGS}"
    for lang in LANGS:
        missing = set(strings[DEFAULT]) - set(strings[lang])
        assert not missing, f"overrides/{page_metadata.STRINGS_TEMPLATE}: '{lang}' lacks {sorted(missing)}: copy them from '{DEFAULT}' and translate"
