"""Reproducible output, and a tested fallback generator.

* Two builds of one commit, the second with the clock moved 400 days on
  (Debian's ``faketime``), are byte-identical: dates come from git and from
  ``SOURCE_DATE_EPOCH``, which overrides/hooks/source_date_epoch.py derives
  from the commit. One pair without PDFs (the real project), one pair with
  the PDFs of one page and of the whole strategy (a git copy of the project
  whose ``pdf_skip`` leaves one page, to keep the suite fast; the PDF cache
  is emptied between the builds).
* ProperDocs, the continuation of MkDocs 1.x (``make build
  GENERATOR=properdocs``), builds the same site: identical files except the
  generator ``<meta>`` tag.

README.md ("Reproducible builds") says how to check this by hand.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from browser_support import skip_or_fail
from conftest import ROOT, copy_project, nav_pages
from source_date_epoch import DERIVED_FLAG, commit_epoch, on_config

FAKETIME = shutil.which("faketime")
#: How far the second build's clock is moved (faketime's relative offset: the clock keeps running).
CLOCK_OFFSET = "+400d"
#: The page whose PDFs the PDF pair renders.
PDF_PAGE = "foreword.md"
_GENERATOR_META = re.compile(rb'\s*<meta name="generator" content="[^"]*">')


def build(project: Path, site: Path, generator: str = "mkdocs", clock: str | None = None, **env: str) -> Path:
    """Build ``project`` into ``site`` with ``generator`` (``--strict``),
    ``SOURCE_DATE_EPOCH`` unset, the clock moved by ``clock`` if given."""
    environ = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", DERIVED_FLAG)}
    environ.update({"NO_MKDOCS_2_WARNING": "1", "SKIP_PDF": "1", **env})
    command = [sys.executable, "-m", generator, "build", "--strict", "--site-dir", str(site)]
    if clock:
        command = [FAKETIME, "-f", clock, *command]
    proc = subprocess.run(command, cwd=project, env=environ, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"{' '.join(command[:6])} failed:\n{proc.stdout}{proc.stderr}"
    return site


def tree(site: Path, drop_generator: bool = False) -> dict[str, bytes]:
    """Every file of ``site``: relative path → bytes (optionally without the
    generator meta tag of HTML pages)."""
    files = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if drop_generator and path.suffix == ".html":
                data = _GENERATOR_META.sub(b"", data)
            files[path.relative_to(site).as_posix()] = data
    return files


def differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    """The paths present in only one tree or with different bytes."""
    return sorted(path for path in a.keys() | b.keys() if a.get(path) != b.get(path))


def need_faketime() -> None:
    """Skip (fail under CI) without faketime; check that it really moves Python's clock."""
    skip_or_fail(None if FAKETIME else "faketime is not installed: apt-get install faketime (.ci/run does)")
    now = float(subprocess.run([sys.executable, "-c", "import time; print(time.time())"],
                               capture_output=True, text=True, timeout=60).stdout)
    moved = float(subprocess.run([FAKETIME, "-f", CLOCK_OFFSET, sys.executable, "-c", "import time; print(time.time())"],
                                 capture_output=True, text=True, timeout=60).stdout)
    assert moved - now > 399 * 86400, f"faketime {CLOCK_OFFSET} did not move the clock ({now} -> {moved})"


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    """The real project built once without PDFs, with MkDocs (compared with
    ProperDocs' build). Reproducibility is tested on a git copy with PDFs
    (below), which compares every HTML page too."""
    return build(ROOT, tmp_path_factory.mktemp("reproducible") / "site")


def test_pdfs_built_on_another_day_are_byte_identical(tmp_path):
    need_faketime()
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    skip = "".join(f"    - {page}\n" for page in nav_pages() if page not in (PDF_PAGE, "index.md"))
    text = config.read_text(encoding="utf-8")
    assert "  pdf_skip:\n" in text
    config.write_text(text.replace("  pdf_skip:\n", "  pdf_skip:\n" + skip, 1), encoding="utf-8")
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    dated = dict(os.environ, GIT_AUTHOR_DATE="2025-03-04T05:06:07Z", GIT_COMMITTER_DATE="2025-03-04T05:06:07Z")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "snapshot"]):
        subprocess.run([*git, *args], cwd=project, env=dated, check=True, capture_output=True, timeout=60)

    first = tree(build(project, tmp_path / "site-1", SKIP_PDF="0"))
    shutil.rmtree(project / ".cache")  # no PDF comes from the cache the first build filled
    second = tree(build(project, tmp_path / "site-2", clock=CLOCK_OFFSET, SKIP_PDF="0"))
    pdfs = [path for path in first if path.endswith(".pdf")]
    assert len(pdfs) >= 4, pdfs  # the page and the whole strategy, in each language
    changed = differences(first, second)
    assert not changed, f"{len(changed)} files differ when built {CLOCK_OFFSET} later: {changed[:10]}"
    sitemap = first["sitemap.xml"].decode()
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {"2025-03-04"}, "lastmod is not the commit's date"


def test_properdocs_builds_the_same_site(baseline, tmp_path):
    other = build(ROOT, tmp_path / "site", generator="properdocs")
    assert b"ProperDocs" in (other / "index.html").read_bytes(), "the build did not run ProperDocs"
    changed = differences(tree(baseline, drop_generator=True), tree(other, drop_generator=True))
    assert not changed, f"ProperDocs output differs from MkDocs' in {len(changed)} files: {changed[:10]}"


def test_make_build_runs_the_generator_the_makefile_variable_names():
    for generator in ("mkdocs", "properdocs"):
        dry = subprocess.run(["make", "-n", "build", f"GENERATOR={generator}"], cwd=ROOT,
                             capture_output=True, text=True, timeout=60)
        assert f".venv/bin/{generator} build --strict" in dry.stdout, dry.stdout + dry.stderr


def test_source_date_epoch_comes_from_the_commit_unless_set(tmp_path, monkeypatch):
    class Config:
        config_file_path = str(ROOT / "mkdocs.yml")

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv(DERIVED_FLAG, raising=False)
    on_config(Config())
    head = int(subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout)
    assert os.environ["SOURCE_DATE_EPOCH"] == str(head) == str(commit_epoch(ROOT))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    monkeypatch.delenv(DERIVED_FLAG)
    on_config(Config())
    assert os.environ["SOURCE_DATE_EPOCH"] == "86400", "a value set by the caller was replaced"
    assert commit_epoch(tmp_path) is None
