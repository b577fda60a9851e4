"""PDFs: a PDF of every page and of the whole strategy in every language
(overrides/hooks/chapter_pdfs.py), linked from the pages, with the right
text, metadata, bookmarks, links and font; cached between builds."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

import chapter_pdfs
from conftest import ROOT, mkdocs_config, nav_pages, page_dir, run_build
from site_html import DEFAULT, LANGS, article, heading_text, lang_prefix, page_path, resolve

WHOLE = chapter_pdfs.WHOLE_NAME
ISBN = "978-92-9068-886-0"
#: Nav pages with a PDF: all but the home page and those under extra.pdf_skip.
CHAPTERS = [page for page in nav_pages() if page != "index.md"
            and not page.startswith(tuple(mkdocs_config()["extra"].get("pdf_skip") or ()))]
A4 = (595.28, 841.89)  # points
ARTIFACTS = ROOT / "test-artifacts"


def pdf_name(page: str) -> str:
    """``introduction.md`` → ``introduction``."""
    return page_dir(page).rstrip("/").replace("/", "-")


def chapter_pdf(site: Path, lang: str, page: str) -> Path:
    return site / lang_prefix(lang) / "pdf" / f"{pdf_name(page)}.pdf"


def whole_pdf(site: Path, lang: str) -> Path:
    return site / lang_prefix(lang) / "pdf" / f"{WHOLE}.pdf"


@lru_cache(maxsize=None)
def _parsed(path: str, mtime: float) -> BeautifulSoup:
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


def soup(path: Path) -> BeautifulSoup:
    """A built page, parsed for this module only (other modules edit the
    trees that site_html.soup shares)."""
    return _parsed(str(path), path.stat().st_mtime)


def title(site: Path, lang: str, page: str) -> str:
    """The H1 of a built nav page."""
    return heading_text(article(soup(page_path(site, lang, page))).h1)


@lru_cache(maxsize=None)
def _text(path: str, mtime: float) -> str:
    proc = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, text=True, check=True)
    return proc.stdout


def text(path: Path) -> str:
    """The PDF's text as pdftotext extracts it, whitespace collapsed to single spaces."""
    assert shutil.which("pdftotext"), "pdftotext is missing: apt-get install poppler-utils (.ci/run does)"
    return " ".join(_text(str(path), path.stat().st_mtime).split())


@lru_cache(maxsize=None)
def _reader(path: str, mtime: float) -> PdfReader:
    return PdfReader(path)


def reader(path: Path) -> PdfReader:
    assert path.is_file(), f"{path} does not exist"
    return _reader(str(path), path.stat().st_mtime)


def outline(pdf: PdfReader) -> list[tuple[int, str, int]]:
    """The bookmarks as (level, title, page number from 1), in order."""
    found = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, pdf.get_destination_page_number(item) + 1))

    walk(pdf.outline, 1)
    return found


def links(pdf: PdfReader) -> list[tuple[int, str | None, str | None]]:
    """Every link annotation as (page number, URI or None, named destination or None)."""
    found = []
    for number, page in enumerate(pdf.pages, 1):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A")
            action = action.get_object() if action is not None else {}
            destination = action.get("/D") if action.get("/S") == "/GoTo" else annotation.get("/Dest")
            found.append((number, action.get("/URI"), str(destination) if destination is not None else None))
    return found


def site_url(site: Path) -> str:
    """The published address the site was built for (the home page's canonical link)."""
    return soup(site / "index.html").find("link", rel="canonical")["href"]


def headings(site: Path, lang: str, page: str) -> list[str]:
    return [heading_text(h) for h in article(soup(page_path(site, lang, page))).select("h2, h3")]


def squash(value: str) -> str:
    return " ".join(value.split())


# ---------------------------------------------------------------------------
# Every page, every language
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("page", CHAPTERS)
@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_a_pdf_that_opens(site, lang, page):
    path = chapter_pdf(site, lang, page)
    assert path.is_file(), f"{lang}: {page} has no PDF at {path.relative_to(site)}"
    assert len(reader(path).pages) >= 1, f"{path.relative_to(site)} has no page"


