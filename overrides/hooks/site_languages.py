"""The site's languages, read from the one place they are declared.

The language list lives in ``mkdocs.yml`` (``plugins.i18n.languages``, the
mkdocs-static-i18n configuration). Hooks and tests ask this module instead of
repeating it. Not a hook itself: ``mkdocs.yml`` does not list it; hooks import
it (MkDocs puts a hook's folder on ``sys.path`` while loading the hook).
"""

from __future__ import annotations

from pathlib import Path


def _i18n(config):
    try:
        return config.plugins["i18n"]
    except KeyError as error:  # pragma: no cover - configuration error
        raise RuntimeError("mkdocs.yml must enable the 'i18n' plugin (mkdocs-static-i18n)") from error


def languages(config) -> list[str]:
    """Return the locales built, default first (e.g. ``["en", "es"]``).

    Input: the MkDocs config. Raises RuntimeError when the i18n plugin is
    not configured.
    """
    plugin = _i18n(config)
    return [plugin.default_language] + [
        lang.locale for lang in plugin.config.languages if lang.locale != plugin.default_language and lang.build
    ]


def default_language(config) -> str:
    """Return the default locale (the one published at the site root)."""
    return _i18n(config).default_language


def build_language(config) -> str:
    """Return the locale of the build under way.

    mkdocs-static-i18n builds one language after the other in one process
    and sets ``theme.language`` for each; this reads it from there.
    """
    return config.theme["language"]


def is_default_build(config) -> bool:
    """Return True in the default language's build: the first of a site
    build, where checks of the whole ``docs`` tree (every language) run once."""
    return build_language(config) == default_language(config)


def is_final_build(config) -> bool:
    """Return True in the last ``on_post_build`` of a site build.

    mkdocs-static-i18n builds the default language, then, from its own
    ``on_post_build`` (priority -100), every other language; its ``building``
    flag is set while it does. A hook with a lower priority than -100 that
    sees the flag cleared runs once, after every language is on disk.
    """
    return not getattr(_i18n(config), "building", False)


def url_prefix(lang: str, default: str) -> str:
    """Return the site folder of ``lang``: ``""`` for the default locale
    (published at the root), else ``"es/"`` (mkdocs-static-i18n's layout)."""
    return "" if lang == default else f"{lang}/"


def inner_url(url: str, lang: str, default: str) -> str:
    """Return a page URL without its language folder (``es/foreword/`` → ``foreword/``).

    The home page (``""``, ``.``, ``./``, ``index.html``) becomes ``""``.
    """
    folder = url_prefix(lang, default)
    if folder and (url + "/").startswith(folder):
        url = url[len(folder):]
    return "" if url in ("", ".", "./", "index.html") else url


def page_language(page) -> str | None:
    """Return the locale of the Markdown file behind ``page``.

    It differs from the build language when the page is a fallback: an
    English file published under ``/es/`` because no Spanish file exists.
    """
    return getattr(page.file, "locale", None)


def docs_tree(docs_dir: str | Path, locale: str) -> dict[str, Path]:
    """Map each Markdown page of one language to its path.

    Input: the ``docs`` folder and a locale. Output: ``{"foreword.md":
    Path("docs/en/foreword.md"), ...}`` keyed by the path inside the language
    folder (the same key in every language, by the folder-layout rule).
    """
    root = Path(docs_dir) / locale
    return {path.relative_to(root).as_posix(): path for path in sorted(root.rglob("*.md"))}


def languages_from_file(mkdocs_yml: str | Path) -> list[str]:
    """Return the locales of ``mkdocs.yml`` read as a file, default first.

    For scripts that run outside MkDocs (``make translations``). Input: the
    path of ``mkdocs.yml``. Output: like :func:`languages`. Raises
    RuntimeError when the file has no ``i18n`` plugin, OSError when it
    cannot be read. MkDocs tags such as ``!ENV`` are read as None.
    """
    import yaml

    class Loader(yaml.SafeLoader):
        """SafeLoader that ignores MkDocs-specific tags."""

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load(Path(mkdocs_yml).read_text(encoding="utf-8"), Loader=Loader)
    plugin = next((p["i18n"] for p in config.get("plugins", []) if isinstance(p, dict) and "i18n" in p), None)
    if plugin is None:
        raise RuntimeError(f"{mkdocs_yml}: no 'i18n' plugin (mkdocs-static-i18n) configured")
    langs = [lang for lang in plugin["languages"] if lang.get("build", True)]
    return [l["locale"] for l in langs if l.get("default")] + [l["locale"] for l in langs if not l.get("default")]
