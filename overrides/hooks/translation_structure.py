"""Keep every translation the same shape as its English source.

Rules (from ../shared/house-style.md and the translators' guide):

* every page in ``docs/en/`` has a page of the same name in each other
  language folder, and no translated page lacks an English source;
* every H2–H6 heading carries an explicit ``{ #id }``, and a translation has
  the same ids in the same order (deep links survive a language switch);
* a translation has as many tables, images and admonitions as its source;
* a translated page links to translated pages, never into the English tree
  where a translation exists.

In the build, structural differences, orphan translations and links into the
English tree are warnings (``strict: true`` fails the build, naming the file).
A *missing* translation is only reported at INFO level: the page is published
under ``/es/`` with a notice (see ``untranslated_notice.py``) so that work in
progress can be previewed; the test suite fails on it
(``tests/test_translations.py``).
"""

from __future__ import annotations

import logging
import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import site_languages

log = logging.getLogger("mkdocs.hooks.translation_structure")


def on_files(files, config):
    """Compare the language trees once per site build (MkDocs event).

    Runs in the default-language build only (static-i18n runs one build per
    language in the same process). Output: ``files``, unchanged.
    """
    if not site_languages.is_default_build(config):
        return files
    langs = site_languages.languages(config)
    for problem in tree_problems(config.docs_dir, langs[0], langs[1:]):
        if problem.kind == "missing-translation":
            log.info("%s: %s", problem.path, problem.message)
        else:
            log.warning("%s: %s", problem.path, problem.message)
    return files


def on_page_content(html, page, config, files):
    """Warn when a translated page links into the default-language tree.

    Runs for each page of a non-default-language build. A link whose target
    is a default-language page that also exists in this language is a
    mistake (the reader would switch language without asking).
    """
    lang = site_languages.build_language(config)
    if lang == site_languages.default_language(config) or site_languages.page_language(page) != lang:
        return html
    urls = {file.url for file in files.documentation_pages()}
    for target in cross_language_links(html, page.url, lang, urls):
        log.warning(
            "%s: links to the English page '/%s' although the translation '/%s/%s' exists; "
            "link to the .md file by its name (e.g. 'foreword.md') instead",
            page.file.src_uri, target, lang, target,
        )
    return html


# ---------------------------------------------------------------------------
# Pure helpers (tests call these directly)
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """One difference between a page and its translation.

    ``path`` is the file to fix, relative to the repository (``docs/es/x.md``);
    ``kind`` is a short code; ``message`` says what is wrong and how to fix it.
    """

    path: str
    kind: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class Shape:
    """What must match between a page and its translation."""

    heading_ids: tuple[str, ...]
    headings_without_id: tuple[str, ...]
    tables: int
    images: int
    admonitions: int


_FENCE = re.compile(r"^(```|~~~)")
_HEADING = re.compile(r"^(#{2,6})\s+(.*?)\s*#*\s*$")
_ATTR_ID = re.compile(r"\{[^}]*#([A-Za-z][\w\-]*)[^}]*\}\s*$")
_TABLE_RULE = re.compile(r"^(?=[^|]*\|)(?=[^-]*-)[\s|:\-]+$")  # e.g. |---|:--:|
_IMAGE = re.compile(r"!\[[^\]]*\]\(|<img\b", re.IGNORECASE)
# `!!! info "Title"` and the block form `/// info | Title` (pymdownx.blocks).
_ADMONITION = re.compile(r"^\s*(!!!|\?\?\?\+?|/{3,}(?=\s*\w))\s*\w")
_FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n(---|\.\.\.)\s*\n", re.DOTALL)


def page_shape(markdown: str) -> Shape:
    """Return the structure of one page's Markdown source.

    Input: the full source (front matter and fenced code are skipped).
    Output: heading ids of H2–H6 in order, the text of H2–H6 headings that
    have no explicit id, and the number of tables, images and admonitions.
    """
    ids, missing = [], []
    tables = images = admonitions = 0
    in_fence = False
    for line in _FRONT_MATTER.sub("", markdown, count=1).splitlines():
        if _FENCE.match(line.strip()):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        heading = _HEADING.match(line)
        if heading:
            found = _ATTR_ID.search(heading.group(2))
            if found:
                ids.append(found.group(1))
            else:
                missing.append(heading.group(2))
        if _TABLE_RULE.match(line):
            tables += 1
        if _ADMONITION.match(line):
            admonitions += 1
        images += len(_IMAGE.findall(line))
    return Shape(tuple(ids), tuple(missing), tables, images, admonitions)


def compare_shapes(source: Shape, translation: Shape, translation_path: str) -> list[Problem]:
    """Return the differences between a source page and its translation.

    Inputs: the two shapes and the translation's path (named in messages).
    """
    problems = []
    if source.heading_ids != translation.heading_ids:
        problems.append(Problem(translation_path, "heading-ids", _describe_id_difference(source.heading_ids, translation.heading_ids)))
    for name in ("tables", "images", "admonitions"):
        want, got = getattr(source, name), getattr(translation, name)
        if want != got:
            problems.append(Problem(
                translation_path, name,
                f"has {got} {name}, the English page has {want}: translate each one, add or remove none",
            ))
    return problems


