"""What each page is based on, said once: the basis note under every title
(front matter ``basis:``, overrides/hooks/page_basis.py), background always
in a "Background"/"Contexto" box, and notes about the edition kept under 3 %
of the text (issue 8, section 2)."""

from __future__ import annotations

import copy
import re

import pytest
import yaml

from conftest import ROOT, nav_pages, strategy_pages
from front_matter import front_matter_problems
from page_basis import DATA, as_list, basis_note, basis_problems, known_values, load_data
from site_html import LANGS, article, page_path, soup

BASIS = load_data(ROOT / "docs")
#: Pages whose prose other work owns (home page: issue 8 section 1; acronyms:
#: section 4). They get the note as soon as their front matter has `basis:`.
NOT_YET: set[str] = set()
#: Pages that present the strategy and whose prose this check covers.
CONTENT = [page for page in strategy_pages() if page not in NOT_YET]
#: Box titles that mark background, per language.
BACKGROUND = {"en": "Background", "es": "Contexto"}
#: The largest share of the text that notes about the edition may take.
MAX_NOTES_SHARE = 0.03
#: Sentences that are notes about the edition rather than content.
NOTE_PATTERNS = {
    "en": re.compile(r"could not be (read|consulted|checked|confirmed|seen)|is not known|are not known|"
                     r"full text is in|not (be )?retrieved|cannot say|inferred|our inference", re.IGNORECASE),
    "es": re.compile(r"no pud(o|ieron) (leerse|consultarse|cotejarse|confirmarse|verse)|no se (sabe|conoce)|"
                     r"texto completo|es una deducción|lo deducimos", re.IGNORECASE),
}
#: Background facts (dated, from sources other than the strategy and IOM's
#: descriptions of it) that must only ever appear inside a background box.
BACKGROUND_FACTS = {
    "en": ["7,786,568", "Haiti, Cuba", "Operação Acolhida", "Programa Siria", "Cochabamba", "Treaty of Asunción",
           "Quito Process brings", "Lima Group", "1,500 food", "Adriana Escariz", "2.75 million migrants",
           "saving lives and protecting people on the move", "Marcelo Pisani", "Diego Beltrand", "Guyana and Suriname are not",
           "Mar del Plata", "16 countries of Latin America", "1.35 billion", "Amy Pope"],
    "es": ["7.786.568", "Haití, Cuba", "Operação Acolhida", "Programa Siria", "Cochabamba", "Tratado de Asunción",
           "Proceso de Quito reúne", "Grupo de Lima", "1.500 kits", "Adriana Escariz", "2,75 millones de personas",
           "salvar vidas y proteger a las personas en movimiento", "Marcelo Pisani", "Diego Beltrand", "Guyana y Suriname no",
           "Mar del Plata", "16 países de América Latina", "1.350 millones", "Amy Pope"],
}


def front_matter(lang: str, page: str) -> dict:
    text = (ROOT / "docs" / lang / page).read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1])


def body(site, lang: str, page: str):
    """The article without its Sources section (a list of links, not text)."""
    content = copy.copy(article(soup(page_path(site, lang, page))))
    sources = content.find(id="sources")
    if sources is not None:
        for element in list(sources.find_all_next()):
            element.decompose()
        sources.decompose()
    for link in content.select("a.headerlink"):
        link.decompose()
    return content


def is_background_box(element, lang: str) -> bool:
    title = element.select_one(".admonition-title")
    return "admonition" in element.get("class", []) and title is not None \
        and title.get_text(strip=True).startswith(BACKGROUND[lang])


# The note ------------------------------------------------------------------------------

@pytest.mark.parametrize("page", [p for p in nav_pages() if p not in NOT_YET])
@pytest.mark.parametrize("lang", LANGS)
def test_every_page_declares_its_basis_in_its_front_matter(lang, page):
    values = front_matter(lang, page).get("basis")
    assert values is not None, f"docs/{lang}/{page}: add 'basis: [...]' to the front matter ({', '.join(known_values(BASIS))})"
    assert basis_problems(values, BASIS) == []
    assert values == front_matter("en", page).get("basis"), f"docs/{lang}/{page}: 'basis' differs from the English page"


@pytest.mark.parametrize("page", [p for p in nav_pages() if p not in NOT_YET])
@pytest.mark.parametrize("lang", LANGS)
def test_every_page_shows_one_basis_note_under_its_title_in_its_language(site, lang, page):
    content = article(soup(page_path(site, lang, page)))
    notes = content.select("p.page-basis")
    assert len(notes) == 1, f"{lang}/{page}: {len(notes)} basis notes"
    between = []
    for element in notes[0].find_previous_siblings():
        if element.name == "h1":
            break
        between.append(element)
    else:
        pytest.fail(f"{lang}/{page}: the basis note is not after the title")
    # Only the build's own widgets (e.g. the PDF link, which has a class) may sit between.
    assert all(element.get("class") for element in between), \
        f"{lang}/{page}: page text comes before the basis note: {[str(e)[:80] for e in between]}"
    values = as_list(front_matter(lang, page)["basis"])
    expected = basis_note(values, BASIS, lang).split("\n")[0]
    text = re.sub(r"\s+", " ", notes[0].get_text().strip())
    assert text.startswith(re.sub(r"\[([^]]*)\]\([^)]*\)", r"\1", expected)), (lang, page, text)
    for value in known_values(BASIS):
        word = BASIS["values"][value][lang]
        assert (word in text) == (value in values), f"{lang}/{page}: note and front matter disagree on {value!r}"
    link = notes[0].find("a")
    assert link is not None, f"{lang}/{page}: the note has no link to the explanation"
    assert link["href"].endswith("about/#authoritative-text") or (page == "about.md" and link["href"] == "./#authoritative-text"), link


