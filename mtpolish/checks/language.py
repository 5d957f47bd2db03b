"""`language`: paragraphs in another language, found with langdetect.

langdetect is imported and its profiles loaded on first use only, under a lock, and seeded so
that the same text always gets the same answer.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from itertools import accumulate, chain
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from .. import lexicon
from ..document import Document
from ..rule import RuleBase
from .base import Check, Match

_lock = threading.Lock()
_factory: Any = None


class NgramProbabilities(dict):
    """langdetect's n-gram table (n-gram → its probability in each language), each row made on
    first lookup. langdetect makes all ~88,000 rows up front, in Python: 0.2-0.3 s, most of a
    small run, where a text needs a few thousand."""

    def __init__(self, profiles: list[dict[str, Any]]) -> None:
        super().__init__()
        self._profiles = [(p["freq"], p["n_words"]) for p in profiles]
        self._known = set().union(*(freq for freq, _ in self._profiles))

    def __contains__(self, ngram: object) -> bool:
        return ngram in self._known

    def __missing__(self, ngram: str) -> list[float]:
        if ngram not in self._known:
            raise KeyError(ngram)
        n = len(ngram)
        # As langdetect's `add_profile`: 0.0 for lengths it gives no probability.
        row = [
            1.0 * freq[ngram] / n_words[n - 1] if ngram in freq and 1 <= n <= 3 else 0.0
            for freq, n_words in self._profiles
        ]
        self[ngram] = row
        return row


def _detector_factory() -> Any:
    global _factory
    with _lock:
        if _factory is None:
            from langdetect import DetectorFactory, detector_factory

            DetectorFactory.seed = 0
            factory = DetectorFactory()
            profiles = _profiles(detector_factory.PROFILES_DIRECTORY)
            factory.langlist = [p["name"] for p in profiles]
            factory.word_lang_prob_map = NgramProbabilities(profiles)
            _factory = factory
    return _factory


def _profiles(folder: str) -> list[dict[str, Any]]:
    """langdetect's language profiles, in the order its own `load_profile` reads them; cached
    like the packs (a pickle reads in ~23 ms, the JSON files in ~40 ms, in every process that
    meets a paragraph langdetect must look at)."""
    import os

    from .. import packcache

    paths = [
        os.path.join(folder, name)
        for name in os.listdir(folder)
        if not name.startswith(".") and os.path.isfile(os.path.join(folder, name))
    ]
    return packcache.derived("langdetect-profiles", list(map(Path, paths)), partial(_read, paths))


def _read(paths: list[str]) -> list[dict[str, Any]]:
    import json

    found = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            found.append(json.load(f))
    return found


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


# A paragraph in which at least this share of the words are in the bundled English lexicon
# (function words, common words, verb forms) is English: langdetect is not asked (it costs
# about a millisecond a paragraph, most of a run on long English texts). MT news English has
# 30 % or more in 98.5 % of its paragraphs (names and numbers make up the rest); German, French,
# Spanish, Italian, Dutch or pinyin passages have 0-12 %.
ENGLISH_SHARE = 0.3


# A paragraph in which at least this share of the words are capitalised is a headline, a byline
# or a list of names: too little running text to tell its language (names fool langdetect),
# and an untranslated passage is running text. Caseless scripts count as running text.
NAMES_SHARE = 0.6


def mostly_names(words: list[str]) -> bool:
    capitalised = sum(map(str.istitle, words)) + sum(map(str.isupper, words))
    return capitalised >= NAMES_SHARE * len(words)


def plainly_english(words: list[str]) -> bool:
    known = sum(map(lexicon.english_words().__contains__, map(str.lower, words)))
    return english_share(known, len(words))


def english_share(known: int, words: int) -> bool:
    """Whether `known` lexicon words of `words` make a paragraph plainly English."""
    return words >= 4 and known >= ENGLISH_SHARE * words


class LanguageCheck(Check[Rule]):
    def prepare(self) -> None:
        _detector_factory()

    def find(self, doc: Document) -> Iterator[Match]:
        english_fine = "en" in self.rule.expected
        # Running totals over the sentences, of words and of lexicon words: a paragraph's are
        # two subtractions, from the lower-cased words other checks share.
        lower = doc.sentence_words_lower
        words = list(accumulate(map(len, lower), initial=0))
        if english_fine:
            english = lexicon.english_words().__contains__
            known = list(accumulate((sum(map(english, w)) for w in lower), initial=0))
        for paragraph in doc.paragraphs:
            if paragraph.end - paragraph.start < self.rule.min_chars:
                continue  # too short to hold enough letters
            held = doc.sentences_in(paragraph)
            count = words[held.stop] - words[held.start]
            if not count:
                continue  # no word at all
            if english_fine:
                if english_share(known[held.stop] - known[held.start], count):
                    continue
                if mostly_names(list(chain.from_iterable(doc.sentence_words[held]))):
                    continue
            text = doc.prose[paragraph.start : paragraph.end]
            if sum(map(str.isalpha, text)) < self.rule.min_chars:
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
