"""Say when a translated page is behind its English source, from git history.

A translation ``docs/es/x.md`` is *behind* when ``docs/en/x.md`` changed in
commits made after the translation was last changed: the commits of
``git log <last commit of docs/es/x.md>..HEAD -- docs/en/x.md``.

Two uses:

* **Hook** (``mkdocs.yml``): a translated page that is behind shows readers a
  notice in its language, "La versión en inglés se actualizó el 3 de marzo
  de 2026 …", linking to the English page. When git, the repository or the
  history is missing (a tarball, a shallow clone that does not reach the
  translation's last change) nothing is shown and the build goes on: the
  notice is never a reason for a build to fail or wait (each git call has a
  short timeout).
* **Command** (``make translations``, i.e. ``python
  overrides/hooks/outdated_translations.py``): a report of every translated
  page: up to date; behind, with ``git log --oneline`` of the English changes
  and the commit the translation was last changed in; unknown, saying why
  (not a git repository, history too shallow, not committed yet); missing.
  Informational: it always exits 0.
"""

from __future__ import annotations

import argparse
import html as html_lib
import logging
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import site_languages

log = logging.getLogger("mkdocs.hooks.outdated_translations")

#: Seconds any one git command may take before the answer is "unknown".
GIT_TIMEOUT = 10

#: Notice per build language: (title, body). The body holds ``{date}`` (the
#: date of the newest English change, in words) and ``{url}`` (the English
#: page). Languages without text here get the English one.
NOTICES = {
    "es": (
        "Traducción pendiente de actualización",
        "La versión en inglés se actualizó el {date}, después de la última revisión de esta traducción. "
        '<a href="{url}" hreflang="en">Ver la versión en inglés</a>.',
    ),
    "en": (
        "Translation being updated",
        "The English version was updated on {date}, after this translation was last revised. "
        '<a href="{url}" hreflang="en" lang="en">See the English version</a>.',
    ),
}


def on_page_content(html, page, config, files):
    """Put the "English version updated" notice above a translation that is behind (MkDocs event).

    Runs for pages of a non-default-language build whose file is in that
    language (fallback pages already carry the "not yet translated" notice).
    Output: the page HTML, with the notice when git says the page is behind,
    else unchanged.
    """
    lang = site_languages.build_language(config)
    default = site_languages.default_language(config)
    if lang == default or site_languages.page_language(page) != lang:
        return html
    docs = Path(config.docs_dir)
    status = translation_status(docs, page.file.src_uri.split("/", 1)[-1], default, lang)
    if status.state != "behind":
        return html
    depth = page.url.count("/")
    inner = page.url[len(lang) + 1:] if page.url.startswith(lang + "/") else page.url
    return outdated_notice(lang, status.changes[0].date, "../" * depth + inner or "./") + "\n" + html


# ---------------------------------------------------------------------------
# Pure helpers (tests call these directly)
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Change:
    """One commit, as ``git log`` shows it."""

    commit: str        #: abbreviated hash
    date: datetime     #: committer date
    subject: str       #: first line of the message


@dataclass
class Status:
    """How one translated page stands against its English source.

    ``state`` is ``up to date``, ``behind``, ``unknown`` or ``missing``;
    ``since`` is the last commit of the translation; ``changes`` the English
    commits after it (newest first); ``reason`` says why the state is
    ``unknown``.
    """

    page: str
    state: str
    since: Change | None = None
    changes: list[Change] = field(default_factory=list)
    reason: str = ""


def _git(repo: Path, *args: str) -> str | None:
    """Run git in ``repo``; return its output, or None when git fails or is absent."""
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                              timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _changes(output: str) -> list[Change]:
    changes = []
    for line in output.splitlines():
        commit, _, rest = line.partition("\t")
        date, _, subject = rest.partition("\t")
        if commit and date:
            changes.append(Change(commit, datetime.fromisoformat(date), subject))
    return changes


