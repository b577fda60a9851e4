"""Markdown lint and spelling: the pages and the repository's Markdown pass
pymarkdownlnt, codespell (English) and hunspell (Spanish); each tool
catches a planted fault and names the file and line; pre-commit runs the
same three checks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
from spelling_es import INSTALL_HINT, candidate_words, check, load_word_list, prose_lines  # noqa: E402

BIN = Path(sys.executable).parent
PYMARKDOWN = [str(BIN / "pymarkdown"), "--config", str(ROOT / ".pymarkdown.json"), "scan"]
CODESPELL = [str(BIN / "codespell"), "--config", str(ROOT / ".codespellrc")]
HUNSPELL = shutil.which("hunspell") and all(Path(f"/usr/share/hunspell/{d}.dic").exists() for d in ("es_ES", "en_US"))


def markdown_files() -> list[Path]:
    """Every Markdown file the project writes: pages, README, CONTRIBUTING, PR template."""
    return [*sorted((ROOT / "docs").rglob("*.md")), ROOT / "README.md", ROOT / "CONTRIBUTING.md",
            ROOT / ".github" / "pull_request_template.md"]


def english_files() -> list[Path]:
    return [path for path in markdown_files() if "docs/es/" not in path.as_posix()]


def run(command: list[str], *files: Path) -> subprocess.CompletedProcess:
    """Run a checker from the project folder; project files are named by
    their path relative to it (``docs/es/x.md:12: ...``)."""
    names = [str(f.relative_to(ROOT)) if f.is_relative_to(ROOT) else str(f) for f in files]
    return subprocess.run([*command, *names], cwd=ROOT, capture_output=True, text=True, timeout=300)


def report(title: str, findings: str) -> None:
    """Fail with only the findings (file:line: problem), not a Python traceback."""
    pytest.fail(f"{title}\n{findings.strip()}", pytrace=False)


def need_hunspell() -> None:
    if HUNSPELL:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and hunspell-es is missing: {INSTALL_HINT}", pytrace=False)
    pytest.skip(INSTALL_HINT)


def plant(tmp_path: Path, source: str, line: int, text: str) -> tuple[Path, int]:
    """Copy ``source`` (relative to the project) to ``tmp_path`` and insert
    ``text`` as a new paragraph before its line ``line``; return the copy and
    the line number of the inserted text."""
    lines = (ROOT / source).read_text(encoding="utf-8").splitlines()
    lines[line - 1:line - 1] = [text, ""]
    target = tmp_path / Path(source).name
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target, line


# Markdown lint ---------------------------------------------------------------------

def test_markdown_lint_passes():
    result = run(PYMARKDOWN, *markdown_files())
    if result.returncode != 0:
        report("Markdown lint (file:line:column: rule and problem):", result.stdout + result.stderr)


@pytest.mark.parametrize("fault,text,rule", [
    ("a skipped heading level", "#### A heading two levels too deep { #too-deep }", "MD001"),
    ("trailing spaces", "A sentence with trailing spaces.   ", "MD009"),
    ("a bare web address", "See https://example.org for more.", "MD034"),
])
def test_markdown_lint_catches_a_planted_fault_naming_file_and_line(tmp_path, fault, text, rule):
    page, line = plant(tmp_path, "docs/en/foreword.md", 7, text)
    result = run(PYMARKDOWN, page)
    assert result.returncode != 0, f"{fault} was not caught"
    assert f"{page}:{line}:" in result.stdout and rule in result.stdout, result.stdout


def test_markdown_lint_accepts_our_extensions(tmp_path):
    """Front matter, heading ids, admonitions and four-space nested lists are valid."""
    page = tmp_path / "page.md"
    page.write_text('---\ndescription: A page.\n---\n\n# Title\n\n## Part { #part }\n\n'
                    '!!! info "Background"\n    Text of the box.\n\n- Item\n    - Nested item\n', encoding="utf-8")
    result = run(PYMARKDOWN, page)
    assert result.returncode == 0, result.stdout


# English spelling ---------------------------------------------------------------------

def test_english_spelling_passes():
    result = run(CODESPELL, *english_files())
    if result.returncode != 0:
        report("English spelling (file:line: word ==> fix; a correct word goes in tools/spelling/en.txt):",
               result.stdout + result.stderr)


def test_english_spelling_catches_a_planted_fault_naming_file_and_line(tmp_path):
    page, line = plant(tmp_path, "docs/en/foreword.md", 7, "The meeting occured in Lima.")
    result = run(CODESPELL, page)
    assert result.returncode != 0 and f"{page}:{line}: occured ==> occurred" in result.stdout, result.stdout


# Spanish spelling ---------------------------------------------------------------------

def test_spanish_spelling_passes():
    need_hunspell()
    findings = check(sorted((ROOT / "docs" / "es").rglob("*.md")))
    if findings:
        report("Spanish spelling:", "\n".join(map(str, findings)))


def test_spanish_spelling_catches_a_planted_fault_naming_file_and_line(tmp_path):
    need_hunspell()
    page, line = plant(tmp_path, "docs/es/foreword.md", 7, "La migrasión en la región.")
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "spelling_es.py"), str(page)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{page}:{line}: 'migrasión' is not in the Spanish dictionary (suggestions: migración" in result.stdout, result.stdout


def test_spanish_spelling_skips_code_links_english_titles_and_listed_names():
    lines = dict(prose_lines('---\ndescription: Una página.\n---\n\n# Título\n\n'
                             'Texto `code` y *Strategic Vision*{ lang="en" } con [enlace](https://example.org/x){ lang="en" }.\n\n'
                             '```sh\nmake serve\n```\n'))
    assert lines[2].strip() == "Una página."
    assert lines[7].split() == ["Texto", "y", "con", "."]
    assert 9 not in lines and 10 not in lines
    words, phrases = load_word_list()
    assert candidate_words("La OIM y el Migration Policy Institute en R4V", words, phrases) == ["La", "el", "en"]


# pre-commit -----------------------------------------------------------------------------

def test_pre_commit_runs_the_three_checks_and_each_names_file_and_line(tmp_path):
    need_hunspell()
    repo = tmp_path / "repo"
    for part in (".pre-commit-config.yaml", ".pymarkdown.json", ".codespellrc", "tools", "overrides/hooks"):
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, repo / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            repo.mkdir(exist_ok=True)
            shutil.copy2(source, repo / part)
    (repo / ".venv").symlink_to(Path(sys.executable).parent.parent)
    (repo / "docs/en").mkdir(parents=True)
    (repo / "docs/es").mkdir(parents=True)
    (repo / "docs/en/page.md").write_text("---\ndescription: A page.\n---\n\n# Page\n\nIt occured in Lima.   \n", encoding="utf-8")
    (repo / "docs/es/page.md").write_text("---\ndescription: Una página.\n---\n\n# Página\n\nLa migrasión.\n", encoding="utf-8")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), GIT_CONFIG_GLOBAL=os.devnull)
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    result = subprocess.run([str(Path(sys.executable).parent / "pre-commit"), "run", "--all-files", "--color", "never"],
                            cwd=repo, env=env, capture_output=True, text=True, timeout=300)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "docs/en/page.md:7:" in out and "MD009" in out, f"markdown-lint:\n{out}"
    assert "docs/en/page.md:7: occured ==> occurred" in out, f"spelling-en:\n{out}"
    assert "docs/es/page.md:7: 'migrasión'" in out, f"spelling-es:\n{out}"
