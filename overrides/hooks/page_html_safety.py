"""Fail the build when a page's rendered HTML could run code or load from another host.

Pages are edited through pull requests by people who are not programmers;
their Markdown is untrusted input. Whatever Markdown syntax or extension
produced it (raw HTML, ``attr_list``'s ``{ onclick=... }``, an image
``![](https://...)``), the HTML a page renders may not contain:

* elements that run code, embed other documents or change the page's
  head: ``<script>``, ``<iframe>``, ``<frame>``, ``<object>``, ``<embed>``,
  ``<applet>``, ``<form>``, ``<base>``, ``<meta>``, ``<link>``, ``<style>``;
* event-handler attributes (``onclick=``, ``onerror=``, any ``on*=``);
* ``javascript:``, ``vbscript:`` or ``data:`` addresses in links
  (``data:`` stays allowed for images: it loads nothing);
* images, media, stylesheets or fonts from another host: ``src``,
  ``srcset``, ``poster``, ``data``, ``background``, the ``href`` of
  anything but a link, and ``url(...)`` in a ``style`` attribute, when they
  name an address with a scheme (``https:``) or ``//host``;
* any other ``style`` attribute: the Content-Security-Policy blocks inline
  styles, so it would be silently ignored (table alignment, ``:---:``, is
  written as ``align=`` instead: ``tables: use_align_attribute`` in mkdocs.yml).

Links to other sites (``<a href="https://...">``) remain ordinary links.

The check runs on the page's content (the article, after every other hook
changed it), not on the theme's own markup, which is trusted and governed by
the Content-Security-Policy (``hosting_headers.py``). Each finding is a
warning naming the source file, the line where the offending text is found
in the Markdown, and what to do instead; ``strict: true`` makes it a build
failure. The rules are ours (a sanitizer such as ``nh3`` removes unsafe HTML
silently; here the editor must be told).
"""

from __future__ import annotations

import contextlib
import logging
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

try:  # MkDocs is optional: unsafe_html() runs without it.
    from mkdocs.plugins import event_priority
except ImportError:  # pragma: no cover - used without MkDocs
    def event_priority(priority):
        return lambda function: function

log = logging.getLogger("mkdocs.hooks.page_html_safety")

#: Elements a page may not contain, with what to do instead.
FORBIDDEN_ELEMENTS = {
    "script": "pages may not run code: remove it (a feature the whole site needs goes into "
              "docs/assets/javascripts/, reviewed by a maintainer)",
    "iframe": "embedded pages are not allowed: link to the page instead, [title](https://...)",
    "frame": "embedded pages are not allowed: link to the page instead, [title](https://...)",
    "object": "embedded objects are not allowed: link to the file instead",
    "embed": "embedded objects are not allowed: link to the file instead",
    "applet": "embedded objects are not allowed: link to the file instead",
    "form": "forms are not allowed: link to the form's own page instead",
    "base": "remove it: it changes where every link of the page points",
    "meta": "remove it: page metadata goes in the front matter ('description: ...')",
    "link": "remove it: stylesheets and fonts come from the theme (docs/assets/stylesheets/)",
    "style": "remove it: styles go in docs/assets/stylesheets/site.css, reviewed by a maintainer",
}

#: Attributes that load a resource when they hold an address.
RESOURCE_ATTRIBUTES = ("src", "srcset", "poster", "data", "background", "href", "xlink:href")
#: Elements whose ``href`` is a link the reader follows, not a resource.
LINK_ELEMENTS = {"a", "area"}
#: Address schemes that run code or hide a document in a link.
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
#: A ``style`` attribute: the Content-Security-Policy (hosting_headers.py,
#: ``style-src 'self'``) makes browsers ignore it, so it never works.
STYLE_FIX = ("remove it (the site's Content-Security-Policy blocks inline styles): align a table's column with "
             ":---: (centre) or ---: (right) in the line under its header; other styles go in "
             "docs/assets/stylesheets/site.css, reviewed by a maintainer")
#: What to do about a resource from another host.
EXTERNAL_FIX = ("copy the file into docs/assets/ (images: docs/assets/images/) and point to it "
                "with a relative path, or link to it as an ordinary link [title](https://...)")

_EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//|\\\\)", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20]+")


