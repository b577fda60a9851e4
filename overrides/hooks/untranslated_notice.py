"""Mark pages shown in a language they are not yet translated into.

With ``fallback_to_default: true`` mkdocs-static-i18n publishes an English
page under ``/es/`` when ``docs/es/`` lacks it, with nothing to tell the
reader. This hook puts a notice, in the build's language, above such a page
and marks the English text ``lang="en"`` so that screen readers and
translation tools read it as English (WCAG 3.1.2, language of parts).
"""

from __future__ import annotations

import html as html_lib

import site_languages

#: Notice text per build language: (title, body). Body may hold ``{url}``,
#: the address of the page in its own language.
NOTICES = {
    "es": (
        "Página aún no traducida",
        "Esta página todavía no está disponible en español; a continuación se muestra "
        "el texto en inglés. <a href=\"{url}\" hreflang=\"en\" lang=\"en\">English page</a>",
    ),
    "en": (
        "Page not yet translated",
        "This page is not yet available in English; the text below is in its original language.",
    ),
}


def on_page_content(html, page, config, files):
    """Wrap a fallback page's HTML in a notice (MkDocs event).

    Inputs: the page's rendered HTML, the page and the config. Output: the
    HTML, wrapped when the page's source locale differs from the build's.
    """
    build = site_languages.build_language(config)
    source = site_languages.page_language(page)
    if source is None or source == build:
        return html
    return mark_untranslated(html, build, source, _source_url(page, build, source, config))


def _source_url(page, build: str, source: str, config) -> str:
    """Relative URL from the fallback page to the same page in its own language."""
    default = site_languages.default_language(config)
    inner = site_languages.inner_url(page.url, build, default)
    target = site_languages.url_prefix(source, default) + inner
    return "../" * page.url.count("/") + target or "./"


def mark_untranslated(html: str, build_lang: str, source_lang: str, source_url: str = "") -> str:
    """Return ``html`` with a notice in ``build_lang`` and ``lang=source_lang``.

    Inputs: page HTML, the locale of the build (the reader's language), the
    locale of the text and the URL of the page in its own language. Output:
    new HTML. The notice falls back to English for a language without text
    in :data:`NOTICES`.
    """
    title, body = NOTICES.get(build_lang, NOTICES["en"])
    body = body.format(url=html_lib.escape(source_url, quote=True))
    notice = (
        f'<div class="admonition warning untranslated-notice" lang="{build_lang}" role="note">'
        f'<p class="admonition-title">{title}</p><p>{body}</p></div>'
    )
    return f'{notice}\n<div lang="{source_lang}" class="untranslated">\n{html}\n</div>'
