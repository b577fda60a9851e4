"""Interface text in the language of each build.

mkdocs-static-i18n builds one language after the other in one process and
sets ``theme.language`` for each, so Material's own interface text follows.
Text that Markdown extensions write into the page does not: the ``toc``
extension titles every heading's ¶ link with its ``permalink_title``
("Permanent link"), one value for the whole configuration. This hook sets
that title, before the pages of each language are rendered, from the
``permalink`` string of ``overrides/partials/site-strings.html`` in the
build's language (English when the language has none).

The colour-scheme switch's names ("Switch to dark mode") are theme settings:
mkdocs.yml overrides them per language (``plugins > i18n > languages > es >
theme > palette``).
"""

from __future__ import annotations

import logging

import site_languages

log = logging.getLogger("mkdocs.hooks.interface_language")


def on_pre_build(config) -> None:
    """Set the ``toc`` extension's permalink title for the build's language.

    Runs once per language build, after every plugin's ``on_config`` (so
    after static-i18n has set ``theme.language``) and before any page is
    rendered. Warns (a failure under ``--strict``) when the strings file has
    no ``permalink`` entry for the language.
    """
    toc = config["mdx_configs"].get("toc")
    if toc is None or not toc.get("permalink"):
        return  # no permalinks, nothing to title
    lang = site_languages.build_language(config)
    strings = config.theme.get_env().get_template("partials/site-strings.html").module.strings
    title = permalink_title(strings, lang)
    if title is None:
        log.warning("overrides/partials/site-strings.html: no 'permalink' string for %r; "
                    "add one (the title of the ¶ link after each heading)", lang)
        return
    toc["permalink_title"] = title


def permalink_title(strings: dict, lang: str) -> str | None:
    """Return the ¶ link's title in ``lang`` from the site strings
    (``{"en": {"permalink": ...}, ...}``), or None when ``lang`` has none."""
    return (strings.get(lang) or {}).get("permalink")
