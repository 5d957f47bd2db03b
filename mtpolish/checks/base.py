"""The interface every rule kind implements, and the pattern fields several kinds share."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

import regex
from pydantic import BaseModel, field_validator, model_validator

from .. import redos
from ..document import Document
from ..rule import RuleBase

# Seconds a single pattern may run over one document before the rule is skipped there.
PATTERN_TIMEOUT = 2.0


@dataclass(frozen=True, slots=True)
class Match:
    """A span a rule flags, with its replacements and, if the kind words it, its own message."""

    start: int
    end: int
    suggestions: tuple[str, ...] = ()
    message: str | None = None


R = TypeVar("R", bound=RuleBase)


class Check(ABC, Generic[R]):
    """A compiled rule: built once from its validated model, then run on many documents.

    Checks keep no state between documents, so one engine can serve many threads.
    """

    def __init__(self, rule: R) -> None:
        self.rule = rule

    @abstractmethod
    def find(self, doc: Document) -> Iterable[Match]:
        """Spans of `doc` this rule flags; they are searched in `doc.prose`."""


def compile_pattern(pattern: str, ignore_case: bool) -> regex.Pattern[str]:
    return regex.compile(pattern, regex.IGNORECASE if ignore_case else 0)


def phrases_pattern(phrases: list[str]) -> str:
    """One alternation for literal phrases, longest first so the longest match wins."""
    return "|".join(_phrase_regex(p) for p in sorted(set(phrases), key=lambda p: (-len(p), p)))


def _phrase_regex(phrase: str) -> str:
    out: list[str] = []
    for c in phrase.strip():
        if c.isspace():
            if not out or out[-1] != r"(?:\s*-\s*|\s+)":
                out.append(r"(?:\s*-\s*|\s+)")
        elif c in "'’":
            out.append("['’]")
        elif c in '"“”':
            out.append('["“”]')
        elif c == "-":
            out.append(r"(?:\s*-\s*|\s+)")
        else:
            out.append(regex.escape(c))
    body = "".join(out)
    text = phrase.strip()
    head = r"\b" if text[:1].isalnum() else ""
    tail = r"\b" if text[-1:].isalnum() else ""
    return f"{head}{body}{tail}"


def finditer(pattern: regex.Pattern[str], text: str, start: int = 0, end: int | None = None):
    return pattern.finditer(text, start, len(text) if end is None else end, timeout=PATTERN_TIMEOUT)


class PatternFields(BaseModel):
    """`pattern` (a regex) or `phrases` (literals), validated when the rule file is read."""

    pattern: str | None = None
    phrases: list[str] | None = None
    ignore_case: bool = True

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            check_regex(value)
        return value

    @field_validator("phrases")
    @classmethod
    def _not_blank(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and (not value or any(not p.strip() for p in value)):
            raise ValueError("phrases must be a non-empty list of non-blank strings")
        return value

    @model_validator(mode="after")
    def _pattern_or_phrases(self):
        if (self.pattern is None) == (self.phrases is None):
            raise ValueError("give either 'pattern' or 'phrases'")
        return self

    def compiled(self) -> regex.Pattern[str]:
        source = self.pattern if self.pattern is not None else phrases_pattern(self.phrases or [])
        return compile_pattern(source, self.ignore_case)


def check_regex(value: str) -> regex.Pattern[str]:
    # Checked before compiling: some patterns exhaust memory in the compiler itself.
    why = redos.problem(value)
    if why:
        raise ValueError(f"refused regular expression {value!r}: {why}")
    try:
        return regex.compile(value)
    except (regex.error, OverflowError, ValueError, RecursionError) as e:
        raise ValueError(f"bad regular expression {value!r}: {e}") from None


_GROUP_REF = regex.compile(r"\\(?:(\d+)|g<(\w+)>)")


def check_template(template: str, pattern: regex.Pattern[str]) -> None:
    for m in _GROUP_REF.finditer(template):
        ref = m.group(1) or m.group(2)
        known = int(ref) <= pattern.groups if ref.isdigit() else ref in pattern.groupindex
        if not known:
            raise ValueError(
                f"suggestion {template!r} refers to group {ref!r}, which the pattern lacks"
            )


def expand(template: str, match: regex.Match[str]) -> str:
    """Fill `\\1` and `\\g<name>` from the match; everything else is literal."""

    def group(m: regex.Match[str]) -> str:
        ref = m.group(1) or m.group(2)
        return match.group(int(ref) if ref.isdigit() else ref) or ""

    return _GROUP_REF.sub(group, template)


def spans_in(matches: Iterator[regex.Match[str]]) -> Iterator[tuple[int, int]]:
    for m in matches:
        if m.end() > m.start():
            yield m.start(), m.end()
