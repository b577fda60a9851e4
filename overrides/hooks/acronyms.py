"""Acronyms from one data file: the Acronyms page, hover titles and first-use expansions.

``docs/assets/data/acronyms.yml`` holds every acronym the pages use, with its
form in each language (IOM/OIM, SDG/ODS) and its expansion in each language.
This hook

* replaces the marker line ``<!-- acronyms -->`` of the Acronyms page with the
  table of acronyms in the page's language, sorted by the acronym readers see;
* appends, to every other page about the strategy, the ``abbr`` extension's
  definitions (``*[SACM]: South American Conference on Migration``) for the
  acronyms that page uses, so each one carries its expansion on hover
  (``<abbr title>``);
* writes the expansion out after the first use of each acronym on a page
  ("SACM (South American Conference on Migration)"), unless the page already
  spells it out somewhere: keyboard and screen-reader users read it without a
  Tab stop per acronym (WCAG 3.1.4, abbreviations);
* fails the build (a warning, which ``strict`` makes fatal) when the data is
  malformed, when a page uses an acronym the data lacks (naming the page and
  line), or when the data holds one that no page of the language uses
  (naming the entry's line).

Pages of the contributors' guides and the Acronyms page itself are left alone.
The checks are plain functions over ``docs/`` (:func:`acronym_problems`) so
they run without MkDocs too.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

import site_languages

log = logging.getLogger("mkdocs.hooks.acronyms")

#: The data file, relative to the ``docs`` folder.
DATA = "assets/data/acronyms.yml"
#: The marker line the Acronyms page holds where its table goes.
MARKER = "<!-- acronyms -->"
#: Pages (paths inside a language folder) the hook leaves alone.
SKIP_PREFIXES = ("contributors/", "acronyms.md")

#: Table headers per language; other languages fall back to English.
HEADERS = {
    "en": ("Acronym", "Meaning"),
    "es": ("Sigla", "Significado", "Sigla en inglés"),
}


def on_pre_build(config):
    """Check the data file and every page of the language being built (the
    data's unused entries once, in the default language's build)."""
    docs = Path(config.docs_dir)
    lang = site_languages.build_language(config)
    check_unused = site_languages.is_default_build(config)
    for problem in acronym_problems(docs, lang, site_languages.languages(config), check_unused):
        log.warning("%s", problem)


def on_page_markdown(markdown, page, config, files):
    """Fill the Acronyms page's table; give other pages their abbr definitions."""
    if _skipped(page.file.src_uri) and MARKER not in markdown:
        return markdown
    entries, _ = load_entries(Path(config.docs_dir) / DATA)
    lang = site_languages.page_language(page) or site_languages.build_language(config)
    if MARKER in markdown:
        return "\n".join(acronym_table(entries, lang) if line.strip() == MARKER else line
                         for line in markdown.split("\n"))
    definitions = abbr_definitions(entries, markdown, lang)
    return markdown + ("\n\n" + definitions + "\n" if definitions else "")


def on_page_content(html, page, config, files):
    """Write each acronym's expansion out after its first use on the page."""
    if _skipped(page.file.src_uri):
        return html
    entries, _ = load_entries(Path(config.docs_dir) / DATA)
    lang = site_languages.page_language(page) or site_languages.build_language(config)
    return expand_first_uses(wrap_in_generated_html(html, entries, lang))


def on_post_page(output, page, config):
    """Give the acronyms that templates added to the article after the
    metadata block (the front page's key facts and contents) their
    ``<abbr title>``, like those of the text."""
    if _skipped(page.file.src_uri):
        return output
    start = output.find('<article class="md-content__inner')
    meta = output.find('<section class="page-meta"', start)
    if meta >= 0:
        start = output.find("</section>", meta)
    end = output.find("</article>", start)
    if start < 0 or end < 0:
        return output
    entries, _ = load_entries(Path(config.docs_dir) / DATA)
    lang = site_languages.page_language(page) or site_languages.build_language(config)
    return output[:start] + wrap_in_generated_html(output[start:end], entries, lang) + output[end:]


