"""The engine and the Python API (Contract 1): offsets, positions, order, skipping, sharing."""

from __future__ import annotations

import json
import pickle
import threading

import pytest
from conftest import CONTRACT_KEYS

import mtpolish
from mtpolish import Engine, Issue
from mtpolish.document import Document, LineIndex

RULES = """
- id: netizens
  kind: substitution
  category: style/unidiomatic
  severity: minor
  message: netizens
  pattern: '\\bnetizens\\b'
  suggestions: [internet users]
  safe: true
- id: hot-search
  kind: substitution
  category: style/unidiomatic
  severity: major
  message: hot search
  pattern: '\\bhot\\s+search\\b'
  suggestions: [trending topic]
"""


@pytest.fixture
def engine(make_engine):
    return make_engine(RULES)


def test_offsets_and_positions_point_at_the_span(engine):
    text = "Line one.\r\nSome netizens said\n\u4e2d\u6587 netizens, a hot\nsearch."
    issues = engine.check(text)
    assert [i.text for i in issues] == ["netizens", "netizens", "hot\nsearch"]
    for issue in issues:
        assert text[issue.start : issue.end] == issue.text
    first, second, third = issues
    assert (first.line, first.column, first.end_line, first.end_column) == (2, 6, 2, 14)
    assert (second.line, second.column) == (3, 4)  # columns count code points, Han included
    assert (third.line, third.column, third.end_line, third.end_column) == (3, 16, 4, 7)


def test_line_index_handles_every_line_ending():
    index = LineIndex("a\nb\r\nc\rd")
    assert [index.position(o) for o in (0, 2, 5, 7)] == [(1, 1), (2, 1), (3, 1), (4, 1)]


def test_issues_sorted_and_deterministic(engine):
    text = "hot search netizens " * 20
    issues = engine.check(text)
    assert [i.start for i in issues] == sorted(i.start for i in issues)
    assert engine.check(text) == issues


def test_model_dump_is_the_json_object(engine):
    issue = engine.check("Some netizens.", path="x.txt")[0]
    dumped = issue.model_dump()
    assert tuple(dumped) == CONTRACT_KEYS
    assert dumped == json.loads(json.dumps(dumped))
    assert dumped["fix"] == {
        "safe": True,
        "edits": [{"start": 5, "end": 13, "replacement": "internet users"}],
    }
    assert Issue.model_validate(dumped) == issue


def test_built_issues_are_what_model_construct_makes():
    from mtpolish.issue import Edit, Fix, built

    edit = {"start": 5, "end": 13, "replacement": "internet users"}
    values = {
        **dict(path="x.txt", rule="r", severity="minor", category="fluency/grammar"),
        **dict(message="m", line=1, column=6, end_line=1, end_column=14, start=5, end=13),
        **dict(text="netizens", suggestions=["internet users"]),
    }
    fix = built(Fix, safe=True, edits=[built(Edit, **edit)])
    made = built(Issue, **values, fix=fix)
    constructed = Issue.model_construct(
        **values, fix=Fix.model_construct(safe=True, edits=[Edit.model_construct(**edit)])
    )
    for a, b in ((made, constructed), (made.fix, constructed.fix)):
        assert a == b and repr(a) == repr(b) and a.model_dump() == b.model_dump()
        assert a.model_fields_set == b.model_fields_set == set(type(a).model_fields)
        assert a.model_dump_json() == b.model_dump_json()
        assert pickle.loads(pickle.dumps(a)) == b
    with pytest.raises(Exception, match="frozen"):
        made.line = 2  # type: ignore[misc]
    assert Issue.model_validate(made.model_dump()) == made


def test_urls_and_emails_are_not_prose(engine):
    text = "See https://example.com/netizens and netizens@example.com, netizens."
    assert [i.start for i in engine.check(text)] == [text.rindex("netizens")]


def test_plain_text_regions_overlap_as_one_alternation_would():
    from mtpolish.markup import skipped_regions

    text = "a https://u@x.org/p b@c.org <!-- x@y.org --> www.q.com."
    found = [text[s:e] for s, e in skipped_regions(text, "text")]
    assert found == ["https://u@x.org/p", "b@c.org", "<!-- x@y.org -->", "www.q.com"]


def test_markdown_code_links_and_front_matter_are_skipped(engine):
    text = (
        "---\ntitle: netizens\n---\n\n# Netizens\n\n"
        "Use `netizens` and [netizens](https://x.org/netizens) here.\n\n"
        "```\nnetizens\n```\n\n<div>netizens</div>\n"
    )
    found = engine.check(text, markup="markdown")
    assert [(i.line, i.column, i.text) for i in found] == [(5, 3, "Netizens"), (7, 21, "netizens")]


def test_select_and_ignore(engine):
    text = "netizens hot search"
    assert [i.rule for i in engine.check(text, select=["t/hot-*"])] == ["t/hot-search"]
    assert [i.rule for i in engine.check(text, ignore=["t/netizens"])] == ["t/hot-search"]
    assert engine.check(text, ignore=["t"]) == []


