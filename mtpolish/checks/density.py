"""`density`: too many matches for the length of the text (scare quotes on every second phrase)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from ..document import Document
from ..literals import Literals
from ..rule import RuleBase
from ..segment import Span
from .base import Check, Match, PatternFields, finditer, search_plan


class Rule(PatternFields, RuleBase):
    kind: Literal["density"]
    max: float = Field(gt=0)
    per: int = Field(100, ge=1)
    scope: Literal["paragraph", "document"] = "document"
    min_count: int = Field(3, ge=1)
    report: Literal["each", "first"] = "each"
    suggestions: list[str] = []


class DensityCheck(Check[Rule]):
    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        self.pattern = rule.compiled()

    def literals(self) -> Literals:
        return self.rule.literals()

    def leading_allowed(self) -> bool:
        return False  # counts need every match per scope; the scan only says "none here"

    def find(self, doc: Document) -> Iterator[Match]:
        plan = search_plan(doc, self)
        if plan is not None and not plan[1]:
            return
        scopes = doc.paragraphs if self.rule.scope == "paragraph" else [Span(0, len(doc.prose))]
        for scope in scopes:
            found = [
                m
                for m in finditer(self.pattern, doc.prose, scope.start, scope.end)
                if m.end() > m.start()
            ]
            if len(found) < self.rule.min_count:
                continue
            words = doc.word_count(scope)
            if len(found) <= self.rule.max * max(words, 1) / self.rule.per:
                continue
            for m in found[:1] if self.rule.report == "first" else found:
                message = self.rule.format_message(match=m.group(), count=len(found), words=words)
                yield Match(m.start(), m.end(), tuple(self.rule.suggestions), message)
