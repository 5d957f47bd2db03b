"""The literal scan only narrows where patterns run: results equal those of the plain engine."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import regex
from conftest import FIXTURES, ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from mtpolish import Engine, prefilter
from mtpolish.engine import bundled_rules_dir
from mtpolish.literals import literals
from mtpolish.scan import scan_text

sys.path.insert(0, str(ROOT / "bench"))
import corpus


def unscanned(engine: Engine) -> Engine:
    plain = Engine(engine.packs)
    plain.scanner = None
    plain.prefilter = None  # the Hyperscan pass, where installed
    return plain


@pytest.fixture(scope="module", autouse=True)
def prefilter_from_the_first_text():
    """The prefilter waits for 64 kB of text before it loads: here it narrows every check."""
    saved, prefilter.LOAD_AFTER = prefilter.LOAD_AFTER, 0
    yield
    prefilter.LOAD_AFTER = saved


@pytest.fixture(scope="module")
def engines():
    engine = Engine.bundled()
    return engine, unscanned(engine)


def test_sample_and_corpus_give_the_same_issues(engines):
    engine, plain = engines
    texts = [
        (FIXTURES / "zhejiang-charter-flights.txt").read_text(encoding="utf-8"),
        corpus.news_text(150_000, seed=7),
    ]
    for text in texts:
        assert engine.check(text, min_severity="info") == plain.check(text, min_severity="info")


def example_texts(engine: Engine) -> list[str]:
    texts = [
        example.bad if example.bad is not None else example.good
        for pack in engine.packs
        for rule in pack.rules
        for example in rule.examples
    ]
    # All examples in one document per variant (paragraphs apart): the same coverage as one
    # check per example, at a fraction of the cost.
    return [
        "\n\n".join(variant(t) for t in texts)
        for variant in (str, str.upper, lambda t: t.replace(" ", "\n  "))
    ]


def test_every_bundled_example_gives_the_same_issues(engines):
    engine, plain = engines
    for text in example_texts(engine):
        assert engine.check(text, min_severity="info") == plain.check(text, min_severity="info")


def test_the_literal_scan_alone_gives_the_same_issues(engines):
    """Without Hyperscan (other platforms), the full literal scan narrows every check."""
    engine, plain = engines
    scan_only = Engine(engine.packs)
    scan_only.prefilter = None
    for text in [*example_texts(engine), corpus.news_text(100_000, seed=3)]:
        assert scan_only.check(text, min_severity="info") == plain.check(text, min_severity="info")


@pytest.mark.parametrize(
    ("pattern", "leading", "required"),
    [
        (r"\bnetizen(s?)\b", {"netizen", "netizens"}, {"netizen"}),
        (r"\bhot[- ]?search(?:es)?\b", {"hot", "hotsearch", "hotsearches"}, {"search"}),
        (r"(?<=\bthe\s)timely(?=\s+report)", {"timely"}, {"timely"}),
        (r"\b(?:do|doing)\s+a\s+job", None, {"job"}),
        (r"foo\Kbar", None, None),
        (r"(?x) foo", None, None),
        (r"a|\w+", None, None),
        (r"(?:grass)?roots", {"grassroots", "roots"}, {"roots"}),
        # Frequent words ("the", "with") are passed over for rarer ones in the same match.
        (r"\bbr(?:eak|oke) (?:with )?(?:the )?circles?\b", {"break", "broke"}, {"circle"}),
        (r"\bgo to (?:the )?sea\b", None, {"sea"}),
        (r"\bfour thousand spirit", {"four"}, {"thousand"}),
        # What a look-ahead needs is in the same paragraph: it narrows when the match cannot.
        (r"\bmore and more(?=\s+(?:urgent|severe))", {"more"}, {"urgent", "severe"}),
        (r"\bmore and more(?!\s+(?:urgent|severe))", {"more"}, {"more"}),
    ],
)
def test_literals(pattern, leading, required):
    found = literals(pattern)
    assert found.leading == (frozenset(leading) if leading else None)
    assert found.required == (frozenset(required) if required else None)


@pytest.mark.parametrize(
    ("pattern", "word_start"),
    [
        (r"\bnetizens", True),
        (r"(?i)(?<=the )\b(?:hot|cold) search", True),
        (r"\bnetizens|citizens", False),  # one branch may start inside a word
        (r"(?a)\bnetizens", False),  # ASCII `\b` differs from the scan's test
        (r'\b"hot', False),  # `\b` before a quote needs a word character before it
        (r"(?:the )?\bnetizens", False),
    ],
)
def test_word_start(pattern, word_start):
    assert literals(pattern).word_start is word_start


def test_leading_literals_inside_words_are_no_candidates(engines):
    engine, plain = engines
    text = "Flights to the sea. Half the fleets lit up. The light-rail line."
    assert engine.check(text, min_severity="info") == plain.check(text, min_severity="info")


WORDS = ["hot", "search", "Hot", "SEARCH", "net", "netizens", "the", "a", "x-ray", "’s", "'s"]
SEPARATORS = [" ", "  ", "\n", "\n\n", "-", " - ", "--", "\t", " -\n", "\u3000", "\u00a0", ""]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=12),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
)
def test_phrases_match_as_their_regular_expression(tmp_path_factory, parts, phrase_words):
    text = "".join(w + s for w, s in parts)
    phrase = " ".join(phrase_words)
    engine = one_rule(tmp_path_factory.mktemp("p"), f"phrases: [{phrase!r}]")
    assert engine.check(text) == unscanned(engine).check(text)


def one_rule(folder: Path, field: str) -> Engine:
    """An engine of one existence rule, whose `field` ("pattern: ...") says what it finds."""
    (folder / "r.yaml").write_text(
        "pack: r\nrules:\n  - id: x\n    kind: existence\n    category: style/awkward\n"
        f"    severity: minor\n    message: m\n    {field}\n",
        encoding="utf-8",
    )
    return Engine.from_paths([folder])


def test_leading_literals_count_only_in_paragraphs_with_a_required_one():
    from mtpolish.document import Document
    from mtpolish.scan import Scanner

    owner = object()
    scanner = Scanner()
    scanner.add(owner, ["hot"], "leading", also=["search"])
    doc = Document("A hot day.\n\nA search.\n\nThe hot search.")
    hits = scanner.scan(doc.prose)
    assert hits is not None
    mode, starts = hits.lookup(owner)
    assert (mode, [doc.text[s : s + 3] for s in starts]) == ("leading", ["hot", "hot"])
    kept = doc.in_paragraphs_of(starts, hits.also(owner) or [])
    assert kept == [doc.text.rindex("hot")]
    assert scanner.scan("A hot day.").lookup(owner) == ("leading", [])  # no "search" at all


def test_scan_text_maps_offsets_back():
    text = "Hot  search,\n\nhot -\tsearch and HOT-SEARCH’s"
    normal = scan_text(text)
    assert normal is not None
    assert normal.text == "hot search, hot search and hot search's"
    for word in ("search", "and"):
        for m in re.finditer(word, normal.text):
            assert text[normal.original(m.start()) :].lower().startswith(word)
    assert scan_text("İstanbul") is None  # lower-casing changes the length: no scan


def test_stdlib_whitespace_covers_regex_whitespace():
    # scan.py finds separators with stdlib `re`; it must see every `regex` \s as space.
    ours, theirs = regex.compile(r"\s"), re.compile(r"\s")
    assert all(theirs.match(chr(c)) for c in range(0x110000) if ours.match(chr(c)))


def test_case_fold_table_is_current():
    pytest.importorskip("regex._regex")
    sys.path.insert(0, str(ROOT / "tools" / "perf"))
    import gen_folds

    from mtpolish._folds import FOLDS

    assert {ord(k): ord(v) for k, v in gen_folds.folds().items()} == FOLDS


def test_long_s_and_final_sigma_are_found():
    engine = Engine.from_paths([bundled_rules_dir()])
    text = "Some netizenſ said ΣΟΦΟΣ σοφος σοφοσ."
    assert engine.check(text) == unscanned(engine).check(text)


def test_paragraphs_taken_as_english_are_english_to_langdetect():
    from mtpolish.checks import language
    from mtpolish.document import Document

    doc = Document(corpus.news_text(60_000, seed=11))
    for span, words in zip(doc.paragraphs, doc.paragraph_words, strict=True):
        text = doc.prose[span.start : span.end]
        if language.plainly_english(words):
            found = language.detect(text)
            assert found is None or found[0] == "en" or found[1] < 0.9, text


def test_the_prefilter_narrows_where_hyperscan_is_installed(engines):
    pytest.importorskip("hyperscan")
    engine, plain = engines
    assert engine.prefilter is not None and plain.prefilter is None
    ends = engine.prefilter.scan("Netizens “hot search” it.")
    assert ends is not None and ends.found  # else the comparisons above test nothing new


def test_characters_case_folded_to_ascii_are_current():
    from mtpolish.prefilter import CASE_FOLDED_ASCII

    text = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c < 0xE000)
    folded = {c for a in "abcdefghijklmnopqrstuvwxyz" for c in regex.findall(a, text, regex.I)}
    assert folded == set(CASE_FOLDED_ASCII)


@pytest.mark.parametrize(
    ("pattern", "ignore_case", "expression"),
    [
        # Case flags are dropped: the expression is made caseless throughout, a wider one.
        (r"(?-i:Big) V", True, "(?:Big) V"),
        (r"(?i)big", True, "big"),
        (r"(?s-i:a.)b", True, "(?s:a.)b"),
        # A conditional group: either branch, or neither.
        (r"(?P<q>x)?y(?(q)z|w)", True, "(?P<q>x)?y(?:|z|w)"),
        (r"(?(1)z)", True, "(?:|z)"),
    ],
)
def test_case_flags_and_conditionals_are_widened(pattern, ignore_case, expression):
    assert prefilter.translate(pattern, ignore_case) == expression


@pytest.mark.parametrize(
    ("pattern", "ignore_case"),
    [(r"(?i:big)", False), (r"(?x) big", True), (r"(?-s:a.)", True), (r"(?((?=a))a)", True)],
)
def test_flags_and_conditions_it_cannot_widen_are_refused(pattern, ignore_case):
    with pytest.raises(prefilter.Untranslatable):
        prefilter.translate(pattern, ignore_case)


def test_line_starts_are_kept_and_ends_dropped():
    # `$` also matches at the end of the paragraph a check searches up to; `^` only where
    # Hyperscan's matches too.
    assert prefilter.translate(r"(?m)^ {2,}x$|^y", False) == "(?m)^ {2,}x|^y"


ANCHORED = [r"(?m)^[^\S\r\n]{2,}(?=\S)", r"(?m)^b", r"^b", r"a|(?m:^)b", r"(?m)b$", r"(?m)^$"]
PIECES = ["a", "b", "  ", " ", "\n", "\n\n", "\r\n", "\r", "\x85", "\u2028", "\x0c", "`c`", "<b>"]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(ANCHORED),
    st.lists(st.sampled_from(PIECES), max_size=16),
    st.sampled_from(["text", "markdown"]),
)
def test_anchored_patterns_find_what_they_find_alone(tmp_path_factory, pattern, pieces, markup):
    pytest.importorskip("hyperscan")
    engine = one_rule(tmp_path_factory.mktemp("a"), f"pattern: {pattern!r}")
    assert engine.prefilter is not None and len(engine.prefilter.owners) == 1
    text = "".join(pieces)
    assert engine.check(text, markup=markup) == unscanned(engine).check(text, markup=markup)


def test_a_pattern_that_changes_case_is_translated_caseless():
    assert prefilter.changes_case(r"\b(?-i:Big) V") and prefilter.changes_case(r"(?i)x")
    assert not prefilter.changes_case(r"(?s:big) (?:v)")


def test_every_bundled_check_with_an_expression_is_prefiltered(engines):
    """Else the literal scan must run too, for the few the prefilter leaves (see `engine`)."""
    pytest.importorskip("hyperscan")
    engine, _ = engines
    assert engine.rest_scanner is None and not engine.prefilter.refused
    assert len(engine.prefilter.owners) == sum(
        1 for r in engine.rules if r.check.expression() is not None
    )


@pytest.mark.parametrize("scope", ["sentence", "paragraph", "document"])
def test_pairing_narrowed_by_the_prefilter_finds_what_it_finds_alone(tmp_path, scope):
    pytest.importorskip("hyperscan")
    body = f"""\
pack: t
rules:
  - id: one-hand
    kind: pairing
    category: fluency/coherence
    severity: minor
    message: m
    first: '(?-i:On) the one hand\\b|¶'
    second: 'other hand'
    scope: {scope}
"""
    (tmp_path / "t.yaml").write_text(body, encoding="utf-8")
    engine = Engine.from_paths([tmp_path / "t.yaml"])
    assert engine.prefilter is not None and engine.rest_scanner is None
    text = (
        "On the one hand. A on the one hand\n\nOn the other hand, on the one hand\n\n"
        "Then on the one hand.\n\n¶ starts this.\n\nNo first here. On the one hand\n\n¶"
    )
    issues = engine.check(text)
    assert issues == unscanned(engine).check(text)
    assert {text.index("¶"), len(text) - 1} <= {i.start for i in issues}  # a scope's ends
