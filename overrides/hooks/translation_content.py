"""Compare what a translation says with its English source: figures, tables, links.

``translation_structure.py`` checks a translation's shape (heading ids, the
number of tables, images and boxes). This hook reads the content: English is
the source, and each translated page must have

* the same numbers in each paragraph, list item, heading
  and table cell, read in each language's own format (English ``2.75
  million``, ``7,786,568``, ``5.1%``; Spanish ``2,75 millones``,
  ``7.786.568``, ``5,1 %``; ``USD 103 billion`` = ``USD 103.000 millones``);
* the same number of rows in each table, and of cells in each row (tables
  of :data:`OWN_ORDER_PAGES`, sorted in each language's order: rows only);
* the same link targets in the same order: the same pages of the site
  (``foreword.md#id``); web addresses on the same site (the Spanish page
  of an English address is fine).

Figures may change places inside a paragraph (Spanish word order moves
dates); a whole number up to ten may be written as a word on one side.

Paragraphs, list items and rows are paired in order within each section
(between two headings). When a section's paragraphs and list items do not
pair up (a paragraph split, merged or missing), its figures and links are
compared for the whole section; the pairing itself is only a hint (INFO).
A translation that git history shows is behind its English page (English
changed first, as the translation guide allows) is not compared: it shows
the out-of-date notice instead (``outdated_translations.py``).

Each problem is a warning naming the translated file and line and the
English file and line, quoting both versions and saying what to do;
``strict: true`` fails the build (``make build``, ``make check``).
"""

from __future__ import annotations

import logging
import re
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import outdated_translations
import site_languages

log = logging.getLogger("mkdocs.hooks.translation_content")


def on_files(files, config):
    """Compare each translated page with its English page once per site build.

    Runs in the default-language build only (static-i18n runs one build per
    language in the same process). Output: ``files``, unchanged.
    """
    if not site_languages.is_default_build(config):
        return files
    langs = site_languages.languages(config)
    for problem in tree_problems(config.docs_dir, langs[0], langs[1:], skip_behind=True):
        (log.warning if problem.severity == "warning" else log.info)("%s", problem)
    return files


# ---------------------------------------------------------------------------
# Pure helpers (tests and tools/check.py call these)
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """One content difference: the translated ``path`` and ``line`` to fix,
    and a ``message`` that names the English line, quotes both versions and
    says what to do."""

    path: str
    line: int
    message: str
    #: ``warning`` (fails the strict build) or ``info`` (a hint only).
    severity: str = "warning"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Block:
    """A paragraph, list item, heading or table row of a page.

    ``kind`` is ``p``, ``li``, ``h`` or ``row``; ``line`` is 1-based;
    ``text`` is its Markdown; ``cells`` holds a table row's cells.
    """

    kind: str
    line: int
    text: str
    cells: list[str] = field(default_factory=list)


@dataclass
class Table:
    """A table: the line of its header row and its rows (header included)."""

    line: int
    rows: list[Block]


@dataclass
class Section:
    """The blocks between two headings (the heading first) and its tables."""

    blocks: list[Block]
    tables: list[Table]


#: Pages whose tables list terms in each language's alphabetical order (and
#: may add a column, such as the English acronym): only the number of rows
#: is compared. The acronyms page: "ACNUR" sorts where "UNHCR" does not.
OWN_ORDER_PAGES = {"acronyms.md"}
#: Multipliers written after a number, per language (longest first).
SCALE_WORDS = {
    "en": [("trillion", 10**12), ("billion", 10**9), ("millions", 10**6), ("million", 10**6), ("thousand", 10**3)],
    "es": [("mil millones", 10**9), ("millones", 10**6), ("millón", 10**6), ("billones", 10**12), ("billón", 10**12),
           ("mil", 10**3)],
}
#: A number as written: digits with thousands and decimal separators.
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,\u00a0\u202f]\d+)*")

_FENCE = re.compile(r"^\s*(```|~~~)")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*\n", re.DOTALL)
_HEADING = re.compile(r"^#{1,6}\s")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_TABLE_RULE = re.compile(r"^\s*\|?[\s|:\-]+\|[\s|:\-]*$")
_ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s*")
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
#: Not counted as figures: link targets, attribute lists, HTML, code, footnote marks.
_NOT_TEXT = [
    re.compile(r"\]\([^)\n]*\)"),
    re.compile(r"<!--.*?-->"),
    re.compile(r"<[^>\n]+>"),
    re.compile(r"\{[^}\n]*\}"),
    re.compile(r"`[^`\n]*`"),
    re.compile(r"\[\^[^\]]*\]"),
]


