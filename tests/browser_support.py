"""What the real-browser tests (tests/test_browser.py) and the page-weight
benchmark (bench/page_weight.py) share: a static server for the built site,
Debian's Chromium driven by Playwright, and the pinned axe-core.

Nothing here downloads a browser: Playwright drives ``/usr/bin/chromium``
(Debian packages ``chromium`` and ``chromium-driver``).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import json
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Debian's Chromium; Playwright's own browser downloads are not used.
CHROMIUM = Path("/usr/bin/chromium")
#: Flags for a headless Chromium that reaches no host but the ones asked for.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
INSTALL_HINT = "install it with `apt-get install chromium chromium-driver` (Debian), as .ci/run does"

#: axe-core, installed from the npm registry at the version pinned in
#: package.json / package-lock.json (`npm ci`, run by `make test`).
AXE_PACKAGE = ROOT / "node_modules" / "axe-core"
#: The WCAG levels every page must pass.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

#: File types the benchmark server compresses, as static hosts do.
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


def missing_tool() -> str | None:
    """Return why the browser tests cannot run here, or None when they can.

    Checks for Debian's Chromium at ``/usr/bin/chromium`` and for axe-core in
    ``node_modules/`` at the version package.json pins (installed by
    ``npm ci``). Output: a sentence saying what is missing and how to
    install it.
    """
    if not CHROMIUM.exists():
        return f"Chromium is not installed at {CHROMIUM}: {INSTALL_HINT}"
    if not (AXE_PACKAGE / "axe.min.js").exists():
        return f"axe-core is not installed in {AXE_PACKAGE.parent}: run `npm ci` (or `make test`)"
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["axe-core"]
    installed = axe_source()[0]
    if installed != pinned:
        return f"axe-core {installed} is installed, package.json pins {pinned}: run `npm ci` (or `make test`)"
    return None


def require_tools() -> None:
    """Skip the calling test when Chromium or axe-core is missing.

    Under CI (environment variable ``CI=true``) a missing tool fails the test
    instead, so a CI machine without a browser cannot pass by skipping.
    """
    skip_or_fail(missing_tool())


def skip_or_fail(reason: str | None) -> None:
    """Skip the calling test for ``reason`` (a missing tool), or fail it
    under CI (``CI=true``); do nothing when ``reason`` is None."""
    if reason is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


def launch_chromium(playwright):
    """Start headless Debian Chromium through Playwright; return the Browser."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)


def axe_source() -> tuple[str, str]:
    """Return (version, JavaScript source) of the installed axe-core.

    Raises FileNotFoundError when ``npm ci`` has not been run.
    """
    version = json.loads((AXE_PACKAGE / "package.json").read_text(encoding="utf-8"))["version"]
    return version, (AXE_PACKAGE / "axe.min.js").read_text(encoding="utf-8")


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves a built MkDocs site as a static host would.

    A missing address gets status 404 and the not-found page of its language
    folder (``es/404.html`` for ``/es/...``), else the root ``404.html``. With
    ``compress`` set, text files go out gzip-compressed to clients that
    accept it.
    """

    compress = False
    #: The path the site is published under (the path of site_url, e.g.
    #: "/regional-strategy-2020-2024/"): requests under it map to the site folder.
    prefix = "/"

    def _site_path(self) -> str:
        """The request path inside the site (the prefix removed)."""
        if self.prefix != "/" and self.path.startswith(self.prefix):
            return "/" + self.path[len(self.prefix):]
        return self.path

    def translate_path(self, path):
        """Map an address under :attr:`prefix` to the site folder."""
        if self.prefix != "/" and path.startswith(self.prefix):
            path = "/" + path[len(self.prefix):]
        return super().translate_path(path)

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        """Keep test output quiet."""

    def send_error(self, code, message=None, explain=None):
        """Answer a 404 with the site's own not-found page."""
        if code != 404:
            return super().send_error(code, message, explain)
        root = Path(self.directory)
        first = self._site_path().lstrip("/").split("/", 1)[0]
        page = root / first / "404.html" if first else root / "404.html"
        page = page if page.is_file() else root / "404.html"
        if not page.is_file():
            return super().send_error(code, message, explain)
        self._send(404, "text/html", page.read_bytes())

    def do_GET(self):
        """Send a file, gzip-compressed when ``compress`` is set and it is text."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().do_GET()  # the redirect to the address with a slash
            path = path / "index.html"
        if not (self.compress and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        ctype = self.guess_type(str(path))
        if not ctype.startswith(COMPRESSED_TYPES):
            return super().do_GET()
        self._send(200, ctype, gzip.compress(path.read_bytes(), compresslevel=6), encoding="gzip")

    def _send(self, status: int, ctype: str, body: bytes, encoding: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        if encoding:
            self.send_header("Content-Encoding", encoding)
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serve_site(site: Path, compress: bool = False, handler_class: type = None, prefix: str = "/") -> Iterator[str]:
    """Serve the built site on 127.0.0.1 on a free port while in the block.

    Inputs: the site folder; ``compress`` to gzip text files;
    ``handler_class``, a :class:`SiteHandler` subclass to serve with (default
    SiteHandler); ``prefix``, the path to publish it under (the path of
    ``site_url``, as on the real host, so absolute links work). Yields the
    base URL (``http://127.0.0.1:PORT/`` + prefix); the server stops on exit.
    """
    handler = type("Handler", (handler_class or SiteHandler,), {"compress": compress, "prefix": prefix})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def url_path(lang: str, default: str, page_folder: str) -> str:
    """Return the site path of a page (``es`` + ``foreword/`` → ``es/foreword/``).

    Inputs: the page's locale, the default locale (published at the root)
    and the page folder from ``conftest.page_dir`` (``""`` for the home page).
    """
    return ("" if lang == default else lang + "/") + page_folder


#: The focused element (JavaScript for ``page.evaluate``): where it is, what it
#: is, and whether it can be seen; for a hidden radio button, the visible label
#: of its group, which shows its focus. Shared by the keyboard tests.
FOCUSED = r"""() => {
  for (const a of document.getAnimations()) { try { a.finish(); } catch (e) { /* endless */ } }
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  let shown = e, r = e.getBoundingClientRect();
  if (r.width * r.height === 0 && e.parentElement) {  // a hidden radio button: its group's visible label
    const label = [...e.parentElement.querySelectorAll(":scope > label")].find(l => l.getClientRects().length);
    if (label) { shown = label; r = label.getBoundingClientRect(); }
  }
  const style = getComputedStyle(shown);
  return {
    tag: e.tagName.toLowerCase(), cls: String(e.className || ""), href: e.getAttribute("href") || "",
    hreflang: e.getAttribute("hreflang") || "", label: e.getAttribute("aria-label") || "",
    text: (e.textContent || "").trim().replace(/\s+/g, " ").slice(0, 60),
    inContent: !!e.closest("article.md-content__inner"),
    menu: e.matches("[for='__drawer']"), inDrawer: !!e.closest(".md-sidebar--primary"),
    onTop: (() => { const t = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2); return !!t && (shown.contains(t) || t.contains(shown)); })(),
    visible: r.width * r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight
             && style.visibility !== "hidden" && style.opacity !== "0",
    box: {x: r.x, y: r.y, width: r.width, height: r.height},
  };
}"""
