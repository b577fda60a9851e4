"""Render figures from data: chart, table, CSV and citation, in the page's language.

Every figure lives once in ``docs/assets/data/figures/<id>.yml`` (values,
unit, dates, sources with URLs, notes, labels in English and Spanish; the
contributors' guide explains the fields). A page shows one with a line that
holds only a marker, the same line in every language::

    <!-- figure: venezuelans-abroad -->

This hook replaces the marker, before MkDocs renders the page, with a
numbered ``<figure id="figure-<id>">``: a caption (number, title, period,
sources), a static SVG chart (horizontal bars, or a map of South America
drawn from the Natural Earth boundaries that the npm package ``world-atlas``
ships), the figure's note, the same data as a table, a link to a CSV of the
data (written next to the page in ``site/``) and a "cite this figure" text
built from the edition's identity (``extra.edition`` in ``mkdocs.yml``).
Numbers and dates follow the page's locale (Babel, CLDR data); the charts
draw with ``currentColor``, so they follow the light and dark schemes and
print in black.

Why our own SVG and not a chart library: measured on this site (README,
"Figures"), matplotlib's SVG backend, pygal and vl-convert-python each add
10–84 MB of dependencies, write hard-coded colours and fonts (no dark
scheme, a font WeasyPrint would have to substitute), and none writes the
``<title>``/``<desc>`` text alternative in the page's language; pygal adds
scripts. The bars and the map here are a few lines of SVG each.

Every problem is a warning naming the file and line (``strict: true`` turns
it into a failed build): YAML that does not parse, a missing title, date or
source, a value that is not a number, an unknown source code, a page that
asks for a figure that does not exist, or a translation whose figure markers
differ from its English page.
"""

from __future__ import annotations

import csv
import datetime
import html
import io
import json
import logging
import math
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal

import site_languages

log = logging.getLogger("mkdocs.hooks.figures")

#: Folder of the figure files, relative to the ``docs`` folder.
DATA_DIR = "assets/data/figures"
#: A marker line: ``<!-- figure: <id> -->`` (nothing else on the line).
MARKER = re.compile(r"^<!--\s*figure:\s*([a-z0-9-]+)\s*-->\s*$")
#: Any line that looks like an attempt at a marker (caught when malformed).
MARKER_LIKE = re.compile(r"<!--\s*fig", re.IGNORECASE)
#: Where world-atlas (npm) puts Natural Earth's 1:110m countries (TopoJSON).
WORLD_ATLAS = "node_modules/world-atlas/countries-110m.json"
#: Units a value may have.
UNITS = ("people", "percent", "usd", "ratio", "number")
#: Qualifiers of approximate values.
APPROX = ("about", "more-than", "almost")
#: Chart kinds.
CHARTS = ("bars", "map", "none")
#: Babel locale for dates ("21 May 2020", not "May 21, 2020").
DATE_LOCALES = {"en": "en_GB"}

#: Interface text per language; other languages fall back to English.
TEXT = {
    "en": {
        "figure": "Figure", "date": "Date", "source": "Source", "sources": "Sources",
        "period": "Period", "no": "No.", "data": "Data of figure {n}",
        "csv": "Download the data (CSV)", "cite": "Cite this figure",
        "about": "about {}", "more-than": "more than {}", "almost": "almost {}",
        "million": "{} million", "billion": "{} billion", "percent": "{}%",
        "bars_desc": "Bar chart. {series}: {items}.",
        "map_desc": "Map of South America. Numbered countries: {items}. Other territories are outlined without a number.",
        "cite_text": "{editor}. “{title}” (figure {n}). In: {subtitle}, version {version}, {published}. {url}. Data: {sources}.",
    },
    "es": {
        "figure": "Figura", "date": "Fecha", "source": "Fuente", "sources": "Fuentes",
        "period": "Período", "no": "N.º", "data": "Datos de la figura {n}",
        "csv": "Descargar los datos (CSV)", "cite": "Cómo citar esta figura",
        "about": "alrededor de {}", "more-than": "más de {}", "almost": "casi {}",
        "million": "{} millones", "billion": None, "percent": "{}\u00a0%",
        "bars_desc": "Gráfico de barras. {series}: {items}.",
        "map_desc": "Mapa de América del Sur. Países numerados: {items}. Los demás territorios tienen contorno y no llevan número.",
        "cite_text": "{editor}. «{title}» (figura {n}). En: {subtitle}, versión {version}, {published}. {url}. Datos: {sources}.",
    },
}


class FigureError(ValueError):
    """A problem in a figure file: ``str()`` is ``file:line: message``."""

    def __init__(self, file: str, line: int, message: str):
        super().__init__(f"{file}:{line}: {message}")
        self.file, self.line, self.message = file, line, message


