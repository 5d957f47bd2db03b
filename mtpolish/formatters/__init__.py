"""Output formats. Formatters see results (paths, texts, issues), never rules."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..issue import Issue


@dataclass(frozen=True)
class FileResult:
    path: str
    text: str
    issues: list[Issue]
    words: int


@dataclass(frozen=True)
class Options:
    quiet: bool = False
    statistics: bool = False
    show_fixes_hint: bool = True
    fixed: dict[str, int] = field(default_factory=dict)  # path → issues fixed there


Formatter = Callable[[Sequence[FileResult], Options], str]


def get(name: str) -> Formatter:
    from . import json_format, text

    formatters: dict[str, Formatter] = {"text": text.render, "json": json_format.render}
    return formatters[name]


NAMES = ("text", "json")
