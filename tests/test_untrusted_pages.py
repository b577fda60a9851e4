"""Pages are untrusted input: whatever Markdown syntax produced it, a page
that would run code or load a file from another host fails the build,
naming the file, the line and what to do instead; and the Content-Security-
Policy (a <meta> in every page and site/_headers) allows only the inline
scripts the theme's templates write, so a script planted in a page is
refused twice: by the build and by the browser."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, nav_pages, page_dir
from hosting_headers import (HEADER_ONLY, HEADERS_FILE, classify_inline_scripts, inline_script_hashes,
                             parse_headers, headers_for, secure_site, theme_script_patterns)
from page_html_safety import is_external, unsafe_html
from site_html import LANGS, lang_prefix

MATERIAL_TEMPLATES = Path(__import__("material").__file__).parent / "templates"
#: The template folders MkDocs uses, most specific first (config.theme.dirs).
THEME_DIRS = [ROOT / "overrides", MATERIAL_TEMPLATES]

#: Faults planted at the end of a page: (Markdown line, what the build must name).
PLANTED = [
    ("<script>alert('planted')</script>", "<script> element"),
    ('[Click me](https://www.iom.int/){ onclick="alert(1)" }', "event-handler attribute onclick="),
    ("[Run](javascript:alert(1))", "javascript: address in href="),
    ("![Map](https://example.org/map.png)", "<img src> loads https://example.org/map.png from another host"),
    ('<iframe src="https://example.org/"></iframe>', "<iframe> element"),
    ('<form action="https://example.org/"><input name="q"></form>', "<form> element"),
    ('<video poster="//cdn.example.org/p.jpg"></video>', "<video poster> loads //cdn.example.org/p.jpg"),
    ('<p style="background: url(https://example.org/bg.png)">Styled</p>', "style= on <p> loads https://example.org/bg.png"),
    ('<img src="../assets/x.png" srcset="https://example.org/x2.png 2x" alt="x">', "<img srcset> loads https://example.org/x2.png"),
    ("<object data=\"movie.swf\"></object>", "<object> element"),
    ('<p style="color: red">Red</p>', "style= on <p> is ignored by browsers"),
]


def page_paths() -> list[str]:
    return [f"{lang_prefix(lang)}{page_dir(page)}" for lang in LANGS for page in nav_pages()]


# The page check -------------------------------------------------------------------------

def test_each_planted_fault_fails_the_build_naming_file_line_and_fix(project_copy):
    lines: dict[str, int] = {}

    def plant(root: Path) -> None:
        page = root / "docs" / "en" / "foreword.md"
        text = page.read_text(encoding="utf-8").rstrip("\n") + "\n"
        start = text.count("\n") + 2  # a blank line, then the faults, one paragraph each
        text += "\n" + "".join(f"{markdown}\n\n" for markdown, _ in PLANTED)
        text += "An ordinary link to [IOM's site](https://www.iom.int/) stays allowed.\n"
        text += "\n| Aligned | columns |\n|:---:|---:|\n| stay | allowed |\n"
        # Front matter goes into the page's <head> unescaped: markup there is refused too.
        text = re.sub(r"^description: .*$", "description: 'A\"><img src=x onerror=alert(1)> page'", text, count=1, flags=re.M)
        page.write_text(text, encoding="utf-8")
        lines.update({named: start + 2 * index for index, (_, named) in enumerate(PLANTED)})

    build = project_copy(plant)
    assert build.returncode != 0, "the build passed with unsafe HTML in a page"
    for named, line in lines.items():
        found = [row for row in build.output.splitlines() if named in row]
        assert found, f"the build did not report {named!r}:\n{build.output[-3000:]}"
        assert any(f"en/foreword.md:{line}: " in row for row in found), (named, line, found)
        assert all(re.search(r": (remove|link|copy|pages may not|embedded|forms)", row) for row in found), found
    assert "en/foreword.md: front matter: 'description' may not contain <, > or \"" in build.output
    assert "www.iom.int/ from another host" not in build.output
    assert "style= on <t" not in build.output, "table alignment (:---:) must render as align=, not style="
    assert not re.search(r"es/foreword.md:\d+: <", build.output)


def test_a_clean_page_and_its_safe_constructs_pass():
    html = ('<p><a href="https://www.iom.int/">IOM</a> <a href="#top">top</a> <a href="mailto:x@example.org">mail</a>'
            '<img src="../assets/images/map.png" srcset="../assets/images/map@2x.png 2x" alt="">'
            '<img src="data:image/png;base64,AAAA" alt=""><span title="onclick">text</span></p>')
    assert unsafe_html(html) == []


@pytest.mark.parametrize("html", [
    '<a href="JaVa\tScRiPt:alert(1)">x</a>',   # browsers ignore case, tabs and spaces
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<svg><image href="https://example.org/x.svg"/></svg>',
    '<IMG SRC="HTTPS://EXAMPLE.ORG/X.PNG">',
    '<audio src="https://example.org/a.mp3"></audio>',
    '<svg><script>alert(1)</script></svg>',
    '<div onmouseover="alert(1)">x</div>',
    '<link rel="stylesheet" href="https://example.org/font.css">',
])
def test_disguised_faults_are_found(html):
    assert unsafe_html(html), f"not caught: {html}"


def test_external_means_another_host_or_scheme():
    assert is_external("https://example.org/x.png") and is_external("//example.org/x.png")
    assert not is_external("../assets/x.png") and not is_external("x.png") and not is_external("#id")


# The policy -----------------------------------------------------------------------------

def test_every_page_carries_a_meta_policy_without_header_only_directives(site):
    for path in page_paths() + [f"{lang_prefix(lang)}404.html" for lang in LANGS]:
        file = site / path / "index.html" if not path.endswith(".html") else site / path
        html = file.read_text(encoding="utf-8")
        metas = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
        assert len(metas) == 1, f"{path}: {len(metas)} CSP meta tags"
        head = html.split("</head>", 1)[0]
        assert head.index("Content-Security-Policy") < head.find("<script"), f"{path}: the policy comes after a script"
        directives = {part.split()[0]: part.split()[1:] for part in metas[0].split(";") if part.strip()}
        assert not set(directives) & set(HEADER_ONLY), f"{path}: a meta policy cannot hold {HEADER_ONLY}"
        assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
        assert "'wasm-unsafe-eval'" in directives["script-src"]  # Pagefind's WebAssembly
        allowed = {source for source in directives["script-src"] if source.startswith("'sha256-")}
        assert allowed == inline_script_hashes(html), f"{path}: the policy does not allow exactly its inline scripts"


def test_the_allowed_scripts_come_from_the_theme_templates_not_from_the_pages(site):
    patterns = theme_script_patterns(THEME_DIRS)
    assert len(patterns) >= 4, "Material's inline scripts were not found in its templates: has it changed?"
    for path in page_paths()[:3]:
        allowed, foreign = classify_inline_scripts((site / path / "index.html").read_text(encoding="utf-8"), patterns)
        assert allowed and not foreign, (path, foreign)
    # A template value ({{ ... }}) cannot leave the string it sits in.
    script = next(body for body in re.findall(r"<script>(.*?)</script>", (site / "foreword" / "index.html")
                  .read_text(encoding="utf-8"), re.DOTALL) if body.startswith("__md_scope="))
    assert any(p.fullmatch(script) for p in patterns)
    smuggled = script.replace('URL("..",', 'URL("",alert(1),"",', 1)
    assert smuggled != script and not any(p.fullmatch(smuggled) for p in patterns)


def test_a_script_planted_in_a_built_page_is_reported_and_not_allowed(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("pdf"))
    planted = "document.title='planted'"
    page = copy / "foreword" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", f"<script>{planted}</script></article>"),
                    encoding="utf-8")
    problems = secure_site(copy, THEME_DIRS)
    assert len(problems) == 1 and problems[0].startswith("site/foreword/index.html: inline script"), problems
    assert "docs/assets/javascripts/" in problems[0]
    refused = inline_script_hashes(f"<script>{planted}</script>").pop()
    assert refused not in page.read_text(encoding="utf-8"), "the page's meta policy allows the planted script"
    header = headers_for(parse_headers((copy / HEADERS_FILE).read_text(encoding="utf-8")), "/foreword/")
    assert refused not in header["Content-Security-Policy"], "_headers allows the planted script"
    # Running it again keeps one policy per page.
    assert page.read_text(encoding="utf-8").count('http-equiv="Content-Security-Policy"') == 1