# ---------------------------------------------------------------------------
# Pure helpers (tests and tools call these directly)
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Acronym:
    """One entry of the data file."""

    en: str
    es: str
    name: dict
    line: int  # 1-based line of the entry in the data file

    def form(self, lang: str) -> str:
        """The acronym as written on pages in ``lang``."""
        return self.es if lang == "es" else self.en

    def expansion(self, lang: str) -> str:
        """The expansion in ``lang`` (English when there is none)."""
        return self.name.get(lang) or self.name["en"]


def load_entries(path: Path) -> tuple[list[Acronym], list[str]]:
    """Read the data file's acronyms (see :func:`load_data`)."""
    entries, _, problems = load_data(path)
    return entries, problems


def load_data(path: Path) -> tuple[list[Acronym], set[str], list[str]]:
    """Read the data file.

    Input: the path of ``acronyms.yml``. Output: the valid entries; the words
    listed under ``not_acronyms`` (codes and units such as USD or ISBN, which
    look like acronyms but need no expansion); and one problem per malformed
    entry or file, each starting ``docs/assets/data/acronyms.yml:LINE:`` and
    saying what to write instead. Never raises.
    """
    label = f"docs/{DATA}"
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as error:
        return [], set(), [f"{label}: cannot read the acronyms ({error})"]
    if not isinstance(data, dict) or not isinstance(data.get("acronyms"), list):
        return [], set(), [f"{label}:1: must hold an 'acronyms:' list of entries (en: ..., name: {{en: ..., es: ...}})"]
    nodes = next(value for key, value in root.value if key.value == "acronyms").value
    entries, problems, seen = [], [], {}
    for node, item in zip(nodes, data["acronyms"]):
        line = node.start_mark.line + 1
        where = f"{label}:{line}"
        if not isinstance(item, dict) or not isinstance(item.get("en"), str) or not item["en"].strip():
            problems.append(f"{where}: an entry needs 'en: ACRONYM'")
            continue
        name = item.get("name")
        if not (isinstance(name, dict) and all(isinstance(name.get(k), str) and name[k].strip() for k in ("en", "es"))):
            problems.append(f"{where}: '{item['en']}' needs 'name:' with an 'en:' and an 'es:' expansion")
            continue
        unknown = set(item) - {"en", "es", "name"}
        if unknown:
            problems.append(f"{where}: '{item['en']}' has unknown field(s) {', '.join(sorted(unknown))} (allowed: en, es, name)")
        entry = Acronym(item["en"].strip(), str(item.get("es") or item["en"]).strip(), name, line)
        for lang in ("en", "es"):
            key = (lang, entry.form(lang))
            if key in seen:
                problems.append(f"{where}: '{entry.form(lang)}' ({lang}) is already defined at line {seen[key]}")
            seen[key] = line
        entries.append(entry)
    ignored = set()
    for item in data.get("not_acronyms") or []:
        if isinstance(item, dict) and isinstance(item.get("word"), str) and item.get("why"):
            ignored.add(item["word"])
        else:
            problems.append(f"{label}: not_acronyms: each item needs 'word: ...' and 'why: ...' (got {item!r})")
    return entries, ignored, problems


def _skipped(src_uri: str) -> bool:
    inner = src_uri.split("/", 1)[1] if src_uri.split("/", 1)[0] in ("en", "es") else src_uri
    return inner.startswith(SKIP_PREFIXES) or src_uri.startswith(SKIP_PREFIXES)


#: A word that looks like an acronym: at least two capitals (R4V, MiGOF, COVID-19).
_TOKEN = re.compile(r"(?<![\w/.#@-])([A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*(?:-\d+)?)(?![\w/@])")
_ROMAN = re.compile(r"^[IVXLC]+$")
#: What is not prose: front matter is cut first; then code, link targets,
#: HTML tags, attribute lists, URLs and abbr definitions.
_NOT_PROSE = re.compile(
    r"`[^`]*`|\]\([^)]*\)|<[^>]+>|\{[^}]*\}|https?://\S+|^\*\[.*$|^\s*\[[^\]]+\]:.*$",
    re.MULTILINE)


