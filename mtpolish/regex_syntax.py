"""A small typed tree of a `regex` pattern, shared by the analyses of patterns (`literals`,
`redos`).

The parser reads the default (V0) dialect: literals, escapes, classes, groups of every
flavour, alternation, quantifiers, look-arounds, inline flags, and verbose mode when the
pattern opens with it. It never raises: syntax it does not model, or only guesses at
(back-references, numeric escapes, conditionals, unclosed groups...), becomes an `Unknown`
node holding its best guess (`reading`), which an analysis may use or refuse to rely on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

import regex

# Escapes of one character that may be one of many (`\w`, `\p{L}`, `\X`...).
CLASS_ESCAPES = frozenset("dDwWsSpPNXhHvVR")
ZERO_WIDTH_ESCAPES = frozenset("bBAZzGmM")
SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "a": "\a", "e": "\x1b"}


@dataclass(frozen=True, slots=True)
class Char:
    """One character: a literal, an escape, a class or `.`."""

    source: str
    # Exactly the characters it matches, as written (before any case folding); None when the
    # parser does not list them (`.`, `\w`, ranges, negated classes).
    chars: frozenset[str] | None


@dataclass(frozen=True, slots=True)
class Assertion:
    """A zero-width test: `^`, `$`, `\\b`, `\\A`..."""

    source: str


@dataclass(frozen=True, slots=True)
class Flags:
    """Inline flags for the rest of the pattern, `(?i)`: zero-width."""

    flags: str


@dataclass(frozen=True, slots=True)
class Seq:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Alt:
    branches: tuple[Seq, ...]


@dataclass(frozen=True, slots=True)
class Group:
    body: Alt
    kind: Literal["capture", "plain", "atomic"] = "plain"
    flags: str = ""  # scoped flags, `(?i:...)`


@dataclass(frozen=True, slots=True)
class Look:
    """A look-ahead or look-behind: zero-width."""

    body: Alt
    behind: bool
    negative: bool


@dataclass(frozen=True, slots=True)
class Repeat:
    body: Node
    low: int
    high: int | None  # None: unbounded
    mode: Literal["greedy", "lazy", "possessive"] = "greedy"


@dataclass(frozen=True, slots=True)
class Unknown:
    """Syntax not modelled exactly; `reading` is the parser's best guess at its structure."""

    source: str
    reading: Node


Node: TypeAlias = Char | Assertion | Flags | Seq | Alt | Group | Look | Repeat | Unknown


def parse(pattern: str) -> Alt:
    """The tree of `pattern`; never raises."""
    return _Parser(pattern).parse()


# After "(": a group's head. Heads other than these ("(?(1)", "(?R)", "(?P=n)"...) are read
# as plain groups.
_GROUP_HEAD = regex.compile(
    r"\?(?:(?P<comment>\#[^)]*\)?)|(?P<look><?[=!])|(?P<flags>[a-zA-Z^-]+)\)"
    r"|(?P<scoped>[a-zA-Z^-]*):|(?P<named>P?<[^>]*>)|(?P<quoted>'[^']*')|(?P<other>[>|]))"
)
_ESCAPE = regex.compile(
    r"\\(?:[pPN]\{[^}]*\}|[pP]\w|x\{[0-9a-fA-F]*\}|x[0-9a-fA-F]{0,2}|u[0-9a-fA-F]{0,4}"
    r"|U[0-9a-fA-F]{0,8}|0[0-7]{0,2}|[gkL]<[^>]*>|[1-9][0-9]?|.)?",
    flags=regex.S,
)
_QUANTIFIER = regex.compile(r"(?:([*+?])|\{(\d*)(,?)(\d*)\})([?+]?)")
_POSIX = regex.compile(r"\[[:=]")


