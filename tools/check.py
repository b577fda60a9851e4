"""The contributors' fast lane: everything about the Markdown, in about a minute.

Usage (``make check`` runs it; ``make lint`` runs it with ``--lint``)::

    .venv/bin/python tools/check.py            # everything below
    .venv/bin/python tools/check.py --lint     # only steps 3-5: lint and spelling

Runs, side by side, and then reports each one's findings as ``file:line:``
lines:

1. the strict build without PDFs (``SKIP_PDF=1 mkdocs build --strict`` into
   ``.cache/check-site``): broken links and anchors, front matter, the
   translation checks of ``overrides/hooks/translation_structure.py`` (heading
   ids, number of tables, images, boxes) and ``translation_content.py``
   (figures, table rows and cells, link targets), broken Markdown and images
   without alt text (``markdown_syntax.py``);
2. every English page has its translation (the test suite's rule; the build
   only notes it);
3. Markdown lint (pymarkdownlnt, ``.pymarkdown.json``);
4. English spelling (codespell, ``.codespellrc``);
5. Spanish spelling (``tools/spelling_es.py``).

Not run (``make test`` does): PDFs, the browser gates (accessibility,
keyboard, search), the HTML checks of the built site. Exit status 1 when any
step finds a problem, 0 when none does.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "overrides" / "hooks"))


def markdown_files() -> list[str]:
    """Every Markdown file the project writes, relative to the project:
    pages, README, CONTRIBUTING, the pull-request template."""
    files = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").rglob("*.md"))
    extra = ["README.md", "CONTRIBUTING.md", ".github/pull_request_template.md"]
    return files + [name for name in extra if (ROOT / name).exists()]


def steps() -> list[tuple[str, list[str], dict]]:
    """Return (title, command, extra environment) of each external step."""
    pages = markdown_files()
    english = [name for name in pages if not name.startswith("docs/es/")]
    return [
        ("Strict build without PDFs (links, front matter, translation checks, broken Markdown)",
         [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", ".cache/check-site"],
         {"SKIP_PDF": "1", "NO_MKDOCS_2_WARNING": "1"}),
        ("Markdown lint (pymarkdownlnt; rule ids are explained in docs/en/contributors/contributing.md)",
         [str(BIN / "pymarkdown"), "--config", ".pymarkdown.json", "scan", *pages], {}),
        ("English spelling (codespell; a correct word goes in tools/spelling/en.txt)",
         [str(BIN / "codespell"), "--config", ".codespellrc", *english], {}),
        ("Spanish spelling (hunspell)", [sys.executable, "tools/spelling_es.py"], {}),
    ]


def build_findings(output: str) -> str:
    """Keep the lines of a MkDocs build log that a contributor must act on
    (warnings, errors and their indented continuation lines)."""
    kept, keep = [], False
    for line in output.splitlines():
        if line.startswith(("WARNING", "ERROR")) or line.startswith("Aborted"):
            keep = True
            kept.append(line)
        elif line.startswith("    ") and keep:
            kept.append(line)
        else:
            keep = False
    return "\n".join(kept)


def missing_translations() -> list[str]:
    """Return one line per English page without a translation."""
    import site_languages
    import translation_structure

    langs = site_languages.languages_from_file(ROOT / "mkdocs.yml")
    return [str(p) for p in translation_structure.tree_problems(ROOT / "docs", langs[0], langs[1:])
            if p.kind == "missing-translation"]


def main(argv: list[str] | None = None) -> int:
    """Run every step (with ``--lint``: only lint and spelling); print each
    one's result; return the exit status."""
    lint_only = "--lint" in (sys.argv[1:] if argv is None else argv)
    started = time.monotonic()
    running = []
    for title, command, env in steps()[1 if lint_only else 0:]:
        proc = subprocess.Popen(command, cwd=ROOT, env=dict(os.environ, **env), text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        running.append((title, proc))
    failed = 0
    missing = [] if lint_only else missing_translations()
    for title, proc in running:
        output, _ = proc.communicate(timeout=600)
        if proc.returncode == 0:
            print(f"ok    {title}")
            continue
        failed += 1
        findings = build_findings(output) if "mkdocs" in proc.args[0] else output.strip()
        print(f"FAIL  {title}\n{findings or output.strip()}\n")
    if missing:
        failed += 1
        print("FAIL  Every English page has a translation\n" + "\n".join(missing) + "\n")
    elif not lint_only:
        print("ok    Every English page has a translation")
    elapsed = time.monotonic() - started
    if failed:
        print(f"\n{failed} check(s) failed in {elapsed:.0f} s. Each line above names the file and line to fix; "
              "the table of messages in docs/en/contributors/contributing.md says what each one means.")
        return 1
    print(f"\nAll checks passed in {elapsed:.0f} s. `make test` runs the rest (PDFs, browser gates) in CI.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
