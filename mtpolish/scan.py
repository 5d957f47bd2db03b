"""One Aho–Corasick pass over a document finds every literal the rules depend on.

The text is scanned in a normalised form: lower case (with the few letters that `regex`
case-folds differently mapped together), straight quotes for curly ones, and every separator
that a phrase's space may match (a run of whitespace, or a hyphen with whitespace around it)
collapsed to one space. Offsets of hits are mapped back to the original text.

Checks register literals with `Scanner.add`; `Scanner.scan` returns `Hits`, which tells each
check whether any of its literals occurs and where in the original text they start. The
scanner only narrows where patterns run: every check still confirms each candidate with its own
regular expression, so hits may be too many but never too few.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick
import regex

from ._folds import FOLDS

# Text that is not a single plain space between words but may separate a phrase's words:
# stdlib `re` finds it fastest, and its `\s` covers all of `regex`'s (checked in the tests).
_UNUSUAL = re.compile(r"[^\S ]|-| [\s-]")
_RUN = re.compile(r"[\s-]+")
# What a space in a phrase matches (see checks.base.phrases_pattern), segmenting a run exactly
# as a phrase's regular expression would.
SEPARATOR = regex.compile(r"\s*-\s*|\s+")
_FOLDABLE = tuple(map(chr, FOLDS))
_QUOTES = (("’", "'"), ("“", '"'), ("”", '"'))


def normalise_literal(literal: str) -> str:
    """A literal as it appears in the scanned text (separators must already be single spaces)."""
    out = literal.lower().translate(FOLDS)
    for curly, straight in _QUOTES:
        out = out.replace(curly, straight)
    return out


@dataclass(frozen=True, slots=True)
class ScanText:
    """The normalised text and the map from its offsets back to the original's."""

    text: str
    # Segment starts in the normalised text, and the same points in the original text.
    starts: list[int]
    origins: list[int]

    def original(self, offset: int) -> int:
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.origins[i] + offset - self.starts[i]


def scan_text(text: str) -> ScanText | None:
    """`text` normalised for scanning, or None where lower-casing changes its length (`İ`):
    offsets could not be mapped, so callers run every pattern unfiltered."""
    low = text.lower()
    if len(low) != len(text):
        return None
    # One substring search per foldable letter: memchr-fast, unlike a character class (25x).
    if not low.isascii() and any(c in low for c in _FOLDABLE):
        low = low.translate(FOLDS)
    for curly, straight in _QUOTES:
        if curly in low:
            low = low.replace(curly, straight)
    starts, origins = [0], [0]
    pieces: list[str] = []
    pos = 0  # in the original
    shift = 0  # original offset minus normalised offset
    found = _UNUSUAL.search(low)
    while found:
        run = _RUN.match(low, found.start())
        assert run is not None  # _UNUSUAL only matches separator characters
        start, end = run.span()
        pieces.append(low[pos:start])
        at = start
        for sep in SEPARATOR.finditer(low, start, end):
            pieces.append(low[at : sep.start()])  # characters `regex` does not see as space
            pieces.append(" ")
            at = sep.end()
            shift += sep.end() - sep.start() - 1
            starts.append(sep.end() - shift)
            origins.append(sep.end())
        pieces.append(low[at:end])
        pos = end
        found = _UNUSUAL.search(low, end)
    if pos == 0:
        return ScanText(low, starts, origins)
    pieces.append(low[pos:])
    return ScanText("".join(pieces), starts, origins)


class Hits:
    """What one scan found, per registered owner (a check)."""

    def __init__(
        self,
        found: dict[int, list[int]],
        modes: dict[object, str],
        owners_of: dict[int, list[object]],
        also: dict[object, list[int]],
    ) -> None:
        self._found = found  # literal number → original start offsets
        self._modes = modes  # owner → "leading" or "required"
        self._also = also  # "leading" owner → numbers of the literals its matches also contain
        # Owner → the numbers of its literals found, gathered from the few literals a text
        # holds rather than from each owner's (possibly long) list. A literal that only narrows
        # further (`also`) has no owners of its own.
        self._by_owner: dict[object, list[int]] = {}
        for number in found:
            for owner in owners_of.get(number, ()):
                self._by_owner.setdefault(owner, []).append(number)

    def active(self) -> set[int]:
        """The ids of the owners at least one of whose literals occurs."""
        return set(map(id, self._by_owner))

    def lookup(self, owner: object) -> tuple[str, list[int]] | None:
        """(mode, original offsets where one of the owner's literals starts, ascending), or None
        for an owner the scanner does not know."""
        mode = self._modes.get(owner)
        if mode is None:
            return None
        numbers = self._by_owner.get(owner)
        also = self._also.get(owner)
        if not numbers or (also is not None and not any(k in self._found for k in also)):
            return mode, []  # none of its literals, or not the one it must also contain
        return mode, self._offsets(numbers)

    def also(self, owner: object) -> list[int] | None:
        """For a "leading" owner whose matches must also contain one of other literals, where
        those start (ascending); None for other owners."""
        numbers = self._also.get(owner)
        return None if numbers is None else self._offsets(numbers)

    def _offsets(self, numbers: list[int]) -> list[int]:
        numbers = [k for k in numbers if k in self._found]
        if len(numbers) == 1:
            return self._found[numbers[0]]
        offsets: set[int] = set()
        for k in numbers:
            offsets.update(self._found[k])
        return sorted(offsets)


class Scanner:
    """Literals of many checks in one automaton."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}
        self._modes: dict[object, str] = {}
        self._owners_of: dict[int, list[object]] = {}
        self._also: dict[object, list[int]] = {}
        self._automaton: ahocorasick.Automaton | None = None

    def add(
        self,
        owner: object,
        literals: Iterable[str],
        mode: str,
        also: Iterable[str] | None = None,
    ) -> None:
        """Look for `literals` on behalf of `owner`: "leading" if every match of the owner's
        pattern starts with one of them, "required" if it merely contains one. A "leading"
        owner may give `also`: literals one of which every match contains as well, so that a
        text (or paragraph) without any of them need not be tried at all."""
        self._modes[owner] = mode
        for number in map(self._number, literals):
            owners = self._owners_of.setdefault(number, [])
            if owner not in owners:
                owners.append(owner)
        if also is not None:
            self._also[owner] = sorted(set(map(self._number, also)))
        self._automaton = None

    def _number(self, literal: str) -> int:
        return self._numbers.setdefault(normalise_literal(literal), len(self._numbers))

    def __len__(self) -> int:
        return len(self._modes)

    def owners(self) -> set[int]:
        """The ids of every registered owner."""
        return {id(o) for o in self._modes}

    def build(self) -> None:
        """Build the automaton now rather than on the first scan (before pickling)."""
        self._built()

    def _built(self) -> ahocorasick.Automaton | None:
        if self._automaton is None and self._numbers:
            automaton = ahocorasick.Automaton()
            for key, number in self._numbers.items():
                automaton.add_word(key, (number, len(key)))
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def scan(self, text: str) -> Hits | None:
        """Hits in `text`, or None if it cannot be scanned (then run everything)."""
        automaton = self._built()
        if automaton is None:
            return Hits({}, self._modes, self._owners_of, self._also)
        normal = scan_text(text)
        if normal is None:
            return None
        found: dict[int, list[int]] = {}
        plain = len(normal.starts) == 1
        for end, (number, length) in automaton.iter(normal.text):
            start = end - length + 1
            found.setdefault(number, []).append(start if plain else normal.original(start))
        return Hits(found, self._modes, self._owners_of, self._also)