def on_page_markdown(markdown, page, config, files):
    """Replace each figure marker of a page by the rendered figure (MkDocs event).

    Inputs: the page's Markdown, the page and the config. Output: the
    Markdown with each marker line replaced by one HTML block; pages without
    a marker come back unchanged. Also writes ``<id>.csv`` next to the page
    in ``site/`` and warns (file and line) on every problem.
    """
    docs = Path(config["docs_dir"])
    source = f"docs/{page.file.src_uri}"
    lang = site_languages.page_language(page) or site_languages.build_language(config)
    markers = find_markers(markdown)
    # Messages name the source file's own lines: other hooks may have added
    # lines above a marker (the basis note), and front matter is cut off.
    source_text = page.file.content_string
    source_lines = [line for line, _ in find_markers(source_text)]
    offset = _front_matter_lines(page.file.abs_src_path, markdown)
    _check_translation_markers(docs, page, config, markers, source)
    for line, problem in malformed_markers(source_text):
        log.warning("%s:%d: %s", source, line, problem)
    if not markers:
        return markdown
    prefix = figure_prefix(markdown)
    lines = markdown.split("\n")
    edition = config["extra"].get("edition", {})
    page_url = (config.get("site_url") or "") + page.url
    for number, (line, figure_id) in enumerate(markers, start=1):
        shown = source_lines[number - 1] if len(source_lines) == len(markers) else line + offset
        path = docs / DATA_DIR / f"{figure_id}.yml"
        if not path.exists():
            log.warning("%s:%d: unknown figure '%s': no file docs/%s/%s.yml (the id is the file name; "
                        "do not translate it)", source, shown, figure_id, DATA_DIR, figure_id)
            lines[line - 1] = ""
            continue
        try:
            figure = load_figure(path, f"docs/{DATA_DIR}/{figure_id}.yml")
            topo = load_world_atlas(Path(config["config_file_path"]).parent) if figure.chart == "map" else None
        except FigureError as error:
            log.warning("%s (shown on %s:%d)", error, source, shown)
            lines[line - 1] = ""
            continue
        label = f"{prefix}{number}"
        # Blank lines around: Markdown keeps the block as raw HTML even when
        # the marker line touches a paragraph.
        lines[line - 1] = "\n" + render_figure(figure, lang, label, edition, page_url, topo) + "\n"
        _write_csv(Path(config["site_dir"]) / page.url / f"{figure_id}.csv", figure_csv(figure, lang))
    return "\n".join(lines)


def _check_translation_markers(docs: Path, page, config, markers, source: str) -> None:
    """Warn when a translated page's figure markers differ from its English page's."""
    lang = site_languages.page_language(page)
    default = site_languages.default_language(config)
    if not lang or lang == default or not page.file.src_uri.startswith(f"{lang}/"):
        return
    english = docs / default / page.file.src_uri[len(lang) + 1:]
    if not english.exists():
        return
    want = [figure_id for _, figure_id in find_markers(english.read_text(encoding="utf-8"))]
    got = [figure_id for _, figure_id in markers]
    if want != got:
        log.warning("%s: figure markers %s differ from the English page's %s; copy the "
                    "'<!-- figure: ... -->' lines unchanged, in the same order", source, got or "(none)", want or "(none)")


def _front_matter_lines(path, markdown: str) -> int:
    """Lines of the source file above the Markdown MkDocs hands to hooks
    (front matter and the blank lines after it), so messages name the
    file's own line numbers."""
    try:
        raw = Path(path).read_text(encoding="utf-8").split("\n")
    except (OSError, TypeError):
        return 0
    first = next((line for line in markdown.split("\n") if line.strip()), None)
    if first is None or first not in raw:
        return 0
    body_first = next(number for number, line in enumerate(markdown.split("\n")) if line.strip())
    return raw.index(first) - body_first


