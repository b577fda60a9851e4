"""Catch Markdown syntax left broken in a page, in every language.

Python-Markdown does not complain about a link written ``[Prólogo(foreword.md)``,
an unclosed ``**``, an attribute list typed ``{ # id }`` or an image without
alt text: the page just shows the raw characters, or an image a screen reader
cannot describe. This hook reads every page's Markdown source (English and
its translations) and warns, naming the file and the line, quoting the text
and saying how to write it; ``strict: true`` turns the warnings into a failed
build (``make build``, ``make check``).

Rules (what is checked, outside fenced code and inline code):

* a link whose ``]`` is missing (``[text(page.md)``), a space between ``]``
  and ``(``, a link target whose ``)`` is missing, or a page's file name
  left in the text (``foreword.md`` outside a link);
* an odd number of ``**`` or of backticks in a paragraph, list item or table row;
* an attribute list in braces that Python-Markdown's ``attr_list`` does not
  read (``{ # id }``, ``{ #id``, ``{#id lang=en``): the ids keep deep links
  working across languages (house style);
* an image without alt text (``![](...)``, ``<img>`` without ``alt``): alt
  text is required in every language (WCAG 1.1.1).

The same rules are used by ``tools/spelling_es.py``, so that broken syntax is
reported as such and never as a spelling mistake.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import site_languages

log = logging.getLogger("mkdocs.hooks.markdown_syntax")


def on_files(files, config):
    """Check every page of every language once per site build (MkDocs event).

    Runs in the default-language build only (static-i18n runs one build per
    language in the same process). Output: ``files``, unchanged.
    """
    if not site_languages.is_default_build(config):
        return files
    docs = Path(config.docs_dir)
    for locale in site_languages.languages(config):
        for page, path in sorted(site_languages.docs_tree(docs, locale).items()):
            name = f"{docs.name}/{locale}/{page}"
            for problem in page_problems(path.read_text(encoding="utf-8")):
                log.warning("%s:%d: %s", name, problem.line, problem.message)
    return files


# ---------------------------------------------------------------------------
# Pure helpers (tests, tools/spelling_es.py and tools/check.py call these)
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Leftover:
    """One piece of broken Markdown: 1-based ``line``, the ``text`` as
    written, its ``start``/``end`` columns in that line and a ``message``
    that quotes it and says how to write it."""

    line: int
    start: int
    end: int
    text: str
    message: str


_FENCE = re.compile(r"^\s*(```|~~~)")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*\n", re.DOTALL)
#: Inline code: a run of backticks, the code, the same run (`` a ` inside ``).
_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)(.*?[^`])\1(?!`)")
_HTML_COMMENT = re.compile(r"<!--.*?-->")
#: What a link target looks like (a page, a folder, an anchor, an address, a file).
_TARGET = r"[^()\s]*(?:\.md|/|#|\.html?|\.(?:png|jpe?g|svg|webp|gif|pdf))[^()\s]*"
#: ``[text(target)`` with no ``]`` before the ``(`` (``[text (Spanish)]`` is prose, not a link).
_NO_CLOSING_BRACKET = re.compile(rf"\[(?P<text>[^\[\]\n]*?)\((?P<target>{_TARGET})\)(?!\])")
#: ``[text] (target)``: Python-Markdown needs ``](`` together.
_SPACE_BEFORE_TARGET = re.compile(rf"\[(?P<text>[^\[\]\n]+)\]\s+\((?P<target>{_TARGET})\)")
#: ``[text](target`` with no ``)`` before the end of the line.
_NO_CLOSING_PAREN = re.compile(r"\[(?P<text>[^\[\]\n]*)\]\((?P<target>[^)\s]+)(?=\s*$)")
#: A link's destination, ``](target)``, and an autolink ``<https://…>``.
_LINK_DESTINATION = re.compile(r"\]\([^)\n]*\)|<[^>\n]+>")
#: A page's file name left in the text (``foreword.md``, ``(foreword.md#sources)``).
_STRAY_PAGE = re.compile(r"\(?(?<![\w/.-])(?:\.\./)*[\w-]+(?:/[\w-]+)*\.md(?:#[\w-]+)?\b\)?")
_BRACES = re.compile(r"\{[^{}\n]*\}?")
_ATTR = r"(?:[#.][A-Za-z][\w\-]*|[A-Za-z][\w\-]*=(?:\"[^\"]*\"|'[^']*'|[^\s\"'}]+)|[A-Za-z][\w\-]*)"
_PLACEHOLDER = re.compile(r"\{\{\s*edition\.[\w.]+\s*\}\}")
_VALID_ATTR_LIST = re.compile(rf"\{{:?\s*{_ATTR}(?:\s+{_ATTR})*\s*\}}")
_IMAGE = re.compile(r"!\[(?P<alt>[^\]\n]*)\]\((?P<target>[^)\n]*)\)")
_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_LIST_OR_QUOTE = re.compile(r"^\s*(?:[-*+]\s|\d+\.\s|>)")


def page_problems(markdown: str) -> list[Leftover]:
    """Return the broken Markdown of one page, in line order.

    Input: a page's full source (front matter and fenced code are skipped,
    inline code and HTML comments are ignored). Output: one :class:`Leftover`
    per problem; an unclosed ``**`` or backtick is reported once per
    paragraph, list item or table row, at its first line.
    """
    problems: list[Leftover] = []
    for number, line in _content_lines(markdown):
        problems.extend(line_problems(line, number))
    for first, text in _blocks(markdown):
        code_free = _INLINE_CODE.sub(lambda m: " " * len(m.group(0)), text)
        if code_free.count("`") % 2:
            problems.append(Leftover(first, 0, 0, "`", f"a backtick ` is not closed in «{_quote(text)}»: "
                                     "close the code with a second ` (or remove the stray one)"))
        if code_free.count("**") % 2:
            problems.append(Leftover(first, 0, 0, "**", f"bold ** is not closed in «{_quote(text)}»: "
                                     "write **bold text** with ** on both sides (or remove the stray **)"))
    return sorted(problems, key=lambda p: (p.line, p.start))


def line_problems(line: str, number: int = 1) -> list[Leftover]:
    """Return the broken links, attribute lists and images of one line.

    Inputs: the line's text (outside fenced code) and its 1-based number.
    Output: :class:`Leftover` items whose ``start``/``end`` locate the text
    in ``line`` (inline code and HTML comments are not searched).
    """
    masked = _HTML_COMMENT.sub(lambda m: " " * len(m.group(0)), line)
    masked = _INLINE_CODE.sub(lambda m: " " * len(m.group(0)), masked)
    # {{ edition.status }}: a placeholder of the edition's identity
    # (edition_identity.py), not an attribute list.
    masked = _PLACEHOLDER.sub(lambda m: " " * len(m.group(0)), masked)
    found: list[Leftover] = []

    def add(match, message):
        found.append(Leftover(number, match.start(), match.end(), match.group(0), message))

    for m in _NO_CLOSING_BRACKET.finditer(masked):
        add(m, f"broken link «{m.group(0)}»: the ] is missing; write [{m.group('text').strip()}]({m.group('target')})")
    for m in _SPACE_BEFORE_TARGET.finditer(masked):
        add(m, f"broken link «{m.group(0)}»: remove the space between ] and (; write [{m.group('text')}]({m.group('target')})")
    for m in _NO_CLOSING_PAREN.finditer(masked):
        add(m, f"broken link «{m.group(0)}»: the ) is missing; write [{m.group('text')}]({m.group('target')})")
    taken = [(f.start, f.end) for f in found]
    unlinked = _LINK_DESTINATION.sub(lambda m: " " * len(m.group(0)), masked)
    for m in _STRAY_PAGE.finditer(unlinked):
        if not any(start <= m.start() < end for start, end in taken):
            add(m, f"«{m.group(0)}» is a page's file name shown as text: make it a link, "
                   f"[text]({m.group(0).strip('()')}), or remove it")
    for m in _BRACES.finditer(masked):
        if not _VALID_ATTR_LIST.fullmatch(m.group(0)):
            add(m, f"attribute list «{m.group(0)}» is not valid Markdown: write it as {{ #some-id }} "
                   "(no space after #, closed with }) or { lang=\"en\" }; copy it from the English page")
    for m in _IMAGE.finditer(masked):
        if not m.group("alt").strip():
            add(m, f"image «{m.group(0)}» has no alt text: write ![what the image shows]({m.group('target')}) "
                   "(alt text is required in every language, translated)")
    for m in _IMG_TAG.finditer(masked):
        alt = re.search(r"\balt\s*=\s*(\"([^\"]*)\"|'([^']*)')", m.group(0))
        if not alt or not (alt.group(2) or alt.group(3) or "").strip():
            add(m, f"image «{m.group(0)}» has no alt text: add alt=\"what the image shows\" "
                   "(required in every language, translated)")
    return found


def _content_lines(markdown: str):
    """Yield (1-based number, line) outside front matter and fenced code."""
    lines = markdown.splitlines()
    match = _FRONT_MATTER.match(markdown)
    start = match.group(0).count("\n") if match else 0
    in_fence = False
    for index in range(start, len(lines)):
        if _FENCE.match(lines[index]):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield index + 1, lines[index]


def _blocks(markdown: str):
    """Yield (first line number, text) of each paragraph, list item and table row."""
    current: list[str] = []
    first = 0
    for number, line in _content_lines(markdown):
        starts_new = not line.strip() or line.lstrip().startswith(("|", "#", "!!!", "???")) or _LIST_OR_QUOTE.match(line)
        if starts_new and current:
            yield first, " ".join(current)
            current = []
        if not line.strip():
            continue
        if line.lstrip().startswith(("|", "#", "!!!", "???")):
            yield number, line
            continue
        if not current:
            first = number
        current.append(line.strip())
    if current:
        yield first, " ".join(current)


def _quote(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
