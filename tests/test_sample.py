"""What mtpolish reports on the bundled sample article (a real MT article), reviewed by hand.

The snapshot lists every (rule, start, end, text). After a reviewed change to the rules,
regenerate it with `MTPOLISH_UPDATE_SNAPSHOT=1 python -m pytest tests/test_sample.py`.
"""

from __future__ import annotations

import json
import os

import pytest
from conftest import FIXTURES

import mtpolish

SAMPLE = FIXTURES / "zhejiang-charter-flights.txt"
SNAPSHOT = FIXTURES / "zhejiang-charter-flights.expected.json"
TEXT = SAMPLE.read_text(encoding="utf-8")

# Each artifact class of the article, and a rule that must catch it.
MUST_FIND = [
    ("zh-en/hot-search", "hot search"),
    ("zh-en/big-move-policy", '"big move"'),
    ("zh-en/four-thousand-spirit", '"four thousand spirit"'),
    ("zh-en/set-up-the-stage-sing-the-show", "set up the stage, the enterprises sang the show"),
    ("zh-en/thousands-of-mountains-and-rivers", "thousands of mountains and rivers"),
    ("zh-en/divine-manipulation", '"divine manipulation"'),
    ("zh-en/a-game-of-chess", '"a game of chess"'),
    ("zh-en/genetic-quoted", "genetic"),
    ("zh-en/poor-and-want-to-change", '"poor and want to change"'),
    ("zh-en/thinking-determines-way-out", "thinking determines the way out"),
    ("zh-en/netizens", "netizens"),
    ("zh-en/brother-provinces", "other brother provinces and cities"),
    ("zh-en/relevant-person-in-charge", "the relevant person in charge"),
    ("zh-en/subjectless-sentence", "Gathered a large number of old customers."),
    ("zh-en/verbless-sentence", 'Anti-epidemic "a game of chess".'),
    ("zh-en/space-before-punctuation", " ,"),
    ("zh-en/capital-after-comma", "Accurately"),
    ("zh-en/end-marker", "(Finish)"),
    ("zh-en/leading-indentation", "  "),
    ("zh-en/on-the-one-hand-alone", "on the one hand"),
    ("zh-en/scare-quotes", '"breaking through"'),
    ("zh-en/makes-x-have", "makes Zhejiang have"),
    ("zh-en/verb-again-and-again", "groped again and again"),
    ("zh-en/according-to-reporters-observation", "According to the reporter's observation"),
    ("zh-en/with-practical-actions", "with practical actions"),
    ("zh-en/old-customers", "old customers"),
    ("zh-en/peripheral-products", "peripheral products"),
]


def found():
    return mtpolish.check(TEXT, path=str(SAMPLE.name), min_severity="info")


@pytest.mark.parametrize(("rule", "text"), MUST_FIND, ids=[r for r, _ in MUST_FIND])
def test_artifact_is_found(rule, text):
    assert (rule, text) in {(i.rule, i.text) for i in found()}


def test_snapshot():
    current = [[i.rule, i.start, i.end, i.text] for i in found()]
    if os.environ.get("MTPOLISH_UPDATE_SNAPSHOT"):
        rows = ",\n".join(json.dumps(row, ensure_ascii=False) for row in current)
        SNAPSHOT.write_text(f"[\n{rows}\n]\n", encoding="utf-8")
    assert current == json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_clean_human_paragraph_has_no_issue():
    text = (
        "Zhejiang, a province known for its exporters, has organised charter flights to take "
        "business people abroad for the first time since the pandemic began. Officials said the "
        "flights would help companies meet customers face to face and win new orders before "
        "Christmas."
    )
    assert mtpolish.check(text) == []
