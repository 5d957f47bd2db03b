"""`script`: characters that do not belong in English text (Han, kana, full-width punctuation)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import regex
from pydantic import field_validator, model_validator

from ..document import Document
from ..rule import RuleBase
from .base import Check, Match, around_ends, finditer


class Rule(RuleBase):
    kind: Literal["script"]
    scripts: list[str] = []
    chars: str = ""
    replacements: dict[str, str] = {}

    @field_validator("scripts")
    @classmethod
    def _known_scripts(cls, value: list[str]) -> list[str]:
        for name in value:
            try:
                regex.compile(rf"\p{{Script={name}}}")
            except regex.error:
                raise ValueError(f"unknown Unicode script {name!r}") from None
        return value

    @model_validator(mode="after")
    def _something_to_find(self):
        if not self.scripts and not self.chars:
            raise ValueError("give 'scripts' or 'chars'")
        for char in self.replacements:
            if len(char) != 1:
                raise ValueError(f"replacements map single characters, not {char!r}")
        return self


class ScriptCheck(Check[Rule]):
    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        classes = [rf"\p{{Script={name}}}" for name in rule.scripts]
        classes += [regex.escape(c) for c in dict.fromkeys(rule.chars)]
        self.pattern = regex.compile(f"[{''.join(classes)}]+")

    def expression(self) -> tuple[str, bool]:
        return self.pattern.pattern, False

    def find(self, doc: Document) -> Iterator[Match]:
        # Where the Hyperscan prefilter saw its characters, if it ran: usually nowhere.
        ends = doc.ends.lookup(self) if doc.ends is not None else None
        if ends is None:
            matches = finditer(self.pattern, doc.prose)
        else:
            matches = around_ends(self.pattern, doc, ends)
        replacements = self.rule.replacements
        for m in matches:
            run = m.group()
            suggestions: tuple[str, ...] = ()
            if all(c in replacements for c in run):
                fixed = "".join(replacements[c] for c in run)
                # "，" → ", " must not double a space already there, nor add one at an end.
                following = doc.prose[m.end() : m.end() + 1]
                if not following or following.isspace():
                    fixed = fixed.rstrip(" ")
                preceding = doc.prose[m.start() - 1 : m.start()] if m.start() else ""
                if not preceding or preceding.isspace():
                    fixed = fixed.lstrip(" ")
                suggestions = (fixed,)
            yield Match(m.start(), m.end(), suggestions)
