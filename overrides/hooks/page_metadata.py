"""What every page says about itself: the metadata block, "Cite this page"
and the machine-readable metadata of its ``<head>``.

GOV.UK publications are the model: under the title, the edition's status,
"Last updated" and the source; on paper the same block (print.css). For the
templates (``overrides/partials/page-meta.html``, ``page-cite.html``,
``head-meta.html``) this hook adds ``page_metadata`` to each page's context:

* ``lang``; ``title`` (the page's; on the home page the guide's subtitle);
  ``url`` (absolute, the canonical address) and ``home_url``;
* ``updated`` (``YYYY-MM-DD``, set by ``page_dates.py`` from git) and
  ``updated_text`` (``"2 December 2026"``, ``"2 de diciembre de 2026"``);
  both ``""`` when git cannot date the page (a copy outside a repository):
  the block then shows no date and the citations say "n.d.";
* ``alternates``: ``[(hreflang, absolute URL)]`` for every language in which
  the page exists (itself included) and ``x-default`` (the default language);
* ``apa_html``, ``apa_text``, ``bibtex`` (see ``citations.py``);
* ``json_ld``: schema.org data as a JSON string, safe inside ``<script>``;
* ``og_locale`` and ``og_alternate_locales`` (Open Graph).

A line ``<!-- cite:source -->`` in a page (About's "How to cite") becomes
the APA and BibTeX citations of IOM's publication itself.

Everything comes from the edition's identity (``extra.edition``), the page
and the strings of ``overrides/partials/page-meta-strings.html``. A language
without strings is a warning (so ``--strict`` fails the build), naming the
file and the fix.
"""

from __future__ import annotations

import json
import logging
from datetime import date as Date
from pathlib import Path

import citations
import site_languages

log = logging.getLogger("mkdocs.hooks.page_metadata")

#: The About page (inside each language folder), where "Cite this page"
#: sends readers who need to cite IOM's publication itself (its section
#: ``#how-to-cite``; tests/test_page_metadata.py checks that it exists).
ABOUT_PAGE = "about/"
#: A line of a page replaced by the citations of IOM's publication (APA and
#: BibTeX, from ``extra.edition.source``): About's "How to cite".
SOURCE_MARKER = "<!-- cite:source -->"
#: The template holding this hook's interface strings.
STRINGS_TEMPLATE = "partials/page-meta-strings.html"

_strings: dict = {}


def on_env(env, config, files):
    """Read the interface strings once per build (MkDocs event)."""
    _strings.clear()
    _strings.update(env.get_template(STRINGS_TEMPLATE).module.strings)
    return env


def on_page_context(context, page, config, nav):
    """Add ``page_metadata`` to the page's template context (MkDocs event)."""
    lang = site_languages.build_language(config)
    strings = _strings.get(lang)
    if strings is None:
        log.warning("overrides/%s has no strings for '%s': copy the 'en' entry and translate its values",
                    STRINGS_TEMPLATE, lang)
        strings = _strings.get("en", {})
    context["page_metadata"] = page_metadata(page, config, lang, strings, _strings)
    if page.content and SOURCE_MARKER in page.content:
        page.content = page.content.replace(
            SOURCE_MARKER, source_citation_html(config["extra"]["edition"]["source"], lang))
    return context


def source_citation_html(source: dict, lang: str) -> str:
    """Return the citations of IOM's publication (APA and BibTeX) as HTML,
    for the marker :data:`SOURCE_MARKER` (the About pages' "How to cite")."""
    import html

    return (f'<p class="source-cite__apa">{citations.source_apa_html(source, lang)}</p>\n'
            f'<pre class="source-cite__bibtex" lang="en"><code>{html.escape(citations.source_bibtex(source))}</code></pre>')


