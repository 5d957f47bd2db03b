"""The chengyu pack generated from PETCI never fires on a gold or human rendering of its idioms,
and each of its rules catches its own literal rendering."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES, ROOT

from mtpolish import Engine

PACK = ROOT / "rules" / "zh-en" / "chengyu-petci.yaml"
IDIOMS = json.loads((FIXTURES / "petci-renderings.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def engine():
    return Engine.from_paths([PACK])


def test_fixture_covers_every_rule(engine):
    assert set(engine.rule_ids) == {f"zh-en/{x['rule'].split('/', 1)[1]}" for x in IDIOMS}


def test_no_rule_fires_on_gold_or_human_renderings(engine):
    renderings = [r for x in IDIOMS for r in [x["gold"], *x["human"]]]
    assert len(renderings) > 1000
    text = "\n\n".join(renderings) + "\n"
    assert [(i.rule, i.text) for i in engine.check(text)] == []


def test_each_rule_catches_its_first_phrase(engine):
    sentences = [
        f"The translation read {c.rule.phrases[0].lower()} at this point." for c in engine.rules
    ]
    flagged = {i.rule for i in engine.check("\n\n".join(sentences) + "\n")}
    assert flagged == set(engine.rule_ids)
