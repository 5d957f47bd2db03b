"""`--format sarif`: SARIF 2.1.0, as GitHub code scanning and other review tools read it."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from ..issue import Issue
from . import FileResult, Options

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"critical": "error", "major": "error", "minor": "warning", "info": "note"}


def _uri(path: str) -> str:
    return "stdin" if path == "-" else path.replace("\\", "/")


def _region(issue: Issue, start: int, end: int) -> dict[str, Any]:
    return {
        "startLine": issue.line,
        "startColumn": issue.column,
        "endLine": issue.end_line,
        "endColumn": issue.end_column,
        "charOffset": start,
        "charLength": end - start,
    }


def _result(issue: Issue, rule_index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": issue.rule,
        "ruleIndex": rule_index,
        "level": _LEVELS[issue.severity],
        "message": {"text": issue.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(issue.path)},
                    "region": {
                        **_region(issue, issue.start, issue.end),
                        "snippet": {"text": issue.text},
                    },
                }
            }
        ],
        "properties": {"severity": issue.severity, "category": issue.category},
    }
    if issue.fix:
        result["fixes"] = [
            {
                "description": {
                    "text": ("Safe fix: " if issue.fix.safe else "Unsafe fix: ")
                    + ", ".join(repr(e.replacement) for e in issue.fix.edits)
                },
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": _uri(issue.path)},
                        "replacements": [
                            {
                                "deletedRegion": {
                                    "charOffset": e.start,
                                    "charLength": e.end - e.start,
                                },
                                "insertedContent": {"text": e.replacement},
                            }
                            for e in issue.fix.edits
                        ],
                    }
                ],
            }
        ]
    return result


def render(results: Sequence[FileResult], options: Options) -> Iterator[str]:
    from .. import __version__

    # Rules first (one pass, nothing kept but the first issue of each rule), then the results
    # issue by issue, laid out as `json.dumps` of the whole log with indent=2 would.
    first: dict[str, Issue] = {}
    for result in results:
        for issue in result.issues:
            first.setdefault(issue.rule, issue)
    rule_ids = sorted(first)
    index = {rule: n for n, rule in enumerate(rule_ids)}
    rules = [
        {
            "id": rule,
            "name": rule.split("/", 1)[-1],
            "shortDescription": {"text": first[rule].message},
            "defaultConfiguration": {"level": _LEVELS[first[rule].severity]},
            "properties": {"category": first[rule].category, "tags": [first[rule].category]},
        }
        for rule in rule_ids
    ]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "mtpolish",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "artifacts": [{"location": {"uri": _uri(r.path)}} for r in results],
                "results": [_PLACE] if first else [],
            }
        ],
    }
    laid_out = json.dumps(log, ensure_ascii=False, indent=2) + "\n"
    if not first:
        yield laid_out
        return
    head, tail = laid_out.split(json.dumps(_PLACE))
    yield head
    separator = ""
    for result in results:
        for issue in result.issues:
            item = json.dumps(_result(issue, index[issue.rule]), ensure_ascii=False, indent=2)
            yield separator + item.replace("\n", "\n" + _RESULT_INDENT)
            separator = ",\n" + _RESULT_INDENT
    yield tail


# Where the results go in the laid-out log, and how deep they sit in it (log → runs → run →
# results: four levels of two spaces).
_PLACE = "\0results\0"
_RESULT_INDENT = " " * 8
