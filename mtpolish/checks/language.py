"""`language`: paragraphs in another language, found with langdetect.

langdetect is imported and its profiles loaded on first use only, under a lock, and seeded so
that the same text always gets the same answer.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import Field

from .. import segment
from ..document import Document
from ..rule import RuleBase
from .base import Check, Match

_lock = threading.Lock()
_factory: Any = None


def _detector_factory() -> Any:
    global _factory
    with _lock:
        if _factory is None:
            from langdetect import DetectorFactory, detector_factory

            DetectorFactory.seed = 0
            detector_factory.init_factory()
            _factory = detector_factory._factory
    return _factory


def detect(text: str) -> tuple[str, float] | None:
    """The most probable language of `text` and its probability, or None if undecidable."""
    from langdetect.lang_detect_exception import LangDetectException

    detector = _detector_factory().create()
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return None
    return best.lang, best.prob


class Rule(RuleBase):
    kind: Literal["language"]
    expected: list[str] = ["en"]
    min_chars: int = Field(40, ge=1)
    threshold: float = Field(0.9, gt=0, le=1)


class LanguageCheck(Check[Rule]):
    def find(self, doc: Document) -> Iterator[Match]:
        for paragraph in doc.paragraphs:
            text = doc.prose[paragraph.start : paragraph.end]
            letters = sum(c.isalpha() for c in text)
            if letters < self.rule.min_chars or not segment.WORD.search(text):
                continue
            found = detect(text)
            if not found:
                continue
            lang, prob = found
            if prob >= self.rule.threshold and not any(
                lang == e or lang.startswith(e + "-") for e in self.rule.expected
            ):
                message = self.rule.format_message(lang=lang, match=text)
                yield Match(paragraph.start, paragraph.end, (), message)
