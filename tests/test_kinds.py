"""Each rule kind on its own: what it flags, what it leaves alone, and its suggestions."""

from __future__ import annotations

import pytest

HEAD = "category: style/unidiomatic\n  severity: minor\n  message: 'flagged {match}'\n"


def rule(kind: str, body: str) -> str:
    return f"- id: r\n  kind: {kind}\n  {HEAD}" + "".join(
        f"  {line}\n" for line in body.splitlines()
    )


def spans(engine, text):
    return [(i.text, i.suggestions) for i in engine.check(text)]


# substitution ---------------------------------------------------------------------------------


def test_substitution_keeps_case_and_uses_groups(make_engine):
    engine = make_engine(
        rule(
            "substitution",
            "pattern: '\\bhot[- ]search(es)?\\b'\nsuggestions: ['trending topic\\1']",
        )
    )
    assert spans(engine, "A hot search. Hot search! HOT SEARCH. Hot Search. hot-searches.") == [
        ("hot search", ["trending topic"]),
        ("Hot search", ["Trending topic"]),
        ("HOT SEARCH", ["TRENDING TOPIC"]),
        ("Hot Search", ["Trending Topic"]),
        ("hot-searches", ["trending topices"]),
    ]


def test_substitution_leaves_unrelated_text(make_engine):
    engine = make_engine(
        rule("substitution", "pattern: '\\bhot search\\b'\nsuggestions: [trending topic]")
    )
    assert engine.check("The search was hot. Photo searches ran.") == []


def test_substitution_phrases_match_variants_but_whole_words(make_engine):
    engine = make_engine(
        rule("substitution", "phrases: [brother province, people's livelihood]\nsuggestions: [x]")
    )
    found = [
        i.text
        for i in engine.check(
            "Brother  province, brother-province, the people’s livelihood; brotherprovince, brother provinces."
        )
    ]
    assert found == ["Brother  province", "brother-province", "people’s livelihood"]


def test_substitution_requires_a_suggestion(tmp_path):
    from conftest import engine_for

    from mtpolish import RuleError

    with pytest.raises(RuleError, match="suggestions"):
        engine_for(tmp_path, rule("substitution", "pattern: x"))


# existence ------------------------------------------------------------------------------------


def test_existence_flags_each_match_with_message(make_engine):
    engine = make_engine(rule("existence", "pattern: '\\bnetizens?\\b'"))
    issues = engine.check("Netizens and a netizen, not a citizen.")
    assert [(i.text, i.message, i.fix) for i in issues] == [
        ("Netizens", "flagged Netizens", None),
        ("netizen", "flagged netizen", None),
    ]


def test_existence_case_sensitive_when_asked(make_engine):
    engine = make_engine(rule("existence", "pattern: 'US'\nignore_case: false"))
    assert [i.text for i in engine.check("US and us")] == ["US"]


# repetition -----------------------------------------------------------------------------------


def test_repetition_adjacent(make_engine):
    engine = make_engine(rule("repetition", "scope: adjacent\nmax_words: 2\nignore: [had had]"))
    assert spans(engine, "the the cat; in the in the box; he had had it; very, very; 10 10") == [
        ("the the", ["the"]),
        ("in the in the", ["in the"]),
    ]


def test_repetition_adjacent_stays_inside_a_sentence(make_engine):
    engine = make_engine(rule("repetition", "scope: adjacent\nmax_words: 2"))
    text = "They went to the market. The market was busy. It was the the best.\n\nBest best."
    assert spans(engine, text) == [("the the", ["the"]), ("Best best", ["Best"])]


def test_repetition_adjacent_leaves_reduplicated_names(make_engine):
    engine = make_engine(rule("repetition", "scope: adjacent"))
    assert engine.check("The actress Ni Ni met the reporter Li Li.") == []