@pytest.mark.parametrize("page", CHAPTERS)
@pytest.mark.parametrize("lang", LANGS)
def test_chapter_pdf_has_the_title_and_every_subsection_heading(site, lang, page):
    path, content = chapter_pdf(site, lang, page), text(chapter_pdf(site, lang, page))
    heading = squash(title(site, lang, page))
    assert heading in content, f"{path.relative_to(site)}: the title {heading!r} is not in the PDF's text"
    missing = [h for h in map(squash, headings(site, lang, page)) if h not in content]
    assert not missing, f"{path.relative_to(site)}: headings missing from the PDF's text: {missing}"
    if lang != DEFAULT:
        english = squash(title(site, DEFAULT, page))
        assert english not in content, f"{path.relative_to(site)}: has the English title {english!r}"


#: A figure's table caption (overrides/hooks/figures.py), in each language.
TABLE_CAPTION = re.compile(r"^(?:Data of figure|Datos de la figura) [\w.]+$")


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_ends_with_a_figure_tables_caption(site, lang):
    """print.css keeps a figure's table with its caption (a caption alone at
    the foot of a page, its table on the next, was seen in chapter 3)."""
    stranded = []
    for path in [chapter_pdf(site, lang, page) for page in CHAPTERS] + [whole_pdf(site, lang)]:
        pages = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(path), "-"], capture_output=True,
                               text=True, check=True).stdout.split("\f")
        for number, content in enumerate(pages, 1):
            lines = [line.strip() for line in content.splitlines() if line.strip()]
            body = [line for line in lines if not re.match(r"^(Page|Página) \d+ (of|de) \d+$", line)]
            if body and TABLE_CAPTION.match(body[-1]):
                stranded.append(f"{path.relative_to(site)} page {number}: {body[-1]!r}")
    assert not stranded, "a figure table's caption ends a page, its table on the next: " + "; ".join(stranded)


def site_name(lang: str) -> str:
    """The site's name in ``lang`` from mkdocs.yml (the i18n plugin's override, else site_name)."""
    config = mkdocs_config()
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    return next((l.get("site_name") for l in i18n["languages"] if l["locale"] == lang), None) or config["site_name"]


@pytest.mark.parametrize("page", CHAPTERS)
@pytest.mark.parametrize("lang", LANGS)
def test_chapter_pdf_metadata_has_language_title_author_and_bookmarks(site, lang, page):
    path = chapter_pdf(site, lang, page)
    pdf, name = reader(path), path.relative_to(site)
    heading = squash(title(site, lang, page))
    assert pdf.trailer["/Root"].get("/Lang") == lang, f"{name}: /Lang is {pdf.trailer['/Root'].get('/Lang')!r}, expected {lang!r}"
    assert heading in (pdf.metadata.title or ""), f"{name}: title {pdf.metadata.title!r} lacks {heading!r}"
    # The guide's name exactly as mkdocs.yml writes it (no space added around
    # the year range's no-break span: "2020–2024 : guía").
    assert site_name(lang) in pdf.metadata.title, f"{name}: title {pdf.metadata.title!r} lacks {site_name(lang)!r}"
    editor = mkdocs_config()["extra"]["edition"]["editor"][lang]
    assert pdf.metadata.author == editor, f"{name}: author is {pdf.metadata.author!r}, expected the guide's editors {editor!r}"
    marks = [squash(t) for _, t, _ in outline(pdf)]
    assert marks and marks[0] == heading, f"{name}: first bookmark {marks[:1]} is not the title {heading!r}"
    missing = [h for h in map(squash, headings(site, lang, page)) if h not in marks]
    assert not missing, f"{name}: no bookmark for the headings {missing}"


