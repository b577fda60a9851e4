"""Front matter: malformed or incomplete front matter fails the build with
a message naming the file and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from front_matter import front_matter_problems

DATA = Path(__file__).parent / "data" / "front_matter"


def test_valid_front_matter_has_no_problem():
    assert front_matter_problems((DATA / "valid.md").read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("fixture,expected", [
    ("missing.md", "missing"),
    ("not_closed.md", "not closed"),
    ("bad_yaml.md", "YAML does not parse (line 3"),
    ("no_description.md", "'description' is missing"),
    ("unknown_key.md", "unknown key 'descripton'"),
    ("long_description.md", "keep it to 160"),
    ("list.md", "must be 'key: value' lines"),
])
def test_each_front_matter_fault_is_reported(fixture, expected):
    problems = front_matter_problems((DATA / fixture).read_text(encoding="utf-8"))
    assert any(expected in p for p in problems), f"{fixture}: expected a problem containing {expected!r}, got {problems}"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_malformed_front_matter_fails_the_build_naming_the_file(project_copy, lang):
    def plant(root):
        page = root / "docs" / lang / "foreword.md"
        page.write_text(page.read_text(encoding="utf-8").replace("description:", "description: [unclosed", 1), encoding="utf-8")

    build = project_copy(plant)
    assert build.returncode != 0, f"malformed front matter in docs/{lang}/foreword.md did not fail the build"
    assert f"{lang}/foreword.md: front matter: YAML does not parse" in build.output, build.output
