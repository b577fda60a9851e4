"""Check the spelling of the Spanish pages with hunspell and Debian's dictionaries.

Usage::

    python tools/spelling_es.py [FILE.md ...]     # default: docs/es/**/*.md

Prints one line per misspelt word, with the file and line::

    docs/es/foreword.md:12: 'migrasión' is not in the Spanish dictionary (suggestions: migración)

A word that is English (Debian's ``hunspell-en-us``) is reported as English,
to translate or mark as English, never as a candidate for the word list; a
passage with three or more English words is reported once, as "not
translated"; broken Markdown such as ``[Prólogo(foreword.md)`` is reported
as Markdown (the rules of ``overrides/hooks/markdown_syntax.py``), never as
spelling.

Exits 1 when there is any finding, 0 when there is none, 2 when hunspell or
the dictionaries are missing (Debian: ``apt-get install hunspell hunspell-es
hunspell-en-us``; ``make setup`` and ``.ci/run`` install them). ``tests/test_lint.py`` and
``.pre-commit-config.yaml`` run it.

The dictionaries are Debian's ``hunspell-es`` for Spain and the South
American countries (:data:`DICTIONARIES`), so a word of any of them passes.
Checked: the prose of each page and the ``description`` of its front matter.
Skipped: fenced and inline code, link targets and web addresses, HTML tags
and comments, attribute lists ``{ ... }``, text marked as English
(``*Title*{ lang="en" }``, ``[Title](url){ lang="en" }``), acronyms (words
of two or more capitals, with or without digits), and the entries of the
project word list :data:`WORD_LIST` (one a line; ``#`` starts a comment; an
entry with spaces is a name of several words, accepted only as a whole).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
import markdown_syntax  # noqa: E402  (the build's broken-Markdown rules, shared)
#: Words and names the dictionaries lack (proper names, technical terms).
WORD_LIST = ROOT / "tools" / "spelling" / "es.txt"
#: hunspell dictionaries, Debian package hunspell-es: Spain and South America.
DICTIONARIES = ["es_ES", "es_AR", "es_BO", "es_CL", "es_CO", "es_EC", "es_PE", "es_PY", "es_UY", "es_VE"]
#: hunspell dictionary, Debian package hunspell-en-us: tells English words apart.
ENGLISH = "en_US"
#: English words in one passage from which it is reported once as not translated.
UNTRANSLATED_RUN = 3
INSTALL_HINT = ("install hunspell and Debian's Spanish and English dictionaries: "
                "apt-get install hunspell hunspell-es hunspell-en-us (or: make setup)")

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*\n", re.DOTALL)
_FENCE = re.compile(r"^\s*(```|~~~)")
_ENGLISH_SPAN = re.compile(r"(\*[^*\n]+\*|_[^_\n]+_|\[[^\]\n]*\]\([^)\n]*\))\{[^}\n]*lang=\"?en\"?[^}\n]*\}")
_REMOVE = [
    re.compile(r"<!--.*?-->"),           # HTML comments (glossary markers)
    re.compile(r"(?<!`)(`+)(?!`).*?[^`]\1(?!`)"),  # inline code (`x`, `` a ` b ``)
    re.compile(r"\]\([^)\n]*\)"),        # link targets
    re.compile(r"<[^>\n]+>"),            # HTML tags and <https://...> links
    re.compile(r"\{[^}\n]*\}"),          # attribute lists { #id lang="en" }
    re.compile(r"\b(?:https?|ftp)://\S+"),
    re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s*\w+"),  # admonition type (its title stays)
    re.compile(r"^\s*/{3,}\s*[\w-]*\s*\|?"),  # block admonition `/// info | Title` (title stays)
    re.compile(r"^\s*\|?[\s|:\-]+\|[\s|:\-]*$"),  # table delimiter rows
]
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\w+")


@dataclass(frozen=True)
class Finding:
    """One problem: where, which word (or passage), hunspell's suggestions,
    and its ``kind``:

    * ``spelling``: not a Spanish word and not an English one; the message
      offers the word list for names and correct terms;
    * ``english``: an English word (Debian's ``hunspell-en-us``): translate
      it or mark it as English; the word list is never offered;
    * ``untranslated``: a passage with :data:`UNTRANSLATED_RUN` or more
      English words, reported once (``word`` holds its start);
    * ``markdown``: broken Markdown (``word`` holds the message of
      ``overrides/hooks/markdown_syntax.py``), never a spelling question.
    """

    path: str
    line: int
    word: str
    suggestions: tuple[str, ...]
    kind: str = "spelling"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:"
        if self.kind == "markdown":
            return f"{where} {self.word} (Markdown, not spelling: do not add it to tools/spelling/es.txt)"
        if self.kind == "untranslated":
            return (f"{where} not translated: this passage is in English ({self.word}); translate it into Spanish "
                    f"(an English title inside Spanish text is marked *Title*{{ lang=\"en\" }})")
        if self.kind == "english":
            return (f"{where} '{self.word}' is English, not Spanish: translate it; if it is part of an English "
                    f"title or name, mark that as English: *Title*{{ lang=\"en\" }}")
        hint = f" (suggestions: {', '.join(self.suggestions[:3])})" if self.suggestions else ""
        return (f"{where} '{self.word}' is not in the Spanish dictionary{hint}; "
                f"fix it, or add it to tools/spelling/es.txt if it is a name or a correct term")


def load_word_list(path: Path = WORD_LIST) -> tuple[set[str], list[str]]:
    """Return (single words, names of several words) from the project word list."""
    words, phrases = set(), []
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        entry = line.split("#", 1)[0].strip()
        if " " in entry:
            phrases.append(entry)
        elif entry:
            words.add(entry)
    return words, sorted(phrases, key=len, reverse=True)


def prose_lines(markdown: str) -> list[tuple[int, str]]:
    """Return ``(line number, text to check)`` for a page's Markdown.

    Front matter lines give only the value of ``description``; fenced code
    is dropped; the markup listed in the module docstring is blanked out.
    """
    lines = markdown.splitlines()
    result: list[tuple[int, str]] = []
    start = 0
    match = _FRONT_MATTER.match(markdown)
    if match:
        count = match.group(0).count("\n")
        for number in range(1, count):
            key, _, value = lines[number].partition(":")
            if key.strip() == "description":
                result.append((number + 1, value))
        start = count
    in_fence = False
    for index in range(start, len(lines)):
        line = lines[index]
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        line = _ENGLISH_SPAN.sub(" ", line)
        for pattern in _REMOVE:
            line = pattern.sub(" ", line)
        result.append((index + 1, line))
    return result


def candidate_words(text: str, words: set[str], phrases: list[str]) -> list[str]:
    """Return the words of ``text`` to look up: names of the word list,
    acronyms, words with digits and single letters are left out."""
    for phrase in phrases:
        text = text.replace(phrase, " ")
    found = []
    for word in _WORD.findall(text):
        for part in word.split("’") if "’" in word else [word]:
            if (len(part) < 2 or any(c.isdigit() for c in part) or part in words or part.lower() in words
                    or sum(c.isupper() for c in part) >= 2):
                continue
            found.append(part)
    return found


def hunspell_misspelt(words: set[str], dictionaries: list[str] = DICTIONARIES) -> dict[str, tuple[str, ...]]:
    """Ask hunspell about ``words``; return ``{misspelt word: suggestions}``.

    Inputs: the words and the hunspell dictionaries (default: the Spanish
    ones). Raises FileNotFoundError when hunspell or a dictionary is missing.
    """
    if not shutil.which("hunspell"):
        raise FileNotFoundError(f"hunspell is not installed: {INSTALL_HINT}")
    missing = [name for name in [*dictionaries, ENGLISH] if not Path(f"/usr/share/hunspell/{name}.dic").exists()]
    if missing:
        raise FileNotFoundError(f"hunspell dictionaries {', '.join(missing)} are missing: {INSTALL_HINT}")
    ordered = sorted(words)
    done = subprocess.run(["hunspell", "-a", "-i", "utf-8", "-d", ",".join(dictionaries)],
                          input="".join(f"^{word}\n" for word in ordered), capture_output=True,
                          text=True, encoding="utf-8", timeout=300, check=True)
    misspelt: dict[str, tuple[str, ...]] = {}
    # The first line is hunspell's banner; then one block per input line.
    lines = done.stdout.splitlines()[1:]
    word_index = 0
    for line in lines:
        if not line:
            word_index += 1
            continue
        if line[0] in "&#" and word_index < len(ordered):
            suggestions = tuple(s.strip() for s in line.split(":", 1)[1].split(",")) if line[0] == "&" else ()
            misspelt[ordered[word_index]] = suggestions
    return misspelt


def check(paths: list[Path], root: Path = ROOT, word_list: Path = WORD_LIST) -> list[Finding]:
    """Spell-check Spanish Markdown files; return the findings in file and line order.

    Inputs: the files, the folder that paths in messages are relative to,
    the project word list. Raises FileNotFoundError as :func:`hunspell_misspelt`.
    """
    words, phrases = load_word_list(word_list)
    occurrences: list[tuple[str, int, int, str]] = []  # file, line, passage, word
    syntax: list[Finding] = []
    texts: dict[tuple[str, int], str] = {}
    for path in paths:
        name = path.resolve().relative_to(root.resolve()).as_posix() if path.resolve().is_relative_to(root.resolve()) else str(path)
        passage, previous = 0, None
        for number, text in prose_lines(path.read_text(encoding="utf-8")):
            if previous is None or number != previous + 1 or not text.strip():
                passage += 1
            previous = number
            texts[name, number] = " ".join(text.split())
            for leftover in markdown_syntax.line_problems(text, number):
                syntax.append(Finding(name, number, leftover.message, (), "markdown"))
                text = text[:leftover.start] + " " * (leftover.end - leftover.start) + text[leftover.end:]
            occurrences.extend((name, number, passage, word) for word in candidate_words(text, words, phrases))
    misspelt = hunspell_misspelt({word for *_, word in occurrences})
    english = set(misspelt) - set(hunspell_misspelt(set(misspelt), [ENGLISH]))
    runs: dict[tuple[str, int], list[tuple[int, str]]] = {}
    for name, number, passage, word in occurrences:
        if word in english:
            runs.setdefault((name, passage), []).append((number, word))
    findings, reported = list(syntax), set()
    for name, number, passage, word in occurrences:
        if word not in misspelt:
            continue
        run = runs.get((name, passage), [])
        if word in english and len(run) >= UNTRANSLATED_RUN:
            if (name, passage) not in reported:
                reported.add((name, passage))
                start = texts[name, run[0][0]]
                sample = start if len(start) <= 70 else start[:69] + "…"
                findings.append(Finding(name, run[0][0], f"«{sample}», {len(run)} English words", (), "untranslated"))
            continue
        findings.append(Finding(name, number, word, misspelt[word], "english" if word in english else "spelling"))
    return sorted(findings, key=lambda f: (f.path, f.line))


def main(argv: list[str] | None = None) -> int:
    """Command line: spell-check the given files (default: every ``docs/es`` page)."""
    args = sys.argv[1:] if argv is None else argv
    paths = [Path(arg) for arg in args] or sorted((ROOT / "docs" / "es").rglob("*.md"))
    try:
        findings = check(paths)
    except FileNotFoundError as error:
        print(f"spelling_es: {error}", file=sys.stderr)
        return 2
    for finding in findings:
        print(finding)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