def _describe_id_difference(want: tuple[str, ...], got: tuple[str, ...]) -> str:
    missing = [i for i in want if i not in got]
    extra = [i for i in got if i not in want]
    if missing or extra:
        parts = []
        if missing:
            parts.append("missing " + ", ".join(f"{{ #{i} }}" for i in missing))
        if extra:
            parts.append("not in the English page " + ", ".join(f"{{ #{i} }}" for i in extra))
        return "heading ids differ from the English page: " + "; ".join(parts) + " (keep the English ids, translate only the heading text)"
    return (
        "heading ids are in a different order from the English page: expected "
        + ", ".join(want) + "; found " + ", ".join(got)
    )


def tree_problems(docs_dir: str | Path, default: str, others: list[str]) -> list[Problem]:
    """Compare the default-language tree with each translated tree.

    Inputs: the ``docs`` folder, the default locale and the other locales.
    Output: every problem found, in a stable order. Paths in messages are
    given as ``docs/<locale>/<page>`` relative to the repository.
    """
    docs_dir = Path(docs_dir)
    label = docs_dir.name

    def name(locale: str, page: str) -> str:
        return f"{label}/{locale}/{page}"

    problems: list[Problem] = []
    sources = site_languages.docs_tree(docs_dir, default)
    for path in sources.values():
        for text in page_shape(path.read_text(encoding="utf-8")).headings_without_id:
            problems.append(Problem(name(default, path.relative_to(docs_dir / default).as_posix()), "heading-without-id",
                                    f"heading '{text}' has no explicit id: write it as '{text} {{ #some-id }}'"))
    for locale in others:
        translations = site_languages.docs_tree(docs_dir, locale)
        for page in sorted(set(sources) - set(translations)):
            problems.append(Problem(name(default, page), "missing-translation",
                                    f"has no translation: create {name(locale, page)} (until then /{locale}/ shows the English text with a notice)"))
        for page in sorted(set(translations) - set(sources)):
            problems.append(Problem(name(locale, page), "orphan-translation",
                                    f"has no English source {name(default, page)}: use the English file name, or add the English page first"))
        for page in sorted(translations):
            for target in default_tree_links(translations[page].read_text(encoding="utf-8"), default):
                problems.append(Problem(name(locale, page), "link-into-default-tree",
                                        f"links to '{target}' in the {default} folder: link to the page by its name "
                                        f"(e.g. '{target.rsplit('/', 1)[-1]}'); the build picks the {locale} page"))
        for page in sorted(set(sources) & set(translations)):
            source = page_shape(sources[page].read_text(encoding="utf-8"))
            translation = page_shape(translations[page].read_text(encoding="utf-8"))
            for text in translation.headings_without_id:
                problems.append(Problem(name(locale, page), "heading-without-id",
                                        f"heading '{text}' has no explicit id: use the id of the English heading"))
            problems.extend(compare_shapes(source, translation, name(locale, page)))
    return problems


def default_tree_links(markdown: str, default: str) -> list[str]:
    """Return link targets of a translated page that reach into ``docs/<default>/``.

    Input: a translated page's Markdown and the default locale. Output: the
    targets, such as ``../en/introduction.md``, in order of appearance.
    """
    return re.findall(rf"\]\(\s*<?((?:\.\./)+{re.escape(default)}/[^)\s>]*)", markdown)


class _Hrefs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def cross_language_links(html: str, page_url: str, lang: str, page_urls: set[str]) -> list[str]:
    """Return the default-language pages a translated page links to needlessly.

    Inputs: the page's rendered HTML, its URL (``es/foreword/``), its locale
    and the URLs of every page of this build (``es/foreword/``, ...).
    Output: target URLs (``foreword/``) outside the ``lang`` tree whose
    translation ``{lang}/{target}`` exists. External links, anchors on the
    same page and links to assets are ignored.
    """
    parser = _Hrefs()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        if re.match(r"^[a-z][a-z0-9+.\-]*:|^//|^#", href, re.IGNORECASE):
            continue
        path = href.split("#", 1)[0].split("?", 1)[0]
        if path.startswith("/"):
            target = path.lstrip("/")
        else:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page_url.rstrip("/") + "/x"), path))
            target = "" if target == "." else target
        if target.startswith(".."):
            continue
        if target.endswith("index.html"):
            target = target[: -len("index.html")]
        if target and not target.endswith("/") and "." not in posixpath.basename(target):
            target += "/"
        if target == lang + "/" or target.startswith(lang + "/"):
            continue
        if f"{lang}/{target}" in page_urls and target not in found:
            found.append(target)
    return found
