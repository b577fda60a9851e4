"""Out-of-date translations: `make translations` and the notice on Spanish
pages whose English source changed since, both computed from git history.

Every test builds its own small git repository in ``tmp_path`` with commits
at set dates; the project's own history is never read or changed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from conftest import HOOKS
from site_html import soup
from outdated_translations import outdated_notice, report, translation_status

GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")


def git(repo: Path, *args: str, date: str | None = None) -> str:
    """Run git in ``repo`` as a throw-away identity; commits get ``date``."""
    env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    done = subprocess.run(["git", "-C", str(repo), "-c", "user.name=Test", "-c", "user.email=test@example.org",
                           "-c", "commit.gpgsign=false", *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def commit(repo: Path, message: str, date: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)
    return git(repo, "rev-parse", "--short", "HEAD").strip()


@pytest.fixture
def history(tmp_path) -> Path:
    """A repository where docs/es/a.md is behind (English changed twice after
    it), docs/es/b.md is up to date and docs/es/c.md is not committed."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    for name in ("a", "b"):
        write(repo / f"docs/en/{name}.md", f"# {name}\n")
        write(repo / f"docs/es/{name}.md", f"# {name} (es)\n")
    commit(repo, "Add pages a and b in both languages", "2026-01-10T10:00:00+00:00")
    write(repo / "docs/en/a.md", "# a\n\nNew figures.\n")
    commit(repo, "Update the figures of page a", "2026-02-01T09:00:00+00:00")
    write(repo / "docs/en/b.md", "# b\n\nA fix.\n")
    commit(repo, "Fix page b", "2026-02-03T09:00:00+00:00")
    write(repo / "docs/es/b.md", "# b (es)\n\nUna corrección.\n")
    commit(repo, "Translate the fix of page b", "2026-02-05T09:00:00+00:00")
    write(repo / "docs/en/a.md", "# a\n\nNewer figures.\n")
    commit(repo, "Update page a again", "2026-03-03T12:00:00+00:00")
    write(repo / "docs/en/c.md", "# c\n")
    write(repo / "docs/es/c.md", "# c (es)\n")
    return repo


def test_a_translation_whose_english_page_changed_since_is_behind(history):
    status = translation_status(history / "docs", "a.md", "en", "es")
    assert status.state == "behind", status
    assert [c.subject for c in status.changes] == ["Update page a again", "Update the figures of page a"]
    assert status.changes[0].date == datetime.fromisoformat("2026-03-03T12:00:00+00:00")
    assert status.since.subject == "Add pages a and b in both languages"


def test_a_translation_changed_after_its_english_page_is_up_to_date(history):
    status = translation_status(history / "docs", "b.md", "en", "es")
    assert status.state == "up to date" and status.changes == [], status


def test_an_uncommitted_translation_is_unknown_and_says_why(history):
    status = translation_status(history / "docs", "c.md", "en", "es")
    assert status.state == "unknown" and "not committed" in status.reason


def test_make_translations_lists_the_english_changes_and_always_exits_0(history):
    since = git(history, "log", "--format=%h", "-1", "--", "docs/es/a.md").strip()
    result = subprocess.run([sys.executable, str(HOOKS / "outdated_translations.py"), "--docs", str(history / "docs")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"BEHIND      docs/es/a.md: docs/en/a.md changed in 2 commit(s) since {since} (2026-01-10)" in out, out
    assert "2026-03-03 Update page a again" in out and "2026-02-01 Update the figures of page a" in out, out
    assert "up to date  docs/es/b.md" in out, out
    assert "unknown     docs/es/c.md: not committed yet" in out, out
    assert "Summary: 1 up to date, 1 behind, 1 unknown, 0 missing" in out, out


def test_a_shallow_clone_says_the_history_is_too_shallow(history, tmp_path):
    commit(history, "Commit page c", "2026-03-04T12:00:00+00:00")
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{history}", str(clone)], check=True,
                   capture_output=True, env=dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull))
    text = report(clone / "docs", "en", ["es"])
    for page in ("a", "b", "c"):
        assert f"unknown     docs/es/{page}.md: history too shallow" in text, text
    assert "git fetch --unshallow" in text


def test_without_a_repository_or_without_git_the_state_is_unknown(tmp_path, monkeypatch):
    for page in ("en/a.md", "es/a.md"):
        write(tmp_path / "docs" / page, "# a\n")
    status = translation_status(tmp_path / "docs", "a.md", "en", "es")
    assert status.state == "unknown" and "not a git repository" in status.reason
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))
    assert translation_status(tmp_path / "docs", "a.md", "en", "es").state == "unknown"


def test_a_missing_translation_is_reported_as_missing(history):
    (history / "docs/es/b.md").unlink()
    assert translation_status(history / "docs", "b.md", "en", "es").state == "missing"


def test_the_notice_gives_the_date_in_spanish_and_links_the_english_page():
    html = outdated_notice("es", datetime.fromisoformat("2026-03-03T12:00:00+00:00"), "../../foreword/")
    assert "La versión en inglés se actualizó el 3 de marzo de 2026" in html
    assert 'href="../../foreword/"' in html and 'lang="es"' in html


def test_a_spanish_page_behind_its_english_page_shows_the_notice_in_the_build(project_copy):
    def plant(root: Path) -> None:
        git(root, "init", "-q", "-b", "main")
        commit(root, "The project", "2026-01-10T10:00:00+00:00")
        page = root / "docs/en/foreword.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
        commit(root, "Add a paragraph to the Foreword", "2026-02-01T09:00:00+00:00")

    build = project_copy(plant)
    assert build.returncode == 0, build.output
    notice = soup(build.site / "es/foreword/index.html").select_one(".outdated-notice")
    assert notice is not None, "docs/es/foreword.md is behind its English page but shows no notice"
    assert "La versión en inglés se actualizó el 1 de febrero de 2026" in notice.get_text(" ", strip=True)
    assert notice.a["href"] == "../../foreword/"
    assert soup(build.site / "es/introduction/index.html").select_one(".outdated-notice") is None
    assert soup(build.site / "foreword/index.html").select_one(".outdated-notice") is None


def test_a_build_without_git_history_shows_no_notice(project_copy):
    build = project_copy(lambda root: None)  # a copy outside any repository, like a tarball
    assert build.returncode == 0, build.output
    assert not list(build.site.rglob("index.html")) == []
    for page in (build.site / "es").rglob("index.html"):
        assert soup(page).select_one(".outdated-notice") is None, page