def translation_status(docs_dir: Path, page: str, default: str, lang: str) -> Status:
    """Compare one translated page with its English source in git history.

    Inputs: the ``docs`` folder (inside a git work tree or not), the page's
    path inside the language folders (``foreword.md``), the default and the
    translated locale. Output: a :class:`Status`. Never raises: without git,
    outside a repository, or with too little history the state is
    ``unknown`` and ``reason`` says why.
    """
    docs_dir = Path(docs_dir).resolve()
    name = f"docs/{lang}/{page}"
    source, translation = docs_dir / default / page, docs_dir / lang / page
    if not translation.exists():
        return Status(name, "missing", reason=f"no translation of docs/{default}/{page}")
    top = _git(docs_dir, "rev-parse", "--show-toplevel")
    if top is None:
        return Status(name, "unknown", reason="not a git repository (or git is not installed): no history to compare")
    repo = Path(top.strip())
    rel_source = source.resolve().relative_to(repo).as_posix() if source.exists() else None
    rel_translation = translation.resolve().relative_to(repo).as_posix()
    fmt = "--format=%h\t%cI\t%s"
    last = _git(repo, "log", "-1", fmt, "--", rel_translation)
    if last is None:
        return Status(name, "unknown", reason="git log failed")
    since = _changes(last)
    if not since:
        return Status(name, "unknown", reason="not committed yet: commit the translation to compare it")
    since_full = (_git(repo, "rev-parse", since[0].commit) or "").strip()
    shallow = (_git(repo, "rev-parse", "--is-shallow-repository") or "").strip() == "true"
    if shallow and since_full in _shallow_commits(repo):
        return Status(name, "unknown", since[0],
                      reason=f"history too shallow (shallow clone: it starts at {since[0].commit}, so the "
                             "translation's last change is not known); run `git fetch --unshallow`")
    if rel_source is None:
        return Status(name, "unknown", since[0], reason=f"no English source docs/{default}/{page}")
    after = _git(repo, "log", fmt, f"{since_full}..HEAD", "--", rel_source)
    if after is None:
        return Status(name, "unknown", since[0], reason="git log failed")
    changes = _changes(after)
    return Status(name, "behind" if changes else "up to date", since[0], changes)


def _shallow_commits(repo: Path) -> set[str]:
    """The boundary commits of a shallow clone (empty for a full one)."""
    path = _git(repo, "rev-parse", "--git-path", "shallow")
    if not path:
        return set()
    file = Path(path.strip())
    file = file if file.is_absolute() else repo / file
    return set(file.read_text().split()) if file.exists() else set()


def format_date(date: datetime, lang: str) -> str:
    """Return ``date`` in words in ``lang`` (``3 de marzo de 2026``, ``3 March 2026``)."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(date.date(), format="long", locale=lang)


def outdated_notice(lang: str, date: datetime, english_url: str) -> str:
    """Return the HTML of the notice for a page in ``lang`` whose English
    source changed on ``date``; ``english_url`` is the English page's address
    relative to this one."""
    title, body = NOTICES.get(lang, NOTICES["en"])
    body = body.format(date=html_lib.escape(format_date(date, lang)), url=html_lib.escape(english_url, quote=True))
    return (f'<div class="admonition info outdated-notice" lang="{lang}" role="note">'
            f'<p class="admonition-title">{title}</p><p>{body}</p></div>')


def report(docs_dir: Path, default: str, others: list[str]) -> str:
    """Return the plain-text report of ``make translations``.

    Inputs: the ``docs`` folder, the default locale and the translated
    locales. Output: one block per page of the default language and
    locale, then a one-line summary per locale.
    """
    docs_dir = Path(docs_dir)
    sources = site_languages.docs_tree(docs_dir, default)
    lines = []
    for lang in others:
        counts: dict[str, int] = {}
        lines.append(f"Translations into '{lang}' compared with docs/{default}/ (git history):")
        for page in sorted(set(sources) | set(site_languages.docs_tree(docs_dir, lang))):
            status = translation_status(docs_dir, page, default, lang)
            counts[status.state] = counts.get(status.state, 0) + 1
            head = f"  {status.state.upper() if status.state == 'behind' else status.state:<10}  {status.page}"
            if status.state == "behind":
                lines.append(f"{head}: docs/{default}/{page} changed in {len(status.changes)} commit(s) since "
                             f"{status.since.commit} ({status.since.date.date()}), the translation's last change:")
                lines.extend(f"                {c.commit} {c.date.date()} {c.subject}" for c in status.changes)
            elif status.state in ("unknown", "missing"):
                lines.append(f"{head}: {status.reason}")
            else:
                lines.append(head)
        lines.append("Summary: " + ", ".join(f"{counts.get(s, 0)} {s}" for s in ("up to date", "behind", "unknown", "missing")))
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the report for the project holding this file (``make translations``).

    Options: ``--docs DIR`` (default: the project's ``docs``), ``--config
    FILE`` (default: its ``mkdocs.yml``, for the languages). Always returns 0.
    """
    root = Path(__file__).resolve().parents[2]
    parser = argparse.ArgumentParser(description="List translated pages whose English source changed since (git history).")
    parser.add_argument("--docs", type=Path, default=root / "docs")
    parser.add_argument("--config", type=Path, default=root / "mkdocs.yml")
    args = parser.parse_args(argv)
    langs = site_languages.languages_from_file(args.config)
    print(report(args.docs, langs[0], langs[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
