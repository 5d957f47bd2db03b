"""`--format text`: `PATH:LINE:COL: RULE [SEVERITY] MESSAGE`, context, then a summary."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence

from ..errors import MtpolishError
from ..issue import MQM_WEIGHTS, SEVERITIES, Issue
from . import FileResult, Options

_CONTEXT = 50  # characters of the source line shown each side of a span
_SEVERITY_COLORS = {"critical": "1;31", "major": "31", "minor": "33", "info": "36"}


def _paint(text: str, code: str, on: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if on and text else text


def render(results: Sequence[FileResult], options: Options) -> Iterator[str]:
    if options.statistics:
        yield from _lines(_statistics(i for r in results for i in r.issues))
    else:
        for result in results:
            lines = _Lines(result) if not options.quiet else None
            for issue in result.issues:
                color = options.color
                where = _paint(f"{issue.path}:{issue.line}:{issue.column}:", "1", color)
                severity = _paint(f"[{issue.severity}]", _SEVERITY_COLORS[issue.severity], color)
                yield f"{where} {_paint(issue.rule, '2', color)} {severity} {issue.message}\n"
                if lines is not None:
                    yield from _lines(_context(issue, lines.get(issue.line), color))
    if not options.quiet:
        yield _summary(results, options) + "\n"


def _lines(lines: Iterable[str]) -> Iterator[str]:
    return (line + "\n" for line in lines)


class _Lines:
    """A result's source lines by number (`str.splitlines`). A result without its text reads it
    again, once, forward only: issues come sorted, so a report needs each line once."""

    def __init__(self, result: FileResult) -> None:
        self._all = result.text.splitlines()
        self._read = _reread(result.source) if result.source and not result.text else None
        self._number, self._line = 0, ""

    def get(self, number: int) -> str:
        if self._read is None:
            return self._all[number - 1] if number <= len(self._all) else ""
        while self._number < number:
            self._line = next(self._read, "")
            self._number += 1
        return self._line if self._number == number else ""


def _reread(source: Callable[[], Iterable[str]]) -> Iterator[str]:
    """The lines of the pieces `source` reads; none if the file cannot be read again (the
    report then shows no source lines, but is otherwise whole)."""
    rest = ""
    try:
        for piece in source():
            lines = (rest + piece).splitlines()
            # A piece ends at a line break or inside a line (at a space): then its last line
            # goes on in the next piece.
            rest = "" if piece.endswith("\n") or not lines else lines.pop()
            yield from lines
    except MtpolishError:
        return
    if rest:
        yield rest


def _context(issue: Issue, source: str, color: bool = False) -> list[str]:
    start = issue.column - 1
    end = issue.end_column - 1 if issue.end_line == issue.line else len(source)
    end = min(end, start + 2 * _CONTEXT)  # a long span: underline its start only
    left = max(0, start - _CONTEXT)
    right = min(len(source), end + _CONTEXT)
    shown = ("…" if left else "") + source[left:right] + ("…" if right < len(source) else "")
    pad = _width(("…" if left else "") + source[left:start])
    caret = " " * pad + "^" * max(1, _width(source[start:end]))
    caret = " " * pad + _paint(caret.lstrip(), _SEVERITY_COLORS[issue.severity], color)
    out = [f"    | {shown.expandtabs(1)}", f"    | {caret}"]
    if issue.suggestions:
        shown_suggestions = ", ".join(f'"{s}"' if s else "(delete)" for s in issue.suggestions[:3])
        kind = "" if not issue.fix else " (safe fix)" if issue.fix.safe else " (unsafe fix)"
        out.append(f"    = suggestion: {_paint(shown_suggestions, '32', color)}{kind}")
    return out


def _width(text: str) -> int:
    """Terminal columns: wide East Asian characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text.expandtabs(1))


def _statistics(issues: Iterable[Issue]) -> list[str]:
    counts: Counter[str] = Counter()
    severities: dict[str, str] = {}
    for i in issues:
        counts[i.rule] += 1
        severities[i.rule] = i.severity
    width = max((len(str(n)) for n in counts.values()), default=1)
    return [
        f"{n:>{width}}  {rule} [{severities[rule]}]"
        for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def _summary(results: Sequence[FileResult], options: Options) -> str:
    # One pass over the issues, none kept: a large file's are rebuilt as they are read.
    by_severity: Counter[str] = Counter()
    safe = unsafe = 0
    for result in results:
        for i in result.issues:
            by_severity[i.severity] += 1
            if i.fix:
                safe += i.fix.safe
                unsafe += not i.fix.safe
    total = sum(by_severity.values())
    words = sum(r.word_count for r in results)
    files = len(results)
    plural = "s" if files != 1 else ""
    fixed = sum(options.fixed.values())
    fixed_note = f"Fixed {fixed} issue{'s' if fixed != 1 else ''}. " if fixed else ""
    if not total:
        return f"{fixed_note}No issues in {files} file{plural} ({words:,} words)."
    counts = ", ".join(f"{by_severity[s]} {s}" for s in reversed(SEVERITIES) if by_severity[s])
    penalty = sum(MQM_WEIGHTS[s] * n for s, n in by_severity.items()) * 1000 / max(words, 1)
    summary = (
        f"{fixed_note}Found {total} issue{'s' if total != 1 else ''} "
        f"({counts}) in {files} file{plural}; "
        f"MQM penalty {penalty:.1f} per 1000 words ({words:,} words)."
    )
    if options.show_fixes_hint:
        if safe:
            summary += f" {safe} fixable with --fix."
        if unsafe:
            summary += f" {unsafe} more with --unsafe-fixes."
    return summary
