"""Figures from data (overrides/hooks/figures.py, docs/assets/data/figures/).

The built site is read back and compared with the data files, read here
with plain YAML: every table and chart holds the data's values, English and
Spanish write them in their own number formats, every chart has a title and
a description in the page's language, every CSV download exists and parses,
and the figures reach the chapter PDFs. Planted faults (a value that is not
a number, a row without a source, a figure without a date, an unknown
figure id) fail the build naming the file and the line.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from site_html import LANGS, article, lang_prefix, page_dir, soup

import chapter_pdfs  # overrides/hooks/, on sys.path (conftest)
import figures

DATA = ROOT / "docs" / "assets" / "data" / "figures"
FIGURE_FILES = sorted(DATA.glob("*.yml"))


def data(figure_id: str) -> dict:
    """A figure file, read with plain YAML (not the hook's loader)."""
    return yaml.safe_load((DATA / f"{figure_id}.yml").read_text(encoding="utf-8"))


def pages_with_figures(lang: str = "en") -> dict[str, list[str]]:
    """{page: [figure ids]} from the Markdown sources of a language."""
    found = {}
    for path in sorted((ROOT / "docs" / lang).rglob("*.md")):
        ids = [figure_id for _, figure_id in figures.find_markers(path.read_text(encoding="utf-8"))]
        if ids:
            found[path.relative_to(ROOT / "docs" / lang).as_posix()] = ids
    return found


PLACED = [(page, figure_id) for page, ids in pages_with_figures().items() for figure_id in ids]


def parse_number(text: str, lang: str) -> float:
    """Read a displayed value back into a number, by the locale's rules
    written out here (independent of Babel): en groups with ',' and uses '.'
    for decimals, es the other way round; 'million'/'billion'/'millones'
    multiply. Qualifiers, units and scopes around the number are ignored."""
    group, decimal = (",", ".") if lang == "en" else (".", ",")
    match = re.search(r"\d[\d" + re.escape(group) + r"]*(?:" + re.escape(decimal) + r"\d+)?", text)
    assert match, f"no number in {text!r}"
    number = float(match.group(0).replace(group, "").replace(decimal, "."))
    rest = text[match.end():]
    if re.match(r"\s*(billion)\b", rest):
        number *= 1e9
    elif re.match(r"\s*(million|millones|millón)\b", rest):
        number *= 1e6
    return number


def value_of(cell) -> float | None:
    return None if cell is None else float(cell["value"] if isinstance(cell, dict) else cell)


def built(site: Path, lang: str, page: str):
    return soup(site / lang_prefix(lang) / page_dir(page) / "index.html")


def figure_element(site, lang, page, figure_id):
    element = article(built(site, lang, page)).select_one(f"figure#figure-{figure_id}")
    assert element is not None, f"{lang}/{page}: no <figure id='figure-{figure_id}'>"
    return element


# ---------------------------------------------------------------------------
# Formats (the hook's helpers, against the examples the issue gives)
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("value, lang, shown", [
    (7786568, "en", "7,786,568"), (7786568, "es", "7.786.568"),
    (4500000, "en", "4.5 million"), (4500000, "es", "4,5 millones"),
    ({"value": 103000000000, "unit": "usd"}, "en", "USD\u00a0103 billion"),
    ({"value": 103000000000, "unit": "usd"}, "es", "USD\u00a0103.000 millones"),
    ({"value": 81.5, "unit": "percent", "approx": "about"}, "es", "alrededor de 81,5\u00a0%"),
])
def test_values_are_written_in_the_page_locale(value, lang, shown):
    assert figures.format_value(value, lang) == shown


def test_dates_are_localized():
    assert figures.localize_date("2019-02", "es") == "febrero de 2019"
    assert figures.localize_date("2020-05-21", "en") == "21 May 2020"
    assert figures.localize_date("2017/2021", "es") == "2017–2021"


@pytest.mark.parametrize("path", FIGURE_FILES, ids=lambda path: path.stem)
def test_every_figure_file_is_valid_and_shown_on_a_page(path):
    figures.load_figure(path, f"docs/assets/data/figures/{path.name}")
    assert path.stem in {figure_id for _, figure_id in PLACED}, f"{path.name} is on no page"


def test_both_languages_place_the_same_figures():
    assert pages_with_figures("en") == pages_with_figures("es")


# ---------------------------------------------------------------------------
# The built pages
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page, figure_id", PLACED)
def test_table_holds_the_data_values_in_the_page_locale(site, lang, page, figure_id):
    figure, spec = figure_element(site, lang, page, figure_id), data(figure_id)
    table = figure.find("table")
    headers = [th.get_text(" ", strip=True) for th in table.thead.find_all("th")]
    rows = table.tbody.find_all("tr")
    assert len(rows) == len(spec["rows"]), f"{lang}/{page} figure {figure_id}: rows differ from the data"
    for series in spec["series"]:
        column = headers.index(series["label"][lang])
        for tr, row in zip(rows, spec["rows"]):
            cells = tr.find_all(["th", "td"])
            shown = cells[column].get_text(" ", strip=True)
            want = value_of(row.get(series["id"]))
            if want is None:
                assert shown == "—"
            else:
                assert parse_number(shown, lang) == pytest.approx(want), (
                    f"{lang}/{page} figure {figure_id}: table shows {shown!r}, data says {want}")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page, figure_id", [(p, f) for p, f in PLACED if data(f)["chart"] == "bars"])
def test_bar_chart_holds_the_data_values_and_draws_them_to_scale(site, lang, page, figure_id):
    figure, spec = figure_element(site, lang, page, figure_id), data(figure_id)
    svg = figure.find("svg")
    series = spec["chart_series"]
    charted = [row for row in spec["rows"] if row.get("in_chart")] or spec["rows"]
    want = [value_of(row[series]) for row in charted]
    texts = [text.get_text() for text in svg.find_all("text")]
    shown = [parse_number(text, lang) for text in texts[1::2]]  # name, value, name, value…
    assert shown == pytest.approx(want)
    widths = [float(rect["width"]) for rect in svg.find_all("rect")]
    assert [w / max(widths) for w in widths] == pytest.approx([v / max(want) for v in want], abs=0.01)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page, figure_id", [(p, f) for p, f in PLACED if data(f)["chart"] != "none"])
def test_chart_has_a_title_and_description_in_the_page_language(site, lang, page, figure_id):
    svg = figure_element(site, lang, page, figure_id).find("svg")
    spec = data(figure_id)
    assert svg.get("role") == "img"
    title, desc = svg.find("title"), svg.find("desc")
    assert svg["aria-labelledby"].split() == [title["id"], desc["id"]]
    assert spec["title"][lang] in title.get_text()
    assert spec["note"][lang] in desc.get_text(), "the description ends with the figure's note"
    for other in LANGS:
        if other != lang:
            assert spec["title"][other] not in desc.get_text() + title.get_text()
    if spec["chart"] == "map":
        for row in spec["rows"]:
            assert row["label"][lang] in desc.get_text()
    assert svg.find("script") is None and not svg.select("[href^='http']"), "a chart loads nothing"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page, figure_id", PLACED)
def test_figure_has_number_caption_sources_csv_and_citation(site, lang, page, figure_id):
    figure, spec = figure_element(site, lang, page, figure_id), data(figure_id)
    caption = " ".join(figure.figcaption.get_text().split())  # no spaces around <abbr>
    assert re.match(r"(Figure|Figura) (A?\d+\.)?\d+\.", caption)
    assert spec["title"][lang] in caption
    links = {a["href"] for a in figure.figcaption.find_all("a")}
    assert {source["url"] for source in spec["sources"].values() if any(
        row["source"] in spec["sources"] and spec["sources"][row["source"]] is source for row in spec["rows"])} <= links
    cite = " ".join(figure.select_one(".data-figure__cite").get_text().split())  # no spaces around <abbr>
    assert f"#figure-{figure_id}" in cite and spec["title"][lang] in cite
    csv_link = figure.find("a", attrs={"download": True})
    path = site / lang_prefix(lang) / page_dir(page) / csv_link["href"]
    assert path.is_file(), f"{path} (the CSV download) is missing"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert len(rows) == len(spec["rows"])
    for line, row in zip(rows, spec["rows"]):
        source = spec["sources"][row["source"]]
        assert (line["source"], line["source_url"]) == (source["name"][lang], source["url"])
        assert line["date"] == row["date"]
        for series in spec["series"]:
            want = value_of(row.get(series["id"]))
            assert (float(line[series["id"]]) if line[series["id"]] else None) == want


@pytest.mark.parametrize("page, figure_id", PLACED)
def test_english_and_spanish_show_the_same_numbers_in_their_own_formats(site, page, figure_id):
    tables = {lang: [[td.get_text(" ", strip=True) for td in tr.find_all("td")]
                     for tr in figure_element(site, lang, page, figure_id).find("table").tbody.find_all("tr")]
              for lang in ("en", "es")}
    for en_row, es_row in zip(tables["en"], tables["es"]):
        for en_cell, es_cell in zip(en_row, es_row):
            if re.search(r"\d", en_cell) and re.search(r"\d", es_cell) and not re.search(r"[a-z]{3,} \d{4}$", en_cell):
                assert parse_number(en_cell, "en") == pytest.approx(parse_number(es_cell, "es")), (en_cell, es_cell)
    assert "7,786,568" in str(figure_element(site, "en", "migration-outlook.md", "regional-figures"))
    assert "7.786.568" in str(figure_element(site, "es", "migration-outlook.md", "regional-figures"))


@pytest.mark.parametrize("lang", LANGS)
def test_figures_are_in_the_chapter_pdfs(site, lang):
    assert shutil.which("pdftotext"), "pdftotext is missing: apt-get install poppler-utils"
    for page, ids in pages_with_figures().items():
        pdf = site / lang_prefix(lang) / "pdf" / f"{page_dir(page).rstrip('/')}.pdf"
        text = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True,
                                       text=True, check=True).stdout.split())
        for figure_id in ids:
            spec = data(figure_id)
            assert spec["title"][lang] in text, f"{pdf.name}: figure {figure_id} missing"
            if spec["chart"] == "bars":
                # The chart's value labels are SVG text: each appears in the chart and in the table.
                for row in [row for row in spec["rows"] if row.get("in_chart")] or spec["rows"]:
                    cell = row[spec["chart_series"]]
                    shown = figures.format_value(cell, lang, spec.get("unit", "people"), spec.get("scopes")).replace("\u00a0", " ")
                    shown = " ".join(shown.split()[:3])
                    assert text.count(shown) >= 2, f"{pdf.name}: {shown!r} not in both chart and table"


