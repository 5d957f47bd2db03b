"""What literal text a regular expression's matches must contain, for prefiltering.

A conservative reader of `regex` pattern syntax: it understands literals, groups, alternation,
quantifiers, small character classes and zero-width assertions, and gives up (returns nothing
to prefilter on) on anything else. A prefilter built from its answer may skip a pattern only
where the pattern provably cannot match, so every answer errs towards "run the pattern".

Literals are returned in lower case: callers look them up in lower-cased text, which is sound
for case-sensitive patterns too (it only finds more candidates).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from . import packcache

# Finite sets of strings grow by cross products; past this many, a node's exact set is dropped.
MAX_EXACT = 64
# A literal of fewer characters is too common to be worth a lookup.
MIN_LITERAL = 3

_ZERO_WIDTH_ESCAPES = set("bBAZzGmM")
_CLASS_ESCAPES = set("dDwWsSpPNXhHvVR")  # \K (reset the match start) is not modelled
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a", "e": "\x1b"}
_SEPARATORS = frozenset(" \t\n\r\f\v-")


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


@dataclass(frozen=True, slots=True)
class Literals:
    """What the prefilter may rely on for one pattern.

    `required`: every match contains one of these, so the pattern can be skipped on text holding
    none of them. `leading`: every match starts with one of these, so the pattern need only be
    tried where one of them starts.
    """

    required: frozenset[str] | None
    leading: frozenset[str] | None


NOTHING = Literals(None, None)


# The analysis costs about a millisecond a pattern; remembered across runs, start-up skips it.
MEMO = packcache.Memo("literals")


def literals(pattern: str) -> Literals:
    """The literals every match of `pattern` must contain and start with, where known."""
    return MEMO.get(pattern, _analyse)


def _analyse(pattern: str) -> Literals:
    try:
        parser = _Parser(pattern)
        info = parser.parse()
    except (Unsupported, IndexError):
        return NOTHING
    return Literals(_usable(info.required), _usable(info.prefix))


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
    """Of several valid any-of sets, the most selective: fewest members, each longest."""
    usable = [o for o in options if _usable(o)]
    if not usable:
        return next((o for o in options if o), None)
    return max(usable, key=lambda s: (min(len(x) for x in s), -len(s)))


def _split_tokens(strings: frozenset[str]) -> frozenset[str] | None:
    """Exact strings with separators in them ("old customers") → an any-of set of their
    longest separator-free pieces ("customers"), each still contained in any match."""
    pieces = []
    for s in strings:
        parts = [p for p in _split(s) if p]
        if not parts:
            return None
        pieces.append(max(parts, key=len))
    return frozenset(pieces)


def _split(s: str) -> list[str]:
    out, current = [], []
    for c in s:
        if c in _SEPARATORS:
            out.append("".join(current))
            current = []
        else:
            current.append(c)
    out.append("".join(current))
    return out


def _leading_piece(strings: frozenset[str]) -> frozenset[str] | None:
    """Exact strings → what every one starts with, cut at the first separator."""
    heads = frozenset(_split(s)[0] for s in strings)
    return heads if all(heads) else None


def _dedupe(strings: frozenset[str]) -> frozenset[str]:
    """Drop strings that contain another member: any match holding the longer holds the shorter."""
    return frozenset(s for s in strings if not any(o != s and o in s for o in strings))


EMPTY = Info(frozenset({""}), None, None)
ANY = Info(None, None, None)


def _char(c: str) -> Info:
    low = c.lower()
    if len(low) != 1:
        raise Unsupported(c)
    return Info(frozenset({low}), frozenset({low}), frozenset({low}))


def _concat(items: list[Info]) -> Info:
    if not items:
        return EMPTY
    # Runs of adjacent exact nodes multiply out into longer literals.
    candidates: list[frozenset[str] | None] = []
    exact: frozenset[str] | None = frozenset({""})
    run: frozenset[str] | None = frozenset({""})
    for item in items:
        candidates.append(item.required)
        if item.exact is not None and run is not None and len(run) * len(item.exact) <= MAX_EXACT:
            run = frozenset(a + b for a, b in itertools.product(run, item.exact))
        else:
            if run and run != frozenset({""}):
                candidates.append(_split_tokens(run))
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
        candidates.append(_split_tokens(run))
    required = _best(*[_dedupe(c) for c in candidates if c])
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
    if item.exact is not None and high is not None and high == low:
        exact = frozenset("".join(p) for p in itertools.product(item.exact, repeat=low))
        exact = exact if len(exact) <= MAX_EXACT else None
    return Info(exact, item.required, item.prefix)


class _Parser:
    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.i = 0

    def parse(self) -> Info:
        info = self._alternation()
        if self.i != len(self.p):
            raise Unsupported("unbalanced parenthesis")
        return info

    def _peek(self) -> str:
        return self.p[self.i] if self.i < len(self.p) else ""

    def _alternation(self) -> Info:
        branches = [self._sequence()]
        while self._peek() == "|":
            self.i += 1
            branches.append(self._sequence())
        return branches[0] if len(branches) == 1 else _alternate(branches)

    def _sequence(self) -> Info:
        items: list[Info] = []
        while self.i < len(self.p) and self._peek() not in "|)":
            atom = self._atom()
            items.append(self._quantified(atom))
        return _concat(items)

    def _quantified(self, atom: Info) -> Info:
        c = self._peek()
        if c and c in "*+?":
            self.i += 1
            low, high = {"*": (0, None), "+": (1, None), "?": (0, 1)}[c]
        elif c == "{" and self._brace():
            low, high = self._brace_bounds()
        else:
            return atom
        if self._peek() and self._peek() in "?+":  # lazy or possessive: the same strings
            self.i += 1
        return _repeat(atom, low, high)

    def _brace(self) -> bool:
        end = self.p.find("}", self.i)
        body = self.p[self.i + 1 : end] if end > 0 else ""
        return bool(body) and all(c.isdigit() or c == "," for c in body) and body.count(",") <= 1

    def _brace_bounds(self) -> tuple[int, int | None]:
        end = self.p.index("}", self.i)
        body = self.p[self.i + 1 : end]
        self.i = end + 1
        if "," not in body:
            return int(body), int(body)
        low, high = body.split(",")
        return int(low or 0), int(high) if high else None

    def _atom(self) -> Info:
        c = self.p[self.i]
        if c == "(":
            return self._group()
        if c == "[":
            return self._class()
        if c == "\\":
            return self._escape()
        self.i += 1
        if c in "^$":
            return EMPTY
        if c == ".":
            return ANY
        if c in "*+?{":
            raise Unsupported("quantifier without an atom")
        return _char(c)

    def _group(self) -> Info:
        p = self.p
        self.i += 1
        if p.startswith("?", self.i):
            rest = p[self.i + 1 :]
            if rest.startswith(("=", "!", "<=", "<!")):
                self.i += 2 if rest[0] in "=!" else 3
                self._alternation()
                self._close()
                return EMPTY  # zero-width: adds nothing to the match
            if rest.startswith((":", ">")):
                self.i += 2
            elif rest.startswith(("P<", "<")):
                self.i = p.index(">", self.i) + 1
            else:
                return self._flags()
        info = self._alternation()
        self._close()
        return info

    def _flags(self) -> Info:
        # (?i) (?m) (?s) and scoped (?i:...) change nothing we rely on; anything else (verbose
        # mode, conditionals, recursion, comments) is not modelled.
        j = self.i + 1
        while j < len(self.p) and self.p[j] in "imsuaL-":
            j += 1
        if j == self.i + 1 or j >= len(self.p) or self.p[j] not in "):":
            raise Unsupported("group")
        scoped = self.p[j] == ":"
        self.i = j + 1
        if not scoped:
            return EMPTY
        info = self._alternation()
        self._close()
        return info

    def _close(self) -> None:
        if self._peek() != ")":
            raise Unsupported("unclosed group")
        self.i += 1

    def _escape(self) -> Info:
        c = self.p[self.i + 1]
        self.i += 2
        if c in _ZERO_WIDTH_ESCAPES:
            return EMPTY
        if c in _CLASS_ESCAPES:
            if c in "pPN" and self._peek() == "{":
                self.i = self.p.index("}", self.i) + 1
            return ANY
        if c in _SIMPLE_ESCAPES:
            return _char(_SIMPLE_ESCAPES[c])
        if c.isalnum():  # back-references, \g<name>, \x.., \u....: not modelled
            raise Unsupported(f"\\{c}")
        return _char(c)

    def _class(self) -> Info:
        """A set of a few plain characters (`['’]`, `[sz]`, `[- ]`) is exact; others are ANY."""
        p = self.p
        j = self.i + 1
        negated = p.startswith("^", j)
        chars: list[str] = []
        first = True
        while j < len(p) and (p[j] != "]" or first):
            c = p[j]
            if c == "[" and p.startswith(("[:", "[="), j):
                raise Unsupported("POSIX class")
            if c == "\\":
                e = p[j + 1]
                if e in "pPN" and p.startswith("{", j + 2):
                    j = p.index("}", j) + 1
                    chars.append("\0any")
                    first = False
                    continue
                chars.append(
                    _SIMPLE_ESCAPES.get(e, e)
                    if not e.isalnum() or e in _SIMPLE_ESCAPES
                    else "\0any"
                )
                j += 2
            else:
                chars.append(c)
                j += 1
            first = False
        if j >= len(p):
            raise Unsupported("unclosed class")
        self.i = j + 1
        if negated or "\0any" in chars or "-" in chars[1:-1] or len(chars) > 8:
            return ANY  # ranges, negation and escapes: too many strings to list
        lowered = frozenset(c.lower() for c in chars)
        if any(len(c) != 1 for c in lowered):
            raise Unsupported("class")
        return Info(lowered, lowered, lowered)
