"""Translation content: the figures, table rows and cells and link targets of
each Spanish page match its English page (overrides/hooks/translation_content.py),
and broken Markdown is caught in both languages (overrides/hooks/markdown_syntax.py).

Each rule is proven twice: on small pages (the pure helpers), and by a fault
planted in a throw-away copy of the project that ``mkdocs build --strict``
(``make build``, ``make check``) must reject, naming the file and line.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import ROOT, i18n_languages
import markdown_syntax
import translation_content
from translation_content import compare_pages, numbers, parse_sections

EN, ES = "docs/en/page.md", "docs/es/page.md"


def messages(english: str, spanish: str) -> list[str]:
    return [str(p) for p in compare_pages(english, spanish, "es", EN, ES)]


# ---------------------------------------------------------------------------
# Numbers in each language's format
# ---------------------------------------------------------------------------

@pytest.mark.parametrize(("english", "spanish"), [
    ("more than 2.75 million", "más de 2,75 millones"),
    ("7,786,568 people", "7.786.568 personas"),
    ("5.1% of the population", "el 5,1 % de la población"),
    ("USD 103 billion", "USD 103.000 millones"),
    ("4.0 million", "4,0 millones"),
    ("section 3.1", "sección 3.1"),
    ("in 2017–2021", "en 2017-2021"),
])
def test_the_same_figure_written_in_each_languages_format_is_equal(english, spanish):
    assert numbers(english, "en") == numbers(spanish, "es") != []


@pytest.mark.parametrize(("english", "spanish"), [
    ("more than 2.75 million", "más de 7,25 millones"),
    ("7,786,568 people", "7.786.586 personas"),
    ("USD 103 billion", "USD 103 billones"),  # a Spanish billón is a million million
    ("1,642,442", "1,642,442"),  # English thousands separators in Spanish: decimal commas
])
def test_a_different_figure_is_different(english, spanish):
    assert numbers(english, "en") != numbers(spanish, "es")


def test_link_targets_attribute_lists_and_code_are_not_figures():
    assert numbers('[Report 2](https://example.org/2021/x) `v2` { #part-3 } <span id="a1">b</span>', "en") == [2]


# ---------------------------------------------------------------------------
# The pure comparison: each rule on small pages
# ---------------------------------------------------------------------------

ENGLISH = """---
description: A page.
---

# Page

