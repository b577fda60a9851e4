"""The contributors' section: guides in both languages, the glossary page
made from its data file, "Edit this page" links to each page's Markdown
source, and the forge-facing files that point to the guides."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import CONTRIBUTORS_FOLDER, ROOT, guide_pages, mkdocs_config, nav_pages, page_dir, reading_order, strategy_pages
from site_html import DEFAULT, LANGS, all_pages, article, lang_prefix, page_path, soup
from glossary import glossary_problems

GLOSSARY = ROOT / "docs" / "assets" / "data" / "glossary.yml"
GUIDES = guide_pages()


def load_glossary() -> dict:
    return yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))


def site_text(site: Path, lang: str) -> str:
    """Text of every strategy page in ``lang``, lower-cased, spaces collapsed."""
    return " ".join(" ".join(article(soup(page_path(site, lang, page))).get_text(" ").split()).lower()
                    for page in strategy_pages())


# The section ---------------------------------------------------------------------

def test_the_guides_are_published_outside_the_readers_path():
    """The guides leave the nav (mkdocs.yml not_in_nav), so no chapter's
    "Next" leads into them; tests/test_phone_and_language.py checks the
    footer and About links that lead there instead."""
    assert set(GUIDES) == {f"{CONTRIBUTORS_FOLDER}{name}.md" for name in ("contributing", "translation", "spanish-style", "glossary")}
    assert not set(GUIDES) & set(reading_order()), "the contributors' guides must not be in mkdocs.yml's nav"
    assert nav_pages()[: len(strategy_pages())] == strategy_pages(), "the guides must come after the strategy"


@pytest.mark.parametrize("lang", LANGS)
def test_every_guide_is_built_in_every_language(site, lang):
    for guide in GUIDES:
        assert page_path(site, lang, guide).is_file(), f"{page_path(site, lang, guide)} was not built"


@pytest.mark.parametrize("lang", LANGS)
def test_each_guide_links_the_other_guides(site, lang):
    path = page_path(site, lang, f"{CONTRIBUTORS_FOLDER}contributing.md")
    hrefs = {a["href"].split("#")[0] for a in article(soup(path)).find_all("a", href=True)}
    for guide in ("translation", "spanish-style", "glossary"):
        assert f"../{guide}/" in hrefs, f"{lang}: the contributing guide does not link the {guide} guide"


# The glossary ------------------------------------------------------------------------

def test_the_glossary_data_file_is_valid():
    assert glossary_problems(load_glossary()) == []


def test_every_glossary_term_is_used_on_the_site(site):
    """Only terms the site uses: the English form on the English pages, the
    Spanish form on the Spanish pages."""
    english, spanish = site_text(site, DEFAULT), site_text(site, "es")
    unused = [f"{t['en']!r} / {t['es']!r}" for t in load_glossary()["terms"]
              if t["en"].lower() not in english or t["es"].lower() not in spanish]
    assert not unused, "glossary terms the site does not use (remove them or fix the form):\n" + "\n".join(unused)


def test_every_glossary_term_has_a_status_from_the_working_list():
    for term in load_glossary()["terms"]:
        assert term["status"] in ("confirmed", "unchecked", "uncertain"), term
        assert term["status"] != "confirmed" or term.get("sources"), f"{term['en']}: confirmed without a source code"


@pytest.mark.parametrize("lang", LANGS)
def test_the_glossary_page_shows_every_term_in_its_language(site, lang):
    body = article(soup(page_path(site, lang, f"{CONTRIBUTORS_FOLDER}glossary.md")))
    rows = body.find("table").find_all("tr")
    header = [th.get_text(strip=True) for th in rows[0].find_all("th")]
    assert header == {"en": ["English", "Español", "Notes"], "es": ["Inglés", "Español", "Notas"]}[lang], header
    terms = load_glossary()["terms"]
    assert [tuple(" ".join(td.get_text().split()) for td in row.find_all("td")[:2]) for row in rows[1:]] == \
        [(t["en"], t["es"]) for t in terms]
    other = "es" if lang == "en" else "en"
    assert all(row.find_all("td")[0 if lang == "es" else 1].find("span", lang=other) for row in rows[1:]), \
        f"{lang}: the other language's term must be marked lang={other!r}"
    for link in body.find("table").select('a[href^="#source-"]'):
        assert body.find(id=link["href"][1:]), f"{lang}: {link['href']} leads nowhere"


def test_a_glossary_entry_without_its_spanish_term_fails_the_build_naming_the_file(project_copy):
    def plant(root: Path) -> None:
        path = root / "docs/assets/data/glossary.yml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("    es: gestión de fronteras\n", "", 1), encoding="utf-8")

    build = project_copy(plant)
    assert build.returncode != 0, "a glossary term without 'es' did not fail the build"
    number = 1 + [t["en"] for t in load_glossary()["terms"]].index("border management")
    assert f"docs/assets/data/glossary.yml: term {number} ('border management'): 'es' is missing" in build.output, build.output


# "Edit this page" ------------------------------------------------------------------

def edit_link(path: Path) -> str:
    link = soup(path).select_one("article a[rel=edit]")
    assert link is not None, f"{path}: no 'Edit this page' link"
    return link["href"]


@pytest.mark.parametrize("lang,page", all_pages())
def test_edit_this_page_opens_the_pages_markdown_source(site, lang, page):
    href = edit_link(page_path(site, lang, page))
    expected = f"/{mkdocs_config()['edit_uri']}{lang}/{page}"
    assert href.endswith(expected), f"/{lang_prefix(lang)}{page_dir(page)}: edit link {href} should end with {expected}"
    assert (ROOT / "docs" / lang / page).is_file()


def test_edit_this_page_on_an_untranslated_page_opens_the_english_source(project_copy):
    build = project_copy(lambda root: (root / "docs/es/foreword.md").unlink())
    assert build.returncode == 0, build.output
    href = edit_link(build.site / "es/foreword/index.html")
    assert href.endswith("/edit/main/docs/en/foreword.md"), href


# Files on the forge --------------------------------------------------------------------

def test_contributing_md_points_to_the_published_guides_and_copies_none_of_them():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for guide in ("contributing", "translation", "spanish-style", "glossary"):
        assert f"docs/en/{CONTRIBUTORS_FOLDER}{guide}.md" in text, f"CONTRIBUTING.md does not link the {guide} guide"
    assert "## When a check fails" not in text and "front matter: YAML does not parse" not in text, \
        "CONTRIBUTING.md repeats the guide (docs/en/contributors/contributing.md): link to it instead"


def test_readme_links_the_guides_and_lists_the_new_make_targets():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"docs/en/{CONTRIBUTORS_FOLDER}contributing.md" in text
    for target in ("make translations", "make linkcheck-external", "make lint"):
        assert target in text, f"README.md does not mention `{target}`"


def test_pull_request_template_has_the_translation_checklist():
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] (.+)$", text, re.M)
    assert len(items) >= 5, items
    for needle in ("docs/es/", "heading ids", "make test", "glossary"):
        assert any(needle in item for item in items), f"no checklist item mentions {needle!r}"
