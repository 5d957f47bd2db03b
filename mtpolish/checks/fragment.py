"""`fragment`: sentences that lost a part in translation, found with the bundled lexicon.

Each test is a small function over one sentence (or the whole prose, for comma splices); they
share the document's segmentation and never re-search the text for what they found.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cache
from itertools import compress, count
from typing import Literal

import regex
from pydantic import Field

from .. import lexicon
from ..document import Document
from ..rule import RuleBase
from ..segment import Span
from .base import Check, Match, timeout_for

Test = Literal["subjectless", "verbless", "dangling-end", "lowercase-start", "capital-after-comma"]

# What may follow a sentence-initial past-tense verb when the verb's subject was lost.
_OBJECT_STARTERS = ("determiners", "quantifiers", "pronouns-object")
# A sentence ends on one of these only when its end was cut off.
_DANGLING = frozenset(
    "a an the and or nor but of from into onto upon than among between towards toward via per "
    "its their our my your whose".split()
)
_AUXILIARIES = frozenset("was were had did could would should might must".split())
# Capitalised after a comma in titles and names, so not evidence of a merged sentence.
_TITLE_WORDS = frozenset(
    "director president minister secretary chairman chairwoman general deputy vice professor "
    "chief mayor governor head member dean manager editor reporter spokesman spokeswoman "
    "spokesperson ambassador commissioner premier chancellor leader founder".split()
)
# A capitalised word after a comma (it never leaves its line, so never its paragraph), not
# followed by another capitalised word in the paragraph (", The Paper"). Searched over the
# whole prose at once, and the word after tested up to the paragraph's end: 15x faster than
# searching paragraph by paragraph, where each search is a call.
_COMMA_CAPITAL = regex.compile(r",[^\S\r\n]+(\p{Lu}\p{Ll}+)\b")
_CAPITAL_NEXT = regex.compile(r"[-\s]+\p{Lu}")
_TERMINAL = regex.compile(r"""[.!?]["'”’)\]]*$""")


class Rule(RuleBase):
    kind: Literal["fragment"]
    test: Test
    min_words: int = Field(3, ge=1)


def _has_classes(word: str, classes: tuple[str, ...]) -> bool:
    groups = lexicon.function_words()
    word = lexicon.normal(word)
    return any(word in groups.get(name, ()) for name in classes)


def _is_verb(word: str) -> bool:
    lower = lexicon.normal(word)
    return (
        lower in lexicon.verb_forms()
        or _has_classes(lower, ("auxiliaries",))
        or (len(lower) > 4 and lower.endswith("ed"))
    )


def _subjectless(doc: Document, sentence: Span, words: list[str]) -> bool:
    if doc.prose[sentence.end - 1] == "?" or len(words) < 2:
        return False
    first, second = words[0].lower(), words[1].lower()
    if not words[0][0].isupper() or first in _AUXILIARIES:
        return False
    # Only a form that cannot be the base ("put", "set") nor a participle opening a clause.
    roles = lexicon.verb_forms().get(first, frozenset())
    if "past" not in roles or "base" in roles:
        return False
    if not (_has_classes(second, _OBJECT_STARTERS) or second.isdigit()):
        return False
    # "Asked the question, the minister paused": a participle clause, then its subject.
    text = doc.prose[sentence.start : sentence.end]
    after_comma = regex.search(r",\s+(\w+)", text)
    return not (
        after_comma
        and _has_classes(after_comma.group(1).lower(), ("determiners", "pronouns-subject"))
    )


def _verbless(doc: Document, sentence: Span, words: list[str]) -> bool:
    # Most sentences hold a listed verb form: a set test in C settles them.
    if not lexicon.verb_words().isdisjoint(map(str.lower, words)):
        return False
    text = doc.prose[sentence.start : sentence.end]
    return bool(_TERMINAL.search(text)) and not any(_is_verb(w) for w in words)


def _dangling_end(doc: Document, sentence: Span, words: list[str]) -> bool:
    text = doc.prose[sentence.start : sentence.end]
    return text.endswith(".") and words[-1].lower() in _DANGLING