def test_a_page_with_an_unknown_basis_value_fails_the_build_naming_the_file_and_the_fix(project_copy):
    def plant(root):
        path = root / "docs/en/foreword.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^basis: .*$", "basis: [iom, background]", text, count=1), encoding="utf-8")

    build = project_copy(plant)
    assert build.returncode != 0, "an unknown basis value did not fail the build"
    assert re.search(r"en/foreword\.md: front matter: 'basis' has the unknown value 'iom' \(allowed: "
                     r"strategy, iom-description, background, edition", build.output), build.output[-3000:]


def test_front_matter_check_accepts_known_basis_values_and_names_unknown_ones():
    page = "---\ndescription: A page.\nbasis: {}\n---\n# Title\n"
    assert front_matter_problems(page.format("[iom-description, background]"), BASIS) == []
    assert front_matter_problems(page.format("background"), BASIS) == []
    assert "unknown value 'ctx'" in " ".join(front_matter_problems(page.format("[ctx]"), BASIS))
    assert "empty" in " ".join(front_matter_problems(page.format("[]"), BASIS))
    assert "more than once" in " ".join(front_matter_problems(page.format("[background, background]"), BASIS))


def test_the_basis_data_file_has_every_text_in_both_languages():
    assert (ROOT / "docs" / DATA).exists()
    for value in known_values(BASIS):
        assert set(LANGS) <= set(BASIS["values"][value]), value
    for key in ("sentence", "and", "link"):
        assert set(LANGS) <= set(BASIS[key]), key


# Background, labelled one way ----------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_every_info_box_on_a_content_page_is_a_background_box(site, lang):
    wrong = []
    for page in CONTENT:
        # role="note" boxes are the build's own notices (e.g. an outdated translation).
        for box in body(site, lang, page).select("div.admonition.info:not([role=note])"):
            if not is_background_box(box, lang):
                wrong.append(f"{lang}/{page}: {box.select_one('.admonition-title').get_text(strip=True)!r}")
    assert not wrong, "info boxes whose title does not start with " + BACKGROUND[lang] + ":\n" + "\n".join(wrong)


@pytest.mark.parametrize("lang", LANGS)
def test_background_facts_appear_only_inside_background_boxes(site, lang):
    found, outside = set(), []
    for page in [p for p in CONTENT if p != "about.md"]:  # About describes the strategy's own cover photo
        content = body(site, lang, page)
        for text in content.find_all(string=True):
            for fact in BACKGROUND_FACTS[lang]:
                if fact in text:
                    found.add(fact)
                    box = text.find_parent("div", class_="admonition")
                    if box is None or not is_background_box(box, lang):
                        outside.append(f"{lang}/{page}: {fact!r} outside a {BACKGROUND[lang]!r} box")
    assert not outside, "\n".join(outside)
    assert found == set(BACKGROUND_FACTS[lang]), f"facts no longer on the site (update the list): {set(BACKGROUND_FACTS[lang]) - found}"


# Say it once ---------------------------------------------------------------------------

#: Facts from IOM's descriptions that belong on one page each (phrase, page).
ONCE = {
    "en": [("mental health and psychosocial support", "introduction.md"),
           ("socioeconomic problems that shape migration", "introduction.md"),
           ("21.2 million", "annex-2-covid-19.md")],
    "es": [("salud mental y apoyo psicosocial", "introduction.md"),
           ("problemas socioeconómicos que configuran la migración", "introduction.md"),
           ("21,2 millones", "annex-2-covid-19.md")],
}


@pytest.mark.parametrize("lang", LANGS)
def test_facts_from_ioms_summary_are_stated_on_one_page_and_linked_elsewhere(site, lang):
    for phrase, home in ONCE[lang]:
        pages = [page for page in CONTENT if phrase.lower() in body(site, lang, page).get_text().lower()]
        assert pages == [home], f"{lang}: {phrase!r} is on {pages}; say it on {home} only and link to it"


@pytest.mark.parametrize("lang", LANGS)
def test_notes_about_the_edition_are_under_three_percent_of_the_text(site, lang):
    total = notes = 0
    for page in [p for p in CONTENT if p != "about.md"]:  # About is all about the edition
        content = body(site, lang, page)
        note = content.select_one("p.page-basis")
        note_text = note.get_text(" ", strip=True) if note else ""
        if note:
            note.decompose()
        text = re.sub(r"\s+", " ", content.get_text(" ", strip=True))
        sentences = re.split(r"(?<=[.!?;:])\s+", text)
        page_notes = len(note_text) + sum(len(s) for s in sentences if NOTE_PATTERNS[lang].search(s))
        total += len(text) + len(note_text)
        notes += page_notes
    share = notes / total
    assert share < MAX_NOTES_SHARE, f"{lang}: notes about the edition are {share:.1%} of the text (limit {MAX_NOTES_SHARE:.0%})"
