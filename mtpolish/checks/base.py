"""The interface every rule kind implements, and the pattern fields several kinds share."""

from __future__ import annotations

import bisect
import re
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Generic, TypeVar

import regex
from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from .. import packcache
from ..document import Document
from ..literals import NOTHING, Literals, literals, starts_word
from ..rule import RuleBase

# Seconds a single pattern may run over one document before the rule is skipped there, plus
# this much per megabyte searched: the limit is there to stop runaway backtracking, not to
# fail a slow but linear pattern on a long document.
PATTERN_TIMEOUT = 2.0
PATTERN_TIMEOUT_PER_MB = 4.0
# Trying a pattern at one candidate costs about as much as letting `regex` scan this many
# characters itself (measured on news text: ~1.5 µs a call against ~70 MB/s); with more
# candidates than that, one plain scan is cheaper, and gives the same matches.
DENSE_CANDIDATES = 100


@dataclass(frozen=True, slots=True)
class Match:
    """A span a rule flags, with its replacements and, if the kind words it, its own message."""

    start: int
    end: int
    suggestions: tuple[str, ...] = ()
    message: str | None = None


R = TypeVar("R", bound=RuleBase)


class Check(ABC, Generic[R]):
    """A compiled rule: built once from its validated model, then run on many documents.

    Checks keep no state between documents, so one engine can serve many threads.
    """

    def __init__(self, rule: R) -> None:
        self.rule = rule

    @abstractmethod
    def find(self, doc: Document) -> Iterable[Match]:
        """Spans of `doc` this rule flags; they are searched in `doc.prose`."""

    def prepare(self) -> None:
        """Do the work otherwise done on first use (see `Engine.warm`). Default: nothing."""

    def literals(self) -> Literals:
        """Literals the engine's one-pass scan should look for on this check's behalf, so that
        `find` can skip text where it cannot match (see `find_narrowed`). Default: none."""
        return NOTHING

    def leading_allowed(self) -> bool:
        """Whether `find` may try its pattern only where a leading literal starts (False for
        checks that need every match in ranges of their own, such as `density`)."""
        return True

    def expression(self) -> tuple[str, bool] | None:
        """(regular expression, ignore case) that every match of this check is a match of, for
        the Hyperscan prefilter (see `prefilter`), whose answer `find` then consults through
        `doc.ends`. Default: None (not prefiltered)."""
        return None


# `regex` parses patterns in Python (~0.4 ms each, 0.4 s for the bundled packs), but a compiled
# pattern pickles with its compiled code, so one read back from the cache skips all of that
# (the cache's key covers the regex version, whose code format this is). Written by
# `Engine.warm` and at the end of a run (`engine.flush_caches`), not after every check.
PATTERNS = packcache.Memo("patterns", limit=5000)


def compile_pattern(pattern: str, ignore_case: bool) -> regex.Pattern[str]:
    # A pattern with nothing that has case matches the same without IGNORECASE, which makes
    # `regex` compare every character as folded: 4x slower on punctuation such as quotes.
    flags = regex.IGNORECASE if ignore_case and has_case(pattern) else 0
    return PATTERNS.get(f"{flags}:{pattern}", lambda _: regex.compile(pattern, flags))


# Escapes that stand for no particular letter: what they match is closed under case (tested).
CASELESS_ESCAPES = frozenset("sSdDwWbBAZrntfv")


def has_case(pattern: str) -> bool:
    """Whether IGNORECASE may change what `pattern` matches: it holds a character that has
    another case (a letter, "Ⓐ", "Ⅰ"), or a construct this test does not look into: a range
    (it may span letters), a back-reference, any other escape ("\\p{Lu}", "\\x41"), inline
    flags, group names, POSIX classes."""
    escaped = False
    for c in pattern:
        if escaped:
            escaped = False
            if c in CASELESS_ESCAPES:
                continue
            if c.isascii() and c.isalnum():
                return True
        elif c == "\\":
            escaped = True
            continue
        elif c == "-":
            return True
        if c.isalpha() or c.lower() != c or c.upper() != c or c.casefold() != c:
            return True
        if not c.isascii() and unicodedata.category(c) == "Cn":
            return True  # unassigned in this Python's Unicode: `regex`'s, newer, may case it
    return False


def phrases_pattern(phrases: list[str]) -> str:
    """One alternation for literal phrases, longest first so the longest match wins."""
    return "|".join(_phrase_regex(p) for p in sorted(set(phrases), key=lambda p: (-len(p), p)))


def _phrase_regex(phrase: str) -> str:
    out: list[str] = []
    for c in phrase.strip():
        if c.isspace():
            if not out or out[-1] != r"(?:\s*-\s*|\s+)":
                out.append(r"(?:\s*-\s*|\s+)")
        elif c in "'’":
            out.append("['’]")
        elif c in '"“”':
            out.append('["“”]')
        elif c == "-":
            out.append(r"(?:\s*-\s*|\s+)")
        else:
            out.append(regex.escape(c))
    body = "".join(out)
    text = phrase.strip()
    head = r"\b" if text[:1].isalnum() else ""
    tail = r"\b" if text[-1:].isalnum() else ""
    return f"{head}{body}{tail}"