def _lowercase_start(doc: Document, sentence: Span, words: list[str]) -> bool:
    first = words[0]
    starts_sentence = doc.prose[sentence.start : sentence.start + len(first)] == first
    # "iPhone", "eBay": lower case then a capital inside the word is a name.
    return starts_sentence and first[0].islower() and first.islower()


_SENTENCE_TESTS: dict[str, Callable[[Document, Span, list[str]], bool]] = {
    "subjectless": _subjectless,
    "verbless": _verbless,
    "dangling-end": _dangling_end,
    "lowercase-start": _lowercase_start,
}


@cache
def _past_not_base() -> frozenset[frozenset[str]]:
    """The sets of roles (a dozen, shared by the verb forms) of a past form that is no base."""
    roles = frozenset(lexicon.verb_forms().values())
    return frozenset(r for r in roles if "past" in r and "base" not in r)


def _firsts(words: list[list[str]]) -> list[str]:
    return [w[0] if w else "" for w in words]


# For each test, the sentences that can pass it, found for all sentences at once with set and
# string tests mapped in C (a condition each test requires): the test runs on those only.
_CANDIDATES: dict[str, Callable[[Document], Iterable[int]]] = {
    "subjectless": lambda doc: compress(
        count(),
        map(
            _past_not_base().__contains__,
            map(lexicon.verb_forms().get, _firsts(doc.sentence_words_lower)),
        ),
    ),
    "verbless": lambda doc: compress(
        count(), map(lexicon.verb_words().isdisjoint, doc.sentence_words_lower)
    ),
    "dangling-end": lambda doc: compress(
        count(), map(_DANGLING.__contains__, [w[-1] if w else "" for w in doc.sentence_words_lower])
    ),
    "lowercase-start": lambda doc: compress(count(), map(str.islower, _firsts(doc.sentence_words))),
}


class FragmentCheck(Check[Rule]):
    def find(self, doc: Document) -> Iterator[Match]:
        if self.rule.test == "capital-after-comma":
            yield from self._capital_after_comma(doc)
            return
        test = _SENTENCE_TESTS[self.rule.test]
        sentences, words = doc.sentences, doc.sentence_words
        if not sentences:
            return  # and the word lists the candidates need are not even loaded
        for i in _CANDIDATES[self.rule.test](doc):
            if len(words[i]) >= self.rule.min_words and test(doc, sentences[i], words[i]):
                yield Match(sentences[i].start, sentences[i].end)

    def _capital_after_comma(self, doc: Document) -> Iterator[Match]:
        common = lexicon.common_words()
        headline: dict[int, bool] = {}  # per sentence, worked out only where a comma matched
        for m in capitals_after_commas(doc):
            lower = lexicon.normal(m.group(1))
            if lower in _TITLE_WORDS or not (lexicon.is_function_word(lower) or lower in common):
                continue
            i = doc.sentence_index(m.start())
            if i < 0:
                continue
            if i not in headline:
                headline[i] = _title_case(doc.sentence_words[i])
            if not headline[i]:  # a headline capitalises after commas too
                yield Match(m.start(1), m.end(1), (lower,))


def capitals_after_commas(doc: Document) -> Iterator[regex.Match[str]]:
    """The capitalised words after commas (group 1) with no capitalised word after them in
    their paragraph."""
    prose, paragraphs = doc.prose, doc.paragraphs
    for m in _COMMA_CAPITAL.finditer(prose, timeout=timeout_for(len(prose))):
        paragraph_end = paragraphs[doc.paragraph_index(m.start())].end
        if not _CAPITAL_NEXT.match(prose, m.end(), paragraph_end):
            yield m


def _title_case(sentence_words: list[str]) -> bool:
    """Most words longer than three letters capitalised: a headline in title case."""
    words = [w for w in sentence_words if len(w) > 3]
    capitalised = sum(1 for w in words if w[0].isupper())
    return len(words) >= 3 and capitalised >= 0.6 * len(words)
