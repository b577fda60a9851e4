"""Keep the Spanish pages to the glossary and the Spanish style guide.

These rules, checked on the Markdown source of every Spanish page (the
contributors' Spanish style guide states them):

* a glossary term is written in its preferred form: a form listed under
  ``avoid`` in ``docs/assets/data/glossary.yml`` must not appear (for example
  "Plataforma de Coordinación Interagencial" without "Regional");
* a range of years takes an en dash, never a hyphen: 2020–2024, not 2020-2024;
* quotations and words in use take « », never straight or English double
  quotes (" or “ ”);
* numbers in Spanish form: a decimal comma (3,4 millones, not 3.4
  millones) and points between thousands (7.786.568, not 7,786,568).

Code (fenced and inline), link and image addresses, HTML tags, attribute
lists (``{ lang="en" }``) and HTML comments are not prose and are not
checked; of the front matter, only the numbers and year ranges of ``title``
and ``description`` are (they show in the page's head, the search results
and the front page). Each finding is a warning naming ``docs/es/<page>:<line>``
and the fix; ``strict: true`` makes it a build failure. The numbers and
year ranges of the Spanish texts in ``docs/assets/data/`` (figures, front
page, acronyms) are checked too, naming the data file and line.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import yaml

import glossary
import site_languages

log = logging.getLogger("mkdocs.hooks.spanish_usage")

#: The language whose pages are checked.
LANG = "es"

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*\n", re.DOTALL)
_FENCE = re.compile(r"^\s*(```|~~~)")
#: Parts of a line that are not prose, replaced by spaces before checking
#: (so that columns keep their place).
_NOT_PROSE = [
    re.compile(r"`[^`]*`"),                     # inline code
    re.compile(r"<!--.*?-->"),                  # HTML comments
    re.compile(r"\]\([^)]*\)"),                 # link and image targets
    re.compile(r"<[A-Za-z/!][^>]*>"),           # HTML tags and autolinks
    re.compile(r"\{[^{}]*\}"),                  # attribute lists
    re.compile(r"https?://\S+"),                # bare addresses
]
#: Admonition syntax lines (``!!! note "Title"``): the quotes are syntax.
_ADMONITION_LINE = re.compile(r"^\s*(!!!|\?\?\?)")
_YEAR_RANGE = re.compile(r"(?<![\w/.-])((?:1[89]|20)\d\d)-((?:1[89]|20)?\d\d)(?![\w/-])")
#: A decimal point before a quantity word: "3.4 millones" (Spanish: 3,4 millones).
_DECIMAL_POINT = re.compile(r"(?<![\d.,])(\d+)\.(\d{1,2})(?=\s*(?:millones|millón|mil\b|%|por\s+ciento))")
#: Thousands grouped with commas, English style: 7,786,568 (Spanish: 7.786.568).
_COMMA_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3}){2,}(?![\d,])")
#: Front matter keys whose values are prose (shown in the page's head, in
#: search results and on the front page).
_TEXT_KEY = re.compile(r"^(?:title|description):(.*)$")


def on_pre_build(config):
    """Check the Spanish texts of the data files (MkDocs event; once per
    site build): the ``es:`` values of ``docs/assets/data/**/*.yml``
    (figures, front page, acronyms...) are shown on the Spanish pages, so
    their numbers and year ranges follow the same rules as the pages'."""
    if not site_languages.is_default_build(config):
        return
    data = Path(config.docs_dir) / "assets" / "data"
    for path in sorted(data.rglob("*.yml")):
        label = path.relative_to(Path(config.docs_dir).parent).as_posix()
        for number, message in data_problems(path.read_text(encoding="utf-8")):
            log.warning("%s:%d: %s", label, number, message)


def on_page_markdown(markdown, page, config, files):
    """Warn about every departure from the glossary and the style guide on a
    Spanish page (MkDocs event). Output: the Markdown, unchanged."""
    if site_languages.page_language(page) != LANG or site_languages.build_language(config) != LANG:
        return markdown
    avoided = avoided_forms(load_glossary(config.docs_dir))
    label = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    for number, message in usage_problems(page.file.content_string, avoided):
        log.warning("%s:%d: %s", label, number, message)
    return markdown


# ---------------------------------------------------------------------------
# Pure helpers (tests call these directly)
# ---------------------------------------------------------------------------

