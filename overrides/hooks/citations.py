"""Ready-made citations of a page of the guide: APA (7th edition) and BibTeX.

Not a hook itself (``mkdocs.yml`` does not list it): ``page_metadata.py``
imports it, and tests call it directly. Every value comes from the edition's
identity (``extra.edition`` in ``mkdocs.yml``), the page and the interface
strings of its language (``overrides/partials/page-meta-strings.html``).

The author of every page is the guide's editors, never IOM: the guide is an
independent work. IOM's publication is named only as the source (``note``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

#: APA's "no date", for a page git cannot date (a copy outside a repository).
NO_DATE = "n.d."
#: Characters that are special in BibTeX text fields, and their escapes.
_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
                   "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


@dataclass(frozen=True)
class CitedPage:
    """What a citation of one page says.

    ``title``: the page title (for the home page: the guide's subtitle);
    ``container``: the guide's title shown as the site name, or "" for the
    home page (the guide itself); ``author``: the editors (``edition.editor``);
    ``date``: last updated, ``YYYY-MM-DD``; ``apa_date``: the same date in the
    APA order of the language (``"2026, December 2"``); both ``""`` when
    unknown (APA then says "n.d.", BibTeX has no year); ``url``: the page's
    absolute address; ``version``: the edition's version; ``note``: what the
    page is and what it is based on; ``language``: the BibTeX language name;
    ``key``: the BibTeX key.
    """

    title: str
    container: str
    author: str
    date: str
    apa_date: str
    url: str
    version: str
    note: str
    language: str
    key: str


def apa_html(page: CitedPage) -> str:
    """Return the APA 7 reference of a web page as HTML (title in italics).

    Pattern (APA 7, "webpage on a website", group author): ``Author. (Year,
    Month Day). *Title*. Site Name. URL``. For the home page the site name is
    left out (the guide is the work). Input: a :class:`CitedPage`.
    """
    e = html.escape
    parts = [f"{e(_period(page.author))} ({e(page.apa_date or NO_DATE)}). <i>{e(page.title)}</i>."]
    if page.container:
        parts.append(f"{e(_period(page.container))}")
    parts.append(e(page.url))
    return " ".join(parts)


def apa_text(page: CitedPage) -> str:
    """Return :func:`apa_html` as plain text (what the copy button copies)."""
    return html.unescape(re.sub(r"<[^>]+>", "", apa_html(page)))


def bibtex(page: CitedPage) -> str:
    """Return a BibTeX ``@misc`` entry for the page.

    ``@misc`` is read by BibTeX and biblatex alike; ``url``, ``date`` and
    ``langid`` are biblatex fields that BibTeX ignores. The author is a group
    (double braces: no first/last name split). En dashes become ``--``.
    """
    fields = [
        ("author", "{" + _bibtex_text(page.author) + "}"),
        ("title", "{" + _bibtex_text(page.title) + "}"),
    ]
    if page.container:
        fields.append(("howpublished", _bibtex_text(page.container)))
    fields += [
        *([("year", page.date[:4]), ("date", page.date)] if page.date else []),
        ("version", _bibtex_text(page.version)),
        ("url", page.url),
        ("note", _bibtex_text(page.note)),
        ("langid", page.language),
    ]
    width = max(len(name) for name, _ in fields)
    body = ",\n".join(f"  {name.ljust(width)} = {{{value}}}" for name, value in fields)
    return f"@misc{{{page.key},\n{body}\n}}"


def bibtex_key(slug: str, lang: str, year: str) -> str:
    """Return a BibTeX key: ``guide<year>-<lang>-<slug>`` with only
    letters, digits and hyphens (``guide2026-es-foreword``; the home page's
    slug is ``home``)."""
    clean = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-") or "home"
    return f"guide{year}-{lang}-{clean}"


def _period(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def _bibtex_text(text: str) -> str:
    text = "".join(_BIBTEX_SPECIAL.get(char, char) for char in text)
    return text.replace("\u2013", "--").replace("\u2014", "---")


def source_apa_html(source: dict, lang: str) -> str:
    """Return the APA 7 reference of IOM's publication (the source) as HTML.

    Input: ``extra.edition.source`` and the language of the page (the
    publisher's name is given in it; the title stays as published, in
    English, marked ``lang="en"``). Pattern (APA 7, report by a group
    author that is also the publisher, so no publisher and, in APA 7, no
    place or ISBN): ``Author. (Year). *Title*. URL``.
    """
    e = html.escape
    return (f"{e(_period(source['publisher'][lang]))} ({e(str(source['year']))}). "
            f"<i lang=\"en\">{e(source['title'])}</i>. {e(source['url'])}")


def source_bibtex(source: dict) -> str:
    """Return a BibTeX ``@book`` entry for IOM's publication (the source),
    with its ISBN (the source's, never this guide's) and address."""
    fields = [
        ("author", "{" + _bibtex_text(source["publisher"]["en"]) + "}"),
        ("title", "{" + _bibtex_text(source["title"]) + "}"),
        ("publisher", _bibtex_text(source["publisher"]["en"])),
        ("address", _bibtex_text(source["place"])),
        ("year", str(source["year"])),
        ("isbn", source["isbn"]),
        ("url", source["url"]),
        ("langid", "english"),
    ]
    width = max(len(name) for name, _ in fields)
    body = ",\n".join(f"  {name.ljust(width)} = {{{value}}}" for name, value in fields)
    return f"@book{{iom{source['year']}southamerica,\n{body}\n}}"
