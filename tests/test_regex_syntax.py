"""The shared parser of pattern syntax: tree shapes, and never failing on garbage."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtpolish.regex_syntax import (
    Alt,
    Assertion,
    Char,
    Flags,
    Group,
    Look,
    Repeat,
    Seq,
    Unknown,
    parse,
)


def c(text: str) -> Char:
    return Char(text, frozenset(text))


def seq(*items) -> Alt:
    return Alt((Seq(items),))


def group(*items, kind="plain", flags="") -> Group:
    return Group(seq(*items), kind, flags)


@pytest.mark.parametrize(
    ("pattern", "tree"),
    [
        ("ab", seq(c("a"), c("b"))),
        ("a|", Alt((Seq((c("a"),)), Seq(())))),
        (r"\bx$", seq(Assertion(r"\b"), c("x"), Assertion("$"))),
        (r"\w+?.", seq(Repeat(Char(r"\w", None), 1, None, "lazy"), Char(".", None))),
        (
            "a{2,}+b{,3}c{4}",
            seq(Repeat(c("a"), 2, None, "possessive"), Repeat(c("b"), 0, 3), Repeat(c("c"), 4, 4)),
        ),
        (
            "['’][a-z][]x][^y]",
            seq(
                Char("['’]", frozenset("'’")),
                Char("[a-z]", None),
                Char("[]x]", frozenset("]x")),
                Char("[^y]", None),
            ),
        ),
        (r"[\n\-.]", seq(Char(r"[\n\-.]", None))),  # an inner "-" may be a range
        (r"[[a]b]", seq(Char("[[a]", frozenset("[a")), c("b"), c("]"))),  # V0: "[" is literal
        (r"\.\t", seq(Char(r"\.", frozenset(".")), Char(r"\t", frozenset("\t")))),
        (
            "(?:a)(b)(?P<n>c)(?>d)",
            seq(
                group(c("a")),
                group(c("b"), kind="capture"),
                group(c("c"), kind="capture"),
                group(c("d"), kind="atomic"),
            ),
        ),
        ("(?i)(?-i:a)", seq(Flags("i"), group(c("a"), flags="-i"))),
        ("(?<!a)(?=b)", seq(Look(seq(c("a")), True, True), Look(seq(c("b")), False, False))),
        (r"(a)\1", seq(group(c("a"), kind="capture"), Unknown(r"\1", Assertion(r"\1")))),
        (r"\x41", seq(Unknown(r"\x41", Char(r"\x41", None)))),
        ("(a", seq(Unknown("(", group(c("a"), kind="capture")))),
        ("a)b", seq(c("a"), Unknown(")", Assertion(")")), c("b"))),
        ("(?x) a # note\n b", seq(Flags("x"), c("a"), c("b"))),
        ("{", seq(Unknown("{", c("{")))),
    ],
)
def test_tree_shapes(pattern, tree):
    assert parse(pattern) == tree


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab\\wdxpPgk0189{}()[]|*+?.^$:<>=!#,-'^ \nVRL", max_size=40) | st.text())
def test_never_raises(pattern):
    assert isinstance(parse(pattern), Alt)