def load_glossary(docs_dir: str | Path) -> dict:
    """The parsed glossary data file ({} when it cannot be read: glossary.py
    reports that)."""
    try:
        data = yaml.safe_load((Path(docs_dir) / glossary.DATA).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def avoided_forms(data: dict) -> list[tuple[re.Pattern, str, str]]:
    """Return (pattern, avoided form, preferred form) for every ``avoid`` entry.

    A form matches as whole words; its first letter matches in either case
    (so "la Argentina" also catches "La Argentina"), the rest exactly as
    written (so "Red regional sobre migración" is caught and "Red Regional
    sobre Migración" is not).
    """
    forms = []
    for term in data.get("terms") or []:
        if not isinstance(term, dict):
            continue
        for form in term.get("avoid") or []:
            if not isinstance(form, str) or not form.strip():
                continue
            first, rest = form[0], re.escape(form[1:])
            head = f"[{re.escape(first.lower())}{re.escape(first.upper())}]" if first.isalpha() else re.escape(first)
            pattern = re.compile(rf"(?<!\w){head}{rest}(?!\w)")
            forms.append((pattern, form, str(term.get("es", ""))))
    return forms


def prose(line: str) -> str:
    """``line`` with its non-prose parts blanked out (same length)."""
    for pattern in _NOT_PROSE:
        line = pattern.sub(lambda match: " " * len(match.group(0)), line)
    return line


def number_problems(line: str) -> list[str]:
    """Return a message for each year range with a hyphen, decimal point
    before a quantity, or English thousands grouping in ``line`` (prose).
    Rules: the contributors' Spanish style guide (RAE: the decimal comma,
    points between thousands as our figures write them)."""
    messages = [f"range of years '{m.group(0)}' needs an en dash: '{m.group(1)}–{m.group(2)}'"
                for m in _YEAR_RANGE.finditer(line)]
    messages += [f"decimal point in '{m.group(0)}': Spanish writes '{m.group(1)},{m.group(2)}'"
                 for m in _DECIMAL_POINT.finditer(line)]
    messages += [f"thousands grouped with commas in '{m.group(0)}': Spanish writes '{m.group(0).replace(',', '.')}'"
                 for m in _COMMA_THOUSANDS.finditer(line)]
    return messages


_ES_VALUE = re.compile(r"(?:^|[{,\s])es:\s*(.*)$")


def data_problems(text: str) -> list[tuple[int, str]]:
    """Return (line number, message) for each :func:`number_problems` finding
    in the ``es:`` values of a YAML data file's text (one-line values, in
    flow mappings ``{en: ..., es: ...}`` too, and block scalars ``es: >-``
    with their indented lines)."""
    problems: list[tuple[int, str]] = []
    block_indent = None
    for number, line in enumerate(text.splitlines(), start=1):
        indent = len(line) - len(line.lstrip())
        if block_indent is not None and line.strip() and indent > block_indent:
            problems += [(number, message) for message in number_problems(line)]
            continue
        block_indent = None
        match = _ES_VALUE.search(line)
        if not match:
            continue
        value = match.group(1).strip()
        if value[:1] in ('"', "'"):
            value = value[1:].split(value[0], 1)[0]  # a quoted value, up to its closing quote
        elif "{" in line[:match.start() + 1]:
            value = re.split(r"[,}]", value, maxsplit=1)[0]  # a flow mapping: up to the next entry
        if value[:1] in (">", "|"):
            block_indent = indent
            continue
        problems += [(number, message) for message in number_problems(value)]
    return problems


def usage_problems(text: str, avoided: list[tuple[re.Pattern, str, str]]) -> list[tuple[int, str]]:
    """Return (line number, message) for each problem in a Spanish page.

    Inputs: the page's full Markdown source and :func:`avoided_forms`. Line
    numbers count from 1 at the top of the file, front matter included.
    """
    front = _FRONT_MATTER.match(text)
    skip = front.group(0).count("\n") if front else 0
    problems: list[tuple[int, str]] = []
    in_fence = False
    in_text_key = False
    for number, raw in enumerate(text.splitlines(), start=1):
        if number <= skip:
            # Front matter: only the prose of title and description, and
            # only its numbers (quotes there are YAML's).
            key = _TEXT_KEY.match(raw)
            if key or (in_text_key and raw[:1] in (" ", "\t")):
                in_text_key = True
                problems += [(number, message) for message in number_problems(prose(key.group(1) if key else raw))]
            else:
                in_text_key = False
            continue
        if _FENCE.match(raw):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        line = prose(raw)
        for pattern, form, preferred in avoided:
            if pattern.search(line):
                problems.append((number, f"write '{preferred}', not '{form}' (glossary: docs/assets/data/glossary.yml)"))
        problems += [(number, message) for message in number_problems(line)]
        if any(mark in line for mark in '"“”') and not _ADMONITION_LINE.match(raw):
            problems.append((number, "double quotes (\" or “ ”) in Spanish text: use « » (e.g. «Programa Siria»)"))
    return problems