@pytest.mark.parametrize("lang", LANGS)
def test_figures_are_in_the_whole_guide_pdf(site, lang):
    whole = site / lang_prefix(lang) / "pdf" / f"{chapter_pdfs.WHOLE_NAME}.pdf"
    text = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", whole, "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    for _, figure_id in PLACED:
        assert data(figure_id)["title"][lang] in text, f"{whole.name}: figure {figure_id} missing"


# ---------------------------------------------------------------------------
# Planted faults: one throw-away build, one fault per file
# ---------------------------------------------------------------------------

def _replace(path: Path, old: str, new: str) -> int:
    """Replace ``old`` once in ``path``; return the 1-based line it was on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def test_planted_faults_fail_the_build_naming_file_and_line(project_copy):
    lines = {}

    def plant(root: Path):
        figures_dir = root / "docs/assets/data/figures"
        lines["value"] = _replace(figures_dir / "venezuelans-abroad.yml", "abroad: 437280", "abroad: 437,280 people")
        lines["source"] = _replace(figures_dir / "covid-19.yml", "    value: 491499\n    source: iom-2020-05\n",
                                   "    value: 491499\n") - 2
        _replace(figures_dir / "regional-figures.yml", "date: 2010/2021\n", "")
        lines["page"] = _replace(root / "docs/es/annex-1-iom-in-south-america.md",
                                 "<!-- figure: iom-countries -->", "<!-- figure: paises-oim -->")

    build = project_copy(plant)
    assert build.returncode != 0
    out = build.output
    assert re.search(rf"docs/assets/data/figures/venezuelans-abroad\.yml:{lines['value']}: .*not a number", out), out
    assert re.search(r"docs/assets/data/figures/covid-19\.yml:\d+: row 1 has no 'source:'", out), out
    assert re.search(r"docs/assets/data/figures/regional-figures\.yml:\d+: the figure has no 'date:'", out), out
    assert re.search(rf"docs/es/annex-1-iom-in-south-america\.md:{lines['page']}: unknown figure 'paises-oim'", out), out
    assert "docs/es/annex-1-iom-in-south-america.md: figure markers ['paises-oim'] differ from the English page's" in out


def test_markers_in_code_are_examples_and_broken_markers_are_reported():
    text = "Intro\n```\n<!-- figure: example -->\n```\n<!-- figure: real-one -->\n<!-- figura: roto -->\n"
    assert figures.find_markers(text) == [(5, "real-one")]
    assert [line for line, _ in figures.malformed_markers(text)] == [6]


def test_malformed_yaml_names_the_line(tmp_path):
    broken = tmp_path / "x.yml"
    broken.write_text("title: {en: a, es: b}\ndate: \"2020\"\nrows:\n  - date: \"2020\n", encoding="utf-8")
    with pytest.raises(figures.FigureError) as error:
        figures.load_figure(broken, "docs/assets/data/figures/x.yml")
    assert str(error.value).startswith("docs/assets/data/figures/x.yml:")
    assert error.value.line >= 4
