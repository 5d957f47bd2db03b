"""`existence`: a pattern that is wrong wherever it stands, with optional suggestions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import model_validator

from ..casing import match_case
from ..document import Document
from ..rule import RuleBase
from .base import Check, Match, PatternFields, check_template, expand, finditer


class Rule(PatternFields, RuleBase):
    kind: Literal["existence"]
    suggestions: list[str] = []
    keep_case: bool = True

    @model_validator(mode="after")
    def _templates_fit_pattern(self):
        if self.suggestions:
            compiled = self.compiled()
            for template in self.suggestions:
                check_template(template, compiled)
        return self


class PatternCheck(Check[Rule]):
    """Flags every match of the rule's pattern; suggestions are expanded and take its case."""

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        self.pattern = rule.compiled()

    def find(self, doc: Document) -> Iterator[Match]:
        rule = self.rule
        for m in finditer(self.pattern, doc.prose):
            if m.end() == m.start():
                continue
            suggestions = tuple(expand(t, m) for t in rule.suggestions)
            if rule.keep_case:
                suggestions = tuple(match_case(m.group(), s) for s in suggestions)
            yield Match(m.start(), m.end(), suggestions)
