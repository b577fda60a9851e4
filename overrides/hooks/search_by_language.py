"""Give each language its own search index, and match words without accents.

mkdocs-static-i18n merges the pages of every language into one index at
``search/search_index.json``, and every page, Spanish ones included, loads
that index (its ``base`` is the site root), so a Spanish search returns English
pages. This hook, after the last language is built:

* splits the merged index: entries under ``es/`` go to
  ``es/search/search_index.json`` (locations made relative to ``/es/``),
  the rest stay at the root;
* points the search of every ``/es/`` page at ``/es/`` (the ``base`` of
  Material's ``__config``), so results link to Spanish pages only;
* adds a ``folded`` field holding the accent-free form of each accented word
  (``gestión`` → ``gestion``) and tells lunr to index it, so a query typed
  without accents finds the accented word; the text shown is unchanged;
* drops lunr's English stemmer, stop-word filter and trimmer from the
  non-English indexes: the trimmer cuts words that end in an accented letter
  (``Perú`` → ``per``) and a Spanish stemmer was measured to make ordinary
  Spanish words return nothing (``../shared/house-style.md``).
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from mkdocs.plugins import event_priority

import site_languages

#: Boost of the accent-folded field: the same weight as the page text.
FOLDED_BOOST = 1.0

_CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+", re.UNICODE)


def on_post_page(output, page, config):
    """Point a translated page's search at its own language (MkDocs event)."""
    return _rebase(output, config)


def on_post_template(output_content, template_name, config):
    """Do the same for static templates such as ``404.html`` (MkDocs event)."""
    return _rebase(output_content, config)


@event_priority(-110)  # after mkdocs-static-i18n (-100) has written the merged index
def on_post_build(config):
    """Split the merged index once every language is built (MkDocs event)."""
    if not site_languages.is_final_build(config):
        return
    site = Path(config.site_dir)
    merged = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    langs = site_languages.languages(config)
    for lang, index in split_index(merged, langs[0], langs[1:]).items():
        target = site / ("" if lang == langs[0] else lang) / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _rebase(html: str, config) -> str:
    lang = site_languages.build_language(config)
    if lang == site_languages.default_language(config):
        return html
    return rebase_search(html, lang)


# ---------------------------------------------------------------------------
# Pure helpers (tests call these directly)
# ---------------------------------------------------------------------------

def rebase_search(html: str, lang: str) -> str:
    """Return ``html`` whose Material ``__config.base`` points at ``lang/``.

    Input: a rendered page of a non-default language build, whose ``base``
    is the site root (``../..``). Output: the same page with ``base`` set to
    ``../../es/``. Material resolves ``base`` against the page address and
    then ``search/search_index.json`` and each result location against that,
    so the trailing slash is needed: without it ``/es`` resolves
    ``search/search_index.json`` to the root, English, index (seen in
    Chromium, tests/test_browser.py). Pages without the config script are
    returned unchanged.
    """
    def replace(match: re.Match) -> str:
        data = json.loads(match.group(2))
        stem = data.get("base", ".").rstrip("/")
        if not (stem.endswith("/" + lang) or stem == lang):
            stem = f"{stem}/{lang}" if stem else "/" + lang
        data["base"] = stem + "/"
        return match.group(1) + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + match.group(3)

    return _CONFIG_SCRIPT.sub(replace, html, count=1)


def fold(text: str) -> str:
    """Return ``text`` without diacritics (``Gestión`` → ``Gestion``).

    Unicode NFKD decomposition, combining marks removed; ``ñ`` becomes ``n``
    as well, which is how people type it on an English keyboard.
    """
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def folded_words(*fields: str) -> str:
    """Return the accent-free forms of the accented words in ``fields``.

    Inputs: strings that may contain HTML. Output: the distinct folded words,
    lower-cased, space-separated, in first-seen order; empty when no word
    carries an accent.
    """
    seen: dict[str, None] = {}
    for field in fields:
        for word in _WORD.findall(_TAG.sub(" ", field or "")):
            plain = fold(word)
            if plain != word:
                seen.setdefault(plain.lower(), None)
    return " ".join(seen)


def split_index(merged: dict, default: str, others: list[str]) -> dict[str, dict]:
    """Split a merged Material search index into one index per language.

    Inputs: the parsed ``search_index.json`` ({"config": ..., "docs": [...]})
    whose documents' ``location`` starts with ``<lang>/`` for translated
    pages, the default locale and the other locales. Output: ``{locale:
    index}``; locations of translated documents are made relative to their
    language folder. Each index gets the ``folded`` field; non-default
    indexes get an empty lunr pipeline.
    """
    result = {}
    for lang in [default, *others]:
        prefix = "" if lang == default else lang + "/"
        docs = []
        for doc in merged["docs"]:
            location = doc["location"]
            owner = next((o for o in others if location.startswith(o + "/") or location == o), default)
            if owner != lang:
                continue
            doc = dict(doc, location=location[len(prefix):] if prefix and location.startswith(prefix) else ("" if location == lang else location))
            words = folded_words(doc.get("title", ""), doc.get("text", ""))
            if words:
                doc["folded"] = words
            docs.append(doc)
        config = json.loads(json.dumps(merged["config"]))
        config.setdefault("fields", {})["folded"] = {"boost": FOLDED_BOOST}
        if lang != default:
            config["pipeline"] = []
        result[lang] = {"config": config, "docs": docs}
    return result
