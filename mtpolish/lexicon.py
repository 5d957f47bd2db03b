"""The bundled English lexicon: function words by class, verb forms and common words.

Plain data files in `mtpolish/data/`, read once on first use.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import NamedTuple

# Beside this module, as the bundled rules are (see `engine.bundled_rules_dir`); not through
# importlib.resources, whose import (zipfile, tempfile...) costs more than reading the file.
DATA = Path(__file__).resolve().parent / "data"


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line.split("#", 1)[0].strip() for line in text.splitlines()]


@cache
def function_words() -> dict[str, frozenset[str]]:
    """Word classes from `function-words.txt` (`[section]` headers, one word a line)."""
    classes: dict[str, set[str]] = {}
    current = classes.setdefault("other", set())
    for line in _lines("function-words.txt"):
        if line.startswith("[") and line.endswith("]"):
            current = classes.setdefault(line[1:-1], set())
        elif line:
            current.add(line.lower())
    return {name: frozenset(words) for name, words in classes.items()}


@cache
def _all_function_words() -> frozenset[str]:
    return frozenset().union(*function_words().values())


def normal(word: str) -> str:
    """The lexicon's spelling: lower case, ASCII apostrophe."""
    return word.lower().replace("’", "'")


def is_function_word(word: str) -> bool:
    return normal(word) in _all_function_words()


@cache
def _frequent_words() -> frozenset[str]:
    return frozenset(w for w in _all_function_words() if len(w) <= 4)


def is_frequent(word: str) -> bool:
    """Whether `word` occurs every few words of running text: a short function word ("the",
    "with", "over"). Longer ones ("after", "through", "thousand") occur far less often."""
    return normal(word) in _frequent_words()


VERB_FORMS = ("base", "past", "participle", "third", "ing")


class Sets(NamedTuple):
    """The word sets the checks look words up in, derived from the data files."""

    verb_forms: dict[str, frozenset[str]]
    common_words: frozenset[str]
    english_words: frozenset[str]
    verb_words: frozenset[str]


@cache
def _sets() -> Sets:
    from . import packcache

    # Parsing and deriving take ~45 ms, most of a small file's check (~9 ms to derive the sets
    # alone): they are cached like the packs, as one pickle (~5 ms to read).
    files = [DATA / name for name in ("verbs.txt", "common-words.txt", "function-words.txt")]
    return packcache.derived("lexicon", files, _derive)


def _derive() -> Sets:
    forms = _verb_forms()
    common = frozenset(line.lower() for line in _lines("common-words.txt") if line)
    auxiliaries = function_words().get("auxiliaries", frozenset())
    return Sets(
        verb_forms=forms,
        common_words=common,
        english_words=_either_apostrophe(_all_function_words() | common | frozenset(forms)),
        verb_words=_either_apostrophe(frozenset(forms) | auxiliaries),
    )


def verb_forms() -> dict[str, frozenset[str]]:
    """Each verb form in `verbs.txt` (base, past, participle, third, ing per line) → its roles."""
    return _sets().verb_forms


def _verb_forms() -> dict[str, frozenset[str]]:
    roles: dict[str, set[str]] = {}
    for line in _lines("verbs.txt"):
        if not line:
            continue
        for role, column in zip(VERB_FORMS, line.split("\t"), strict=False):
            for form in column.replace(",", "/").split("/"):
                if form.strip():
                    roles.setdefault(form.strip().lower(), set()).add(role)
    shared: dict[frozenset[str], frozenset[str]] = {}  # a dozen sets of roles, shared
    return {form: shared.setdefault(frozenset(r), frozenset(r)) for form, r in roles.items()}


def common_words() -> frozenset[str]:
    """Common lower-case words that are not names, from `common-words.txt`."""
    return _sets().common_words


def _either_apostrophe(words: frozenset[str]) -> frozenset[str]:
    """The words as spelled with ' and with ’: a set that lower-cased words can be looked up in
    as they are, in C (`isdisjoint`, `map`), with no per-word `normal` call."""
    return words | frozenset(w.replace("'", "’") for w in words if "'" in w)


def english_words() -> frozenset[str]:
    """Every word of the bundled lexicon, lower case, either apostrophe."""
    return _sets().english_words


def verb_words() -> frozenset[str]:
    """Every verb form and auxiliary, lower case, either apostrophe."""
    return _sets().verb_words
