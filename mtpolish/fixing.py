"""Applying edits: choose non-overlapping ones, apply from the end, verify the rest is intact."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from .errors import FixVerificationError
from .issue import Edit, Issue


def choose(issues: Sequence[Issue], unsafe: bool) -> list[tuple[Issue, list[Edit]]]:
    """The fixable issues whose edits overlap no earlier chosen edit (by position, then rule id)."""
    candidates = sorted(
        (i for i in issues if i.fix and i.fix.edits and (i.fix.safe or unsafe)),
        key=lambda i: (min(e.start for e in i.fix.edits), i.end, i.rule),  # type: ignore[union-attr]
    )
    chosen: list[tuple[Issue, list[Edit]]] = []
    taken: list[tuple[int, int]] = []
    for issue in candidates:
        edits = sorted(issue.fix.edits, key=lambda e: (e.start, e.end))  # type: ignore[union-attr]
        if any(_overlaps(e, span) for e in edits for span in taken) or _self_overlapping(edits):
            continue
        chosen.append((issue, edits))
        taken += [(e.start, e.end) for e in edits]
    return chosen


def _overlaps(edit: Edit, span: tuple[int, int]) -> bool:
    start, end = span
    if edit.start == edit.end or start == end:  # insertions collide only at the same point
        return start <= edit.start <= end and start <= edit.end <= end
    return edit.start < end and start < edit.end


def _self_overlapping(edits: list[Edit]) -> bool:
    return any(a.end > b.start for a, b in pairwise(edits))


def apply(text: str, edits: Sequence[Edit]) -> str:
    """Apply non-overlapping edits, all offsets referring to the text as given (linear time)."""
    parts: list[str] = []
    pos = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        parts += (text[pos : edit.start], edit.replacement)
        pos = edit.end
    parts.append(text[pos:])
    return "".join(parts)


def verify(before: str, after: str, edits: Sequence[Edit]) -> None:
    """Check, independently of `apply`, that `after` is `before` with exactly these edits.

    As black compares the trees before and after formatting, this refuses any output in which a
    character outside the edited spans moved or changed.
    """
    pos_before = pos_after = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        gap = edit.start - pos_before
        if before[pos_before : edit.start] != after[pos_after : pos_after + gap]:
            raise FixVerificationError(
                f"text before offset {edit.start} changed outside the edited spans"
            )
        pos_after += gap
        if after[pos_after : pos_after + len(edit.replacement)] != edit.replacement:
            raise FixVerificationError(f"edit at offset {edit.start} was not applied as given")
        pos_after += len(edit.replacement)
        pos_before = edit.end
    if before[pos_before:] != after[pos_after:]:
        raise FixVerificationError("text after the last edit changed")
