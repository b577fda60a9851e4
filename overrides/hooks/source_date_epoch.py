"""Date the build by its commit, not by the clock: set ``SOURCE_DATE_EPOCH``.

``SOURCE_DATE_EPOCH`` (https://reproducible-builds.org/specs/source-date-epoch/)
is the time every tool of a reproducible build uses instead of "now": MkDocs
for ``build_date_utc`` and the sitemap's gzip header, ``page_dates.py`` for
files git does not know yet, and any later date written into the HTML or the
PDFs. When it is unset, this hook sets it, for the whole build (PDF workers
included), to the committer time of the commit checked out (``git log -1
--format=%ct``), so two builds of one commit made on different days are
byte-identical. A value set by the caller is kept; outside a git repository
nothing is set (and the build date is the clock's, as MkDocs does).
"""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

try:  # MkDocs is optional: commit_epoch() runs without it.
    from mkdocs.plugins import event_priority
except ImportError:  # pragma: no cover - used without MkDocs
    def event_priority(priority):
        return lambda function: function

log = logging.getLogger("mkdocs.hooks.source_date_epoch")

#: Marks a value this hook derived (so ``mkdocs serve`` re-derives it after a commit).
DERIVED_FLAG = "SOURCE_DATE_EPOCH_FROM_GIT"


@event_priority(100)  # before any hook or plugin reads a date
def on_config(config):
    """Set ``SOURCE_DATE_EPOCH`` from the checked-out commit when the caller did not (MkDocs event)."""
    if os.environ.get("SOURCE_DATE_EPOCH") and not os.environ.get(DERIVED_FLAG):
        return config
    epoch = commit_epoch(Path(config.config_file_path or ".").resolve().parent)
    if epoch is None:
        log.debug("not a git checkout: SOURCE_DATE_EPOCH left unset")
        return config
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    os.environ[DERIVED_FLAG] = "1"
    return config


def commit_epoch(folder: Path) -> int | None:
    """Return the committer time (seconds since 1970, UTC) of ``HEAD`` of the
    repository holding ``folder``, or None when git or the repository is
    missing."""
    try:
        proc = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=folder,
                              capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    stamp = proc.stdout.strip()
    return int(stamp) if proc.returncode == 0 and stamp.isdigit() else None
