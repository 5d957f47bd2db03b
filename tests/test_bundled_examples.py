"""Every bundled rule's examples pass, as LanguageTool runs its rules' examples."""

from __future__ import annotations

import pytest

from mtpolish import examples, loader
from mtpolish.engine import bundled_rules_dir

PACKS = loader.load_paths([bundled_rules_dir()])
RULES = [(pack, rule) for pack in PACKS for rule in pack.rules]


def test_bundled_packs_load_and_are_not_empty():
    assert PACKS and len(RULES) >= 20


@pytest.mark.parametrize(("pack", "rule"), RULES, ids=[p.rule_id(r) for p, r in RULES])
def test_rule_examples(pack, rule):
    one = pack.model_copy(update={"rules": [rule]})
    problems = [f.problem for f in examples.failures([one])]
    assert problems == []


def test_every_kind_is_exercised_by_a_bundled_rule():
    from mtpolish.checks import KINDS

    assert {rule.kind for _, rule in RULES} == set(KINDS)


def test_example_runner_reports_failures(make_engine):
    engine = make_engine(
        """
        - id: cat
          kind: substitution
          category: style/unidiomatic
          severity: minor
          message: no cats
          pattern: '\\bcat\\b'
          suggestions: [dog]
          examples:
            - bad: A cat sat.
              fixed: A bird sat.
            - bad: No animal here.
            - good: The cat is fine.
        """,
    )
    problems = [f.problem for f in examples.failures(engine.packs)]
    assert any("expected 'A bird sat.'" in p for p in problems)
    assert any("does not flag bad text" in p for p in problems)
    assert any("flags good text" in p for p in problems)
