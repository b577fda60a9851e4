"""External link check (`make linkcheck-external`): its configuration, and
its behaviour against a local server on 127.0.0.1 that answers 200, 301,
404, 403, 429 and never in time. No request leaves the machine."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import tomllib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import ROOT

TOOL = ROOT / "tools" / "linkcheck_external.py"
CONFIG = ROOT / "tools" / "lychee.toml"
#: How long the "slow" address waits before answering (longer than the test's time-out).
SLOW_SECONDS = 4


class Answers(BaseHTTPRequestHandler):
    """/ok 200, /moved 301 → /ok, /missing 404, /forbidden 403, /busy 429, /slow too late."""

    hits: dict[str, int] = {}

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        """Keep test output quiet."""

    def do_GET(self):
        """Answer by path; count the requests of each."""
        self.hits[self.path] = self.hits.get(self.path, 0) + 1
        if self.path == "/slow":
            time.sleep(SLOW_SECONDS)
        status = {"/ok": 200, "/moved": 301, "/missing": 404, "/forbidden": 403, "/busy": 429, "/slow": 200}.get(self.path, 404)
        self.send_response(status)
        if status == 301:
            self.send_header("Location", "/ok")
        if status == 429:
            self.send_header("Retry-After", "1")
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_GET


@pytest.fixture
def server():
    handler = type("Handler", (Answers,), {"hits": {}})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", handler.hits
    httpd.shutdown()
    httpd.server_close()


def page_linking(tmp_path: Path, base: str, paths: list[str]) -> Path:
    page = tmp_path / "site" / "page" / "index.html"
    page.parent.mkdir(parents=True)
    links = "\n".join(f'<p><a href="{base}{path}">{path}</a></p>' for path in paths)
    page.write_text(f"<!DOCTYPE html><html><body>\n{links}\n</body></html>\n", encoding="utf-8")
    return page


def check(tmp_path: Path, page: Path) -> tuple[subprocess.CompletedProcess, str]:
    report = tmp_path / "report" / "report.md"
    result = subprocess.run([sys.executable, str(TOOL), "--config", str(CONFIG), "--report", str(report),
                             "--timeout", "1", "--retry-wait-time", "1", str(page.parent.parent)],
                            capture_output=True, text=True, timeout=300)
    return result, report.read_text(encoding="utf-8") if report.exists() else ""


def test_the_config_retries_times_out_and_explains_every_ignored_address():
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert config["max_retries"] >= 1 and config["timeout"] >= 5
    assert "403" not in " ".join(config["accept"]) and "429" not in " ".join(config["accept"])
    lines = CONFIG.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("exclude = ["))
    for number in range(start + 1, len(lines)):
        line = lines[number].strip()
        if line == "]":
            break
        if line.startswith("'") or line.startswith('"'):
            assert lines[number - 1].strip().startswith("#"), f"tools/lychee.toml:{number + 1}: say why {line} is ignored"
    assert config["exclude"], "the ignore list is empty"


def test_a_404_is_broken_and_403_429_and_time_outs_are_warnings(tmp_path, server):
    base, hits = server
    page = page_linking(tmp_path, base, ["/ok", "/moved", "/missing", "/forbidden", "/busy", "/slow"])
    result, report = check(tmp_path, page)
    assert result.returncode == 1, result.stdout + result.stderr
    broken, warnings = report.split("## Broken links")[1].split("## Warnings")
    assert f"<{base}/missing>" in broken and "404" in broken
    for path in ("/ok", "/moved", "/forbidden", "/busy", "/slow"):
        assert f"<{base}{path}>" not in broken, f"{path} counted as broken:\n{report}"
    assert f"<{base}/forbidden>: " in warnings and "403" in warnings
    assert f"<{base}/busy>: " in warnings and "429" in warnings
    assert f"<{base}/slow>: timed out after the retries" in warnings
    assert "- Fine: 2 (after 1 redirect(s))" in report, report
    assert "site/page/index.html" in broken or "page/index.html" in broken, "the report must name the page"
    assert hits.get("/busy", 0) >= 2 and hits.get("/slow", 0) >= 2, f"no retries: {hits}"


def test_warnings_alone_do_not_fail_the_check(tmp_path, server):
    base, _ = server
    result, report = check(tmp_path, page_linking(tmp_path, base, ["/ok", "/moved", "/busy", "/forbidden"]))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "- Broken: 0" in report and "- Warnings (403, 429, time-outs): 2" in report


def test_ignored_addresses_are_not_requested(tmp_path, server):
    base, hits = server
    page = page_linking(tmp_path, base, ["/ok"])
    text = page.read_text(encoding="utf-8").replace(
        "</body>", f'<a href="{base}/edit/main/docs/en/x.md">edit</a></body>')
    page.write_text(text, encoding="utf-8")
    result, report = check(tmp_path, page)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not any(path.startswith("/edit/") for path in hits), hits
    assert "- Not checked (tools/lychee.toml `exclude`): 1" in report, report