def test_engine_is_picklable_and_thread_safe(engine):
    clone = pickle.loads(pickle.dumps(engine))
    text = "netizens and a hot search " * 50
    expected = engine.check(text)
    assert clone.check(text) == expected
    results = []

    def work():
        results.append(engine.check(text))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 8


def test_api_uses_bundled_packs():
    issues = mtpolish.check("It became a hot search among netizens.")
    assert {i.rule for i in issues} == {"zh-en/hot-search"}
    picky = mtpolish.check("It became a hot search among netizens.", min_severity="info")
    assert {i.rule for i in picky} == {"zh-en/hot-search", "zh-en/netizens"}
    assert mtpolish.check("It became a trending topic.", packs=["zh-en"]) == []
    with pytest.raises(ValueError, match="no bundled pack"):
        mtpolish.check("x", packs=["nope"])


def test_timeout_skips_only_the_slow_rule(make_engine, monkeypatch):
    from mtpolish.checks import base

    monkeypatch.setattr(base, "PATTERN_TIMEOUT", 0.05)
    slow = make_engine(
        RULES
        + """
- id: slow
  kind: existence
  category: style/unidiomatic
  severity: minor
  message: slow
  pattern: '\\w*\\w*\\d'
"""
    )  # polynomial, not exponential: it passes the load-time check (mtpolish.redos)
    with pytest.warns(mtpolish.RuleTimeoutWarning, match="t/slow"):
        # A digit first: else the Hyperscan prefilter (where installed) rightly skips the rule.
        issues = slow.check("netizens 1 " + "a" * 3000 + "!")
    assert [i.rule for i in issues] == ["t/netizens"]


def test_document_segments():
    doc = Document("First one. Second one by Mr. Li!\n\n  Next para?  Yes.\n")
    assert [doc.text[s.start : s.end] for s in doc.sentences] == [
        "First one.",
        "Second one by Mr. Li!",
        "Next para?",
        "Yes.",
    ]
    assert len(doc.paragraphs) == 2


def test_large_text_is_checked_in_chunks_with_exact_positions(monkeypatch):
    from mtpolish import engine as engine_module

    # Rules whose scope is a whole document or paragraph may differ by design when a text is cut.
    bundled = Engine.bundled(ignore=["zh-en/scare-quotes", "zh-en/untranslated-passage"])
    paragraph = (
        "Some netizens said the province , which is famous for 四千精神, became a hot search.\n"
        "Gathered a large number of old customers.\n\n"
    )
    long_line = "Trade grew and exports rose. " * 120 + "Brother provinces , too.\n"
    text = paragraph * 40 + long_line + paragraph
    whole = bundled.check(text)
    monkeypatch.setattr(engine_module, "LARGE_TEXT", 1000)
    monkeypatch.setattr(engine_module, "CHUNK", 700)
    assert len(list(engine_module._chunks(text))) > 10
    chunked = bundled.check(text)
    assert chunked == whole
    assert len({i.line for i in chunked}) > 40


@pytest.mark.parametrize(
    ("pattern", "cased"),
    [
        (r'["“][^"“”\r\n]{1,40}["”]', False),
        (r"\s+[,.;:!?]\s*\d", False),
        ("netizen", True),
        ("Ⓐ", True),  # circled letters and Roman numerals have case but are no letters
        ("Ⅻ", True),
        (r"(\W)\1", True),  # a back-reference compares ignoring case
        (r"[!-~]", True),  # a range may span letters
        (r"\p{Lu}", True),
        (r"\x41", True),
        (r"(?s)\.", True),
    ],
)
def test_patterns_with_case_are_told_apart(pattern, cased):
    import regex

    from mtpolish.checks.base import compile_pattern, has_case

    assert has_case(pattern) is cased
    assert bool(compile_pattern(pattern, True).flags & regex.IGNORECASE) is cased
    assert not compile_pattern(pattern, False).flags & regex.IGNORECASE


def test_what_has_no_case_by_that_test_has_none_for_regex():
    """Characters and escapes taken as caseless match what they match with or without
    IGNORECASE: `regex`'s own case table gives each character no other case."""
    import regex

    from mtpolish.checks.base import CASELESS_ESCAPES, has_case

    cases = pytest.importorskip("regex._regex").get_all_cases
    codes = [c for c in range(0x110000) if not 0xD800 <= c < 0xE000 and chr(c) != "\\"]
    caseless = [c for c in codes if not has_case(chr(c))]
    assert ord('"') in caseless and ord("“") in caseless and ord("a") not in caseless
    assert all(set(cases(regex.IGNORECASE, c)) <= {c} for c in caseless)
    # Where case could change a match: every character with another case, and around them.
    cased = "".join(chr(c) for c in codes if set(cases(regex.IGNORECASE, c)) - {c})
    text = " ".join(cased) + cased
    for escape in CASELESS_ESCAPES:
        plain, folded = regex.compile("\\" + escape), regex.compile("\\" + escape, regex.I)
        assert [m.span() for m in plain.finditer(text)] == [
            m.span() for m in folded.finditer(text)
        ], escape
