"""Render the glossary page from one data file.

The English → Spanish glossary lives in ``docs/assets/data/glossary.yml``
(terms with their status and sources; the file's header explains the
fields). A page asks for it with a line holding only a marker:

* ``<!-- glossary -->``: the table of terms (English | Español | notes);
* ``<!-- glossary-sources -->``: the list of the sources the codes stand for.

This hook replaces each marker with Markdown in the page's language (the
language of its file, so an untranslated page stays English), before
MkDocs renders it; the page's own headings stay in the page, so the English
and Spanish glossary pages have the same shape. Without the hook the markers
are HTML comments and show nothing.

Problems in the data file (YAML that does not parse, a missing field, an
unknown status or source code) are warnings naming the file and the entry,
which ``strict: true`` makes build failures.
"""

from __future__ import annotations

import html as html_lib
import logging
from pathlib import Path

import yaml

import site_languages

log = logging.getLogger("mkdocs.hooks.glossary")

#: The data file, relative to the ``docs`` folder.
DATA = "assets/data/glossary.yml"
#: Marker lines replaced by the table and by the list of sources.
TABLE_MARKER = "<!-- glossary -->"
SOURCES_MARKER = "<!-- glossary-sources -->"
#: Allowed values of ``status``.
STATUSES = ("confirmed", "unchecked", "uncertain")

#: Interface text per language; other languages fall back to English.
LABELS = {
    "en": {
        "header": ("English", "Español", "Notes"),
        "confirmed": "Confirmed, seen in",
        "avoid": "Not:",
        "unchecked": "Unchecked: standard IOM and UN usage.",
        "uncertain": "Uncertain: check before relying on it.",
    },
    "es": {
        "header": ("Inglés", "Español", "Notas"),
        "confirmed": "Confirmado, visto en",
        "avoid": "No:",
        "unchecked": "Sin cotejar: uso habitual de la OIM y las Naciones Unidas.",
        "uncertain": "Dudoso: verificar antes de usarlo.",
    },
}


def on_page_markdown(markdown, page, config, files):
    """Replace the glossary markers of a page with Markdown (MkDocs event).

    Inputs: the page's Markdown, the page and the config. Output: the
    Markdown with each marker line replaced; pages without a marker are
    returned unchanged and the data file is not read.
    """
    if TABLE_MARKER not in markdown and SOURCES_MARKER not in markdown:
        return markdown
    path = Path(config.docs_dir) / DATA
    label = f"docs/{DATA}"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        log.warning("%s: cannot read the glossary (%s); %s shows no glossary", label, error, page.file.src_uri)
        return markdown
    for problem in glossary_problems(data):
        log.warning("%s: %s", label, problem)
    lang = site_languages.page_language(page) or site_languages.build_language(config)
    return expand_markers(markdown, data if isinstance(data, dict) else {}, lang)


# ---------------------------------------------------------------------------
# Pure helpers (tests call these directly)
# ---------------------------------------------------------------------------

def glossary_problems(data) -> list[str]:
    """Return what is wrong with the glossary data, as readable sentences.

    Input: the parsed YAML. Output: one problem per line (empty when valid),
    each naming the entry (``term 3 ('border management')``) and the fix.
    """
    if not isinstance(data, dict) or not isinstance(data.get("terms"), list):
        return ["must hold a 'terms:' list (and a 'sources:' mapping)"]
    sources = data.get("sources") or {}
    problems = []
    for code, source in sources.items():
        if not (isinstance(source, dict) and isinstance(source.get("url"), str)
                and isinstance(source.get("name"), dict) and source["name"].get("en")):
            problems.append(f"source {code}: needs 'name: {{en: ..., es: ...}}' and 'url: ...'")
    for number, term in enumerate(data["terms"], start=1):
        if not isinstance(term, dict):
            problems.append(f"term {number}: must be 'en: ..., es: ..., status: ...' lines")
            continue
        name = f"term {number} ({term.get('en')!r})"
        for field in ("en", "es", "status"):
            if not isinstance(term.get(field), str) or not term[field].strip():
                problems.append(f"{name}: '{field}' is missing")
        if term.get("status") not in STATUSES and isinstance(term.get("status"), str):
            problems.append(f"{name}: status '{term['status']}' is not one of {', '.join(STATUSES)}")
        codes = term.get("sources") or []
        if term.get("status") == "confirmed" and not codes:
            problems.append(f"{name}: a confirmed term needs 'sources: [CODE]'")
        for code in codes:
            if code not in sources:
                problems.append(f"{name}: unknown source code '{code}': add it under 'sources:'")
        avoid = term.get("avoid")
        if avoid is not None and not (isinstance(avoid, list) and all(isinstance(f, str) and f.strip() for f in avoid)):
            problems.append(f"{name}: 'avoid' must be a list of forms, e.g. avoid: [\"pie de imprenta\"]")
        elif avoid and term.get("es") in avoid:
            problems.append(f"{name}: 'avoid' lists the preferred form '{term['es']}' itself")
        note = term.get("note")
        if note is not None and not (isinstance(note, dict) and note.get("en")):
            problems.append(f"{name}: 'note' must be {{en: ..., es: ...}}")
    return problems


