"""Markdown is checked as prose: code, link targets, HTML and front matter are never flagged,
and positions still point into the file."""

from __future__ import annotations

from conftest import FIXTURES

from mtpolish import Engine

SAMPLE = FIXTURES / "markdown-sample.md"


def test_only_prose_is_flagged_at_the_right_place():
    text = SAMPLE.read_text(encoding="utf-8")
    issues = Engine.bundled(select=["zh-en/hot-search", "zh-en/hot-search-list"]).check(
        text, markup="markdown"
    )
    lines = text.splitlines()
    found = [(i.line, i.column, i.text) for i in issues]
    assert found == [
        (6, 34, "hot search"),
        (8, 80, "hot search"),
        (10, 62, "hot search"),
        (12, 10, "hot search list"),
    ]
    for issue in issues:
        assert lines[issue.line - 1][issue.column - 1 :].lower().startswith(issue.text.lower())


def test_same_text_as_plain_text_flags_everything():
    text = SAMPLE.read_text(encoding="utf-8")
    issues = Engine.bundled(select=["zh-en/hot-search"]).check(text, markup="text")
    assert len(issues) > 8  # front matter, code, HTML and the suppressed line all count


def test_inline_code_with_backticks_and_nested_link_parens():
    engine = Engine.bundled(select=["zh-en/hot-search"])
    text = "Use ``a `hot search` here`` and [x](https://e.com/a_(hot search)) but a hot search.\n"
    assert [i.column for i in engine.check(text, markup="markdown")] == [
        text.index("a hot search.") + 3
    ]
