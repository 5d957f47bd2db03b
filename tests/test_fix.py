"""Fixes: safe vs unsafe, overlaps, verification, idempotence."""

from __future__ import annotations

import pytest

from mtpolish import FixVerificationError
from mtpolish.fixing import apply, choose, verify
from mtpolish.issue import Edit, Fix, Issue

RULES = """
- id: space
  kind: substitution
  category: fluency/punctuation
  severity: minor
  message: space
  pattern: ' +([,.])'
  suggestions: ['\\1']
  safe: true
- id: netizens
  kind: substitution
  category: style/unidiomatic
  severity: minor
  message: netizens
  pattern: '\\bnetizens\\b'
  suggestions: [internet users]
- id: double
  kind: repetition
  category: fluency/grammar
  severity: minor
  message: double
  safe: true
"""


def test_safe_fixes_only_by_default(make_engine):
    engine = make_engine(RULES)
    result = engine.fix("Netizens said so , loudly .")
    assert result.text == "Netizens said so, loudly."
    assert [i.rule for i in result.applied] == ["t/space", "t/space"]
    assert [i.rule for i in result.remaining] == ["t/netizens"]


def test_unsafe_fixes_when_asked(make_engine):
    result = make_engine(RULES).fix("Netizens said so .", unsafe=True)
    assert result.text == "Internet users said so."
    assert result.remaining == []


def test_fix_reaches_a_fixpoint(make_engine):
    engine = make_engine(RULES)
    once = engine.fix("the the the the cat .").text
    assert once == "the cat."
    assert engine.fix(once).text == once


def issue(start, end, replacement, rule="t/r", safe=True):
    return Issue(
        path="-",
        rule=rule,
        severity="minor",
        category="style/x",
        message="m",
        line=1,
        column=start + 1,
        end_line=1,
        end_column=end + 1,
        start=start,
        end=end,
        text="x",
        suggestions=[replacement],
        fix=Fix(safe=safe, edits=[Edit(start=start, end=end, replacement=replacement)]),
    )


def test_overlapping_edits_are_dropped_deterministically():
    issues = [
        issue(5, 9, "B", "t/b"),
        issue(0, 6, "A", "t/a"),
        issue(9, 10, "C"),
        issue(2, 3, "U", safe=False),
    ]
    chosen = [i.rule for i, _ in choose(issues, unsafe=False)]
    assert chosen == ["t/a", "t/r"]
    assert [i.rule for i, _ in choose(list(reversed(issues)), unsafe=False)] == chosen


def test_apply_and_verify():
    edits = [Edit(start=0, end=1, replacement="X"), Edit(start=3, end=5, replacement="")]
    assert apply("abcdefg", edits) == "Xbcfg"
    verify("abcdefg", "Xbcfg", edits)
    with pytest.raises(FixVerificationError):
        verify("abcdefg", "Xbcfh", edits)
    with pytest.raises(FixVerificationError):
        verify("abcdefg", "Ybcfg", edits)


def test_fix_refuses_output_that_changed_text_outside_edits(make_engine, monkeypatch):
    from mtpolish import fixing

    monkeypatch.setattr(fixing, "apply", lambda text, edits: "corrupted " + text)
    with pytest.raises(FixVerificationError):
        make_engine(RULES).fix("so , there")