def _cell(text: str) -> str:
    """Make text safe inside a Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _in_language(text: str, text_lang: str, page_lang: str) -> str:
    """A table cell whose text is marked with its language when it differs
    from the page's (WCAG 3.1.2, language of parts)."""
    cell = _cell(html_lib.escape(text, quote=False))
    return cell if text_lang == page_lang else f'<span lang="{text_lang}">{cell}</span>'


def _localized(value, lang: str) -> str:
    if isinstance(value, dict):
        return value.get(lang) or value.get("en") or ""
    return value or ""


def glossary_table(data: dict, lang: str) -> str:
    """Return the Markdown table of the glossary's terms in ``lang``.

    Input: the parsed data file (valid or not: incomplete entries are
    skipped) and a locale. Output: a table English | Español | notes whose
    notes give the status, links to the sources (``#source-<code>`` on the
    same page) and the entry's note.
    """
    labels = LABELS.get(lang, LABELS["en"])
    rows = ["| " + " | ".join(labels["header"]) + " |", "|---|---|---|"]
    for term in data.get("terms") or []:
        if not isinstance(term, dict) or not term.get("en") or not term.get("es"):
            continue
        status = term.get("status")
        if status == "confirmed":
            codes = ", ".join(f"[{code}](#source-{str(code).lower()})" for code in term.get("sources") or [])
            notes = f"{labels['confirmed']} {codes}."
        else:
            notes = labels.get(status, "")
        extra = _localized(term.get("note"), lang)
        if extra:
            notes = f"{notes} {extra}".strip()
        avoid = [form for form in term.get("avoid") or [] if isinstance(form, str)]
        if avoid:
            forms = ", ".join(f"«{html_lib.escape(form, quote=False)}»" for form in avoid)
            notes = f"{notes} {labels['avoid']} {forms}.".strip()
        english = _in_language(term["en"], "en", lang)
        spanish = _in_language(term["es"], "es", lang)
        rows.append(f"| {english} | {spanish} | {_cell(notes)} |")
    return "\n".join(rows)


def glossary_sources(data: dict, lang: str) -> str:
    """Return a Markdown list of the sources, each with the id ``source-<code>``.

    Input: the parsed data file and a locale. Output: one list item per
    source code used by at least one term, in code order.
    """
    used = {code for term in data.get("terms") or [] if isinstance(term, dict) for code in term.get("sources") or []}
    items = []
    for code, source in sorted((data.get("sources") or {}).items()):
        if code not in used or not isinstance(source, dict):
            continue
        items.append(f"- **{code}**{{ #source-{code.lower()} }}: [{_localized(source.get('name'), lang)}]({source.get('url', '')})")
    return "\n".join(items)


def expand_markers(markdown: str, data: dict, lang: str) -> str:
    """Replace each marker line of ``markdown`` with the glossary in ``lang``."""
    lines = []
    for line in markdown.splitlines():
        if line.strip() == TABLE_MARKER:
            lines.append(glossary_table(data, lang))
        elif line.strip() == SOURCES_MARKER:
            lines.append(glossary_sources(data, lang))
        else:
            lines.append(line)
    return "\n".join(lines) + ("\n" if markdown.endswith("\n") else "")
