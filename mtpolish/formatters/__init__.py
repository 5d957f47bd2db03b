"""Output formats. Formatters see results (paths, texts, issues), never rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from ..issue import Issue
from ..segment import count_words


@dataclass(frozen=True)
class FileResult:
    path: str
    text: str  # the text the issues' offsets point into
    issues: Sequence[Issue]  # a list, or `IssueRows` for a large file
    # When `text` was not kept (a large file checked in pieces): reads the text again, in
    # pieces that end at a line break or a space (`textio.stream`).
    source: Callable[[], Iterable[str]] | None = None

    @cached_property
    def word_count(self) -> int:
        """The words in the file, counted only for a report that shows them: most runs (JSON,
        SARIF, --quiet) never ask."""
        if self.source is not None:
            return sum(map(count_words, self.source()))  # pieces end between words
        return count_words(self.text)


@dataclass(frozen=True)
class Options:
    quiet: bool = False
    statistics: bool = False
    show_fixes_hint: bool = True
    fixed: dict[str, int] = field(default_factory=dict)  # path → issues fixed there
    color: bool = False


# A report comes in pieces, written as they are made: a large file's report is never held whole.
Formatter = Callable[[Sequence[FileResult], Options], Iterable[str]]

NAMES = ("text", "json", "sarif", "github")


def get(name: str) -> Formatter:
    if name == "json":
        from .json_format import render
    elif name == "sarif":
        from .sarif import render
    elif name == "github":
        from .github import render
    else:
        from .text import render
    return render