def _write_csv(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")


# ---------------------------------------------------------------------------
# Pure helpers (tests call these directly)
# ---------------------------------------------------------------------------

class _LineDict(dict):
    """A YAML mapping that remembers its line and its keys' lines (1-based)."""

    line = 0
    key_lines: dict


class _Loader(yaml.SafeLoader):
    """YAML loader whose mappings are :class:`_LineDict`."""


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    data = _LineDict()
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        data[key] = loader.construct_object(value_node, deep=True)
        data.key_lines[key] = key_node.start_mark.line + 1
    return data


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass
class Figure:
    """One figure, validated. ``rows`` keep their YAML mappings (with lines)."""

    id: str
    file: str
    data: dict

    @property
    def chart(self) -> str:
        return self.data["chart"]

    @property
    def series(self) -> list:
        return self.data.get("series") or []

    @property
    def rows(self) -> list:
        return self.data["rows"]

    @property
    def chart_rows(self) -> list:
        """The rows a bar chart shows: those marked ``in_chart: true``, or all."""
        marked = [row for row in self.rows if row.get("in_chart")]
        return marked or self.rows


def find_markers(markdown: str) -> list[tuple[int, str]]:
    """Return ``(line number, figure id)`` for each marker line, in order.

    Lines inside fenced code blocks are skipped (so the contributors' guide
    can show a marker without rendering it).
    """
    found, fenced = [], False
    for number, line in enumerate(markdown.split("\n"), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        match = MARKER.match(line.strip()) if not fenced else None
        if match:
            found.append((number, match.group(1)))
    return found


def malformed_markers(markdown: str) -> list[tuple[int, str]]:
    """Return ``(line, problem)`` for lines that look like a figure marker but are not one."""
    problems, fenced = [], False
    for number, line in enumerate(markdown.split("\n"), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if not fenced and MARKER_LIKE.search(re.sub(r"`[^`]*`", "", line)) and not MARKER.match(line.strip()):
            problems.append((number, "this looks like a figure marker but is not one; write it alone on its "
                                     "line, exactly '<!-- figure: figure-id -->' (the id in English, unchanged)"))
    return problems


def figure_prefix(markdown: str) -> str:
    """Return the figure-number prefix from the page's H1: ``"3."`` for
    "# 3. Migration outlook", ``"A1."`` for "# Annex 1. …" / "# Anexo 1. …",
    else ``""`` (figures are then numbered 1, 2, …)."""
    match = re.search(r"^#\s+(?:(\d+)\.|(?:Annex|Anexo)\s+(\d+)\.)", markdown, re.MULTILINE)
    if not match:
        return ""
    return f"{match.group(1)}." if match.group(1) else f"A{match.group(2)}."


def load_figure(path: Path, label: str) -> Figure:
    """Read and check one figure file.

    Inputs: the file and its name for messages (``docs/assets/...yml``).
    Output: a :class:`Figure`. Raises :class:`FigureError` (file, line and
    the fix) on the first problem found.
    """
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise FigureError(label, (mark.line + 1) if mark else 1,
                          f"not valid YAML ({error.problem}); check the indentation and quotes") from error
    except (OSError, yaml.YAMLError) as error:
        raise FigureError(label, 1, f"cannot be read ({error})") from error
    if not isinstance(data, _LineDict):
        raise FigureError(label, 1, "must be a mapping with title, date, chart, series, sources and rows")
    check_figure(data, label)
    return Figure(path.stem, label, data)


def _line(mapping, key=None) -> int:
    if isinstance(mapping, _LineDict):
        return mapping.key_lines.get(key, mapping.line) if key is not None else mapping.line
    return 1


def _need_text(mapping, key, label, what) -> None:
    value = mapping.get(key)
    if not (isinstance(value, dict) and all(isinstance(value.get(lang), str) and value[lang].strip() for lang in TEXT)):
        raise FigureError(label, _line(mapping, key),
                          f"{what} needs a text in every language: '{key}: {{en: ..., es: ...}}'")


def check_date(value, label: str, line: int) -> None:
    """Raise :class:`FigureError` unless ``value`` is an ISO date, year-month,
    year, or a range ``start/end`` of those (e.g. ``2017/2021``)."""
    if not isinstance(value, str):
        raise FigureError(label, line, f"date {value!r} must be quoted text such as \"2019\", \"2019-02\" or "
                                       "\"2020-05-21\" (a period: \"2017/2021\")")
    for part in value.split("/"):
        try:
            parse_date(part)
        except ValueError as error:
            raise FigureError(label, line, f"date '{value}' is not YYYY, YYYY-MM or YYYY-MM-DD "
                                           "(a period: start/end)") from error


def check_figure(data: dict, label: str) -> None:
    """Raise :class:`FigureError` (file and line) on the first problem in a figure's data."""
    _need_text(data, "title", label, "the figure")
    if "date" not in data:
        raise FigureError(label, data.line, "the figure has no 'date:' (the period its data cover, e.g. \"2005/2024-12\")")
    check_date(data["date"], label, _line(data, "date"))
    if data.get("chart") not in CHARTS:
        raise FigureError(label, _line(data, "chart"), f"'chart:' must be one of {', '.join(CHARTS)}")
    if "note" in data:
        _need_text(data, "note", label, "the note")
    sources = data.get("sources")
    if not isinstance(sources, dict) or not sources:
        raise FigureError(label, _line(data, "sources"), "the figure has no 'sources:' (code: {name: {en, es}, url})")
    for code, source in sources.items():
        if not isinstance(source, dict):
            raise FigureError(label, _line(sources, code), f"source '{code}' must have 'name' and 'url'")
        _need_text(source, "name", label, f"source '{code}'")
        if not (isinstance(source.get("url"), str) and source["url"].startswith("https://")):
            raise FigureError(label, _line(source, "url"), f"source '{code}' needs 'url: https://...'")
    series = data.get("series")
    if not isinstance(series, list):
        raise FigureError(label, _line(data, "series"), "'series:' must be a list (empty for a list of countries)")
    ids = []
    for item in series:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise FigureError(label, _line(item), "each series needs 'id:' and 'label: {en, es}'")
        _need_text(item, "label", label, f"series '{item['id']}'")
        ids.append(item["id"])
    if data.get("unit", "people") not in UNITS:
        raise FigureError(label, _line(data, "unit"), f"'unit:' must be one of {', '.join(UNITS)}")
    if data["chart"] == "bars" and data.get("chart_series") not in ids:
        raise FigureError(label, _line(data, "chart_series"), "a bar chart needs 'chart_series:' naming one series id")
    scopes = data.get("scopes") or {}
    rows = data.get("rows")
    if not isinstance(rows, list) or not rows:
        raise FigureError(label, _line(data, "rows"), "the figure has no 'rows:'")
    for number, row in enumerate(rows, start=1):
        where = f"row {number}"
        if not isinstance(row, dict):
            raise FigureError(label, _line(data, "rows"), f"{where} must be a mapping (date, source, values)")
        if "date" not in row:
            raise FigureError(label, _line(row), f"{where} has no 'date:'")
        check_date(row["date"], label, _line(row, "date"))
        if not row.get("source"):
            raise FigureError(label, _line(row), f"{where} has no 'source:' (one of: {', '.join(sources)})")
        if row["source"] not in sources:
            raise FigureError(label, _line(row, "source"),
                              f"{where}: unknown source '{row['source']}'; add it under 'sources:' or use one of: {', '.join(sources)}")
        for key in ("label", "date_label"):
            if key in row:
                _need_text(row, key, label, f"{where}'s {key}")
        if data["chart"] == "map" and not (isinstance(row.get("iso"), str) and row["iso"].isdigit()):
            raise FigureError(label, _line(row), f"{where} needs 'iso: \"NNN\"' (ISO 3166-1 numeric code, quoted)")
        for series_id in ids:
            cell = row.get(series_id)
            if cell is None:
                continue
            value = cell.get("value") if isinstance(cell, dict) else cell
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise FigureError(label, _line(row, series_id),
                                  f"{where}: '{series_id}' is {value!r}, not a number; write digits only "
                                  "(7786568, 2300000, 81.5) and put words in 'approx:', 'unit:' or 'scope:'")
            if isinstance(cell, dict):
                if cell.get("approx") not in (None, *APPROX):
                    raise FigureError(label, _line(cell, "approx"), f"{where}: approx must be one of {', '.join(APPROX)}")
                if cell.get("unit") not in (None, *UNITS):
                    raise FigureError(label, _line(cell, "unit"), f"{where}: unit must be one of {', '.join(UNITS)}")
                if cell.get("scope") is not None and cell["scope"] not in scopes:
                    raise FigureError(label, _line(cell, "scope"), f"{where}: unknown scope '{cell['scope']}'; add it under 'scopes:'")
                share = cell.get("share")
                if share is not None and (isinstance(share, bool) or not isinstance(share, (int, float))):
                    raise FigureError(label, _line(cell, "share"), f"{where}: share {share!r} is not a number")
        if "in_chart" in row and not isinstance(row["in_chart"], bool):
            raise FigureError(label, _line(row, "in_chart"), f"{where}: in_chart must be true or false")
    if data["chart"] == "bars":
        charted = [row for row in rows if row.get("in_chart")] or rows
        units = set()
        for row in charted:
            if row.get(data["chart_series"]) is None:
                raise FigureError(label, _line(row), f"a charted row has no value for the series '{data['chart_series']}'")
            cell = row[data["chart_series"]]
            units.add((cell.get("unit") if isinstance(cell, dict) else None) or data.get("unit", "people"))
        if len(units) > 1:
            raise FigureError(label, _line(data, "chart"), f"the bars mix units ({', '.join(sorted(units))}); mark "
                                                          "rows of one unit with 'in_chart: true'")
    if "chart_label" in data:
        _need_text(data, "chart_label", label, "the chart")


def parse_date(text: str) -> tuple[int, int | None, int | None]:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` into (year, month, day);
    raises ValueError otherwise."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text.strip())
    if not match:
        raise ValueError(text)
    year, month, day = (int(group) if group else None for group in match.groups())
    datetime.date(year, month or 1, day or 1)  # raises ValueError on 2019-13
    return year, month, day


def localize_date(text: str, lang: str) -> str:
    """Return a date or period in the page's language: ``2019-02`` →
    "February 2019" / "febrero de 2019"; ``2020-05-21`` → "21 May 2020" /
    "21 de mayo de 2020"; ``2017/2021`` → "2017–2021"."""
    parts = []
    for part in text.split("/"):
        year, month, day = parse_date(part)
        locale = DATE_LOCALES.get(lang, lang)
        if day:
            parts.append(format_date(datetime.date(year, month, day), "long", locale=locale))
        elif month:
            parts.append(format_skeleton("yMMMM", datetime.date(year, month, 1), locale=locale))
        else:
            parts.append(str(year))
    if len(parts) == 1:
        return parts[0]
    joiner = "–" if all(part.isdigit() for part in parts) else " – "
    return joiner.join(parts)


def _text(lang: str) -> dict:
    return TEXT.get(lang, TEXT["en"])


def _cell(cell) -> dict:
    return cell if isinstance(cell, dict) else {"value": cell}


def format_number(value: float, lang: str) -> str:
    """Return a number in the page's locale: 7786568 → "7,786,568" / "7.786.568"."""
    return format_decimal(value, locale=lang, format="#,##0.###")


def format_value(cell, lang: str, unit: str = "people", scopes: dict | None = None) -> str:
    """Return a table value in the page's language.

    Inputs: a cell (a number or ``{value, approx, unit, scope, share}``), the
    language, the figure's default unit and its scopes. Round values of a
    million or more are written in millions ("4.5 million", "4,5 millones";
    en: "103 billion", es: "103.000 millones", as the Spanish pages do);
    other values in full with the locale's separators.
    """
    cell = _cell(cell)
    text = _text(lang)
    value, unit = cell["value"], cell.get("unit") or unit
    if unit == "percent":
        out = text["percent"].format(format_number(value, lang))
    elif unit == "ratio":
        out = format_number(value, lang)
    elif abs(value) >= 1_000_000 and value % 10_000 == 0:
        if abs(value) >= 1_000_000_000 and text["billion"]:
            out = text["billion"].format(format_number(value / 1_000_000_000, lang))
        else:
            out = text["million"].format(format_number(value / 1_000_000, lang))
            if lang == "es" and value == 1_000_000:
                out = "1 millón"
    else:
        out = format_number(value, lang)
    if unit == "usd":
        out = f"USD\u00a0{out}"
    if cell.get("approx"):
        out = text[cell["approx"]].format(out)
    if cell.get("share") is not None:
        out += f" ({text['percent'].format(format_number(cell['share'], lang))})"
    if cell.get("scope"):
        out += " " + (scopes or {})[cell["scope"]][lang]
    return out


def row_date(row: dict, lang: str) -> str:
    """Return a row's date as shown: its ``date_label`` or the localized date, capitalized."""
    shown = row["date_label"][lang] if "date_label" in row else localize_date(row["date"], lang)
    return shown[:1].upper() + shown[1:]


def _row_name(row: dict, lang: str) -> str:
    return row["label"][lang] if "label" in row else row_date(row, lang)


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


def _width(text: str, size: float) -> float:
    """Rough width of ``text`` at font size ``size`` (generous: Noto Sans and DejaVu Sans average about 0.55 em)."""
    return len(text) * size * 0.6


def bars_svg(figure: Figure, lang: str, title: str, desc: str) -> str:
    """Return a horizontal bar chart of the figure's charted series as inline SVG.

    One bar per charted row (:attr:`Figure.chart_rows`), labelled with the
    row's name and its formatted value (text, never colour alone); names
    longer than 40 % of the width go on their own line above the bar.
    Approximate values ("about", "more than") get a dashed outline.
    Colours: ``currentColor`` (the stylesheets may use the theme's accent).
    """
    series = figure.data["chart_series"]
    unit = figure.data.get("unit", "people")
    scopes = figure.data.get("scopes")
    rows = [(row, _cell(row[series])) for row in figure.chart_rows]
    names = [_row_name(row, lang) for row, _ in rows]
    values = [format_value({k: v for k, v in cell.items() if k not in ("scope", "share")}, lang, unit, scopes)
              for _, cell in rows]
    # Text at about the size of the body text: 14 units in a 360-unit-wide
    # chart, shown at most 18rem wide (figures.css), 10 cm in the PDFs (print.css).
    size, row_height, bar_height, width = 14, 23, 16, 360
    label_width = max(_width(name, size) for name in names) + 8
    stacked = label_width > 0.4 * width
    wrapped = [_wrap(name, size, width) if stacked else [name] for name in names]
    if stacked:
        label_width = 0
    top = max(cell["value"] for _, cell in rows) or 1
    # The longest bar such that every bar's value text still fits after it.
    plot = min((width - label_width - 6 - _width(value, size)) * top / max(cell["value"], top / 1000)
               for (_, cell), value in zip(rows, values))
    plot = max(plot, 40.0)
    heights = [(17 * len(lines) + bar_height + 8) if stacked else row_height for lines in wrapped]
    height = sum(heights) + 4
    uid = f"fig-{figure.id}"
    out = [f'<svg class="data-figure__chart" data-pagefind-ignore xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'role="img" aria-labelledby="{uid}-t {uid}-d" font-size="{size}" fill="currentColor">',
           f'<title id="{uid}-t">{_esc(title)}</title><desc id="{uid}-d">{_esc(desc)}</desc>']
    y = 2
    for (row, cell), name, value, lines, step in zip(rows, names, values, wrapped, heights):
        length = max(1.0, plot * cell["value"] / top)
        dashed = ' stroke="currentColor" stroke-dasharray="3 2" fill-opacity=".25"' if cell.get("approx") else ' fill-opacity=".7"'
        top_y = y
        if stacked:
            out.append(f'<text x="0" y="{y + bar_height - 4}">' + "".join(
                f'<tspan x="0" dy="{0 if n == 0 else 17}">{_esc(line)}</tspan>' for n, line in enumerate(lines)) + "</text>")
            y += 17 * len(lines)
        else:
            out.append(f'<text x="{label_width - 6:.0f}" y="{y + bar_height - 4}" text-anchor="end">{_esc(name)}</text>')
        out.append(f'<rect class="data-figure__bar" x="{label_width:.0f}" y="{y}" width="{length:.1f}" height="{bar_height}"{dashed}/>'
                   f'<text x="{label_width + length + 4:.1f}" y="{y + bar_height - 4}">{_esc(value)}</text>')
        y = top_y + step
    out.append("</svg>")
    return "".join(out)


def _wrap(text: str, size: float, width: float) -> list[str]:
    """Split ``text`` into lines no wider than ``width`` (estimated), at spaces."""
    lines = [""]
    for word in text.split():
        candidate = f"{lines[-1]} {word}".strip()
        if lines[-1] and _width(candidate, size) > width:
            lines.append(word)
        else:
            lines[-1] = candidate
    return lines


def load_world_atlas(root: Path) -> dict:
    """Read Natural Earth's 1:110m countries (TopoJSON) from the npm package
    ``world-atlas``. Raises :class:`FigureError` with the fix when missing."""
    path = root / WORLD_ATLAS
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise FigureError("package.json", 1, f"the map needs {WORLD_ATLAS} (npm package world-atlas): run "
                                             "'npm ci' (make does it)") from error


def topojson_polygons(topo: dict) -> dict[str, list[list[tuple[float, float]]]]:
    """Decode a TopoJSON ``countries`` object into ``{id: [ring, ...]}`` of
    (longitude, latitude) points (outer rings and holes alike)."""
    scale, translate = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)

    def ring(indexes):
        points = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    shapes: dict[str, list] = {}
    for geometry in topo["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs") or []
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        elif geometry["type"] != "MultiPolygon":
            continue
        key = str(geometry.get("id", geometry.get("properties", {}).get("name")))
        shapes.setdefault(key, []).extend(ring(r) for polygon in polygons for r in polygon)
    return shapes


def _centroid(ring) -> tuple[float, float, float]:
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if not area:
        return 0.0, ring[0][0], ring[0][1]
    return abs(area / 2), cx / (3 * area), cy / (3 * area)


#: The map's frame (degrees): South America, east of Panama.
MAP_WEST, MAP_EAST, MAP_SOUTH, MAP_NORTH = -81.5, -34.0, -56.0, 13.0


def map_svg(figure: Figure, lang: str, title: str, desc: str, topo: dict) -> str:
    """Return a map of South America as inline SVG: the figure's countries
    filled and numbered in row order, other land outlined.

    Projection: equirectangular with longitudes scaled by cos(20°), fine at
    this size. Every ring whose centroid falls inside the frame is drawn.
    """
    shapes = topojson_polygons(topo)
    keep = {row["iso"]: number for number, row in enumerate(figure.rows, start=1)}
    missing = [row["iso"] for row in figure.rows if row["iso"] not in shapes]
    if missing:
        raise FigureError(figure.file, _line(figure.rows[0]), f"no boundary for iso {', '.join(missing)} in world-atlas")
    k, cos = 6.0, math.cos(math.radians(20))
    width = (MAP_EAST - MAP_WEST) * cos * k
    height = (MAP_NORTH - MAP_SOUTH) * k

    def xy(point):
        return (point[0] - MAP_WEST) * cos * k, (MAP_NORTH - point[1]) * k

    uid = f"fig-{figure.id}"
    filled, outlined, labels = [], [], []
    for key, rings in sorted(shapes.items()):
        inside = [r for r in rings if MAP_WEST <= _centroid(r)[1] <= MAP_EAST and MAP_SOUTH <= _centroid(r)[2] <= MAP_NORTH]
        if not inside:
            continue
        path = "".join("M" + "L".join(f"{x:.0f},{y:.0f}" for x, y in map(xy, r)) + "Z" for r in inside)
        (filled if key in keep else outlined).append(path)
        if key in keep:
            _, cx, cy = max(_centroid(r) for r in inside)
            x, y = xy((cx, cy))
            labels.append(f'<circle cx="{x:.0f}" cy="{y:.0f}" r="8" class="data-figure__badge" fill="#fff" stroke="currentColor"/>'
                          f'<text x="{x:.0f}" y="{y + 4:.0f}" text-anchor="middle" font-weight="bold">{keep[key]}</text>')
    return (f'<svg class="data-figure__chart data-figure__map" data-pagefind-ignore xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-labelledby="{uid}-t {uid}-d" font-size="11" fill="currentColor">'
            f'<title id="{uid}-t">{_esc(title)}</title><desc id="{uid}-d">{_esc(desc)}</desc>'
            f'<path d="{"".join(outlined)}" fill="none" stroke="currentColor" stroke-width=".6" stroke-dasharray="2 1.5"/>'
            f'<path class="data-figure__land" d="{"".join(filled)}" fill-opacity=".3" stroke="currentColor" stroke-width=".8" stroke-linejoin="round"/>'
            + "".join(labels) + "</svg>")


def chart_description(figure: Figure, lang: str) -> str:
    """Return the chart's text alternative (SVG ``<desc>``) in ``lang``: what
    it shows, with every value, then the figure's note."""
    text = _text(lang)
    if figure.chart == "map":
        items = ", ".join(f"{number} {row['label'][lang]}" for number, row in enumerate(figure.rows, start=1))
        desc = text["map_desc"].format(items=items)
    else:
        series = figure.data["chart_series"]
        label = figure.data["chart_label"][lang] if "chart_label" in figure.data else next(
            item["label"][lang] for item in figure.series if item["id"] == series)
        items = "; ".join(f"{_row_name(row, lang)}: {format_value(row[series], lang, figure.data.get('unit', 'people'), figure.data.get('scopes'))}"
                          for row in figure.chart_rows)
        desc = text["bars_desc"].format(series=label, items=items)
    if "note" in figure.data:
        desc += " " + figure.data["note"][lang]
    return desc


def _sources(figure: Figure) -> list[dict]:
    seen, out = set(), []
    for row in figure.rows:
        if row["source"] not in seen:
            seen.add(row["source"])
            out.append(figure.data["sources"][row["source"]])
    return out


def table_html(figure: Figure, lang: str, caption: str) -> str:
    """Return the figure's data as an HTML table in ``lang``.

    Columns: the rows' names (label or date), then the date when rows have
    labels and their dates differ, one column per series, the source when
    rows' sources differ; a map's table numbers the countries as the map does.
    """
    text = _text(lang)
    rows = figure.rows
    labelled = any("label" in row for row in rows)
    show_date = labelled and len({row["date"] for row in rows}) > 1
    show_source = len({row["source"] for row in rows}) > 1
    unit, scopes = figure.data.get("unit", "people"), figure.data.get("scopes")
    head = []
    if figure.chart == "map":
        head.append(text["no"])
    head.append(figure.data.get("row_label", {}).get(lang, "") if labelled else text["date"])
    if show_date:
        head.append(text["date"])
    head += [item["label"][lang] for item in figure.series]
    if show_source:
        head.append(text["source"])
    out = [f"<table><caption>{_esc(caption)}</caption><thead><tr>"]
    out += [f'<th scope="col">{_esc(cell)}</th>' for cell in head]
    out.append("</tr></thead><tbody>")
    for number, row in enumerate(rows, start=1):
        out.append("<tr>")
        if figure.chart == "map":
            out.append(f"<td>{number}</td>")
        out.append(f'<th scope="row">{_esc(_row_name(row, lang))}</th>')
        if show_date:
            out.append(f"<td>{_esc(row_date(row, lang))}</td>")
        for item in figure.series:
            cell = row.get(item["id"])
            out.append(f"<td>{_esc(format_value(cell, lang, unit, scopes)) if cell is not None else '—'}</td>")
        if show_source:
            source = figure.data["sources"][row["source"]]
            out.append(f"<td>{_esc(source['name'][lang])}</td>")  # linked once, in the caption
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def cite_text(figure: Figure, lang: str, label: str, edition: dict, url: str) -> str:
    """Return the "cite this figure" text, from the edition's identity
    (``extra.edition``: editor, subtitle, version, published) and the figure."""
    def pick(field):
        value = edition.get(field, "")
        return value.get(lang, value.get("en", "")) if isinstance(value, dict) else str(value)
    sources = "; ".join(source["name"][lang] for source in _sources(figure))
    return _text(lang)["cite_text"].format(
        editor=pick("editor"), title=figure.data["title"][lang], n=label, subtitle=pick("subtitle"),
        version=pick("version"), published=pick("published"), url=url, sources=sources)


def render_figure(figure: Figure, lang: str, label: str, edition: dict, page_url: str, topo: dict | None = None) -> str:
    """Return the whole figure as one HTML block (no blank lines, so Markdown
    keeps it as raw HTML): caption, chart, note, table, CSV link, citation.
    The chart (its values are the table's), the CSV link and the citation
    carry ``data-pagefind-ignore``: the search (Pagefind) indexes the text
    and the table, not the chart's labels, the link or the citation again."""
    text = _text(lang)
    title = figure.data["title"][lang]
    number = f"{text['figure']} {label}"
    anchor = f"figure-{figure.id}"
    if figure.chart == "bars":
        chart = bars_svg(figure, lang, f"{number}. {title}", chart_description(figure, lang))
    elif figure.chart == "map":
        chart = map_svg(figure, lang, f"{number}. {title}", chart_description(figure, lang), topo)
    else:
        chart = ""
    sources = "; ".join(f'<a href="{_esc(s["url"])}">{_esc(s["name"][lang])}</a>' for s in _sources(figure))
    heading = text["sources"] if len(_sources(figure)) > 1 else text["source"]
    note = f'<p class="data-figure__note">{_esc(figure.data["note"][lang])}</p>' if "note" in figure.data else ""
    cite = cite_text(figure, lang, label, edition, f"{page_url}#{anchor}")
    return (f'<figure class="data-figure" id="{anchor}" data-figure="{figure.id}">'
            f'<figcaption><a class="data-figure__number" href="#{anchor}">{_esc(number)}.</a> {_esc(title)}'
            f'<span class="data-figure__meta" data-pagefind-ignore>{_esc(text["period" if "/" in figure.data["date"] else "date"])}: {_esc(localize_date(figure.data["date"], lang))}. '
            f'{_esc(heading)}: {sources}.</span></figcaption>'
            f'{chart}{note}'
            f'{table_html(figure, lang, text["data"].format(n=label))}'
            f'<p class="data-figure__links" data-pagefind-ignore><a href="{_esc(figure.id)}.csv" download>{_esc(text["csv"])}</a></p>'
            f'<p class="data-figure__cite" data-pagefind-ignore><strong>{_esc(text["cite"])}:</strong> {_esc(cite)}</p>'
            f"</figure>")


def figure_csv(figure: Figure, lang: str) -> str:
    """Return the figure's data as CSV text (RFC 4180, UTF-8).

    Column names are the same in every language (``date``, ``label``, each
    series id with ``_approx``, ``_unit`` and ``_note``, ``source``,
    ``source_url``); labels, notes and source names are in ``lang``; numbers
    are plain (``7786568``, ``81.5``) so spreadsheets and scripts read them.
    Every row names its source and the source's address.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    unit, scopes = figure.data.get("unit", "people"), figure.data.get("scopes") or {}
    header = ["figure", "date", "date_text", "label"]
    if figure.chart == "map":
        header.append("iso_numeric")
    for item in figure.series:
        header += [item["id"], f"{item['id']}_approx", f"{item['id']}_unit", f"{item['id']}_note"]
    header += ["source", "source_url"]
    writer.writerow(header)
    for row in figure.rows:
        line = [figure.id, row["date"], row_date(row, lang), row["label"][lang] if "label" in row else ""]
        if figure.chart == "map":
            line.append(row["iso"])
        for item in figure.series:
            cell = row.get(item["id"])
            if cell is None:
                line += ["", "", "", ""]
                continue
            cell = _cell(cell)
            notes = []
            if cell.get("scope"):
                notes.append(scopes[cell["scope"]][lang])
            if cell.get("share") is not None:
                notes.append(_text(lang)["percent"].format(format_number(cell["share"], lang)))
            line += [repr(cell["value"]) if isinstance(cell["value"], float) else str(cell["value"]),
                     cell.get("approx", ""), cell.get("unit") or unit, "; ".join(notes)]
        source = figure.data["sources"][row["source"]]
        line += [source["name"][lang], source["url"]]
        writer.writerow(line)
    return buffer.getvalue()
