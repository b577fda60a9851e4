"""The edition's identity: every page and PDF says what this edition is from
``extra.edition`` in mkdocs.yml (banner, footer, ``<meta name="author">``,
About, PDF Author/Subject/cover), names IOM only as the source's publisher,
shows the source's ISBN only as the source's, and the built site holds no
local address (127.0.0.1, localhost)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest
from pypdf import PdfReader

import chapter_pdfs
import edition_identity
from conftest import ROOT, mkdocs_config, nav_pages, page_dir
from site_html import LANGS, all_pages, article, lang_prefix, page_path, site_url, soup

EDITION = mkdocs_config()["extra"]["edition"]
SOURCE = EDITION["source"]
ISBN = SOURCE["isbn"]
#: What names IOM as a maker: an author, creator or publisher field may not match it.
IOM = re.compile(r"\bIOM\b|\bOIM\b|International Organization for Migration|Organización Internacional para las Migraciones")
#: Wording that presents this site as IOM's edition or as the strategy itself
#: (what issue 8 found): it may appear nowhere in the built pages or PDFs.
IOM_EDITION = re.compile(
    r"web edition of (an|the) IOM|edición web de (una publicación de la OIM|la Estrategia)"
    r"|whole strategy in (English|Spanish)|estrategia completa en (inglés|español)", re.IGNORECASE)
LOCAL = re.compile(r"127\.0\.0\.1|localhost|0\.0\.0\.0", re.IGNORECASE)
#: Meta tags whose content names the author or publisher of the page.
MAKER_META = {"author", "citation_author", "citation_publisher", "dc.creator", "dc.publisher", "article:author"}
PDF_NAMES = [page for page in nav_pages() if page != "index.md"
             and not page.startswith(tuple(mkdocs_config()["extra"].get("pdf_skip") or ()))]


def squash(value: str) -> str:
    """Collapse white space, and the spaces ``get_text(" ")`` puts around
    inline elements such as ``<abbr>IOM</abbr>'s`` (→ ``IOM 's``)."""
    value = " ".join(value.split())
    value = re.sub(r" (?=['’,.;:)\]»”])", "", value)
    return re.sub(r"(?<=[(\[«“]) ", "", value)


def strings(lang: str) -> dict:
    """The interface strings of overrides/partials/site-strings.html, as the templates see them."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "overrides")))
    every = env.get_template("partials/site-strings.html").module.strings
    return every.get(lang) or every["en"]


def pdf_files(site: Path, lang: str) -> list[Path]:
    folder = site / lang_prefix(lang) / "pdf"
    return [folder / f"{chapter_pdfs.WHOLE_NAME}.pdf",
            *(folder / f"{page_dir(page).rstrip('/').replace('/', '-')}.pdf" for page in PDF_NAMES)]


@lru_cache(maxsize=None)
def _pdf_text(path: str, mtime: float) -> str:
    proc = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, text=True, check=True)
    return proc.stdout


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    """The PDF's text (pdftotext), whitespace collapsed; pages ``first``..``last`` (from 1) when given."""
    assert shutil.which("pdftotext"), "pdftotext is missing: apt-get install poppler-utils (.ci/run does)"
    if first is None:
        return squash(_pdf_text(str(path), path.stat().st_mtime))
    proc = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(first), "-l", str(last or first), str(path), "-"],
                          capture_output=True, text=True, check=True)
    return squash(proc.stdout)


# ---------------------------------------------------------------------------
# Pages: banner, footer, author, About
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("lang,page", all_pages())
def test_every_page_states_the_edition_in_its_banner_footer_and_author(site, lang, page):
    where = f"/{lang_prefix(lang)}{page_dir(page)}"
    html = soup(page_path(site, lang, page))
    banner = squash(html.select_one(".md-banner").get_text(" "))
    assert squash(EDITION["status"][lang]) in banner, f"{where}: the banner lacks the status {EDITION['status'][lang]!r}: {banner!r}"
    footer = html.select_one(".md-footer .md-copyright")
    assert footer is not None, f"{where}: no footer statement (.md-copyright)"
    text = squash(footer.get_text(" "))
    for name in ("subtitle", "status", "editor"):
        assert squash(EDITION[name][lang]) in text, f"{where}: the footer lacks the {name} {EDITION[name][lang]!r}: {text!r}"
    for value in (EDITION["version"], SOURCE["title"], SOURCE["publisher"][lang], SOURCE["rights"][lang]):
        assert squash(str(value)) in text, f"{where}: the footer lacks {value!r}: {text!r}"
    assert footer.find("a", href=SOURCE["url"]), f"{where}: the footer does not link to the source {SOURCE['url']}"
    author = html.find("meta", attrs={"name": "author"})
    assert author is not None and author.get("content") == EDITION["editor"][lang], \
        f"{where}: <meta name=\"author\"> is {author and author.get('content')!r}, expected the editors {EDITION['editor'][lang]!r}"