@pytest.mark.parametrize("lang", LANGS)
def test_pdfs_are_tagged_a4_with_page_numbers_in_their_language(site, lang):
    footer = {"en": "Page {n} of {n}", "es": "Página {n} de {n}"}[lang]
    for path in [chapter_pdf(site, lang, page) for page in CHAPTERS] + [whole_pdf(site, lang)]:
        pdf, name = reader(path), path.relative_to(site)
        root = pdf.trailer["/Root"]
        assert bool(root.get("/MarkInfo", {}).get("/Marked")) and "/StructTreeRoot" in root, f"{name}: not a tagged PDF"
        for number, page in enumerate(pdf.pages, 1):
            size = (float(page.mediabox.width), float(page.mediabox.height))
            assert all(abs(a - b) < 1 for a, b in zip(size, A4)), f"{name}: page {number} is {size} pt, not A4"
        expected = footer.format(n=len(pdf.pages))
        assert expected in text(path), f"{name}: no {expected!r} footer on its last page"


@pytest.mark.parametrize("lang", LANGS)
def test_pdfs_embed_only_the_shipped_font(site, lang):
    for path in [chapter_pdf(site, lang, page) for page in CHAPTERS] + [whole_pdf(site, lang)]:
        pdf, name, used = reader(path), path.relative_to(site), set()
        for page in pdf.pages:
            fonts = (page.get("/Resources") or {}).get("/Font") or {}
            for font in fonts.values():
                font = font.get_object()
                base = str(font["/BaseFont"]).split("+", 1)[-1]
                used.add(base)
                descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font)["/FontDescriptor"]
                assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), f"{name}: font {base} is not embedded"
        assert used and all(base.startswith("Noto-Sans") for base in used), f"{name}: fonts {sorted(used)}, expected only Noto Sans"


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != DEFAULT])
def test_spanish_accents_survive_text_extraction(site, lang):
    accented = [squash(title(site, lang, page)) for page in CHAPTERS if re.search(r"[áéíóúñü]", title(site, lang, page), re.I)]
    assert accented, "no Spanish title with an accent to check"
    content = text(whole_pdf(site, lang))
    missing = [word for word in accented if word not in content]
    assert not missing, f"{whole_pdf(site, lang).relative_to(site)}: accented titles lost in pdftotext: {missing}"


# ---------------------------------------------------------------------------
# Links inside the PDFs
# ---------------------------------------------------------------------------

def _check_links(site: Path, path: Path, inside_pdf: set[str]) -> list[str]:
    pdf, base, problems = reader(path), site_url(site), []
    names = set(pdf.named_destinations)
    for number, uri, destination in links(pdf):
        if destination is not None:
            if destination not in names:
                problems.append(f"page {number}: link to #{destination}, which the PDF does not have")
            continue
        if not uri or not uri.startswith(base):
            continue
        target, _, fragment = uri[len(base):].partition("#")
        if target in inside_pdf:
            problems.append(f"page {number}: {uri} should point inside the PDF")
        html = site / target / "index.html" if target.endswith("/") or not target else site / target
        if not html.is_file():
            problems.append(f"page {number}: {uri} is no page of the site")
        elif fragment and not soup(html).find(id=fragment):
            problems.append(f"page {number}: {uri}: no id {fragment!r} on that page")
    return problems


@pytest.mark.parametrize("page", CHAPTERS)
@pytest.mark.parametrize("lang", LANGS)
def test_chapter_pdf_links_resolve(site, lang, page):
    path = chapter_pdf(site, lang, page)
    problems = _check_links(site, path, set())
    assert not problems, f"{path.relative_to(site)}: broken links:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_whole_strategy_links_resolve_and_stay_inside_it(site, lang):
    path = whole_pdf(site, lang)
    inside = {lang_prefix(lang) + page_dir(page) for page in CHAPTERS}
    problems = _check_links(site, path, inside)
    assert not problems, f"{path.relative_to(site)}: broken links:\n" + "\n".join(problems)
    assert any(destination for _, _, destination in links(reader(path))), f"{path.relative_to(site)}: no internal link"


def test_external_links_print_their_address(site):
    content = text(chapter_pdf(site, DEFAULT, "introduction.md"))
    assert "(https://publications.iom.int/node/2820)" in content, "pdf/introduction.pdf: the address of IOM's publication is not printed after its link"


