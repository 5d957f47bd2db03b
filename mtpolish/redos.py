"""Refusing regular expressions that would blow up, before a rule file is accepted.

Two dangers, both cheap to spot at load time:

- **size**: counted repeats nested in counted repeats are expanded when compiled, so
  `((a{1000}){1000}){1000}` makes the `regex` module allocate until the process is killed;
- **catastrophic backtracking**: a repeat whose body can match the same text in many ways
  (`(a+)+`, `(\\w+\\s?)*`, `(a|aa)+`, `(\\w|\\d)+`) takes exponential time on a near-match.

Patterns are read with `regex_syntax` (which never fails; syntax it does not model is taken as
it guesses) and checked conservatively.
A rule whose pattern passes this check and still runs out of time on some text is skipped there
at run time (`RuleTimeoutWarning`); this check only keeps the obvious cases out of rule packs.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from . import regex_syntax
from .regex_syntax import Alt, Char, Group, Node, Repeat, Unknown

INF = -1  # an unbounded repeat's maximum

# Counted repeats nested this deep are expanded by the compiler: their product is its size.
MAX_REPEAT_PRODUCT = 10_000
# This many repeats in a row over the same characters (\w*\w*\w*) take time n**k per start.
MAX_ADJACENT_REPEATS = 3
# A repeat allowing more iterations than this can backtrack like an unbounded one.
LARGE = 10
# Characters standing for the classes in a pattern, to tell whether two classes overlap.
_PROBE_CHARS = (
    "aAzZeEiInNsStT019_ \t\n\r\u00a0\u3000.,;:!?'\"-()[]{}<>/\\@#$%^&*+=|~`"
    "éßÆ中文あア한ـ٣\u200b\u2019\u201c\u201d，。"
)


@functools.cache
def _probe(source: str) -> frozenset[str]:
    """The probe characters a one-character pattern matches (ignoring case, to be conservative)."""
    try:
        compiled = regex.compile(source, regex.IGNORECASE | regex.DOTALL | regex.V1)
    except (regex.error, ValueError, OverflowError):
        return frozenset(_PROBE_CHARS)  # unknown: assume it matches anything
    return frozenset(c for c in _PROBE_CHARS if compiled.fullmatch(c))


@dataclass(frozen=True, slots=True)
class Item:
    """One element of a sequence, as these checks see it: a character, a zero-width assertion
    (`None`) or a group, repeated `low` to `high` times."""

    node: Char | Alt | None
    low: int = 1
    high: int = 1  # INF: unbounded
    possessive: bool = False  # or atomic: never backtracked into

    @property
    def large(self) -> bool:
        return self.high == INF or self.high > LARGE


def _item(node: Node) -> Item:
    """The tree node as an item; unmodelled syntax is taken as the parser reads it."""
    while isinstance(node, Unknown):
        node = node.reading
    if isinstance(node, Repeat):
        inner = _item(node.body)
        high = INF if node.high is None else node.high
        possessive = node.mode == "possessive" or inner.possessive
        return Item(inner.node, node.low, high, possessive)
    if isinstance(node, Char):
        return Item(node)
    if isinstance(node, Group):
        return Item(node.body, possessive=node.kind == "atomic")
    return Item(None)  # Assertion, Flags, Look


def _alts(group: Alt) -> list[list[Item]]:
    return [[_item(node) for node in branch.items] for branch in group.branches]


def problem(pattern: str) -> str | None:
    """Why `pattern` is refused, or None. Never raises, whatever the pattern."""
    tree = regex_syntax.parse(pattern)
    size = _largest_product(tree)
    if size > MAX_REPEAT_PRODUCT:
        return (
            f"counted repeats of groups expand to {size} copies when compiled "
            f"(at most {MAX_REPEAT_PRODUCT})"
        )
    why = _catastrophic(tree)
    if why:
        return f"catastrophic backtracking: {why}"
    return None


def _largest_product(group: Alt, nested: bool = False) -> int:
    """The largest product of repeat counts along a path of nested repeats (a counted repeat of
    one character on its own is cheap: only repeats inside repeated groups multiply)."""
    best = 1
    for alt in _alts(group):
        for item in alt:
            count = max(item.low if item.high == INF else item.high, 1)
            if isinstance(item.node, Alt):
                inner = _largest_product(item.node, nested=nested or count > 1)
                best = max(best, count * inner if count > 1 or nested else inner)
            elif nested:
                best = max(best, count)
    return best


def _catastrophic(group: Alt) -> str | None:
    for alt in _alts(group):
        if _adjacent_repeats(alt) >= MAX_ADJACENT_REPEATS:
            return (
                f"{MAX_ADJACENT_REPEATS} or more repeats in a row over the same characters "
                "(as in \\w*\\w*\\w*) take polynomial time"
            )
        for item in alt:
            if not isinstance(item.node, Alt):
                continue
            if item.large and not item.possessive:
                why = _ambiguous_body(item.node)
                if why:
                    return why
            why = _catastrophic(item.node)
            if why:
                return why
    return None


def _adjacent_repeats(alt: list[Item]) -> int:
    """The longest run of large repeats of single characters, each overlapping the one before,
    with nothing but optional items between them: each can take any share of the same text."""
    longest = run = 0
    previous: frozenset[str] = frozenset()
    for item in alt:
        if isinstance(item.node, Char) and item.large and not item.possessive:
            chars = _probe(item.node.source)
            if previous & chars:
                run += 1
            elif item.low == 0 and run:  # "\s*" between two "\w+": skipped over
                continue
            else:
                run = 1
            previous = chars
            longest = max(longest, run)
        elif not _nullable(item):
            run, previous = 0, frozenset()
    return longest


def _ambiguous_body(body: Alt) -> str | None:
    """Why repeating `body` lets one text be split into iterations in many ways, or None."""
    for alt in _alts(body):
        if _pumpable(alt):
            return "a repeated group's body is itself a repeat (as in (a+)+ or (\\w+\\s?)*)"
    singles = [_single_chars(alt) for alt in _alts(body)]
    for i, a in enumerate(singles):
        for b in singles[i + 1 :]:
            if a is not None and b is not None and a & b:
                return (
                    "two alternatives of a repeated group match the same character "
                    "(as in (\\w|\\d)+)"
                )
    literals = [_literal(alt) for alt in _alts(body)]
    words = [w.lower() for w in literals if w]
    if len(set(words)) < len(words):
        return "two alternatives of a repeated group are the same text (as in (a|a)+)"
    for i, word in enumerate(words):
        others = words[:i] + words[i + 1 :]
        if _segmentable(word, others):
            return "an alternative of a repeated group is made of the others (as in (a|aa)+)"
    return None


def _pumpable(alt: list[Item]) -> bool:
    """Whether `alt` is one large repeat with only optional things around it."""
    for i, item in enumerate(alt):
        others = alt[:i] + alt[i + 1 :]
        if not all(_nullable(o) for o in others):
            continue
        if item.possessive:
            continue
        if item.large and _matches_something(item):
            return True
        if isinstance(item.node, Alt) and any(_pumpable(a) for a in _alts(item.node)):
            return True
    return False


def _nullable(item: Item) -> bool:
    if item.low == 0 or item.node is None:
        return True
    if isinstance(item.node, Alt):
        return any(all(_nullable(i) for i in alt) for alt in _alts(item.node))
    return False


def _matches_something(item: Item) -> bool:
    if isinstance(item.node, Char):
        return True
    if isinstance(item.node, Alt):
        return any(any(_matches_something(i) for i in alt) for alt in _alts(item.node))
    return False


def _single_chars(alt: list[Item]) -> frozenset[str] | None:
    """The characters of an alternative that is exactly one character, else None."""
    chars = [i for i in alt if i.node is not None]
    if len(chars) == 1 and isinstance(chars[0].node, Char) and chars[0].low == chars[0].high == 1:
        return _probe(chars[0].node.source)
    return None


def _literal(alt: list[Item]) -> str | None:
    out = []
    for item in alt:
        node = item.node
        if not isinstance(node, Char) or item.low != 1 or item.high != 1:
            return None
        source = node.source
        if len(source) == 1 and source not in ".":
            out.append(source)
        elif len(source) == 2 and source[0] == "\\" and not source[1].isalnum():
            out.append(source[1])
        else:
            return None
    return "".join(out)


def _segmentable(word: str, parts: list[str]) -> bool:
    """Whether `word` is a concatenation of two or more of `parts` (the word-break problem)."""
    if not parts:
        return False
    reachable = [False] * (len(word) + 1)
    reachable[0] = True
    for i in range(len(word)):
        if reachable[i]:
            for p in parts:
                if p and word.startswith(p, i) and len(p) < len(word):
                    reachable[i + len(p)] = True
    return reachable[len(word)]
