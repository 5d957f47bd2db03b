"""`--format json`: one array of Contract 2 objects, ordered by path then start."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from . import FileResult, Options


def render(results: Sequence[FileResult], options: Options) -> Iterator[str]:
    # Issue by issue, as `json.dumps` of the whole list with indent=2 would lay them out.
    issues = (issue for result in results for issue in result.issues)
    first = next(issues, None)
    if first is None:
        yield "[]\n"
        return
    yield "[\n" + _item(first)
    for issue in issues:
        yield ",\n" + _item(issue)
    yield "\n]\n"


def _item(issue) -> str:
    dumped = json.dumps(issue.model_dump(), ensure_ascii=False, indent=2)
    return "\n".join("  " + line for line in dumped.splitlines())
