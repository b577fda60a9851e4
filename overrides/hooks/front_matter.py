"""Reject malformed or incomplete front matter, naming the file and the problem.

MkDocs silently ignores front matter whose YAML does not parse and then
publishes the raw YAML as page text (``mkdocs.utils.meta.get_data``). This
hook reads each page's source before MkDocs does and turns such problems into
warnings, which ``strict: true`` makes build failures.

Rules (the contributors' guide documents them):

* a page starts with a ``---`` line and its front matter closes with ``---``;
* the YAML parses to a mapping;
* ``description`` is present: one line of text, at most 160 characters (the
  length search engines show; it becomes ``<meta name="description">``);
* only keys from :data:`ALLOWED_KEYS` are used, so a misspelt key is caught;
* ``basis`` (what the page is based on, see ``page_basis.py``) lists only
  values that ``docs/assets/data/page-basis.yml`` declares.
* ``description`` and ``title`` are plain text, without ``<``, ``>`` or ``"``:
  the theme writes them into the page's ``<head>`` unescaped, so markup there
  would become HTML (a script, an image from another host) that the page
  check of ``page_html_safety.py`` never sees.

A source check: it reads only the Markdown in ``docs/``. The rules are plain
functions (:func:`front_matter_problems` for one page, :func:`docs_problems`
for the whole folder) that run without MkDocs:
``python overrides/hooks/front_matter.py [docs]`` lists every problem and
exits 1 if there is one.
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

import yaml

import page_basis

log = logging.getLogger("mkdocs.hooks.front_matter")

#: Front matter keys a page may use (MkDocs and Material for MkDocs keys).
ALLOWED_KEYS = frozenset({"description", "title", "hide", "search", "status", "template", "icon",
                          page_basis.KEY})

#: Maximum length of ``description``, in characters.
MAX_DESCRIPTION = 160

_MARKUP = re.compile(r'[<>"]')
_BLOCK = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def on_page_markdown(markdown, page, config, files):
    """Warn about every front matter problem of ``page`` (MkDocs event).

    Inputs: the page's Markdown (unused: it has lost its front matter
    already), the page and the config. Output: the Markdown, unchanged.
    """
    basis_data = page_basis.load_data(config.docs_dir)
    for problem in front_matter_problems(page.file.content_string, basis_data):
        log.warning("%s: front matter: %s", page.file.src_uri, problem)
    return markdown


def front_matter_problems(text: str, basis_data: dict | None = None) -> list[str]:
    """Return the problems of the front matter at the start of ``text``.

    Inputs: a page's full Markdown source, and the parsed
    ``page-basis.yml`` (None: any ``basis`` value is reported as unknown).
    Output: a list of human-readable
    problems, empty when the front matter is valid. Never raises: a YAML
    syntax error becomes a problem that quotes the parser's line and column
    (counted from the first line of the file).
    """
    if not text.startswith("---"):
        return ["missing: the page must start with a '---' line, then 'description: ...', then '---'"]
    match = _BLOCK.match(text)
    if not match:
        return ["not closed: add a '---' line after the last front matter line"]
    try:
        data = yaml.safe_load(match.group(1) or "")
    except yaml.YAMLError as error:
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2}, column {mark.column + 1})" if mark else ""
        reason = getattr(error, "problem", None) or str(error)
        return [f"YAML does not parse{where}: {reason}"]
    if not isinstance(data, dict):
        return ["must be 'key: value' lines, for example 'description: One sentence.'"]
    problems = [
        f"unknown key '{key}' (allowed: {', '.join(sorted(ALLOWED_KEYS))})"
        for key in data
        if key not in ALLOWED_KEYS
    ]
    problems += [
        f"'{key}' may not contain <, > or \" (the page's head would read them as HTML): "
        "write plain text, with ' or “ ” for quotes"
        for key in ("description", "title")
        if isinstance(data.get(key), str) and _MARKUP.search(data[key])
    ]
    description = data.get("description")
    if description is None:
        problems.append("'description' is missing: add one sentence saying what the page covers")
    elif not isinstance(description, str) or not description.strip():
        problems.append("'description' must be a sentence of text")
    elif len(description) > MAX_DESCRIPTION:
        problems.append(f"'description' has {len(description)} characters; keep it to {MAX_DESCRIPTION}")
    if page_basis.KEY in data:
        problems.extend(page_basis.basis_problems(data[page_basis.KEY], basis_data))
    return problems


def docs_problems(docs_dir: str | Path) -> list[str]:
    """Return every front matter problem of every page under ``docs_dir``.

    Input: the docs folder (every ``*.md`` below it is read). Output: lines
    ``en/foreword.md: front matter: <problem>`` (paths relative to
    ``docs_dir``, as MkDocs names pages), sorted by file.
    """
    docs = Path(docs_dir)
    return [
        f"{page.relative_to(docs).as_posix()}: front matter: {problem}"
        for page in sorted(docs.rglob("*.md"))
        for problem in front_matter_problems(page.read_text(encoding="utf-8-sig"), page_basis.load_data(docs))
    ]


def main(argv: list[str] | None = None) -> int:
    """Check the front matter of a docs folder without MkDocs.

    Argument: the docs folder (default: the project's ``docs``). Prints one
    line per problem; returns 1 when there is any, else 0.
    """
    args = sys.argv[1:] if argv is None else argv
    docs = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "docs"
    problems = docs_problems(docs)
    print("\n".join(problems) if problems else f"{docs}: every page's front matter is valid")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