# ---------------------------------------------------------------------------
# The whole strategy
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_whole_strategy_has_cover_contents_and_every_chapter_in_order(site, lang):
    path = whole_pdf(site, lang)
    pdf, name = reader(path), path.relative_to(site)
    cover = squash(pdf.pages[0].extract_text() or "")
    assert f"ISBN {ISBN}" in text(path).split(squash(title(site, lang, CHAPTERS[0])))[0], f"{name}: no ISBN on the cover"
    edition = mkdocs_config()["extra"]["edition"]
    assert squash(edition["status"][lang]) in cover, f"{name}: the cover lacks the edition's status: {cover[:200]!r}"
    assert squash(edition["title"][lang]) in cover, f"{name}: the cover lacks the edition's title"
    top = [(t, p) for level, t, p in outline(pdf) if level == 1]
    titles = [squash(title(site, lang, page)) for page in CHAPTERS]
    assert [squash(t) for t, _ in top[1:]] == titles, f"{name}: chapters (bookmarks) {[t for t, _ in top[1:]]} differ from nav order {titles}"
    pages = [p for _, p in top]
    assert pages == sorted(pages), f"{name}: chapters do not start in increasing page order: {pages}"
    contents = squash(" ".join(page.extract_text() or "" for page in pdf.pages[top[0][1] - 1: top[1][1] - 1]))
    for heading, start in top[1:]:
        entry = re.search(re.escape(squash(heading)) + r"[\s.]*(\d+)", contents)
        assert entry, f"{name}: the contents list has no entry for {heading!r}"
        assert int(entry.group(1)) == start, f"{name}: contents says {heading!r} is on page {entry.group(1)}, it starts on page {start}"


# ---------------------------------------------------------------------------
# Links to the PDFs from the pages
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("page", CHAPTERS)
@pytest.mark.parametrize("lang", LANGS)
def test_each_page_links_to_its_own_pdf_in_its_language(site, lang, page):
    html = page_path(site, lang, page)
    link = soup(html).select_one(".pdf-download a[href]")
    label = {"en": "Download PDF", "es": "Descargar PDF"}[lang]
    assert link is not None, f"/{lang_prefix(lang)}{page_dir(page)}: no download link (.pdf-download a)"
    assert link.get_text(strip=True) == label, f"/{lang_prefix(lang)}{page_dir(page)}: link text {link.get_text(strip=True)!r}, expected {label!r}"
    target = resolve(site, html, link["href"])
    assert target == chapter_pdf(site, lang, page).relative_to(site).as_posix(), \
        f"/{lang_prefix(lang)}{page_dir(page)}: download link points to {target}"
    size = soup(html).select_one(".pdf-download .pdf-size").get_text(strip=True)
    expected = chapter_pdfs.format_size((site / target).stat().st_size, lang)
    assert size == expected, f"/{lang_prefix(lang)}{page_dir(page)}: shows size {size!r}, the PDF is {expected}"


@pytest.mark.parametrize("lang", LANGS)
def test_home_page_links_every_whole_strategy_pdf_with_its_size(site, lang):
    html = site / lang_prefix(lang) / "index.html"
    items = soup(html).select(".pdf-strategy li")
    assert [item.a["hreflang"] for item in items] == [lang] + [other for other in LANGS if other != lang], \
        f"/{lang_prefix(lang)}: whole-strategy links {[item.a.get('hreflang') for item in items]}"
    for item in items:
        target = resolve(site, html, item.a["href"])
        assert target == whole_pdf(site, item.a["hreflang"]).relative_to(site).as_posix(), f"/{lang_prefix(lang)}: link to {target}"
        size = item.select_one(".pdf-size").get_text(strip=True)
        assert size == chapter_pdfs.format_size((site / target).stat().st_size, lang), f"/{lang_prefix(lang)}: size {size!r} of {target}"
    assert not soup(html).select(".pdf-download"), f"/{lang_prefix(lang)}: the home page has no PDF of its own"


