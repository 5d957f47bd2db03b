"""Paragraph, sentence and word segmentation on plain text, by offsets.

Heuristic and deterministic: good enough for news prose, with no model to load.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import regex

# Blank lines (possibly holding spaces, including the ideographic space) separate paragraphs.
_PARAGRAPH_BREAK = regex.compile(r"(?:\r\n|\r|\n)(?:[^\S\r\n]*(?:\r\n|\r|\n))+")
WORD = regex.compile(r"[\p{L}\p{N}\p{M}]+(?:['’\-][\p{L}\p{N}\p{M}]+)*")
# WORD on ASCII text: there it finds the same words, and the standard library's engine finds
# them twice as fast (most sentences of English prose are ASCII).
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+(?:['\-][A-Za-z0-9]+)*")


def _word_pattern(text: str) -> re.Pattern[str] | regex.Pattern[str]:
    return _ASCII_WORD if text.isascii() else WORD


def find_words(text: str, start: int, end: int) -> list[str]:
    """The words of `text[start:end]`, as text."""
    piece = text[start:end]
    return _word_pattern(piece).findall(piece)


def count_words(text: str) -> int:
    # One match at a time: a list of every word of a large text would outweigh the text.
    return sum(1 for _ in _word_pattern(text).finditer(text))


# A sentence ends at . ! ? (or their full-width forms), closing quotes/brackets may follow, then
# whitespace (group 1) and something that can start a sentence. Matching the end mark itself,
# not looking behind for it, lets the regex engine skip ahead to the next end mark.
_SENTENCE_END = regex.compile(r"""[.!?。！？…]["'”’)\]]*(\s+)(?=["'“‘(\[]*[\p{Lu}\p{N}\p{Lo}])""")
# Words after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st jr sr co corp inc ltd no nos vol vs etc e.g i.e jan feb mar apr jun
    jul aug sep sept oct nov dec gen gov sen rep u.s u.k u.n a.m p.m fig approx dept est
    rev col lt sgt capt cmdr adm""".split()
)
_LONGEST_ABBREVIATION = max(map(len, _ABBREVIATIONS))
# The whole word before a full stop; looked for only in the few characters before it, since
# an abbreviation is short (a longer word does not match at all, and is no abbreviation).
_WORD_BEFORE = regex.compile(r"(?<![\p{L}.])([\p{L}.]+)\.$")
_ABBREVIATION_WINDOW = 16


class Span(NamedTuple):
    start: int
    end: int


def paragraphs(text: str) -> list[Span]:
    """Stretches of text between blank lines, without their surrounding whitespace."""
    spans: list[Span] = []
    pos = 0
    for brk in [*_PARAGRAPH_BREAK.finditer(text), None]:
        stop = brk.start() if brk else len(text)
        span = _strip(text, pos, stop)
        if span:
            spans.append(span)
        if brk:
            pos = brk.end()
    return spans


def sentences(text: str, paragraph: Span) -> list[Span]:
    """Sentences of one paragraph; never crosses the paragraph's ends."""
    spans: list[Span] = []
    pos = paragraph.start
    for m in _SENTENCE_END.finditer(text, paragraph.start, paragraph.end):
        gap, after = m.span(1)
        if text[gap - 1] == "." and _ends_in_abbreviation(
            text, max(pos, gap - _ABBREVIATION_WINDOW), gap
        ):
            continue
        # No space to strip: a sentence starts at the paragraph's start or where the look-ahead
        # saw a letter or an opening mark, and ends on its end mark.
        spans.append(Span(pos, gap))
        pos = after
    if pos < paragraph.end:
        spans.append(Span(pos, paragraph.end))
    return spans


def words(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    end = len(text) if end is None else end
    pattern = _word_pattern(text[start:end])
    return [Span(m.start(), m.end()) for m in pattern.finditer(text, start, end)]


def _ends_in_abbreviation(text: str, start: int, end: int) -> bool:
    """Whether the full stop just before `end` follows an abbreviation or an initial."""
    # Most sentences end on a word longer than any abbreviation, with no dot in it (nor
    # anywhere before it in the window: "U.S.Government." is a dotted form).
    before = end - 2 - _LONGEST_ABBREVIATION
    if before >= start and text[before : end - 1].isalpha() and "." not in text[start:before]:
        return False
    m = _WORD_BEFORE.search(text, start, end)
    if not m:
        return False
    word = m.group(1).lower()
    # Single letters are initials ("J. Smith"); dotted forms ("U.S.") are abbreviations.
    return word in _ABBREVIATIONS or len(word) == 1 or "." in word


def _strip(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if start < end else None
