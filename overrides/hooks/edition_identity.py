"""The edition's identity, declared once in ``mkdocs.yml`` (``extra.edition``), checked and handed on.

``extra.edition`` says what this site is (title, subtitle, editors, status,
version) and what it is based on (``source``: IOM's publication, its
publisher, year and ISBN). Templates read it directly (the banner in
``overrides/main.html``, the footer in ``overrides/partials/copyright.html``)
and so does ``chapter_pdfs.py`` (PDF metadata and cover). This hook:

* checks, once per language build, that every field templates and hooks read
  is there, with a text for every language of the site (a missing one is a
  warning naming ``mkdocs.yml``, the field and the fix; ``--strict`` fails);
* sets ``site_author`` (Material's ``<meta name="author">``) to the editors
  in the language being built, so no copy of it sits in ``mkdocs.yml``, and
  checks that ``site_name`` (each language's) contains the edition's title;
* replaces placeholders such as ``{{ edition.status }}`` or
  ``{{ edition.source.isbn }}`` in Markdown pages with the value in the
  page's language (the About pages state the identity this way). A
  placeholder naming an unknown field is a warning naming the file, the line
  and the fields that exist. A placeholder between backticks is left alone,
  so the guides for contributors can show the syntax.
"""

from __future__ import annotations

import logging
import re

from mkdocs.plugins import event_priority

import site_languages

log = logging.getLogger("mkdocs.hooks.edition_identity")

#: Fields of ``extra.edition`` that templates and hooks read. ``True``: a text
#: per language (``{en: ..., es: ...}``); ``False``: one value for all.
REQUIRED = {
    "title": True,
    "subtitle": True,
    "short_title": True,
    "editor": True,
    "status": True,
    "published": False,
    "version": False,
    "source.title": False,
    "source.title_es": False,
    "source.publisher": True,
    "source.place": False,
    "source.year": False,
    "source.isbn": False,
    "source.url": False,
    "source.rights": True,
}

_PLACEHOLDER = re.compile(r"(`?)\{\{\s*edition\.([A-Za-z0-9_.]+)\s*\}\}(`?)")


@event_priority(-110)  # after mkdocs-static-i18n (-100) has set the language of this build
def on_config(config):
    """Check ``extra.edition`` and set ``site_author`` for the language being built (MkDocs event)."""
    edition = (config.extra or {}).get("edition")
    langs = site_languages.languages(config)
    for problem in check_edition(edition, langs):
        log.warning("mkdocs.yml: extra.edition: %s", problem)
    if isinstance(edition, dict):
        lang = site_languages.build_language(config)
        editor = field(edition, "editor", lang)
        if isinstance(editor, str):
            config["site_author"] = editor
        title = field(edition, "title", lang)
        if isinstance(title, str) and title not in (config.site_name or ""):
            log.warning("mkdocs.yml: site_name %r (language '%s') does not contain the edition's title %r "
                        "(extra.edition.title.%s): make them agree", config.site_name, lang, title, lang)
    return config


def on_page_markdown(markdown, page, config, files):
    """Replace ``{{ edition.<field> }}`` placeholders in a page (MkDocs event)."""
    edition = (config.extra or {}).get("edition") or {}
    lang = site_languages.page_language(page) or site_languages.build_language(config)
    text, problems = fill_placeholders(markdown, edition, lang)
    offset = front_matter_lines(getattr(page.file, "content_string", "") or "") if problems else 0
    for line, problem in problems:
        log.warning("docs/%s:%d: %s", _source_path(page), line + offset, problem)
    return text


# ---------------------------------------------------------------------------
# Pure helpers (tests call these directly)
# ---------------------------------------------------------------------------

def _source_path(page) -> str:
    file = getattr(page, "file", None)
    return getattr(file, "src_uri", None) or getattr(file, "src_path", "?")


def front_matter_lines(source: str) -> int:
    """Return how many lines of a Markdown file precede its body (its YAML
    front matter, as MkDocs strips it), so line numbers name the file's line."""
    from mkdocs.utils.meta import get_data

    body, _ = get_data(source)
    return source[: len(source) - len(body)].count("\n") if source.endswith(body) else 0


def field(edition: dict, name: str, lang: str):
    """Return one field of the identity in a language.

    Inputs: ``extra.edition`` as data, a dotted field name (``"status"``,
    ``"source.isbn"``) and a locale. Output: the value; a per-language text
    (a dict with locale keys) gives the text of ``lang``. None when the
    field, or its text in ``lang``, is missing.
    """
    value = edition
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    if isinstance(value, dict):
        return value.get(lang) if isinstance(value.get(lang), (str, int, float)) else None
    return value


def check_edition(edition, langs: list[str]) -> list[str]:
    """Return what is missing from ``extra.edition`` (empty when complete).

    Inputs: the ``extra.edition`` mapping of mkdocs.yml (or None) and the
    site's locales. Each field of :data:`REQUIRED` must be present and
    non-empty; per-language fields need a text for every locale. Each
    problem names the field and says how to fix it.
    """
    if not isinstance(edition, dict):
        return ["missing: add an 'edition:' block under 'extra:' (title, subtitle, short_title, editor, "
                "status, published, version, source); see README, 'The edition's identity'"]
    problems = []
    for name, per_language in REQUIRED.items():
        value = edition
        for part in name.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if per_language:
            if not isinstance(value, dict):
                problems.append(f"'{name}' is missing: give it a text per language ({', '.join(f'{lang}: ...' for lang in langs)})")
                continue
            for lang in langs:
                if not str(value.get(lang) or "").strip():
                    problems.append(f"'{name}' has no text for '{lang}': add '{lang}: ...' under '{name}'")
        elif value is None or isinstance(value, (dict, list)) or not str(value).strip():
            problems.append(f"'{name}' is missing or empty: give it one value (the same in every language)")
    return problems


def fill_placeholders(markdown: str, edition: dict, lang: str) -> tuple[str, list[tuple[int, str]]]:
    """Replace ``{{ edition.<field> }}`` with the field's value in ``lang``.

    Inputs: a page's Markdown, ``extra.edition`` and the page's locale.
    Output: (the Markdown with placeholders filled, [(line number, problem)]).
    A placeholder between backticks (`` `{{ edition.status }}` ``) is kept as
    written; one naming an unknown field is kept and reported.
    """
    problems: list[tuple[int, str]] = []

    def replace(match: re.Match) -> str:
        if match.group(1) and match.group(3):
            return match.group(0)
        name = match.group(2)
        value = field(edition, name, lang)
        if value is None or isinstance(value, (dict, list)):
            line = markdown.count("\n", 0, match.start()) + 1
            known = ", ".join(sorted(REQUIRED))
            problems.append((line, f"'{{{{ edition.{name} }}}}' names no field of extra.edition in mkdocs.yml "
                                   f"(or it has no '{lang}' text); use one of: {known}"))
            return match.group(0)
        return match.group(1) + str(value) + match.group(3)

    return _PLACEHOLDER.sub(replace, markdown), problems
