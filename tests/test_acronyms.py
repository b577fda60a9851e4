"""Acronyms come from docs/assets/data/acronyms.yml and are explained wherever they are used.

The data file is read here directly (not through the hook), so these tests
check the built site against the data, not against the hook's own output.
"""

from __future__ import annotations

import re

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, strategy_pages
from site_html import LANGS, page_path

import acronyms

DATA = ROOT / "docs" / "assets" / "data" / "acronyms.yml"


def _entries() -> list[dict]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))["acronyms"]


def _form(entry: dict, lang: str) -> str:
    return entry.get("es", entry["en"]) if lang == "es" else entry["en"]


def _content(site, lang: str, page: str) -> BeautifulSoup:
    soup = BeautifulSoup(page_path(site, lang, page).read_text(encoding="utf-8"), "html.parser")
    return soup.select_one("article.md-content__inner")


@pytest.mark.parametrize("lang", LANGS)
def test_the_acronyms_page_lists_every_entry_of_the_data_in_its_language(site, lang):
    table = _content(site, lang, "acronyms.md").find("table")
    rows = {tr.find_all("td")[0].get_text(strip=True): tr.find_all("td")[1].get_text(" ", strip=True)
            for tr in table.find_all("tr") if tr.find_all("td")}
    expected = {_form(e, lang): e["name"][lang] for e in _entries()}
    assert rows == expected


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", [p for p in strategy_pages() if p != "acronyms.md"])
def test_every_acronym_on_a_page_carries_its_expansion_in_the_page_language(site, lang, page):
    names = {}
    for entry in _entries():
        names.setdefault(_form(entry, lang), entry["name"][lang])
        for other in ("en", "es"):  # the other language's form, in a quoted title
            names.setdefault(_form(entry, other), entry["name"][lang])
    content = _content(site, lang, page)
    text = " ".join(content.get_text().split())  # no spaces added around <abbr>
    for abbr in content.find_all("abbr"):
        word = abbr.get_text()
        expected = names.get(word) or names.get(word[:-1])  # SDGs → SDG
        assert abbr.get("title") == expected, f"{lang}/{page}: <abbr>{word}</abbr> has title {abbr.get('title')!r}"
        assert abbr.get("tabindex") is None, f"{lang}/{page}: <abbr>{word}</abbr> is a Tab stop"
        if abbr.find_parent(class_=["contents-list", "key-facts"]):
            continue  # the front page's summaries: each page writes its acronyms out
        # Keyboard and screen-reader users read the expansion in the text itself,
        # or the name just before the acronym, in other words (acronyms.spelled_out_before).
        before = str(content)[:str(content).find(str(abbr))]
        assert " ".join(expected.split()) in text or acronyms.spelled_out_before(expected, before), (
            f"{lang}/{page}: the expansion of {word} is not written out")
    # Every known acronym in the prose is wrapped: none is left bare.
    for node in content.find_all(string=True):
        if node.parent.name in ("abbr", "code", "a") or node.find_parent(["abbr", "code", "pre", "script", "svg"]):
            continue
        if node.find_parent(class_=["page-meta", "page-cite", "cover__subtitle", "cover__language"]):
            continue  # the metadata block: template text, where IOM is written out
        if "acronym-expansion" in (node.parent.get("class") or []):
            continue  # an expansion the hook wrote out, e.g. "Strategic Results Framework (IOM)"
        for word in re.findall(r"(?<![\w-])([A-Z][A-Z0-9]{2,}|[A-Z]{2,}[a-z]?[A-Z]+)(?!\w)", node):
            assert word not in names, f"{lang}/{page}: '{word}' is not marked as an acronym in {node.strip()[:80]!r}"


def test_a_first_use_is_written_out_and_later_uses_are_not(site):
    # The Acronyms page aside, WHO is used on chapter 2 without its name in the prose.
    content = _content(site, "en", "political-and-institutional-outlook.md")
    text = " ".join(content.get_text(" ").split())
    name = next(e["name"]["en"] for e in _entries() if e["en"] == "WHO")
    assert name not in (ROOT / "docs" / "en" / "political-and-institutional-outlook.md").read_text(encoding="utf-8")
    assert text.count(name) == 1