def parse_sections(markdown: str) -> list[Section]:
    """Split a page's Markdown into sections of blocks and tables.

    Input: the full source; front matter and fenced code are skipped.
    Output: one :class:`Section` per heading (plus one for any text before
    the first heading). List markers and admonition markers are removed from
    the blocks' text; table delimiter rows are not blocks.
    """
    sections = [Section([], [])]
    lines = markdown.splitlines()
    match = _FRONT_MATTER.match(markdown)
    start = match.group(0).count("\n") if match else 0
    current: Block | None = None
    in_fence = False
    table: Table | None = None
    for index in range(start, len(lines)):
        number, line = index + 1, lines[index]
        if _FENCE.match(line):
            in_fence, current = not in_fence, None
            continue
        if in_fence:
            continue
        stripped = line.strip()
        if not stripped.startswith("|"):
            table = None
        if not stripped:
            current = None
            continue
        if _HEADING.match(line):
            sections.append(Section([Block("h", number, stripped.lstrip("#").strip())], []))
            current = None
        elif stripped.startswith("|"):
            current = None
            if _TABLE_RULE.match(line):
                continue
            row = Block("row", number, stripped, _cells(stripped))
            if table is None:
                table = Table(number, [])
                sections[-1].tables.append(table)
            table.rows.append(row)
        elif _ADMONITION.match(line):
            sections[-1].blocks.append(Block("p", number, _ADMONITION.sub("", line).strip()))
            current = None
        elif _LIST_ITEM.match(line):
            current = Block("li", number, _LIST_ITEM.sub("", line, count=1).strip())
            sections[-1].blocks.append(current)
        elif current is not None:
            current.text += " " + stripped
        else:
            current = Block("p", number, stripped)
            sections[-1].blocks.append(current)
    return sections


def _cells(row: str) -> list[str]:
    inner = row.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", inner)]


def numbers(text: str, lang: str) -> list[Decimal | str]:
    """Return the numbers of a piece of Markdown, in order, as values.

    Inputs: the text and its language (``en`` or ``es``; another language
    is read as Spanish-like, decimal comma). Output: a list of
    :class:`~decimal.Decimal` values, scaled by a following ``million``,
    ``millones``, ``mil millones``…, and of strings for section numbers
    such as ``3.1.2``. Link targets, attribute lists, HTML, inline code and
    footnote marks are not read. Examples: ``en`` ``"7,786,568"`` →
    7786568; ``es`` ``"7.786.568"`` → 7786568; ``en`` ``"2.75 million"`` and
    ``es`` ``"2,75 millones"`` → 2750000; ``"5.1%"`` / ``"5,1 %"`` → 5.1.
    """
    for pattern in _NOT_TEXT:
        text = pattern.sub(" ", text)
    scales = SCALE_WORDS["en" if lang == "en" else "es"]
    values: list[Decimal | str] = []
    for match in _NUMBER.finditer(text):
        parsed = _read_number(match.group(0), lang)
        if len(parsed) == 1 and isinstance(parsed[0], Decimal):
            after = text[match.end():match.end() + 20].lower()
            for word, factor in scales:
                if re.match(rf"[\s\u00a0]*{word}\b", after):
                    parsed = [parsed[0] * factor]
                    break
        values.extend(parsed)
    return values


def _read_number(token: str, lang: str) -> list[Decimal | str]:
    if lang == "en":
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", token):
            return [Decimal(token.replace(",", ""))]
        if re.fullmatch(r"\d+(?:\.\d+)?", token):
            return [Decimal(token)]
    else:
        if re.fullmatch(r"\d{1,3}(?:[.\u00a0\u202f]\d{3})+(?:,\d+)?", token):
            return [Decimal(re.sub(r"[.\u00a0\u202f]", "", token).replace(",", "."))]
        if re.fullmatch(r"\d+(?:,\d+)?", token):
            return [Decimal(token.replace(",", "."))]
        if re.fullmatch(r"\d+\.\d{1,2}", token):  # a section number, "3.1", as in English
            return [Decimal(token)]
    if re.fullmatch(r"\d+(?:\.\d+)+", token):
        return [token]  # a section number such as 3.1.2
    return [Decimal(part) for part in re.findall(r"\d+", token)]


