"""Write ``site/_headers``: HTTP security and caching headers for static hosts.

Netlify and Cloudflare Pages read a ``_headers`` file at the root of the
published folder (a path pattern on its own line, then indented ``Name:
value`` lines). GitHub Pages ignores it (and sets no such headers); the file
then does no harm.

After the last language is built, this hook writes:

* for every path (``/*``): a Content-Security-Policy the site satisfies,
  HSTS (one year; subdomains are left alone: the domain may host other
  sites), ``X-Content-Type-Options: nosniff``, a referrer policy and a
  frame ban;
* for each fingerprinted asset of Material (``bundle.<hash>.min.js``,
  ``main.<hash>.min.css``, their source maps): one year of caching,
  ``immutable``. Other files (our own CSS and JS, pages) keep the host's
  default caching, as their names do not change with their content.

The CSP allows scripts, styles, fonts, images and connections from the site
itself only. Material writes a few small inline scripts into every page (the
colour palette, the address scope, the anchor fix); rather than
``'unsafe-inline'``, the hook allows exactly those: it reads every built HTML
file and adds the SHA-256 hash of each distinct inline script. ``<script
type="application/json">`` (Material's configuration) is data, which CSP does
not govern. Material's icons are ``data:`` SVG images in its stylesheet,
hence ``img-src 'self' data:``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from mkdocs.plugins import event_priority

import site_languages

#: The file written into the site folder.
HEADERS_FILE = "_headers"

#: Headers for every address (the CSP's script-src gets the hashes appended).
SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}

#: The CSP directives, in order; ``script-src`` is completed with hashes.
CSP = {
    "default-src": "'self'",
    # 'wasm-unsafe-eval': Pagefind's search engine is WebAssembly (pagefind_index.py).
    "script-src": "'self' 'wasm-unsafe-eval'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

#: Cache-Control of files whose name holds a hash of their content.
IMMUTABLE = "public, max-age=31536000, immutable"

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_FINGERPRINTED = re.compile(r"\.[0-9a-f]{8}\.min\.(?:js|css)(?:\.map)?$")
_JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript", "application/ecmascript"}


@event_priority(-130)  # after the search index split (-110) and the PDFs (-120) touched the pages
def on_post_build(config):
    """Write ``site/_headers`` once every language is built (MkDocs event)."""
    if not site_languages.is_final_build(config):
        return
    site = Path(config.site_dir)
    (site / HEADERS_FILE).write_text(headers_file(site), encoding="utf-8")


# ---------------------------------------------------------------------------
# Pure helpers (tests call these directly)
# ---------------------------------------------------------------------------

def inline_script_hashes(html: str) -> set[str]:
    """Return the CSP sources (``'sha256-...'``) of the executable inline scripts of ``html``.

    Scripts with a ``src`` and data blocks (``type="application/json"``)
    are left out. The hash covers the exact text between the tags, as
    browsers compute it.
    """
    hashes = set()
    for match in _SCRIPT.finditer(html):
        attributes, body = match.group(1), match.group(2)
        if re.search(r"\bsrc\s*=", attributes, re.IGNORECASE):
            continue
        kind = _TYPE.search(attributes)
        if (kind.group(1).lower() if kind else "") not in _JS_TYPES:
            continue
        digest = hashlib.sha256(body.encode("utf-8")).digest()
        hashes.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    return hashes


def content_security_policy(hashes: set[str]) -> str:
    """Return the CSP header value allowing the given inline-script hashes."""
    directives = dict(CSP)
    directives["script-src"] = " ".join([CSP["script-src"], *sorted(hashes)])
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def headers_file(site: Path) -> str:
    """Return the text of ``_headers`` for a built site folder.

    Input: the site folder (every ``*.html`` in it is read for inline
    scripts; every fingerprinted file under ``assets/`` gets long caching).
    Output: the file's text, paths relative to the site root.
    """
    hashes: set[str] = set()
    for page in sorted(site.rglob("*.html")):
        hashes |= inline_script_hashes(page.read_text(encoding="utf-8"))
    lines = ["# Written by overrides/hooks/hosting_headers.py at build time; do not edit.",
             "# Format: Netlify / Cloudflare Pages _headers.", "/*",
             f"  Content-Security-Policy: {content_security_policy(hashes)}"]
    lines += [f"  {name}: {value}" for name, value in SECURITY_HEADERS.items()]
    for asset in sorted((site / "assets").rglob("*")) if (site / "assets").is_dir() else []:
        if asset.is_file() and _FINGERPRINTED.search(asset.name):
            lines += [f"/{asset.relative_to(site).as_posix()}", f"  Cache-Control: {IMMUTABLE}"]
    return "\n".join(lines) + "\n"


def parse_headers(text: str) -> list[tuple[str, dict[str, str]]]:
    """Parse a ``_headers`` file into ``[(path pattern, {header: value})]``.

    Raises ValueError naming the line when a header line has no pattern
    above it or no ``Name: value`` form.
    """
    rules: list[tuple[str, dict[str, str]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), {}))
            continue
        name, colon, value = line.strip().partition(":")
        if not rules or not colon or not name:
            raise ValueError(f"_headers line {number}: expected '  Name: value' under a path: {line!r}")
        rules[-1][1][name.strip()] = value.strip()
    return rules


def headers_for(rules: list[tuple[str, dict[str, str]]], path: str) -> dict[str, str]:
    """Return the headers a host sends for ``path`` (``/es/foreword/``):
    those of every matching rule, later rules winning; ``*`` matches any
    characters."""
    found: dict[str, str] = {}
    for pattern, headers in rules:
        regex = "^" + ".*".join(re.escape(part) for part in pattern.split("*")) + "$"
        if re.match(regex, path):
            found.update(headers)
    return found
