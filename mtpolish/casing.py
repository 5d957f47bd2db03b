"""Giving a replacement the letter case of the text it replaces."""

from __future__ import annotations

import regex

_WORD = regex.compile(r"\p{L}[\p{L}\p{M}'’-]*")


def match_case(source: str, replacement: str) -> str:
    """`Hot search` → `Trending topic`, `HOT SEARCH` → `TRENDING TOPIC`,
    `Hot Search` → `Trending Topic`.

    A lower-case source leaves the replacement as written, so proper nouns in it stay capitalised.
    """
    if source.islower():
        return replacement  # the common case, settled in C
    letters = [c for c in source if c.isalpha()]
    if not letters or not replacement:
        return replacement
    cased = [c for c in letters if c.isupper() or c.islower()]
    if len(cased) > 1 and all(c.isupper() for c in cased):
        return replacement.upper()
    source_words = _WORD.findall(source)
    if len(source_words) > 1 and all(w[0].isupper() for w in source_words):
        return _WORD.sub(lambda m: _capitalise(m.group()), replacement)
    if letters[0].isupper():
        return _capitalise(replacement)
    return replacement


def _capitalise(text: str) -> str:
    for i, c in enumerate(text):
        if c.isalpha():
            return text[:i] + c.upper() + text[i + 1 :]
    return text
