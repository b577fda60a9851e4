"""The front page of each language: key facts and the contents, from data.

The home page (``docs/<lang>/index.md``) works like the cover and contents of
a publication. Two marker lines in it are replaced in the built page:

* ``<!-- front-page:key-facts -->``: the strategy's year, publisher and ISBN
  (``extra.edition.source`` in ``mkdocs.yml``), the countries and pillars
  (``docs/assets/data/front-page.yml``), in the page's language;
* ``<!-- front-page:contents -->``: every page of the nav (the home page and
  ``extra.pdf_skip``, the contributors' guides, left out), each with its
  one-line summary (the ``description`` of its front matter, so it is written
  once) and its numbered sections (``2.1 …``), grouped as in the nav.

The markup is in ``overrides/partials/front-page-facts.html`` and
``front-page-contents.html``; the cover (subtitle, status, the other
language) in ``page-meta.html``. The replacement happens when the page's
template context is built, when every page's summary and headings are known.
A problem in the data file is a warning naming the file, the entry and the
fix (``--strict`` fails the build).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import yaml
from mkdocs.utils import get_relative_url

import site_languages

log = logging.getLogger("mkdocs.hooks.front_page")

#: The data file of the key facts, relative to the ``docs`` folder.
DATA = "assets/data/front-page.yml"
#: Marker lines and the partials that replace them.
MARKERS = {
    "<!-- front-page:key-facts -->": "partials/front-page-facts.html",
    "<!-- front-page:contents -->": "partials/front-page-contents.html",
}
#: The strings shared with the page metadata block.
STRINGS_TEMPLATE = "partials/page-meta-strings.html"
#: A numbered section of the strategy: "2.1 Title".
NUMBERED = re.compile(r"^\d+(\.\d+)+\s")

_env: dict = {}


def on_env(env, config, files):
    """Keep this build's template environment to render the partials (MkDocs event)."""
    _env["env"] = env
    return env


def on_page_context(context, page, config, nav):
    """Replace the front-page markers of a page (MkDocs event)."""
    content = page.content or ""
    if not any(marker in content for marker in MARKERS):
        return context
    lang = site_languages.build_language(config)
    env = _env["env"]
    strings = env.get_template(STRINGS_TEMPLATE).module.strings
    s = strings.get(lang) or strings["en"]
    path = Path(config["docs_dir"]) / DATA
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        log.warning("docs/%s: cannot be read (%s); the front page shows no key facts", DATA, error)
        data = {}
    for problem in data_problems(data, site_languages.languages(config)):
        log.warning("docs/%s: %s", DATA, problem)
    values = {
        "s": s,
        "lang": lang,
        "facts": key_facts(config["extra"]["edition"]["source"], data if isinstance(data, dict) else {}, lang, s),
        "entries": contents_entries(nav.items, page, config.extra.get("pdf_skip") or []),
    }
    for marker, template in MARKERS.items():
        if marker in content:
            content = content.replace(marker, env.get_template(template).render(**values))
    page.content = content
    return context


# ---------------------------------------------------------------------------
# Pure helpers (tests call these directly)
# ---------------------------------------------------------------------------

def data_problems(data, langs: list[str]) -> list[str]:
    """Return what is wrong with the key-facts data, as sentences naming the
    entry and the fix (empty when valid). Input: the parsed YAML and the
    site's locales (every text needs each of them)."""
    if not isinstance(data, dict):
        return ["must hold 'countries:' and 'pillars:', each with 'note:' and 'names:'"]
    problems = []
    for key in ("countries", "pillars"):
        block = data.get(key)
        if not isinstance(block, dict) or not isinstance(block.get("names"), list) or not block["names"]:
            problems.append(f"'{key}:' needs a 'names:' list of {{en: ..., es: ...}} entries")
            continue
        texts = [("note", block.get("note"))] + [(f"names, entry {n}", v) for n, v in enumerate(block["names"], 1)]
        for where, value in texts:
            for lang in langs:
                if not (isinstance(value, dict) and isinstance(value.get(lang), str) and value[lang].strip()):
                    problems.append(f"'{key}:' {where}: the '{lang}' text is missing")
    return problems


def key_facts(source: dict, data: dict, lang: str, s: dict) -> list[dict]:
    """Return the key facts as ``[{"label", "value", "note", "lang"}]`` in ``lang``.

    Inputs: ``extra.edition.source``, the parsed data file, the language and
    its strings (labels). ``lang`` of a fact is the language of its value when
    it differs from the page's (the ISBN and year have none).
    """
    def text(value):
        return (value or {}).get(lang) or (value or {}).get("en") or ""

    facts = [
        {"label": s["fact_published"], "value": str(source["year"]), "note": ""},
        {"label": s["fact_publisher"], "value": text(source["publisher"]), "note": ""},
        {"label": s["fact_isbn"], "value": source["isbn"], "note": "", "nowrap": True},
    ]
    for key, label in (("countries", "fact_countries"), ("pillars", "fact_pillars")):
        block = data.get(key) or {}
        names = [text(name) for name in block.get("names") or [] if isinstance(name, dict)]
        if names:
            facts.append({"label": s[label], "value": ", ".join(names), "note": text(block.get("note"))})
    return facts


def contents_entries(items, home, skip: list[str]) -> list[dict]:
    """Return the contents of the front page from the nav, in nav order.

    Inputs: the nav's items (MkDocs pages, sections, links), the home page
    (links are made relative to it) and ``extra.pdf_skip`` (Markdown paths or
    folder prefixes of pages that are not part of the guide's reading order).
    Output: ``[{"title", "href", "summary", "sections": [{"title", "href"}]}
    | {"title", "children": [...]}]``; the home page, skipped pages and
    external links are left out, and so is a section left empty.
    """
    entries = []
    for item in items:
        if getattr(item, "is_section", False):
            children = contents_entries(item.children, home, skip)
            if children:
                entries.append({"title": item.title, "children": children})
        elif getattr(item, "is_page", False) and not getattr(item, "is_link", False):
            source = _source(item)
            if item is home or source == "index.md" or any(source.startswith(prefix) for prefix in skip):
                continue
            href = get_relative_url(item.url, home.url)
            entries.append({
                "title": item.title,
                "href": href,
                "summary": (item.meta or {}).get("description", ""),
                "sections": [{"title": section.title, "href": f"{href}{section.url}"}
                             for top in (item.toc or []) for section in top.children
                             if NUMBERED.match(section.title)],
            })
    return entries


def _source(page) -> str:
    """Return a page's Markdown path inside its language folder (``foreword.md``)."""
    lang = site_languages.page_language(page)
    path = Path(page.file.abs_src_path or page.file.src_uri)
    for parent in path.parents:
        if parent.name == lang:
            return path.relative_to(parent).as_posix()
    return page.file.src_uri