@dataclass(frozen=True)
class Finding:
    """One unsafe construct in a page's HTML.

    ``what`` describes it (``<script> element``), ``needle`` is the text to
    look for in the Markdown source to find its line, ``fix`` says what to
    do instead.
    """

    what: str
    needle: str
    fix: str


@event_priority(-90)  # after the hooks that add notices or tables to the content (priority 0)
def on_page_content(html, page, config, files):
    """Warn about every unsafe construct in the page's rendered content (MkDocs event).

    Output: the HTML, unchanged. Warnings read
    ``docs/en/foreword.md:12: <script> element: pages may not run code: ...``.
    """
    source = page.file.content_string
    name = page.file.src_uri
    if page.file.abs_src_path and config.config_file_path:
        with contextlib.suppress(ValueError):  # docs/en/x.md, as the contributors' guide writes it
            name = Path(page.file.abs_src_path).relative_to(Path(config.config_file_path).parent).as_posix()
    for finding in unsafe_html(html):
        line = source_line(source, finding.needle)
        where = f"{name}:{line}" if line else name
        log.warning("%s: %s: %s", where, finding.what, finding.fix)
    return html


# ---------------------------------------------------------------------------
# Pure helpers (tests call these directly)
# ---------------------------------------------------------------------------

def unsafe_html(html: str) -> list[Finding]:
    """Return every construct in ``html`` that could run code or load from another host.

    Input: an HTML fragment (a page's content). Output: findings in document
    order; empty when the fragment is safe. The rules are listed in the
    module docstring.
    """
    parser = _Scanner()
    parser.feed(html)
    parser.close()
    return parser.findings


def is_external(address: str) -> bool:
    """Return True when ``address`` names another host or a scheme
    (``https://x``, ``//x``, ``mailto:``), False for a path of the site
    (``../assets/a.png``, ``#top``). ``data:`` is reported separately."""
    return bool(_EXTERNAL.match(address)) and not address.strip().lower().startswith("data:")


def source_line(markdown: str, needle: str) -> int | None:
    """Return the 1-based line of ``markdown`` holding ``needle`` (case-insensitive), or None."""
    needle = needle.lower()
    for number, line in enumerate(markdown.splitlines(), start=1):
        if needle in line.lower():
            return number
    return None


def _scheme(address: str) -> str:
    """The address with control characters and spaces removed, lower case
    (browsers ignore them: ``java\\tscript:`` is ``javascript:``)."""
    return _CONTROL.sub("", address).lower()


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings: list[Finding] = []

    def handle_starttag(self, tag, attrs):
        tag = tag.lower()
        if tag in FORBIDDEN_ELEMENTS:
            self.findings.append(Finding(f"<{tag}> element", f"<{tag}", FORBIDDEN_ELEMENTS[tag]))
            return
        for name, value in attrs:
            name, value = name.lower(), value or ""
            if name.startswith("on"):
                self.findings.append(Finding(
                    f"event-handler attribute {name}= on <{tag}>", f"{name}",
                    "pages may not run code: remove the attribute"))
            elif name in ("href", "xlink:href", "action", "formaction") and _scheme(value).startswith(SCRIPT_SCHEMES):
                scheme = _scheme(value).split(":", 1)[0]
                self.findings.append(Finding(
                    f"{scheme}: address in {name}= on <{tag}>", f"{scheme}:",
                    "link to a page or a file instead ([title](page.md) or [title](https://...))"))
            elif name in RESOURCE_ATTRIBUTES and not (name == "href" and tag in LINK_ELEMENTS):
                for address in _addresses(name, value):
                    if is_external(address):
                        self.findings.append(Finding(
                            f"<{tag} {name}> loads {address} from another host", address, EXTERNAL_FIX))
            elif name == "style":
                external = [address for address in _CSS_URL.findall(value) if is_external(address)]
                for address in external:
                    self.findings.append(Finding(
                        f"style= on <{tag}> loads {address} from another host", address, EXTERNAL_FIX))
                if not external:
                    self.findings.append(Finding(f"style= on <{tag}> is ignored by browsers", value.strip() or "style=", STYLE_FIX))

    handle_startendtag = handle_starttag


def _addresses(attribute: str, value: str) -> list[str]:
    """The addresses in an attribute value (``srcset`` holds several, each
    followed by a width or density)."""
    if attribute != "srcset":
        return [value]
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]