def test_repetition_in_sentence_reports_longest_repeat_once(make_engine):
    engine = make_engine(rule("repetition", "scope: sentence\nmin_words: 2\nmax_words: 4"))
    text = "They dare to act and the state dares to act, daring to act daring to act. Dare to act."
    found = [i.text for i in engine.check(text)]
    assert "daring to act" in found
    # phrases only repeated across sentences are not reported
    assert all(i.start < text.index("Dare to act.") for i in engine.check(text))


def test_repetition_skips_function_words_and_names(make_engine):
    engine = make_engine(rule("repetition", "scope: sentence\nmin_words: 2\nmax_words: 3"))
    assert (
        engine.check(
            "It is in the box and it is in the car of Zhejiang University and Zhejiang University."
        )
        == []
    )


# pairing --------------------------------------------------------------------------------------


PAIRING = "first: '\\bon the one hand\\b'\nsecond: '\\bon the other hand\\b'"


def test_pairing_flags_first_without_second(make_engine):
    engine = make_engine(rule("pairing", PAIRING))
    assert [i.text for i in engine.check("On the one hand, trade grew.\n\nIt fell.")] == [
        "On the one hand"
    ]


def test_pairing_accepts_partner_after(make_engine):
    engine = make_engine(rule("pairing", PAIRING))
    assert engine.check("On the one hand, it grew; on the other hand, it fell.") == []


def test_pairing_order_and_next_paragraph(make_engine):
    after = make_engine(rule("pairing", PAIRING))
    assert len(after.check("On the other hand, it fell; on the one hand, it grew.")) == 1
    anywhere = make_engine(rule("pairing", PAIRING + "\norder: any"))
    assert anywhere.check("On the other hand, it fell; on the one hand, it grew.") == []
    spanning = make_engine(rule("pairing", PAIRING + "\nnext_paragraph: true"))
    assert spanning.check("On the one hand, it grew.\n\nOn the other hand, it fell.") == []
    assert len(after.check("On the one hand, it grew.\n\nOn the other hand, it fell.")) == 1


# density --------------------------------------------------------------------------------------


QUOTES = 'pattern: \'"[^"]{1,30}"\'\nmax: 1\nper: 20\nmin_count: 2'


def test_density_flags_dense_scope_only(make_engine):
    engine = make_engine(rule("density", QUOTES + "\nscope: paragraph"))
    dense = 'A "big" and "bold" and "new" move.'
    sparse = 'The official said "yes" and then the meeting went on for many more hours with no further news at all.'
    issues = engine.check(f"{dense}\n\n{sparse}")
    assert [i.text for i in issues] == ['"big"', '"bold"', '"new"']


def test_density_report_first_and_counts_in_message(make_engine):
    body = QUOTES + "\nreport: first"
    engine = make_engine(
        "- id: r\n  kind: density\n  category: style/awkward\n  severity: minor\n"
        "  message: '{count} quotes in {words} words'\n"
        + "".join(f"  {line}\n" for line in body.splitlines())
    )
    issues = engine.check('A "big" and "bold" and "new" move.')
    assert [(i.text, i.message) for i in issues] == [('"big"', "3 quotes in 7 words")]


# fragment -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("test", "bad", "goods"),
    [
        (
            "subjectless",
            "Gathered a large number of customers.",
            [
                "Founded in 1990, it grew.",
                "The firm gathered a large number of customers.",
                "Asked the question, the minister paused.",
            ],
        ),
        (
            "verbless",
            'Anti-epidemic "a game of chess".',
            ["The province is strong.", "Exports grew fast.", "Why is Zhejiang first?"],
        ),
        (
            "dangling-end",
            "Exports rose sharply in the.",
            ["Exports rose sharply in the spring.", "That is what it was made of"],
        ),
        (
            "lowercase-start",
            "and then exports grew again.",
            ["Then exports grew again.", "iPhone sales grew again."],
        ),
    ],
)
def test_fragment_tests(make_engine, test, bad, goods):
    engine = make_engine(rule("fragment", f"test: {test}"))
    assert [i.text for i in engine.check(bad)] == [bad]
    for good in goods:
        assert engine.check(good) == [], good