@pytest.mark.parametrize("lang", LANGS)
def test_first_page_renders_to_png_for_a_person_to_look_at(site, lang):
    ARTIFACTS.mkdir(exist_ok=True)
    for path, stem in [(whole_pdf(site, lang), f"pdf-{lang}-whole"), (chapter_pdf(site, lang, "migration-outlook.md"), f"pdf-{lang}-chapter")]:
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(path), str(ARTIFACTS / stem)], check=True)
        from PIL import Image

        with Image.open(ARTIFACTS / f"{stem}.png") as image:
            assert image.convert("L").getextrema()[0] < 128, f"{path.relative_to(site)}: the first page renders blank"


# ---------------------------------------------------------------------------
# Build behaviour: cache, SKIP_PDF, fonts (throw-away copies)
# ---------------------------------------------------------------------------

def _pdfs(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("pdf/*.pdf"))}


def test_a_changed_chapter_gets_new_pdfs_and_the_others_come_from_the_cache(project_copy):
    first = project_copy(lambda root: None, env={"SKIP_PDF": "0"})
    assert first.returncode == 0, first.output
    before, cached = _pdfs(first.site), set((first.project / ".cache/pdf").glob("*.pdf"))
    assert len(before) == 2 * (len(CHAPTERS) + 1), f"expected {2 * (len(CHAPTERS) + 1)} PDFs, got {sorted(before)}"
    page = first.project / "docs/en/introduction.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA sentence added to test the PDF cache.\n", encoding="utf-8")
    second = run_build(first.project, first.site, {"SKIP_PDF": "0"})
    assert second.returncode == 0, second.output
    after = _pdfs(second.site)
    changed = sorted(path for path in after if after[path] != before.get(path))
    assert changed == sorted(["pdf/introduction.pdf", f"pdf/{WHOLE}.pdf"]), f"PDFs regenerated after editing docs/en/introduction.md: {changed}"
    assert "A sentence added to test the PDF cache." in text(second.site / "pdf/introduction.pdf")
    new = set((first.project / ".cache/pdf").glob("*.pdf")) - cached
    assert len(new) == 2, f"{len(new)} new cache entries, expected 2"
    assert f"2 rendered, {len(before) - 2} from cache" in second.output, second.output


def test_skip_pdf_builds_no_pdfs_and_shows_no_links(project_copy):
    build = project_copy(lambda root: None)  # copies skip PDFs by default
    assert build.returncode == 0, build.output
    assert not list(build.site.rglob("*.pdf")), "SKIP_PDF=1 still wrote PDFs"
    assert not soup(build.site / "introduction/index.html").select(".pdf-download, .pdf-strategy"), "SKIP_PDF=1 pages link to PDFs"


def test_a_missing_font_file_fails_the_build_naming_the_font(project_copy):
    build = project_copy(lambda root: (root / "docs/assets/fonts/NotoSans-Bold.ttf").unlink(), env={"SKIP_PDF": "0"})
    assert build.returncode != 0, "the build passed without docs/assets/fonts/NotoSans-Bold.ttf"
    assert "font 'Noto Sans' is missing: assets/fonts/NotoSans-Bold.ttf" in build.output, build.output
    assert not list(build.site.rglob("*.pdf")), "PDFs were made without the font"


def test_a_character_the_font_lacks_is_a_warning_naming_the_pdf_and_is_not_cached(tmp_path, caplog):
    site, cache = tmp_path / "site", tmp_path / "cache"
    shutil.copytree(ROOT / "docs/assets", site / "assets")
    body = "<h1>Title</h1><p>An arrow Noto Sans lacks: \u2192</p>"
    article = chapter_pdfs.Article("Title", "Site", "", body)
    document = chapter_pdfs.chapter_document(article, body, "en", "Site", {"pdf_page": "Page {page} of {pages}", "pdf_author": "IOM"})
    css = (site / chapter_pdfs.PRINT_CSS).read_text(encoding="utf-8")
    families = {family for family, _ in chapter_pdfs.font_files(css, chapter_pdfs.PRINT_CSS)}
    with caplog.at_level(logging.WARNING, logger="mkdocs.hooks.chapter_pdfs"):
        results = chapter_pdfs.render_all({"pdf/x.pdf": document}, site, cache, "test", families)
    assert results == {"pdf/x.pdf": True} and (site / "pdf/x.pdf").is_file()
    # a font found on the machine is named; with none, WeasyPrint's own message
    assert re.search(r"PDF pdf/x\.pdf: (uses the font '[^']+'|WeasyPrint: .*unsupported by fonts)", caplog.text), caplog.text
    assert not list(cache.glob("*.pdf")), "a PDF with a warning went into the cache (the next build would not warn)"


