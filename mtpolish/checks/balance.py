"""`balance`: an opening mark without its closing one, or the reverse, within a paragraph
(quotes and brackets that lost their partner when a sentence was cut or merged)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import field_validator

from ..document import Document
from ..rule import RuleBase
from .base import Check, Match


class Rule(RuleBase):
    kind: Literal["balance"]
    # Each pair as two characters, opening then closing; the same character twice ('""') is a
    # mark that opens and closes in turn.
    pairs: list[str]

    @field_validator("pairs")
    @classmethod
    def _two_characters(cls, value: list[str]) -> list[str]:
        for pair in value:
            if len(pair) != 2:
                raise ValueError(f"a pair is two characters, opening and closing, not {pair!r}")
        return value


class BalanceCheck(Check[Rule]):
    def find(self, doc: Document) -> Iterator[Match]:
        prose = doc.prose
        for paragraph in doc.paragraphs:
            text = prose[paragraph.start : paragraph.end]
            for opening, closing in self.rule.pairs:
                if opening not in text and closing not in text:
                    continue
                for offset in _unmatched(text, opening, closing):
                    at = paragraph.start + offset
                    yield Match(at, at + 1)


def _unmatched(text: str, opening: str, closing: str) -> list[int]:
    """Offsets of the marks in `text` that have no partner."""
    if opening == closing:
        marks = [i for i, c in enumerate(text) if c == opening and not _apostrophe(text, i)]
        return marks[-1:] if len(marks) % 2 else []
    stack: list[int] = []
    lonely: list[int] = []
    for i, c in enumerate(text):
        if c == opening:
            stack.append(i)
        elif c == closing:
            if stack:
                stack.pop()
            else:
                lonely.append(i)
    return sorted(lonely + stack)


def _apostrophe(text: str, i: int) -> bool:
    """A straight single quote between letters is an apostrophe, not a quotation mark."""
    return (
        text[i] == "'" and 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()
    )
