"""`mojibake`: text decoded with the wrong encoding somewhere on its way ("cafÃ©", "â€œ").

Found and repaired with ftfy's `fix_encoding`, paragraph by paragraph; ftfy is imported only
when a paragraph holds non-ASCII text.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Literal

from ..document import Document
from ..rule import RuleBase
from .base import Check, Match


class Rule(RuleBase):
    kind: Literal["mojibake"]


class MojibakeCheck(Check[Rule]):
    def find(self, doc: Document) -> Iterator[Match]:
        for paragraph in doc.paragraphs:
            text = doc.prose[paragraph.start : paragraph.end]
            if text.isascii():
                continue  # mojibake is made of non-ASCII characters
            from ftfy import fix_encoding

            fixed = fix_encoding(text)
            if fixed == text:
                continue
            # Flag each changed stretch with its repair, not the whole paragraph.
            matcher = difflib.SequenceMatcher(None, text, fixed, autojunk=False)
            for op, a, b, c, d in matcher.get_opcodes():
                if op != "equal" and b > a:
                    yield Match(paragraph.start + a, paragraph.start + b, (fixed[c:d],))