# ---------------------------------------------------------------------------
# Pure helpers of the hook
# ---------------------------------------------------------------------------

def test_pdf_pages_follow_the_nav_and_skip_the_home_page():
    nav = ["index.md", "foreword.md", {"Annexes": ["annexes/one.md", {"Two": "annexes/two/index.md"}]},
           {"Outside": "https://example.org/"}]
    assert chapter_pdfs.pdf_pages(nav) == {"foreword/": "foreword", "annexes/one/": "annexes-one", "annexes/two/": "annexes-two"}
    assert chapter_pdfs.pdf_pages(nav, ["annexes/"]) == {"foreword/": "foreword"}


def test_link_target_resolves_relative_links():
    assert chapter_pdfs.link_target("../foreword/#sources", "es/introduction/") == ("es/foreword/", "sources")
    assert chapter_pdfs.link_target("#purpose", "introduction/") == ("introduction/", "purpose")
    assert chapter_pdfs.link_target("../", "es/introduction/") == ("es/", "")
    assert chapter_pdfs.link_target("https://example.org/a", "introduction/") is None
    assert chapter_pdfs.link_target("../../outside/", "introduction/") is None


def test_rewrite_links_points_chapter_links_at_the_site_or_inside_the_pdf():
    body = ('<h2 id="a">A</h2><a href="#a">here</a> <a href="../foreword/#s">there</a> '
            '<a href="https://example.org/">https://example.org/</a><img src="../assets/x.png" alt="">')
    chapter = chapter_pdfs.rewrite_links(body, "es/introduction/", "https://site.example/", {})
    assert 'href="#a"' in chapter and 'href="https://site.example/es/foreword/#s"' in chapter
    assert "pdf-site-link" in chapter and "pdf-bare-url" in chapter and 'src="es/assets/x.png"' in chapter
    whole = chapter_pdfs.rewrite_links(body, "es/introduction/", "https://site.example/",
                                       {"es/introduction/": "introduction", "es/foreword/": "foreword"}, "introduction")
    assert 'id="introduction--a"' in whole and 'href="#introduction--a"' in whole and 'href="#foreword--s"' in whole


def test_sizes_are_written_for_people_in_the_page_language():
    assert chapter_pdfs.format_size(25_600, "en") == "25 KB"
    assert chapter_pdfs.format_size(1_363_149, "en") == "1.3 MB"
    assert chapter_pdfs.format_size(1_363_149, "es") == "1,3 MB"
    span = '<span class="pdf-size" data-pdf-size="pdf/a.pdf"></span>'
    assert chapter_pdfs.fill_sizes(span, {"pdf/a.pdf": 2048}, "en") == span.replace("></span>", ">2 KB</span>")
    assert chapter_pdfs.fill_sizes(span, {}, "en") == span


def test_font_files_and_skip_pdf_are_read():
    css = '@font-face { font-family: "Noto Sans"; src: url("../fonts/N.ttf") format("truetype"); }'
    assert chapter_pdfs.font_files(css, "assets/stylesheets/print.css") == [("Noto Sans", "assets/fonts/N.ttf")]
    assert chapter_pdfs.pdfs_enabled({}) and chapter_pdfs.pdfs_enabled({"SKIP_PDF": "0"})
    assert not chapter_pdfs.pdfs_enabled({"SKIP_PDF": "1"})
