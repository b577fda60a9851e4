"""Content-Security-Policy on every page, and ``site/_headers`` for static hosts.

A post-build step (it reads and writes ``site/`` only; :func:`secure_site`
runs without MkDocs, the hook just calls it). After the last language is
built:

1. Every page gets the site's Content-Security-Policy as its first ``<head>``
   element, ``<meta http-equiv="Content-Security-Policy" content="...">``, so
   the policy holds on any host, GitHub Pages included (it sends no such
   header). A ``<meta>`` policy cannot hold ``frame-ancestors``, ``report-uri``
   or ``sandbox`` (:data:`HEADER_ONLY`); those stay in ``_headers``.
2. ``site/_headers`` (Netlify and Cloudflare Pages; GitHub Pages ignores it)
   sends the full policy for every path (``/*``), HSTS (one year; subdomains
   are left alone: the domain may host other sites), ``nosniff``, a referrer
   policy and a frame ban; and one year of ``immutable`` caching for each
   fingerprinted asset of Material (``bundle.<hash>.min.js``,
   ``main.<hash>.min.css``, their source maps). Other files keep the host's
   default caching, as their names do not change with their content.

The policy allows scripts, styles, fonts, images, connections and workers
from the site itself only, and WebAssembly compilation
(``'wasm-unsafe-eval'``, which the Pagefind search needs; it does not allow
``eval``). Material writes a few small inline scripts into every page (the
address scope, the colour palette, the anchor fix). Rather than
``'unsafe-inline'``, the policy allows these by their SHA-256 hash, and only
scripts the **theme's templates** write: :func:`theme_script_patterns` reads
the ``<script>`` blocks of the template folders (our ``overrides/`` and
Material's), turning each ``{{ ... }}`` into a hole that cannot leave a
string; an inline script in a built page is allowed only when it matches one
of them. Any other inline script (one a page or a hook slipped in) is
reported as a warning, which fails the build under ``--strict``, and the
policy does not allow it. ``<script type="application/json">`` and
``application/ld+json`` are data, which CSP does not govern. Material's icons
are ``data:`` SVG images in its stylesheet, hence ``img-src 'self' data:``.

Under ``mkdocs serve`` the pages get no ``<meta>`` policy: the live-reload
script MkDocs injects into served pages is inline.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from pathlib import Path

try:  # MkDocs is optional: secure_site() and the helpers run without it.
    from mkdocs.plugins import event_priority
except ImportError:  # pragma: no cover - used without MkDocs
    def event_priority(priority):
        return lambda function: function

import site_languages

log = logging.getLogger("mkdocs.hooks.hosting_headers")

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

#: Directives a ``<meta>`` policy may not hold (browsers ignore them there).
HEADER_ONLY = ("frame-ancestors", "report-uri", "sandbox")

#: Cache-Control of files whose name holds a hash of their content.
IMMUTABLE = "public, max-age=31536000, immutable"

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_FINGERPRINTED = re.compile(r"\.[0-9a-f]{8}\.min\.(?:js|css)(?:\.map)?$")
_JS_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript", "application/ecmascript"}
_JINJA = re.compile(r"({{.*?}}|{%.*?%}|{#.*?#})", re.DOTALL)
#: What a ``{{ ... }}`` in a template script may become: text that cannot
#: end a string, a tag or the script.
_HOLE = r"""[^"'`<>\\\n]*"""
_META_CSP = re.compile(r"""<meta http-equiv="Content-Security-Policy" content="[^"]*">\n?""")
_HEAD_START = re.compile(r"<head\b[^>]*>(\s*)(?:<meta charset=[^>]*>)?", re.IGNORECASE)

#: Set by on_startup: "build", "gh-deploy" or "serve".
_command = {"name": "build"}


def on_startup(command, dirty):
    """Remember whether this is ``mkdocs serve`` (MkDocs event)."""
    _command["name"] = command


@event_priority(-130)  # after the search index split (-110) and the PDFs (-120) touched the pages
def on_post_build(config):
    """Add the CSP to every page and write ``site/_headers`` once every
    language is built (MkDocs event); warn about inline scripts the theme
    does not write."""
    if not site_languages.is_final_build(config):
        return
    for problem in secure_site(Path(config.site_dir), config.theme.dirs, meta=_command["name"] != "serve"):
        log.warning(problem)


# ---------------------------------------------------------------------------
# Plain functions over site/ (run without MkDocs; tests call them directly)
# ---------------------------------------------------------------------------

def secure_site(site: Path, template_dirs: list, meta: bool = True) -> list[str]:
    """Put the CSP into every page of ``site`` and write ``site/_headers``.

    Inputs: the built site folder; the theme's template folders, most
    specific first (MkDocs' ``config.theme.dirs``: ``overrides/``, then
    Material's ``templates/``); ``meta`` False leaves the pages unchanged.
    Output: one problem per inline script that no template writes, naming
    the page (``site/foreword/index.html``) and the fix; such a script is
    not in any policy. Pages that already carry a policy get the new one.
    """
    patterns = theme_script_patterns(template_dirs)
    problems: list[str] = []
    every: set[str] = set()
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        allowed, foreign = classify_inline_scripts(html, patterns)
        every |= allowed
        problems += [
            f"{page.relative_to(site.parent).as_posix()}: inline script not written by the theme's templates, "
            f"so the Content-Security-Policy refuses it: {body.strip()[:80]!r}. Move the code into a file "
            "under docs/assets/javascripts/ listed in mkdocs.yml extra_javascript"
            for body in foreign
        ]
        if meta:
            updated = with_csp_meta(html, content_security_policy(allowed, meta=True))
            if updated != html:
                page.write_text(updated, encoding="utf-8")
    (site / HEADERS_FILE).write_text(headers_file(site, every), encoding="utf-8")
    return problems


def theme_script_patterns(template_dirs: list) -> list[re.Pattern]:
    """Return one pattern per executable inline ``<script>`` of the theme's templates.

    Input: template folders (every ``*.html`` below them is read). Each
    script's text becomes a regular expression matching exactly that text,
    where every Jinja ``{{ ... }}`` or ``{% ... %}`` may be any text without
    quotes, backticks, angle brackets, backslashes or line breaks (so a
    template value cannot smuggle code out of its string). Scripts with a
    ``src`` and data blocks are left out.
    """
    patterns: dict[str, re.Pattern] = {}
    for folder in template_dirs:
        for template in sorted(Path(folder).rglob("*.html")):
            for body in _executable_scripts(template.read_text(encoding="utf-8")):
                parts = _JINJA.split(body)
                regex = "".join(
                    re.escape(part) if index % 2 == 0 else ("" if part.startswith("{#") else _HOLE)
                    for index, part in enumerate(parts)
                )
                patterns.setdefault(regex, re.compile(regex, re.DOTALL))
    return list(patterns.values())


def classify_inline_scripts(html: str, patterns: list[re.Pattern]) -> tuple[set[str], list[str]]:
    """Split the executable inline scripts of a page by origin.

    Output: (CSP hash sources of the scripts matching a theme pattern,
    texts of the scripts matching none).
    """
    allowed: set[str] = set()
    foreign: list[str] = []
    for body in _executable_scripts(html):
        if any(pattern.fullmatch(body) for pattern in patterns):
            allowed.add(_hash_source(body))
        else:
            foreign.append(body)
    return allowed, foreign


def inline_script_hashes(html: str) -> set[str]:
    """Return the CSP sources (``'sha256-...'``) of every executable inline script of ``html``.

    Scripts with a ``src`` and data blocks (``type="application/json"``)
    are left out. The hash covers the exact text between the tags, as
    browsers compute it.
    """
    return {_hash_source(body) for body in _executable_scripts(html)}


def content_security_policy(hashes: set[str], meta: bool = False) -> str:
    """Return the CSP allowing the given inline-script hashes.

    With ``meta`` True, the directives a ``<meta>`` policy cannot hold
    (:data:`HEADER_ONLY`) are left out.
    """
    directives = {name: value for name, value in CSP.items() if not (meta and name in HEADER_ONLY)}
    directives["script-src"] = " ".join([CSP["script-src"], *sorted(hashes)])
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def with_csp_meta(html: str, policy: str) -> str:
    """Return ``html`` with ``policy`` as its first ``<head>`` element (after
    ``<meta charset>``), replacing a policy placed there before. A document
    without ``<head>`` is returned unchanged."""
    html = _META_CSP.sub("", html)
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return _HEAD_START.sub(lambda match: f"{match.group(0)}{match.group(1) or chr(10)}{tag}", html, count=1)


def headers_file(site: Path, hashes: set[str]) -> str:
    """Return the text of ``_headers`` for a built site folder.

    Inputs: the site folder (every fingerprinted file under ``assets/`` gets
    long caching) and the inline-script hashes the policy allows. Output:
    the file's text, paths relative to the site root.
    """
    lines = ["# Written by overrides/hooks/hosting_headers.py at build time; do not edit.",
             "# Format: Netlify / Cloudflare Pages _headers.", "/*",
             f"  Content-Security-Policy: {content_security_policy(hashes)}"]
    lines += [f"  {name}: {value}" for name, value in SECURITY_HEADERS.items()]
    for asset in sorted((site / "assets").rglob("*")) if (site / "assets").is_dir() else []:
        if asset.is_file() and _FINGERPRINTED.search(asset.name):
            lines += [f"/{asset.relative_to(site).as_posix()}", f"  Cache-Control: {IMMUTABLE}"]
    return "\n".join(lines) + "\n"


def _executable_scripts(html: str) -> list[str]:
    """The texts of the inline scripts of ``html`` a browser would run."""
    found = []
    for match in _SCRIPT.finditer(html):
        attributes, body = match.group(1), match.group(2)
        if re.search(r"\bsrc\s*=", attributes, re.IGNORECASE):
            continue
        kind = _TYPE.search(attributes)
        if (kind.group(1).lower() if kind else "") in _JS_TYPES:
            found.append(body)
    return found


def _hash_source(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


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
