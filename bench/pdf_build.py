"""Benchmark: how long the site build takes with its PDFs (not a test).

Copies the project (mkdocs.yml, docs/, overrides/) to a temporary folder, so
neither site/ nor .cache/pdf/ of the working tree is touched, and times
``mkdocs build --strict`` there:

1. full: an empty PDF cache, every PDF rendered;
2. unchanged: a rebuild, every PDF from the cache;
3. one chapter changed: a sentence added to docs/en/introduction.md, so its
   PDF and the English whole-strategy PDF are rendered again;
4. SKIP_PDF=1: the build without PDFs, as ``make serve`` runs it.

Usage: ``.venv/bin/python bench/pdf_build.py`` (prints the figures; about a
minute on two cores).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("mkdocs.yml", "docs", "overrides")


def build(project: Path, skip_pdf: bool) -> tuple[float, str]:
    """Run one strict build of ``project``; return (seconds, the hook's PDF summary line)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SKIP_PDF="1" if skip_pdf else "0")
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env=env,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"build failed:\n{proc.stdout}{proc.stderr}")
    summary = re.search(r"PDFs: .*|SKIP_PDF=1.*", proc.stdout + proc.stderr)
    return seconds, summary.group(0).strip() if summary else ""


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        for part in PARTS:
            source = ROOT / part
            if source.is_dir():
                shutil.copytree(source, project / part, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, project / part)
        rows = [("full (empty cache)", *build(project, skip_pdf=False)),
                ("unchanged (all cached)", *build(project, skip_pdf=False))]
        page = project / "docs/en/introduction.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nA sentence added by the benchmark.\n", encoding="utf-8")
        rows.append(("one chapter changed", *build(project, skip_pdf=False)))
        rows.append(("SKIP_PDF=1 (make serve)", *build(project, skip_pdf=True)))
    print(f"PDF build benchmark, {os.cpu_count()} cores, whole `mkdocs build --strict` wall time:")
    for name, seconds, summary in rows:
        print(f"  {name:<24} {seconds:6.1f} s   {summary}")


if __name__ == "__main__":
    main()