def test_fragment_capital_after_comma(make_engine):
    engine = make_engine(rule("fragment", "test: capital-after-comma"))
    found = spans(
        engine,
        "They met at the fair, Accurately develop clients. In Jakarta, Indonesia, Director Wang spoke.",
    )
    assert found == [("Accurately", ["accurately"])]


def test_fragment_capital_after_comma_skips_title_case_headlines(make_engine):
    engine = make_engine(rule("fragment", "test: capital-after-comma"))
    assert engine.check("Revenue Declines, But Savers Keep Their Money in Banks") == []
    assert [i.text for i in engine.check("According to reports, If the plan fails, we wait.")] == [
        "If"
    ]


def test_fragment_sentences_do_not_split_at_abbreviations(make_engine):
    engine = make_engine(rule("fragment", "test: subjectless"))
    assert engine.check("The firm, Sun Co. Ltd. gathered a team. Mr. Li signed the deal.") == []


# script ---------------------------------------------------------------------------------------


def test_script_flags_runs_and_fixes_mapped_runs(make_engine):
    engine = make_engine(
        rule("script", "scripts: [Han]\nchars: '，。'\nreplacements: {'，': ', ', '。': '.'}")
    )
    assert spans(engine, "Trade 四千精神 grew，fast。") == [
        ("四千精神", []),
        ("，", [", "]),
        ("。", ["."]),
    ]
    # no doubled space when one follows already
    assert spans(engine, "grew， fast") == [("，", [","])]


def test_script_rejects_unknown_script(tmp_path):
    from conftest import engine_for

    from mtpolish import RuleError

    with pytest.raises(RuleError, match="Klingon"):
        engine_for(tmp_path, rule("script", "scripts: [Klingon]"))


# language -------------------------------------------------------------------------------------


def test_language_flags_foreign_paragraph_deterministically(make_engine):
    engine = make_engine(rule("language", "min_chars: 30"))
    german = "Die Regierung hat heute neue Maßnahmen beschlossen, um den Außenhandel zu stärken."
    english = (
        "The government adopted new measures today to strengthen foreign trade in the province."
    )
    text = f"{english}\n\n{german}\n\nShort line."
    first = engine.check(text)
    assert [i.text for i in first] == [german]
    assert all(engine.check(text) == first for _ in range(3))


def test_language_does_not_ask_about_bylines_but_does_about_caseless_scripts(
    make_engine, monkeypatch
):
    from mtpolish.checks import language

    asked: list[str] = []
    detect = language.detect
    monkeypatch.setattr(language, "detect", lambda text: asked.append(text) or detect(text))
    engine = make_engine(rule("language", "min_chars: 30"))
    byline = "Xinhua News Agency Reporter Ni Yuanjin, Zhang Wei and Liu Xiaoming (Beijing)"
    arabic = "اتخذت حكومة المقاطعة اليوم إجراءات جديدة لدعم التجارة الخارجية في المنطقة كلها"
    found = engine.check(f"{byline}\n\n{arabic}")
    assert asked == [arabic]
    assert [i.text for i in found] == [arabic]


def test_language_skips_short_paragraphs(make_engine):
    engine = make_engine(rule("language", "min_chars: 40"))
    assert engine.check("Guten Tag, Herr Li.") == []


def test_when_and_unless_test_the_sentence_around_a_match(make_engine):
    engine = make_engine(
        rule(
            "substitution",
            "pattern: '\\bgo(?:es)? to sea\\b'\nsuggestions: [expand overseas]\n"
            "when: '\\b(?:compan(?:y|ies)|brands?|firms?)\\b'\nunless: '\\b(?:fish\\w*|boats?)\\b'",
        )
    )
    text = (
        "Chinese brands go to sea. The fishermen go to sea at dawn. "
        "Our firms and their boats go to sea. He goes to sea."
    )
    assert [i.start for i in engine.check(text)] == [text.index("go to sea")]


