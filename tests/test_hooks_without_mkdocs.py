"""The source checks and post-build steps run without MkDocs
(decisions/0001-static-site-generator.md): a generator change then costs
only the page transforms. Each is imported and run with MkDocs made
unimportable."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import HOOKS, ROOT

#: Makes ``import mkdocs`` fail, then puts the hooks on the path.
NO_MKDOCS = "import sys; sys.modules['mkdocs'] = None; sys.path.insert(0, sys.argv[1]); "


def run_without_mkdocs(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", NO_MKDOCS + code, str(HOOKS), *args],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("module", ["front_matter", "hosting_headers", "page_html_safety", "source_date_epoch"])
def test_module_imports_without_mkdocs(module):
    result = run_without_mkdocs(f"import {module}")
    assert result.returncode == 0, result.stderr


def test_front_matter_check_runs_over_a_docs_folder_and_names_the_bad_page(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    good = run_without_mkdocs("import front_matter; sys.exit(front_matter.main([sys.argv[2]]))", str(docs))
    assert good.returncode == 0, good.stdout + good.stderr
    page = docs / "es" / "foreword.md"
    page.write_text(page.read_text(encoding="utf-8").replace("description:", "descripton:", 1), encoding="utf-8")
    bad = run_without_mkdocs("import front_matter; sys.exit(front_matter.main([sys.argv[2]]))", str(docs))
    assert bad.returncode == 1
    assert "es/foreword.md: front matter: unknown key 'descripton'" in bad.stdout, bad.stdout


def test_security_post_build_step_runs_over_a_site_folder(tmp_path):
    site = tmp_path / "site"
    (site / "page").mkdir(parents=True)
    (site / "page" / "index.html").write_text(
        '<!doctype html><html><head><meta charset="utf-8"><title>t</title></head>'
        '<body><script>var target=document.getElementById(location.hash.slice(1));'
        'target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))</script>'
        '<script>alert(1)</script></body></html>', encoding="utf-8")
    code = ("import hosting_headers, pathlib, material; "
            "dirs = [pathlib.Path(material.__file__).parent / 'templates']; "
            "print('\\n'.join(hosting_headers.secure_site(pathlib.Path(sys.argv[2]), dirs)))")
    result = run_without_mkdocs(code, str(site))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("inline script not written by the theme") == 1 and "alert(1)" in result.stdout
    html = (site / "page" / "index.html").read_text(encoding="utf-8")
    assert html.count("'sha256-") == 1 and (site / "_headers").is_file()
