"""`IssueRows`: many issues kept as tuples, read back as `Issue`s.

A large file checked in pieces can hold 100,000s of issues. As pydantic models they take about
1.3 KB each (a dict per model, a model per fix and per edit); as tuples sharing their repeated
strings, about a third of that. Reading builds each `Issue` again, without validation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

from .issue import Edit, Fix, Issue, built

_FIX = 13  # index of the fix in a row; the fields before it are the issue's, in order
_START = 9  # index of the start offset (the end follows)


class IssueRows(Sequence[Issue]):
    """A read-only list of issues, stored compactly; `append` adds one."""

    def __init__(self, issues: Iterable[Issue] = ()) -> None:
        self._rows: list[tuple[Any, ...]] = []
        self._shared: dict[Any, Any] = {}
        for issue in issues:
            self.append(issue)

    def append(self, issue: Issue) -> None:
        share = self._share
        start, end = issue.start, issue.end
        fix = None
        if issue.fix:
            # An edit usually spans the issue: the same int objects then serve both.
            edits = tuple(
                (
                    start if e.start == start else e.start,
                    end if e.end == end else e.end,
                    share(e.replacement),
                )
                for e in issue.fix.edits
            )
            fix = (issue.fix.safe, edits)
        self._rows.append(
            (
                share(issue.path),
                share(issue.rule),
                issue.severity,
                share(issue.category),
                share(issue.message),
                issue.line,
                issue.column,
                issue.line if issue.end_line == issue.line else issue.end_line,
                issue.end_column,
                start,
                end,
                share(issue.text),
                share(tuple(share(s) for s in issue.suggestions)),
                fix,
            )
        )

    def sort(self) -> None:
        """Into the order of `Engine.check`: by start, then end, then rule."""
        self._rows.sort(key=lambda row: (row[_START], row[_START + 1], row[1]))

    def _share(self, value: Any) -> Any:
        """One object per distinct value: messages, spans and suggestions repeat a lot."""
        return self._shared.setdefault(value, value)

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> Issue: ...
    @overload
    def __getitem__(self, index: slice) -> list[Issue]: ...
    def __getitem__(self, index: int | slice) -> Issue | list[Issue]:
        if isinstance(index, slice):
            return [_issue(row) for row in self._rows[index]]
        return _issue(self._rows[index])

    def __iter__(self) -> Iterator[Issue]:
        return map(_issue, self._rows)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"IssueRows({len(self)} issues)"

    def __getstate__(self) -> list[tuple[Any, ...]]:
        return self._rows  # sent to the parent process; sharing is rebuilt there if needed

    def __setstate__(self, rows: list[tuple[Any, ...]]) -> None:
        self._rows, self._shared = rows, {}


def _issue(row: tuple[Any, ...]) -> Issue:
    fields = dict(zip(Issue.model_fields, row, strict=False))
    fields["suggestions"] = list(row[_FIX - 1])
    fix = row[_FIX]
    if fix is not None:
        safe, edits = fix
        fields["fix"] = built(
            Fix, safe=safe, edits=[built(Edit, start=s, end=e, replacement=r) for s, e, r in edits]
        )
    return built(Issue, **fields)
