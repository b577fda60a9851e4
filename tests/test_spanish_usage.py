"""Spanish pages follow the glossary's preferred forms and the Spanish style
guide's en dashes and « » quotes (overrides/hooks/spanish_usage.py); a
planted fault fails the build naming file and line (issue 8, section 3)."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from glossary import glossary_problems
from spanish_usage import avoided_forms, load_glossary, usage_problems
from site_html import article, page_path, soup

GLOSSARY = load_glossary(ROOT / "docs")
AVOIDED = avoided_forms(GLOSSARY)
SPANISH_PAGES = sorted((ROOT / "docs" / "es").rglob("*.md"))

#: Terms settled in issue 8 (preferred form, a form to avoid).
SETTLED = [
    ("Plataforma Regional de Coordinación Interagencial", "Plataforma de Coordinación Interagencial"),
    ("Red Regional sobre Migración", "Red regional sobre migración"),
    ("página de créditos", "pie de imprenta"),
    ("narrativas negativas", "discursos negativos"),
    ("personas en movimiento", "poblaciones en movimiento"),
    ("plataforma nacional", "capítulos nacionales"),
    ("en consonancia con", "en línea con"),
    ("Argentina", "la Argentina"),
    ("Brasil", "el Brasil"),
]


@pytest.mark.parametrize("path", SPANISH_PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_spanish_page_follows_glossary_dashes_and_quotes(path):
    problems = usage_problems(path.read_text(encoding="utf-8"), AVOIDED)
    where = path.relative_to(ROOT).as_posix()
    assert not problems, "\n".join(f"{where}:{line}: {message}" for line, message in problems)


@pytest.mark.parametrize("preferred, avoided", SETTLED)
def test_each_settled_term_is_in_the_glossary_with_its_form_to_avoid(preferred, avoided):
    terms = [t for t in GLOSSARY["terms"] if t.get("es") == preferred]
    assert terms, f"the glossary lacks {preferred!r}"
    assert avoided in terms[0].get("avoid", []), f"{preferred!r}: add {avoided!r} under 'avoid:'"


def test_the_glossary_with_avoid_forms_is_valid():
    assert glossary_problems(GLOSSARY) == []
    assert glossary_problems({"terms": [{"en": "x", "es": "y", "status": "unchecked", "avoid": "z"}]}), \
        "'avoid' that is not a list was accepted"
    assert glossary_problems({"terms": [{"en": "x", "es": "y", "status": "unchecked", "avoid": ["y"]}]}), \
        "'avoid' listing the preferred form itself was accepted"


def test_avoided_forms_match_whole_words_and_the_first_letter_in_either_case():
    assert usage_problems("---\ndescription: x\n---\nLa Argentina firmó.\n", AVOIDED)[0][0] == 4
    assert usage_problems("la red regional sobre migración\n", AVOIDED)
    assert not usage_problems("la Red Regional sobre Migración para América Latina\n", AVOIDED)
    assert not usage_problems("en Argentina y del Brasilero\n", AVOIDED)
    assert not usage_problems("celebrado en línea del 26 al 28 de abril\n", AVOIDED)


def test_code_links_attributes_and_front_matter_quotes_are_not_checked():
    text = ('---\ndescription: "2020–2024"\nbasis: [a-b]\nx: "2020-2024"\n---\n'
            'Use `"x"` and `2020-2024` in code; [«título»](https://x.org/2020-2024?a="b"){ lang="en" }.\n'
            '```\n"quoted" 2020-2024 la Argentina\n```\n'
            '<a href="x">ok</a> <!-- "comment" -->\n')
    assert usage_problems(text, AVOIDED) == []


def test_year_ranges_need_an_en_dash_but_other_numbers_are_left_alone():
    assert [m for _, m in usage_problems("del 2020-2024 y 2023-24\n", [])] == [
        "range of years '2020-2024' needs an en dash: '2020–2024'",
        "range of years '2023-24' needs an en dash: '2023–24'"]
    assert usage_problems("ISBN 978-92-9068-886-0, código PUB2020/054/EL, C/110/INF/1, 2020–2024\n", []) == []


def test_front_matter_title_and_description_are_checked_for_numbers():
    text = '---\ntitle: "Panorama 2020-2024"\ndescription: >-\n  Unos 3.4 millones\n  de personas.\nbasis: [x]\n---\nTexto.\n'
    assert usage_problems(text, []) == [
        (2, "range of years '2020-2024' needs an en dash: '2020–2024'"),
        (4, "decimal point in '3.4': Spanish writes '3,4'")]


def test_numbers_take_the_decimal_comma_and_points_between_thousands():
    assert [m for _, m in usage_problems("unos 3.4 millones y el 5.1 % de 7,786,568 personas\n", [])] == [
        "decimal point in '3.4': Spanish writes '3,4'",
        "decimal point in '5.1': Spanish writes '5,1'",
        "thousands grouped with commas in '7,786,568': Spanish writes '7.786.568'"]
    assert usage_problems("unos 3,4 millones y el 5,1 % de 7.786.568 personas; sección 3.2; 1,9\n", []) == []


def test_spanish_texts_of_the_data_files_are_checked_for_numbers():
    from spanish_usage import data_problems

    text = ("title:\n  en: Venezuelans abroad, 2005-2024\n  es: Venezolanos en el exterior, 2005-2024\n"
            "rows:\n  - {label: {en: 3.4 million, es: 3.4 millones}, date: \"2021-11\"}\n"
            "note:\n  es: >-\n    Unos 7,786,568\n    en total.\nsource: {es: Informe 2020–2021}\n")
    assert data_problems(text) == [
        (3, "range of years '2005-2024' needs an en dash: '2005–2024'"),
        (5, "decimal point in '3.4': Spanish writes '3,4'"),
        (8, "thousands grouped with commas in '7,786,568': Spanish writes '7.786.568'")]


def test_the_data_files_spanish_texts_pass():
    from spanish_usage import data_problems

    for path in sorted((ROOT / "docs" / "assets" / "data").rglob("*.yml")):
        assert data_problems(path.read_text(encoding="utf-8")) == [], path


def test_straight_and_english_quotes_are_rejected_in_spanish_prose():
    assert usage_problems('el "Programa Siria"\n', [])
    assert usage_problems("el “Programa Siria”\n", [])
    assert not usage_problems("el «Programa Siria»\n", [])


def test_planted_faults_fail_the_build_naming_file_and_line(project_copy):
    lines = {}

    def plant(root):
        path = root / "docs/es/foreword.md"
        text = path.read_text(encoding="utf-8").split("\n")
        end = text.index("---", 1)  # end of the front matter
        faults = ["La Plataforma de Coordinación Interagencial se creó en 2018.", "",
                  "El período 2020-2024 de la estrategia.", "",
                  'El "Programa Siria" de Argentina.', ""]
        text[end + 1:end + 1] = faults
        for offset, fault in enumerate(faults):
            if fault:
                lines[fault] = end + 2 + offset
        path.write_text("\n".join(text), encoding="utf-8")
        data = root / "docs/assets/data/figures/venezuelans-abroad.yml"
        rows = data.read_text(encoding="utf-8").split("\n")
        at = next(n for n, row in enumerate(rows) if "es: Finales de 2024}" in row)
        rows[at] = rows[at].replace("es: Finales de 2024}", "es: Finales de 2024-2025}")
        lines["data"] = at + 1
        data.write_text("\n".join(rows), encoding="utf-8")

    build = project_copy(plant)
    assert build.returncode != 0, "Spanish usage faults did not fail the build"
    expected = [
        ("La Plataforma", "write 'Plataforma Regional de Coordinación Interagencial', not 'Plataforma de Coordinación Interagencial'"),
        ("El período", "range of years '2020-2024' needs an en dash: '2020–2024'"),
        ('El "Programa', "double quotes"),
    ]
    assert f"docs/assets/data/figures/venezuelans-abroad.yml:{lines['data']}: range of years '2024-2025'" in build.output
    for start, message in expected:
        line = next(n for fault, n in lines.items() if fault.startswith(start))
        assert re.search(rf"docs/es/foreword\.md:{line}: .*{re.escape(message)}", build.output), \
            f"no message naming docs/es/foreword.md:{line} ({message}):\n{build.output[-3000:]}"


def test_the_glossary_page_shows_the_forms_to_avoid(site):
    body = article(soup(page_path(site, "es", "contributors/glossary.md")))
    row = next(tr for tr in body.find("table").find_all("tr")[1:]
               if tr.find_all("td")[1].get_text(strip=True) == "Plataforma Regional de Coordinación Interagencial")
    assert "No: «Plataforma de Coordinación Interagencial»" in row.get_text(" ", strip=True)
