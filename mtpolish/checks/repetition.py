"""`repetition`: a word or phrase repeated, back to back ("the the") or within a sentence or
paragraph ("daring to do ... daring to do")."""

from __future__ import annotations

import bisect
import operator
from collections import Counter
from collections.abc import Iterator
from itertools import accumulate, chain, compress, pairwise
from typing import Literal

from pydantic import Field, model_validator

from .. import lexicon
from ..document import Document
from ..rule import RuleBase
from ..segment import Span
from .base import Check, Match


class Rule(RuleBase):
    kind: Literal["repetition"]
    scope: Literal["adjacent", "sentence", "paragraph"] = "adjacent"
    min_words: int = Field(1, ge=1, le=12)
    max_words: int = Field(1, ge=1, le=12)
    ignore: list[str] = []
    skip_function_words: bool = True
    ignore_case: bool = True

    @model_validator(mode="after")
    def _sizes(self):
        if self.min_words > self.max_words:
            raise ValueError("min_words is larger than max_words")
        return self


def scopes_repeating(texts: list[list[str]], n: int) -> Iterator[int]:
    """The indexes of the word lists in which at least `n` words repeat an earlier one, found
    in C: the only ones where an n-gram can occur twice. (Its second place repeats the n words
    of its first; where the two overlap, with a period p < n, the p + n words hold at most p
    distinct ones.)"""
    repeats = map(operator.sub, map(len, texts), map(len, map(set, texts)))
    return compress(range(len(texts)), map(n.__le__, repeats))


class RepetitionCheck(Check[Rule]):
    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        fold = str.lower if rule.ignore_case else str
        self.ignored = {tuple(map(fold, p.split())) for p in rule.ignore}

    def find(self, doc: Document) -> Iterator[Match]:
        if self.rule.scope == "paragraph":
            scopes, words = doc.paragraphs, doc.paragraph_words
            texts = [list(map(str.lower, w)) for w in words] if self.rule.ignore_case else words
        else:
            # Adjacent repeats never cross a sentence end (its mark is punctuation between the
            # words), so sentences serve that scope too and share the document's word lists.
            scopes, words = doc.sentences, doc.sentence_words
            texts = doc.sentence_words_lower if self.rule.ignore_case else words
        if self.rule.scope == "adjacent":
            for i in self._adjacent_candidates(texts):
                # Rare: only now find where each word is (the same regex, so the same words).
                yield from self._adjacent(doc.prose, doc.tokens(scopes[i]), texts[i])
            return
        for i in scopes_repeating(texts, self.rule.min_words):
            keys = texts[i]
            if self._repeated_gram(keys) and (found := self._repeated(keys, words[i])):
                tokens = doc.tokens(scopes[i])
                for first, last in found:
                    yield Match(tokens[first].start, tokens[last].end)

    def _adjacent_candidates(self, texts: list[list[str]]) -> list[int]:
        """The scopes in which some n words equal the n words after them, for a size n the rule
        looks for: found in C over all words at once, as n equal pairs in a row at distance n."""
        words = list(chain.from_iterable(texts))
        firsts = list(accumulate(map(len, texts), initial=0))  # index of each scope's first word
        found: set[int] = set()
        for n in range(self.rule.min_words, self.rule.max_words + 1):
            same = bytes(map(operator.eq, words, words[n:]))
            run = b"\x01" * n
            at = same.find(run)
            while at >= 0:
                found.add(bisect.bisect_right(firsts, at) - 1)
                at = same.find(run, at + 1)
        return sorted(found)

    def _repeated_gram(self, keys: list[str]) -> bool:
        """Whether some n-gram of the smallest size occurs twice (any longer repeat holds one)."""
        n = self.rule.min_words
        grams = len(keys) - n + 1
        return grams > 1 and len(set(zip(*(keys[k:] for k in range(n)), strict=False))) < grams

    def _adjacent(self, text: str, tokens: list[Span], keys: list[str]) -> Iterator[Match]:
        i = 0
        while i < len(tokens):
            for n in range(self.rule.max_words, self.rule.min_words - 1, -1):
                first, second = keys[i : i + n], keys[i + n : i + 2 * n]
                if len(second) < n or first != second or tuple(first + second) in self.ignored:
                    continue
                if all(k.isdigit() for k in first):
                    continue
                if text[tokens[i].start].isupper() and text[tokens[i + n].start].isupper():
                    continue  # reduplicated names: "Ni Ni", "Li Li"
                span = tokens[i : i + 2 * n]
                gaps = (text[a.end : b.start] for a, b in pairwise(span))
                if any(gap.strip() for gap in gaps):  # punctuation: "very, very" is deliberate
                    continue
                kept = text[tokens[i].start : tokens[i + n - 1].end]
                yield Match(tokens[i].start, tokens[i + 2 * n - 1].end, (kept,))
                i += 2 * n - 1
                break
            i += 1

    def _repeated(self, keys: list[str], words: list[str]) -> list[tuple[int, int]]:
        """The repeats to report, as the indexes of their first and last words, in order."""
        covered: set[int] = set()  # word indexes already inside a reported phrase
        found: list[tuple[int, int]] = []
        # A repeated n-gram starts with a repeated gram of the smallest size, at each place it
        # occurs: only those places are looked at.
        least = self.rule.min_words
        smallest = [tuple(keys[i : i + least]) for i in range(len(keys) - least + 1)]
        counts = Counter(smallest)
        starts = [i for i, gram in enumerate(smallest) if counts[gram] > 1]
        for n in range(self.rule.max_words, least - 1, -1):
            # Most n-grams occur once: find the repeated ones first, then test only those.
            seen: dict[tuple[str, ...], list[int]] = {}
            for i in starts:
                if i + n <= len(keys):
                    seen.setdefault(tuple(keys[i : i + n]), []).append(i)
            places: dict[tuple[str, ...], list[int]] = {}
            for gram, at in seen.items():
                if len(at) > 1:
                    kept = [i for i in at if self._reportable(words, gram, i)]
                    if kept:
                        places[gram] = kept
            # Phrases that start and end on content words go first: "daring to act", not
            # "to act daring".
            ordered = sorted(
                (g for g, at in places.items() if len(at) > 1),
                key=lambda g: (
                    lexicon.is_function_word(g[0]) or lexicon.is_function_word(g[-1]),
                    places[g][0],
                ),
            )
            for gram in ordered:
                first = places[gram][0]
                for i in places[gram][1:]:
                    if i < first + n or covered.intersection(range(i, i + n)):
                        continue
                    covered.update(range(i, i + n))
                    covered.update(range(first, first + n))
                    found.append((i, i + n - 1))
        return sorted(found)

    def _reportable(self, words: list[str], gram: tuple[str, ...], i: int) -> bool:
        if gram in self.ignored or any(k.isdigit() for k in gram):
            return False
        if self.rule.skip_function_words and all(lexicon.is_function_word(k) for k in gram):
            return False
        # Names ("Zhejiang University") repeat for good reason; a sentence's first word may be
        # capitalised anyway.
        return not any(w[0].isupper() for w in words[max(i, 1) : i + len(gram)])