def page_metadata(page, config, lang: str, strings: dict, all_strings: dict) -> dict:
    """Return the ``page_metadata`` context of one page (see the module docstring).

    Inputs: the MkDocs page and config, the build language, its strings and
    those of every language (for the alternate Open Graph locales).
    """
    edition = config["extra"]["edition"]
    default = site_languages.default_language(config)
    site_url = config["site_url"] or ""
    inner = site_languages.inner_url(page.url, lang, default)
    is_home = inner == ""
    home_url = site_url + site_languages.url_prefix(lang, default)
    url = page.canonical_url or (site_url + site_languages.url_prefix(lang, default) + inner)
    updated = str(page.meta.get("last_updated") or "")  # "" only outside git (page_dates.py)
    alternates = alternate_urls(config, page, inner)
    guide = edition["subtitle"][lang]
    title = guide if is_home else (page.title or "")
    cited = citations.CitedPage(
        title=title,
        container="" if is_home else guide,
        author=edition["editor"][lang],
        date=updated,
        apa_date=format_date(updated, strings["date_locale"], strings["apa_date_pattern"]) if updated else "",
        url=url,
        version=edition["version"],
        note=edition["status"][lang],
        language=strings["bibtex_language"],
        key=citations.bibtex_key(inner.strip("/") or "home", lang, updated[:4] or str(edition["published"])),
    )
    return {
        "lang": lang,
        "title": title,
        "is_home": is_home,
        "url": url,
        "home_url": home_url,
        "home_path": site_languages.url_prefix(lang, default) or ".",
        "about_path": site_languages.url_prefix(lang, default) + ABOUT_PAGE,
        "updated": updated,
        "updated_text": format_date(updated, strings["date_locale"], strings["date_pattern"]) if updated else "",
        "alternates": alternates,
        "other_languages": [{"lang": code, "path": site_languages.url_prefix(code, default) + inner or "."}
                            for code, _ in alternates if code not in (lang, "x-default")],
        "apa_html": citations.apa_html(cited),
        "apa_text": citations.apa_text(cited),
        "bibtex": citations.bibtex(cited),
        "json_ld": json_ld(edition, lang, title, page.meta.get("description") or config["site_description"] or "",
                           url, home_url, updated, is_home, alternates, default),
        "og_locale": strings["og_locale"],
        "og_alternate_locales": [all_strings[other]["og_locale"] for other, _ in alternates
                                 if other not in (lang, "x-default") and other in all_strings],
    }


def alternate_urls(config, page, inner: str) -> list[tuple[str, str]]:
    """Return ``[(hreflang, absolute URL)]`` of a page in every language.

    A language is listed only where its own Markdown file exists (a page
    that falls back to English under ``/es/`` is not a Spanish version).
    ``x-default`` (for readers whose language the site lacks) is the default
    language's page. Inputs: the config, the page, its URL inside the
    language folder (``foreword/``; ``""`` for the home page).
    """
    default = site_languages.default_language(config)
    docs = Path(config["docs_dir"])
    source = _inner_source(page)
    found = []
    for lang in site_languages.languages(config):
        if source is None or (docs / lang / source).is_file():
            found.append((lang, config["site_url"] + site_languages.url_prefix(lang, default) + inner))
    default_url = next((url for lang, url in found if lang == default), None)
    if default_url:
        found.append(("x-default", default_url))
    return found


def format_date(iso: str, locale: str, pattern: str) -> str:
    """Return an ISO date (``2026-12-02``) written for readers with babel.

    Inputs: the date, a babel locale (``en_GB``, ``es``) and a CLDR pattern
    (``"d MMMM y"`` → ``2 December 2026``; ``"d 'de' MMMM 'de' y"`` →
    ``2 de diciembre de 2026``). Raises ValueError for a malformed date.
    """
    from babel.dates import format_date as babel_format_date

    return babel_format_date(Date.fromisoformat(iso), format=pattern, locale=locale)


def json_ld(edition: dict, lang: str, title: str, description: str, url: str, home_url: str,
            updated: str, is_home: bool, alternates: list[tuple[str, str]], default: str) -> str:
    """Return schema.org JSON-LD for a page, as a string safe inside
    ``<script type="application/ld+json">`` (``<``, ``>`` and ``&`` escaped).

    The page is a ``WebPage`` (the home page a ``WebSite``) by the guide's
    editors, based on (``isBasedOn``) IOM's publication, a ``Book`` with its
    ISBN and publisher. A Spanish page names the English page it translates.
    """
    source = edition["source"]
    editors = {"@type": "Organization", "name": edition["editor"][lang]}
    guide = {"@type": "WebSite", "name": edition["subtitle"][lang], "url": home_url, "inLanguage": lang,
             "editor": editors, "version": edition["version"], "datePublished": edition["published"]}
    data = {
        "@context": "https://schema.org",
        **(guide if is_home else {"@type": "WebPage", "name": title, "url": url, "inLanguage": lang,
                                   "isPartOf": guide}),
        "description": description,
        "disambiguatingDescription": edition["status"][lang],
        "author": editors,
        "isBasedOn": {
            "@type": "Book",
            "name": source["title"],
            "isbn": source["isbn"],
            "datePublished": source["year"],
            "publisher": {"@type": "Organization", "name": source["publisher"][lang]},
            "url": source["url"],
            "inLanguage": "en",
        },
    }
    if updated:
        data["dateModified"] = updated
    original = next((link for code, link in alternates if code == default), None)
    if lang != default and original:
        data["translationOfWork"] = {"@type": "WebPage" if not is_home else "WebSite", "url": original}
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _inner_source(page) -> str | None:
    """Return the page's Markdown path inside its language folder, or None."""
    lang = site_languages.page_language(page)
    path = Path(page.file.abs_src_path or "")
    for parent in path.parents:
        if parent.name == lang:
            return path.relative_to(parent).as_posix()
    return None
