"""Each page's date comes from its content's git history, never from the clock.

MkDocs stamps every page (and so every sitemap ``<lastmod>``) with the build
date, which is wrong for readers and search engines and makes two builds of
the same commit on different days differ. This hook sets, for every page:

- ``page.update_date`` (``YYYY-MM-DD``; MkDocs' sitemap prints it as
  ``<lastmod>``), and
- ``page.meta["last_updated"]`` (the same ISO date, for templates: the
  "Last updated" line of the page metadata block),

to the committer date of the last commit that changed the page's Markdown
source (for a Spanish page that falls back to the English file, the English
file). Where git cannot tell (no git, not a repository, a file not yet
committed) the date is the ``SOURCE_DATE_EPOCH`` date if set, else the last
commit's date, else it is left as MkDocs set it. A shallow clone still builds:
its files then all carry the date of the clone's oldest visible commit.
"""

from __future__ import annotations

import logging
import os
import subprocess
from datetime import datetime, timezone
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.page_dates")


def on_page_markdown(markdown, page, config, files):
    """Set ``page.update_date`` and ``page.meta["last_updated"]`` from git."""
    date = source_date(Path(page.file.abs_src_path))
    if date:
        page.update_date = date
        page.meta["last_updated"] = date
    return markdown


def source_date(path: Path) -> str | None:
    """Return the date (``YYYY-MM-DD``, UTC) a source file last changed.

    Input: the absolute path of a file. Output: the committer date of the last
    commit touching it (``git log -1 --format=%ct -- path``); for a file git
    does not know, :func:`fallback_date`. Never raises: git missing or failing
    gives the fallback.
    """
    stamp = _git(path.parent, "log", "-1", "--format=%ct", "--", path.name)
    if stamp:
        return _iso(int(stamp))
    return fallback_date(path.parent)


def fallback_date(folder: Path) -> str | None:
    """Return ``SOURCE_DATE_EPOCH`` as a date if set, else the date of the
    last commit of the repository holding ``folder``, else None."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return _iso(int(epoch))
    stamp = _git(folder, "log", "-1", "--format=%ct")
    return _iso(int(stamp)) if stamp else None


def _iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%d")


def _git(folder: Path, *args: str) -> str:
    """Run git in ``folder``; return its stripped output, '' on any failure."""
    try:
        proc = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ""
    return proc.stdout.strip() if proc.returncode == 0 else ""
