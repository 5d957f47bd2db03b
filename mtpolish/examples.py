"""Running each rule's own examples, as LanguageTool does: the rule alone, on each text."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .engine import Engine
from .pack import RulePack


@dataclass(frozen=True)
class ExampleFailure:
    rule: str
    origin: str
    problem: str


def failures(packs: Sequence[RulePack]) -> Iterator[ExampleFailure]:
    """Every way a rule's examples fail; a rule needs at least one bad and one good example."""
    for pack in packs:
        for rule in pack.rules:
            rule_id = pack.rule_id(rule)
            engine = Engine([pack.model_copy(update={"rules": [rule]})])
            for problem in _problems(engine, rule):
                yield ExampleFailure(rule_id, pack.origins.get(rule.id, pack.name), problem)


def _problems(engine: Engine, rule) -> Iterator[str]:
    if not any(e.bad is not None for e in rule.examples):
        yield "has no 'bad' example"
    if not any(e.good is not None for e in rule.examples):
        yield "has no 'good' example"
    markup = rule.markups[0] if rule.markups else "text"
    for example in rule.examples:
        if example.good is not None:
            flagged = engine.check(example.good, markup=markup)
            if flagged:
                yield f"flags good text {example.good!r} at {flagged[0].text!r}"
            continue
        bad = example.bad or ""
        found = engine.check(bad, markup=markup)
        if not found:
            yield f"does not flag bad text {bad!r}"
            continue
        if example.flagged is not None and example.flagged not in [i.text for i in found]:
            yield f"flags {[i.text for i in found]} in {bad!r}, expected {example.flagged!r}"
        if example.fixed is not None:
            fixed = engine.fix(bad, unsafe=True, markup=markup).text
            if fixed != example.fixed:
                yield f"fixes {bad!r} to {fixed!r}, expected {example.fixed!r}"
