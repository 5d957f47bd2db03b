"""`language`: paragraphs in another language, found with langdetect.

langdetect is imported and its profiles loaded on first use only, under a lock, and seeded so
that the same text always gets the same answer.
"""

from __future__ import annotations

import struct
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

    def __init__(self, languages: int, packed: dict[str, bytes]) -> None:
        """`packed`: each n-gram's probabilities where not 0.0 (see `_pack`)."""
        super().__init__()
        self._languages = languages
        self._packed = packed

    def __contains__(self, ngram: object) -> bool:
        return ngram in self._packed

    def __missing__(self, ngram: str) -> list[float]:
        packed = self._packed[ngram]  # a KeyError for an unknown n-gram, as a dict's
        count = len(packed) // _PAIR.size
        values = struct.unpack(f"<{count}H{count}d", packed)
        row = [0.0] * self._languages
        for index, probability in zip(values[:count], values[count:], strict=True):
            row[index] = probability
        self[ngram] = row
        return row


_PAIR = struct.Struct("<Hd")  # a language's number, the n-gram's probability in it


def _detector_factory() -> Any:
    global _factory
    with _lock:
        if _factory is None:
            from langdetect import DetectorFactory, detector_factory

            DetectorFactory.seed = 0
            factory = DetectorFactory()
            names, packed = _table(detector_factory.PROFILES_DIRECTORY)
            factory.langlist = names
            factory.word_lang_prob_map = NgramProbabilities(len(names), packed)
            _factory = factory
    return _factory


def _table(folder: str) -> tuple[list[str], dict[str, bytes]]:
    """The languages of langdetect's profiles, in the order its own `load_profile` reads
    them, and the n-gram table they make, packed; cached like the packs. 88,000 short byte
    strings read back in ~12 ms; the profiles themselves (184,000 counts) took ~27 ms, in
    every process that meets a paragraph langdetect must look at."""
    import os

    from .. import packcache

    paths = [
        os.path.join(folder, name)
        for name in os.listdir(folder)
        if not name.startswith(".") and os.path.isfile(os.path.join(folder, name))
    ]
    return packcache.derived("langdetect-table", list(map(Path, paths)), partial(_pack, paths))


def _pack(paths: list[str]) -> tuple[list[str], dict[str, bytes]]:
    """As langdetect's `add_profile`: an n-gram's probability in a language is its count over
    the language's count of n-grams of its length; lengths outside 1-3 get none (0.0)."""
    import json

    names: list[str] = []
    rows: dict[str, list[tuple[int, float]]] = {}
    for index, path in enumerate(paths):
        with open(path, encoding="utf-8") as f:
            profile = json.load(f)
        names.append(profile["name"])
        n_words = profile["n_words"]
        for ngram, count in profile["freq"].items():
            row = rows.setdefault(ngram, [])
            if 1 <= len(ngram) <= 3:
                row.append((index, 1.0 * count / n_words[len(ngram) - 1]))
    packed = {
        ngram: struct.pack(f"<{len(row)}H{len(row)}d", *(i for i, _ in row), *(p for _, p in row))
        for ngram, row in rows.items()
    }
    return names, packed


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
