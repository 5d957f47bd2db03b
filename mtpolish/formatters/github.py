"""`--format github`: GitHub Actions workflow commands, one annotation per issue."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from . import FileResult, Options

_LEVELS = {"critical": "error", "major": "error", "minor": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(results: Sequence[FileResult], options: Options) -> Iterator[str]:
    for result in results:
        for i in result.issues:
            message = i.message
            if i.suggestions:
                first = i.suggestions[0]
                message += f' Suggestion: "{first}".' if first else " Suggestion: delete it."
            yield (
                f"::{_LEVELS[i.severity]} file={_property(i.path)},line={i.line},col={i.column},"
                f"endLine={i.end_line},endColumn={i.end_column},"
                f"title={_property(f'{i.rule} [{i.severity}]')}::{_data(message)}\n"
            )
