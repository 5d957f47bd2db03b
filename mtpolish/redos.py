"""Refusing regular expressions that would blow up, before a rule file is accepted.

Two dangers, both cheap to spot at load time:

- **size**: counted repeats nested in counted repeats are expanded when compiled, so
  `((a{1000}){1000}){1000}` makes the `regex` module allocate until the process is killed;
- **catastrophic backtracking**: a repeat whose body can match the same text in many ways
  (`(a+)+`, `(\\w+\\s?)*`, `(a|aa)+`, `(\\w|\\d)+`) takes exponential time on a near-match.

Patterns are parsed into a small tree (enough of the `regex` dialect for structure; anything
unknown is read as a plain character, so the parser never fails) and checked conservatively.
A rule whose pattern passes this check and still runs out of time on some text is skipped there
at run time (`RuleTimeoutWarning`); this check only keeps the obvious cases out of rule packs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import regex

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


@dataclass
class Char:
    """One character's worth of pattern: a literal, an escape, a class or `.`."""

    source: str

    @cached_property
    def chars(self) -> frozenset[str]:
        """The probe characters it matches (ignoring case, to be conservative)."""
        try:
            compiled = regex.compile(self.source, regex.IGNORECASE | regex.DOTALL | regex.V1)
        except (regex.error, ValueError, OverflowError):
            return frozenset(_PROBE_CHARS)  # unknown: assume it matches anything
        return frozenset(c for c in _PROBE_CHARS if compiled.fullmatch(c))


@dataclass
class Assertion:
    """Something that matches no character: `^`, `\\b`, a look-around, an inline flag."""


@dataclass
class Group:
    alternatives: list[list[Item]]
    atomic: bool = False  # `(?>...)`: never backtracked into


@dataclass
class Item:
    node: Char | Assertion | Group
    low: int = 1
    high: int = 1  # INF: unbounded
    possessive: bool = False

    @property
    def repeats(self) -> bool:
        return self.high == INF or self.high > 1

    @property
    def large(self) -> bool:
        return self.high == INF or self.high > LARGE


_FLAGS = regex.compile(r"[a-zA-Z^-]*")
_GROUP_HEAD = regex.compile(r"[a-zA-Z^-]*(?=\))|[a-zA-Z^-]*:|<[=!]|P?<[^>]*>|'[^']*'|[|=!>]")


@dataclass
class _Parser:
    pattern: str
    pos: int = 0
    verbose: bool = False
    products: list[int] = field(default_factory=list)

    def peek(self, n: int = 1) -> str:
        return self.pattern[self.pos : self.pos + n]

    def parse(self) -> Group:
        self.verbose = bool(regex.match(r"\(\?[a-zA-Z]*x", self.pattern))
        group = self.alternatives()
        while self.pos < len(self.pattern):  # a stray `)`: skip it, keep reading
            self.pos += 1
            group.alternatives[-1] += self.alternatives().alternatives[0]
        return group

    def alternatives(self) -> Group:
        alts: list[list[Item]] = [[]]
        while self.pos < len(self.pattern):
            c = self.pattern[self.pos]
            if c == ")":
                break
            if c == "|":
                self.pos += 1
                alts.append([])
                continue
            if self.verbose and c.isspace():
                self.pos += 1
                continue
            if self.verbose and c == "#":
                end = self.pattern.find("\n", self.pos)
                self.pos = len(self.pattern) if end < 0 else end + 1
                continue
            node = self.atom()
            if node is None:
                continue
            alts[-1].append(self.quantified(node))
        return Group(alts)

    def atom(self) -> Char | Assertion | Group | None:
        c = self.pattern[self.pos]
        if c == "(":
            return self.group()
        if c == "[":
            return Char(self.char_class())
        if c == "\\":
            return self.escape()
        self.pos += 1
        if c in "^$":
            return Assertion()
        return Char(c)

    def group(self) -> Group | Assertion | None:
        self.pos += 1  # "("
        kind = ""
        if self.peek() == "?":
            rest = self.pattern[self.pos + 1 :]
            if rest.startswith("#"):  # a comment
                end = self.pattern.find(")", self.pos)
                self.pos = len(self.pattern) if end < 0 else end + 1
                return None
            head = _GROUP_HEAD.match(rest)
            # No head: recursion, conditionals and the like, read as a plain group.
            kind = head.group() if head else ""
            self.pos += 1 + len(kind)
            if kind and _FLAGS.fullmatch(kind):  # inline flags "(?i)": nothing to match
                self.pos += 1
                return Assertion()
        inner = self.alternatives()
        self.pos += 1  # ")"
        if kind in ("=", "!", "<=", "<!"):
            return Assertion()
        return Group(inner.alternatives, atomic=kind == ">")

    def char_class(self) -> str:
        start = self.pos
        self.pos += 1
        depth = 1
        if self.peek() == "^":
            self.pos += 1
        if self.peek() == "]":
            self.pos += 1
        while self.pos < len(self.pattern) and depth:
            c = self.pattern[self.pos]
            if c == "\\":
                self.pos += 2
                continue
            if c == "[":
                posix = regex.match(r"\[:\^?\w+:\]", self.pattern[self.pos :])
                self.pos += posix.end() if posix else 1
                depth += 0 if posix else 1
                continue
            if c == "]":
                depth -= 1
            self.pos += 1
        return self.pattern[start : self.pos]

    def escape(self) -> Char | Assertion:
        m = regex.match(
            r"\\(?:[pPN]\{[^}]*\}|[pP]\w|x\{[0-9a-fA-F]*\}|x[0-9a-fA-F]{0,2}|u[0-9a-fA-F]{0,4}"
            r"|U[0-9a-fA-F]{0,8}|0[0-7]{0,2}|[gkL]<[^>]*>|[1-9][0-9]?|.)?",
            self.pattern[self.pos :],
            flags=regex.S,
        )
        text = m.group() if m else "\\"
        self.pos += max(len(text), 1)
        if text[1:2] in ("b", "B", "A", "Z", "z", "G", "m", "M", "K") or text[1:2].isdigit():
            return Assertion()  # back references also count as matching no new character
        if text[1:3] in ("g<", "k<", "L<"):
            return Assertion()
        return Char(text)

    def quantified(self, node: Char | Assertion | Group) -> Item:
        m = regex.match(r"(?:([*+?])|\{(\d*)(?:(,)(\d*))?\})([?+]?)", self.pattern[self.pos :])
        if m is None or (m.group(1) is None and not (m.group(2) or m.group(4))):
            return Item(node)
        self.pos += m.end()
        if m.group(1):
            low, high = {"*": (0, INF), "+": (1, INF), "?": (0, 1)}[m.group(1)]
        else:
            low = int(m.group(2) or 0)
            unbounded = m.group(3) and not m.group(4)  # "{2,}"
            high = INF if unbounded else int(m.group(4)) if m.group(3) else low
        return Item(node, low, high, possessive=m.group(5) == "+")


