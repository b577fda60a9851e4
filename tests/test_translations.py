"""Translations: every page exists in both languages with the same shape,
and each planted fault (missing or orphan translation, different heading
ids or order, a table or image more or less, a heading without id) is caught
with a message naming the file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, nav_pages
from site_html import DEFAULT, LANGS, article, lang_prefix, page_path, soup
from translation_structure import page_shape, tree_problems

DATA = Path(__file__).parent / "data"
OTHERS = LANGS[1:]


def test_every_page_has_a_translation_of_the_same_shape():
    problems = tree_problems(ROOT / "docs", DEFAULT, OTHERS)
    if problems:
        pytest.fail("Translation problems:\n" + "\n".join(map(str, problems)), pytrace=False)


@pytest.mark.parametrize("lang", OTHERS)
@pytest.mark.parametrize("page", nav_pages())
def test_built_pages_have_the_same_heading_ids_tables_and_images(site, lang, page):
    def shape(language):
        body = article(soup(page_path(site, language, page)))
        ids = [h["id"] for h in body.find_all(re.compile("^h[2-6]$"))]
        # The "English version updated" notice (outdated_translations.py) is not part of the page.
        return ids, len(body.find_all("table")), len(body.find_all("img")), len(body.select(".admonition:not(.outdated-notice)"))

    source, translation = shape(DEFAULT), shape(lang)
    assert translation == source, f"/{lang_prefix(lang)}{page}: (ids, tables, images, admonitions) {translation} differ from English {source}"


def test_page_shape_reads_ids_tables_images_and_admonitions():
    shape = page_shape((DATA / "shape" / "page.md").read_text(encoding="utf-8"))
    assert shape.heading_ids == ("first", "second", "deep")
    assert shape.headings_without_id == ("No id here",)
    assert (shape.tables, shape.images, shape.admonitions) == (2, 2, 1)


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_a_missing_translation_is_reported_and_shown_with_a_notice(project_copy):
    build = project_copy(lambda root: (root / "docs/es/foreword.md").unlink())
    problems = [str(p) for p in tree_problems(build.project / "docs", DEFAULT, OTHERS)]
    assert problems == ["docs/en/foreword.md: has no translation: create docs/es/foreword.md "
                        "(until then /es/ shows the English text with a notice)"], problems
    # Work in progress still builds, and readers are told.
    assert build.returncode == 0, build.output
    assert "docs/en/foreword.md: has no translation" in build.output
    page = soup(build.site / "es" / "foreword" / "index.html")
    notice = page.select_one(".untranslated-notice")
    assert notice is not None and notice.get("lang") == "es", "no Spanish notice on the untranslated page"
    assert "todavía no está disponible en español" in notice.get_text()
    wrapper = page.select_one("div.untranslated[lang=en]")
    assert wrapper is not None and wrapper.h1.get_text(strip=True).startswith("Foreword"), \
        "the English text of an untranslated page must be wrapped in lang=\"en\""
    assert page.html["lang"] == "es"


def _add_image(path: Path) -> None:
    """Add an existing one-pixel image to the page, before its first H2."""
    images = path.parents[1] / "assets" / "images"
    shutil.copytree(DATA / "images", images, dirs_exist_ok=True)
    _edit(path, "\n## ", "\n![A one-pixel image](../assets/images/pixel.png)\n\n## ")


@pytest.mark.parametrize("name,plant,expected", [
    ("orphan translation",
     lambda root: shutil.copy(root / "docs/es/foreword.md", root / "docs/es/prologo.md"),
     "docs/es/prologo.md: has no English source docs/en/prologo.md"),
    ("different heading id",
     lambda root: _edit(root / "docs/es/migration-outlook.md", "{ #overview }", "{ #panorama-general }"),
     "docs/es/migration-outlook.md: heading ids differ from the English page: missing { #overview }; not in the English page { #panorama-general }"),
    ("headings in another order",
     lambda root: _edit(root / "docs/es/institutional-development.md", "{ #knowledge-management }", "{ #tmp }")
     or _edit(root / "docs/es/institutional-development.md", "{ #monitoring-and-accountability }", "{ #knowledge-management }")
     or _edit(root / "docs/es/institutional-development.md", "{ #tmp }", "{ #monitoring-and-accountability }"),
     "docs/es/institutional-development.md: heading ids are in a different order"),
    ("a table fewer",
     lambda root: _edit(root / "docs/en/foreword.md", "\n## ", "\n| A | B |\n|---|---|\n| 1 | 2 |\n\n## "),
     "docs/es/foreword.md: has 0 tables, the English page has 1"),
    ("an image more in English",
     lambda root: _add_image(root / "docs/en/about.md"),
     "docs/es/about.md: has 0 images, the English page has 1"),
    ("heading without id",
     lambda root: _edit(root / "docs/es/foreword.md", "\n## ", "\n## Sin identificador\n\n## "),
     "docs/es/foreword.md: heading 'Sin identificador' has no explicit id"),
])
def test_each_translation_fault_fails_the_build_naming_the_file(project_copy, name, plant, expected):
    build = project_copy(plant)
    assert build.returncode != 0, f"{name}: the build did not fail"
    assert expected in build.output, f"{name}: expected {expected!r} in the build output:\n{build.output}"
