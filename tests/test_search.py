"""Search: one index per language, queried with the search worker the site
ships (Material's, run in Node by tests/support/search_worker.js)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import nav_pages, page_dir
from site_html import DEFAULT, LANGS, article, lang_prefix, page_path, soup, title
from search_by_language import fold, folded_words, rebase_search, split_index

NODE = shutil.which("node")
HARNESS = Path(__file__).parent / "support" / "search_worker.js"


def index_path(site: Path, lang: str) -> Path:
    return site / lang_prefix(lang) / "search" / "search_index.json"


def load_index(site: Path, lang: str) -> dict:
    return json.loads(index_path(site, lang).read_text(encoding="utf-8"))


def search(site: Path, lang: str, *queries: str) -> dict[str, list[str]]:
    """Query ``lang``'s index with the shipped worker; return page locations
    (the first entry of each result group), best first, per query."""
    if not NODE:
        if os.environ.get("CI") == "true":
            pytest.fail("Node.js is needed to run the search worker: apt-get install nodejs")
        pytest.skip("Node.js not found: apt-get install nodejs to run the search tests")
    worker = next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    result = subprocess.run([NODE, str(HARNESS), str(worker), str(index_path(site, lang)), *queries],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"search worker failed: {result.stderr}"
    groups = json.loads(result.stdout)
    return {q: [group[0][0] for group in found] for q, found in groups.items()}


def page_of(location: str) -> str:
    return location.split("#", 1)[0]


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_its_own_index_of_its_own_pages(site, lang):
    docs = load_index(site, lang)["docs"]
    pages = {page_of(doc["location"]) for doc in docs}
    expected = {page_dir(p) for p in nav_pages()}
    assert pages == expected, f"/{lang_prefix(lang)}search index covers {sorted(pages)}, expected {sorted(expected)}"
    titles = {page_of(doc["location"]): doc["title"] for doc in docs if "#" not in doc["location"]}
    for page in nav_pages():
        heading = title(site, lang, page)
        assert titles[page_dir(page)] == heading, f"{lang} index: {page} is titled {titles[page_dir(page)]!r}, the page says {heading!r}"


@pytest.mark.parametrize("page", nav_pages())
def test_spanish_pages_search_the_spanish_index(site, page):
    html = page_path(site, "es", page).read_text(encoding="utf-8")
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S).group(1))
    depth = page_dir(page).count("/") + 1  # es/ + the page folder
    assert config["base"] == "/".join([".."] * depth + ["es", ""]), f"es/{page}: search base {config['base']!r} is not /es/"


def test_a_spanish_word_finds_spanish_pages_only(site):
    found = search(site, "es", "migración", "fronteras")
    for query, locations in found.items():
        assert locations, f"'{query}' found nothing on the Spanish site"
        for location in locations:
            assert (site / "es" / page_of(location) / "index.html").is_file(), f"'{query}': {location} is not a Spanish page"


def test_an_english_word_finds_english_pages_only(site):
    found = search(site, DEFAULT, "migration", "border")
    english = {page_dir(p) for p in nav_pages()}
    for query, locations in found.items():
        assert locations, f"'{query}' found nothing on the English site"
        assert {page_of(l) for l in locations} <= english, f"'{query}' returned {locations}"


def test_a_query_without_accents_finds_the_accented_word(site):
    found = search(site, "es", "gestion", "gestión")
    assert found["gestion"], "'gestion' found nothing on the Spanish site"
    assert {page_of(l) for l in found["gestion"]} >= {page_of(l) for l in found["gestión"]}, \
        f"'gestion' {found['gestion']} misses pages that 'gestión' finds {found['gestión']}"


@pytest.mark.parametrize("lang,acronym", [("en", "SACM"), ("es", "CSM")])
def test_an_acronym_finds_the_acronyms_page_and_the_chapters_that_use_it(site, lang, acronym):
    pages = {page_of(l) for l in search(site, lang, acronym)[acronym]}
    assert "acronyms/" in pages, f"{lang}: '{acronym}' does not find the Acronyms page ({pages})"
    users = {page_dir(p) for p in nav_pages() if p not in ("acronyms.md",)
             and re.search(rf"\b{acronym}\b", article(soup(page_path(site, lang, p))).get_text(" "))}
    assert users, f"no {lang} chapter uses {acronym}"
    assert users <= pages, f"{lang}: '{acronym}' misses chapters that use it: {sorted(users - pages)}"


def test_every_spanish_page_is_found_by_the_words_of_its_title(site):
    """Ordinary Spanish words return results (a Spanish stemmer broke this)."""
    for page in nav_pages():
        words = [w for w in re.findall(r"\w+", title(site, "es", page)) if len(w) > 4 and not w.isdigit()]
        if not words:
            continue
        word = max(words, key=len)
        locations = {page_of(l) for l in search(site, "es", word)[word]}
        assert page_dir(page) in locations, f"es: '{word}' (from the title of {page}) does not find it: {locations}"


# Unit tests of the hook's helpers ------------------------------------------------

def test_fold_removes_accents_and_tilde():
    assert fold("Gestión Perú Bogotá niñez") == "Gestion Peru Bogota ninez"


def test_folded_words_lists_only_accented_words_without_html():
    assert folded_words("<p>La <b>gestión</b> de fronteras</p>", "Perú y gestión") == "gestion peru"


def test_split_index_separates_languages_and_strips_the_prefix():
    merged = {"config": {"lang": ["en"], "pipeline": ["stopWordFilter"], "fields": {}},
              "docs": [{"location": "", "title": "Home", "text": ""},
                       {"location": "es/", "title": "Inicio", "text": "Gestión"},
                       {"location": "es/foreword/#x", "title": "Prólogo", "text": ""}]}
    split = split_index(merged, "en", ["es"])
    assert [d["location"] for d in split["en"]["docs"]] == [""]
    assert [d["location"] for d in split["es"]["docs"]] == ["", "foreword/#x"]
    assert split["es"]["docs"][0]["folded"] == "gestion"
    assert split["es"]["config"]["pipeline"] == [] and split["en"]["config"]["pipeline"] == ["stopWordFilter"]
    assert "folded" in split["es"]["config"]["fields"]


def test_rebase_search_points_base_at_the_language_folder():
    html = '<script id="__config" type="application/json">{"base":"../..","search":"x.js"}</script>'
    assert '"base":"../../es/"' in rebase_search(html, "es")  # trailing slash: see rebase_search
    assert rebase_search(rebase_search(html, "es"), "es") == rebase_search(html, "es")
