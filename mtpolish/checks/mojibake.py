"""`mojibake`: text decoded with the wrong encoding somewhere on its way ("cafÃ©", "â€œ").

Found and repaired with ftfy's `fix_encoding`, paragraph by paragraph; ftfy is imported only
when a paragraph holds a character that can be part of mojibake.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from functools import cache
from typing import Literal

import regex

from ..document import Document
from ..rule import RuleBase
from .base import Check, Match


class Rule(RuleBase):
    kind: Literal["mojibake"]


# Code point ranges that ftfy's test for mojibake (its `badness` pattern) cannot be set off by:
# ASCII, and what clean English and untranslated Chinese hold besides (typographic quotes and
# dashes, the ellipsis, bullet and degree sign, CJK punctuation, ideographs and full-width
# forms). A paragraph made of nothing else is left alone without importing ftfy (~40 ms) or
# running it; a test checks the ranges against every branch of ftfy's pattern.
HARMLESS = (
    (0x00, 0x7F),
    (0xB0, 0xB0),
    (0x2013, 0x2014),
    (0x2018, 0x2019),
    (0x201C, 0x201D),
    (0x2022, 0x2022),
    (0x2026, 0x2026),
    (0x3000, 0x303F),
    (0x4E00, 0x9FFF),
    (0xFF00, 0xFFEF),
)


@cache
def _suspect() -> regex.Pattern[str]:
    return regex.compile("[^" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in HARMLESS) + "]")


class MojibakeCheck(Check[Rule]):
    def find(self, doc: Document) -> Iterator[Match]:
        for paragraph in doc.paragraphs:
            text = doc.prose[paragraph.start : paragraph.end]
            if text.isascii() or not _suspect().search(text):
                continue
            from ftfy import fix_encoding

            fixed = fix_encoding(text)
            if fixed == text:
                continue
            # Flag each changed stretch with its repair, not the whole paragraph.
            matcher = difflib.SequenceMatcher(None, text, fixed, autojunk=False)
            for op, a, b, c, d in matcher.get_opcodes():
                if op != "equal" and b > a:
                    yield Match(paragraph.start + a, paragraph.start + b, (fixed[c:d],))