def prose_lines(markdown: str) -> list[tuple[int, str]]:
    """Return the prose of a Markdown source as ``(line number, text)`` pairs.

    Input: a page's full source. Output: its lines (1-based numbers) with
    front matter, fenced code, inline code, link targets, HTML tags, attribute
    lists and URLs blanked out, so only words a reader sees remain.
    """
    lines = markdown.split("\n")
    out, fenced, start = [], False, 0
    if lines and lines[0].strip() == "---":
        for index in range(1, len(lines)):
            if lines[index].strip() in ("---", "..."):
                start = index + 1
                break
    for number, line in enumerate(lines[start:], start=start + 1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if not fenced:
            out.append((number, _NOT_PROSE.sub(" ", line)))
    return out


def _looks_like_acronym(word: str) -> bool:
    """At least two capitals, more capitals and digits than small letters,
    not a Roman numeral: SACM, R4V, MiGOF, COVID-19; not ReliefWeb or XVIII."""
    small = sum(c.islower() for c in word)
    return not _ROMAN.match(word) and len(word) - small > small


def used_acronyms(markdown: str, entries: list[Acronym], lang: str,
                  ignored: frozenset | set = frozenset()) -> tuple[dict, list[tuple[int, str]]]:
    """Find the acronyms a page uses.

    Inputs: a page's source, the entries, the page's language. Output: a dict
    form → entry of the known acronyms found (the page language's form, or the
    English form, e.g. in an English title on a Spanish page), and a list of
    ``(line, word)`` for acronym-like words that are in no entry nor in
    ``ignored``. Roman numerals (XVIII) and CamelCase names are not acronyms.
    """
    forms: dict[str, Acronym] = {}
    for entry in entries:
        forms.setdefault(entry.form(lang), entry)
    for entry in entries:  # the other language's form, e.g. in a quoted title
        forms.setdefault(entry.en, entry)
        forms.setdefault(entry.es, entry)
    # Longest first, so "UN DESA" is taken before "UN".
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
                         + r")(s?)(?!\w)") if forms else None
    found, unknown = {}, []
    for number, text in prose_lines(markdown):
        if pattern:
            for match in pattern.finditer(text):
                found[match.group(1)] = forms[match.group(1)]
            text = pattern.sub(" ", text)
        for match in _TOKEN.finditer(text):
            word = match.group(1)
            if _looks_like_acronym(word) and word not in ignored:
                unknown.append((number, word))
    return found, unknown


def acronym_problems(docs: Path, lang: str, langs: list[str] | None = None, check_unused: bool = True) -> list[str]:
    """Return every acronym problem of one language's pages and of the data.

    Inputs: the ``docs`` folder, the locale whose pages to check, all locales
    (default: ``[lang]``) and whether to report unused entries. Output:
    readable problems, each naming a file and line: malformed data entries;
    pages of ``docs/<lang>/`` (except the guides and the Acronyms page) using
    an acronym that is not in the data, with the fix; and, if
    ``check_unused``, entries no page of any locale uses.
    """
    entries, ignored, problems = load_data(docs / DATA)
    used: set[str] = set()
    for locale in langs or [lang]:
        folder = docs / locale
        for path in sorted(folder.rglob("*.md")):
            inner = path.relative_to(folder).as_posix()
            if inner.startswith(SKIP_PREFIXES):
                continue
            found, unknown = used_acronyms(path.read_text(encoding="utf-8"), entries, locale, ignored)
            used.update(entry.en for entry in found.values())
            if locale != lang:
                continue
            for number, word in unknown:
                problems.append(
                    f"docs/{locale}/{inner}:{number}: '{word}' looks like an acronym but is not in docs/{DATA}: "
                    "add it there (en, es, name), or to not_acronyms if it needs no expansion, or write the words out")
    if check_unused:
        for entry in entries:
            if entry.en not in used:
                problems.append(
                    f"docs/{DATA}:{entry.line}: '{entry.en}' is used on no page: "
                    "remove the entry, or use the acronym on a page")
    return problems