@pytest.mark.parametrize("lang,page", all_pages())
def test_no_page_names_iom_as_author_or_publisher_of_this_edition(site, lang, page):
    where = f"/{lang_prefix(lang)}{page_dir(page)}"
    html = soup(page_path(site, lang, page))
    for meta in html.find_all("meta"):
        name = (meta.get("name") or meta.get("property") or "").lower()
        if name in MAKER_META:
            assert not IOM.search(meta.get("content", "")), f"{where}: <meta {name}> names IOM: {meta.get('content')!r}"
    for script in html.select('script[type="application/ld+json"]'):
        data = json.loads(script.string or "{}")
        for item in data if isinstance(data, list) else data.get("@graph", [data]):
            for key in ("author", "creator", "publisher", "editor"):
                assert not IOM.search(json.dumps(item.get(key, ""), ensure_ascii=False)), \
                    f"{where}: JSON-LD {key} names IOM: {item.get(key)!r} (IOM is the source's publisher: isBasedOn)"
    text = squash(html.get_text(" "))
    found = IOM_EDITION.search(text)
    assert not found, f"{where}: presents the site as IOM's edition or the strategy: {found.group(0)!r}"


@pytest.mark.parametrize("lang,page", all_pages())
def test_the_source_isbn_appears_only_as_the_source_s(site, lang, page):
    """Every text block with the ISBN also names IOM (whose ISBN it is)."""
    where = f"/{lang_prefix(lang)}{page_dir(page)}"
    html = soup(page_path(site, lang, page))
    for node in html.find_all(string=re.compile(re.escape(ISBN))):
        block = node.find_parent(["p", "li", "td", "dd", "div"])
        context = squash(block.get_text(" ")) if block else str(node)
        if block is not None and block.name == "dd" and block.find_previous_sibling("dt"):
            # A key fact: its term ("ISBN of IOM's publication") labels the value.
            context = squash(block.find_previous_sibling("dt").get_text(" ")) + " " + context
        assert IOM.search(context), f"{where}: the ISBN {ISBN} appears without saying it is IOM's publication's: {context!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_about_states_the_identity_from_the_data(site, lang):
    text = squash(article(soup(page_path(site, lang, "about.md"))).get_text(" "))
    for value in (EDITION["subtitle"][lang], EDITION["status"][lang], EDITION["editor"][lang], EDITION["version"],
                  SOURCE["title"], SOURCE["publisher"][lang], ISBN, SOURCE["rights"][lang]):
        assert squash(str(value)) in text, f"/{lang_prefix(lang)}about/: does not state {value!r} (extra.edition)"
    # ("{{" alone is BibTeX's group author in "How to cite": author = {{Editors ...}})
    left = re.search(r"\{\{\s*edition\.", text)
    assert not left, f"/{lang_prefix(lang)}about/: an unfilled placeholder: {text[left.start():][:60]!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_home_page_names_the_downloads_as_the_guide(site, lang):
    links = [squash(a.get_text(" ")) for a in soup(site / lang_prefix(lang) / "index.html").select(".pdf-strategy a")]
    assert links, f"/{lang_prefix(lang)}: no links to the whole guide's PDFs"
    expected = [strings(lang)["pdf_strategy"][other] for other in [lang] + [o for o in LANGS if o != lang]]
    assert links == expected, f"/{lang_prefix(lang)}: download links {links}, expected {expected}"
    word = {"en": "guide", "es": "guía"}[lang]
    assert all(word in link for link in links), f"/{lang_prefix(lang)}: a download is not named as the guide: {links}"


