"""The analysis behind `literals`: what literal text a regular expression's matches must
contain, and start with, read from its `regex_syntax` tree.

It understands literals, groups, alternation, quantifiers, small character classes and
zero-width assertions; it gives up (returns nothing to prefilter on) on what changes the meaning
of everything else (`\\K`, verbose mode), and reads other `Unknown` nodes (conditionals,
back-references) as "some text". A prefilter built from its answer may skip a pattern only
where the pattern provably cannot match, so every answer errs towards "run the pattern".

Imported only when a pattern is analysed (loading rule files), not on a run's path.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from . import lexicon, regex_syntax
from .literals import NOTHING, Literals, starts_word
from .regex_syntax import Alt, Assertion, Char, Flags, Group, Look, Node, Repeat, Seq

# Finite sets of strings grow by cross products; past this many, a node's exact set is dropped.
MAX_EXACT = 64
# Exact strings of a counted repeat are listed up to this count (`a{1000000}` is not spelled out).
MAX_REPEAT = 1000
# A literal of fewer characters is too common to be worth a lookup.
MIN_LITERAL = 3

# Inline flags that change nothing this reading relies on; others (verbose mode, full case
# folding, V1 sets...) may.
_SAFE_FLAGS = frozenset("imsuaL-")
_SEPARATORS = frozenset(" \t\n\r\f\v-")
_split = re.compile(r"[ \t\n\r\f\v-]").split


class Unsupported(Exception):
    """A construct this reader does not model; the pattern gets no prefilter."""


@dataclass(frozen=True, slots=True)
class Info:
    # Every string the node can match, if few (None: unknown or too many).
    exact: frozenset[str] | None
    # Any match of the node contains at least one of these (None: nothing known).
    required: frozenset[str] | None
    # Any match starts with one of these (None: nothing known); "" never appears.
    prefix: frozenset[str] | None


def analyse(pattern: str) -> Literals:
    try:
        tree = regex_syntax.parse(pattern)
        info = _info(tree)
    except Unsupported:
        return NOTHING
    leading = _usable(info.prefix)
    word_start = leading is not None and _at_word_start(tree) and all(map(starts_word, leading))
    return Literals(_usable(info.required), leading, word_start)


def _at_word_start(node: Node) -> bool:
    """Whether every match of `node` tests `\b` (Unicode, not ASCII) before consuming anything."""
    if isinstance(node, Seq):
        for item in node.items:
            if isinstance(item, Flags):
                if "a" in item.flags:
                    return False
            elif isinstance(item, Assertion) and item.source == "\\b":
                return True
            elif not isinstance(item, Assertion | Look):
                return _at_word_start(item)
        return False
    if isinstance(node, Alt):
        return all(map(_at_word_start, node.branches))
    if isinstance(node, Group):
        return "a" not in node.flags and _at_word_start(node.body)
    return False


def _usable(found: frozenset[str] | None) -> frozenset[str] | None:
    """Literals fit for lookup in whitespace-normalised text: no separator characters, and long
    enough to be selective. A set with any unusable member is unusable as a whole (a match might
    contain only that member)."""
    if not found:
        return None
    if any(len(s) < MIN_LITERAL or _SEPARATORS.intersection(s) for s in found):
        return None
    return found


def _best(*options: frozenset[str] | None) -> frozenset[str] | None:
    """Of several valid any-of sets, the most selective: no frequent word ("the"), then fewest
    members, each longest."""
    usable = [o for o in options if _usable(o)]
    if not usable:
        return next((o for o in options if o), None)
    return max(
        usable,
        key=lambda s: (not any(map(lexicon.is_frequent, s)), min(len(x) for x in s), -len(s)),
    )


def _selectivity(piece: str) -> tuple[bool, int]:
    return not lexicon.is_frequent(piece), len(piece)


def _split_tokens(strings: frozenset[str]) -> frozenset[str] | None:
    """Exact strings with separators in them ("old customers") → an any-of set of their
    most selective separator-free pieces ("customers"), each still contained in any match."""
    pieces = []
    for s in strings:
        parts = [p for p in _split(s) if p]
        if not parts:
            return None
        pieces.append(max(parts, key=_selectivity))
    return frozenset(pieces)


def _leading_piece(strings: frozenset[str]) -> frozenset[str] | None:
    """Exact strings → what every one starts with, cut at the first separator."""
    heads = frozenset(_split(s)[0] for s in strings)
    return heads if all(heads) else None


def _dedupe(strings: frozenset[str]) -> frozenset[str]:
    """Drop strings that contain another member: any match holding the longer holds the shorter."""
    return frozenset(s for s in strings if not any(o != s and o in s for o in strings))


EMPTY = Info(frozenset({""}), None, None)
ANY = Info(None, None, None)


def _concat(items: list[Info]) -> Info:
    if not items:
        return EMPTY
    # Runs of adjacent exact nodes multiply out into longer literals. They come first among the
    # candidates, so that on a tie a literal of the match itself wins over one a part needs
    # (a look-ahead's).
    runs: list[frozenset[str] | None] = []
    inner: list[frozenset[str] | None] = []
    exact: frozenset[str] | None = frozenset({""})
    run: frozenset[str] | None = frozenset({""})
    for item in items:
        inner.append(item.required)
        if item.exact is not None and run is not None and len(run) * len(item.exact) <= MAX_EXACT:
            run = frozenset(a + b for a, b in itertools.product(run, item.exact))
        else:
            if run and run != frozenset({""}):
                runs.append(_split_tokens(run))
            run = item.exact
        if exact is not None and item.exact is not None:
            product = len(exact) * len(item.exact)
            exact = (
                frozenset(a + b for a, b in itertools.product(exact, item.exact))
                if product <= MAX_EXACT
                else None
            )
        else:
            exact = None
    if run and run != frozenset({""}):
        runs.append(_split_tokens(run))
    required = _best(*[_dedupe(c) for c in [*runs, *inner] if c])
    return Info(exact, required, _concat_prefix(items))


def _concat_prefix(items: list[Info]) -> frozenset[str] | None:
    """What a sequence starts with: the exact strings of its leading exact nodes, cut at the
    first separator; or the prefix of its first node that cannot be empty."""
    run: frozenset[str] = frozenset({""})
    for item in items:
        if item.exact is None or len(run) * len(item.exact) > MAX_EXACT:
            if "" in run:
                # Nothing fixed before this node: its own prefix leads, if it has one and
                # everything before it was empty (zero-width).
                return item.prefix if run == frozenset({""}) else None
            return _leading_piece(run)
        run = frozenset(a + b for a, b in itertools.product(run, item.exact))
    if "" in run:
        return None
    return _leading_piece(run)


def _alternate(branches: list[Info]) -> Info:
    exact = None
    if all(b.exact is not None for b in branches):
        union = frozenset().union(*(b.exact for b in branches if b.exact is not None))
        exact = union if len(union) <= MAX_EXACT else None
    required = None
    if all(b.required for b in branches):
        required = _dedupe(frozenset().union(*(b.required for b in branches if b.required)))
    prefix = None
    if all(b.prefix for b in branches):
        prefix = frozenset().union(*(b.prefix for b in branches if b.prefix))
    return Info(exact, required, prefix)


def _repeat(item: Info, low: int, high: int | None) -> Info:
    if low == 0:
        if high == 1 and item.exact is not None:
            return Info(item.exact | {""}, None, None)
        return Info(None, None, None) if high != 0 else EMPTY
    if low == high == 1:
        return item
    exact = None
    if item.exact is not None and high == low <= MAX_REPEAT:
        # Built one copy at a time: the set never shrinks, so past MAX_EXACT it is dropped
        # before the product of `[ab]{30}` (2**30 strings) is ever listed.
        exact = frozenset({""})
        for _ in range(low):
            exact = frozenset(a + b for a, b in itertools.product(exact, item.exact))
            if len(exact) > MAX_EXACT:
                exact = None
                break
    return Info(exact, item.required, item.prefix)


def _info(node: Node) -> Info:
    if isinstance(node, Char):
        return _char_info(node)
    if isinstance(node, Assertion):
        return EMPTY
    if isinstance(node, Flags | Group) and not set(node.flags) <= _SAFE_FLAGS:
        raise Unsupported(node.flags)
    if isinstance(node, Flags):
        return EMPTY
    if isinstance(node, Look):
        body = _info(node.body)  # zero-width, but nothing in it may be unsupported either
        if node.behind or node.negative:
            return EMPTY
        # What a look-ahead needs is in the text after the match's start, in the same paragraph
        # (patterns are tried paragraph by paragraph): required for narrowing, never matched.
        return Info(EMPTY.exact, body.required, None)
    if isinstance(node, Group):
        return _info(node.body)
    if isinstance(node, Seq):
        return _concat([_info(item) for item in node.items])
    if isinstance(node, Alt):
        branches = [_info(branch) for branch in node.branches]
        return branches[0] if len(branches) == 1 else _alternate(branches)
    if isinstance(node, Repeat):
        return _repeat(_info(node.body), node.low, node.high)
    if node.source.startswith("\\K"):
        raise Unsupported(node.source)  # moves the match's start: no prefix can be trusted
    # Anything else not modelled (a conditional, a back-reference, a POSIX class) matches
    # some text we know nothing about: the literals around it stay required.
    return ANY


def _char_info(node: Char) -> Info:
    """A character, or a set of a few plain ones (`['’]`, `[sz]`, `[- ]`), is exact."""
    if node.chars is None or len(node.chars) > 8:
        return ANY
    lowered = frozenset(c.lower() for c in node.chars)
    if any(len(c) != 1 for c in lowered):
        raise Unsupported(node.source)  # "İ".lower() is two characters
    return Info(lowered, lowered, lowered)