def acronym_table(entries: list[Acronym], lang: str) -> str:
    """Return the Markdown table of all acronyms in ``lang``.

    Output: rows sorted by the acronym as readers of ``lang`` see it; a
    Spanish table adds the English acronym in a third column (marked
    ``lang="en"``) so readers can match English sources.
    """
    headers = HEADERS.get(lang, HEADERS["en"])
    rows = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for entry in sorted(entries, key=lambda e: e.form(lang).upper()):
        cells = [entry.form(lang), _cell(entry.expansion(lang))]
        if len(headers) == 3:
            cells.append(f'<span lang="en">{entry.en}</span>')
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def abbr_definitions(entries: list[Acronym], markdown: str, lang: str) -> str:
    """Return the ``abbr`` extension's definition lines for the acronyms a page uses.

    Output: one ``*[FORM]: expansion`` line per form found (plural ``SDGs``
    included), expansions in the page's language; empty when none is used.
    """
    found, _ = used_acronyms(markdown, entries, lang)
    lines = []
    for form, entry in sorted(found.items()):
        expansion = entry.expansion(lang).replace("]", ")")
        lines.append(f"*[{form}]: {expansion}")
        if re.search(rf"(?<![\w-]){re.escape(form)}s(?![\w-])", markdown):
            lines.append(f"*[{form}s]: {expansion}")
    return "\n".join(lines)


_PIECES = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
#: Elements whose text is never wrapped: already an acronym, code, or not prose.
_NO_WRAP = ("abbr", "code", "pre", "svg", "script", "style", "textarea")


def wrap_in_generated_html(html: str, entries: list[Acronym], lang: str) -> str:
    """Wrap the acronyms that the ``abbr`` extension did not see in ``<abbr title>``.

    Hooks insert some content as HTML (figures, the front page's cover and key
    facts, citations), which Markdown's ``abbr`` extension leaves alone. Input:
    a page's rendered content, the entries and the page's language. Output:
    the same HTML with every known acronym in its text wrapped, except text
    already inside ``<abbr>``, code, SVG charts (the chart's table repeats
    them) and scripts.
    """
    forms: dict[str, Acronym] = {}
    for entry in entries:
        forms.setdefault(entry.form(lang), entry)
        forms.setdefault(entry.en, entry)
    if not forms:
        return html
    word = re.compile(r"(?<![\w-])(" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(s?)(?!\w)")

    def wrap(match):
        title = html_lib.escape(forms[match.group(1)].expansion(lang))
        return f'<abbr title="{title}">{match.group(1)}{match.group(2)}</abbr>'

    parts = _PIECES.split(html)
    open_tags: list[str] = []
    for index, part in enumerate(parts):
        if index % 2:
            name = re.match(r"<(/?)([a-zA-Z][\w-]*)", part)
            if name and name.group(2).lower() in _NO_WRAP and not part.endswith("/>"):
                if name.group(1):
                    if open_tags and open_tags[-1] == name.group(2).lower():
                        open_tags.pop()
                else:
                    open_tags.append(name.group(2).lower())
        elif part and not open_tags:
            parts[index] = word.sub(wrap, part)
    return "".join(parts)


_ABBR = re.compile(r'<abbr title="([^"]*)">([^<]+)</abbr>')
_HEADING = re.compile(r"<h([1-6])\b.*?</h\1>", re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")


#: Words of an expansion that say little: left out when comparing it with the text.
_MINOR_WORDS = frozenset("a an and de del des do el en for in la las los of on para por the to y".split())
#: After an acronym, a capitalised word, perhaps after a preposition: the
#: acronym is part of a longer name ("UN High Commissioner", "IOM
#: Argentina", «la Agencia de la ONU para los Refugiados»).
_NAME_GOES_ON = re.compile(r"\s+(?:(?:para|de|del|for|of)\s+(?:(?:los|las|la|el|the)\s+)?)?(?:<[^>]+>)*"
                           r"[A-ZÁÉÍÓÚÑ][a-záéíóúñ]")
#: How much text before an acronym is compared with its expansion (characters).
_BEFORE = 160


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.casefold()) if w not in _MINOR_WORDS and len(w) > 1}


