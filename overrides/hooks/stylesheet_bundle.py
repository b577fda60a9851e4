"""One small stylesheet per site: Material's and ours, unused rules removed.

A page used to load seven stylesheets: Material for MkDocs' main and palette
stylesheets (23 KB and 2 KB gzip, written for every feature Material has),
the four of ``extra_css`` and the print stylesheet. After the last language
is built, this hook joins them, in the order a page loaded them, into one
file and writes ``site/assets/stylesheets/bundle.<hash>.min.css``:

* PurgeCSS (npm ``purgecss``, pinned in package.json) keeps a rule only when
  every class, id, tag and attribute of its selector occurs in the built
  pages (``site/**/*.html``), in our scripts (``extra_javascript``), or among
  the class names Material's script adds while the page runs (read from its
  bundle); custom properties, ``@keyframes`` and ``@font-face`` that no kept
  rule uses go too;
* esbuild (npm ``esbuild``) minifies the result;
* the print stylesheet (the one the PDFs are made with, ``PRINT_CSS`` of
  ``chapter_pdfs``) comes last inside ``@media print``, so the browser's own
  Print looks as before;
* the name holds a hash of the content, so hosts may cache it for a year
  (``hosting_headers``), and every page's link is rewritten to it.

The templates link ``BUNDLE_LINK`` (``overrides/main.html``, block
``styles``), and ``on_config`` empties ``extra_css`` so Material links no
stylesheet itself. The stylesheets stay in ``docs/assets/stylesheets/`` as
they are: edit them there. The bundle is made in every build, ``mkdocs serve``
included; it needs Node.js and ``npm ci`` (make does both), and fails the
build with the fix when they are missing.

Material's script names some classes this site never uses (its search, code
annotations, tooltips...); ``UNUSED_MATERIAL_CLASSES`` keeps them from
counting as used, and the build fails if ``mkdocs.yml`` enables a feature
that needs them. ``tests/test_stylesheet_bundle.py`` renders pages with this
stylesheet and with the unpurged ones and requires the same pixels (up to
anti-aliasing).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

import site_languages
from chapter_pdfs import PRINT_CSS

#: What the templates link; rewritten to the fingerprinted file after the build.
BUNDLE_LINK = "assets/stylesheets/bundle.min.css"
#: The fingerprinted name: ``{hash}`` is 8 hex digits of the content's SHA-256
#: (the ``.<8 hex>.min.css`` form hosting_headers gives a year of caching).
BUNDLE_NAME = "assets/stylesheets/bundle.{hash}.min.css"
#: Where ``npm ci`` puts the tools, relative to the folder of mkdocs.yml.
PURGECSS = "node_modules/.bin/purgecss"
ESBUILD = "node_modules/.bin/esbuild"

#: Prefixes of class names in Material's script that belong to features this
#: site does not enable, with those features (``theme.features`` entries or
#: plugin names). Enabling one fails the build: delete its entry first.
UNUSED_MATERIAL_CLASSES = {
    "md-tooltip": ("content.tooltips", "navigation.tooltips", "content.code.annotate"),
    "md-annotation": ("content.code.annotate",),
    "md-code__": ("content.code.copy", "content.code.select"),
    "md-search": ("search",),
    "md-version": ("mike",),
    "md-tag": ("tags",),
    "md-mermaid": (),
}

_MATERIAL_ASSET = re.compile(r"assets/(?:stylesheets/(?:main|palette)\.[0-9a-f]{8}\.min\.css|"
                             r"javascripts/bundle\.[0-9a-f]{8}\.min\.js)")
#: A class or attribute name in Material's script: a word with a hyphen
#: (``md-nav__link--active``, ``data-md-state``, ``focus-visible``,
#: ``tabbed-control``); plain words (``success``, ``c``) are left out, they
#: match too many unused rules by chance.
_CLASS_NAME = re.compile(r"(?<![\w-])[a-z][a-z0-9_]*(?:--?[a-z0-9_]+)+(?![\w-])")
_CHARSET = re.compile(r'@charset\s+"[^"]*";')

_stylesheets: list[str] = []


def on_config(config):
    """Take the stylesheets of ``extra_css`` into the bundle (MkDocs event).

    Input: the config. Raises PluginError when ``mkdocs.yml`` enables a
    feature whose classes ``UNUSED_MATERIAL_CLASSES`` leaves out. The list is
    kept across the builds of one site (mkdocs-static-i18n runs this event
    again per language, with ``extra_css`` already emptied).
    """
    enabled = set(config.theme.get("features") or []) | {name.split("/")[-1] for name in config.plugins}
    for prefix, features in UNUSED_MATERIAL_CLASSES.items():
        clash = enabled.intersection(features)
        if clash:
            raise PluginError(f"mkdocs.yml enables {', '.join(sorted(clash))}, whose '{prefix}…' classes the site's "
                              f"stylesheet leaves out: delete '{prefix}' from UNUSED_MATERIAL_CLASSES in "
                              "overrides/hooks/stylesheet_bundle.py")
    if config.extra_css:
        _stylesheets[:] = list(config.extra_css)
        config.extra_css = []
    return config


@event_priority(-125)  # after every language and the PDFs are built; before _headers (-130)
def on_post_build(config):
    """Write the bundle and link it from every page (MkDocs event)."""
    if not site_languages.is_final_build(config):
        return
    site, root = Path(config.site_dir), Path(config.config_file_path).parent
    env = config.theme.get_env()
    material = material_assets(env.loader.get_source(env, "base.html")[0])
    css = joined_stylesheets(site, [a for a in material if a.endswith(".css")] + _stylesheets, PRINT_CSS)
    script = next(a for a in material if a.endswith(".js"))
    scripts = [site / str(path) for path in config.extra_javascript]
    with tempfile.TemporaryDirectory(prefix="stylesheet-bundle-") as tmp:
        names = Path(tmp) / "material-classes.txt"
        names.write_text(" ".join(runtime_class_names((site / script).read_text(encoding="utf-8"))), encoding="utf-8")
        purged = purge(root, css, [f"{site.as_posix()}/**/*.html", str(names), *map(str, scripts)])
    text = minify(root, purged)
    name = BUNDLE_NAME.format(hash=hashlib.sha256(text.encode("utf-8")).hexdigest()[:8])
    (site / name).write_text(text, encoding="utf-8")
    missing = link_pages(site, name)
    if missing:
        raise PluginError(f"{len(missing)} pages do not link {BUNDLE_LINK} (e.g. {missing[0]}): overrides/main.html "
                          "must link it in block 'styles'")


# ---------------------------------------------------------------------------
# Pure helpers (tests call these directly)
# ---------------------------------------------------------------------------

def material_assets(base_html: str) -> list[str]:
    """Return the site paths of Material's main and palette stylesheets and of
    its script bundle, as its ``base.html`` template names them (they carry a
    hash that changes with Material's version). Raises PluginError when one
    is not found (Material changed its template)."""
    found = list(dict.fromkeys(_MATERIAL_ASSET.findall(base_html)))
    if len(found) != 3:
        raise PluginError(f"Material's base.html names {found}, expected its main and palette stylesheets and its "
                          "script bundle: update _MATERIAL_ASSET in overrides/hooks/stylesheet_bundle.py")
    return found


def joined_stylesheets(site: Path, stylesheets: list[str], print_css: str) -> str:
    """Return the stylesheets' text joined in order, ``print_css`` last inside
    ``@media print``, without ``@charset`` rules (UTF-8 throughout).

    Inputs: the built site folder and site paths (``assets/...``). Relative
    ``url()``s stay valid because the bundle is written to the same folder
    (``assets/stylesheets/``). Raises PluginError for a missing file.
    """
    parts = []
    for path in [*stylesheets, print_css]:
        file = site / path
        if not file.is_file():
            raise PluginError(f"{path}: stylesheet not found in the built site (mkdocs.yml extra_css or Material)")
        text = _CHARSET.sub("", file.read_text(encoding="utf-8"))
        parts.append(f"@media print{{\n{text}\n}}" if path == print_css else text)
    return "\n".join(parts)


def runtime_class_names(script: str) -> list[str]:
    """Return the hyphenated names in Material's script (the classes and
    attributes it may add while a page runs: ``md-…``, ``data-md-…``,
    ``focus-visible``, ``tabbed-…``), sorted, without those of
    ``UNUSED_MATERIAL_CLASSES``."""
    return sorted(name for name in set(_CLASS_NAME.findall(script))
                  if not name.removeprefix("data-").startswith(tuple(UNUSED_MATERIAL_CLASSES)))


def _node_tool(root: Path, tool: str, args: list[str], stdin: str, what: str) -> str:
    if not shutil.which("node") or not (root / tool).is_file():
        raise PluginError(f"the site's stylesheet needs Node.js and {tool} ({what}): run 'npm ci' "
                          "(make does it; apt-get install nodejs npm)")
    done = subprocess.run([str(root / tool), *args], input=stdin, capture_output=True, text=True, cwd=root)
    if done.returncode != 0:
        raise PluginError(f"{what} failed on the site's stylesheet (overrides/hooks/stylesheet_bundle.py):\n"
                          + (done.stderr or done.stdout).strip())
    return done.stdout


def purge(root: Path, css: str, content: list[str]) -> str:
    """Return ``css`` without the rules PurgeCSS finds unused in ``content``
    (file paths or globs). Inputs: the project folder (for node_modules)."""
    out = _node_tool(root, PURGECSS, ["--css", "-", "--content", *content, "--variables", "--keyframes",
                                      "--font-face"], css, "PurgeCSS")
    return "\n".join(result["css"] for result in json.loads(out))


def minify(root: Path, css: str) -> str:
    """Return ``css`` minified by esbuild (same rules, fewer bytes)."""
    return _node_tool(root, ESBUILD, ["--minify", "--loader=css", "--log-level=warning"], css, "esbuild")


def link_pages(site: Path, name: str) -> list[str]:
    """Point every page's ``BUNDLE_LINK`` at ``name`` (a site path); return the
    pages (site paths) that had no such link."""
    missing = []
    old = re.compile(re.escape(BUNDLE_LINK) + r'(?=")')
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        linked, count = old.subn(name, html)
        if count:
            page.write_text(linked, encoding="utf-8")
        else:
            missing.append(page.relative_to(site).as_posix())
    return missing