def test_language_rows_made_on_lookup_give_langdetects_own_answers(monkeypatch):
    """The n-gram table made row by row on lookup must answer as langdetect's own, made whole."""
    from langdetect import DetectorFactory, detector_factory

    from mtpolish.checks import language

    texts = [
        "Die Regierung hat heute neue Maßnahmen beschlossen, um den Außenhandel zu stärken.",
        "Le gouvernement a annoncé mercredi une série de mesures pour soutenir les entreprises.",
        "Hoh Xil Tibetan antelope enters migration season - Xinhuanet",
        "Schematic diagram of new mixed matrix membrane preparation technology",
        "这是一个测试句子，用来检查语言识别是否正确。",
        "Zhège shì yīgè cèshì jùzi, yònglái jiǎnchá yǔyán shìbié.",
        "Это тестовое предложение для проверки определения языка.",
        "12345 ... !!!",
    ]
    monkeypatch.setattr(language, "_factory", None)
    lazy = [language.detect(t) for t in texts]
    table = language._factory.word_lang_prob_map
    assert isinstance(table, language.NgramProbabilities)
    assert 0 < len(table) < 20_000  # rows only for the n-grams these texts hold

    DetectorFactory.seed = 0
    whole = DetectorFactory()
    whole.load_profile(detector_factory.PROFILES_DIRECTORY)
    monkeypatch.setattr(language, "_factory", whole)
    assert [language.detect(t) for t in texts] == lazy
    assert lazy[0][0] == "de" and lazy[2][0] == "en" and lazy[-1] is None


def test_language_rows_equal_langdetects_own_table():
    """Every row the packed table makes is the row langdetect makes itself, and it knows the
    same n-grams, in the same order of languages."""
    from langdetect import DetectorFactory, detector_factory

    from mtpolish.checks import language

    whole = DetectorFactory()
    whole.load_profile(detector_factory.PROFILES_DIRECTORY)
    names, packed = language._table(detector_factory.PROFILES_DIRECTORY)
    lazy = language.NgramProbabilities(len(names), packed)
    assert names == whole.langlist
    assert packed.keys() == whole.word_lang_prob_map.keys()
    assert all(lazy[ngram] == row for ngram, row in whole.word_lang_prob_map.items())
    assert "zzzz" not in lazy and "the" in lazy
    with pytest.raises(KeyError):
        lazy["zzzz"]


def test_mojibake_leaves_to_ftfy_only_what_its_badness_test_can_flag():
    """Every branch of ftfy's badness pattern needs a character outside `HARMLESS`, so a
    paragraph of harmless characters can be passed over without asking ftfy."""
    from re import _constants as sre
    from re import _parser as sre_parse

    import ftfy
    from ftfy.badness import BADNESS_RE

    from mtpolish.checks.mojibake import HARMLESS, _suspect

    def harmless(code: int) -> bool:
        return any(a <= code <= b for a, b in HARMLESS)

    def only_harmful(op, arg) -> bool:  # the element matches no harmless character
        if op is sre.LITERAL:
            return not harmless(arg)
        if op is not sre.IN:
            return False  # repeats, groups, categories: assume the worst
        for kind, value in arg:
            if kind is sre.NEGATE or kind is sre.CATEGORY:
                return False
            if kind is sre.LITERAL and harmless(value):
                return False
            if kind is sre.RANGE and any(value[0] <= b and a <= value[1] for a, b in HARMLESS):
                return False
        return True

    (op, (_, branches)), *rest = sre_parse.parse(BADNESS_RE.pattern, BADNESS_RE.flags).data
    assert op is sre.BRANCH and not rest and len(branches) > 20
    assert all(any(only_harmful(op, arg) for op, arg in b.data) for b in branches)

    clean = "“Hot search” — the 2 Sessions… • 18°C ‘ok’ 疫情防控，（完）"
    assert _suspect().search(clean) is None and ftfy.fix_encoding(clean) == clean
    for mojibake in ("cafÃ©", "â€œquotedâ€", "Ð¼Ð¾Ñ"):
        assert _suspect().search(mojibake) and ftfy.fix_encoding(mojibake) != mojibake