class _Parser:
    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.i = 0
        self.verbose = bool(regex.match(r"\(\?[a-zA-Z]*x", pattern))
        self.v1 = bool(regex.search(r"\(\?[a-zA-Z^-]*V1", pattern))  # nested sets

    def parse(self) -> Alt:
        alt = self.alternation()
        while self.i < len(self.p):  # a stray ")": note it, read on
            self.i += 1
            stray = Unknown(")", Assertion(")"))
            rest = self.alternation()
            head, *tail = rest.branches
            last = Seq((*alt.branches[-1].items, stray, *head.items))
            alt = Alt((*alt.branches[:-1], last, *tail))
        return alt

    def alternation(self) -> Alt:
        branches = [self.sequence()]
        while self.p.startswith("|", self.i):
            self.i += 1
            branches.append(self.sequence())
        return Alt(tuple(branches))

    def sequence(self) -> Seq:
        items: list[Node] = []
        while self.i < len(self.p) and self.p[self.i] not in "|)":
            c = self.p[self.i]
            if self.verbose and c.isspace():
                self.i += 1
            elif self.verbose and c == "#":
                end = self.p.find("\n", self.i)
                self.i = len(self.p) if end < 0 else end + 1
            else:
                items.append(self.quantified(self.atom()))
        return Seq(tuple(items))

    def quantified(self, node: Node) -> Node:
        m = _QUANTIFIER.match(self.p, self.i)
        if m is None or (m[1] is None and not (m[2] or m[3])):
            return node
        self.i = m.end()
        if m[1]:
            low, high = {"*": (0, None), "+": (1, None), "?": (0, 1)}[m[1]]
        else:
            low = int(m[2] or 0)
            high = (int(m[4]) if m[4] else None) if m[3] else low
        mode = {"?": "lazy", "+": "possessive"}.get(m[5], "greedy")
        return Repeat(node, low, high, mode)  # type: ignore[arg-type]

    def atom(self) -> Node:
        c = self.p[self.i]
        if c == "(":
            return self.group()
        if c == "[":
            return self.char_class()
        if c == "\\":
            return self.escape()
        self.i += 1
        if c in "^$":
            return Assertion(c)
        if c == ".":
            return Char(c, None)
        if c in "*+?{":  # a quantifier with nothing to repeat, or a literal brace
            return Unknown(c, Char(c, frozenset(c)))
        return Char(c, frozenset(c))

    def group(self) -> Node:
        start = self.i
        m = _GROUP_HEAD.match(self.p, start + 1)
        head = m.group() if m else "?" if self.p.startswith("(?", start) else ""
        self.i = start + 1 + len(head)
        if m and m["comment"]:
            return Unknown("(" + head, Assertion("(" + head))
        if m and m["flags"]:
            return Flags(m["flags"])
        body = self.alternation()
        closed = self.p.startswith(")", self.i)
        self.i += closed
        node: Node
        modelled = True
        if m and m["look"]:
            node = Look(body, behind=m["look"][0] == "<", negative=m["look"][-1] == "!")
        elif m and m["scoped"] is not None:
            node = Group(body, flags=m["scoped"])
        elif m and m["other"] == ">":
            node = Group(body, "atomic")
        elif not head or (m and m["named"]):
            node = Group(body, "capture")
        else:  # "(?'n'", "(?|", or a head not modelled ("(?(1)", "(?R)"): read as a group
            node, modelled = Group(body, "capture" if m and m["quoted"] else "plain"), False
        return node if modelled and closed else Unknown("(" + head, node)

    def char_class(self) -> Node:
        """A set: `]` first is literal; `[` inside is literal too, unless the pattern is V1."""
        start, depth = self.i, 1
        self.i += 1
        negated = self.p.startswith("^", self.i)
        self.i += negated
        members: list[str | None] = []  # None: not a single listed character
        posix = False
        while self.i < len(self.p) and (self.p[self.i] != "]" or not members or depth > 1):
            if self.v1 and self.p[self.i] in "[]" and not _POSIX.match(self.p, self.i):
                depth += 1 if self.p[self.i] == "[" else -1
                self.i += 1
                members.append(None)
            elif _POSIX.match(self.p, self.i):
                posix = True
                end = self.p.find("]", self.i + 2)
                self.i = len(self.p) if end < 0 else end + 1
                members.append(None)
            elif self.p[self.i] == "\\":
                text = self.escape_text()
                e = text[1:2]
                simple = e in SIMPLE_ESCAPES or (e and not e.isalnum())
                members.append(SIMPLE_ESCAPES.get(e, e) if simple else None)
            else:
                members.append(self.p[self.i])
                self.i += 1
        closed = self.i < len(self.p)
        self.i += closed
        source = self.p[start : self.i]
        listed = not negated and None not in members and "-" not in members[1:-1]
        node = Char(source, frozenset(members) if listed else None)  # type: ignore[arg-type]
        return node if closed and not posix else Unknown(source, node)

    def escape_text(self) -> str:
        m = _ESCAPE.match(self.p, self.i)
        text = m.group() if m else "\\"
        self.i += max(len(text), 1)
        return text

    def escape(self) -> Node:
        text = self.escape_text()
        e = text[1:2]
        if e in ZERO_WIDTH_ESCAPES:
            return Assertion(text)
        if e in CLASS_ESCAPES:
            return Char(text, None)
        if e in SIMPLE_ESCAPES:
            return Char(text, frozenset(SIMPLE_ESCAPES[e]))
        if e and not e.isalnum():
            return Char(text, frozenset(e))
        if e == "K" or e.isdigit() or text[1:3] in ("g<", "k<", "L<"):
            # \K, back-references and named lists: matched by reference, not by the text here.
            return Unknown(text, Assertion(text))
        return Unknown(text, Char(text, None))  # \x41, \u00e9, \0, a trailing "\"...
