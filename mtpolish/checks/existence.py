"""`existence`: a pattern that is wrong wherever it stands, with optional suggestions."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Literal

import regex
from pydantic import model_validator

from ..casing import match_case
from ..document import Document
from ..literals import Literals
from ..rule import RuleBase
from .base import Check, Match, PatternFields, check_template, expand, find_narrowed


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
        self._pattern: regex.Pattern[str] | None = None
        self.context = rule.context()

    @property
    def pattern(self) -> regex.Pattern[str]:
        # Compiled on first use: with the literal scan, most patterns never run on most texts,
        # and a large pack starts faster. Two threads racing here compile the same thing.
        if self._pattern is None:
            self._pattern = self.rule.compiled()
        return self._pattern

    def prepare(self) -> None:
        self.pattern  # noqa: B018 - compiles it

    def literals(self) -> Literals:
        return self.rule.literals()

    def expression(self) -> tuple[str, bool]:
        return self.rule.expression(), self.rule.ignore_case

    @cached_property
    def word_start(self) -> bool:
        return self.literals().word_start

    def find(self, doc: Document) -> Iterator[Match]:
        rule = self.rule
        for m in find_narrowed(lambda: self.pattern, doc, self, self.word_start):
            if m.end() == m.start():
                continue
            if self.context and not self.context.allows(doc, m.start()):
                continue
            suggestions = tuple(expand(t, m) for t in rule.suggestions)
            if rule.keep_case:
                suggestions = tuple(match_case(m.group(), s) for s in suggestions)
            yield Match(m.start(), m.end(), suggestions)