def link_targets(text: str) -> list[str]:
    """Return the link targets of a piece of Markdown, in order
    (``[text](target)``, ``![alt](target)`` and ``<https://…>``)."""
    found = [(m.start(), m.group(1)) for m in _LINK_TARGET.finditer(text)]
    found += [(m.start(), m.group(1)) for m in _AUTOLINK.finditer(text)]
    return [target for _, target in sorted(found)]


#: Small numbers a text may write as words instead of digits.
NUMBER_WORDS = {
    "en": ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"],
    "es": ["cero", "uno|una|un", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez"],
}


def same_figures(want: list, got: list, en_text: str, text: str, lang: str) -> bool:
    """Tell whether a translation gives the English figures.

    Inputs: the figures of the English text and of the translation (from
    :func:`numbers`), both texts and the translation's locale. The figures
    must be the same values; their order may change (Spanish word order moves
    dates: "in June 2020" → "en junio de 2020, …") and a value may be
    repeated (a title glossed in Spanish repeats its years). A whole
    number from zero to ten may be written as a word on the other side
    ("5 facts" / "cinco datos").
    """
    missing = [value for value in dict.fromkeys(want) if value not in got]
    extra = [value for value in dict.fromkeys(got) if value not in want]

    def as_word(values, text, words):
        return all(isinstance(v, Decimal) and v == v.to_integral_value() and 0 <= v <= 10
                   and re.search(rf"\b(?:{words[int(v)]})\b", text, re.IGNORECASE) for v in values)

    return as_word(missing, text, NUMBER_WORDS.get(lang, NUMBER_WORDS["es"])) and as_word(extra, en_text, NUMBER_WORDS["en"])


def same_links(want: list[str], got: list[str]) -> bool:
    """Tell whether a translation links where the English text links.

    Links into the site (``foreword.md#id``) must be the same, in the same
    order; a web address may be another page of the same organisation's
    site, such as its page in the translation's language
    (``lac.iom.int/en/…`` → ``lac.iom.int/es/…``; ``finland.iom.int`` →
    ``www.iom.int``): the last two labels of the host must match.
    """
    def key(target: str) -> str:
        host = re.match(r"^[a-z][a-z0-9+.\-]*://([^/?#:]+)", target, re.IGNORECASE)
        return "web:" + ".".join(host.group(1).lower().rstrip(".").split(".")[-2:]) if host else target

    return [key(t) for t in want] == [key(t) for t in got]


def show(values: list[Decimal | str]) -> str:
    """Write figures for a message: ``2750000, 5.1, 3.1.2`` (none: ``no figures``)."""
    if not values:
        return "no figures"
    return ", ".join(v if isinstance(v, str) else format(v.normalize(), "f") for v in values)


def difference(want: list[Decimal | str], got: list[Decimal | str]) -> str:
    """Say which figures only one side has, for a message:
    ``only in English: 506000; only in Spanish: 560000`` (each figure as
    :func:`show` writes it, repeated figures counted)."""
    english, spanish = Counter(show([v]) for v in want), Counter(show([v]) for v in got)
    parts = []
    if english - spanish:
        parts.append("only in English: " + ", ".join(sorted((english - spanish).elements())))
    if spanish - english:
        parts.append("only in the translation: " + ", ".join(sorted((spanish - english).elements())))
    return "; ".join(parts) or "the same figures in another order"


def _quote(text: str, limit: int = 280) -> str:
    text = " ".join(text.split())
    return "«" + (text if len(text) <= limit else text[: limit - 1] + "…") + "»"


_NUMBER_FIX = ("give the same figures as the English text, in Spanish format "
               "(2.75 million → 2,75 millones; 7,786,568 → 7.786.568; 5.1% → 5,1 %)")
_LINK_FIX = ("link to the same pages as the English text, in the same order (a page by its "
             "file name, e.g. foreword.md#some-id; a web address on the same site, its Spanish page if there is one)")


def compare_pages(source: str, translation: str, lang: str, source_path: str, translation_path: str) -> list[Problem]:
    """Return the content differences between an English page and its translation.

    Inputs: both pages' Markdown, the translation's locale and the paths
    named in messages (``docs/en/x.md``, ``docs/es/x.md``). Sections are
    paired in order; when their number differs, ``translation_structure``
    already reports the heading ids and nothing is compared here.
    """
    ours, theirs = parse_sections(source), parse_sections(translation)
    if len(ours) != len(theirs):
        return []
    problems: list[Problem] = []

    def problem(block: Block, en_block: Block, what: str, en_detail: str, es_detail: str, fix: str,
                severity: str = "warning") -> None:
        problems.append(Problem(translation_path, block.line, (
            f"{what} ({source_path}:{en_block.line})\n"
            f"    English: {_quote(en_block.text)}{en_detail}\n"
            f"    {'Spanish' if lang == 'es' else lang}: {_quote(block.text)}{es_detail}\n"
            f"    Fix: {fix}"), severity))

    for en, tr in zip(ours, theirs):
        kinds_match = [b.kind for b in en.blocks] == [b.kind for b in tr.blocks]
        pairs = list(zip(en.blocks, tr.blocks)) if kinds_match else []
        for en_block, block in pairs:
            want, got = numbers(en_block.text, "en"), numbers(block.text, lang)
            if not same_figures(want, got, en_block.text, block.text, lang):
                problem(block, en_block, "the figures differ from the English text",
                        f"\n      figures: {show(want)}",
                        f"\n      figures: {show(got)}\n    Differs: {difference(want, got)}", _NUMBER_FIX)
            want_links, got_links = link_targets(en_block.text), link_targets(block.text)
            if not same_links(want_links, got_links):
                problem(block, en_block, "the link targets differ from the English text",
                        f"\n      links: {', '.join(want_links) or 'none'}",
                        f"\n      links: {', '.join(got_links) or 'none'}", _LINK_FIX)
        if not kinds_match and en.blocks and tr.blocks:
            en_all = Block("section", en.blocks[0].line, en.blocks[0].text)
            tr_all = Block("section", tr.blocks[0].line, tr.blocks[0].text)
            shape = (f"this section has {_count(tr.blocks)}, the English section has {_count(en.blocks)}; "
                     "translate each paragraph and list item as one paragraph or list item")
            first = next((i for i, (a, b) in enumerate(zip(en.blocks, tr.blocks)) if a.kind != b.kind),
                         min(len(en.blocks), len(tr.blocks)) - 1)
            en_first, tr_first = en.blocks[first], tr.blocks[first]
            want = [n for b in en.blocks for n in numbers(b.text, "en")]
            got = [n for b in tr.blocks for n in numbers(b.text, lang)]
            want_links = [t for b in en.blocks for t in link_targets(b.text)]
            got_links = [t for b in tr.blocks for t in link_targets(b.text)]
            problem(tr_first, en_first, "the paragraphs and list items of this section do not pair up with the English ones; "
                    "the first that differs", "", "", shape, "info")
            if not same_figures(want, got, " ".join(b.text for b in en.blocks), " ".join(b.text for b in tr.blocks), lang):
                problem(tr_all, en_all, "the figures of this section differ from the English section",
                        f"\n      figures: {show(want)}",
                        f"\n      figures: {show(got)}\n    Differs: {difference(want, got)}", _NUMBER_FIX)
            if not same_links(want_links, got_links):
                problem(tr_all, en_all, "the link targets of this section differ from the English section",
                        f"\n      links: {', '.join(want_links) or 'none'}",
                        f"\n      links: {', '.join(got_links) or 'none'}", _LINK_FIX)
        for en_table, table in zip(en.tables, tr.tables):
            if Path(source_path).name in OWN_ORDER_PAGES:
                if len(en_table.rows) != len(table.rows):
                    problems.append(Problem(translation_path, table.line, (
                        f"this table has {len(table.rows)} rows, the English table ({source_path}:{en_table.line}) "
                        f"has {len(en_table.rows)}\n    Fix: give every English row a row, add none")))
                continue
            problems.extend(_compare_tables(en_table, table, lang, source_path, translation_path, problem))
    return sorted(problems, key=lambda p: p.line)


def _count(blocks: list[Block]) -> str:
    paragraphs = sum(b.kind == "p" for b in blocks)
    items = sum(b.kind == "li" for b in blocks)
    return f"{paragraphs} paragraph(s) and {items} list item(s)"


def _compare_tables(en: Table, tr: Table, lang, source_path, translation_path, problem) -> list[Problem]:
    if len(en.rows) != len(tr.rows):
        missing = _first_unmatched(en.rows, tr.rows, lang)
        where = (f"; the first English row without a match is line {missing.line}: {_quote(missing.text)}"
                 if missing else "")
        return [Problem(translation_path, tr.line, (
            f"this table has {len(tr.rows)} rows, the English table ({source_path}:{en.line}) has {len(en.rows)}{where}\n"
            f"    Fix: translate every row of the English table, add or remove none"))]
    found: list[Problem] = []
    for en_row, row in zip(en.rows, tr.rows):
        if len(en_row.cells) != len(row.cells):
            found.append(Problem(translation_path, row.line, (
                f"this row has {len(row.cells)} cells, the English row ({source_path}:{en_row.line}) has {len(en_row.cells)}\n"
                f"    English: {_quote(en_row.text)}\n    {'Spanish' if lang == 'es' else lang}: {_quote(row.text)}\n"
                f"    Fix: keep one | between cells, as in the English row")))
            continue
        for column, (en_cell, cell) in enumerate(zip(en_row.cells, row.cells), start=1):
            want, got = numbers(en_cell, "en"), numbers(cell, lang)
            if not same_figures(want, got, en_cell, cell, lang):
                problem(Block("cell", row.line, cell), Block("cell", en_row.line, en_cell),
                        f"the figures in column {column} of this table row differ from the English cell",
                        f"\n      figures: {show(want)}", f"\n      figures: {show(got)}", _NUMBER_FIX)
    return found


def _first_unmatched(en_rows: list[Block], tr_rows: list[Block], lang: str) -> Block | None:
    """Return the first English row whose figures no translated row has at its place."""
    tr_values = [numbers(r.text, lang) for r in tr_rows]
    for index, row in enumerate(en_rows):
        if index >= len(tr_values) or numbers(row.text, "en") != tr_values[index]:
            return row
    return None


def tree_problems(docs_dir: str | Path, default: str, others: list[str], skip_behind: bool = False) -> list[Problem]:
    """Compare every translated page with its source page.

    Inputs: the ``docs`` folder, the default locale, the other locales and
    ``skip_behind``: leave out a translation that git history shows is
    behind its English page (English first, translation later, as the
    translation guide allows: the page shows the out-of-date notice of
    ``outdated_translations.py`` instead) unless it has uncommitted changes
    (it is being translated). Output: every problem, by file and line. Pages
    without a counterpart are ``translation_structure``'s concern.
    """
    docs_dir = Path(docs_dir)
    sources = site_languages.docs_tree(docs_dir, default)
    problems: list[Problem] = []
    for locale in others:
        translations = site_languages.docs_tree(docs_dir, locale)
        for page in sorted(set(sources) & set(translations)):
            if skip_behind and _behind(docs_dir, page, default, locale):
                problems.append(Problem(f"{docs_dir.name}/{locale}/{page}", 1, (
                    f"content not compared with {docs_dir.name}/{default}/{page}: the English page changed after the "
                    "translation's last commit (see `make translations`); update the translation"), "info"))
                continue
            problems.extend(compare_pages(
                sources[page].read_text(encoding="utf-8"), translations[page].read_text(encoding="utf-8"), locale,
                f"{docs_dir.name}/{default}/{page}", f"{docs_dir.name}/{locale}/{page}"))
    return problems


def _behind(docs_dir: Path, page: str, default: str, locale: str) -> bool:
    """Tell whether git history shows the translation behind its English page
    and the translation has no uncommitted change."""
    if outdated_translations.translation_status(docs_dir, page, default, locale).state != "behind":
        return False
    path = (Path(docs_dir) / locale / page).resolve()
    try:
        dirty = subprocess.run(["git", "-C", str(path.parent), "status", "--porcelain", "--", path.name],
                               capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return True
    return not dirty
