"""Shared fixtures: build the real site once per test session, and build
throw-away copies of the project with a fault planted in them.

The session build runs the same command as ``make build``
(``mkdocs build --strict``), so a test failure here is a failure users see.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / "overrides" / "hooks"
sys.path.insert(0, str(HOOKS))  # tests call the hooks' pure helpers directly

MKDOCS = [sys.executable, "-m", "mkdocs"]
#: What a build of a throw-away copy needs from the project.
PROJECT_PARTS = ("mkdocs.yml", "docs", "overrides")


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring MkDocs-specific tags such as !ENV."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def mkdocs_config() -> dict:
    """Return mkdocs.yml as data (MkDocs tags read as None)."""
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)


def i18n_languages() -> list[str]:
    """Return the locales from mkdocs.yml, default first (the one source of truth)."""
    import site_languages  # in overrides/hooks/, on sys.path above

    return site_languages.languages_from_file(ROOT / "mkdocs.yml")


def nav_pages() -> list[str]:
    """Return the Markdown files of the nav, in order (``index.md``, ...)."""
    found: list[str] = []

    def walk(items):
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                walk(value)
            else:
                found.append(value)

    walk(mkdocs_config()["nav"])
    return found


#: Folder of the nav section "For contributors" (guides, not the strategy).
CONTRIBUTORS_FOLDER = "contributors/"


def strategy_pages() -> list[str]:
    """Return the nav pages that present the strategy, in order: every nav
    page except the contributors' guides (``contributors/...``). Checks of
    the strategy's content (sources, chapters, word count) use these; checks
    that hold for any page use :func:`nav_pages`."""
    return [page for page in nav_pages() if not page.startswith(CONTRIBUTORS_FOLDER)]


def page_dir(page: str) -> str:
    """Return the site folder of a Markdown page (``foreword.md`` → ``foreword/``)."""
    return "" if page == "index.md" else page[: -len(".md")] + "/"


@dataclass
class Build:
    """The result of one ``mkdocs build --strict``."""

    returncode: int
    output: str
    site: Path
    project: Path


def run_build(project: Path, site: Path, env: dict | None = None) -> Build:
    """Run ``mkdocs build --strict`` for ``project`` into ``site``."""
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
    proc = subprocess.run(
        [*MKDOCS, "build", "--strict", "--site-dir", str(site)],
        cwd=project, env=environment, capture_output=True, text=True, timeout=600,
    )
    return Build(proc.returncode, proc.stdout + proc.stderr, site, project)


@pytest.fixture(scope="session")
def site(request, tmp_path_factory) -> Path:
    """The real site, built once per test run into ``site/`` (as ``make build``),
    PDFs included even when the shell has ``SKIP_PDF=1``.

    With parallel workers (``make test``: pytest-xdist), each worker has its
    own session; the first one to need the site builds it under a file lock
    shared by the run, and the others wait and reuse it, so the site is
    built once.
    """
    if not hasattr(request.config, "workerinput"):  # no xdist worker: one process
        build = run_build(ROOT, ROOT / "site", {"SKIP_PDF": "0"})
        assert build.returncode == 0, f"mkdocs build --strict failed:\n{build.output}"
        return build.site
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp().parent  # the same folder for every worker of this run
    result = shared / "site-build.json"
    with FileLock(str(shared / "site-build.lock")):
        if not result.exists():
            build = run_build(ROOT, ROOT / "site", {"SKIP_PDF": "0"})
            result.write_text(json.dumps({"returncode": build.returncode, "output": build.output}), encoding="utf-8")
        done = json.loads(result.read_text(encoding="utf-8"))
    assert done["returncode"] == 0, f"mkdocs build --strict failed:\n{done['output']}"
    return ROOT / "site"


@pytest.fixture
def project_copy(tmp_path):
    """Return a function that copies the project, lets a test plant a fault,
    and builds the copy. Usage::

        build = project_copy(lambda root: (root / "docs/es/foreword.md").unlink())

    Copies skip the PDFs (``SKIP_PDF=1``, seconds saved per build) unless
    the test asks for them: ``project_copy(plant, env={"SKIP_PDF": "0"})``.
    """

    def make(plant, env: dict | None = None) -> Build:
        root = tmp_path / "project"
        for part in PROJECT_PARTS:
            source = ROOT / part
            if source.is_dir():
                shutil.copytree(source, root / part, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                root.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, root / part)
        plant(root)
        return run_build(root, tmp_path / "site", {"SKIP_PDF": "1", **(env or {})})

    return make
