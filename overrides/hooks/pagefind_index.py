"""Index the built site with Pagefind: one search index per language.

The site's search is Pagefind (https://pagefind.app, PyPI ``pagefind[bin]``,
pinned in requirements.txt), not Material's search plugin. Pagefind reads the
built HTML and writes ``site/pagefind/``: a small loader, a WebAssembly search
engine, and index and text fragments that the browser fetches only for the
words typed. Nothing of it loads with a page: the header's search button
(``overrides/partials/search.html``, ``docs/assets/javascripts/search.js``)
loads Pagefind's own search dialog when the reader opens it.

Pagefind indexes each page under its ``<html lang>``, so the Spanish pages
form a Spanish index (with Spanish word stems: ``fronteras`` finds
``frontera``) and the English pages an English one; a page searches the index
of its own language. It matches words typed without accents (``gestion``
finds ``gestión``).

This hook:

* marks the article of every Markdown page with ``data-pagefind-body``, so
  that only the page text is indexed (not the header, the navigation or the
  footer, which repeat on every page) and pages without it (the not-found
  pages, pages whose front matter says ``search: {exclude: true}``) are not
  indexed at all;
* after the last language is built, runs the Pagefind binary over the site
  folder, leaving out the heading permalinks (``¶``) and the PDF links, and
  fails the build, with Pagefind's own message, when it fails or when a
  language got no index.
"""

from __future__ import annotations

import re
import json
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

import site_languages

log = get_plugin_logger("pagefind_index")

#: The folder, inside the site, that Pagefind writes (its default name).
BUNDLE = "pagefind"

#: Parts of the page text that are not worth finding: heading permalinks and
#: the PDF download links (same words on every page).
EXCLUDE_SELECTORS = [".headerlink", ".pdf-download", ".pdf-strategy"]

#: Material's article element, which holds the page text.
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset"')


def on_post_page(output, page, config):
    """Mark the page's article as the part Pagefind indexes (MkDocs event).

    A page whose front matter says ``search: {exclude: true}`` (Material's
    key, kept) is left unmarked, so Pagefind leaves it out.
    """
    if excluded(page.meta):
        return output
    marked, count = mark_body(output)
    if count != 1:
        log.warning(f"{page.file.src_uri}: {count} Material <article> elements found, expected 1; "
                    "the page is not searchable (has overrides/main.html or Material's base.html changed?)")
        return output
    return marked


@event_priority(-115)  # after every language is built (static-i18n, -100); before _headers (-130)
def on_post_build(config):
    """Run Pagefind over the site once every language is built (MkDocs event)."""
    if not site_languages.is_final_build(config):
        return
    site = Path(config.site_dir)
    done = subprocess.run(pagefind_command(site), capture_output=True, text=True)
    if done.returncode != 0:
        raise PluginError(f"Pagefind failed to index {site} (overrides/hooks/pagefind_index.py):\n"
                          + (done.stderr or done.stdout).strip())
    sort_entry_languages(site / BUNDLE / "pagefind-entry.json")
    missing = missing_languages(site / BUNDLE, site_languages.languages(config))
    if missing:
        raise PluginError(f"Pagefind wrote no search index for {', '.join(missing)}: does every page of that "
                          f"language have <html lang=...> and a Material article? Pagefind said:\n{done.stdout.strip()}")


# ---------------------------------------------------------------------------
# Pure helpers (tests call these directly)
# ---------------------------------------------------------------------------

def excluded(meta: dict) -> bool:
    """Return True when page front matter ``meta`` asks to leave the page out
    of the search (``search: {exclude: true}``, as Material's search plugin read it)."""
    search = meta.get("search")
    return isinstance(search, dict) and bool(search.get("exclude"))


def mark_body(html: str) -> tuple[str, int]:
    """Return (``html`` with ``data-pagefind-body`` on Material's article,
    number of articles found). Input: a rendered Material page."""
    return _ARTICLE.subn(r"\g<0> data-pagefind-body", html)


def pagefind_command(site: Path) -> list[str]:
    """Return the command that indexes ``site`` (a built site folder) into
    ``site/pagefind/``: the Pagefind binary of the ``pagefind[bin]`` package,
    run with this Python (so the virtual environment's copy is used)."""
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", BUNDLE,
            "--exclude-selectors", ", ".join(EXCLUDE_SELECTORS), "--quiet"]


def sort_entry_languages(entry: Path) -> None:
    """Rewrite Pagefind's ``pagefind-entry.json`` with its languages in
    alphabetical order. Pagefind writes them in a varying order (seen here:
    ``es`` before ``en`` in one build, after it in the next), which makes two
    builds of one commit differ; the order means nothing to Pagefind's script.
    A missing file is left for :func:`missing_languages` to report."""
    if not entry.exists():
        return
    data = json.loads(entry.read_text(encoding="utf-8"))
    if isinstance(data.get("languages"), dict):
        data["languages"] = dict(sorted(data["languages"].items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def missing_languages(bundle: Path, langs: list[str]) -> list[str]:
    """Return the locales in ``langs`` that have no index in ``bundle``.

    Pagefind writes one ``pagefind.<lang>_<hash>.pf_meta`` file per language
    it indexed (Pagefind 1.x bundle layout).
    """
    return [lang for lang in langs if not list(bundle.glob(f"pagefind.{lang}_*.pf_meta"))]