def test_a_name_given_just_before_its_acronym_is_not_written_out_again():
    import acronyms

    unhcr = "Office of the United Nations High Commissioner for Refugees"
    html = ('<p>A Special Permit of Permanence (<abbr title="Special Permit of Permanence (Colombia)">PEP</abbr>).</p>'
            '<p>The Office of the <abbr title="United Nations">UN</abbr> High Commissioner for Refugees '
            f'(<abbr title="{unhcr}">UNHCR</abbr>) and the <abbr title="World Health Organization">WHO</abbr>.</p>'
            '<p>Other <abbr title="United Nations">UN</abbr> agencies.</p>')
    out = re.sub(r'</?span[^>]*>', '', acronyms.expand_first_uses(html))
    assert "Colombia)</" not in out.replace('(Colombia)">', "")  # no "(PEP, Special Permit … (Colombia))"
    assert f"UNHCR</abbr>, {unhcr}" not in out
    assert "UN</abbr> (United Nations) High" not in out  # "UN" inside a longer name: a later use is written out
    assert "UN</abbr> (United Nations) agencies" in out
    assert "WHO</abbr> (World Health Organization)" in out
    assert not acronyms.spelled_out_before("World Health Organization", "<p>The health of the world</p>")


def test_expansion_follows_the_first_use_in_the_right_form():
    import acronyms

    html = ('<h2><abbr title="South American Conference on Migration">SACM</abbr></h2>'
            '<p>The <abbr title="South American Conference on Migration">SACM</abbr> met.</p>'
            '<p>(<abbr title="Andean Community">CAN</abbr>) and <abbr title="Andean Community">CAN</abbr>'
            ' and <abbr title="Southern Common Market">MERCOSUR</abbr> (see chapter 3).</p>')
    out = re.sub(r'</?span[^>]*>', '', acronyms.expand_first_uses(html))
    assert "<h2><abbr title=\"South American Conference on Migration\">SACM</abbr></h2>" in out
    assert "SACM</abbr> (South American Conference on Migration) met" in out
    assert "(<abbr title=\"Andean Community\">CAN</abbr>, Andean Community) and <abbr" in out
    assert "MERCOSUR</abbr> (Southern Common Market; see chapter 3)" in out
    assert out.count("Andean Community)") == 1


def _append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_page_using_an_acronym_the_data_lacks_fails_the_build_naming_file_and_line(project_copy):
    def plant(root):
        _append(root / "docs/es/foreword.md", "\nLa ZQXW se reunió.\n")

    build = project_copy(plant)
    assert build.returncode != 0
    lines = (build.project / "docs/es/foreword.md").read_text(encoding="utf-8").count("\n")
    assert f"docs/es/foreword.md:{lines}: 'ZQXW' looks like an acronym" in build.output
    assert "acronyms.yml" in build.output


def test_an_entry_no_page_uses_fails_the_build_naming_the_data_line(project_copy):
    def plant(root):
        data = root / "docs/assets/data/acronyms.yml"
        text = data.read_text(encoding="utf-8")
        text = text.replace("acronyms:\n", "acronyms:\n  - en: QQQX\n    name:\n      en: Unused body\n      es: Organismo sin uso\n", 1)
        data.write_text(text, encoding="utf-8")

    build = project_copy(plant)
    assert build.returncode != 0
    line = next(n for n, l in enumerate((build.project / "docs/assets/data/acronyms.yml").read_text(encoding="utf-8").splitlines(), 1)
                if l.strip() == "- en: QQQX")
    assert f"docs/assets/data/acronyms.yml:{line}: 'QQQX' is used on no page" in build.output


def test_a_malformed_entry_fails_the_build_naming_the_data_line(project_copy):
    def plant(root):
        data = root / "docs/assets/data/acronyms.yml"
        text = data.read_text(encoding="utf-8")
        data.write_text(text.replace("      es: Asociación Latinoamericana de Población\n", "", 1), encoding="utf-8")

    build = project_copy(plant)
    assert build.returncode != 0
    assert re.search(r"docs/assets/data/acronyms\.yml:\d+: 'ALAP' needs 'name:' with an 'en:' and an 'es:'", build.output)
