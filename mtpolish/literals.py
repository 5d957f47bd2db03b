"""What literal text a regular expression's matches must contain, for prefiltering.

`literals(pattern)` answers from a memo kept across runs, and computes what it lacks with
`literal_analysis` (imported then, so a run with a cached engine never loads the analysis).

Literals are returned in lower case: callers look them up in lower-cased text, which is sound
for case-sensitive patterns too (it only finds more candidates).
"""

from __future__ import annotations

from typing import NamedTuple

import regex

from . import packcache


class Literals(NamedTuple):
    """What the prefilter may rely on for one pattern (a named tuple: read back from the memo
    faster than a frozen dataclass).

    `required`: every match contains one of these, so the pattern can be skipped on text holding
    none of them. `leading`: every match starts with one of these, so the pattern need only be
    tried where one of them starts.
    """

    required: frozenset[str] | None
    leading: frozenset[str] | None
    # Every match starts at a word start (`\b` before a leading literal's word character), so a
    # leading literal found inside a word ("light" in "flights") is no candidate.
    word_start: bool = False


NOTHING = Literals(None, None)


# The analysis costs about a millisecond a pattern; remembered across runs, start-up skips it.
MEMO = packcache.Memo("literals")


def literals(pattern: str) -> Literals:
    """The literals every match of `pattern` must contain and start with, where known."""
    return MEMO.get(pattern, _analyse)


def _analyse(pattern: str) -> Literals:
    from .literal_analysis import analyse

    return analyse(pattern)


_WORD_CHAR = regex.compile(r"\w")


def starts_word(literal: str) -> bool:
    """Whether `literal` starts with a character `regex` counts as a word character."""
    return _WORD_CHAR.match(literal) is not None
