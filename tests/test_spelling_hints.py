"""The Spanish spelling check's hints cannot mislead (tools/spelling_es.py):
it never offers the word list for an English word or for Markdown syntax,
and reports a passage left in English once, as not translated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from test_lint import need_hunspell

WORD_LIST_HINT = "or add it to tools/spelling/es.txt"

PAGE = """---
description: Una página de prueba.
---

# Página

Véase el [Prólogo(foreword.md) de la estrategia.

The regional strategy sets out how the organization will support governments
across the region over the coming years, with partners and donors.

El foreword de la estrategia.

La migrasión en la región.
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> list[str]:
    need_hunspell()
    page = tmp_path_factory.mktemp("spelling") / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "spelling_es.py"), str(page)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stdout + result.stderr
    return [line.replace(str(page), "page.md") for line in result.stdout.splitlines()]


def test_a_broken_link_is_reported_as_markdown_and_its_words_are_not_spelling(report):
    lines = [line for line in report if line.startswith("page.md:7:")]
    assert lines == ["page.md:7: broken link «[Prólogo(foreword.md)»: the ] is missing; write [Prólogo](foreword.md) "
                     "(Markdown, not spelling: do not add it to tools/spelling/es.txt)"], report


def test_a_passage_in_english_is_reported_once_as_not_translated(report):
    lines = [line for line in report if line.startswith(("page.md:9:", "page.md:10:"))]
    assert len(lines) == 1, report
    assert lines[0].startswith("page.md:9: not translated: this passage is in English («The regional strategy sets out"), lines
    assert WORD_LIST_HINT not in lines[0]


def test_an_english_word_is_never_offered_to_the_word_list(report):
    lines = [line for line in report if line.startswith("page.md:12:")]
    assert lines == ["page.md:12: 'foreword' is English, not Spanish: translate it; if it is part of an English "
                     "title or name, mark that as English: *Title*{ lang=\"en\" }"], report
    assert all(WORD_LIST_HINT not in line for line in report if "'migrasión'" not in line), report


def test_a_misspelt_spanish_word_still_offers_the_fix_and_the_word_list(report):
    lines = [line for line in report if line.startswith("page.md:14:")]
    assert len(lines) == 1 and "'migrasión' is not in the Spanish dictionary (suggestions: migración" in lines[0], report
    assert WORD_LIST_HINT in lines[0]


def test_every_hint_is_in_the_guides_table_of_messages_in_both_languages():
    for lang, phrases in {"en": ["is English, not Spanish", "not translated: this passage is in English",
                                 "Markdown, not spelling"],
                          "es": ["is English, not Spanish", "not translated: this passage is in English",
                                 "Markdown, not spelling"]}.items():
        guide = (ROOT / "docs" / lang / "contributors" / "contributing.md").read_text(encoding="utf-8")
        missing = [phrase for phrase in phrases if phrase not in guide]
        assert not missing, f"docs/{lang}/contributors/contributing.md: the table of messages lacks {missing}"

