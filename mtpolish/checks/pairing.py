"""`pairing`: a phrase that needs a partner in scope ("on the one hand" ... "on the other hand")."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import Literal

from pydantic import field_validator

from ..document import Document
from ..literals import Literals, literals
from ..rule import RuleBase
from ..segment import Span
from .base import (
    Check,
    Match,
    check_regex,
    compile_pattern,
    finditer,
    search_plan,
    timeout_for,
)


class Rule(RuleBase):
    kind: Literal["pairing"]
    first: str
    second: str
    scope: Literal["sentence", "paragraph", "document"] = "paragraph"
    next_paragraph: bool = False
    order: Literal["after", "any"] = "after"
    suggestions: list[str] = []
    ignore_case: bool = True

    @field_validator("first", "second")
    @classmethod
    def _compiles(cls, value: str) -> str:
        check_regex(value)
        return value


class PairingCheck(Check[Rule]):
    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        self.first = compile_pattern(rule.first, rule.ignore_case)
        self.second = compile_pattern(rule.second, rule.ignore_case)

    def _scopes(self, doc: Document) -> list[tuple[Span, int]]:
        """(where `first` is looked for, where the search for `second` stops)."""
        if self.rule.scope == "document":
            return [(Span(0, len(doc.prose)), len(doc.prose))]
        if self.rule.scope == "sentence":
            return [(s, s.end) for s in doc.sentences]
        paragraphs = doc.paragraphs
        stops = [p.end for p in paragraphs]
        if self.rule.next_paragraph and stops:
            stops = [*stops[1:], len(doc.prose)]
        return list(zip(paragraphs, stops, strict=True))

    def literals(self) -> Literals:
        return literals(self.rule.first)  # no `first`, nothing to pair

    def leading_allowed(self) -> bool:
        return False  # `first` is searched scope by scope, not tried at places

    def expression(self) -> tuple[str, bool]:
        return self.rule.first, self.rule.ignore_case  # what is reported is a match of it

    def find(self, doc: Document) -> Iterator[Match]:
        plan = search_plan(doc, self)
        starts = plan[1] if plan is not None else None
        ends = doc.ends.lookup(self) if doc.ends is not None else None
        for home, stop in self._scopes(doc):
            if starts is not None and not _holds(home, starts):
                continue  # none of `first`'s literals in this scope
            if ends is not None and not _holds(home, ends):
                continue  # no match of `first` can end in it (the Hyperscan prefilter)
            for m in finditer(self.first, doc.prose, home.start, home.end):
                if m.end() == m.start():
                    continue
                look_from = m.end() if self.rule.order == "after" else home.start
                if not self.second.search(
                    doc.prose, look_from, stop, timeout=timeout_for(stop - look_from)
                ):
                    yield Match(m.start(), m.end(), tuple(self.rule.suggestions))


def _holds(span: Span, offsets: list[int]) -> bool:
    """Whether one of the sorted `offsets` lies in `span`."""
    i = bisect.bisect_left(offsets, span.start)
    return i < len(offsets) and offsets[i] < span.end