def timeout_for(length: int) -> float:
    return PATTERN_TIMEOUT + PATTERN_TIMEOUT_PER_MB * length / 1_000_000


def finditer(pattern: regex.Pattern[str], text: str, start: int = 0, end: int | None = None):
    end = len(text) if end is None else end
    return pattern.finditer(text, start, end, timeout=timeout_for(end - start))


def phrase_key(phrase: str) -> str | None:
    """The phrase as it appears in scanned text (words joined by single spaces), or None if its
    regular expression is not a plain sequence of words and single separators (" -", "--")."""
    text = phrase.strip()
    # stdlib `re`: its `\s` is `str.isspace`, which `_phrase_regex` uses.
    if text.startswith("-") or text.endswith("-") or re.search(r"\s-|--", text):
        return None
    return " ".join(w for w in re.split(r"[\s-]+", text) if w)


def search_plan(doc: Document, owner: object) -> tuple[str, list[int]] | None:
    """How the engine's literal scan narrows `owner`'s pattern on `doc` (see `scan.Hits`)."""
    return doc.hits.lookup(owner) if doc.hits is not None else None


WORD_CHAR = regex.compile(r"\w")


def find_narrowed(
    compiled: Callable[[], regex.Pattern[str]],
    doc: Document,
    owner: object,
    word_start: bool = False,
) -> Iterator[regex.Match[str]]:
    """The matches of the pattern in `doc.prose`, none crossing a blank line, trying the pattern
    only where the scans say a match may be: nowhere if none of its literals occurs, or if the
    Hyperscan prefilter saw no possible match; only in the paragraphs holding a required literal
    (and a possible match's end); only where a leading literal starts (and, with `word_start`,
    starts a word). `compiled` is called only if the pattern runs, so a pattern that cannot
    match is never even compiled."""
    plan = search_plan(doc, owner)
    ends = doc.ends.lookup(owner) if doc.ends is not None else None
    if ends is not None:  # the Hyperscan prefilter's word (see `prefilter`)
        if not ends:
            return
        if plan is None:
            yield from _within_paragraphs(doc, around_ends(compiled(), doc, ends))
            return
        plan = plan[0], doc.in_paragraphs_of(plan[1], ends)  # where it and the literals agree
    if plan is None:
        yield from _within_paragraphs(doc, finditer(compiled(), doc.prose))
        return
    mode, starts = plan
    also = doc.hits.also(owner) if doc.hits is not None else None
    if also is not None:  # leading literals count only in paragraphs with a required one
        starts = doc.in_paragraphs_of(starts, also)
    if not starts:
        return
    pattern = compiled()
    if len(starts) * DENSE_CANDIDATES > len(doc.prose):
        yield from _within_paragraphs(doc, finditer(pattern, doc.prose))
        return
    if mode == "required":
        for paragraph in doc.paragraphs_at(starts):
            yield from finditer(pattern, doc.prose, *paragraph)
        return
    after = 0
    prose, paragraphs = doc.prose, doc.paragraphs
    for start in starts:
        if start < after:
            continue  # inside the previous match: finditer would not look here either
        if word_start and start and WORD_CHAR.match(prose, start - 1):
            continue  # inside a word, where the pattern's leading `\b` fails
        # Tried up to the end of the start's paragraph, as in "required" mode: besides keeping
        # matches inside it, the bound matters for speed, since `regex` looks for a pattern's
        # required string from the start to the end of the text before trying (measured:
        # 200 µs a try on 1 MB, against 0.6 µs with the bound).
        i = doc.paragraph_index(start)
        if i < 0 or start >= paragraphs[i].end:
            continue  # outside every paragraph (literals start with no space: never so)
        m = pattern.match(prose, start, paragraphs[i].end, timeout=PATTERN_TIMEOUT)
        if m is not None and m.end() > m.start():
            yield m
            after = m.end()


def around_ends(
    pattern: regex.Pattern[str], doc: Document, ends: list[int]
) -> Iterator[regex.Match[str]]:
    """The matches that start in the stretches holding `ends` (ascending), each stretch being
    a paragraph with the space after it (where a rule without literals may match, such as
    indentation), or the space before the first. A run goes on to the end of the next
    paragraph, so that look-aheads and `$` see what they would in the whole prose."""
    starts, paragraphs, prose = doc.paragraph_starts, doc.paragraphs, doc.prose
    numbers = dict.fromkeys(map(partial(bisect.bisect_right, starts), ends))  # index + 1
    for n in numbers:  # stretch n runs from paragraph n - 1 up to paragraph n
        start = starts[n - 1] if n else 0
        stop = starts[n] if n < len(starts) else len(prose)
        end = paragraphs[n].end if n < len(starts) else len(prose)
        for m in finditer(pattern, prose, start, end):
            if m.start() >= stop:
                break
            yield m