def spelled_out_before(title: str, before: str) -> bool:
    """Return True when the text just before an acronym already gives its
    name, in other words or with a qualifier left out: at least three
    quarters of the expansion's words (``title``, without a closing
    qualifier in brackets such as ``(Colombia)``, and without minor words
    such as *of*, *de*) are among the last ``_BEFORE`` characters of text
    before it (``before``, HTML). Example: "United Nations High Commissioner
    for Refugees (UNHCR)" gives "Office of the United Nations High
    Commissioner for Refugees"."""
    core = _words(re.sub(r"\s*\([^()]*\)\s*$", "", title))
    if not core:
        return False
    # Shorter acronyms in it count with their expansions: "the UN High
    # Commissioner (UNHCR" gives "United Nations" (not the other way round).
    tail = before[-4 * _BEFORE:]
    shorter = [name for name in (html_lib.unescape(m.group(1)) for m in _ABBR.finditer(tail)) if len(name) < len(title)]
    near = _words(html_lib.unescape(_TAGS.sub(" ", tail))[-_BEFORE:]) | _words(" ".join(shorter))
    return len(core & near) >= 0.75 * len(core)


def expand_first_uses(html: str) -> str:
    """Write out each acronym's expansion after its first use outside headings.

    Input: a page's rendered content, whose acronyms the ``abbr`` extension
    wrapped in ``<abbr title="expansion">``. Output: the same HTML with
    `` (expansion)`` after the first use of each acronym, or
    ``, expansion`` when that use already stands in parentheses, or
    `` (expansion; `` when brackets already follow it. An acronym
    whose expansion already appears in the page's text, or whose name the
    text just before it gives (:func:`spelled_out_before`), is left as it is;
    a use inside a longer name ("the UN High Commissioner") is passed over
    for the next one.
    """
    text = " ".join(html_lib.unescape(_TAGS.sub(" ", html)).split()).casefold()
    headings = [match.span() for match in _HEADING.finditer(html)]
    done: set[str] = set()
    # Each use outside headings, and whether it is inside a longer name.
    uses = [(m, bool(_NAME_GOES_ON.match(html, m.end()))) for m in _ABBR.finditer(html)
            if not any(start <= m.start() < end for start, end in headings)]
    # Acronyms used at least once on their own, not inside a longer name.
    free = {m.group(2) for m, in_name in uses if not in_name}
    pieces, last = [], 0
    for match, in_name in uses:
        title, word = html_lib.unescape(match.group(1)), match.group(2)
        if word in done:
            continue
        if word in free and in_name:
            continue  # "the UN High Commissioner": part of a longer name; expand a later use
        done.add(word)
        if " ".join(title.split()).casefold() in text or spelled_out_before(title, html[:match.start()]):
            continue
        after = html[match.end():]
        expansion = f'<span class="acronym-expansion">{html_lib.escape(title)}</span>'
        skip = 0
        if html[:match.start()].endswith("(") and after.startswith(")"):
            addition = f", {expansion}"  # "(SACM)" → "(SACM, South American …)"
        elif after.startswith(" ("):
            addition, skip = f" ({expansion}; ", 2  # "OIM (véase" → "OIM (Organización …; véase"
        else:
            addition = f" ({expansion})"
        pieces.append(html[last:match.end()] + addition)
        last = match.end() + skip
    pieces.append(html[last:])
    return "".join(pieces)


def _cell(text: str) -> str:
    return " ".join(html_lib.escape(str(text), quote=False).split()).replace("|", "\\|")
