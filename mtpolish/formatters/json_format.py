"""`--format json`: one array of Contract 2 objects, ordered by path then start."""

from __future__ import annotations

import json
from collections.abc import Sequence

from . import FileResult, Options


def render(results: Sequence[FileResult], options: Options) -> str:
    issues = [issue.model_dump() for result in results for issue in result.issues]
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
