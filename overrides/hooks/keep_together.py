"""Year ranges and ISBNs that never break across lines.

An en dash is a line-break opportunity, so "2020–2024" can end one line with
"2020–" and start the next with "2024", and the hyphens of an ISBN break
the same way. After each page is rendered, this hook wraps every year range
(``2020–2024``, ``2019-2023``) and every ISBN-13 (``978-92-9068-886-0``) in
the visible text of the page's ``<body>`` in ``<span class="nowrap">``
(``assets/stylesheets/layout.css``: ``white-space: nowrap``). Attribute
values, ``<head>``, scripts, styles and code blocks are left alone.
The chapter PDFs are made from these pages and keep the spans.
Tests: tests/test_phone_and_language.py.
"""

from __future__ import annotations

import re

#: An ISBN-13 written with hyphens or spaces (978/979 and four more groups).
ISBN = r"\b97[89](?:[-\u2010\u2011 ]\d{1,7}){3}[-\u2010\u2011 ][\dX]\b"
#: Two years joined by an en dash (literal or entity) or a hyphen: 1800–2099.
YEAR = r"(?:1[89]|20)\d\d"
YEAR_RANGE = rf"(?<![-/.\w]){YEAR}\s?(?:–|&ndash;|&#8211;|-)\s?{YEAR}(?![-/\w])"
KEEP = re.compile(rf"{ISBN}|{YEAR_RANGE}")
#: Comments, and tags (attribute values included), split out of the text.
TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
#: Elements whose text is not laid out as prose.
SKIP = ("script", "style", "textarea", "pre", "code", "title", "svg")


def on_post_page(output: str, page, config) -> str:
    """Return the page's HTML with year ranges and ISBNs kept together."""
    return keep_together(output)


def keep_together(html: str) -> str:
    """Return ``html`` with each year range and ISBN in the text of its
    ``<body>`` wrapped in ``<span class="nowrap">``.

    Input: a whole HTML document (or a fragment, treated as body text).
    Text inside the elements named in :data:`SKIP` is not changed.
    """
    start = html.find("<body")
    head, body = (html[:start], html[start:]) if start >= 0 else ("", html)
    parts = TAG.split(body)
    skipping: list[str] = []
    for index, part in enumerate(parts):
        if index % 2:  # a tag or comment
            name = re.match(r"</?([a-zA-Z][\w-]*)", part)
            if name and name.group(1).lower() in SKIP and not part.endswith("/>"):
                if part.startswith("</"):
                    if skipping and skipping[-1] == name.group(1).lower():
                        skipping.pop()
                else:
                    skipping.append(name.group(1).lower())
        elif part and not skipping:
            parts[index] = KEEP.sub(lambda m: f'<span class="nowrap">{m.group(0)}</span>', part)
    return head + "".join(parts)
