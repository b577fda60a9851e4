"""Make a PDF of every page and of the whole guide, in every language.

After the last language is built (mkdocs-static-i18n builds one language
after the other in one process), this hook reads each page's HTML from
``site/``, keeps its article and has WeasyPrint render it through the print
stylesheet (``docs/assets/stylesheets/print.css``, the only stylesheet) into:

* ``site/pdf/<page>.pdf`` and ``site/<lang>/pdf/<page>.pdf``: every page of
  the nav except the home page;
* ``site/pdf/<WHOLE_NAME>.pdf`` and ``site/<lang>/pdf/<WHOLE_NAME>.pdf``: the
  whole guide: a cover (title, subtitle, status, editors, version, address,
  and the source with its ISBN as the source's), a contents list of chapters
  and their sections with page numbers, and every page in nav order; links
  between its chapters stay inside it.

Who made the PDFs and what they are based on come from ``extra.edition`` in
mkdocs.yml (see :func:`pdf_identity`): Author is the guide's editors, Subject
"Guide to … (ISBN … of IOM's publication)"; IOM is named only as the source's
publisher.

Links to other pages point to the published site (``site_url``). The PDFs
are A4, tagged (WeasyPrint's PDF/UA-1 variant), with bookmarks from the
headings, a running header, "Page X of Y" in the page's language, the title,
author and language in their metadata, and the shipped font embedded.

Cost: the PDFs are rendered in worker processes (:data:`WORKERS` at a time)
and cached in ``.cache/pdf/`` under a hash of their input (the HTML handed to
WeasyPrint, print.css, the font files, WeasyPrint's version and options), so
a rebuild regenerates only the PDFs whose input changed. With ``SKIP_PDF=1``
(``make serve`` sets it) nothing is generated and pages show no PDF link.

Templates get ``chapter_pdfs`` (see :func:`on_page_context`) for the links;
file sizes, known only once the PDFs exist, are then written into the
``<span data-pdf-size="...">`` placeholders of the built pages.

Every problem is a warning, which ``strict: true`` turns into a failed build:
a missing font file, a WeasyPrint warning or error, a font other than the
stylesheet's in a PDF, a page missing from ``site/`` or without an article.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import html as html_lib
import json
import logging
import multiprocessing
import os
import posixpath
import re
import shutil
import sys
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from mkdocs.plugins import event_priority

import site_languages

log = logging.getLogger("mkdocs.hooks.chapter_pdfs")

#: File name (without ``.pdf``) of the whole guide in each language: named
#: for what it is, a guide (not IOM's strategy).
WHOLE_NAME = "south-america-regional-strategy-2020-2024-guide"
#: Section ids (H2) left out of the whole guide's contents list: every
#: chapter ends with its sources, which would repeat under each chapter.
CONTENTS_SKIP_IDS = frozenset({"sources"})
#: The print stylesheet, relative to the site root; the only stylesheet of the PDFs.
PRINT_CSS = "assets/stylesheets/print.css"
#: Where the PDFs of a language go, relative to that language's root.
PDF_DIR = "pdf"
#: The cache of rendered PDFs, relative to the folder of mkdocs.yml.
CACHE_DIR = ".cache/pdf"
#: Cached PDFs unused for this many days are deleted.
CACHE_DAYS = 30
#: Worker processes rendering PDFs (the machines have two cores).
WORKERS = 2
#: Tables with more rows than this may split across pages from where they
#: start (class ``pdf-long-table``); shorter ones move whole to the next page.
LONG_TABLE_ROWS = 25
#: Options passed to WeasyPrint's ``write_pdf`` (part of the cache key).
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}
#: The name under which worker processes find this module.
_WORKER_MODULE = "chapter_pdfs"


def on_page_context(context, page, config, nav):
    """Tell the page template which PDFs to link to (MkDocs event).

    Adds ``chapter_pdfs`` to the template context: ``{"page": path of this
    page's PDF or None, "strategy": [{"lang", "path"}, ...] on the home page
    (the page's language first), else []}``. Paths are relative to the site
    root (use the ``url`` filter). Nothing is added when PDFs are skipped.
    """
    if not pdfs_enabled(os.environ):
        return context
    lang = site_languages.build_language(config)
    default = site_languages.default_language(config)
    inner = site_languages.inner_url(page.url, lang, default)
    pages = pdf_pages(config["nav"], config.extra.get("pdf_skip"))
    langs = site_languages.languages(config)
    context["chapter_pdfs"] = {
        "page": pdf_path(pages[inner], lang, default) if inner in pages else None,
        "strategy": [
            {"lang": other, "path": pdf_path(WHOLE_NAME, other, default)}
            for other in sorted(langs, key=lambda code: code != lang)
        ] if inner == "" else [],
    }
    return context


@event_priority(-120)  # after mkdocs-static-i18n (-100) has built every language
def on_post_build(config):
    """Render, cache and place every PDF once all languages are built (MkDocs event)."""
    if not site_languages.is_final_build(config):
        return
    if not pdfs_enabled(os.environ):
        log.info("SKIP_PDF=1: no PDFs generated")
        return
    started = time.monotonic()
    site = Path(config.site_dir)
    default = site_languages.default_language(config)
    langs = site_languages.languages(config)
    css = site / PRINT_CSS
    if not css.is_file():
        log.warning("PDFs: %s is missing; no PDFs generated", PRINT_CSS)
        return
    fonts = font_files(css.read_text(encoding="utf-8"), PRINT_CSS)
    for family, font in fonts:
        if not (site / font).is_file():
            log.warning("PDFs: font '%s' is missing: %s (an @font-face of %s); put the font file at docs/%s",
                        family, font, PRINT_CSS, font)
    if not fonts or not all((site / font).is_file() for _, font in fonts):
        log.warning("PDFs: not generated: %s needs every @font-face font file (fonts are never substituted)", PRINT_CSS)
        return
    strings = config.theme.get_env().get_template("partials/site-strings.html").module.strings
    edition = config.extra["edition"]
    pages = pdf_pages(config["nav"], config.extra.get("pdf_skip"))
    jobs: dict[str, str] = {}  # PDF path relative to the site root -> HTML document
    for lang in langs:
        t = strings.get(lang) or strings["en"]
        folder = site_languages.url_prefix(lang, default)
        articles = {}
        for inner, slug in pages.items():
            path = site / folder / inner / "index.html"
            if not path.exists():
                log.warning("PDFs: %s is missing; no PDF for it", path.relative_to(site))
                continue
            try:
                articles[inner] = read_article(path.read_text(encoding="utf-8"))
            except ValueError as error:
                log.warning("PDFs: %s: %s; no PDF for it", path.relative_to(site), error)
        if not articles:
            continue
        site_name = next(iter(articles.values())).site_name
        home = config.site_url + folder
        try:
            identity = pdf_identity(edition, lang, t)
        except (KeyError, TypeError, AttributeError) as error:
            log.warning("PDFs: no PDFs in '%s': extra.edition in mkdocs.yml lacks %s (see README, "
                        "'The edition's identity')", lang, error)
            continue
        for inner, article in articles.items():
            body = rewrite_links(article.body, folder + inner, config.site_url, {})
            jobs[pdf_path(pages[inner], lang, default)] = chapter_document(article, body, lang, site_name, t, identity)
        chapters = [(pages[inner], article, rewrite_links(
            article.body, folder + inner, config.site_url,
            {folder + other: pages[other] for other in articles}, pages[inner]))
            for inner, article in articles.items()]
        jobs[pdf_path(WHOLE_NAME, lang, default)] = strategy_document(chapters, lang, site_name, t, identity, home)
    cache = Path(config.config_file_path).parent / CACHE_DIR
    assets = assets_digest([css, *(site / font for _, font in fonts)])
    results = render_all(jobs, site, cache, assets, {family for family, _ in fonts})
    sizes = {path: (site / path).stat().st_size for path in jobs if (site / path).exists()}
    for lang in langs:
        folder = site_languages.url_prefix(lang, default)
        for inner in ["", *pages]:
            fill_page(site / folder / inner / "index.html", sizes, lang)
    prune_cache(cache, CACHE_DAYS)
    log.info("PDFs: %d written to %s (%d rendered, %d from cache) in %.1f s", len(results), site,
             sum(1 for fresh in results.values() if fresh), sum(1 for fresh in results.values() if not fresh),
             time.monotonic() - started)


def render_all(jobs: dict[str, str], site: Path, cache: Path, assets: str, families: set[str]) -> dict[str, bool]:
    """Write every PDF of ``jobs`` into ``site``, from the cache or rendered.

    Inputs: ``{PDF path relative to the site root: HTML document}``, the site
    folder (also WeasyPrint's base URL), the cache folder, the digest of the
    stylesheet and fonts, and the font families allowed in the PDFs. Output:
    ``{path: True if rendered now, False if taken from the cache}``. Each
    WeasyPrint warning or error and each unexpected font is logged as a
    warning naming the PDF; a PDF with a warning is not cached.
    """
    cache.mkdir(parents=True, exist_ok=True)
    keys = {path: cache_key(document, assets, local_files(document, site)) for path, document in jobs.items()}
    todo = {}  # cache key -> document, each rendered once
    for path, key in sorted(keys.items(), key=lambda item: -len(jobs[item[0]])):  # longest first
        if not (cache / f"{key}.pdf").exists():
            todo.setdefault(key, jobs[path])
    base_url = site.resolve().as_uri() + "/"
    temporary = {key: cache / f"{key}.{os.getpid()}.tmp" for key in todo}
    context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    if todo and context:
        import weasyprint  # noqa: F401 - imported once here (about 1 s), inherited by the forked workers
        # pickle sends render_pdf to the workers by module name; MkDocs names
        # a hook module after its file path, which is not importable.
        sys.modules[_WORKER_MODULE] = sys.modules[render_pdf.__module__]
        render_pdf.__module__ = _WORKER_MODULE
        with concurrent.futures.ProcessPoolExecutor(min(WORKERS, len(todo)), mp_context=context) as pool:
            futures = {key: pool.submit(render_pdf, document, base_url, str(temporary[key])) for key, document in todo.items()}
            outcomes = {key: future.result() for key, future in futures.items()}
    else:
        outcomes = {key: render_pdf(document, base_url, str(temporary[key])) for key, document in todo.items()}
    clean = {}
    results = {}
    for path, key in keys.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if key not in outcomes:
            os.utime(cache / f"{key}.pdf")
            shutil.copyfile(cache / f"{key}.pdf", target)
            results[path] = False
            continue
        messages, used = outcomes[key]
        problems = [f"WeasyPrint: {message}" for message in messages] + [
            f"uses the font '{family}', which print.css does not ship (expected only {', '.join(sorted(families))}); "
            "a character is missing from the shipped font or a font failed to load"
            for family in sorted(set(used) - families)]
        for problem in problems:
            log.warning("PDF %s: %s", path, problem)
        clean[key] = clean.get(key, True) and not problems
        if temporary[key].exists():
            shutil.copyfile(temporary[key], target)
        results[path] = True
    for key, path in temporary.items():
        if path.exists() and clean.get(key):
            os.replace(path, cache / f"{key}.pdf")
        else:
            path.unlink(missing_ok=True)
    return results


def render_pdf(document: str, base_url: str, target: str) -> tuple[list[str], list[str]]:
    """Render one HTML document to a PDF file with WeasyPrint.

    Inputs: the HTML document, the base URL its relative addresses resolve
    against (``file:///.../site/``), the output file. Output: (WeasyPrint's
    warning and error messages, the font families embedded). Never raises:
    a failure is returned as a message, and no file is written. Runs in a
    worker process.
    """
    import weasyprint  # imported here: a build that renders nothing never loads it

    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            messages.append(record.getMessage())

    handler = Collect(logging.WARNING)
    weasyprint.LOGGER.addHandler(handler)
    propagate, weasyprint.LOGGER.propagate = weasyprint.LOGGER.propagate, False
    try:
        rendered = weasyprint.HTML(string=document, base_url=base_url).render()
        rendered.write_pdf(target, **PDF_OPTIONS)
        return messages, sorted({font.family for font in rendered.fonts.values()})
    except Exception as error:  # noqa: BLE001 - reported as a build warning naming the PDF
        return [*messages, f"rendering failed: {type(error).__name__}: {error}"], []
    finally:
        weasyprint.LOGGER.removeHandler(handler)
        weasyprint.LOGGER.propagate = propagate


# ---------------------------------------------------------------------------
# Pure helpers (tests call these directly)
# ---------------------------------------------------------------------------

_FONT_FACE = re.compile(r"@font-face\s*{([^}]*)}", re.IGNORECASE)
_FAMILY = re.compile(r"font-family\s*:\s*[\"']?([^;\"']+)", re.IGNORECASE)
_SRC_URL = re.compile(r"url\(\s*[\"']?([^\"')]+)", re.IGNORECASE)
_YEAR_RANGE = re.compile(r"\b\d{4}–\d{4}\b")  # kept on one line on the cover
_SIZE_SPAN = re.compile(r'(<span class="pdf-size" data-pdf-size="([^"]+)">)[^<]*(</span>)')


@dataclass(frozen=True)
class Article:
    """What a PDF takes from one built page."""

    title: str        #: the page's H1, as text
    site_name: str    #: the site name shown in the page header, in the page's language
    description: str  #: the page's <meta name="description">
    body: str         #: the article's HTML without buttons, permalinks and scripts


def pdfs_enabled(environ) -> bool:
    """Return False when ``SKIP_PDF`` is set to 1/true/yes in ``environ``."""
    return environ.get("SKIP_PDF", "").strip().lower() not in {"1", "true", "yes"}


def pdf_pages(nav, skip=None) -> dict[str, str]:
    """Return the pages that get a PDF (and go into the whole guide), in nav order.

    Inputs: the ``nav`` of mkdocs.yml as data (strings, one-key dicts,
    lists) and ``extra.pdf_skip`` (Markdown paths or folder prefixes, e.g.
    ``["contributors/"]``, or None). Output: ``{"introduction/":
    "introduction", "annexes/x/": "annexes-x"}``: each page's URL inside its
    language folder mapped to its PDF name. The home page (``index.md``),
    skipped pages and external links in the nav get none.
    """
    found: dict[str, str] = {}

    def walk(items):
        for item in items or []:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                walk(value)
            elif (isinstance(value, str) and value.endswith(".md") and "://" not in value
                  and not any(value.startswith(start) for start in skip or [])):
                stem = value[: -len(".md")]
                stem = stem[: -len("/index")] if stem.endswith("/index") else ("" if stem == "index" else stem)
                if stem:
                    found[stem + "/"] = stem.replace("/", "-")

    walk(nav)
    return found


def pdf_path(name: str, lang: str, default: str) -> str:
    """Return the site path of a PDF: ``pdf/<name>.pdf`` or ``<lang>/pdf/<name>.pdf``."""
    return f"{site_languages.url_prefix(lang, default)}{PDF_DIR}/{name}.pdf"


def font_files(css: str, css_path: str) -> list[tuple[str, str]]:
    """Return ``(family, file)`` for each ``@font-face`` source in ``css``.

    Inputs: the stylesheet's text and its path in the site
    (``assets/stylesheets/print.css``). Output: files as site paths
    (``assets/fonts/NotoSans-Regular.ttf``).
    """
    faces = []
    for block in _FONT_FACE.findall(css):
        family = _FAMILY.search(block)
        for url in _SRC_URL.findall(block):
            faces.append((family.group(1).strip() if family else "?",
                          posixpath.normpath(posixpath.join(posixpath.dirname(css_path), url.strip()))))
    return faces


def read_article(page_html: str) -> Article:
    """Return the printable part of a built page.

    Input: the HTML of a page built with Material for MkDocs. Output: an
    :class:`Article`; tables longer than :data:`LONG_TABLE_ROWS` rows get
    the class ``pdf-long-table``. Raises ValueError when the page has no
    ``<article class="md-content__inner">`` or no H1.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page_html, "html.parser")
    article = soup.select_one("article.md-content__inner")
    if article is None or article.find("h1") is None:
        raise ValueError("no <article class=\"md-content__inner\"> with an <h1> in the page")
    for junk in article.select(".md-content__button, .headerlink, .pdf-download, .pdf-strategy, "
                               ".md-source-file, .md-feedback, script, form"):
        junk.decompose()
    for details in article.select("details"):
        details["open"] = ""
    for table in article.select("table"):
        if len(table.select("tr")) > LONG_TABLE_ROWS:
            table["class"] = [*table.get("class", []), "pdf-long-table"]
    topic = soup.select_one(".md-header__topic .md-ellipsis")
    description = soup.find("meta", attrs={"name": "description"})
    return Article(
        title=" ".join(article.find("h1").get_text().split()),
        site_name=" ".join(topic.get_text().split()) if topic else "",
        description=description.get("content", "") if description else "",
        body=article.decode_contents().strip(),
    )


def link_target(href: str, page_path: str) -> tuple[str, str] | None:
    """Resolve a link of a built page to a site path and fragment.

    Inputs: the ``href`` and the page's path in the site (``es/foreword/``).
    Output: ``(site path, fragment)``, e.g. ``("es/introduction/", "pillars")``;
    the path of a page ends with ``/``. None for external links (with a
    scheme, ``//host`` or pointing above the site root).
    """
    if re.match(r"^[a-z][a-z0-9+.\-]*:|^//", href, re.IGNORECASE):
        return None
    path, _, fragment = href.partition("#")
    path = path.split("?", 1)[0]
    if not path:
        return page_path, fragment
    target = posixpath.normpath(posixpath.join(page_path, path)) if not path.startswith("/") else path.lstrip("/")
    if target == ".":
        target = ""
    if target.startswith(".."):
        return None
    if target.endswith("index.html"):
        target = target[: -len("index.html")]
    if target and not target.endswith("/") and "." not in posixpath.basename(target):
        target += "/"
    return target, fragment


def rewrite_links(body: str, page_path: str, site_url: str, chapters: dict[str, str], slug: str = "") -> str:
    """Point the links and images of an article where they work in a PDF.

    Inputs: the article HTML, its page's site path (``es/foreword/``), the
    published ``site_url``, and for the whole-guide PDF the pages it holds
    (``{site path: slug}``) and this page's slug. Output: HTML where

    * links to this page (and, in the whole PDF, to any page it holds) point
      inside the PDF; in the whole PDF every id becomes ``<slug>--<id>``;
    * other links inside the site point to ``site_url`` (class
      ``pdf-site-link``); external links are unchanged (class
      ``pdf-bare-url`` when their text is the address itself);
    * image sources are relative to the site root (WeasyPrint's base URL).
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(body, "html.parser")
    if slug:
        for element in soup.select("[id]"):
            element["id"] = f"{slug}--{element['id']}"
    for link in soup.select("a[href]"):
        href = link["href"]
        target = link_target(href, page_path)
        if target is None:
            if link.get_text().strip().rstrip("/") == href.rstrip("/"):
                link["class"] = [*link.get("class", []), "pdf-bare-url"]
            continue
        path, fragment = target
        if slug and path in chapters:
            link["href"] = "#" + (f"{chapters[path]}--{fragment}" if fragment else chapters[path])
        elif not slug and path == page_path and fragment:
            link["href"] = "#" + fragment
        else:
            link["href"] = site_url.rstrip("/") + "/" + path + (f"#{fragment}" if fragment else "")
            link["class"] = [*link.get("class", []), "pdf-site-link"]
    for image in soup.select("img[src]"):
        target = link_target(image["src"], page_path)
        if target is not None:
            image["src"] = target[0].rstrip("/")
    return str(soup)


def _body_attributes(lang: str, doc_title: str, strings: dict) -> str:
    before, _, rest = strings["pdf_page"].partition("{page}")
    middle, _, after = rest.partition("{pages}")
    attributes = {"class": "pdf", "data-doc-title": doc_title, "data-page-before": before,
                  "data-page-middle": middle, "data-page-after": after}
    return " ".join(f'{name}="{html_lib.escape(value, quote=True)}"' for name, value in attributes.items())


def _head(lang: str, title: str, author: str, description: str) -> str:
    """The document head; WeasyPrint writes title, author and description
    into the PDF's Title, Author and Subject."""
    e = html_lib.escape
    return (f'<!DOCTYPE html>\n<html lang="{e(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{e(title)}</title>\n"
            + (f'<meta name="author" content="{e(author, quote=True)}">\n' if author else "")
            + f'<meta name="description" content="{e(description, quote=True)}">\n'
            f'<link rel="stylesheet" href="{PRINT_CSS}">\n</head>\n')


def pdf_identity(edition: dict, lang: str, strings: dict) -> dict[str, str]:
    """Return what the PDFs of one language say about the edition.

    Inputs: ``extra.edition`` of mkdocs.yml (per-language texts are
    ``{locale: text}``), the locale and that language's interface strings
    (``overrides/partials/site-strings.html``: ``pdf_subject``,
    ``source_isbn``). Output: ``title``, ``subtitle``, ``status``,
    ``author`` (the guide's editors: the PDFs' Author), ``subject`` ("Guide
    to … (ISBN … of IOM's publication)": the PDFs' Subject), ``version``,
    ``published``, and the source's ``source_title`` (English, its only
    edition), ``source_publisher``, ``source_place``, ``source_year``,
    ``source_isbn`` (the labelled ISBN line), ``source_rights`` and
    ``source_url``. Raises KeyError when a field is missing (the
    edition_identity hook has already warned about it).
    """
    def text(value):
        return value.get(lang) or value["en"] if isinstance(value, dict) else str(value)

    source = edition["source"]
    local_title = source.get("title_es") if lang == "es" and source.get("title_es") else source["title"]
    return {
        "title": text(edition["title"]),
        "subtitle": text(edition["subtitle"]),
        "status": text(edition["status"]),
        "author": text(edition["editor"]),
        "subject": strings["pdf_subject"].replace("{title}", local_title).replace("{isbn}", str(source["isbn"])),
        "version": str(edition["version"]),
        "published": str(edition["published"]),
        "source_title": str(source["title"]),
        "source_publisher": text(source["publisher"]),
        "source_place": str(source["place"]),
        "source_year": str(source["year"]),
        "source_isbn": strings["source_isbn"].replace("{isbn}", str(source["isbn"])),
        "source_rights": text(source["rights"]),
        "source_url": str(source["url"]),
    }


def chapter_document(article: Article, body: str, lang: str, site_name: str, strings: dict,
                     identity: dict | None = None) -> str:
    """Return the HTML document WeasyPrint renders for one page's PDF.

    Inputs: the page's :class:`Article`, its body after :func:`rewrite_links`,
    the language, the site name, the interface strings of that language
    (``overrides/partials/site-strings.html``: ``pdf_page``) and the
    edition's identity (:func:`pdf_identity`: Author and Subject; without it
    the PDF has no Author and the page's description as Subject).
    """
    author = identity["author"] if identity else ""
    subject = identity["subject"] if identity else article.description
    return (_head(lang, f"{article.title} — {site_name}", author, subject)
            + f"<body {_body_attributes(lang, site_name, strings)}>\n"
            + f'<article class="md-typeset pdf-chapter">\n{body}\n</article>\n</body>\n</html>\n')


def contents_entries(chapters: list[tuple[str, Article, str]]) -> str:
    """Return the whole guide's contents list items: each chapter and its H2
    sections, except those whose id (before the ``<slug>--`` prefix) is in
    :data:`CONTENTS_SKIP_IDS`."""
    from bs4 import BeautifulSoup

    e = html_lib.escape
    entries = []
    for slug, article, body in chapters:
        sections = "".join(
            f'<li><a href="#{e(h2["id"])}">{e(" ".join(h2.get_text(" ").split()))}</a></li>'
            for h2 in BeautifulSoup(body, "html.parser").select("h2[id]")
            if h2["id"].split("--", 1)[-1] not in CONTENTS_SKIP_IDS)
        entries.append(f'<li><a href="#{slug}">{e(article.title)}</a>'
                       + (f"<ol>{sections}</ol>" if sections else "") + "</li>")
    return "".join(entries)


def cover(identity: dict, strings: dict, lang: str, home_url: str) -> str:
    """Return the whole guide's cover: title, subtitle and status at the top;
    editors, version, the guide's address and the source (title, publisher,
    year, its ISBN labelled as the source's, rights, address) at the foot.

    Inputs: :func:`pdf_identity`, the language's interface strings
    (``edited_by``, ``version``, ``pdf_online``, ``pdf_based_on``), the
    locale and the address of the language's home page.
    """
    e = html_lib.escape
    i = {key: _YEAR_RANGE.sub(r'<span class="pdf-nowrap">\g<0></span>', e(value)) for key, value in identity.items()}
    source_lang = '' if lang == "en" else ' lang="en"'
    return (
        '<section class="pdf-cover">\n'
        '<div class="pdf-cover__head">\n'
        f'<p class="pdf-cover__title">{i["title"]}</p>\n'
        f'<p class="pdf-cover__subtitle">{i["subtitle"]}</p>\n'
        f'<p class="pdf-cover__status">{i["status"]}</p>\n'
        "</div>\n"
        '<div class="pdf-cover__foot">\n'
        f'<p class="pdf-cover__editor">{e(strings["edited_by"])} {i["author"]}</p>\n'
        f'<p class="pdf-cover__version">{e(strings["version"])} {i["version"]} · {i["published"]}</p>\n'
        f'<p class="pdf-cover__url">{e(strings["pdf_online"])} '
        f'<a class="pdf-bare-url" href="{e(home_url, quote=True)}">{e(home_url)}</a></p>\n'
        '<div class="pdf-cover__source">\n'
        f'<p class="pdf-cover__label">{e(strings["pdf_based_on"])}</p>\n'
        f'<p><cite{source_lang}>{i["source_title"]}</cite>. {i["source_publisher"]}, '
        f'{i["source_place"]}, {i["source_year"]}.</p>\n'
        f'<p class="pdf-cover__isbn">{i["source_isbn"]}</p>\n'
        f'<p>{i["source_rights"]} <a class="pdf-bare-url" href="{e(identity["source_url"], quote=True)}">{i["source_url"]}</a></p>\n'
        "</div>\n</div>\n</section>\n")


def strategy_document(chapters: list[tuple[str, Article, str]], lang: str, site_name: str, strings: dict,
                      identity: dict, home_url: str) -> str:
    """Return the HTML document of the whole guide's PDF in one language.

    Inputs: ``[(slug, Article, body after rewrite_links with that slug)]`` in
    nav order, the language, the site name, the interface strings of the
    language (``pdf_*``), the edition's identity (:func:`pdf_identity`) and
    the address of the language's home page. Output: HTML with a
    :func:`cover`, a contents list (:func:`contents_entries`) and the
    chapters, each in a ``<section id="<slug>">``.
    """
    e = html_lib.escape
    contents = (f'<nav class="pdf-contents md-typeset">\n<h1 id="contents">{e(strings["pdf_contents"])}</h1>\n'
                f'<ol>{contents_entries(chapters)}</ol>\n</nav>\n')
    body = "".join(f'<section class="pdf-chapter md-typeset" id="{slug}">\n{html}\n</section>\n'
                   for slug, _, html in chapters)
    return (_head(lang, site_name, identity["author"], identity["subject"])
            + f"<body {_body_attributes(lang, site_name, strings)}>\n{cover(identity, strings, lang, home_url)}"
            + f"{contents}{body}</body>\n</html>\n")


def assets_digest(paths: list[Path]) -> str:
    """Return a SHA-256 hex digest of the given files' bytes and of WeasyPrint's version."""
    digest = hashlib.sha256(f"weasyprint {version('weasyprint')}".encode())
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def cache_key(document: str, assets: str, files: list[Path] = ()) -> str:
    """Return the cache key of one PDF: a SHA-256 hex digest of its HTML
    document, of ``assets`` (:func:`assets_digest`), of :data:`PDF_OPTIONS`
    and of the bytes of ``files`` (the images it shows, :func:`local_files`)."""
    payload = json.dumps([assets, PDF_OPTIONS, document], ensure_ascii=False, sort_keys=True)
    digest = hashlib.sha256(payload.encode())
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def local_files(document: str, site: Path) -> list[Path]:
    """Return the existing files of ``site`` that ``src`` attributes of ``document`` name."""
    found = []
    for source in sorted(set(re.findall(r'\ssrc="([^"#?:]+)"', document))):
        path = site / html_lib.unescape(source)
        if path.is_file():
            found.append(path)
    return found


def format_size(size: int, lang: str) -> str:
    """Return a file size for people: ``"245 KB"``, ``"1.3 MB"`` (``"1,3 MB"`` in Spanish).

    Input: bytes and a locale. Units are powers of 1024.
    """
    from babel.numbers import format_decimal

    if size < 1024 * 1024:
        return f"{format_decimal(max(1, round(size / 1024)), locale=lang)} KB"
    return f"{format_decimal(round(size / 1024 / 1024, 1), format='#,##0.0', locale=lang)} MB"


def fill_sizes(page_html: str, sizes: dict[str, int], lang: str) -> str:
    """Fill each ``<span class="pdf-size" data-pdf-size="PATH"></span>`` with
    the size of PATH (:func:`format_size`, ``sizes`` is ``{PATH: bytes}``);
    spans of PDFs not in ``sizes`` stay empty."""
    def replace(match: re.Match) -> str:
        size = sizes.get(html_lib.unescape(match.group(2)))
        return match.group(1) + (format_size(size, lang) if size else "") + match.group(3)

    return _SIZE_SPAN.sub(replace, page_html)


def fill_page(path: Path, sizes: dict[str, int], lang: str) -> None:
    """Apply :func:`fill_sizes` to one built page, if it exists."""
    if path.exists():
        text = path.read_text(encoding="utf-8")
        filled = fill_sizes(text, sizes, lang)
        if filled != text:
            path.write_text(filled, encoding="utf-8")


def prune_cache(cache: Path, days: float) -> None:
    """Delete cached PDFs (and stale temporary files) unused for ``days`` days."""
    limit = time.time() - days * 86400
    for path in cache.glob("*"):
        if path.suffix in (".pdf", ".tmp") and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