# ---------------------------------------------------------------------------
# PDFs: metadata, cover, contents, text
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_every_pdf_names_the_guide_s_editors_as_author_and_the_source_as_subject(site, lang):
    title = SOURCE["title_es"] if lang == "es" else SOURCE["title"]
    for path in pdf_files(site, lang):
        name = path.relative_to(site)
        info = PdfReader(path).metadata
        assert info.get("/Author") == EDITION["editor"][lang], f"{name}: Author is {info.get('/Author')!r}, expected {EDITION['editor'][lang]!r}"
        subject = info.get("/Subject") or ""
        assert ISBN in subject and title in subject, f"{name}: Subject {subject!r} should name the source ({title}) and its ISBN"
        assert not IOM.search(subject.replace(ISBN, "").split("(")[0]), f"{name}: Subject {subject!r} names IOM before the source's ISBN"
        text = pdf_text(path)
        found = IOM_EDITION.search(text)
        assert not found, f"{name}: presents the PDF as IOM's edition or the strategy: {found.group(0)!r}"
        for isbn in re.finditer(re.escape(ISBN), text):
            context = text[max(0, isbn.start() - 200): isbn.end() + 120]
            assert IOM.search(context), f"{name}: the ISBN appears without saying whose it is: {context!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_whole_guide_cover_states_the_identity_and_the_source(site, lang):
    path = pdf_files(site, lang)[0]
    cover = pdf_text(path, 1)
    t = strings(lang)
    home = site_url() + lang_prefix(lang)
    for value in (EDITION["title"][lang], EDITION["subtitle"][lang], EDITION["status"][lang], EDITION["editor"][lang],
                  EDITION["version"], EDITION["published"], SOURCE["title"], SOURCE["publisher"][lang], SOURCE["year"],
                  t["source_isbn"].replace("{isbn}", ISBN), home):
        assert squash(str(value)) in cover, f"{path.relative_to(site)}: the cover lacks {value!r}: {cover!r}"
    assert cover.index(squash(EDITION["title"][lang])) < cover.index(squash(SOURCE["publisher"][lang])), \
        f"{path.relative_to(site)}: the cover names IOM before the guide's title (reads as an IOM imprint)"


@pytest.mark.parametrize("lang", LANGS)
def test_whole_guide_contents_list_sections_but_no_sources(site, lang):
    path = pdf_files(site, lang)[0]
    pdf = PdfReader(path)
    top = [(item.title, pdf.get_destination_page_number(item) + 1) for item in pdf.outline if not isinstance(item, list)]
    contents_start, first_chapter = top[0][1], top[1][1]
    contents = pdf_text(path, contents_start, first_chapter - 1)
    sources = {"en": "Sources", "es": "Fuentes"}[lang]
    assert sources not in contents, f"{path.relative_to(site)}: the contents list has a {sources!r} entry"
    entries = re.findall(r"\.{3,}\s*\d+", contents)
    assert len(entries) > 2 * len(PDF_NAMES), \
        f"{path.relative_to(site)}: {len(entries)} contents entries for {len(PDF_NAMES)} chapters: sections are missing"


def test_a_box_longer_than_the_rest_of_a_page_starts_on_that_page(tmp_path):
    """A Background box (admonition) may split: no half-blank page before it."""
    import weasyprint

    shutil.copytree(ROOT / "docs/assets", tmp_path / "assets")
    filler = "<p>" + "Text before the box. " * 40 + "</p>"
    # about 2/3 of a page: taller than what the filler leaves, shorter than a page
    box = ('<div class="admonition note"><p class="admonition-title">Background: start of the box</p>'
           + ("<p>" + "More text inside the box. " * 30 + "</p>") * 3 + "</div>")
    body = f"<h1>Title</h1>{filler * 3}{box}"
    document = chapter_pdfs.chapter_document(chapter_pdfs.Article("Title", "Site", "", body), body, "en", "Site",
                                             {"pdf_page": "Page {page} of {pages}"})
    target = tmp_path / "box.pdf"
    weasyprint.HTML(string=document, base_url=tmp_path.as_uri() + "/").write_pdf(target)
    first = squash(subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(target), "-"],
                                  capture_output=True, text=True, check=True).stdout)
    assert "Background: start of the box" in first, \
        "a box that does not fit in the rest of the page moved whole to the next page (print.css: let .admonition split)"


# ---------------------------------------------------------------------------
# Addresses: the published one, never a local one
# ---------------------------------------------------------------------------

