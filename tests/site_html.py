"""Helpers for reading the built site in tests (not a test module)."""

from __future__ import annotations

import os
import posixpath
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from bs4 import BeautifulSoup

from conftest import ROOT, i18n_languages, nav_pages, page_dir
import site_languages  # overrides/hooks/, put on sys.path by conftest

LANGS = i18n_languages()
DEFAULT = LANGS[0]


def site_url() -> str:
    """The published address the build uses: ``SITE_URL`` if set, else the
    default of the ``!ENV`` tag of ``site_url`` in mkdocs.yml."""
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])
    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    default = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)["site_url"]
    return os.environ.get("SITE_URL") or default


#: The path of the site's address ("/regional-strategy-2020-2024/"): where
#: absolute links of the built pages (language selector, 404 pages) start.
SITE_PATH = urlsplit(site_url()).path or "/"


def lang_prefix(lang: str) -> str:
    """Site folder of a language: ``""`` for the default, ``"es/"`` otherwise."""
    return site_languages.url_prefix(lang, DEFAULT)


def page_path(site: Path, lang: str, page: str) -> Path:
    """Built HTML file of a nav page in a language."""
    return site / lang_prefix(lang) / page_dir(page) / "index.html"


def figure_page(site: Path) -> str:
    """Return the nav page (``migration-outlook.md``) whose built default-language
    page holds the most charts (``data-figure__chart``): the heaviest page."""
    return max(nav_pages(), key=lambda page: page_path(site, DEFAULT, page).read_text(encoding="utf-8").count("data-figure__chart"))


@lru_cache(maxsize=None)
def _soup(path: str, mtime: float) -> BeautifulSoup:
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


def soup(path: Path) -> BeautifulSoup:
    """Parsed HTML of a built file (cached while the file is unchanged).

    The tree is shared between tests: never modify it, edit a ``copy.copy``.
    """
    return _soup(str(path), path.stat().st_mtime)


def article(page_soup: BeautifulSoup):
    """The page's main content (Material's ``article.md-content__inner``)."""
    return page_soup.select_one("article.md-content__inner")


def resolve(site: Path, html_file: Path, href: str) -> str:
    """Resolve a relative ``href`` of ``html_file`` to a site path (``es/foreword/``)."""
    base = html_file.parent.relative_to(site).as_posix()
    path = href.split("#", 1)[0]
    if path.startswith("/"):  # absolute path: from the path of site_url
        path = "/" + path[len(SITE_PATH):] if path.startswith(SITE_PATH) else path
        base, path = "", "./" + path.lstrip("/")
    joined = posixpath.normpath(posixpath.join("" if base == "." else base, path)) if path else base
    joined = "" if joined == "." else joined
    if path.endswith("/") and joined:
        joined += "/"
    return joined


def all_pages():
    """(lang, page) for every nav page in every language."""
    return [(lang, page) for lang in LANGS for page in nav_pages()]


def heading_text(element) -> str:
    """Text of a heading without its permalink sign (``¶``)."""
    return "".join(
        part for part in element.find_all(string=True)
        if not part.find_parent("a", class_="headerlink")
    ).strip()


def title(site: Path, lang: str, page: str) -> str:
    """The H1 of a built nav page."""
    return heading_text(article(soup(page_path(site, lang, page))).h1)