By mid-July 2020, IOM counted more than 2.75 million stranded migrants; see [the foreword](foreword.md#sources).

- Argentina: 5.1% of the population (2019).
- Remittances reached USD 103 billion ([World Bank](https://www.worldbank.org/en/news/x)).

| Year | Count |
|---|---|
| 2015 | 697,562 |
| 2017 | 1,642,442 |
| 2018 | about 2.3 million |
"""

SPANISH = """---
description: Una página.
---

# Página

A mediados de julio de 2020, la OIM contabilizaba más de 2,75 millones de personas varadas; véase [el prólogo](foreword.md#sources).

- Argentina: el 5,1 % de la población (2019).
- Las remesas alcanzaron USD 103.000 millones ([Banco Mundial](https://www.worldbank.org/es/news/x)).

| Año | Cantidad |
|---|---|
| 2015 | 697.562 |
| 2017 | 1.642.442 |
| 2018 | unos 2,3 millones |
"""


def test_a_faithful_translation_passes():
    assert messages(ENGLISH, SPANISH) == []


def test_the_current_translations_pass():
    langs = i18n_languages()
    problems = translation_content.tree_problems(ROOT / "docs", langs[0], langs[1:])
    assert not problems, "\n".join(map(str, problems))


def test_a_changed_figure_names_both_lines_quotes_both_versions_and_says_what_to_do():
    found = messages(ENGLISH, SPANISH.replace("más de 2,75 millones", "más de 7,25 millones"))
    assert len(found) == 1, found
    text = found[0]
    assert text.startswith(f"{ES}:7: the figures differ from the English text ({EN}:7)"), text
    assert "English: «By mid-July 2020, IOM counted more than 2.75 million" in text
    assert "Spanish: «A mediados de julio de 2020, la OIM contabilizaba más de 7,25 millones" in text
    assert "figures: 2020, 2750000" in text and "figures: 2020, 7250000" in text
    assert "Differs: only in English: 2750000; only in the translation: 7250000" in text
    assert "Fix: give the same figures as the English text, in Spanish format" in text


def test_a_changed_figure_in_a_list_item_and_in_a_table_cell_is_caught():
    found = messages(ENGLISH, SPANISH.replace("el 5,1 %", "el 5,7 %").replace("1.642.442", "1.624.442"))
    assert [m.split(" (")[0] for m in found] == [
        f"{ES}:9: the figures differ from the English text",
        f"{ES}:15: the figures in column 2 of this table row differ from the English cell",
    ], found


def test_a_deleted_table_row_is_caught_naming_the_missing_english_row():
    found = messages(ENGLISH, SPANISH.replace("| 2017 | 1.642.442 |\n", ""))
    assert len(found) == 1, found
    assert found[0].startswith(f"{ES}:12: this table has 3 rows, the English table ({EN}:12) has 4"), found
    assert "the first English row without a match is line 15: «| 2017 | 1,642,442 |»" in found[0]
    assert "Fix: translate every row of the English table" in found[0]


def test_a_row_with_an_extra_cell_is_caught():
    found = messages(ENGLISH, SPANISH.replace("| 2015 | 697.562 |", "| 2015 | 697.562 | nota |"))
    assert len(found) == 1 and found[0].startswith(f"{ES}:14: this row has 3 cells, the English row ({EN}:14) has 2"), found


def test_a_changed_link_target_is_caught_and_another_language_page_of_the_same_site_is_not():
    found = messages(ENGLISH, SPANISH.replace("foreword.md#sources", "about.md#sources"))
    assert len(found) == 1 and found[0].startswith(f"{ES}:7: the link targets differ from the English text ({EN}:7)"), found
    assert "links: foreword.md#sources" in found[0] and "links: about.md#sources" in found[0]
    moved = messages(ENGLISH, SPANISH.replace("https://www.worldbank.org/es/news/x", "https://example.org/x"))
    assert len(moved) == 1 and ":10: the link targets differ" in moved[0], moved


def test_figures_may_change_places_and_small_numbers_may_be_words():
    english = "# P\n\nR4V had 150 members in June 2020; 5 facts.\n"
    spanish = "# P\n\nEn junio de 2020, la R4V tenía 150 miembros; cinco datos.\n"
    assert messages(english, spanish) == []


def test_a_merged_paragraph_is_reported_for_the_section_and_its_figures_still_compared():
    english = "# P\n\nFirst 2019.\n\nSecond 2020.\n"
    spanish = "# P\n\nPrimero 2019 y segundo 2021.\n"
    found = messages(english, spanish)
    assert any("do not pair up with the English ones" in m for m in found), found
    assert any("figures of this section differ" in m and "2019, 2020" in m and "2019, 2021" in m for m in found), found


def test_sections_and_blocks_keep_their_line_numbers():
    sections = parse_sections(ENGLISH)
    assert [b.line for b in sections[1].blocks] == [5, 7, 9, 10]
    assert [r.line for r in sections[1].tables[0].rows] == [12, 14, 15, 16]


# ---------------------------------------------------------------------------
# Broken Markdown, both languages
# ---------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "expected"), [
    ("Véase el [Prólogo(foreword.md).", "broken link «[Prólogo(foreword.md)»: the ] is missing; write [Prólogo](foreword.md)"),
    ("See [the foreword] (foreword.md).", "remove the space between ] and ("),
    ("See [the foreword](foreword.md", "the ) is missing"),
    ("Véase Prólogo(foreword.md).", "«(foreword.md)» is a page's file name shown as text: make it a link"),
    ("**Bold without end.", "bold ** is not closed"),
    ("Code `without end.", "a backtick ` is not closed"),
    ("## Title { # the-id }", "attribute list «{ # the-id }» is not valid Markdown"),
    ("## Title { #the-id", "attribute list «{ #the-id» is not valid Markdown"),
    ("![](../assets/images/map.png)", "has no alt text"),
    ('<img src="../assets/images/map.png">', "has no alt text"),
])
def test_broken_markdown_is_named_with_its_line(line, expected):
    found = markdown_syntax.page_problems(f"---\ndescription: x\n---\n\n# T\n\n{line}\n")
    assert [p.line for p in found] == [7] and expected in found[0].message, found


@pytest.mark.parametrize("line", [
    "[Regional Office (Spanish)](https://example.org/x) and [the acronyms](acronyms.md#a){ lang=\"en\" }",
    "*Strategic Vision*{ lang=\"en\" } and **bold** and `{ # not checked in code }`",
    "![A map of South America](../assets/images/map.png)",
    "A remark (see below) [sic].",
])
def test_valid_markdown_is_not_reported(line):
    assert markdown_syntax.page_problems(f"# T\n\n{line}\n") == []


def test_every_page_is_free_of_broken_markdown():
    found = [f"{path.relative_to(ROOT)}:{p.line}: {p.message}" for path in sorted((ROOT / "docs").rglob("*.md"))
             for p in markdown_syntax.page_problems(path.read_text(encoding="utf-8"))]
    assert not found, "\n".join(found)


# ---------------------------------------------------------------------------
# Planted in a throw-away copy: the strict build rejects each fault
# ---------------------------------------------------------------------------

PAGE = "annex-2-covid-19.md"


def test_the_build_rejects_a_deleted_row_a_changed_figure_and_a_changed_link(project_copy):
    """The faults of issue 10: a row deleted from a Spanish table, a figure
    changed in a Spanish page, and a link target changed. (The chapters'
    tables of figures come from data now, so the table is planted in both
    languages, one row fewer in Spanish.)"""
    es_page = ROOT / "docs/es" / PAGE
    lines = es_page.read_text(encoding="utf-8").splitlines()
    figure = next(i for i, line in enumerate(lines, 1) if re.search(r"\d+,\d+ millones", line))
    table_line = len(lines) + 2  # after the blank line appended below
    linking = next(p for p in sorted((ROOT / "docs/es").glob("*.md"))
                   if p.name not in (PAGE, "about.md") and re.search(r"\]\([a-z0-9\-]+\.md", p.read_text(encoding="utf-8")))
    link = next(i for i, line in enumerate(linking.read_text(encoding="utf-8").splitlines(), 1)
                if re.search(r"\]\([a-z0-9\-]+\.md", line))

    def plant(root: Path):
        english = root / "docs/en" / PAGE
        english.write_text(english.read_text(encoding="utf-8").rstrip("\n")
                           + "\n\n| Country | Cases |\n|---|---|\n| Chile | 12 |\n| Peru | 34 |\n", encoding="utf-8")
        page = root / "docs/es" / PAGE
        text = page.read_text(encoding="utf-8").splitlines()
        text[figure - 1] = re.sub(r"(\d+),(\d+) millones", lambda m: f"{int(m.group(1)) + 5},{m.group(2)} millones",
                                  text[figure - 1], count=1)
        text += ["", "| País | Casos |", "|---|---|", "| Chile | 12 |"]  # the row of Peru deleted
        page.write_text("\n".join(text) + "\n", encoding="utf-8")
        other = root / "docs/es" / linking.name
        text = other.read_text(encoding="utf-8").splitlines()
        text[link - 1] = re.sub(r"\]\([a-z0-9\-]+\.md", "](about.md", text[link - 1], count=1)
        other.write_text("\n".join(text) + "\n", encoding="utf-8")

    build = project_copy(plant)
    assert build.returncode != 0, build.output
    out = build.output
    assert f"docs/es/{PAGE}:{table_line}: this table has 2 rows, the English table (docs/en/{PAGE}:" in out, out
    assert f"docs/es/{PAGE}:{figure}: the figures differ from the English text (docs/en/{PAGE}:" in out, out
    assert f"docs/es/{linking.name}:{link}: the link targets differ from the English text (docs/en/{linking.name}:" in out, out


def test_the_build_rejects_broken_markdown_in_either_language_naming_file_and_line(project_copy):
    def plant(root: Path):
        for lang, text in (("es", "Véase el [Prólogo(foreword.md) y **la nota."),
                           ("en", "A map: ![](../assets/images/map.png)")):
            page = root / "docs" / lang / "about.md"
            lines = page.read_text(encoding="utf-8").splitlines()
            lines[6:6] = [text, ""]
            page.write_text("\n".join(lines) + "\n", encoding="utf-8")
        (root / "docs/assets/images").mkdir(parents=True, exist_ok=True)
        (root / "docs/assets/images/map.png").write_bytes(b"")  # the link resolves; only the alt text is wrong

    build = project_copy(plant)
    assert build.returncode != 0, build.output
    assert "docs/es/about.md:7: broken link «[Prólogo(foreword.md)»: the ] is missing; write [Prólogo](foreword.md)" in build.output
    assert "docs/es/about.md:7: bold ** is not closed" in build.output
    assert "docs/en/about.md:7: image «![](../assets/images/map.png)» has no alt text" in build.output, build.output