def parse(pattern: str) -> Group:
    return _Parser(pattern).parse()


def problem(pattern: str) -> str | None:
    """Why `pattern` is refused, or None. Never raises, whatever the pattern."""
    tree = parse(pattern)
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


def _largest_product(group: Group, nested: bool = False) -> int:
    """The largest product of repeat counts along a path of nested repeats (a counted repeat of
    one character on its own is cheap: only repeats inside repeated groups multiply)."""
    best = 1
    for alt in group.alternatives:
        for item in alt:
            count = max(item.low if item.high == INF else item.high, 1)
            if isinstance(item.node, Group):
                inner = _largest_product(item.node, nested=nested or count > 1)
                best = max(best, count * inner if count > 1 or nested else inner)
            elif nested:
                best = max(best, count)
    return best


def _catastrophic(group: Group) -> str | None:
    for alt in group.alternatives:
        if _adjacent_repeats(alt) >= MAX_ADJACENT_REPEATS:
            return (
                f"{MAX_ADJACENT_REPEATS} or more repeats in a row over the same characters "
                "(as in \\w*\\w*\\w*) take polynomial time"
            )
        for item in alt:
            if not isinstance(item.node, Group):
                continue
            if item.large and not item.possessive and not item.node.atomic:
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
            chars = item.node.chars
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


def _ambiguous_body(body: Group) -> str | None:
    """Why repeating `body` lets one text be split into iterations in many ways, or None."""
    for alt in body.alternatives:
        if _pumpable(alt):
            return "a repeated group's body is itself a repeat (as in (a+)+ or (\\w+\\s?)*)"
    singles = [_single_chars(alt) for alt in body.alternatives]
    for i, a in enumerate(singles):
        for b in singles[i + 1 :]:
            if a is not None and b is not None and a & b:
                return (
                    "two alternatives of a repeated group match the same character "
                    "(as in (\\w|\\d)+)"
                )
    literals = [_literal(alt) for alt in body.alternatives]
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
        if item.possessive or (isinstance(item.node, Group) and item.node.atomic):
            continue
        if item.large and _matches_something(item):
            return True
        if isinstance(item.node, Group) and any(_pumpable(a) for a in item.node.alternatives):
            return True
    return False


def _nullable(item: Item) -> bool:
    if item.low == 0 or isinstance(item.node, Assertion):
        return True
    if isinstance(item.node, Group):
        return any(all(_nullable(i) for i in alt) for alt in item.node.alternatives)
    return False


def _matches_something(item: Item) -> bool:
    if isinstance(item.node, Char):
        return True
    if isinstance(item.node, Group):
        return any(any(_matches_something(i) for i in alt) for alt in item.node.alternatives)
    return False


def _single_chars(alt: list[Item]) -> frozenset[str] | None:
    """The characters of an alternative that is exactly one character, else None."""
    chars = [i for i in alt if not isinstance(i.node, Assertion)]
    if len(chars) == 1 and isinstance(chars[0].node, Char) and chars[0].low == chars[0].high == 1:
        return chars[0].node.chars
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
