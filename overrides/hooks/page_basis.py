"""Put one short note under every page title saying what the page is based on.

The strategy's body text could not be read for this guide, so each page rests
on some mix of: the strategy's own pages that could be read, IOM's
descriptions of the strategy, and background from other sources. Instead of
repeating disclaimers in the prose, a page declares its basis once, in its
front matter::

    basis: [iom-description, background]

and this hook writes the note, in the page's language, right under the H1:
"Based on IOM's descriptions of the strategy and background in boxes. About
the sources" (the last words link to the About page's explanation). The words come from ``docs/assets/data/page-basis.yml`` (one
entry per value, in English and Spanish), so the note is the same on every
page and in both languages.

Problems (a value the data file does not list, a page without an H1, a data
file that does not parse) are warnings naming the file, which ``strict:
true`` makes build failures. ``front_matter.py`` validates the key with
:func:`basis_problems`.
"""

from __future__ import annotations

import logging
import posixpath
from functools import lru_cache
from pathlib import Path

import yaml

import site_languages

log = logging.getLogger("mkdocs.hooks.page_basis")

#: The data file, relative to the ``docs`` folder.
DATA = "assets/data/page-basis.yml"
#: The front matter key.
KEY = "basis"
#: CSS class of the note's paragraph (``site.css`` styles it).
CSS_CLASS = "page-basis"


def on_page_markdown(markdown, page, config, files):
    """Insert the basis note under the page's H1 (MkDocs event).

    Inputs: the page's Markdown, the page (its ``meta`` holds the parsed
    front matter) and the config. Output: the Markdown with the note after
    the first ``# `` line; unchanged when the page declares no basis.
    """
    values = page.meta.get(KEY)
    if values is None:
        return markdown
    data = load_data(config.docs_dir)
    if data is None:
        log.warning("docs/%s: cannot be read or does not parse; %s gets no basis note", DATA, page.file.src_uri)
        return markdown
    if basis_problems(values, data):
        return markdown  # front_matter.py reports the problem, naming the file
    lang = site_languages.page_language(page) or site_languages.build_language(config)
    link = about_link(page.file.src_uri, data.get("explained_at", ""))
    result = insert_note(markdown, basis_note(as_list(values), data, lang, link))
    if result is None:
        log.warning("docs/%s: has no '# Title' line; the basis note needs one", page.file.src_uri)
        return markdown
    return result


# ---------------------------------------------------------------------------
# Pure helpers (tests and front_matter.py call these directly)
# ---------------------------------------------------------------------------

@lru_cache(maxsize=8)
def _load(path: str, mtime: float):
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def load_data(docs_dir: str | Path) -> dict | None:
    """Return the parsed data file of ``docs_dir``, or None when it is missing
    or does not parse (cached while the file is unchanged)."""
    path = Path(docs_dir) / DATA
    try:
        data = _load(str(path), path.stat().st_mtime)
    except (OSError, yaml.YAMLError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("values"), dict) else None


def known_values(data: dict | None) -> list[str]:
    """The values ``basis`` may take, in the order the note lists them."""
    return list((data or {}).get("values") or {})


def as_list(values) -> list:
    """``basis`` as a list: a single value may be written without brackets."""
    return list(values) if isinstance(values, (list, tuple)) else [values]


def basis_problems(values, data: dict | None) -> list[str]:
    """Return what is wrong with a page's ``basis`` value, as sentences.

    Inputs: the front matter value (a string or a list of strings) and the
    parsed data file. Output: problems that each say how to fix them; empty
    when the value is valid.
    """
    allowed = known_values(data)
    hint = f"allowed: {', '.join(allowed)}; e.g. 'basis: [iom-description, background]'"
    items = as_list(values)
    if not items:
        return [f"'basis' is empty: list what the page is based on ({hint})"]
    problems = []
    for item in items:
        if not isinstance(item, str):
            problems.append(f"'basis' value {item!r} is not a word ({hint})")
        elif item not in allowed:
            problems.append(f"'basis' has the unknown value '{item}' ({hint}; new values go in docs/{DATA})")
    duplicates = sorted({i for i in items if isinstance(i, str) and items.count(i) > 1})
    if duplicates:
        problems.append(f"'basis' lists {', '.join(duplicates)} more than once")
    return problems


def _localized(value, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("en") or "")
    return str(value or "")


def join_words(words: list[str], conjunction: str) -> str:
    """``a``, ``a and b``, ``a, b and c`` (no serial comma, as in Spanish)."""
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def basis_note(values: list[str], data: dict, lang: str, link: str = "") -> str:
    """Return the note's Markdown paragraph for ``values`` in ``lang``.

    Inputs: valid values, the data file, a locale (unknown locales fall back
    to English) and the relative link to the explanation (or ""). Output: a
    paragraph with the class :data:`CSS_CLASS` (``attr_list``), values in the
    data file's order whatever the order in the front matter.
    """
    order = known_values(data)
    words = [_localized(data["values"][v], lang) for v in sorted(set(values), key=order.index)]
    sentence = _localized(data.get("sentence"), lang).format(list=join_words(words, _localized(data.get("and"), lang)))
    if link:
        sentence += f" [{_localized(data.get('link'), lang)}]({link})"
    return f"{sentence}\n{{: .{CSS_CLASS} }}"


def about_link(src_uri: str, target: str) -> str:
    """Relative Markdown link from a page to ``target`` in the same language folder.

    ``src_uri`` is the page's path under ``docs`` (``en/foreword.md``,
    ``es/contributors/glossary.md``); ``target`` is relative to the language
    folder (``about.md#authoritative-text``). Returns "" for an empty target.
    """
    if not target:
        return ""
    folder = src_uri.split("/", 1)[0] if "/" in src_uri else ""
    path, _, anchor = target.partition("#")
    full = posixpath.join(folder, path) if folder else path
    relative = posixpath.relpath(full, posixpath.dirname(src_uri) or ".")
    return relative + (f"#{anchor}" if anchor else "")


def insert_note(markdown: str, note: str) -> str | None:
    """Return ``markdown`` with ``note`` as a paragraph after its H1, or None
    when there is no ``# `` line outside fenced code."""
    lines = markdown.split("\n")
    fence = False
    for number, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        elif not fence and line.startswith("# "):
            return "\n".join(lines[: number + 1] + ["", note, ""] + lines[number + 1:])
    return None
