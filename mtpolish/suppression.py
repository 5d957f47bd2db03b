"""Inline suppression comments, as in Vale and ruff:

    <!-- mtpolish-disable zh-en/netizens -->   ... <!-- mtpolish-enable -->
    <!-- mtpolish-disable-next-line zh-en/hot-search -->

Without rule names a comment applies to every rule; names may be rule ids, pack names or globs.
A comment that suppresses nothing can be reported (`unused`), like ruff's unused `noqa`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import regex

from .document import LineIndex
from .issue import Issue
from .selection import matches

_DIRECTIVE = regex.compile(
    r"<!--[^\S\r\n]*mtpolish-(disable-next-line|disable|enable)((?:[^\S\r\n]+[\w/*.?\[\]-]+)*)"
    r"[^\S\r\n]*-->"
)


@dataclass
class Directive:
    kind: str
    rules: tuple[str, ...]  # empty: every rule
    start: int
    end: int
    ranges: list[tuple[int, int]] = field(default_factory=list)  # offsets it covers
    used: bool = False

    def covers(self, rule: str) -> bool:
        return not self.rules or any(matches(s, rule) for s in self.rules)


def directives(text: str) -> list[Directive]:
    """The comments in `text` with the ranges they cover."""
    if "mtpolish-" not in text:
        return []
    found = [
        Directive(m.group(1), tuple(m.group(2).split()), m.start(), m.end())
        for m in _DIRECTIVE.finditer(text)
    ]
    lines = LineIndex(text)
    for i, d in enumerate(found):
        if d.kind == "disable-next-line":
            line, _ = lines.position(d.end)  # 1-based: starts[line] begins the next line
            if line < len(lines.starts):
                end = lines.starts[line + 1] if line + 1 < len(lines.starts) else len(text)
                d.ranges.append((lines.starts[line], end))
        elif d.kind == "disable":
            stop = next((e.start for e in found[i + 1 :] if _ends(d, e)), len(text))
            d.ranges.append((d.end, stop))
    return found


def _ends(disable: Directive, later: Directive) -> bool:
    """A bare `enable` ends every `disable`; a named one ends those that share a name."""
    if later.kind != "enable":
        return False
    return not later.rules or bool(set(later.rules) & set(disable.rules))


class Chunked:
    """The comments of a text checked in chunks, one chunk after another: a `disable` still
    open at the end of a chunk applies from the start of the next, until an `enable` ends it."""

    def __init__(self) -> None:
        self._open: list[Directive] = []

    def add(self, chunk: str) -> tuple[list[Directive], list[Directive]]:
        """The chunk's own comments, and all that apply in it (its own and those carried in),
        their ranges in its offsets."""
        own = directives(chunk)
        carried = []
        for d in self._open:
            stop = next((e.start for e in own if _ends(d, e)), len(chunk))
            d.ranges = [(0, stop)]
            carried.append(d)
        applying = carried + own
        self._open = [d for d in applying if d.kind == "disable" and d.ranges[-1][1] == len(chunk)]
        return own, applying


def apply(issues: Sequence[Issue], found: Sequence[Directive]) -> list[Issue]:
    """The issues no directive suppresses; marks the directives that suppressed something."""
    if not found:
        return list(issues)
    kept = []
    for issue in issues:
        suppressed = False
        for d in found:
            if any(a <= issue.start < b for a, b in d.ranges) and d.covers(issue.rule):
                d.used = suppressed = True
        if not suppressed:
            kept.append(issue)
    return kept


def unused(found: Sequence[Directive]) -> list[Directive]:
    return [d for d in found if d.kind != "enable" and not d.used]
