"""Write a "page not found" page for each language.

MkDocs renders ``404.html`` once per build into the site root, so with
mkdocs-static-i18n the last language built overwrites the others. This hook
catches the 404 page of each non-default-language build, writes it to
``<lang>/404.html`` and puts the default language's page (already on disk
from the first build) back at the root. Static hosts serve the root one for
any missing address; it links to every language's home page.
"""

from __future__ import annotations

from pathlib import Path

import site_languages


def on_post_template(output_content, template_name, config):
    """Redirect a translated ``404.html`` to its language folder (MkDocs event).

    Output: the HTML MkDocs writes to ``site/404.html``: unchanged for the
    default language; for another language, the default language's page
    already there (or this one when none is there yet).
    """
    if template_name != "404.html":
        return output_content
    lang = site_languages.build_language(config)
    if lang == site_languages.default_language(config):
        return output_content
    site = Path(config.site_dir)
    target = site / lang / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output_content, encoding="utf-8")
    root = site / "404.html"
    return root.read_text(encoding="utf-8") if root.exists() else output_content
