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
import time
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
    """Return every published page: the Markdown files of the nav, in order
    (``index.md``, ...), then the contributors' guides (:func:`guide_pages`),
    which are published outside the nav. Checks that hold for any page (the
    browser gates, links, search) use this list, so they cover the guides."""
    return reading_order() + [page for page in guide_pages() if page not in reading_order()]


def reading_order() -> list[str]:
    """Return the Markdown files of the nav (the readers' path), in order."""
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


#: Folder of the contributors' guides (not the strategy, not in the nav:
#: mkdocs.yml ``not_in_nav``; the footer and the About page link them).
CONTRIBUTORS_FOLDER = "contributors/"


def guide_pages() -> list[str]:
    """Return the contributors' guides (``contributors/contributing.md``, ...):
    the Markdown files of ``docs/<default language>/contributors/``, the
    entry page (``contributing.md``, which the footer links) first."""
    folder = ROOT / "docs" / i18n_languages()[0] / CONTRIBUTORS_FOLDER
    names = sorted(path.name for path in folder.glob("*.md"))
    names.sort(key=lambda name: name != "contributing.md")
    return [CONTRIBUTORS_FOLDER + name for name in names]


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


#: Set by the controller of a parallel run (pytest-xdist): the folder where the
#: one background build of the site writes its result (``result.json``).
SITE_BUILD_DIR = "SITE_BUILD_DIR"
#: Runs the session build in the background for a parallel run; argv[1] is
#: SITE_BUILD_DIR. The result is written atomically (rename), once.
_BACKGROUND_BUILD = """
import json, os, subprocess, sys
out = sys.argv[1]
env = dict(os.environ, SKIP_PDF="0", NO_MKDOCS_2_WARNING="1")
proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", sys.argv[2]],
                      cwd=sys.argv[3], env=env, capture_output=True, text=True)
with open(os.path.join(out, "result.tmp"), "w", encoding="utf-8") as f:
    json.dump({"returncode": proc.returncode, "output": proc.stdout + proc.stderr}, f)
os.replace(os.path.join(out, "result.tmp"), os.path.join(out, "result.json"))
"""


#: Where each test's place in a parallel run is kept (see pytest_collection_modifyitems).
_ORDER = pytest.StashKey[tuple]()


def pytest_configure(config):
    """In the controller of a parallel run, make a folder shared by the
    workers for the one site build (workers inherit the environment)."""
    if hasattr(config, "workerinput") or not getattr(config.option, "numprocesses", None):
        return
    import tempfile

    os.environ[SITE_BUILD_DIR] = tempfile.mkdtemp(prefix="site-build-")


def pytest_unconfigure(config):
    """The controller removes the shared build folder at the end."""
    folder = os.environ.get(SITE_BUILD_DIR)
    if folder and not hasattr(config, "workerinput"):
        shutil.rmtree(folder, ignore_errors=True)
        del os.environ[SITE_BUILD_DIR]


def pytest_collection_modifyitems(session, config, items):
    """Parallel runs: tests that need the built site run last, and the site
    build starts in the background as soon as tests are collected, so the
    workers run the other tests (lint, planted faults, …) while it builds.

    The browser checks of one page load (tests using ``visit`` in
    tests/test_browser.py: axe, requests, errors of one page in one set-up)
    are put next to each other: xdist hands out neighbouring tests to the same
    worker, which then loads that page once. (``--dist loadgroup`` would say
    it outright, but pytest-xdist 3.8 cannot rename test ids under pytest 9.)

    Every worker collects the same tests; the first to create ``started``
    starts the one build. The order is the same in every worker (xdist
    requires it): the other tests first, then the site's, each in
    collection order."""
    folder = os.environ.get(SITE_BUILD_DIR)
    if not folder or not hasattr(config, "workerinput"):
        return
    first: dict[object, int] = {}
    for index, item in enumerate(items):
        params = getattr(getattr(item, "callspec", None), "params", {})
        load = ("visit", *(params.get(k) for k in ("lang", "page", "scheme", "viewport")))
        key = load if "visit" in getattr(item, "fixturenames", ()) and None not in load else index
        first.setdefault(key, index)
        item.stash[_ORDER] = ("site" in getattr(item, "fixturenames", ()), first[key], index)
    items.sort(key=lambda item: item.stash[_ORDER])
    if not any("site" in getattr(item, "fixturenames", ()) for item in items):
        return
    try:
        os.close(os.open(os.path.join(folder, "started"), os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        return
    subprocess.Popen([sys.executable, "-c", _BACKGROUND_BUILD, folder, str(ROOT / "site"), str(ROOT)],
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.fixture(scope="session")
def site(request) -> Path:
    """The real site, built once per test run into ``site/`` (as ``make build``),
    PDFs included even when the shell has ``SKIP_PDF=1``.

    In a parallel run (``make test``: pytest-xdist) each worker has its own
    session: the site is built once, in the background, from the moment the
    tests are collected (:func:`pytest_collection_modifyitems`), and every
    worker waits here for that build.
    """
    folder = os.environ.get(SITE_BUILD_DIR)
    if not folder or not hasattr(request.config, "workerinput"):  # one process
        build = run_build(ROOT, ROOT / "site", {"SKIP_PDF": "0"})
        assert build.returncode == 0, f"mkdocs build --strict failed:\n{build.output}"
        return build.site
    result = Path(folder) / "result.json"
    deadline = time.monotonic() + 1800
    while not result.exists():
        assert time.monotonic() < deadline, "the background build of the site did not finish in 30 minutes"
        time.sleep(0.5)
    done = json.loads(result.read_text(encoding="utf-8"))
    assert done["returncode"] == 0, f"mkdocs build --strict failed:\n{done['output']}"
    return ROOT / "site"


def copy_project(root: Path, parts: tuple[str, ...] = PROJECT_PARTS) -> Path:
    """Copy ``parts`` of the project (files or folders) into ``root`` and link
    its ``node_modules`` (npm packages the build reads: world-atlas); return
    ``root``."""
    for part in parts:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, root / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (root / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / part)
    if (ROOT / "node_modules").is_dir():
        (root / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return root


@pytest.fixture
def project_copy(tmp_path):
    """Return a function that copies the project, lets a test plant a fault,
    and builds the copy. Usage::

        build = project_copy(lambda root: (root / "docs/es/foreword.md").unlink())

    Copies skip the PDFs (``SKIP_PDF=1``, seconds saved per build) unless
    the test asks for them: ``project_copy(plant, env={"SKIP_PDF": "0"})``.
    """

    def make(plant, env: dict | None = None) -> Build:
        root = copy_project(tmp_path / "project")
        plant(root)
        return run_build(root, tmp_path / "site", {"SKIP_PDF": "1", **(env or {})})

    return make