def _within_paragraphs(
    doc: Document, matches: Iterator[regex.Match[str]]
) -> Iterator[regex.Match[str]]:
    """The matches that stay inside one paragraph: a phrase does not run across a blank line."""
    for m in matches:
        if "\n" not in m.group() or doc.paragraph_index(m.start()) == doc.paragraph_index(
            m.end() - 1
        ):
            yield m


class PatternFields(BaseModel):
    """`pattern` (a regex) or `phrases` (literals), validated when the rule file is read, and
    the context a match needs (`when`) or must not have (`unless`) in its sentence."""

    model_config = ConfigDict(defer_build=True)  # as `RuleBase`: built when a file is read

    pattern: str | None = None
    phrases: list[str] | None = None
    ignore_case: bool = True
    when: str | None = None
    unless: str | None = None

    @field_validator("when", "unless")
    @classmethod
    def _context_compiles(cls, value: str | None) -> str | None:
        if value is not None:
            check_regex(value)
        return value

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            check_regex(value)
        return value

    @field_validator("phrases")
    @classmethod
    def _not_blank(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and (not value or any(not p.strip() for p in value)):
            raise ValueError("phrases must be a non-empty list of non-blank strings")
        return value

    @model_validator(mode="after")
    def _pattern_or_phrases(self):
        if (self.pattern is None) == (self.phrases is None):
            raise ValueError("give either 'pattern' or 'phrases'")
        return self

    def expression(self) -> str:
        """The regular expression matched: `pattern`, or one made of `phrases`."""
        return self.pattern if self.pattern is not None else phrases_pattern(self.phrases or [])

    def compiled(self) -> regex.Pattern[str]:
        return compile_pattern(self.expression(), self.ignore_case)

    def context(self) -> Context | None:
        if self.when is None and self.unless is None:
            return None
        return Context(
            compile_pattern(self.when, self.ignore_case) if self.when is not None else None,
            compile_pattern(self.unless, self.ignore_case) if self.unless is not None else None,
        )

    def literals(self) -> Literals:
        """Literals that every match contains or starts with, for the engine's scan."""
        if self.pattern is not None:
            return literals(self.pattern)
        keys = [phrase_key(p) for p in self.phrases or []]
        if not keys or any(k is None for k in keys):
            return NOTHING
        found = frozenset(k for k in keys if k is not None)
        # `_phrase_regex` puts `\b` before a phrase that starts with a letter or digit.
        word_start = all(k[:1].isalnum() and starts_word(k) for k in found)
        return Literals(found, found, word_start)


@dataclass(frozen=True, slots=True)
class Context:
    """Conditions on the sentence around a match, tested only where the pattern matched: far
    cheaper than a look-behind at the start of a pattern, which runs at every position."""

    when: regex.Pattern[str] | None
    unless: regex.Pattern[str] | None

    def allows(self, doc: Document, start: int) -> bool:
        sentence = doc.sentence_at(start)
        timeout = timeout_for(sentence.end - sentence.start)
        if self.when and not self.when.search(doc.prose, *sentence, timeout=timeout):
            return False
        return not (self.unless and self.unless.search(doc.prose, *sentence, timeout=timeout))


def check_regex(value: str) -> regex.Pattern[str]:
    # Checked before compiling: some patterns exhaust memory in the compiler itself.
    from .. import redos  # only validation needs it, not a run with a cached engine

    why = redos.problem(value)
    if why:
        raise ValueError(f"refused regular expression {value!r}: {why}")
    try:
        return regex.compile(value)
    except (regex.error, OverflowError, ValueError, RecursionError) as e:
        raise ValueError(f"bad regular expression {value!r}: {e}") from None


_GROUP_REF = regex.compile(r"\\(?:(\d+)|g<(\w+)>)")


def check_template(template: str, pattern: regex.Pattern[str]) -> None:
    for m in _GROUP_REF.finditer(template):
        ref = m.group(1) or m.group(2)
        known = int(ref) <= pattern.groups if ref.isdigit() else ref in pattern.groupindex
        if not known:
            raise ValueError(
                f"suggestion {template!r} refers to group {ref!r}, which the pattern lacks"
            )


def expand(template: str, match: regex.Match[str]) -> str:
    """Fill `\\1` and `\\g<name>` from the match; everything else is literal."""
    if "\\" not in template:
        return template  # most suggestions: no call into the regex engine

    def group(m: regex.Match[str]) -> str:
        ref = m.group(1) or m.group(2)
        return match.group(int(ref) if ref.isdigit() else ref) or ""

    return _GROUP_REF.sub(group, template)
