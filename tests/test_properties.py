"""Properties over random text: offsets in range and consistent, fixes confined and idempotent."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import mtpolish
from mtpolish import Engine
from mtpolish.document import LineIndex

ENGINE = Engine.bundled()

# Random text, enriched with fragments the bundled rules react to, so fixes really happen.
PIECES = st.sampled_from(
    [
        " , ",
        " .",
        "14: 40",
        "the the ",
        "netizens",
        "Hot search",
        "，",
        "。",
        "\u3000",
        "\r\n",
        "\n\n",
        "(Finish)",
        '"big move"',
        "Gathered a lot.",
        "四千",
        " Accurately",
        "again and again",
    ]
)
TEXT = st.lists(st.one_of(st.text(max_size=12), PIECES), max_size=25).map("".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(TEXT)
def test_offsets_in_range_and_positions_consistent(text):
    index = LineIndex(text)
    for issue in ENGINE.check(text):
        assert 0 <= issue.start < issue.end <= len(text)
        assert text[issue.start : issue.end] == issue.text
        assert index.position(issue.start) == (issue.line, issue.column)
        assert index.position(issue.end) == (issue.end_line, issue.end_column)
        if issue.fix:
            for edit in issue.fix.edits:
                assert issue.start <= edit.start <= edit.end <= issue.end


@SETTINGS
@given(TEXT, st.booleans())
def test_fix_is_idempotent_and_leaves_no_fixable_issue(text, unsafe):
    once = ENGINE.fix(text, unsafe=unsafe)
    assert ENGINE.fix(once.text, unsafe=unsafe).text == once.text
    assert not [i for i in once.remaining if i.fix and (i.fix.safe or unsafe)]


@SETTINGS
@given(TEXT)
def test_api_fix_matches_engine(text):
    assert mtpolish.fix(text).text == ENGINE.fix(text).text


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=60)
    | st.text(alphabet="aZ9_'- .\n", max_size=40)
)
def test_ascii_words_are_the_words_of_the_unicode_pattern(text):
    from mtpolish import segment

    assert segment.find_words(text, 0, len(text)) == segment.WORD.findall(text)
    assert segment.words(text) == [(m.start(), m.end()) for m in segment.WORD.finditer(text)]
    assert segment.count_words(text) == len(segment.WORD.findall(text))


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="abcdefghUS.é1 \n", max_size=80))
@example(".SSSSSSS. 1")  # a long word after a dot: a dotted form, as "U.S.Government."
def test_sentence_ends_are_those_found_without_the_long_word_shortcut(text):
    from mtpolish import segment

    span = segment.Span(0, len(text))
    found = segment.sentences(text, span)
    saved = segment._LONGEST_ABBREVIATION
    segment._LONGEST_ABBREVIATION = 10**6  # no word is long enough: the pattern decides
    try:
        assert segment.sentences(text, span) == found
    finally:
        segment._LONGEST_ABBREVIATION = saved


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(st.sampled_from("red fox ran far".split()), max_size=14), max_size=6))
@example([["red", "fox", "ran", "far", "red", "fox", "ran"]])  # exactly 3 words repeated
def test_repeated_phrases_are_found_only_where_enough_words_repeat(sentences):
    from mtpolish.checks import repetition
    from mtpolish.document import Document

    text = " ".join(" ".join(words).capitalize() + "." for words in sentences if words)
    check = next(r.check for r in ENGINE.rules if r.id == "zh-en/parallel-phrase-repeated")
    found = list(check.find(Document(text, "text")))
    gate = repetition.scopes_repeating
    repetition.scopes_repeating = lambda texts, n: iter(range(len(texts)))  # every sentence
    try:
        assert list(check.find(Document(text, "text"))) == found
    finally:
        repetition.scopes_repeating = gate


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(
            st.lists(
                st.sampled_from(
                    "the of and was Said Beijing Xi der und nicht Wang über ΟΔΟΣ".split()
                ),
                min_size=1,
                max_size=12,
            ),
            min_size=1,
            max_size=4,
        ),
        max_size=5,
    )
)
def test_paragraphs_sent_to_langdetect_are_those_neither_english_nor_names(paragraphs):
    """The check counts lexicon words from running totals over sentences: the same paragraphs
    must reach langdetect as by counting each paragraph's own words."""
    from mtpolish.checks import language
    from mtpolish.document import Document

    text = "\n\n".join(" ".join(" ".join(s) + "." for s in p) for p in paragraphs)
    doc = Document(text)
    check = next(r.check for r in ENGINE.rules if r.id == "zh-en/untranslated-passage")
    expected = [
        doc.prose[span.start : span.end]
        for span, words in zip(doc.paragraphs, doc.paragraph_words, strict=True)
        if span.end - span.start >= check.rule.min_chars
        and words
        and not (language.plainly_english(words) or language.mostly_names(words))
        and sum(map(str.isalpha, doc.prose[span.start : span.end])) >= check.rule.min_chars
    ]
    asked: list[str] = []
    detect = language.detect
    language.detect = lambda text: asked.append(text)  # type: ignore[assignment]
    try:
        assert list(check.find(Document(text))) == []
    finally:
        language.detect = detect
    assert asked == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab \n\r\u2028", max_size=30))
@example("a\n\nb\n")
def test_line_starts_are_those_of_the_line_break_pattern(text):
    from mtpolish.document import _NEWLINE

    assert LineIndex(text).starts == [0, *(m.end() for m in _NEWLINE.finditer(text))]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [", ", ",\t", ",\n", "Most", "Li", " Wei", "-Hua", "the", " ", "\n\n", "\n", "."]
        ),
        max_size=16,
    ).map("".join)
)
@example(", Most\n\nLi")  # a capital after the paragraph's end does not count
def test_capitals_after_commas_are_those_found_paragraph_by_paragraph(text):
    import regex

    from mtpolish.checks import fragment
    from mtpolish.document import Document

    doc = Document(text)
    reference = regex.compile(r",[^\S\r\n]+(\p{Lu}\p{Ll}+)\b(?![-\s]+\p{Lu})")
    expected = [m.span(1) for p in doc.paragraphs for m in reference.finditer(doc.prose, *p)]
    assert [m.span(1) for m in fragment.capitals_after_commas(doc)] == expected


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(["*.md", "*.txt", "*.tar.gz", "*.x-y"]), max_size=3),
    st.lists(
        st.sampled_from(
            ["a.md", "x.md", "b", "c.txt", ".md", "d.mdx", "e.MD", "f.tar.gz", "g.x-y"]
        ),
        min_size=1,
        max_size=4,
    ).map("/".join),
)
def test_suffix_patterns_match_as_gitignore_does(patterns, relative):
    import pathspec

    from mtpolish import inputs

    expected = pathspec.GitIgnoreSpec.from_lines(patterns).match_file(relative)
    assert inputs._suffixes(tuple(patterns)) is not None
    assert inputs.matches(tuple(patterns), relative) == expected