def test_no_local_address_in_the_built_site(site):
    problems = []
    for path in sorted(site.rglob("*")):
        name = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            if not LOCAL.search(path.read_text(encoding="utf-8")):
                continue
            html = soup(path)
            for element in html.find_all(True):
                for attribute, value in element.attrs.items():
                    value = " ".join(value) if isinstance(value, list) else str(value)
                    if LOCAL.search(value):
                        problems.append(f"{name}: <{element.name} {attribute}={value!r}>")
            for node in html.find_all(string=LOCAL):
                if not node.find_parent("code"):  # the contributors' guide names `make serve`'s preview address
                    problems.append(f"{name}: text {squash(str(node))[:120]!r}")
        elif path.name in ("_headers", "_redirects", "robots.txt") or path.suffix in (".xml", ".txt", ".webmanifest"):
            if LOCAL.search(path.read_text(encoding="utf-8", errors="replace")):
                problems.append(f"{name}: {LOCAL.search(path.read_text(encoding='utf-8', errors='replace')).group(0)}")
        elif path.suffix == ".pdf":
            if LOCAL.search(pdf_text(path)):
                problems.append(f"{name}: text names {LOCAL.search(pdf_text(path)).group(0)}")
            links = subprocess.run(["pdfinfo", "-url", str(path)], capture_output=True, text=True, check=True).stdout
            problems += [f"{name}: link {line.split()[-1]}" for line in links.splitlines() if LOCAL.search(line)]
    assert not problems, "local addresses in site/ (set site_url in mkdocs.yml or SITE_URL):\n" + "\n".join(problems[:30])


def test_canonical_links_and_sitemap_use_the_published_address(site):
    expected = site_url()
    assert expected.startswith("https://") and not LOCAL.search(expected), f"mkdocs.yml: site_url default {expected!r} is not a published address"
    for lang in LANGS:
        canonical = soup(site / lang_prefix(lang) / "index.html").find("link", rel="canonical")
        assert canonical is not None and canonical["href"] == expected + lang_prefix(lang), \
            f"/{lang_prefix(lang)}: canonical {canonical and canonical['href']!r}, expected {expected + lang_prefix(lang)!r}"
    locs = re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    assert locs and all(loc.startswith(expected) for loc in locs), f"sitemap.xml: addresses outside {expected}: {locs[:3]}"


def test_site_url_overrides_the_address_everywhere(project_copy):
    address = "https://example.org/guide/"
    build = project_copy(lambda root: None, env={"SITE_URL": address})
    assert build.returncode == 0, build.output
    canonical = soup(build.site / "es" / "foreword" / "index.html").find("link", rel="canonical")
    assert canonical["href"] == f"{address}es/foreword/", f"SITE_URL={address}: canonical is {canonical['href']!r}"
    locs = re.findall(r"<loc>([^<]+)</loc>", (build.site / "sitemap.xml").read_text(encoding="utf-8"))
    assert locs and all(loc.startswith(address) for loc in locs), f"SITE_URL={address}: sitemap has {locs[:3]}"


# ---------------------------------------------------------------------------
# The identity's data: checked, and faults named
# ---------------------------------------------------------------------------

def test_a_missing_identity_text_or_unknown_placeholder_fails_the_build_naming_where(project_copy):
    def plant(root):
        config = root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        status_es = f"      es: {EDITION['status']['es']}\n"
        assert status_es in text
        config.write_text(text.replace(status_es, "", 1), encoding="utf-8")
        about = root / "docs/en/about.md"
        lines = about.read_text(encoding="utf-8").splitlines()
        about.write_text("\n".join([*lines[:5], "Edited by {{ edition.editors }}.", *lines[5:]]) + "\n", encoding="utf-8")

    build = project_copy(plant)
    assert build.returncode != 0, "the build passed with an incomplete extra.edition and an unknown placeholder"
    assert "mkdocs.yml: extra.edition: 'status' has no text for 'es'" in build.output, build.output
    assert "docs/en/about.md:6: '{{ edition.editors }}' names no field of extra.edition" in build.output, build.output


def test_identity_helpers_fill_per_language_values_and_report_lines():
    edition = {"status": {"en": "Independent.", "es": "Independiente."}, "source": {"isbn": "978-0"}}
    text, problems = edition_identity.fill_placeholders(
        "A {{ edition.status }}\nISBN {{edition.source.isbn}}\n`{{ edition.status }}`\n{{ edition.nope }}", edition, "es")
    assert text == "A Independiente.\nISBN 978-0\n`{{ edition.status }}`\n{{ edition.nope }}"
    assert [line for line, _ in problems] == [4]
    assert edition_identity.check_edition(None, ["en"]) and edition_identity.check_edition(EDITION, LANGS) == []
    assert any("'editor' has no text for 'es'" in problem for problem in
               edition_identity.check_edition({**EDITION, "editor": {"en": "Us"}}, LANGS))
